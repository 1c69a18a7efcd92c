"""Every list of names a command shows is its registry's: `--help`, the error for an
unknown name and the docs list exactly the registered names, in registry order.

One table of options, each read from its registry (never a copy): adding an
entry to a registry shows it everywhere, and a hand-written list left behind
fails here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import ROOT, Csj
from csjourney.diagnostics import Severity
from csjourney.diff.formats import DIFF_FORMATS
from csjourney.render.formats import DEFAULT_FORMATS, ENGINES, LAYOUT_FORMATS, RENDER_FORMATS
from csjourney.render.views import VIEWS
from csjourney.reporters import REPORTERS
from csjourney.scaffold.starter import TEMPLATES


class Listed(NamedTuple):
    command: str
    option: str
    names: list[str]  # the registry's, in its order
    shown: str  # how --help lists them: "choice" (`<a|b>`) or "comma" (`Comma-separated: a,b.`)


LISTS: dict[str, Listed] = {
    "validate --format": Listed("validate", "--format", list(REPORTERS), "choice"),
    "validate --fail-on": Listed(
        "validate", "--fail-on", [s.label for s in sorted(Severity, reverse=True)], "choice"
    ),
    "diff --format": Listed("diff", "--format", list(DIFF_FORMATS), "choice"),
    "render --format": Listed("render", "--format", list(RENDER_FORMATS), "comma"),
    "render --view": Listed("render", "--view", list(VIEWS), "comma"),
    "render --engine": Listed("render", "--engine", list(ENGINES), "choice"),
    "init --template": Listed("init", "--template", list(TEMPLATES), "choice"),
}


def _help_lists(help_text: str, listed: Listed) -> list[str]:
    flat = " ".join(help_text.split())  # the help wraps lines where it likes
    if listed.shown == "choice":
        found = re.search(rf"{listed.option} <([\w|-]+)>", flat)
    else:
        found = re.search(rf"{listed.option} [A-Z]+ Comma-separated: ([\w,-]+)\.", flat)
    assert found, help_text
    return found.group(1).replace("|", ",").split(",")


@pytest.mark.parametrize("listed", LISTS.values(), ids=list(LISTS))
def test_help_lists_exactly_the_registered_names(listed: Listed, csj: Csj) -> None:
    result = csj(listed.command, "--help")
    assert result.code == 0, result.err
    assert _help_lists(result.out, listed) == listed.names


@pytest.mark.parametrize("listed", LISTS.values(), ids=list(LISTS))
def test_an_unknown_name_is_refused_with_the_registered_names(
    listed: Listed, csj: Csj, tmp_path: Path
) -> None:
    operands = {"diff": ["old", "new"], "init": [str(tmp_path / "new")]}.get(listed.command, [])
    result = csj(listed.command, listed.option, "zzz", *operands, cwd=tmp_path)
    assert result.code == 2
    assert f"{listed.option}: unknown value `zzz`" in result.err
    assert f"(choose from: {', '.join(listed.names)})" in result.err
    assert not list(tmp_path.iterdir())  # refused before anything was read or written


def test_render_defaults_and_layout_formats_are_registered_formats() -> None:
    assert set(DEFAULT_FORMATS) <= set(RENDER_FORMATS)
    assert LAYOUT_FORMATS == ("svg", "png", "pdf")  # what a Graphviz engine is run for


RENDER_DOC = ROOT / "docs" / "render.md"
CLI_DOC = ROOT / "docs" / "cli.md"


def test_the_render_docs_list_every_format_view_and_engine() -> None:
    docs = RENDER_DOC.read_text(encoding="utf-8")
    assert f"[--format {','.join(RENDER_FORMATS)}]" in docs
    assert f"[--engine {'|'.join(ENGINES)}]" in docs
    assert f"Default: `--format {','.join(DEFAULT_FORMATS)} --view {','.join(VIEWS)}`" in docs
    table = docs.partition("| `--format` | writes")[2].partition("\n\n")[0]
    assert re.findall(r"^\| `([\w-]+)` \|", table, re.M) == list(RENDER_FORMATS)
    engines = docs.partition("## Graphviz engines")[2].partition("\n\n`")[0]
    assert sorted(re.findall(r"^- `([\w-]+)`", engines, re.M)) == sorted(ENGINES)


def test_the_cli_docs_list_every_reporter_where_they_list_reporters() -> None:
    docs = " ".join(CLI_DOC.read_text(encoding="utf-8").split())
    assert f"(choose from: {', '.join(REPORTERS)})" in docs  # the unknown-format example
    others = [f"`{name}`" for name in REPORTERS if name != "text"]
    # --statistics and --show-source refuse every format but text.
    assert f"`--format {others[0][1:]}, {', '.join(others[1:-1])} or {others[-1]}" in docs


def test_readme_lists_every_report_format() -> None:
    """The README's tour names the other formats of `validate --format`: all of them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"Other formats: `--format ([\w|]+)`", readme)
    assert found, "README.md no longer lists the other report formats"
    assert found.group(1).split("|") == [name for name in REPORTERS if name != "text"]

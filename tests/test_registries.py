"""Each registry (reporters, diff formats, render views, CLI commands) is the one
list of its kind: every entry loads as what its type says, and every place that
shows the list (help, docs, the HTML report) shows each entry, in registry order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, ROOT, CliResult
from csjourney.cli import _COMMANDS, app
from csjourney.diff.formats import DIFF_FORMATS
from csjourney.render.views import VIEWS, View
from csjourney.reporters import REPORTERS, Reporter

Csj = Callable[..., CliResult]


@pytest.mark.parametrize("name", REPORTERS)
def test_each_reporter_is_a_reporter_class(name: str) -> None:
    reporter_class = REPORTERS[name].load()
    assert isinstance(reporter_class, type)
    assert isinstance(reporter_class(), Reporter)


@pytest.mark.parametrize("name", DIFF_FORMATS)
def test_each_diff_format_is_a_function(name: str) -> None:
    assert callable(DIFF_FORMATS[name].load())


def test_each_command_is_registered_under_its_name() -> None:
    registered = {command.name: command.callback for command in app.registered_commands}
    for name, command in _COMMANDS.items():
        assert registered[name] is command.load()


def _choices(help_text: str, option: str) -> list[str]:
    """The `<a|b|c>` choices `--help` shows for `option`."""
    found = re.search(rf"{option} <([\w|-]+)>", help_text)
    assert found, help_text
    return found.group(1).split("|")


def test_validate_help_offers_every_reporter_in_order(csj: Csj) -> None:
    result = csj("validate", "--help")
    assert result.code == 0
    assert _choices(result.out, "--format") == list(REPORTERS)


def test_diff_help_offers_every_diff_format_in_order(csj: Csj) -> None:
    result = csj("diff", "--help")
    assert result.code == 0
    assert _choices(result.out, "--format") == list(DIFF_FORMATS)


def test_top_level_help_lists_every_command(csj: Csj) -> None:
    result = csj("--help")
    listed = set(re.findall(r"^\s{2}(\w+)\s", result.out.partition("Commands")[2], re.M))
    assert set(_COMMANDS) <= listed


def test_the_cli_docs_describe_every_reporter() -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"--format <{'|'.join(REPORTERS)}>" in docs
    for name in REPORTERS:
        assert f"| `{name}` |" in docs


@pytest.mark.parametrize("name", REPORTERS)
def test_each_reporter_writes_a_report_of_an_example(csj: Csj, name: str) -> None:
    result = csj("validate", EXAMPLES / "minimal", "--format", name, "--today", "2026-06-01")
    assert result.code == 0, result.err
    assert "trial-conversion" in result.out  # the example's off-target metric, in every format


@pytest.mark.parametrize("name", DIFF_FORMATS)
def test_each_diff_format_reports_a_change(csj: Csj, name: str, tmp_path: Path) -> None:
    old = EXAMPLES / "minimal" / "journey.yaml"
    new = tmp_path / "journey.yaml"
    new.write_text(old.read_text(encoding="utf-8").replace("current: 15", "current: 19"))
    result = csj("diff", old, new, "--format", name, "--today", "2026-06-01")
    assert result.code == 0, result.err
    assert "trial-conversion" in result.out and "19" in result.out


def test_render_help_and_docs_offer_every_view_in_order(csj: Csj) -> None:
    names = ",".join(VIEWS)
    assert f"Comma-separated: {names}." in csj("render", "--help").out
    assert f"[--view {names}]" in (ROOT / "docs" / "render.md").read_text(encoding="utf-8")
    for name in VIEWS:
        assert f"`DIR/J.{name}.svg`" in (ROOT / "docs" / "render.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", VIEWS)
def test_each_view_builds_dot(name: str) -> None:
    from csjourney.core import run

    ((_, journey),) = run([FULL_EXAMPLE]).workspace.journeys()
    assert VIEWS[name].build.load()(journey, {}, {}).startswith("digraph")


def _pages_show_every_view(out: Path) -> None:
    """Each journey's page embeds and links each view; its Markdown links each picture."""
    pages = sorted(p for p in out.glob("*.html") if p.name != "index.html")
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        base = page.name.removesuffix(".html")
        markdown = (out / f"{base}.md").read_text(encoding="utf-8")
        for name, view in VIEWS.items():
            assert f'<h2 id="h-{name}">{view.title}</h2>' in html, (page, name)
            assert f'<svg role="img" aria-label="{view.title} of ' in html, (page, name)
            assert f'id="{name}-' in html, (page, name)  # the diagram's own ids, prefixed
            assert view.caption in html, (page, name)  # as written: not `customer&#39;s`
            link = f'<a href="{base}.{name}.svg">Open the {view.title.lower()} on its own</a>'
            assert link in html, (page, name)
            assert f"]({base}.{name}.svg)" in markdown, (page, name)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_every_view_reaches_the_reports_of_each_example(
    csj: Csj, example: str, tmp_path: Path
) -> None:
    result = csj("render", EXAMPLES / example, "--out", tmp_path, "-f", "svg,md,html")
    assert result.code == 0, result.err
    _pages_show_every_view(tmp_path)


def test_a_view_added_to_the_registry_alone_reaches_the_reports_and_view_option(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trial = View("Trial view", "A view made only of its registry entry.", VIEWS["flow"].build)
    monkeypatch.setitem(VIEWS, "trial", trial)
    result = csj("render", EXAMPLES / "minimal", "--out", tmp_path, "-f", "svg,md,html")
    assert result.code == 0, result.err
    assert (tmp_path / "trial-to-paid.trial.svg").is_file()
    _pages_show_every_view(tmp_path)
    chosen = csj("render", EXAMPLES / "minimal", "--out", tmp_path / "one", "--view", "trial")
    assert chosen.code == 0, chosen.err
    assert sorted(p.name for p in (tmp_path / "one").glob("*.svg")) == ["trial-to-paid.trial.svg"]


def test_an_unknown_view_is_refused_with_the_registered_names(csj: Csj, tmp_path: Path) -> None:
    result = csj("render", EXAMPLES / "minimal", "--out", tmp_path, "--view", "maps")
    assert result.code == 2
    assert "did you mean `map`?" in result.err
    assert f"(choose from: {', '.join(VIEWS)})" in result.err

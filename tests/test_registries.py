"""Each registry (reporters, diff formats, render views, CLI commands) is the one
list of its kind: every entry loads as what its type says, and every place that
shows the list (help, docs, the HTML report) shows each entry, in registry order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, CliResult
from csjourney.cli import _COMMANDS, app
from csjourney.diff.formats import DIFF_FORMATS
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

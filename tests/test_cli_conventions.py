"""CLI conventions users bring from ruff and yamllint: what they type, what they see."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import CliResult

Csj = Callable[..., CliResult]

COMMANDS = ["validate", "rules", "rule", "schema", "diff", "fmt", "init", "render"]
# Commands whose help shows only readable placeholders (no `<list[Path]>`, `<str>`).
READABLE = ["validate", "rule", "schema", "fmt", "render"]


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_short_and_long_help_on_every_command(csj: Csj, command: str | None, flag: str) -> None:
    result = csj(*([command] if command else []), flag)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Usage: csjourney {command or ''}".rstrip())
    assert "-h, --help" in result.out


@pytest.mark.parametrize("command", READABLE)
def test_help_shows_placeholders_not_python_types(csj: Csj, command: str) -> None:
    out = csj(command, "-h").out
    for python_type in ("<list[", "<Path>", "<str>", "<file>"):
        assert python_type not in out


def test_validate_help_names_its_placeholders(csj: Csj) -> None:
    out = csj("validate", "-h").out
    assert "Usage: csjourney validate [OPTIONS] [PATH]..." in out
    for shown in ("--select RULE", "--ignore RULE", "-o, --output FILE", "--config FILE"):
        assert shown in out

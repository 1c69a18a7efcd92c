"""CLI conventions users bring from ruff and yamllint: what they type, what they see."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, CliResult

Csj = Callable[..., CliResult]
SAAS = EXAMPLES / "b2b-saas"  # valid, with info findings (CSJ211)

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


# (--color value or None, environment, whether the report is coloured) with stdout not a tty.
COLOR_CASES = [
    (None, {}, False),
    ("auto", {}, False),
    ("auto", {"FORCE_COLOR": "1"}, True),
    ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ("always", {}, True),
    ("always", {"NO_COLOR": "1"}, True),
    ("never", {"FORCE_COLOR": "1"}, False),
]


@pytest.mark.parametrize(("choice", "env", "colored"), COLOR_CASES)
def test_color_choice(
    csj: Csj,
    monkeypatch: pytest.MonkeyPatch,
    choice: str | None,
    env: dict[str, str],
    colored: bool,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = csj("validate", *(["--color", choice] if choice else []), SAAS)
    assert result.code == 0
    assert "CSJ211" in result.out
    assert ("\x1b[" in result.out) is colored


def test_color_is_never_written_to_an_output_file(csj: Csj, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    assert csj("validate", "--color", "always", "-o", report, SAAS).code == 0
    assert "CSJ211" in report.read_text() and "\x1b" not in report.read_text()


@pytest.mark.parametrize(("choice", "colored"), [("auto", True), ("never", False)])
def test_color_auto_on_a_terminal(choice: str, colored: bool) -> None:
    """On a real terminal `auto` colours, `never` does not."""
    parent, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.pop("GITHUB_ACTIONS", None)
    command = [sys.executable, "-m", "csjourney", "validate", "--color", choice, str(SAAS)]
    with subprocess.Popen(command, stdout=child, stderr=subprocess.PIPE, env=env) as process:
        os.close(child)
        out = _read_all(parent)
        assert process.wait(timeout=60) == 0
    assert "CSJ211" in out
    assert ("\x1b[" in out) is colored


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()

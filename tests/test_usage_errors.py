"""Command-line mistakes: one style, `csjourney: error: <what>`, a did-you-mean, a help hint.

Whichever layer catches the mistake (click's parser, Typer's value checks, or a
command itself), the user reads the same shape of message, and exit code 2.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conftest import CliResult
from csjourney.reporters import REPORTERS

Csj = Callable[..., CliResult]
FORMATS = ", ".join(REPORTERS)  # the reporters there are, as --format lists them
COMMANDS = "diff, fmt, init, lsp, measure, render, rule, rules, schema, serve, validate"

# (what the user typed, the error line they read, the help command they are pointed at).
MISTAKES = [
    (
        ["validate", "--formt", "json"],
        "unknown option `--formt`; did you mean `--format`?",
        "csjourney validate",
    ),
    (
        ["validate", "--format", "sarfi"],
        f"--format: unknown value `sarfi`; did you mean `sarif`? (choose from: {FORMATS})",
        "csjourney validate",
    ),
    (
        ["validate", "-f", "SARIF"],
        f"--format: unknown value `SARIF`; did you mean `sarif`? (choose from: {FORMATS})",
        "csjourney validate",
    ),
    (
        ["valdate"],
        f"unknown command `valdate`; did you mean `validate`? (commands: {COMMANDS})",
        "csjourney",
    ),
    (
        ["check", "."],  # ruff's word: no command is close, so all are listed
        f"unknown command `check` (commands: {COMMANDS})",
        "csjourney",
    ),
    (
        ["validate", "--fail-on", "errors"],
        "--fail-on: unknown value `errors`; did you mean `error`? "
        "(choose from: error, warning, info)",
        "csjourney validate",
    ),
    (
        ["validate", "--color", "blue"],
        "--color: unknown value `blue` (choose from: auto, always, never)",
        "csjourney validate",
    ),
    (
        ["init", "--template", "sass"],
        "--template: unknown value `sass`; did you mean `saas`? "
        "(choose from: saas, subscription, minimal)",
        "csjourney init",
    ),
    (["validate", "--format"], "--format needs a value", "csjourney validate"),
    (["diff", "-o"], "-o needs a value", "csjourney diff"),
    (
        ["validate", "--no-lint=yes"],
        "--no-lint does not take a value",
        "csjourney validate",
    ),
    (
        ["rule"],
        "missing RULE: a code (CSJ201, CSJ101) or name (stage-missing-touchpoint, unknown-key)",
        "csjourney rule",
    ),
    (
        ["schema", "extra"],
        "unexpected argument `extra`: this command takes no more",
        "csjourney schema",
    ),
    (["fmt", "--chek"], "unknown option `--chek`; did you mean `--check`?", "csjourney fmt"),
    (["validate", "-x"], "unknown option `-x`", "csjourney validate"),
    (
        ["render", "--output", "site"],
        "unknown option `--output`; did you mean `--out`?",
        "csjourney render",
    ),
    # Raised by the commands themselves: the same shape.
    (
        ["render", "--format", "svgg"],
        "--format: unknown value `svgg`; did you mean `svg`? "
        "(choose from: svg, png, pdf, dot, md, html, mermaid, page-pdf)",
        "csjourney render",
    ),
    (
        ["validate", "--select", "stage-mising-touchpoint"],
        "--select: unknown rule `stage-mising-touchpoint`; "
        "did you mean `stage-missing-touchpoint`?",
        "csjourney validate",
    ),
    (
        ["validate", "--today", "tomorrow"],
        "--today expects a date as YYYY-MM-DD, not 'tomorrow'",
        "csjourney validate",
    ),
]


@pytest.mark.parametrize(
    ("argv", "message", "command"), MISTAKES, ids=[" ".join(m[0]) for m in MISTAKES]
)
def test_a_mistake_reads_as_one_error_line_and_a_help_hint(
    csj: Csj, argv: list[str], message: str, command: str
) -> None:
    result = csj(*argv)
    assert result.code == 2
    assert result.err == f"csjourney: error: {message}\nRun '{command} -h' for help.\n"
    assert result.out == ""


@pytest.mark.parametrize("argv", [m[0] for m in MISTAKES], ids=[" ".join(m[0]) for m in MISTAKES])
def test_no_mistake_shows_clicks_wording(csj: Csj, argv: list[str]) -> None:
    err = csj(*argv).err
    for click_words in ("Usage:", "Error:", "Invalid value", "Value error", "Try '", "Possible"):
        assert click_words not in err


def test_help_and_version_still_exit_0(csj: Csj) -> None:
    assert csj("--version").code == 0
    assert csj("validate", "-h").code == 0

"""CLI conventions users bring from ruff and yamllint: what they type, what they see."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, CliResult

Csj = Callable[..., CliResult]
SAAS = EXAMPLES / "b2b-saas"  # valid, with info findings (CSJ211)


def _commands() -> list[str]:
    """Every command the CLI has, read from it: a new command is covered without a list."""
    from typer.main import get_command

    from csjourney.cli import app

    return sorted(getattr(get_command(app), "commands", {}))


COMMANDS = _commands()


def test_the_command_list_is_read_from_the_cli() -> None:
    assert {"validate", "rules", "rule", "schema", "diff", "fmt", "init", "render"} <= set(COMMANDS)


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_short_and_long_help_on_every_command(csj: Csj, command: str | None, flag: str) -> None:
    result = csj(*([command] if command else []), flag)
    assert result.code == 0, result.err
    assert result.out.startswith(f"Usage: csjourney {command or ''}".rstrip())
    assert "-h, --help" in result.out


# A Python type in angle brackets (`<Path>`, `<list[Path]>`, `<str>`, `<dir>`), or
# a lowercase argument name on the usage line; `<a|b|c>` lists choices and may stay.
PYTHON_TYPE = re.compile(r"<[^|>]*>|list\[")
LOWERCASE_ARGUMENT = re.compile(r"\[[a-z_]+\]|\{[A-Za-z_]+\}")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_placeholders_not_python_types(csj: Csj, command: str) -> None:
    out = csj(command, "-h").out
    usage = out.splitlines()[0]
    assert not LOWERCASE_ARGUMENT.findall(usage), usage
    assert not PYTHON_TYPE.findall(out), out
    for python_type in ("<Path>", "<str>", "<int>", "<bool>", "<file>", "<dir>", "<path>"):
        assert python_type not in out


# (command, what its help shows for a value that had a Python type or no placeholder).
PLACEHOLDERS = [
    ("diff", "Usage: csjourney diff [OPTIONS] [PATH]..."),
    ("diff", "-o, --output FILE"),
    ("init", "Usage: csjourney init [OPTIONS] [DIR]"),
    ("rule", "Usage: csjourney rule [OPTIONS] RULE"),
    ("schema", "-o, --output FILE"),
    ("render", "-o, --out DIR"),
]


@pytest.mark.parametrize(("command", "shown"), PLACEHOLDERS)
def test_help_names_each_placeholder(csj: Csj, command: str, shown: str) -> None:
    assert shown in csj(command, "-h").out


def test_render_help_says_out_is_a_folder_not_a_report(csj: Csj) -> None:
    out = " ".join(csj("render", "-h").out.split())
    assert "It is --out, not --output: render writes a folder of files, not one report." in out


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


# --show-source: (map text, the finding's code, the two excerpt lines a user sees).
SOURCE_CASES = {
    "tab indentation (file that does not load)": (
        "csjourney: 1\njourney:\n  id: x\n\tstages: []\n",
        "CSJ001",
        [" 4 | \tstages: []", "   | ^"],
    ),
    "span underlined": (
        "csjourney: 1\njourney: {name: x, name: y}\n",
        "CSJ002",
        [" 2 | journey: {name: x, name: y}", "   |                    ^^^^"],
    ),
    "wide characters before the column": (
        "csjourney: 1\njourney:\n  id: x\n  name: 日本語: x\n",
        "CSJ001",
        [" 4 |   name: 日本語: x", "   |               ^"],
    ),
    "bidi control escaped, caret still aligned": (
        'csjourney: 1\njourney: {note: "\u202e", name: x, name: y}\n',
        "CSJ002",
        [
            ' 2 | journey: {note: "\\u202e", name: x, name: y}',
            "   |                                    ^^^^",
        ],
    ),
    "terminal escape shown, not sent": (
        "csjourney: 1\n# \x1b[2J\n",
        "CSJ001",
        [" 2 | # \\x1b[2J", "   |   ^^^^"],
    ),
    "long line cut around the column": (
        "csjourney: 1\njourney: {name: " + "a" * 300 + ", name: b, " + "c" * 300 + ": 1}\n",
        "CSJ002",
        [" 2 | …" + "a" * 58 + ", name: b, " + "c" * 91 + "…", "   | " + " " * 61 + "^^^^"],
    ),
}


@pytest.mark.parametrize("case", SOURCE_CASES)
def test_show_source(csj: Csj, tmp_path: Path, case: str) -> None:
    text, code, expected = SOURCE_CASES[case]
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    result = csj("validate", "--show-source", "map.yaml", cwd=tmp_path)
    assert result.code == 1
    lines = result.out.splitlines()
    at = next(i for i, line in enumerate(lines) if f" {code} " in line)
    assert lines[at + 1 : at + 3] == expected


def test_show_source_reads_standard_input_once(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(DUPLICATE.encode())))
    result = csj("validate", "--show-source", "--stdin-filename", "in.yaml", "-", cwd=tmp_path)
    assert result.code == 1
    assert " 2 | journey: {name: x, name: y}" in result.out


def test_without_show_source_no_excerpt(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text(DUPLICATE)
    assert " | " not in csj("validate", "map.yaml", cwd=tmp_path).out


DUPLICATE = "csjourney: 1\njourney: {name: x, name: y}\n"


MULTI = "csjourney: 1\njourney: {id: x, name: a, name: b}\n"
MULTI_FINDINGS = (
    "map.yaml:2:10: error CSJ102 the journey is missing required key `segments`\n"
    "map.yaml:2:10: error CSJ102 the journey is missing required key `stages`\n"
    "map.yaml:2:10: error CSJ102 the journey is missing required key `title`\n"
    "map.yaml:2:27: error CSJ002 duplicate key `name` (first at line 2)\n"
)
MULTI_SUMMARY = "Found 4 errors, 0 warnings, 0 infos in 1 file.\n"
MULTI_STATISTICS = "3  CSJ102  missing-key\n1  CSJ002  duplicate-key\n"

# (options, map text or None for an empty folder, exit code, standard output, standard error)
QUIET_CASES = {
    "findings and summary": ([], MULTI, 1, MULTI_FINDINGS + MULTI_SUMMARY, ""),
    "quiet: findings only": (["-q"], MULTI, 1, MULTI_FINDINGS, ""),
    "quiet, long form": (["--quiet"], MULTI, 1, MULTI_FINDINGS, ""),
    "quiet success prints nothing": (["-q"], "csjourney: 1\n", 0, "", ""),
    "success says so": (["--no-lint"], None, 0, "All checks passed (0 files).\n", None),
    "quiet empty scan: no warning": (["-q"], None, 0, "", ""),
    "statistics": (["--statistics"], MULTI, 1, MULTI_STATISTICS + MULTI_SUMMARY, ""),
    "statistics, quiet": (["--statistics", "-q"], MULTI, 1, MULTI_STATISTICS, ""),
    "statistics of nothing": (["--statistics", "-q"], None, 0, "", ""),
    "quiet json keeps the report": (["-q", "-f", "json"], MULTI, 1, None, ""),
}


@pytest.mark.parametrize("case", QUIET_CASES)
def test_quiet_and_statistics(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    options, text, code, out, err = QUIET_CASES[case]
    if text is not None:
        (tmp_path / "map.yaml").write_text(text)
    result = csj("validate", *options, ".", cwd=tmp_path)
    assert result.code == code, result.err
    if out is not None:
        assert result.out == out
    if err is not None:
        assert result.err == err
    if "json" in options:
        assert '"CSJ102"' in result.out


def test_quiet_success_on_a_valid_map_prints_nothing(csj: Csj) -> None:
    result = csj("validate", "-q", "--no-lint", SAAS)
    assert (result.code, result.out, result.err) == (0, "", "")


@pytest.mark.parametrize("flag", ["--statistics", "--show-source"])
@pytest.mark.parametrize("output_format", ["json", "sarif", "github", "junit"])
def test_text_only_flags_refuse_other_formats(csj: Csj, flag: str, output_format: str) -> None:
    result = csj("validate", flag, "-f", output_format, SAAS)
    assert result.code == 2
    assert f"{flag} prints text; it cannot be used with --format {output_format}" in result.err


def test_statistics_inside_github_actions_prints_text(
    csj: Csj, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = csj("validate", "--statistics", "-q", SAAS)
    assert result.code == 0
    assert re.fullmatch(r"\d+  CSJ211  metric-off-target\n", result.out)


BROKEN = "csjourney: 1\njourney: {id: x}\n"  # a finding in every file, so each one shows
# (.gitignore files {path: text}, map files, tracked maps, arguments, working folder,
#  the files reported). Every case runs in a fresh git work tree unless it says no git.
GitCase = tuple[dict[str, str], list[str], list[str], list[str], str, set[str]]
GITIGNORE_CASES: dict[str, GitCase] = {
    "ignored pattern": (
        {".gitignore": "*.draft.yaml\n"},
        ["a.yaml", "sub/b.draft.yaml"],
        [],
        ["."],
        ".",
        {"a.yaml"},
    ),
    "ignored folder": ({".gitignore": "out/\n"}, ["a.yaml", "out/c.yaml"], [], [], ".", {"a.yaml"}),
    "named file always checked": (
        {".gitignore": "*.draft.yaml\n"},
        ["a.yaml", "sub/b.draft.yaml"],
        [],
        [".", "sub/b.draft.yaml"],
        ".",
        {"a.yaml", "sub/b.draft.yaml"},
    ),
    "named ignored folder is scanned": (
        {".gitignore": "out/\n"},
        ["a.yaml", "out/c.yaml"],
        [],
        ["out"],
        ".",
        {"out/c.yaml"},
    ),
    "negated pattern": (
        {".gitignore": "*.yaml\n!keep.yaml\n"},
        ["a.yaml", "keep.yaml"],
        [],
        ["."],
        ".",
        {"keep.yaml"},
    ),
    "tracked file is checked": (
        {".gitignore": "*.draft.yaml\n"},
        ["a.draft.yaml", "b.draft.yaml"],
        ["a.draft.yaml"],
        ["."],
        ".",
        {"a.draft.yaml"},
    ),
    "nested .gitignore": (
        {"sub/.gitignore": "local.yaml\n"},
        ["local.yaml", "sub/local.yaml"],
        [],
        ["."],
        ".",
        {"local.yaml"},
    ),
    "run from a subfolder": (
        {".gitignore": "*.draft.yaml\n"},
        ["sub/a.yaml", "sub/b.draft.yaml"],
        [],
        ["."],
        "sub",
        {"a.yaml"},
    ),
    "workspace root scan": (
        {".gitignore": "drafts/\n", "csjourney.toml": ""},
        ["a.yaml", "drafts/b.yaml"],
        [],
        ["."],
        ".",
        {"a.yaml"},
    ),
    "no git: nothing ignored": (
        {".gitignore": "*.draft.yaml\n"},
        ["a.yaml", "b.draft.yaml"],
        ["<no git>"],
        ["."],
        ".",
        {"a.yaml", "b.draft.yaml"},
    ),
}


@pytest.mark.parametrize("case", GITIGNORE_CASES)
def test_gitignore_in_folder_scans(csj: Csj, tmp_path: Path, case: str) -> None:
    ignores, maps, tracked, arguments, where, expected = GITIGNORE_CASES[case]
    if tracked != ["<no git>"]:
        _git(tmp_path, "init", "-q")
    for name, text in ignores.items():
        _write(tmp_path / name, text)
    for name in maps:
        _write(tmp_path / name, BROKEN)
    if tracked and tracked != ["<no git>"]:
        _git(tmp_path, "add", "-f", *tracked)
    result = csj("validate", "-q", *arguments, cwd=tmp_path / where)
    assert result.code == 1, result.err
    assert _reported(result.out) == expected


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [
        ('["drafts"]', {"a.yaml"}),  # a folder name, at any depth
        ('["drafts/"]', {"a.yaml"}),
        ('["/drafts"]', {"a.yaml", "sub/drafts/c.yaml"}),  # anchored at the root
        ('["drafts/*"]', {"a.yaml", "sub/drafts/c.yaml"}),
        ('["*/drafts/*"]', {"a.yaml", "drafts/b.yaml"}),
        ('["**/drafts/**"]', {"a.yaml"}),
        ('["drafts/b.yaml"]', {"a.yaml", "sub/drafts/c.yaml"}),
        ('["c.yaml"]', {"a.yaml", "drafts/b.yaml"}),
    ],
)
def test_exclude_matches_paths_from_the_root(
    csj: Csj, tmp_path: Path, exclude: str, expected: set[str]
) -> None:
    """As docs/cli.md says: a bare name matches at any depth, a `/` anchors at the root."""
    _write(tmp_path / "csjourney.toml", f"exclude = {exclude}\n")
    for name in ("a.yaml", "drafts/b.yaml", "sub/drafts/c.yaml"):
        _write(tmp_path / name, BROKEN)
    result = csj("validate", "-q", ".", cwd=tmp_path)
    assert _reported(result.out) == expected


def _reported(out: str) -> set[str]:
    """The files named by finding lines (not by hints)."""
    return {line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.parametrize(("in_git", "most"), [(False, 0), (True, 2)])
def test_gitignore_costs_one_git_process_per_scan(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_git: bool, most: int
) -> None:
    """Not one per file; none at all outside a git work tree."""
    if in_git:
        _git(tmp_path, "init", "-q")
    for number in range(30):
        _write(tmp_path / f"maps/j{number}.yaml", BROKEN)
    calls: list[object] = []
    real_run = subprocess.run

    def counting_run(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting_run)
    _write(tmp_path / "csjourney.toml", "")  # a workspace: its root is scanned as well
    result = csj("validate", "-q", "maps", cwd=tmp_path)
    assert result.code == 1 and len(_reported(result.out)) == 30
    assert len(calls) <= most, calls

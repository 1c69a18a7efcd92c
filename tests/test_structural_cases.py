"""Data-driven structural tests (sqlfluff-style): one case per file under cases/structural/.

A case is `<name>.yaml`, or a directory `<name>/` holding a small workspace.
Each YAML file of a case declares what `csjourney validate` must report about
it in its leading comment lines, one line per diagnostic:

    # expect: CSJ101 17:7
    # expect: CSJ121 21:19 hint: did you mean `smb`?

The case is copied to a fresh directory (so no csjourney.toml or pyproject
above the repository can join it to a workspace) and validated with
`--format json --no-lint`: a file case is named on the command line, a
directory case is scanned as the current directory. The reported set of
(file, code, line, column) must equal the declared one exactly, the exit code
is 1 when an error is expected and 0 when not (CSJ013 is a warning), and a
declared hint must be the diagnostic's hint word for word.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney.diagnostics import STRUCTURAL_CODES, Severity

CASES_DIR = Path(__file__).parent / "cases" / "structural"
_EXPECT = re.compile(
    r"^#\s*expect:\s*(?P<code>CSJ\d{3})\s+(?P<line>\d+):(?P<column>\d+)(?:\s+hint:\s*(?P<hint>.+))?$"
)
# Codes no committed fixture can produce; each has a test of its own here
# (tests/test_reading.py holds more: FIFOs, sockets, races).
GENERATED_CASES = {"CSJ012": "test_unreadable_file_is_reported_with_the_others"}
_SEVERITY = {info.code: info.severity for info in STRUCTURAL_CODES.values()}
# Codes no input can produce, and why.
UNREACHABLE = {
    "CSJ111": "the fallback for a model error with no more specific code; format 1 has none",
}

Key = tuple[str, str, int, int]  # (file, code, line, column)


@dataclass(frozen=True)
class Expectation:
    key: Key
    hint: str | None


def _header_lines(path: Path) -> list[str]:
    """The leading comment block; bytes are read leniently so encoding cases can declare too."""
    lines = []
    for line in path.read_bytes().decode("utf-8-sig", "replace").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.strip())
    return lines


def expectations(case: Path) -> list[Expectation]:
    files = sorted(case.rglob("*.y*ml")) if case.is_dir() else [case]
    found = []
    for file in files:
        shown = file.relative_to(case).as_posix() if case.is_dir() else file.name
        for line in _header_lines(file):
            match = _EXPECT.match(line)
            if line.startswith("# expect") and match is None:
                pytest.fail(f"{file}: malformed expectation {line!r}")
            if match:
                key = (shown, match["code"], int(match["line"]), int(match["column"]))
                found.append(Expectation(key, match["hint"]))
    return found


def _cases() -> list[Path]:
    return sorted(p for p in CASES_DIR.iterdir() if p.is_dir() or p.suffix in (".yaml", ".yml"))


def _run_case(case: Path, workdir: Path, csj: Callable[..., CliResult]) -> CliResult:
    if case.is_dir():
        shutil.copytree(case, workdir, symlinks=True, dirs_exist_ok=True)
        return csj("validate", "--format", "json", "--no-lint", cwd=workdir)
    shutil.copy(case, workdir / case.name)
    return csj("validate", "--format", "json", "--no-lint", case.name, cwd=workdir)


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_structural_case(case: Path, tmp_path: Path, csj: Callable[..., CliResult]) -> None:
    expected = expectations(case)
    result = _run_case(case, tmp_path, csj)

    assert "Traceback" not in result.err
    diagnostics = json.loads(result.out)["diagnostics"]
    got = [(d["path"], d["code"], d["line"], d["column"]) for d in diagnostics]
    described = "\n".join(
        f"  # expect: {d['code']} {d['line']}:{d['column']}  {d['path']}: {d['message']}"
        for d in diagnostics
    )
    # Compared as lists: one mistake reported twice fails as surely as one not reported.
    assert sorted(got) == sorted(e.key for e in expected), f"reported:\n{described}"
    errors = [e for e in expected if _SEVERITY[e.key[1]] is Severity.ERROR]
    assert result.code == (1 if errors else 0), result.err
    hints = {(d["path"], d["code"], d["line"], d["column"]): d["hint"] for d in diagnostics}
    for expectation in expected:
        if expectation.hint is not None:
            assert hints[expectation.key] == expectation.hint


def test_every_structural_code_has_a_case() -> None:
    covered = {e.key[1] for case in _cases() for e in expectations(case)}
    assert all(callable(globals().get(test)) for test in GENERATED_CASES.values())
    covered |= GENERATED_CASES.keys() | UNREACHABLE.keys()
    missing = sorted(info.code for info in STRUCTURAL_CODES.values() if info.code not in covered)
    assert not missing, f"no case in {CASES_DIR} expects {', '.join(missing)}"


def test_every_case_file_is_a_yaml_file_or_a_workspace_directory() -> None:
    # A stray `.yml.txt` or README would silently never run.
    strays = [p.name for p in CASES_DIR.iterdir() if p not in _cases()]
    assert not strays


def test_unreadable_file_is_reported_with_the_others(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    """A file that cannot be read (here: a dangling symlink found by a scan) is CSJ012."""
    (tmp_path / "journey.yaml").write_text("csjourney: 1\nsegmentz: []\n", encoding="utf-8")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "deleted.yaml")

    result = csj("validate", "--format", "json", "--no-lint", cwd=tmp_path)

    assert result.code == 1
    got = {(d["path"], d["code"], d["line"]) for d in json.loads(result.out)["diagnostics"]}
    assert got == {("gone.yaml", "CSJ012", 1), ("journey.yaml", "CSJ101", 2)}
    message = json.loads(result.out)["diagnostics"][0]["message"]
    assert "cannot read the file" in message

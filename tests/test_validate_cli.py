"""`csjourney validate` as a user meets it: arguments, exit codes, output formats."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, ROOT, CliResult
from csjourney import __version__

Csj = Callable[..., CliResult]

# Three independent mistakes, one per layer: a duplicate key (YAML), a wrong
# type (model) and a dangling reference (references).
BROKEN = """\
csjourney: 1
segments:
  - id: smb
    name: Small businesses
    name: Small business
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  review_every_days: soon
  stages:
    - id: onboarding
      name: Onboarding
      touchpoints:
        - {id: welcome-email, name: Welcome email, channel: emial}
"""
BROKEN_FINDINGS = [("CSJ002", 5, 5), ("CSJ103", 10, 22), ("CSJ123", 15, 61)]
VALID = """\
csjourney: 1
segments:
  - {id: smb, name: Small businesses}
"""
DIAGNOSTIC_KEYS = {
    "path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message",
    "hint",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _plain_text_output(monkeypatch: pytest.MonkeyPatch) -> None:
    # Inside GitHub Actions the default format is `github`; these tests describe the text one.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _findings(result: CliResult) -> list[tuple[str, int, int]]:
    return [(d["code"], d["line"], d["column"]) for d in json.loads(result.out)["diagnostics"]]


def test_the_full_example_is_valid(csj: Csj) -> None:
    result = csj("validate", FULL_EXAMPLE, cwd=ROOT)
    assert result.code == 0, result.out + result.err
    strict = csj("validate", "--no-lint", FULL_EXAMPLE, cwd=ROOT)
    assert strict.out == "All checks passed (1 file).\n"


def test_the_examples_are_valid(csj: Csj) -> None:
    result = csj("validate", "--no-lint", "examples", cwd=ROOT)
    assert result.code == 0, result.out
    files = len(list(EXAMPLES.rglob("*.yaml")))
    assert result.out == f"All checks passed ({files} files).\n"


def test_every_independent_error_in_a_file_is_reported_in_one_run(tmp_path: Path, csj: Csj) -> None:
    _write(tmp_path / "map.yaml", BROKEN)
    result = csj("validate", "--no-lint", "--format", "json", "map.yaml", cwd=tmp_path)
    assert result.code == 1
    assert _findings(result) == BROKEN_FINDINGS


def test_errors_in_one_file_never_hide_errors_in_another(tmp_path: Path, csj: Csj) -> None:
    _write(tmp_path / "a-unparsable.yaml", "csjourney: 1\nsegments: [unclosed\n")
    _write(tmp_path / "b-broken.yaml", BROKEN)
    _write(tmp_path / "c-binary.yaml", "csjourney: 1\n\x00\x01")
    result = csj(
        "validate", "--no-lint", "--format", "json", "a-unparsable.yaml", "b-broken.yaml",
        "c-binary.yaml", cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 1
    found = [(d["path"], d["code"]) for d in json.loads(result.out)["diagnostics"]]
    assert found == [
        ("a-unparsable.yaml", "CSJ001"),
        *(("b-broken.yaml", code) for code, _, _ in BROKEN_FINDINGS),
        ("c-binary.yaml", "CSJ006"),
    ]


def test_default_path_is_the_current_directory(tmp_path: Path, csj: Csj) -> None:
    _write(tmp_path / "maps" / "smb.yaml", BROKEN)
    _write(tmp_path / "library.yaml", VALID.replace("smb", "enterprise"))
    result = csj("validate", "--no-lint", cwd=tmp_path)
    assert result.code == 1
    assert result.out.startswith("maps/smb.yaml:5:5: error CSJ002 ")
    assert result.out.endswith("in 2 files.\n")


def test_a_missing_path_is_a_usage_error(tmp_path: Path, csj: Csj) -> None:
    result = csj("validate", "no-such-map.yaml", cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    assert result.err == "csjourney: error: no such file or directory: no-such-map.yaml\n"


def test_json_output_has_exactly_the_documented_shape(tmp_path: Path, csj: Csj) -> None:
    _write(tmp_path / "maps" / "smb.yaml", BROKEN)
    result = csj("validate", "--no-lint", "--format", "json", "maps", cwd=tmp_path)

    payload = json.loads(result.out)
    assert set(payload) == {"diagnostics", "summary"}
    assert payload["summary"] == {"files": 1, "errors": 3, "warnings": 0, "infos": 0}
    first = payload["diagnostics"][0]
    assert set(first) == DIAGNOSTIC_KEYS
    assert first == {
        "path": "maps/smb.yaml",
        "line": 5,
        "column": 5,
        "end_line": 5,
        "end_column": 9,
        "code": "CSJ002",
        "name": "duplicate-key",
        "severity": "error",
        "message": "duplicate key `name` (first at line 4)",
        "hint": None,
    }
    for d in payload["diagnostics"]:
        assert set(d) == DIAGNOSTIC_KEYS


def test_a_problem_on_the_first_character_is_line_1_column_1(tmp_path: Path, csj: Csj) -> None:
    # Lines and columns are 1-based, as editors count them.
    _write(tmp_path / "map.yaml", "segments: []\n")
    result = csj("validate", "--no-lint", "--format", "json", "map.yaml", cwd=tmp_path)
    assert _findings(result) == [("CSJ010", 1, 1)]


@pytest.mark.parametrize("how", ["absolute", "dot-slash", "from-a-subdirectory"])
def test_paths_are_shown_relative_to_the_working_directory(
    how: str, tmp_path: Path, csj: Csj
) -> None:
    # Also the regression test for loader findings (here a duplicate key) being
    # dropped when the path given was not already in its displayed form.
    target = _write(tmp_path / "maps" / "smb.yaml", BROKEN)
    cwd, argument = {
        "absolute": (tmp_path, str(target)),
        "dot-slash": (tmp_path, "./maps/smb.yaml"),
        "from-a-subdirectory": (tmp_path / "maps" / "sub", "../smb.yaml"),
    }[how]
    cwd.mkdir(exist_ok=True)
    result = csj("validate", "--no-lint", "--format", "json", argument, cwd=cwd)
    shown = "../smb.yaml" if how == "from-a-subdirectory" else "maps/smb.yaml"
    found = [(d["path"], d["code"]) for d in json.loads(result.out)["diagnostics"]]
    assert found == [(shown, code) for code, _, _ in BROKEN_FINDINGS]


def test_text_output_lines_hints_and_summary(tmp_path: Path, csj: Csj) -> None:
    _write(tmp_path / "map.yaml", BROKEN)
    result = csj("validate", "--no-lint", "map.yaml", cwd=tmp_path)

    lines = result.out.splitlines()
    assert "\x1b[" not in result.out  # no colour when not writing to a terminal
    assert lines == [
        "map.yaml:5:5: error CSJ002 duplicate key `name` (first at line 4)",
        "map.yaml:10:22: error CSJ103 `review_every_days` must be a whole number, not text `soon`",
        "  hint: write the number without quotes",
        "map.yaml:15:61: error CSJ123 unknown channel `emial`",
        "  hint: did you mean `email`?",
        "Found 3 errors, 0 warnings, 0 infos in 1 file.",
    ]
    diagnostic = re.compile(r"^[^:]+:\d+:\d+: (error|warning|info) CSJ\d{3} \S.*$")
    assert all(diagnostic.match(line) or line.startswith("  hint: ") for line in lines[:-1])


def test_output_file_is_written_and_nothing_printed(tmp_path: Path, csj: Csj) -> None:
    _write(tmp_path / "map.yaml", BROKEN)
    printed = csj("validate", "--no-lint", "--format", "json", "map.yaml", cwd=tmp_path)

    result = csj(
        "validate", "--no-lint", "--format", "json", "--output", "reports/out.json", "map.yaml",
        cwd=tmp_path,
    )  # fmt: skip

    assert result.code == 1
    assert result.out == ""
    report = tmp_path / "reports" / "out.json"
    assert report.read_text(encoding="utf-8") == printed.out
    assert sorted(p.name for p in report.parent.iterdir()) == ["out.json"]  # no temp file left


def test_output_is_identical_on_every_run(tmp_path: Path, csj: Csj) -> None:
    for index in range(3):
        _write(tmp_path / f"map{index}.yaml", BROKEN)
    runs = [csj("validate", "--no-lint", "--format", "json", cwd=tmp_path).out for _ in range(2)]
    assert runs[0] == runs[1]
    paths = [d["path"] for d in json.loads(runs[0])["diagnostics"]]
    assert paths == sorted(paths)


def test_a_directory_scan_skips_yaml_that_is_not_a_journey_map(tmp_path: Path, csj: Csj) -> None:
    workflow = "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    _write(tmp_path / "ci" / "workflow.yml", workflow)
    _write(tmp_path / ".github" / "workflows" / "ci.yml", workflow)
    _write(tmp_path / "docker-compose.yaml", "services: {web: {image: nginx}}\n")
    _write(tmp_path / "maps" / "smb.yaml", VALID)

    result = csj("validate", "--no-lint", cwd=tmp_path)

    assert result.code == 0
    assert result.out == "All checks passed (1 file).\n"


def test_a_file_named_explicitly_must_be_a_journey_map(tmp_path: Path, csj: Csj) -> None:
    _write(tmp_path / "ci" / "workflow.yml", "name: CI\non: [push]\n")
    result = csj("validate", "--no-lint", "ci/workflow.yml", cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "ci/workflow.yml:1:1: error CSJ010 not a journey file: missing `csjourney: 1`"
    )


def test_version(csj: Csj) -> None:
    result = csj("--version")
    assert result.code == 0
    assert result.out.splitlines()[0] == f"csjourney {__version__} (journey format 1)"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "csjourney", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"csjourney {__version__} (journey format 1)"


def test_only_journey_files_skips_named_non_journey_yaml(csj: Csj, tmp_path: Path) -> None:
    workflow = tmp_path / "ci.yml"
    workflow.write_text("on: [push]\njobs: {}\n", encoding="utf-8")
    journey = tmp_path / "map.yaml"
    journey.write_text("csjourney: 1\njourney: {id: j}\n", encoding="utf-8")
    plain = csj("validate", workflow, "--no-lint")
    assert plain.code == 1 and "CSJ010" in plain.out
    skipped = csj("validate", workflow, journey, "--no-lint", "--only-journey-files")
    assert skipped.code == 1
    assert "CSJ010" not in skipped.out and "map.yaml" in skipped.out
    assert "1 file" in skipped.out


def test_file_system_errors_are_reported_without_a_traceback(csj: Csj, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    result = csj("validate", tmp_path, "-o", blocker / "x.json")
    assert result.code == 2
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert "not-a-dir" in result.err

"""`--format gitlab`: the Code Quality report GitLab's merge-request widget reads.

GitLab publishes no schema for the whole report; its parser checks each entry
against a small one (description, fingerprint, severity and location required)
and stops at the first entry that fails, and it keys entries by fingerprint.
ISSUES below is that, tightened to what GitLab's documentation lists for a
custom tool (check_name, location.path, location.lines.begin; the five
severities), so a report that passes it is read whole.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLES, ROOT, CliResult
from csjourney.reporters.gitlab import SEVERITIES
from test_sarif import BROKEN, TODAY, _git_init, _outside, _subfolder

Csj = Callable[..., CliResult]
ISSUES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "pattern": "^CSJ[0-9]{3}$"},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    # Relative to the repository root, as GitLab links it; no `./`.
                    "path": {"type": "string", "pattern": r"^(?!\./|/)."},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}
RECIPE = "csjourney validate --format gitlab --output gl-code-quality-report.json ."


def _documented_commands() -> list[str]:
    """Every `validate --format gitlab` command docs/ci.md tells GitLab users to run."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"csjourney validate --format gitlab [^\n`]*", text)))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a broken map in journeys/ and the examples beside it."""
    _git_init(tmp_path)
    _subfolder(tmp_path)
    return tmp_path


def _report(csj: Csj, cwd: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = csj("validate", *args, "--format", "gitlab", *TODAY, cwd=cwd)
    issues = json.loads(result.out)
    jsonschema.validate(issues, ISSUES)
    return result.code, issues


@pytest.mark.parametrize("command", sorted({RECIPE, *_documented_commands()}))
def test_the_recipe_command_writes_a_report_gitlab_reads(
    csj: Csj, repo: Path, command: str
) -> None:
    args = shlex.split(command)[1:]
    result = csj(*args, *TODAY, cwd=repo)
    assert result.code == (0 if "--exit-zero" in args else 1) and result.out == ""
    raw = (repo / "gl-code-quality-report.json").read_bytes()
    assert raw.startswith(b"[")  # no byte order mark: GitLab's parser rejects one
    issues = json.loads(raw.decode("utf-8"))
    jsonschema.validate(issues, ISSUES)
    assert {issue["location"]["path"] for issue in issues} == {"journeys/broken.yaml"}
    (repo / "journeys" / "broken.yaml").unlink()
    assert csj(*args, cwd=repo).code == 0
    assert (repo / "gl-code-quality-report.json").read_text(encoding="utf-8") == "[]\n"


def test_paths_are_from_the_repository_root_wherever_it_runs(csj: Csj, repo: Path) -> None:
    from_root = _report(csj, repo, "journeys")
    from_folder = _report(csj, repo / "journeys", ".")
    assert from_root == from_folder
    assert [issue["location"]["path"] for issue in from_root[1]] == ["journeys/broken.yaml"] * 3


def test_outside_a_repository_paths_are_from_the_working_directory(
    csj: Csj, tmp_path: Path
) -> None:
    _subfolder(tmp_path)
    _, issues = _report(csj, tmp_path / "journeys", ".")
    assert {issue["location"]["path"] for issue in issues} == {"broken.yaml"}


def test_a_file_outside_the_repository_keeps_its_absolute_path(csj: Csj, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _git_init(repo)
    _outside(repo)
    outside = "../outside/elsewhere.yaml"
    issues = json.loads(csj("validate", ".", outside, "-f", "gitlab", cwd=repo).out)
    paths = {issue["location"]["path"] for issue in issues}
    assert paths == {"journeys/broken.yaml", (tmp_path / "outside" / "elsewhere.yaml").as_posix()}


def test_each_finding_says_what_and_where_as_the_json_report_does(csj: Csj, repo: Path) -> None:
    # Errors, warnings and infos: the broken map, and the examples' lint findings.
    (repo / "examples").mkdir()
    for example in (EXAMPLES / "minimal", EXAMPLES / "b2b-saas"):
        for path in example.rglob("*"):
            target = repo / "examples" / path.relative_to(EXAMPLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file():
                target.write_bytes(path.read_bytes())
    (repo / "warned").mkdir()
    (repo / "warned" / "csjourney.toml").write_text("", encoding="utf-8")
    valid = BROKEN.replace("      touchpionts: []\n", "").replace("[smb, mid]", "[smb]")
    (repo / "warned" / "map.yaml").write_text(valid, encoding="utf-8")  # stages lack touchpoints
    _, issues = _report(csj, repo, ".")
    plain = json.loads(csj("validate", ".", "-f", "json", *TODAY, cwd=repo).out)["diagnostics"]
    assert len(issues) == len(plain)
    labels = {severity.label: name for severity, name in SEVERITIES.items()}
    for issue, d in zip(issues, plain, strict=True):
        assert issue["check_name"] == d["code"]
        assert issue["severity"] == labels[d["severity"]]
        assert issue["description"].startswith(f"{d['code']} {d['message']}")
        assert issue["location"] == {"path": d["path"], "lines": {"begin": d["line"]}}
    assert {issue["severity"] for issue in issues} == {"major", "minor", "info"}


def test_fingerprints_are_unique_and_the_ones_sarif_gives(csj: Csj, repo: Path) -> None:
    _, issues = _report(csj, repo, ".")
    sarif = json.loads(csj("validate", ".", "-f", "sarif", *TODAY, cwd=repo).out)
    shared = [r["partialFingerprints"]["csjourneyFinding/v1"] for r in sarif["runs"][0]["results"]]
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert fingerprints == shared and len(set(fingerprints)) == len(fingerprints) == 3


def test_fingerprints_survive_lines_inserted_above(csj: Csj, repo: Path) -> None:
    _, before = _report(csj, repo, ".")
    path = repo / "journeys" / "broken.yaml"
    path.write_text("# moved down\n\n" + BROKEN, encoding="utf-8")
    _, after = _report(csj, repo, ".")
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    lines = [i["location"]["lines"]["begin"] for i in before]
    assert [i["location"]["lines"]["begin"] for i in after] == [line + 2 for line in lines]


def test_gitlab_is_offered_by_validate(csj: Csj) -> None:
    assert "gitlab" in csj("validate", "--help").out
    result = csj("validate", "--format", "gitlap", ".")
    assert result.code == 2 and "gitlab" in result.err

"""Output formats for `validate`: what CI systems and people read."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import Csj

BROKEN = """\
csjourney: 1
segments:
  - id: smb
    name: "Small: business, 100% self-serve"
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  reviewed: 2026-11-01
  stages:
    - id: onboarding
      name: Onboarding
      touchpionts: []
    - id: adoption
      name: Adoption
      touchpoints:
        - {id: tips, name: Tips, channel: in-app, owner: growth}
      metrics:
        - {id: weekly, name: Weekly active, type: adoption, target: 60, current: 50}
      exit_criteria: Weekly active four weeks running
"""


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    path = tmp_path / "map.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


@pytest.fixture
def warned(tmp_path: Path) -> Path:
    """A valid map whose only problems are lint findings (a stage with no touchpoint)."""
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    path = tmp_path / "map.yaml"
    path.write_text(BROKEN.replace("      touchpionts: []\n", ""), encoding="utf-8")
    return path


_COMMAND = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    return (
        text.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_annotations_parse_as_workflow_commands(csj: Csj, tmp_path: Path) -> None:
    # A file name with `,` and `:` and a message with `%` and a newline-bearing hint.
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    odd = tmp_path / "odd, name: 100%.yaml"
    odd.write_text(BROKEN, encoding="utf-8")
    result = csj("validate", odd.name, "--format", "github", cwd=tmp_path)
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines
    for line in lines:
        match = _COMMAND.match(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in match["props"].split(","))
        assert set(properties) == {"file", "line", "col", "endLine", "endColumn", "title"}
        assert _unescape(properties["file"]) == odd.name
        assert int(properties["line"]) >= 1
    unknown = next(line for line in lines if "CSJ101" in line)
    command = _COMMAND.match(unknown)
    assert command, unknown
    message = _unescape(command["message"])
    assert message == (
        "unknown key `touchpionts` in stage Onboarding (onboarding)\ndid you mean `touchpoints`?"
    )


def test_github_format_is_the_default_inside_github_actions(
    csj: Csj, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = csj("validate", broken)
    assert result.out.startswith("::error ")


def test_junit_has_one_testcase_per_file(csj: Csj, tmp_path: Path, broken: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(
        BROKEN.replace("      touchpionts: []\n", "      touchpoints: []\n"), encoding="utf-8"
    )
    result = csj("validate", tmp_path, "--format", "junit", "--no-lint")
    suite = ET.fromstring(result.out)
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert len(cases) == 2
    failing = [name for name, case in cases.items() if case.find("failure") is not None]
    assert len(failing) == 1 and str(failing[0]).endswith("map.yaml")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"


def test_output_file_is_written_and_stdout_stays_empty(
    csj: Csj, broken: Path, tmp_path: Path
) -> None:
    target = tmp_path / "reports" / "out.sarif"
    result = csj("validate", broken, "-f", "sarif", "--output", target)
    assert result.code == 1
    assert result.out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert not [p for p in target.parent.iterdir() if p.name != "out.sarif"], (
        "temporary file left behind"
    )


def test_text_output_has_no_color_when_not_a_terminal(csj: Csj, broken: Path) -> None:
    assert "\x1b[" not in csj("validate", broken).out


def test_color_is_forced_and_no_color_wins(
    csj: Csj, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in csj("validate", broken).out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in csj("validate", broken).out


def test_fail_on_and_exit_zero_gates(csj: Csj, warned: Path) -> None:
    today = ("--today", "2026-11-28")
    assert csj("validate", warned, *today).code == 0  # warnings only; default gate is error
    assert csj("validate", warned, *today, "--fail-on", "warning").code == 1
    assert csj("validate", warned, *today, "--fail-on", "warning", "--exit-zero").code == 0
    result = csj("validate", warned, *today, "--no-lint", "--fail-on", "info")
    assert result.code == 0 and "All checks passed" in result.out


def test_select_and_ignore_accept_codes_and_names(csj: Csj, warned: Path) -> None:
    today = ("--today", "2026-11-28")
    by_name = csj("validate", warned, *today, "--select", "stage-missing-touchpoint")
    by_code = csj("validate", warned, *today, "--select", "csj201")
    assert by_name.out == by_code.out and "CSJ201" in by_name.out
    ignored = csj(
        "validate", warned, *today, "--select", "CSJ201", "--ignore", "stage-missing-touchpoint"
    )
    assert "CSJ201" not in ignored.out


# Every key of a finding in the JSON report, as a program reading it relies on.
JSON_FINDINGS = [
    (
        "broken",
        {
            "path": "map.yaml", "line": 13, "column": 7, "end_line": 13, "end_column": 18,
            "code": "CSJ101", "name": "unknown-key", "severity": "error",
            "message": "unknown key `touchpionts` in stage Onboarding (onboarding)",
            "hint": "did you mean `touchpoints`?",
        },
    ),
    (
        "warned",
        {
            "path": "map.yaml", "line": 11, "column": 11, "end_line": 11, "end_column": 21,
            "code": "CSJ201", "name": "stage-missing-touchpoint", "severity": "warning",
            "message": "stage Onboarding (onboarding) has no touchpoints",
            "hint": "add the channels where customers meet you in this stage",
        },
    ),
]  # fmt: skip


@pytest.mark.parametrize(("fixture", "expected"), JSON_FINDINGS)
def test_json_report_states_each_finding_whole(
    csj: Csj, fixture: str, expected: dict[str, object], request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(fixture)
    result = csj("validate", "map.yaml", "-f", "json", "--today", "2026-11-28", cwd=path.parent)
    found = json.loads(result.out)["diagnostics"]
    assert [d for d in found if d["code"] == expected["code"]] == [expected]

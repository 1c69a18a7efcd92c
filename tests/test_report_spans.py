"""Where each output format says a finding ends, and how GitHub annotations escape.

A finding about a whole item (a journey missing a required key) spans many
lines; every format must carry that end as the JSON report states it, and
SARIF must not clamp a multi-line region's end column to its start column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney.core import Report
from csjourney.diagnostics import Diagnostic, Severity, Span
from csjourney.reporters.github import GithubReporter, escape_data, escape_property
from csjourney.workspace import Workspace

Csj = Callable[..., CliResult]
# The journey (line 3, column 3) lacks `segments`: its span runs to the end of the file.
MAP = """\
csjourney: 1
journey:
  id: j
  title: J
  reviewed: 2026-11-01
  stages:
    - id: s
      name: S
      touchpoints:
        - {id: t, name: T, channel: in-app, owner: growth}
      metrics:
        - {id: m, name: M, type: adoption, target: 60, current: 50}
"""
MISSING = "CSJ102"


def _run(csj: Csj, tmp_path: Path, fmt: str) -> str:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    return csj("validate", "map.yaml", "-f", fmt, "--today", "2026-11-28", cwd=tmp_path).out


def test_json_gives_the_end_of_a_multi_line_span(csj: Csj, tmp_path: Path) -> None:
    found = json.loads(_run(csj, tmp_path, "json"))["diagnostics"]
    missing = next(d for d in found if d["code"] == MISSING)
    last = MAP.count("\n")  # the mapping ends where the file does: the start of the line after
    assert (missing["line"], missing["column"]) == (3, 3)
    assert (missing["end_line"], missing["end_column"]) == (last + 1, 1)


def test_sarif_regions_end_where_the_json_report_says(csj: Csj, tmp_path: Path) -> None:
    plain = json.loads(_run(csj, tmp_path, "json"))["diagnostics"]
    sarif = json.loads(_run(csj, tmp_path, "sarif"))["runs"][0]["results"]
    assert len(plain) == len(sarif) >= 1
    assert any(d["end_line"] > d["line"] for d in plain), "the case needs a multi-line span"
    for d, result in zip(plain, sarif, strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        start_end = (region["startLine"], region["startColumn"], region["endLine"])
        assert start_end == (d["line"], d["column"], d["end_line"])
        assert region["endColumn"] == d["end_column"], f"{d['code']}: end column clamped"


# Workflow commands: `%`, CR and LF are escaped everywhere; `:` and `,` also in properties.
ESCAPES = [
    ("100%", "100%25", "100%25"),
    ("a\rb", "a%0Db", "a%0Db"),
    ("a\nb", "a%0Ab", "a%0Ab"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("a: b, c", "a: b, c", "a%3A b%2C c"),
    ("%0A", "%250A", "%250A"),  # an escape already in the text stays literal
    ("plain", "plain", "plain"),
]


@pytest.mark.parametrize(("raw", "as_data", "as_property"), ESCAPES)
def test_github_escapes_per_the_workflow_command_rules(
    raw: str, as_data: str, as_property: str
) -> None:
    assert escape_data(raw) == as_data
    assert escape_property(raw) == as_property


_COMMAND = re.compile(r"^::(?P<level>\w+) (?P<props>[^:]*)::(?P<message>[^\r\n]*)$")


def test_a_github_annotation_stays_one_command_whatever_the_text(tmp_path: Path) -> None:
    path = Path("odd,name:\r.yaml")
    finding = Diagnostic(
        "CSJ101", "unknown-key", Severity.ERROR, "bad\rkey: 50%, or\nworse", path,
        Span(3, 3, 7, 1), hint="line\r\nbreak",
    )  # fmt: skip
    report = Report([finding], [path], Workspace(None))
    out = GithubReporter().render(report, color=False, fail_on=Severity.ERROR)
    assert out.endswith("\n") and out.count("\n") == 1 and "\r" not in out
    match = _COMMAND.match(out.rstrip("\n"))
    assert match and match["level"] == "error"
    properties = dict(item.split("=", 1) for item in match["props"].split(","))
    assert properties == {
        "file": "odd%2Cname%3A\\x0d.yaml",  # a path shows controls as other formats do
        "line": "3",
        "col": "3",
        "endLine": "7",
        "endColumn": "1",
        "title": "CSJ101 unknown-key",
    }
    assert match["message"] == "bad%0Dkey: 50%25, or%0Aworse%0Aline%0D%0Abreak"


# (the finding's span, the SARIF region: startLine, startColumn, endLine, endColumn)
REGIONS = [
    (Span(3, 5, 3, 9), (3, 5, 3, 9)),  # one line: its own end column, not its start's
    (Span(4, 2, 4, 3), (4, 2, 4, 3)),  # one column wide
    (Span(1, 1, 1, 1), (1, 1, 1, 1)),  # the start of the file: an insertion point
    (Span(3, 7, 5, 2), (3, 7, 5, 2)),  # several lines: the end may lie left of the start
    (Span(2, 1, 9, 1), (2, 1, 9, 1)),  # a mapping that runs to the end of the file
]


@pytest.mark.parametrize(("span", "region"), REGIONS)
def test_a_sarif_region_is_the_findings_span(
    span: Span, region: tuple[int, int, int, int], tmp_path: Path
) -> None:
    from csjourney.reporters.sarif import SarifReporter

    path = tmp_path / "map.yaml"
    finding = Diagnostic("CSJ101", "unknown-key", Severity.ERROR, "bad key", path, span)
    report = Report([finding], [path], Workspace(None))
    out = json.loads(SarifReporter().render(report, color=False, fail_on=Severity.ERROR))
    got = out["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (got["startLine"], got["startColumn"], got["endLine"], got["endColumn"]) == region


def _finding(message: str, hint: str | None, line: int) -> Diagnostic:
    path = Path("map.yaml")
    span = Span(line, 3, line, 9)
    return Diagnostic(
        "CSJ201", "stage-missing-touchpoint", Severity.WARNING, message, path, span, hint
    )


def test_github_annotations_one_per_finding_hint_on_its_own_line() -> None:
    findings = [_finding("no touchpoints", None, 4), _finding("no metric", "add one", 9)]
    report = Report(findings, [Path("map.yaml")], Workspace(None))
    out = GithubReporter().render(report, color=False, fail_on=Severity.ERROR)
    title = "title=CSJ201 stage-missing-touchpoint"
    assert out == (
        f"::warning file=map.yaml,line=4,col=3,endLine=4,endColumn=9,{title}::no touchpoints\n"
        f"::warning file=map.yaml,line=9,col=3,endLine=9,endColumn=9,{title}::no metric%0Aadd one\n"
    )

"""The per-file cap on findings (`csjourney.findings.cap_per_file`): sorted, each finding
once, in an order that does not depend on the run, at most the limit per file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from csjourney.diagnostics import Diagnostic, Severity, Span
from csjourney.findings import cap_per_file


def finding(
    path: str, line: int, severity: Severity = Severity.WARNING, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(
        "CSJ206", "initiative-missing-owner", severity, "no owner", Path(path),
        Span(line, 1, line, 5), hint,
    )  # fmt: skip


def test_findings_come_by_file_and_position_and_each_once() -> None:
    late, other, early = finding("b.yaml", 3), finding("a.yaml", 9), finding("a.yaml", 2)
    assert cap_per_file([late, other, early, replace(late), other], 10) == [early, other, late]


def test_findings_alike_but_for_their_hint_keep_the_order_they_came_in() -> None:
    first, second = finding("a.yaml", 4, hint="one"), finding("a.yaml", 4, hint="two")
    assert cap_per_file([first, second, first], 10) == [first, second]
    assert cap_per_file([second, first], 10) == [second, first]


def test_a_file_past_the_limit_ends_with_one_line_at_the_worst_severity_left_out() -> None:
    many = [finding("a.yaml", line, Severity.INFO) for line in range(1, 6)]
    worst = finding("a.yaml", 9, Severity.ERROR)
    other = finding("b.yaml", 1)
    capped = cap_per_file([other, worst, *many], 3)
    assert capped[:3] == many[:3]
    more = capped[3]
    assert (more.name, more.path, more.line, more.severity) == (
        "too-many-findings", Path("a.yaml"), 4, Severity.ERROR,
    )  # fmt: skip
    assert more.message.startswith("3 more findings in this file not shown")
    assert capped[4:] == [other]

"""One rule says how a number reads in prose (`domain.number_text`): lint messages,
the reports and diff's sentences write the same value the same way, and a file's
value quoted as written (`values.number_text`) keeps every digit and no separator.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Csj
from csjourney import domain, values

# value, in prose, as written
NUMBERS = [
    (12500, "12,500", "12500"),
    (12500.5, "12,500.5", "12500.5"),
    (1234567.891, "1,234,567.89", "1234567.891"),
    (-3, "-3", "-3"),
    (-1500.0, "-1,500", "-1500"),
    (0, "0", "0"),
    (4.1, "4.1", "4.1"),
    (0.125, "0.12", "0.125"),
    (0.004, "0.004", "0.004"),  # small, not zero: never shown as 0
    (-0.004, "-0.004", "-0.004"),  # nor as -0
    (0.00123, "0.0012", "0.00123"),
    (999_999_999_999_999, "999,999,999,999,999", "999999999999999"),
    (1e20, "1e+20", "1e+20"),
]


@pytest.mark.parametrize(("value", "prose", "written"), NUMBERS)
def test_a_number_in_prose_and_as_written(value: float, prose: str, written: str) -> None:
    assert domain.number_text(value) == prose
    assert values.number_text(value) == written


@pytest.mark.parametrize(
    ("days", "text"), [(0, "0 days"), (1, "1 day"), (2, "2 days"), (1200, "1,200 days")]
)
def test_a_count_of_days_in_prose(days: int, text: str) -> None:
    assert domain.days_text(days) == text


MAP = """\
csjourney: 1
segments:
  - {id: smb, name: Small business}
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  stages:
    - id: expansion
      name: Expansion
      metrics:
        - {id: arr, name: Expansion ARR, type: currency, unit: USD, target: 15000, current: 12500}
"""


def _workspace(directory: Path, current: str) -> Path:
    directory.mkdir(parents=True)
    (directory / "csjourney.toml").write_text("", encoding="utf-8")
    path = directory / "map.yaml"
    path.write_text(MAP.replace("current: 12500", f"current: {current}"), encoding="utf-8")
    return path


def test_lint_the_reports_and_diff_write_a_value_alike(csj: Csj, tmp_path: Path) -> None:
    old = _workspace(tmp_path / "old", "12500")
    new = _workspace(tmp_path / "new", "13750")

    lint = csj("validate", "-f", "json", "--select", "metric-off-target", old)
    (finding,) = json.loads(lint.out)["diagnostics"]
    assert "current 12,500 USD is below the target of 15,000 USD" in finding["message"]

    out = tmp_path / "out"
    render = csj("render", old, "--out", out, "-f", "md,html", "--no-lint")
    assert render.code == 0, render.err
    for report in ("smb-journey.md", "smb-journey.html"):
        text = (out / report).read_text(encoding="utf-8")
        assert "12,500 USD" in text and "15,000 USD" in text, report
        assert "12500" not in text, report

    diff = csj("diff", old, new, "--today", "2026-06-01")
    assert diff.code == 0, diff.err
    assert "current 12,500 → 13,750 (better)" in diff.out

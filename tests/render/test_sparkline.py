"""The charts' geometry (render/charts.py).

A metric's sparkline: its points where the values put them, and the target line inside
the chart, whatever the values and the target (above, below or among them, negative, huge).
The emotion curve: bands that fit a page, and stage labels that fit their column.

The chart is 120 by 30 with 4 of padding: the highest of the values and the target is
drawn at y 4, the lowest at y 26, points spread evenly from x 4 to x 116, the current
value last. Expected coordinates are worked out by hand, not by the formula under test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Csj
from csjourney.model import HistoryPoint, Metric
from csjourney.render.charts import (
    FONT_SIZE,
    LABEL_LINES,
    LABEL_WIDTH,
    emotion_curve,
    fit_lines,
    sparkline,
    text_width,
)

WIDTH, HEIGHT, PAD = 120.0, 30.0, 4.0
Point = tuple[float, float]
# (history values, current, target, the points, the target line's y)
CASES: dict[str, tuple[list[float], float | None, float | None, list[Point], float | None]] = {
    "target among the values": ([40, 50], 60, 55, [(4, 26), (60, 15), (116, 4)], 9.5),
    "target above every value": ([40], 50, 80, [(4, 26), (116, 20.5)], 4),
    "target below every value": ([70], 90, 50, [(4, 15), (116, 4)], 26),
    "target equal to the last value": ([10, 30], 20, 20, [(4, 26), (60, 4), (116, 15)], 15),
    "negative values, target at zero": ([-20], -10, 0, [(4, 26), (116, 15)], 4),
    "flat at the target": ([5], 5, 5, [(4, 4), (116, 4)], 4),
    "no target": ([1], 2, None, [(4, 26), (116, 4)], None),
    "no current: history only": ([3, 1, 2], None, 2, [(4, 4), (60, 26), (116, 15)], 15),
    "the widest range": ([-1e308], 1e308, 0, [(4, 26), (116, 4)], 15),
    "thirds, one decimal": ([10, 20, 30], 40, 25,
        [(4, 26), (41.3, 18.7), (78.7, 11.3), (116, 4)], 15),
}  # fmt: skip


def _metric(history: list[float], current: float | None, target: float | None) -> Metric:
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=30 * i) for i in range(len(history))]
    points = [HistoryPoint(date=d, value=v) for d, v in zip(days, history, strict=True)]
    # Absent rather than null, as a map leaves them out.
    given: dict[str, Any] = {"target": target, "current": current}
    values = {key: value for key, value in given.items() if value is not None}
    return Metric(id="m", name="M", type="count", history=points, **values)


def _points(line: str) -> list[Point]:
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in line.split())]


@pytest.mark.parametrize("case", CASES)
def test_sparkline_points_and_target_line(case: str) -> None:
    history, current, target, points, target_y = CASES[case]
    spark = sparkline(_metric(history, current, target))
    assert spark is not None
    assert (spark.width, spark.height) == (WIDTH, HEIGHT)
    assert _points(spark.line) == points
    assert spark.last == points[-1]
    assert spark.target_y == target_y
    if spark.target_y is not None:
        assert PAD <= spark.target_y <= HEIGHT - PAD, "the target line leaves the chart"


def test_one_value_draws_no_sparkline() -> None:
    assert sparkline(_metric([], 5, 10)) is None
    assert sparkline(_metric([5], None, 10)) is None


MAP = """\
csjourney: 1
segments:
  - {id: smb, name: Small business}
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      metrics:
        - id: activation
          name: Activation
          type: activation
          target: 55
          current: 60
          history:
            - {date: 2026-06-01, value: 40}
            - {date: 2026-08-01, value: 50}
"""


def test_the_html_report_draws_the_sparkline_a_reader_sees(csj: Csj,
                                                           tmp_path: Path) -> None:  # fmt: skip
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    result = csj("render", "map.yaml", "--out", "out", "-f", "html", cwd=tmp_path)
    assert result.code == 0, result.err
    html = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html"))
    svg = next(s for s in re.findall(r"<svg[^>]*aria-label=\"Trend:.*?</svg>", html, re.S))
    assert 'viewBox="0 0 120.0 30.0"' in svg
    assert '<line x1="0" y1="9.5" x2="120.0" y2="9.5"' in svg, svg
    assert 'points="4.0,26.0 60.0,15.0 116.0,4.0"' in svg, svg
    assert re.search(r'<circle cx="116.0" cy="4.0"', svg), svg


def test_every_value_carries_its_date_and_value_for_hover_and_screen_readers() -> None:
    metric = _metric([40, 50], 60, 55).model_copy(update={"measured": dt.date(2026, 4, 1)})
    spark = sparkline(metric)
    assert spark is not None
    assert [(p.x, p.y, p.title) for p in spark.points] == [
        (4, 26, "2026-01-01: 40"),
        (60, 15, "2026-01-31: 50"),
        (116, 4, "current (2026-04-01): 60"),
    ]
    assert spark.label == (
        "Trend: 3 values, from 40 to 60 "
        "(2026-01-01: 40; 2026-01-31: 50; current (2026-04-01): 60); target 55"
    )
    no_target = sparkline(_metric([1], 2, None))
    assert no_target is not None and no_target.label.endswith("(2026-01-01: 1; current: 2)")


# The emotion curve: stages per band (at most 8, as even as possible).
BANDS = {1: [1], 7: [7], 8: [8], 9: [5, 4], 16: [8, 8], 17: [6, 6, 5], 30: [8, 8, 7, 7]}


@pytest.mark.parametrize("stages", BANDS)
def test_the_emotion_curve_wraps_into_bands_that_fit_a_page(stages: int) -> None:
    from csjourney.model import Journey

    journey = Journey.model_validate(
        {
            "id": "j",
            "title": "J",
            "segments": ["s"],
            "stages": [
                {"id": f"s{i}", "name": f"Stage {i}", "emotion": i % 5 - 2} for i in range(stages)
            ],
        }
    )
    curve = emotion_curve(journey)
    assert [len(band.points) for band in curve.bands] == BANDS[stages]
    assert [p.number for p in curve.points] == list(range(1, stages + 1))
    assert curve.width <= 894, "wider than 8 columns: A4 would print it below 80%"
    tops = [band.top for band in curve.bands]
    assert tops == sorted(set(tops)) and curve.height >= tops[-1] + 150


# A stage's label under the curve: (text, the lines it is drawn in).
LABELS = {
    "short": ("1.\u00a0Awareness", ["1.\u00a0Awareness"]),
    "number and first word too wide together": (
        "10.\u00a0Consideration phase", ["10.", "Consideration", "phase"]),
    "one long word is cut": (
        "Onboardingkickoffwithoutspaces", ["Onboardingkic", "koffwithoutsp", "aces"]),
    "more than three lines ends with …": (
        "Renewal conversation with the economic buyer and procurement",
        ["Renewal", "conversation", "with the…"]),
    "wide letters": ("WWWW MMMM WWWW", ["WWWW", "MMMM", "WWWW"]),
    "CJK": ("契約更新の打ち合わせと価格交渉", ["契約更新の打ち", "合わせと価格交", "渉"]),
    "accents and a dash": (
        "30.\u00a0Día de activación — configuración",
        ["30.\u00a0Día de", "activación —", "configuración"]),
}  # fmt: skip


@pytest.mark.parametrize("case", LABELS)
def test_curve_labels_wrap_inside_their_column(case: str) -> None:
    text, expected = LABELS[case]
    lines = fit_lines(text, LABEL_WIDTH, FONT_SIZE, LABEL_LINES)
    assert lines == expected
    assert all(text_width(line, FONT_SIZE) <= LABEL_WIDTH for line in lines)

"""The emotion curve and the sparklines as Chromium draws them.

On every journey page of every example and of a 30-stage map with long and
wide stage names: no two texts of the curve overlap, none is cut off by the
chart's edge, and the chart is no wider than the page. Every point of both
charts carries its value in a `<title>` (the tooltip on hover), and the point a
pointer rests on is the one whose title says it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import CliResult
from render.browser_support import browser
from render.print_support import EMOTION_WORDS, long_stage, render_pages

__all__ = ["browser"]  # the fixture, used by name

# Each text of the curve: its content and box; the chart's box.
CURVE_BOXES = """svg => {
    const box = e => { const r = e.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom]; };
    return { chart: box(svg), texts: [...svg.querySelectorAll('text')]
        .map(t => [t.textContent, box(t)]) };
}"""
# What a pointer resting on the centre of each point shows: the nearest title.
HOVER = """svg => [...svg.querySelectorAll(arguments_selector)].map(e => {
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const owner = hit && hit.closest('g.point, circle.value');
    return owner ? owner.querySelector(':scope > title').textContent : null;
})"""

Box = list[float]


def _overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when they only touch)."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, width) * max(0.0, height)


def _hover_titles(svg: Any, selector: str) -> list[str | None]:
    script = HOVER.replace("arguments_selector", repr(selector))
    titles: list[str | None] = svg.evaluate(script)
    return titles


def test_curve_labels_never_overlap_and_points_say_their_values(
    browser: Any, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    journeys = [p for p in render_pages(csj, tmp_path) if p.name != "index.html"]
    assert len(journeys) == 6
    page = browser.new_page()
    try:
        for path in journeys:
            for width in (1280, 702):  # a laptop, and the printable width of A4
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(path.as_uri(), wait_until="load")
                curve = page.locator("svg.chart.curve")
                assert curve.count() == 1, path.name
                boxes = curve.evaluate(CURVE_BOXES)
                chart, texts = boxes["chart"], boxes["texts"]
                assert chart[2] <= width, f"{path.name}: the curve is wider than the page"
                for index, (text, box) in enumerate(texts):
                    assert chart[0] - 0.5 <= box[0] and box[2] <= chart[2] + 0.5, (path.name, text)
                    assert chart[1] - 0.5 <= box[1] and box[3] <= chart[3] + 0.5, (path.name, text)
                    for other, other_box in texts[index + 1 :]:
                        assert _overlap(box, other_box) == 0, f"{path.name}: {text!r} / {other!r}"
            curve.scroll_into_view_if_needed()
            titles = [t or "" for t in _hover_titles(curve, "g.point > circle, g.point > text")]
            assert titles and all(titles), f"{path.name}: a point shows no value on hover"
            descriptions = curve.evaluate("svg => svg.querySelector('desc').textContent")
            for title in set(titles):
                assert title in descriptions, "the text alternative says what the hover says"
            if "long" in path.parent.name:
                expected = []
                for index in range(30):
                    name, emotion = long_stage(index)
                    expected.append(f"{index + 1}. {name}: {EMOTION_WORDS[emotion]}")
                points = curve.locator("g.point > title").all_text_contents()
                assert points == expected
    finally:
        page.close()


def test_sparkline_points_show_their_dates_and_values(
    browser: Any, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    journeys = [p for p in render_pages(csj, tmp_path) if p.name != "index.html"]
    page = browser.new_page()
    try:
        page.goto(next(p for p in journeys if "long" in p.parent.name).as_uri())
        spark = page.locator("svg.chart.spark")
        assert spark.count() == 1
        spark.scroll_into_view_if_needed()
        values = ["2026-06-01: 40%", "2026-08-01: 50%", "current (2026-10-01): 60%"]
        assert _hover_titles(spark, "circle.value") == values
        label = spark.get_attribute("aria-label") or ""
        assert label == f"Trend: 3 values, from 40% to 60% ({'; '.join(values)}); target 55%"
        for path in journeys:  # every sparkline of the examples: one title per value
            page.goto(path.as_uri())
            for svg in page.locator("svg.chart.spark").all():
                titles = svg.locator("circle.value > title").all_text_contents()
                count = int((svg.get_attribute("aria-label") or "").split()[1])
                assert len(titles) == count >= 2, path.name
                assert all(": " in t and any(c.isdigit() for c in t) for t in titles), titles
    finally:
        page.close()

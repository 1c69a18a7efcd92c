"""The Measured section in a real browser (Debian's Chromium, as test_render_browser.py).

The b2b-saas example names its exports in csjourney.toml, so rendering it with a fixed
--today draws each journey's funnel: the bars must be on screen with widths in
proportion to the visits, and every number shown must be the engine's
(`csjourney measure --format json`), on screen and in print.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, Csj
from csjourney.render.measuredfacts import figure
from render.browser_support import browser
from render.test_render_browser import Visit

__all__ = ["browser"]  # the fixture, used by name

TODAY = ("--today", "2026-11-30")


def _engine(csj: Csj) -> dict[str, Any]:
    result = csj("measure", EXAMPLES / "b2b-saas", *TODAY, "--format", "json")
    assert result.code in (0, 1), result.err
    report: dict[str, Any] = json.loads(result.out)
    return {journey["id"]: journey for journey in report["journeys"]}


def _rows(page: Any) -> list[dict[str, Any]]:
    """Each funnel row as shown: its cells' text and its visits bar's drawn width."""
    rows: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll('section.measured table.funnel tbody tr')]
            .map(tr => ({
                cells: [...tr.querySelectorAll(':scope > :not(.gauge)')]
                    .map(c => c.innerText.replace(/\\s+/g, ' ').trim()),
                bar: tr.querySelector('td.gauge.visits .meter span').getBoundingClientRect().width,
                track: tr.querySelector('td.gauge.visits .meter').clientWidth,
            }))"""
    )
    return rows


def test_the_funnel_is_drawn_and_shows_the_engines_numbers(
    browser: Any,
    csj: Csj,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    result = csj("render", EXAMPLES / "b2b-saas", "--out", out, "-f", "html", *TODAY)
    assert result.code == 0, result.err
    engine = _engine(csj)
    assert sorted(engine) == sorted(p.stem for p in out.glob("*.html") if p.stem != "index")
    for journey_id, measured in engine.items():
        visit = Visit(browser, out / f"{journey_id}.html")
        try:
            assert visit.errors == [] and visit.requests == [visit.url]
            section = visit.page.locator("section.measured")
            assert section.is_visible()
            assert visit.page.inner_text("#h-measured") == "Measured"
            stages = [s for s in measured["stages"] if s["segment"] is None]
            # The browser window, and a printed A4 page (about 720 px between the margins).
            for media, width in (("screen", 1280), ("print", 720)):
                visit.page.emulate_media(media=media)
                visit.page.set_viewport_size({"width": width, "height": 900})
                rows = _rows(visit.page)
                assert len(rows) == len(stages), media
                busiest = max(s["visits"] for s in stages)
                # Every bar is drawn on the same track, so rows compare at a glance.
                assert len({row["track"] for row in rows}) == 1, (media, rows)
                for row, stage in zip(rows, stages, strict=True):
                    cells = row["cells"]
                    assert cells[1] == figure(stage["visits"]), (media, cells)
                    assert cells[2] == figure(stage["accounts"])
                    assert cells[6:8] == [figure(stage["median_days"]), figure(stage["p90_days"])]
                    assert row["bar"] > 0, f"{journey_id}: an empty bar for {cells[0]}"
                    # Drawn in proportion: within a pixel of visits / busiest of the track.
                    expected = stage["visits"] / busiest * row["track"]
                    assert abs(row["bar"] - expected) <= 1.5, (media, cells[0], row)
                # Nothing of the table is cut off at the page's width.
                overflow = visit.page.evaluate(
                    "() => { const t = document.querySelector('section.measured table.funnel');"
                    " return t.getBoundingClientRect().right"
                    " - document.querySelector('main').getBoundingClientRect().right; }"
                )
                assert overflow <= 1, (media, overflow)
            for unmapped in measured["unmapped"]:
                assert f"Not on the map: {unmapped['stage']}" in section.inner_text()
            shot = section.screenshot()
            assert len(shot) > 10_000, "the section rendered as almost nothing"
        finally:
            visit.page.close()

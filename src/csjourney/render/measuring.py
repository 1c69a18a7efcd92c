"""Render's measurement: which journeys get a "Measured" section, and their numbers.

A journey gets one when exports feed it: `render --events/--responses`, which stand
for every workspace of the run, or else its own workspace's `[measure]` inputs. The
numbers come from csjourney.measure.run.measure_workspace, the one place `measure`
reads them from too, so the page, the report and `csjourney measure` cannot disagree.
`has_inputs` reads only the config: without inputs render imports nothing of the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.config import MeasureSettings
    from csjourney.core import Report
    from csjourney.diagnostics import Diagnostic
    from csjourney.measure.types import Window
    from csjourney.render.measuredfacts import JourneyData


def has_inputs(report: Report, events: Sequence[str], responses: Sequence[str]) -> bool:
    """Whether any journey of the run is fed by an export (flags or config)."""
    return bool(events or responses) or any(
        c.measure.events or c.measure.responses for c in report.configs
    )


def _sources(settings: MeasureSettings) -> tuple[str, ...]:
    """The exports as the user named them: files and globs, or a backend's tables."""
    return tuple(
        name
        for item in (*settings.events, *settings.responses)
        for name in (item.path or [f"table {item.table}"])
    )


def measure_for_render(
    report: Report,
    events: Sequence[str],
    responses: Sequence[str],
    window: Window,
    segment: str | None,
) -> tuple[dict[str, JourneyData], list[Diagnostic]]:
    """Journey id -> its data, for the journeys an export feeds; and the data problems."""
    from csjourney.config import Config
    from csjourney.measure.run import measure_workspace, settings_for
    from csjourney.render.measuredfacts import JourneyData

    given: MeasureSettings | None = None
    if events or responses:  # the command line's exports stand for every workspace's
        given = settings_for(report.configs[0] if report.configs else Config(), events, responses)
    measured = measure_workspace(report, given, window, by_segment=segment is not None)
    excluded = sum(
        part.rows_excluded for part in (measured.events, measured.responses) if part is not None
    )
    data: dict[str, JourneyData] = {}
    for item in measured.journeys:
        config = report.config_of.get(item.file.path) or Config()
        settings = given or settings_for(config)
        if not (settings.events or settings.responses):
            continue  # a workspace without exports: its pages stay as they were
        data[item.journey.id] = JourneyData(
            funnel=item.funnel,
            values=item.values,
            since=window.since,
            until=window.until,
            sources=_sources(settings),
            responses=bool(settings.responses),
            skipped_share=config.measure.options.skipped_share,
            excluded=excluded,
        )
    return data, list(measured.diagnostics)

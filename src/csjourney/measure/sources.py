"""Run the engine over a workspace's exports: which rows feed which journey, and checks.

One `[measure.events]` input feeds every journey: its `journey` column (or, without
one, the input's `journey`, or the workspace's only journey) decides. Several inputs
(`[[measure.events]]`) each name the journey they feed, so a file per journey needs
no journey column. The same holds for survey responses. A missing file or an input
naming no known journey is a usage error (exit 2), as a missing map path is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, TypeVar

from csjourney.errors import UsageError

if TYPE_CHECKING:
    from csjourney.config import EventsInput, MeasureSettings, ResponsesInput
    from csjourney.measure.types import (
        EventsMeasurement,
        JourneyFunnel,
        ResponsesMeasurement,
        SurveyScore,
        Window,
    )
    from csjourney.model import Journey

Loc = tuple[str | int, ...]
M = TypeVar("M", "EventsMeasurement", "ResponsesMeasurement")


def merged(parts: Sequence[M], window: Window) -> M:
    """Several inputs' measurements as one: results in input order, problems and counts added.

    Both measurements are (window, results, problems, rows_read, rows_excluded).
    """
    results = fields(parts[0])[1].name
    return type(parts[0])(
        window,
        tuple(x for part in parts for x in getattr(part, results)),
        tuple(p for part in parts for p in part.problems),
        sum(part.rows_read for part in parts),
        sum(part.rows_excluded for part in parts),
    )


@dataclass(frozen=True)
class EventsRun:
    measurement: EventsMeasurement
    funnels: dict[str, JourneyFunnel]  # by journey id: the journeys some input feeds


@dataclass(frozen=True)
class ResponsesRun:
    measurement: ResponsesMeasurement
    scores: dict[str, dict[Loc, SurveyScore]]  # journey id -> the bound metric's data path


def _fed(
    inputs: Sequence[EventsInput | ResponsesInput], journeys: Sequence[Journey], option: str
) -> list[tuple[EventsInput | ResponsesInput, list[Journey], str | None]]:
    """Each input, the journeys it feeds, and the journey of its rows that name none."""
    from csjourney.measure.reading import expand_paths

    by_id = {journey.id: journey for journey in journeys}
    fed: list[tuple[EventsInput | ResponsesInput, list[Journey], str | None]] = []
    for item in inputs:
        _, missing = expand_paths(item.path)
        if missing:
            raise UsageError(f"{option}: no such file: {missing[0].file}")
        if item.journey is not None and item.journey not in by_id:
            known = ", ".join(by_id)
            raise UsageError(f"{option}: `journey = {item.journey!r}` is no journey here ({known})")
        if len(inputs) > 1 and item.journey is None:
            raise UsageError(
                f"{option}: {len(inputs)} inputs: give each one the `journey` it feeds"
            )
        if item.journey is not None:
            fed.append((item, [by_id[item.journey]], item.journey))
        else:
            default = journeys[0].id if len(journeys) == 1 else None
            fed.append((item, list(journeys), default))
    return fed


def measure_events_inputs(
    settings: MeasureSettings, journeys: Sequence[Journey], window: Window, by_segment: bool
) -> EventsRun | None:
    """Every journey's funnel from the stage history inputs; None without any."""
    from csjourney.measure.engine import EngineError
    from csjourney.measure.events import measure_events
    from csjourney.measure.types import EventSource, JourneyStages

    if not settings.events or not journeys:
        return None
    option = "--events / [measure.events]"
    funnels: dict[str, JourneyFunnel] = {}
    parts = []
    for item, feeds, default in _fed(settings.events, journeys, option):
        stages = getattr(item, "stages", {})
        source = EventSource(item.path, columns=item.columns, stages=stages, table=item.table)
        try:
            result = measure_events(
                source,
                [JourneyStages(j.id, [s.id for s in j.stages]) for j in feeds],
                window,
                default_journey=default,
                by_segment=by_segment,
                backend=settings.backend,
            )
        except EngineError as error:  # the extra is missing, or the backend cannot run
            raise UsageError(str(error)) from None
        if default is None and _names_no_journey(result):
            names = ", ".join(j.id for j in feeds)
            raise UsageError(
                f"{option}: the stage history names no journey and the workspace has "
                f"{len(feeds)} ({names}): add a `journey` column, or give the input its `journey`"
            )
        funnels.update((f.id, f) for f in result.journeys)
        parts.append(result)
    return EventsRun(merged(parts, window), funnels)


def _names_no_journey(result: EventsMeasurement) -> bool:
    """Several journeys and a history that names none: every row is an orphan."""
    orphans = any(
        p.code == "unknown-journey" and p.message.startswith("has no journey")
        for p in result.problems
    )
    seen = any(r.visits for f in result.journeys for r in f.stages) or any(
        f.unmapped for f in result.journeys
    )
    return orphans and not seen


def measure_responses_inputs(
    settings: MeasureSettings, journeys: Sequence[Journey], window: Window
) -> ResponsesRun | None:
    """Each bound survey metric's score from the response inputs; None without any."""
    from csjourney.measure.engine import EngineError
    from csjourney.measure.responses import measure_responses
    from csjourney.measure.run import bound_metrics
    from csjourney.measure.types import ResponseSource, Selection

    if not settings.responses or not journeys:
        return None
    option = "--responses / [measure.responses]"
    scores: dict[str, dict[Loc, SurveyScore]] = {}
    parts = []
    for item, feeds, default in _fed(settings.responses, journeys, option):
        wanted: list[tuple[str, Loc, Selection]] = []
        for journey in feeds:
            for stage, loc, metric in bound_metrics(journey):
                binding = metric.measure
                if binding is None or binding.from_ != "responses":
                    continue
                kind = binding.statistic if binding.statistic != "responses" else None
                selection = Selection(journey.id, kind, stage, binding.touchpoint, binding.segment)
                wanted.append((journey.id, loc, selection))
        try:
            result = measure_responses(
                ResponseSource(item.path, columns=item.columns, table=item.table),
                [selection for _, _, selection in wanted],
                window,
                default_journey=default,
                journeys=[j.id for j in feeds],
                backend=settings.backend,
            )
        except EngineError as error:
            raise UsageError(str(error)) from None
        for (journey_id, loc, _), score in zip(wanted, result.scores, strict=True):
            scores.setdefault(journey_id, {})[loc] = score
        parts.append(result)
    return ResponsesRun(merged(parts, window), scores)

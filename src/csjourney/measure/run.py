"""Measure a checked workspace: its journeys' funnels and bound metrics, from its exports.

The one place that turns settings (`[measure]` in csjourney.toml, or the command
line's --events/--responses) and validated maps into a `Measured`: plain data the
`measure` report, its findings, `--update` and render's Measured section all read.
Nothing here prints. Each workspace of a run is measured with its own config's
inputs unless the command line names the exports for all of them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from csjourney.diagnostics import Diagnostic, Span
from csjourney.errors import UsageError

if TYPE_CHECKING:
    from csjourney.config import Config, MeasureSettings
    from csjourney.core import Report
    from csjourney.measure.types import (
        DataProblem,
        EventsMeasurement,
        JourneyFunnel,
        ResponsesMeasurement,
        SurveyScore,
        Window,
    )
    from csjourney.model import Journey, Metric
    from csjourney.workspace import SourceFile

WINDOW_DAYS = 90  # the default window: this many whole days up to --today
Loc = tuple[str | int, ...]
M = TypeVar("M", "EventsMeasurement", "ResponsesMeasurement")
_SURVEY_TYPES = ("nps", "csat", "ces")  # statistics that are a survey type's score


@dataclass(frozen=True)
class MetricValue:
    """A bound metric's measured value; None with a `note` saying why there is none."""

    journey: str
    stage: str | None  # None: a journey-level metric
    metric: Metric
    loc: Loc  # the metric's data path in its file
    value: float | None
    n: int | None = None  # survey metrics: the answers counted
    margin: float | None = None  # survey metrics: the 95% margin of error, in points
    note: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.metric.id,
            "value": self.value,
            "n": self.n,
            "margin": self.margin,
            "target": self.metric.target,
            "current": self.metric.current,
        }


@dataclass(frozen=True)
class JourneyMeasure:
    file: SourceFile
    journey: Journey
    funnel: JourneyFunnel | None  # None without a stage history for this journey
    values: tuple[MetricValue, ...]  # every bound metric, the journey's first, then by stage


@dataclass(frozen=True)
class Measured:
    window: Window
    journeys: tuple[JourneyMeasure, ...]
    events: EventsMeasurement | None  # None: no stage history was given
    responses: ResponsesMeasurement | None  # None: no survey export was given
    diagnostics: tuple[Diagnostic, ...]  # data problems, on the data files


def window_of(since: str | None, until: str | None, today: str | None) -> Window:
    """Inclusive whole UTC days; by default the WINDOW_DAYS days up to --today."""
    from csjourney.cliargs import parse_day
    from csjourney.measure.types import Window

    def day(option: str, value: str | None) -> dt.date | None:
        return None if value is None else parse_day(option, value)

    end = day("--until", until) or day("--today", today) or dt.datetime.now(dt.UTC).date()
    start = day("--since", since) or end - dt.timedelta(days=WINDOW_DAYS - 1)
    if start > end:
        raise UsageError(f"--since {start} is after the window's end {end}")
    return Window(start, end)


def settings_for(
    config: Config, events: Sequence[str] = (), responses: Sequence[str] = ()
) -> MeasureSettings:
    """The config's `[measure]`, its paths made relative to the working directory, and the
    command line's exports in place of the config's."""
    from csjourney.config import EventsInput, ResponsesInput

    settings = config.measure
    base = config.source.parent if config.source is not None else Path(".")
    update: dict[str, object] = {}
    for key, given, kind in (
        ("events", events, EventsInput),
        ("responses", responses, ResponsesInput),
    ):
        if given:
            update[key] = [kind(path=list(given))]
        else:
            inputs = getattr(settings, key)
            update[key] = [i.model_copy(update={"path": _shown(base, i.path)}) for i in inputs]
    return settings.model_copy(update=update)


def _shown(base: Path, paths: list[str]) -> list[str]:
    out = []
    for path in paths:
        joined = path if os.path.isabs(path) else os.path.join(base, path)
        relative = os.path.relpath(joined)
        out.append(joined if relative.startswith("..") else relative)
    return out


def bound_metrics(journey: Journey) -> Iterator[tuple[str | None, Loc, Metric]]:
    """The journey's bound metrics (stage, data path, metric): its own, then each stage's."""
    for index, metric in enumerate(journey.metrics):
        if metric.measure is not None:
            yield None, ("journey", "metrics", index), metric
    for at, stage in enumerate(journey.stages):
        for index, metric in enumerate(stage.metrics):
            if metric.measure is not None:
                yield stage.id, ("journey", "stages", at, "metrics", index), metric


def needs_segments(journeys: Sequence[Journey]) -> bool:
    """Whether a bound metric asks for a segment's row (the engine must compute them)."""
    return any(
        m.measure is not None and m.measure.segment
        for j in journeys
        for _, _, m in bound_metrics(j)
    )


def measure_workspace(
    report: Report,
    settings: MeasureSettings | None = None,
    window: Window | None = None,
    by_segment: bool = False,
) -> Measured:
    """Measure every journey of a checked `report`.

    `settings` applies to every workspace of the run (what the command line names);
    None measures each workspace with its own config's `[measure]`.
    """
    from csjourney.config import Config
    from csjourney.measure.types import Window

    window = window or Window()
    # One group per workspace config: its journeys share that config's exports.
    groups: dict[int, tuple[MeasureSettings, list[tuple[SourceFile, Journey]]]] = {}
    default = Config()
    for file, journey in report.workspace.journeys():
        config = report.config_of.get(file.path, default)
        if id(config) not in groups:
            groups[id(config)] = (settings or settings_for(config), [])
        groups[id(config)][1].append((file, journey))
    parts = [_measure_group(s, js, window, by_segment) for s, js in groups.values()]
    return Measured(
        window,
        tuple(j for part in parts for j in part.journeys),
        _merged([p.events for p in parts if p.events is not None], window),
        _merged([p.responses for p in parts if p.responses is not None], window),
        tuple(d for part in parts for d in part.diagnostics),
    )


def _measure_group(
    settings: MeasureSettings,
    files: list[tuple[SourceFile, Journey]],
    window: Window,
    by_segment: bool,
) -> Measured:
    from csjourney.measure import sources

    journeys = [journey for _, journey in files]
    segments = by_segment or needs_segments(journeys)
    events = sources.measure_events_inputs(settings, journeys, window, segments)
    responses = sources.measure_responses_inputs(settings, journeys, window)
    measures = []
    for file, journey in files:
        funnel = None if events is None else events.funnels.get(journey.id)
        scores = {} if responses is None else responses.scores.get(journey.id, {})
        values = tuple(_values(journey, funnel, scores, events is not None, responses is not None))
        measures.append(JourneyMeasure(file, journey, funnel, values))
    problems = [
        *(events.measurement.problems if events else ()),
        *(responses.measurement.problems if responses else ()),
    ]
    return Measured(
        window,
        tuple(measures),
        events.measurement if events else None,
        responses.measurement if responses else None,
        tuple(data_diagnostic(p) for p in problems),
    )


def _values(
    journey: Journey,
    funnel: JourneyFunnel | None,
    scores: dict[Loc, SurveyScore],
    have_events: bool,
    have_responses: bool,
) -> Iterator[MetricValue]:
    from dataclasses import replace

    from csjourney.measure.values import events_value

    for stage, loc, metric in bound_metrics(journey):
        binding = metric.measure
        assert binding is not None  # bound_metrics yields bound metrics only
        base = MetricValue(journey.id, stage, metric, loc, None)
        if binding.from_ == "events":
            if funnel is None:
                note = "no stage history given" if not have_events else "no data for this journey"
                yield replace(base, note=note)
            else:
                yield replace(base, value=events_value(funnel, stage, binding))
            continue
        score = scores.get(loc)
        if score is None:
            note = "no survey export given" if not have_responses else "no data for this journey"
            yield replace(base, note=note)
        elif binding.statistic in _SURVEY_TYPES:
            yield replace(base, value=score.score, n=score.n, margin=score.margin)
        else:  # a count of responses
            yield replace(base, value=float(score.n), n=score.n)


def data_diagnostic(problem: DataProblem) -> Diagnostic:
    """A data problem as a finding on the data file: its row is the diagnostic's line.

    Rows count data rows from 1 without a CSV header (the engine's numbering), and the
    message names the row, so the location reads in any output.
    """
    from csjourney.measure.datacodes import data_code

    where = f"row {problem.row}: " if problem.row is not None else ""
    entry = data_code(problem.code)
    span = Span.point(problem.row or 1, 1)
    return Diagnostic(
        entry.code, entry.name, entry.severity, where + problem.message, Path(problem.file), span
    )


def _merged(parts: list[M], window: Window) -> M | None:
    from csjourney.measure.sources import merged

    return merged(parts, window) if parts else None

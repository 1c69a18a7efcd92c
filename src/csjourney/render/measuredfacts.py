"""What the "Measured" section says about a journey: its funnel, time in stage, the
stages the map misses or customers skip, and each bound metric's measured value.

Plain data computed once from a measurement (csjourney.measure.run), so the HTML page
and the Markdown report cannot disagree; the templates only lay it out. Numbers stay
unrounded here: the views write them with `domain.number_text`, as `measure` does.
Nothing here imports the engine: a measurement is already plain frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from csjourney.domain import Status, meets, number_text, value_text

if TYPE_CHECKING:
    from datetime import date

    from csjourney.diagnostics import Diagnostic
    from csjourney.measure.types import JourneyFunnel, StageRow
    from csjourney.model import Journey, Metric

# Survey statistics whose margin is in percentage points (CES's is on its 1-7 scale).
_POINTS = frozenset({"nps", "csat"})


class MeasuredValue(Protocol):
    """A bound metric's measured value, as csjourney.measure.run.MetricValue holds it."""

    @property
    def stage(self) -> str | None: ...
    @property
    def metric(self) -> Metric: ...
    @property
    def value(self) -> float | None: ...
    @property
    def n(self) -> int | None: ...
    @property
    def margin(self) -> float | None: ...
    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class StageFact:
    """One stage's row of the funnel."""

    number: int  # the stage's place in the journey, from 1
    name: str
    visits: int
    accounts: int
    bar: float  # visits as a percent of the busiest stage's: the bar's width
    conversion: float | None  # visits moving on to any later stage, percent
    backward: int
    open: int
    median_days: float | None
    p90_days: float | None
    skipped: int  # visits of any earlier stage whose next event jumped over this stage
    often_skipped: bool  # measure's `stage-often-skipped` finding is about this stage


@dataclass(frozen=True, slots=True)
class MeasuredMetric:
    """A bound metric: what the data says next to what the map says."""

    name: str
    where: str  # the stage's name, or "Whole journey"
    source: str  # "events" or "responses"
    measured: str  # the value with its unit, or why there is none
    n: int | None  # survey answers counted
    margin: str | None  # "± 4.2 points"
    target: str
    current: str
    status: Status  # the measured value against the target
    small_sample: bool  # measure's `measure-sample-small` finding is about this metric


@dataclass(frozen=True, slots=True)
class MeasuredSection:
    since: date | None
    until: date | None
    events: bool  # a stage history was read
    responses: bool  # a survey export was read
    sources: tuple[str, ...]  # the exports read, as the user named them
    excluded: int  # rows of the exports left out for a data problem
    stages: tuple[StageFact, ...]
    completion: float | None  # accounts entering the first stage that reach the last, %
    unmapped: tuple[tuple[str, int], ...]  # (stage value in the log, visits)
    unvisited: tuple[str, ...]  # names of the journey's stages nobody entered
    metrics: tuple[MeasuredMetric, ...]
    findings: tuple[Diagnostic, ...]  # what `measure` finds about the map, on this journey

    @property
    def window(self) -> str:
        return f"{self.since or 'the first event'} to {self.until or 'the last event'}"

    @property
    def has_data(self) -> bool:
        """Whether the data says anything about this journey in the window."""
        return (
            any(s.visits for s in self.stages)
            or bool(self.unmapped)
            or any(m.n for m in self.metrics)
        )


def figure(value: float | None, suffix: str = "") -> str:
    """A measured number as the section writes it: one decimal is all a funnel needs
    (`measure --format json` has them unrounded); `—` for nothing to count."""
    return "—" if value is None else number_text(round(value, 1)) + suffix


def _percent(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


def stage_facts(
    journey: Journey, funnel: JourneyFunnel, segment: str | None, skipped: frozenset[str]
) -> tuple[StageFact, ...]:
    """The funnel rows of the journey's stages (those it still has, with --segment)."""
    rows: dict[str, StageRow] = {r.id: r for r in funnel.stages if r.segment == segment}
    present = [(i, s, rows[s.id]) for i, s in enumerate(journey.stages, 1) if s.id in rows]
    busiest = max((row.visits for _, _, row in present), default=0)
    facts: list[StageFact] = []
    for number, stage, row in present:
        facts.append(
            StageFact(
                number=number,
                name=stage.name,
                visits=row.visits,
                accounts=row.accounts,
                bar=round(_percent(row.visits, busiest) or 0.0, 1),
                conversion=row.conversion,
                backward=row.backward,
                open=row.open,
                median_days=row.median_days,
                p90_days=row.p90_days,
                skipped=row.skipped,
                often_skipped=stage.id in skipped,
            )
        )
    return tuple(facts)


def _margin(statistic: str, margin: float | None) -> str | None:
    if margin is None:
        return None
    return "± " + figure(margin, " points" if statistic in _POINTS else "")


def metric_fact(journey: Journey, value: MeasuredValue, small: bool = False) -> MeasuredMetric:
    metric = value.metric
    binding = metric.measure
    statistic = binding.statistic if binding is not None else ""
    names = {s.id: s.name for s in journey.stages}
    status: Status = "no-data"
    if value.value is not None:
        status = "no-target" if metric.target is None else "off-target"
        if metric.target is not None and meets(metric, value.value, metric.target):
            status = "on-target"
    measured = value_text(metric, value.value) if value.value is not None else "—"
    return MeasuredMetric(
        name=metric.name,
        where=names.get(value.stage, value.stage) if value.stage else "Whole journey",
        source=binding.from_ if binding is not None else "",
        measured=measured if value.value is not None or not value.note else value.note,
        n=value.n,
        margin=_margin(statistic, value.margin),
        target=value_text(metric, metric.target),
        current=value_text(metric, metric.current),
        status=status,
        small_sample=small,
    )


def _for_segment(metric: Metric, segment: str) -> bool:
    return metric.measure is None or metric.measure.segment in (None, segment)


@dataclass(frozen=True, slots=True)
class JourneyData:
    """One journey's measurement as render receives it (render/measuring.py builds it)."""

    funnel: JourneyFunnel | None  # None: no stage history feeds this journey
    values: tuple[MeasuredValue, ...]  # its bound metrics' measured values
    since: date | None
    until: date | None
    sources: tuple[str, ...]  # the exports read, as the user named them
    responses: bool  # a survey export feeds this journey
    # measure's findings on this journey (csjourney.measure.findings), sorted by position
    findings: tuple[Diagnostic, ...] = ()
    excluded: int = 0  # rows of the exports left out for a data problem


def measured_section(
    journey: Journey, data: JourneyData, segment: str | None = None
) -> MeasuredSection:
    """The section of one journey.

    With `segment` (render --segment), the funnel rows are that segment's and the
    metrics those bound to it or to no segment; `journey` is then the segment's view.
    """
    funnel = data.funnel
    # The findings judge the whole journey: a segment's rows are not marked by them.
    skipped = frozenset(
        d.subject or "" for d in data.findings if d.name == "stage-often-skipped" and not segment
    )
    stages = () if funnel is None else stage_facts(journey, funnel, segment, skipped)
    done = [c for c in funnel.completion if c.segment == segment] if funnel else []
    kept = {s.id for s in journey.stages}
    small = {d.subject for d in data.findings if d.name == "measure-sample-small"}
    metrics = tuple(
        metric_fact(journey, v, v.metric.id in small)
        for v in data.values
        if (v.stage is None or v.stage in kept)
        and (segment is None or _for_segment(v.metric, segment))
    )
    return MeasuredSection(
        since=data.since,
        until=data.until,
        events=funnel is not None,
        responses=data.responses,
        sources=data.sources,
        excluded=data.excluded,
        stages=stages,
        completion=done[0].conversion if done else None,
        unmapped=tuple((u.stage, u.visits) for u in funnel.unmapped) if funnel else (),
        unvisited=tuple(s.name for s in stages if not s.visits),
        metrics=metrics,
        findings=data.findings,
    )

"""The `measure` report: bound metrics' values from the funnels, as JSON and as text.

Plain functions over the engine's frozen results (csjourney.measure.types) and the
validated models; nothing here runs the engine. Survey metrics (`from: responses`) are
listed with a null value until the responses engine is plugged in (`_RESPONSES`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.diagnostics import Diagnostic, Severity, Span

if TYPE_CHECKING:
    from csjourney.measure.types import DataProblem, EventsMeasurement, JourneyFunnel, StageRow
    from csjourney.model import Journey, Metric

# Stable codes of the data problems, by the engine's kind; never renumber (as CSJ0xx).
DATA_CODES: dict[str, str] = {
    "unreadable-file": "CSJ401",
    "empty-file": "CSJ402",
    "missing-column": "CSJ403",
    "bad-column-type": "CSJ404",
    "missing-value": "CSJ405",
    "bad-timestamp": "CSJ406",
    "unknown-journey": "CSJ407",
}
_OTHER_DATA_CODE = "CSJ400"  # a kind this release does not know yet: still an error
_RESPONSES = "not measured yet: survey responses are read in a later release"


def data_diagnostic(problem: DataProblem) -> Diagnostic:
    """A data problem as a finding on the data file: its row is the diagnostic's line.

    Rows count data rows from 1 without a CSV header (the engine's numbering), and the
    message names the row and the column, so the location reads in any output.
    """
    where = f"row {problem.row}: " if problem.row is not None else ""
    span = Span.point(problem.row or 1, 1)
    code = DATA_CODES.get(problem.code, _OTHER_DATA_CODE)
    return Diagnostic(
        code, problem.code, Severity.ERROR, where + problem.message, Path(problem.file), span
    )


@dataclass(frozen=True)
class MetricValue:
    """A bound metric's measured value (None: nothing to count, or not measured)."""

    journey: str
    stage: str | None
    metric: Metric
    value: float | None
    note: str | None = None  # why there is no value, for the text report

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.metric.id,
            "value": self.value,
            "n": None,  # events statistics have no sample size or margin
            "margin": None,
            "target": self.metric.target,
            "current": self.metric.current,
        }


def _percent(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


# What each events statistic reads from a stage's funnel row.
_STAGE_STATISTICS: dict[str, Callable[[StageRow], float | None]] = {
    "visits": lambda row: row.visits,
    "accounts": lambda row: row.accounts,
    "conversion": lambda row: row.conversion,
    "median-days": lambda row: row.median_days,
    "p90-days": lambda row: row.p90_days,
    "backward": lambda row: _percent(row.backward, row.visits),
}


def _bound(journey: Journey) -> Iterator[tuple[str | None, Metric]]:
    """The journey's bound metrics: its own (stage None), then each stage's in order."""
    for metric in journey.metrics:
        if metric.measure is not None:
            yield None, metric
    for stage in journey.stages:
        for metric in stage.metrics:
            if metric.measure is not None:
                yield stage.id, metric


def needs_segments(journeys: list[Journey]) -> bool:
    """Whether a bound metric asks for a segment's row (the engine must compute them)."""
    return any(m.measure is not None and m.measure.segment for j in journeys for _, m in _bound(j))


def metric_values(journey: Journey, funnel: JourneyFunnel) -> list[MetricValue]:
    values = []
    for stage, metric in _bound(journey):
        binding = metric.measure
        assert binding is not None  # _bound yields bound metrics only
        if binding.from_ != "events":
            values.append(MetricValue(journey.id, stage, metric, None, _RESPONSES))
            continue
        segment = binding.segment
        value: float | None = None
        if stage is not None:
            rows = [r for r in funnel.stages if r.id == stage and r.segment == segment]
            value = _STAGE_STATISTICS[binding.statistic](rows[0]) if rows else None
        elif binding.statistic == "conversion":  # the journey as a whole: first to last stage
            done = [c for c in funnel.completion if c.segment == segment]
            value = done[0].conversion if done else None
        else:  # a journey-level count or time: the first stage's, where the journey starts
            rows = [
                r for r in funnel.stages if r.id == funnel.stages[0].id and r.segment == segment
            ]
            value = _STAGE_STATISTICS[binding.statistic](rows[0]) if rows else None
        values.append(MetricValue(journey.id, stage, metric, value))
    return values


def _stage_json(row: StageRow) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(row)


def report_json(
    measurement: EventsMeasurement,
    journeys: list[Journey],
    by_segment: bool,
    diagnostics: list[dict[str, object]],
) -> dict[str, object]:
    """The JSON report, in the shape docs/cli.md gives (numbers unrounded)."""
    window = measurement.window
    out = []
    for journey, funnel in zip(journeys, measurement.journeys, strict=True):
        rows = [r for r in funnel.stages if by_segment or r.segment is None]
        out.append(
            {
                "id": journey.id,
                "stages": [_stage_json(r) for r in rows],
                "unmapped": [{"stage": u.stage, "visits": u.visits} for u in funnel.unmapped],
                "metrics": [v.as_json() for v in metric_values(journey, funnel)],
            }
        )
    since = window.since.isoformat() if window.since else None
    until = window.until.isoformat() if window.until else None
    return {"window": {"since": since, "until": until}, "journeys": out, "diagnostics": diagnostics}


def _cell(value: float | None) -> str:
    from csjourney.domain import number_text

    return "—" if value is None else number_text(value)


_COLUMNS = ("stage", "segment", "visits", "accounts", "forward", "backward", "open", "skipped")
_TIMES = ("conversion %", "median days", "p90 days")


def report_text(measurement: EventsMeasurement, journeys: list[Journey], by_segment: bool) -> str:
    """One funnel table per journey, then each bound metric next to its target and current."""
    from csjourney.domain import value_text
    from csjourney.safetext import printable

    window = measurement.window
    lines = [f"Window: {window.since} to {window.until} (inclusive, UTC)"]
    for journey, funnel in zip(journeys, measurement.journeys, strict=True):
        table = [[*_COLUMNS, *_TIMES]]
        for r in funnel.stages:
            if r.segment is not None and not by_segment:
                continue
            counts = [r.visits, r.accounts, r.forward, r.backward, r.open, r.skipped]
            times = [r.conversion, r.median_days, r.p90_days]
            table.append([r.id, r.segment or "all", *map(_cell, counts), *map(_cell, times)])
        widths = [max(len(printable(row[i])) for row in table) for i in range(len(table[0]))]
        lines += ["", f"Journey {printable(journey.id)}"]
        for row in table:
            cells = [
                printable(c).ljust(w) if i < 2 else printable(c).rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  " + "  ".join(cells).rstrip())
        for u in funnel.unmapped:
            visits = f"{_cell(u.visits)} visit{'' if u.visits == 1 else 's'}"
            lines.append(f"  unmapped stage '{printable(u.stage)}': {visits}")
        for name in funnel.unvisited:
            lines.append(f"  no visit: {printable(name)}")
        values = metric_values(journey, funnel)
        if values:
            lines.append("  Metrics:")
        for v in values:
            where = f"{v.stage}/" if v.stage else ""
            measured = v.note or value_text(v.metric, v.value)
            target, current = (
                value_text(v.metric, v.metric.target),
                value_text(v.metric, v.metric.current),
            )
            lines.append(
                f"    {printable(where + v.metric.id)}: {printable(measured)}"
                f" (target {target}, current {current})"
            )
    return "\n".join(lines) + "\n"

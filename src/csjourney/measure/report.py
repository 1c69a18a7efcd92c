"""The `measure` report as text, JSON and Markdown: funnels, then bound metrics' values.

Plain functions over a `Measured` (csjourney.measure.run); nothing here runs the
engine or prints. Each format is one entry of `FORMATS`; the findings (validate's and
measure's) come after the tables, written by the text reporter or listed in the JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.diagnostics import Diagnostic
    from csjourney.measure.run import JourneyMeasure, Measured, MetricValue
    from csjourney.measure.types import StageRow, Window


def _window(window: Window) -> dict[str, str | None]:
    since = window.since.isoformat() if window.since else None
    until = window.until.isoformat() if window.until else None
    return {"since": since, "until": until}


def _rows(measure: JourneyMeasure, by_segment: bool) -> list[StageRow]:
    stages = measure.funnel.stages if measure.funnel is not None else ()
    return [r for r in stages if by_segment or r.segment is None]


def report_json(
    measured: Measured, by_segment: bool, diagnostics: list[dict[str, object]]
) -> dict[str, object]:
    """The JSON report, in the shape docs/cli.md gives (numbers unrounded)."""
    journeys = [
        {
            "id": m.journey.id,
            "stages": [asdict(r) for r in _rows(m, by_segment)],
            "unmapped": [
                {"stage": u.stage, "visits": u.visits}
                for u in (m.funnel.unmapped if m.funnel else ())
            ],
            "metrics": [v.as_json() for v in m.values],
        }
        for m in measured.journeys
    ]
    return {"window": _window(measured.window), "journeys": journeys, "diagnostics": diagnostics}


def _cell(value: float | None) -> str:
    from csjourney.domain import number_text

    return "—" if value is None else number_text(value)


_HEADER = (
    "stage", "segment", "visits", "accounts", "forward", "backward", "open", "skipped",
    "conversion %", "median days", "p90 days",
)  # fmt: skip


def _table(measure: JourneyMeasure, by_segment: bool) -> list[list[str]]:
    """The funnel as rows of cells, the header first; cells are raw text."""
    table = [list(_HEADER)]
    for r in _rows(measure, by_segment):
        counts = [r.visits, r.accounts, r.forward, r.backward, r.open, r.skipped]
        times = [r.conversion, r.median_days, r.p90_days]
        table.append([r.id, r.segment or "all", *map(_cell, counts), *map(_cell, times)])
    return table


def measured_text(value: MetricValue) -> str:
    """`41.2 ± 3.1 (n=812)`, `63.8%`, or why there is no value."""
    from csjourney.domain import number_text, value_text

    if value.value is None:
        return value.note or "no data in the window"
    text = value_text(value.metric, value.value)
    if value.margin is not None:
        text += f" ± {number_text(value.margin)}"
    if value.n is not None:
        text += f" (n={number_text(value.n)})"
    return text


def _metric_line(value: MetricValue) -> tuple[str, str, str, str]:
    from csjourney.domain import value_text

    where = f"{value.stage}/" if value.stage else ""
    metric = value.metric
    return (
        where + metric.id,
        measured_text(value),
        value_text(metric, metric.target),
        value_text(metric, metric.current),
    )


def _notes(measure: JourneyMeasure) -> Iterator[str]:
    """What the funnel table cannot show: stage values the map lacks, stages nobody took."""
    if measure.funnel is None:
        return
    for u in measure.funnel.unmapped:
        yield f"unmapped stage '{u.stage}': {_cell(u.visits)} visit{'' if u.visits == 1 else 's'}"
    for name in measure.funnel.unvisited:
        yield f"no visit: {name}"


def report_text(measured: Measured, by_segment: bool) -> str:
    """One funnel table per journey, then each bound metric next to its target and current."""
    from csjourney.safetext import printable

    window = measured.window
    lines = [f"Window: {window.since} to {window.until} (inclusive, UTC)"]
    for m in measured.journeys:
        lines += ["", f"Journey {printable(m.journey.id)}"]
        if m.funnel is None:
            lines.append("  no stage history for this journey")
        else:
            table = [[printable(c) for c in row] for row in _table(m, by_segment)]
            widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
            for row in table:
                cells = [
                    c.ljust(w) if i < 2 else c.rjust(w)
                    for i, (c, w) in enumerate(zip(row, widths, strict=True))
                ]
                lines.append("  " + "  ".join(cells).rstrip())
        lines += [f"  {printable(note)}" for note in _notes(m)]
        if m.values:
            lines.append("  Metrics:")
        for name, value, target, current in map(_metric_line, m.values):
            lines.append(
                f"    {printable(name)}: {printable(value)}"
                f" (target {printable(target)}, current {printable(current)})"
            )
    return "\n".join(lines) + "\n"


def report_markdown(measured: Measured, by_segment: bool) -> str:
    """The report as GitHub Markdown: a pull request comment or a job summary."""
    from csjourney.render.escape import md_cell, md_inline

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(md_cell(c) for c in cells) + " |"

    window = measured.window
    lines = [f"# Measured: {window.since} to {window.until}", ""]
    lines.append("Whole days, inclusive, UTC.")
    for m in measured.journeys:
        lines += ["", f"## Journey {md_inline(m.journey.title)} (`{m.journey.id}`)", ""]
        if m.funnel is None:
            lines.append("No stage history for this journey.")
        else:
            table = _table(m, by_segment)
            lines += [row(table[0]), "|" + "---|" * 2 + "---:|" * (len(table[0]) - 2)]
            lines += [row(r) for r in table[1:]]
        notes = list(_notes(m))
        if notes:
            lines.append("")
        lines += [f"- {md_inline(note)}" for note in notes]
        if m.values:
            lines += ["", row(["metric", "measured", "target", "current"]), "|---|---:|---:|---:|"]
            lines += [row(list(_metric_line(v))) for v in m.values]
    return "\n".join(lines) + "\n"


def findings_markdown(diagnostics: list[Diagnostic]) -> str:
    """The findings as a Markdown table after the report (nothing when there are none)."""
    from csjourney.render.escape import md_cell, md_code, md_message
    from csjourney.safetext import display_path

    if not diagnostics:
        return ""
    lines = ["", "## Findings", "", "| where | severity | code | finding |", "|---|---|---|---|"]
    for d in diagnostics:
        where = md_code(f"{display_path(d.path)}:{d.span.line}:{d.span.column}")
        message = d.message + (f" ({d.hint})" if d.hint else "")
        code = f"{d.code} {d.name}"
        lines.append(f"| {where} | {d.severity.label} | {md_cell(code)} | {md_message(message)} |")
    return "\n".join(lines) + "\n"


#: Each report format: (measured, by segment) -> text before the findings.
FORMATS: dict[str, Callable[[Measured, bool], str]] = {
    "text": report_text,
    "markdown": report_markdown,
}

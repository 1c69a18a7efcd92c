"""The map view: the classic journey map canvas as a Graphviz HTML-like table.

One column per stage in journey order, headed by the stage and its phase,
and one lane per row: customer goal, touchpoints, emotion, pain points,
initiatives, metrics, exit criteria. A table gives a true grid that every
Graphviz version lays out the same way. Long journeys are cut into bands of
at most `BAND_SIZE` stages stacked top to bottom, so a 30-stage map stays
readable on a screen instead of becoming one 6-metre strip. Above the grid,
the goals band (mapgoals); in it and in the lanes, the marks that tie an
initiative to the pain points it addresses and flag a figure with a source
(mapmarks).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from csjourney.model import Evidence, Journey, Stage
from csjourney.render import labels as lb
from csjourney.render.goalfacts import MetricFact, report_facts
from csjourney.render.mapgoals import goals_row, source_mark
from csjourney.render.mapmarks import (
    Ties,
    initiatives_in_order,
    metric_tip,
    pains_in_order,
    ties,
)
from csjourney.render.style import (
    EMOTIONS,
    LANE_FILL,
    LINE,
    METRIC_STATUS,
    MUTED,
    PHASE_LABELS,
    SEVERITIES,
    SEVERITY_LINES,
    SMALL,
    SOURCE_MARK,
    STATUS_LABELS,
    STATUSES,
    phase_swatch,
    signed,
)

BAND_SIZE = 10
COLUMN_WIDTH = 190  # points; at 11 pt this holds about 30 characters
WRAP = 30
DETAIL_WRAP = 2 * WRAP  # the channel line, in the small font
MARK = COLUMN_WIDTH - 16  # width of an emotion level bar
MARKS_PER_LINE = 5  # pain point marks under an initiative: five of "P12b" fit a column
MAX_MARKS = 20  # then "+N more": a chip stays a few lines high however much it addresses


@dataclass(frozen=True, slots=True)
class _Context:
    """What a lane needs beyond its stage."""

    channels: dict[str, str]
    ties: Ties
    metrics: dict[str, MetricFact]  # metric id -> its status and source


def _goal(stage: Stage, _: _Context) -> str:
    return lb.tipped(stage.customer_goal, width=WRAP) if stage.customer_goal else ""


def _exit(stage: Stage, _: _Context) -> str:
    return lb.tipped(stage.exit_criteria, width=WRAP) if stage.exit_criteria else ""


def _touchpoints(stage: Stage, context: _Context) -> str:
    rows = []
    for touchpoint in stage.touchpoints:
        detail = context.channels.get(touchpoint.channel, touchpoint.channel)
        if touchpoint.automated:
            detail += " · automated"
        content = lb.lines(
            lb.text(touchpoint.name, width=WRAP),
            lb.text(detail, width=DETAIL_WRAP, size=SMALL, color=MUTED),
        )
        tip = lb.tooltip(lb.cut((touchpoint.name, WRAP), (detail, DETAIL_WRAP)))
        rows.append(lb.row(lb.cell(content, fill="#ffffff", border=1, color=LINE, **tip)))
    return lb.table(rows, cellspacing=3) if rows else ""


def _emotion(stage: Stage, _: _Context) -> str:
    """Five levels, one filled: across the columns the marks read as a curve."""
    rows = []
    for level in (2, 1, 0, -1, -2):
        colour, words = EMOTIONS[level]
        if stage.emotion == level:
            mark = lb.text(f"{signed(level)}  {words}", size=SMALL, color="#ffffff", bold=True)
            rows.append(lb.row(lb.cell(mark, fill=colour, align="CENTER", height=16, width=MARK)))
        else:
            fill = "#dde1e6" if level == 0 else LANE_FILL
            rows.append(lb.row(lb.cell("", fill=fill, height=16 if level else 3, width=MARK)))
    feeling = stage.customer_feeling
    if stage.emotion is None:
        rows = [lb.row(lb.cell(lb.text("not recorded", size=SMALL, color=MUTED), align="CENTER"))]
    if feeling:
        rows.append(lb.row(lb.cell(lb.tipped(feeling, width=WRAP, italic=True, size=10))))
    return lb.table(rows, cellspacing=1, cellpadding=1)


def _mark(mark: str, colour: str) -> str:
    """A pain point's mark as the map prints it, on the pain point and on its initiatives."""
    return lb.text(mark, size=10, bold=True, color=colour)


def _chip(fill: str, parts: list[str], tip: str, anchor: str) -> str:
    """A coloured card of `parts`, one per line; `tip` is its tooltip, `anchor` its id."""
    content = lb.lines(*parts)
    return lb.row(lb.cell(content, fill=fill, id=lb.attribute(anchor), **lb.tooltip(tip)))


def _pain_points(stage: Stage, context: _Context) -> str:
    rows = []
    for pain in pains_in_order(stage):
        fill, ink = SEVERITIES[pain.severity]
        heading = _mark(context.ties.marks[pain.id], ink) + lb.text(
            f"   {pain.severity.upper()}", size=SMALL, color=ink, bold=True
        )
        parts = [heading, lb.text(pain.name, width=WRAP, color=ink)]
        if pain.id not in context.ties.addressed_by:
            parts.append(lb.text("no initiative yet", size=SMALL, italic=True, color=ink))
        rows.append(_chip(fill, parts, context.ties.pain_tip(pain), f"map-pain-{pain.id}"))
    return lb.table(rows, cellspacing=3, cellpadding=4) if rows else ""


def _initiatives(stage: Stage, context: _Context) -> str:
    rows = []
    for item in initiatives_in_order(stage):
        fill, ink = STATUSES[item.status]
        label = STATUS_LABELS[item.status].upper() + (f" · due {item.due}" if item.due else "")
        parts = [
            lb.text(label, size=SMALL, color=ink, bold=True),
            lb.text(item.name, width=WRAP, strike=item.status == "dropped"),
        ]
        tied = context.ties.addressed(item)
        marks = [_mark(m, SEVERITY_LINES[p.severity]) for m, p in tied[:MAX_MARKS]]
        if len(tied) > MAX_MARKS:  # the tooltip lists them all
            marks.append(lb.text(f"+{len(tied) - MAX_MARKS} more", size=SMALL, color=ink))
        for start in range(0, len(marks), MARKS_PER_LINE):
            line = lb.text("  ").join(marks[start : start + MARKS_PER_LINE])
            lead = lb.text("addresses ", size=SMALL, color=ink) if start == 0 else ""
            parts.append(lead + line)
        tip = context.ties.initiative_tip(item)
        rows.append(_chip(fill, parts, tip, f"map-initiative-{item.id}"))
    return lb.table(rows, cellspacing=3, cellpadding=4) if rows else ""


def _metrics(stage: Stage, context: _Context) -> str:
    rows = []
    for metric in stage.metrics:
        fact = context.metrics[metric.id]
        colour, words = METRIC_STATUS[fact.row.status]
        current = fact.value(metric.current)
        target = f"target {fact.value(metric.target)}" if metric.target is not None else ""
        figures = lb.text(current, width=WRAP, bold=True, color=colour)
        if max(len(current), len(target)) <= WRAP:
            figures += lb.text(f"  {target}", color=MUTED) if target else ""
        elif target:  # a long unit: each figure wraps in the column rather than widening it
            figures += '<BR ALIGN="LEFT"/>' + lb.text(target, width=WRAP, color=MUTED)
        body = lb.lines(
            lb.text(metric.name, width=WRAP, size=10),
            figures,
            lb.text(words.upper(), size=SMALL - 1, color=colour, bold=True),
            source_mark(fact),
        )
        tip = lb.tooltip(metric_tip(fact))
        anchor = lb.attribute(f"map-metric-{metric.id}")
        cell = lb.cell(body, fill="#ffffff", border=1, color=LINE, id=anchor, **tip)
        rows.append(lb.row(cell))
    return lb.table(rows, cellspacing=3) if rows else ""


Lane = tuple[str, Callable[[Stage, _Context], str]]
LANES: tuple[Lane, ...] = (
    ("Customer goal", _goal),
    ("Touchpoints", _touchpoints),
    ("Emotion", _emotion),
    ("Pain points", _pain_points),
    ("Initiatives", _initiatives),
    ("Metrics", _metrics),
    ("Exit criteria", _exit),
)


def _phase_row(stages: list[Stage]) -> str:
    """Consecutive stages of one phase share a merged header cell."""
    cells = [lb.cell(lb.text("Phase", bold=True, color=MUTED), fill=LANE_FILL)]
    index = 0
    while index < len(stages):
        phase = stages[index].effective_phase
        span = 1
        while index + span < len(stages) and stages[index + span].effective_phase == phase:
            span += 1
        fill, ink = phase_swatch(phase)
        name = PHASE_LABELS.get(phase, PHASE_LABELS[None]).upper()
        cells.append(
            lb.cell(
                lb.text(name, size=10, bold=True, color=ink),
                fill=fill,
                align="CENTER",
                colspan=span,
            )
        )
        index += span
    return lb.row(*cells)


def _band(stages: list[Stage], first: int, context: _Context, legend: bool, top: str) -> str:
    """The grid of `stages`, numbered from `first`; `top` is a row above it (the goals)."""
    header = [
        lb.cell(lb.text("Stage", bold=True, color=MUTED), fill=LANE_FILL, valign="TOP", width=110)
    ]
    for number, stage in enumerate(stages, start=first):
        fill, ink = phase_swatch(stage.effective_phase)
        title = lb.text(f"{number}. ", color=ink) + lb.text(
            stage.name, width=WRAP - 4, bold=True, color=ink
        )
        tip = lb.tooltip(lb.cut((stage.name, WRAP - 4)))
        header.append(
            lb.cell(title, fill=fill, width=COLUMN_WIDTH, height=30, valign="MIDDLE", **tip)
        )
    rows = [top, _phase_row(stages), lb.row(*header)]
    for lane, content in LANES:
        cells = [lb.cell(lb.text(lane, bold=True), fill=LANE_FILL, valign="TOP", width=110)]
        cells.extend(
            lb.cell(content(stage, context), fill="#ffffff", valign="TOP") for stage in stages
        )
        rows.append(lb.row(*cells))
    if legend:
        rows.append(lb.row(lb.cell(_legend(context), fill="#ffffff", colspan=len(stages) + 1)))
    return lb.table(rows, cellspacing=1, cellpadding=6, bgcolor=LINE)


def _legend(context: _Context) -> str:
    marks = _mark_keys(bool(context.ties.marks), any(m.source for m in context.metrics.values()))
    return lb.table([lb.row(lb.cell(_colour_keys()))] + ([lb.row(marks)] if marks else []))


def _mark_keys(ties: bool, sources: bool) -> str:
    """What the marks the map uses mean, as one run of text (a table would spread its
    cells over the legend's width); "" when it uses none."""
    keys = []
    if ties:
        keys.append(
            _mark("P3a", SEVERITY_LINES["high"])
            + lb.text(
                "  pain point a of stage 3: each initiative lists the marks of the pain points "
                "it addresses      ",
                size=SMALL,
                color=MUTED,
            )
        )
    if sources:
        keys.append(
            lb.text(SOURCE_MARK, bold=True, size=SMALL, color=MUTED)
            + lb.text(
                "  the figure has a source: its kind, date and sample size (hover it for the "
                "source)",
                size=SMALL,
                color=MUTED,
            )
        )
    if not keys:
        return ""
    return lb.cell(lb.text("Marks   ", bold=True, size=SMALL, color=MUTED) + "".join(keys))


def _colour_keys() -> str:
    cells = [lb.cell(lb.text("Pain severity", bold=True, size=SMALL, color=MUTED))]
    cells += [
        lb.cell(lb.text(s.upper(), size=SMALL, bold=True, color=ink), fill=fill)
        for s, (fill, ink) in SEVERITIES.items()
    ]
    cells.append(lb.cell(lb.text("   Initiative status", bold=True, size=SMALL, color=MUTED)))
    cells += [
        lb.cell(lb.text(STATUS_LABELS[s].upper(), size=SMALL, bold=True, color=ink), fill=fill)
        for s, (fill, ink) in STATUSES.items()
    ]
    cells.append(lb.cell(lb.text("   Metric", bold=True, size=SMALL, color=MUTED)))
    cells += [
        lb.cell(lb.text(words.upper(), size=SMALL, bold=True, color=colour))
        for colour, words in (METRIC_STATUS["on-target"], METRIC_STATUS["off-target"])
    ]
    return lb.table([lb.row(*cells)], cellspacing=3, cellpadding=3)


def _title(journey: Journey, segment_names: dict[str, str]) -> str:
    segments = ", ".join(segment_names.get(s, s) for s in journey.segments)
    facts = [f"For: {segments}"]
    if journey.owner:
        facts.append(f"Owner: {journey.owner}")
    if journey.reviewed:
        facts.append(f"Reviewed: {journey.reviewed}")
    return lb.lines(
        lb.text(journey.title, size=18, bold=True),
        lb.text("   ·   ".join(facts), size=10, color=MUTED),
    )


def map_dot(
    journey: Journey,
    segment_names: dict[str, str],
    channels: dict[str, str],
    evidence: Mapping[str, Evidence] | None = None,
) -> str:
    """DOT source of the map view of `journey`; `evidence` is its workspace's, by id."""
    out = lb.graph_header("journey_map", "TB")
    title = lb.html_label(_title(journey, segment_names))
    out.append(f"  graph [label={title} labelloc=t labeljust=l];")
    out.append("  node [shape=plaintext margin=0];")
    facts = report_facts(journey, evidence or {})
    context = _Context(channels, ties(journey), {m.metric.id: m for m in facts.metrics})
    stages = list(journey.stages)
    previous = ""
    goals = goals_row(facts, min(max(len(stages), 1), BAND_SIZE), COLUMN_WIDTH)
    for start in range(0, len(stages), BAND_SIZE):
        band = stages[start : start + BAND_SIZE]
        name = f"band{start // BAND_SIZE + 1}"
        last = start + BAND_SIZE >= len(stages)
        top = goals if start == 0 else ""
        label = lb.html_label(_band(band, start + 1, context, last, top))
        out.append(f"  {name} [label={label}];")
        if previous:
            out.append(f"  {previous} -> {name} [style=invis];")
        previous = name
    if not stages:  # the segment's goals still show
        empty = lb.text("No stages apply to this segment.", color=MUTED)
        if goals:
            rows = [goals, lb.row(lb.cell(""), lb.cell(empty, fill="#ffffff"))]
            empty = lb.table(rows, cellspacing=1, cellpadding=6, bgcolor=LINE)
        out.append(f"  band1 [label={lb.html_label(empty)}];")
    out.append("}")
    return "\n".join(out) + "\n"

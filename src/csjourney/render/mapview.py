"""The map view: the classic journey map canvas as a Graphviz HTML-like table.

One column per stage in journey order, headed by the stage and its phase,
and one lane per row: customer goal, touchpoints, emotion, pain points,
initiatives, metrics, exit criteria. A table gives a true grid that every
Graphviz version lays out the same way. Long journeys are cut into bands of
at most `BAND_SIZE` stages stacked top to bottom, so a 30-stage map stays
readable on a screen instead of becoming one 6-metre strip.
"""

from __future__ import annotations

from collections.abc import Callable

from csjourney.domain import metric_status, value_text
from csjourney.model import Journey, Stage
from csjourney.render import labels as lb
from csjourney.render.style import (
    EMOTIONS,
    LANE_FILL,
    LINE,
    METRIC_STATUS,
    MUTED,
    PHASE_LABELS,
    SEVERITIES,
    SEVERITY_ORDER,
    STATUS_LABELS,
    STATUS_ORDER,
    STATUSES,
    phase_swatch,
    signed,
)

BAND_SIZE = 10
COLUMN_WIDTH = 190  # points; at 11 pt this holds about 30 characters
WRAP = 30
DETAIL_WRAP = 2 * WRAP  # the channel line, in the small font
SMALL = 9
MARK = COLUMN_WIDTH - 16  # width of an emotion level bar


def _goal(stage: Stage, _: dict[str, str]) -> str:
    return lb.tipped(stage.customer_goal, width=WRAP) if stage.customer_goal else ""


def _exit(stage: Stage, _: dict[str, str]) -> str:
    return lb.tipped(stage.exit_criteria, width=WRAP) if stage.exit_criteria else ""


def _touchpoints(stage: Stage, channels: dict[str, str]) -> str:
    rows = []
    for touchpoint in stage.touchpoints:
        detail = channels.get(touchpoint.channel, touchpoint.channel)
        if touchpoint.automated:
            detail += " · automated"
        content = lb.lines(
            lb.text(touchpoint.name, width=WRAP),
            lb.text(detail, width=DETAIL_WRAP, size=SMALL, color=MUTED),
        )
        tip = lb.tooltip(lb.cut((touchpoint.name, WRAP), (detail, DETAIL_WRAP)))
        rows.append(lb.row(lb.cell(content, fill="#ffffff", border=1, color=LINE, **tip)))
    return lb.table(rows, cellspacing=3) if rows else ""


def _emotion(stage: Stage, _: dict[str, str]) -> str:
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


def _chip(label: str, fill: str, ink: str, body: str, full: str) -> str:
    """A coloured card: `label` over `body`; `full` is the tooltip of a cut name."""
    content = lb.lines(lb.text(label, size=SMALL, color=ink, bold=True), body)
    return lb.row(lb.cell(content, fill=fill, **lb.tooltip(full)))


def _pain_points(stage: Stage, _: dict[str, str]) -> str:
    rows = []
    for pain in sorted(stage.pain_points, key=lambda p: SEVERITY_ORDER[p.severity]):
        fill, ink = SEVERITIES[pain.severity]
        rows.append(
            _chip(
                pain.severity.upper(),
                fill,
                ink,
                lb.text(pain.name, width=WRAP, color=ink),
                lb.cut((pain.name, WRAP)),
            )
        )
    return lb.table(rows, cellspacing=3, cellpadding=4) if rows else ""


def _initiatives(stage: Stage, _: dict[str, str]) -> str:
    rows = []
    for item in sorted(stage.initiatives, key=lambda i: STATUS_ORDER[i.status]):
        fill, ink = STATUSES[item.status]
        label = STATUS_LABELS[item.status].upper() + (f" · due {item.due}" if item.due else "")
        name = lb.text(item.name, width=WRAP, strike=item.status == "dropped")
        rows.append(_chip(label, fill, ink, name, lb.cut((item.name, WRAP))))
    return lb.table(rows, cellspacing=3, cellpadding=4) if rows else ""


def _metrics(stage: Stage, _: dict[str, str]) -> str:
    rows = []
    for metric in stage.metrics:
        colour, words = METRIC_STATUS[metric_status(metric)]
        current = value_text(metric, metric.current)
        target = f"target {value_text(metric, metric.target)}" if metric.target is not None else ""
        figures = lb.text(current, width=WRAP, bold=True, color=colour)
        if max(len(current), len(target)) <= WRAP:
            figures += lb.text(f"  {target}", color=MUTED) if target else ""
        elif target:  # a long unit: each figure wraps in the column rather than widening it
            figures += '<BR ALIGN="LEFT"/>' + lb.text(target, width=WRAP, color=MUTED)
        body = lb.lines(
            lb.text(metric.name, width=WRAP, size=10),
            figures,
            lb.text(words.upper(), size=SMALL - 1, color=colour, bold=True),
        )
        tip = lb.tooltip(lb.cut((metric.name, WRAP), (current, WRAP), (target, WRAP)))
        rows.append(lb.row(lb.cell(body, fill="#ffffff", border=1, color=LINE, **tip)))
    return lb.table(rows, cellspacing=3) if rows else ""


Lane = tuple[str, Callable[[Stage, dict[str, str]], str]]
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


def _band(stages: list[Stage], first: int, channels: dict[str, str], legend: bool) -> str:
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
    rows = [_phase_row(stages), lb.row(*header)]
    for lane, content in LANES:
        cells = [lb.cell(lb.text(lane, bold=True), fill=LANE_FILL, valign="TOP", width=110)]
        cells.extend(
            lb.cell(content(stage, channels), fill="#ffffff", valign="TOP") for stage in stages
        )
        rows.append(lb.row(*cells))
    if legend:
        rows.append(lb.row(lb.cell(_legend(), fill="#ffffff", colspan=len(stages) + 1)))
    return lb.table(rows, cellspacing=1, cellpadding=6, bgcolor=LINE)


def _legend() -> str:
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


def map_dot(journey: Journey, segment_names: dict[str, str], channels: dict[str, str]) -> str:
    """DOT source of the map view of `journey`."""
    out = lb.graph_header("journey_map", "TB")
    title = lb.html_label(_title(journey, segment_names))
    out.append(f"  graph [label={title} labelloc=t labeljust=l];")
    out.append("  node [shape=plaintext margin=0];")
    previous = ""
    stages = list(journey.stages)
    for start in range(0, len(stages), BAND_SIZE):
        band = stages[start : start + BAND_SIZE]
        name = f"band{start // BAND_SIZE + 1}"
        last = start + BAND_SIZE >= len(stages)
        out.append(f"  {name} [label={lb.html_label(_band(band, start + 1, channels, last))}];")
        if previous:
            out.append(f"  {previous} -> {name} [style=invis];")
        previous = name
    if not stages:
        empty = lb.text("No stages apply to this segment.", color=MUTED)
        out.append(f"  band1 [label={lb.html_label(empty)}];")
    out.append("}")
    return "\n".join(out) + "\n"

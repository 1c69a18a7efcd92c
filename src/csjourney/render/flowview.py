"""The flow view: stages as boxes left to right, the touchpoints inside them,
pain points attached to the touchpoints where they happen, and initiatives
linked to the pain points they address.

Graphviz lays this one out, top to bottom within a stage: touchpoints side by
side in journey order, the pain points under the touchpoints where they
happen, the initiatives under the pain points they address. Stages stand
left to right in rows of `BAND_SIZE`, joined by arrows, so nine stages make
a picture about as wide as a screen rather than one long strip. References
that cross stages are drawn without constraining the layout, so they cannot
pull a stage out of its place.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from csjourney.model import Evidence, Journey, Stage
from csjourney.render import labels as lb
from csjourney.render.facts import Links, links
from csjourney.render.style import (
    EMOTIONS,
    LINE,
    MUTED,
    PHASE_LABELS,
    SEVERITIES,
    SEVERITY_LINES,
    STATUS_LABELS,
    STATUSES,
    channel_shape,
    phase_swatch,
    signed,
)

WRAP = 24
DETAIL_WRAP = 2 * WRAP  # the channel line, in the small font
BAND_SIZE = 5  # stages per row
SMALL = 9


class _Ids:
    """DOT node ids made from counters: user ids never reach the DOT source."""

    def __init__(self) -> None:
        self.of: dict[str, str] = {}

    def add(self, item_id: str, prefix: str) -> str:
        self.of[item_id] = f"{prefix}{len(self.of) + 1}"
        return self.of[item_id]


def _stage_label(stage: Stage, number: int) -> str:
    _, ink = phase_swatch(stage.effective_phase)
    detail = PHASE_LABELS.get(stage.effective_phase, PHASE_LABELS[None]).upper()
    if stage.emotion is not None:
        detail += f"  ·  emotion {signed(stage.emotion)} {EMOTIONS[stage.emotion][1]}"
    return lb.html_label(
        lb.text(f"{number}. ", size=13, color=ink)
        + lb.text(stage.name, width=WRAP + 6, size=13, bold=True, color=ink)
        + '<BR ALIGN="LEFT"/>'
        + lb.text(detail, size=SMALL, color=ink)
        + '<BR ALIGN="LEFT"/>'
    )


def _node(node_id: str, label: str, tip: str = "", **attributes: str) -> tuple[str, str]:
    """(id, DOT statement) of one node; `tip` is the whole text of a cut label."""
    attrs = "".join(f' {name}="{value}"' for name, value in attributes.items())
    return node_id, f"    {node_id} [label={lb.html_label(label)}{attrs}{lb.node_tooltip(tip)}];"


def _stage_nodes(stage: Stage, ids: _Ids, channels: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for touchpoint in stage.touchpoints:
        detail = channels.get(touchpoint.channel, touchpoint.channel)
        if touchpoint.automated:
            detail += " · automated"
        label = lb.lines(
            lb.text(touchpoint.name, width=WRAP),
            lb.text(detail, width=DETAIL_WRAP, size=SMALL, color=MUTED),
        )
        node_id = ids.add(touchpoint.id, "tp")
        shape, extra = channel_shape(touchpoint.channel)
        out.append(
            _node(
                node_id,
                label,
                lb.cut((touchpoint.name, WRAP), (detail, DETAIL_WRAP)),
                shape=shape,
                style=f"filled{extra}",
                fillcolor="white",
                color="#57606a",
                # The component shape's tabs sit on the left edge: keep text off them.
                margin="0.16,0.05" if shape == "component" else "0.08,0.04",
            )
        )
    for pain in stage.pain_points:
        fill, ink = SEVERITIES[pain.severity]
        label = lb.lines(
            lb.text(f"PAIN · {pain.severity.upper()}", size=SMALL, bold=True, color=ink),
            lb.text(pain.name, width=WRAP, color=ink),
        )
        out.append(
            _node(
                ids.add(pain.id, "pp"),
                label,
                lb.cut((pain.name, WRAP)),
                shape="box",
                style="rounded,filled,bold",
                fillcolor=fill,
                color=SEVERITIES["high"].ink,
            )
        )
    for item in stage.initiatives:
        fill, ink = STATUSES[item.status]
        heading = f"INITIATIVE · {STATUS_LABELS[item.status].upper()}"
        label = lb.lines(
            lb.text(heading, size=SMALL, bold=True, color=ink),
            lb.text(item.name, width=WRAP, strike=item.status == "dropped"),
            lb.text(f"due {item.due}", size=SMALL, color=MUTED) if item.due else "",
        )
        out.append(
            _node(
                ids.add(item.id, "in"),
                label,
                lb.cut((item.name, WRAP)),
                shape="box",
                style="filled,dashed",
                fillcolor=fill,
                color=ink,
            )
        )
    return out


def _links(journey: Journey, ids: _Ids, facts: Links) -> list[str]:
    """Pain point to touchpoint, and initiative to the pain points it addresses."""
    out = []
    for stage in journey.stages:
        first_touchpoint = ids.of[stage.touchpoints[0].id] if stage.touchpoints else None
        for pain in stage.pain_points:
            ink = SEVERITY_LINES[pain.severity]
            targets = [t for t in pain.touchpoints if t in ids.of]
            for target in targets:
                same = facts.stage_of[target] is stage
                constraint = "" if same else " constraint=false"
                out.append(
                    f'  {ids.of[target]} -> {ids.of[pain.id]} [dir=none color="{ink}" '
                    f"penwidth=1.6{constraint}];"
                )
            if not any(facts.stage_of[t] is stage for t in targets) and first_touchpoint:
                out.append(f"  {first_touchpoint} -> {ids.of[pain.id]} [style=invis];")
        for item in stage.initiatives:
            ink = STATUSES[item.status].ink
            targets = [p for p in item.addresses if p in ids.of]
            for target in targets:
                same = facts.stage_of[target] is stage
                constraint = "" if same else " constraint=false"
                out.append(
                    f'  {ids.of[target]} -> {ids.of[item.id]} [dir=back color="{ink}" '
                    f"style=dashed arrowtail=normal{constraint}];"
                )
            anchors = [ids.of[p.id] for p in stage.pain_points] or (
                [first_touchpoint] if first_touchpoint else []
            )
            if not any(facts.stage_of[p] is stage for p in targets) and anchors:
                out.append(f"  {anchors[0]} -> {ids.of[item.id]} [style=invis];")
    return out


def _depth(stages: list[Stage]) -> int:
    """Ranks a row of stages takes: touchpoints, then pain points, then initiatives."""
    return 1 + any(s.pain_points for s in stages) + any(s.initiatives for s in stages)


def flow_dot(
    journey: Journey,
    segment_names: dict[str, str],
    channels: dict[str, str],
    evidence: Mapping[str, Evidence] | None = None,
) -> str:
    """DOT source of the flow view of `journey` (which shows no sources: `evidence` is unused)."""
    out = lb.graph_header("journey_flow", "TB")
    segments = ", ".join(segment_names.get(s, s) for s in journey.segments)
    title = lb.lines(
        lb.text(journey.title, size=18, bold=True),
        lb.text(f"Flow for: {segments}", size=10, color=MUTED),
    )
    out.append(f"  graph [label={lb.html_label(title)} labelloc=t labeljust=l compound=true];")
    ids = _Ids()
    heads: list[list[str]] = []  # per stage: the nodes of its first rank, in order
    for number, stage in enumerate(journey.stages, start=1):
        fill, _ = phase_swatch(stage.effective_phase)
        out.append(f"  subgraph cluster_stage{number} {{")
        out.append(
            f'    graph [label={_stage_label(stage, number)} labeljust=l style="rounded,filled" '
            f'fillcolor="{fill}" color="{LINE}" margin=10'
            f"{lb.node_tooltip(lb.cut((stage.name, WRAP + 6)))}];"
        )
        nodes = _stage_nodes(stage, ids, channels)
        first = [ids.of[t.id] for t in stage.touchpoints]
        if not stage.touchpoints:
            placeholder = lb.text("no touchpoints", size=SMALL, color=MUTED, italic=True)
            nodes.insert(0, _node(f"empty{number}", placeholder, shape="plaintext"))
            first = [f"empty{number}"]
        out.extend(statement for _, statement in nodes)
        out.append("  }")
        heads.append(first)
        if number % BAND_SIZE and number < len(journey.stages):
            # The arrow to the next stage, in a borderless cluster of its own and
            # declared between the two stages: Graphviz keeps clusters in input
            # order along a rank but pushes loose nodes to the end of it.
            out.append(
                f'  subgraph cluster_next{number} {{ graph [label="" peripheries=0 margin=4]; '
                f'next{number} [label="" shape=rarrow style=filled fillcolor="{LINE}" '
                f'color="{LINE}" width=0.3 height=0.28 fixedsize=true]; }}'
            )
    stages = list(journey.stages)
    for start in range(0, len(heads), BAND_SIZE):
        row = heads[start : start + BAND_SIZE]
        # One rank for the row's touchpoints; flat edges fix their left-to-right
        # order, and between two stages the edge is drawn as the journey's arrow.
        gates = [f"next{number}" for number in range(start + 1, start + len(row))]
        chain = [node for stage_nodes in row for node in stage_nodes] + gates
        out.append(f"  {{rank=same; {'; '.join(chain)}}}")
        for index, stage_nodes in enumerate(row):
            out.extend(f"  {a} -> {b} [style=invis];" for a, b in itertools.pairwise(stage_nodes))
            if index + 1 < len(row):
                gate = f"next{start + index + 1}"
                out.append(f"  {stage_nodes[-1]} -> {gate} -> {row[index + 1][0]} [style=invis];")
        if start + BAND_SIZE < len(heads):
            minlen = _depth(stages[start : start + BAND_SIZE]) + 1
            out.append(
                f"  {row[0][0]} -> {heads[start + BAND_SIZE][0]} [style=invis minlen={minlen}];"
            )
    out.extend(_links(journey, ids, links(journey)))
    if not journey.stages:
        out.append(f"  empty [label={lb.html_label(lb.text('No stages apply to this segment.'))}];")
    out.append("}")
    return "\n".join(out) + "\n"

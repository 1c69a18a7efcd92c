"""The Markdown report of one journey (its Mermaid diagram comes from render/mermaid.py).

Written for GitHub: it renders the ```mermaid block inline, so a pull request
or wiki page shows the journey at a glance, followed by a table per stage,
the metrics with their status, pain points, initiatives and lint findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from csjourney.config import DEFAULT_REVIEW_EVERY_DAYS
from csjourney.diagnostics import Diagnostic
from csjourney.domain import next_review_text, value_text
from csjourney.model import Evidence, Journey, Metric, Segment, Stage
from csjourney.render.escape import (
    md_block,
    md_cell,
    md_code,
    md_inline,
    md_message,
)
from csjourney.render.facts import links
from csjourney.render.mermaid import mermaid_journey
from csjourney.render.style import (
    EMOTIONS,
    PHASE_LABELS,
    SEVERITY_ORDER,
    STATUS_LABELS,
    STATUS_ORDER,
    signed,
)

if TYPE_CHECKING:
    from csjourney.render.goalfacts import EvidenceFact
    from csjourney.render.measuredfacts import MeasuredSection

STATUS_MARK = {"on-target": "✅", "off-target": "❌", "no-target": "·", "no-data": "·"}
_SEVERITY_MARK = {"critical": "🟥", "high": "🟧", "medium": "🟨", "low": "⬜"}


def _value(metric: Metric, value: float | None) -> str:
    """A metric value for a table cell: the unit is user text too."""
    return md_cell(value_text(metric, value))


def table(header: Sequence[str], rows: list[list[str]], align: str = "") -> list[str]:
    """A GFM table and a blank line; `align` may give a letter per column, `r` for right."""
    rule = "|" + "".join("---:|" if a == "r" else "---|" for a in align.ljust(len(header), "l"))
    out = ["| " + " | ".join(header) + " |", rule]
    out.extend("| " + " | ".join(row) + " |" for row in rows)
    return [*out, ""]


def _stage_table(stage: Stage, channels: dict[str, str]) -> list[str]:
    rows: list[list[str]] = []

    def add(lane: str, value: str) -> None:
        if value.strip():
            rows.append([f"**{lane}**", value])

    add("Customer goal", md_cell(stage.customer_goal or " "))
    add("Thinking", md_cell(stage.customer_thinking or " "))
    add("Feeling", md_cell(stage.customer_feeling or " "))
    if stage.emotion is not None:
        add("Emotion", f"{signed(stage.emotion)} ({EMOTIONS[stage.emotion][1]})")
    add(
        "Touchpoints",
        "<br>".join(
            f"{md_cell(t.name)} — {md_inline(channels.get(t.channel, t.channel))}"
            + (" (automated)" if t.automated else "")
            for t in stage.touchpoints
        ),
    )
    add(
        "Pain points",
        "<br>".join(
            f"{_SEVERITY_MARK[p.severity]} {p.severity}: {md_cell(p.name)}"
            for p in sorted(stage.pain_points, key=lambda p: SEVERITY_ORDER[p.severity])
        ),
    )
    add(
        "Initiatives",
        "<br>".join(
            f"{STATUS_LABELS[i.status]}: {md_cell(i.name)}"
            for i in sorted(stage.initiatives, key=lambda i: STATUS_ORDER[i.status])
        ),
    )
    add(
        "Metrics",
        "<br>".join(
            f"{md_cell(m.name)}: {_value(m, m.current)}"
            + (f" / target {_value(m, m.target)}" if m.target is not None else "")
            for m in stage.metrics
        ),
    )
    add("Exit criteria", md_cell(stage.exit_criteria or ""))
    if not rows:
        return ["_Nothing recorded for this stage yet._", ""]
    return table(["Lane", "Content"], rows)


def journey_markdown(
    journey: Journey,
    segments: list[Segment],
    channels: dict[str, str],
    findings: list[Diagnostic],
    pictures: dict[str, str],
    review_every_days: int = DEFAULT_REVIEW_EVERY_DAYS,
    measured: MeasuredSection | None = None,
    evidence: Mapping[str, Evidence] | None = None,
    linted: bool = True,
) -> str:
    """The report; `pictures` maps a view title to the file name of its SVG beside it,
    `review_every_days` is the workspace's configured review interval, `measured` the
    "Measured" section (render/measuredmd.py) when exports feed the journey, `evidence`
    the workspace's evidence items by id, `linted` False when lint did not run."""
    from csjourney.render import goalsmd
    from csjourney.render.goalfacts import report_facts
    from csjourney.render.headline import health as journey_health

    names = {s.id: s.name for s in segments}
    report = report_facts(journey, evidence or {})
    health = journey_health(journey, report, findings, review_every_days, linted)
    out = [f"# {md_inline(journey.title)}", ""]
    if journey.description:
        out += [md_block(journey.description), ""]
    facts = [f"Journey {md_code(journey.id)}"]
    if journey.owner:
        facts.append(f"owner: {md_inline(journey.owner)}")
    if journey.reviewed:
        facts.append(
            f"reviewed {journey.reviewed}, next review due "
            f"{next_review_text(journey, review_every_days)}"
        )
    out += ["; ".join(facts) + ".", "", goalsmd.health_line(health), ""]
    for title, file_name in pictures.items():
        out += [f"[![{title}]({file_name})]({file_name})", ""]

    out += goalsmd.goals_markdown(report.goals)
    out += ["## Segments", ""]
    out += table(
        ["Segment", "Share", "Needs"],
        [
            [
                f"{md_cell(s.name)} ({md_code(s.id)})",
                f"{s.share:.0%}" if s.share is not None else "—",
                "<br>".join(md_cell(n) for n in s.needs) or "—",
            ]
            for s in segments
        ],
    )

    out += [
        "## Journey at a glance",
        "",
        "```mermaid",
        mermaid_journey(journey, names).rstrip(),
        "```",
        "",
    ]
    out += [
        "Scores are the customer's emotion at each touchpoint: 1 very negative … 5 very positive.",
        "",
    ]

    out += ["## Stages", ""]
    for number, stage in enumerate(journey.stages, start=1):
        phase = PHASE_LABELS.get(stage.effective_phase, PHASE_LABELS[None]).lower()
        out += [f"### {number}. {md_inline(stage.name)} ({phase})", ""]
        out += _stage_table(stage, channels)

    if report.metrics:
        out += ["## Metrics", ""]
        out += table(goalsmd.METRIC_HEADER, [goalsmd.metric_cells(m) for m in report.metrics])

    if measured is not None:
        from csjourney.render.measuredmd import measured_markdown

        out += measured_markdown(measured)
    cited = {e.evidence.id: e for e in report.evidence}
    out += _pains_and_initiatives(journey, cited)
    out += goalsmd.evidence_markdown(report.evidence)
    out += ["## Findings", ""]
    if findings:
        out += table(
            ["Severity", "Code", "Line", "Message"],
            [
                [d.severity.label, md_code(d.code), str(d.line), md_message(d.message)]
                for d in findings
            ],
        )
    else:
        out += ["No lint findings.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _pains_and_initiatives(journey: Journey, cited: Mapping[str, EvidenceFact]) -> list[str]:
    refs = links(journey)
    pains = sorted(
        ((s, p) for s in journey.stages for p in s.pain_points),
        key=lambda sp: SEVERITY_ORDER[sp[1].severity],
    )
    out: list[str] = []
    if pains:
        out += ["## Pain points", ""]
        out += table(
            ["Severity", "Pain point", "Stage", "Where", "Addressed by", "Evidence"],
            [
                [
                    f"{_SEVERITY_MARK[p.severity]} {p.severity}",
                    md_cell(p.name),
                    md_cell(s.name),
                    "<br>".join(md_cell(n) for n in refs.names(p.touchpoints)) or "—",
                    "<br>".join(md_cell(i.name) for i in refs.addressed_by.get(p.id, []))
                    or "**nothing yet**",
                    "<br>".join(
                        f"{md_cell(cited[e].evidence.name)} ({md_cell(cited[e].summary)})"
                        if e in cited
                        else md_code(e)
                        for e in p.evidence
                    )
                    or "none",
                ]
                for s, p in pains
            ],
        )
    items = sorted(
        ((s, i) for s in journey.stages for i in s.initiatives),
        key=lambda si: STATUS_ORDER[si[1].status],
    )
    if items:
        out += ["## Initiatives", ""]
        out += table(
            ["Status", "Initiative", "Stage", "Owner", "Due", "Addresses"],
            [
                [
                    STATUS_LABELS[i.status],
                    md_cell(i.name),
                    md_cell(s.name),
                    md_cell(i.owner or "—"),
                    str(i.due) if i.due else "—",
                    "<br>".join(md_cell(n) for n in refs.names(i.addresses)) or "—",
                ]
                for s, i in items
            ],
        )
    return out

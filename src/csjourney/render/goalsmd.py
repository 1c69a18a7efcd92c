"""Goals, evidence, the health line and where each figure comes from, in the
Markdown report. The facts are render/goalfacts.py's and render/headline.py's;
this module only writes them as GitHub Markdown, every user string through the
report's escaping (render/escape.py).
"""

from __future__ import annotations

from csjourney.domain import number_text
from csjourney.render.escape import md_block, md_cell, md_code, md_inline
from csjourney.render.goalfacts import (
    EVIDENCE_TYPES,
    EvidenceFact,
    GoalFact,
    MetricFact,
    link_target,
)
from csjourney.render.headline import Health
from csjourney.render.markdown import STATUS_MARK, table
from csjourney.render.style import METRIC_STATUS

METRIC_HEADER = ("Metric", "Where", "Current", "Target", "Status", "Trend", "As of", "Source")
EVIDENCE_HEADER = ("Evidence", "Type", "Collected", "Sample size", "Cited by")
# In a link destination: what would end it (`<>`), split the table cell (`|`) or escape.
_URL_ESCAPES = str.maketrans({"<": "%3C", ">": "%3E", "|": "%7C", "\\": "%5C"})


def health_line(health: Health) -> str:
    """`**Health:** 3 of 8 metrics on target · **5 off target** · ...`: what needs
    attention in bold."""
    parts = [f"**{md_inline(text)}**" if bad else md_inline(text) for text, bad in health.parts]
    return "**Health:** " + " · ".join(parts) + "."


def status(fact: MetricFact) -> str:
    return f"{STATUS_MARK[fact.row.status]} {METRIC_STATUS[fact.row.status][1]}"


def trend(fact: MetricFact) -> str:
    if fact.trend is None:
        return "—"
    return f"{fact.trend.arrow} {md_cell(fact.trend.words)}"


def source(fact: MetricFact) -> str:
    """The evidence behind a figure, or that there is none."""
    if fact.source is None:
        return "no source"
    return f"{md_cell(fact.source.name)} ({md_cell(fact.source.summary)})"


def metric_cells(fact: MetricFact) -> list[str]:
    """One row of METRIC_HEADER."""
    metric = fact.metric
    return [
        md_cell(metric.name),
        md_cell(fact.row.where),
        md_cell(fact.value(metric.current)),
        md_cell(fact.value(metric.target)),
        status(fact),
        trend(fact),
        str(metric.measured) if metric.measured else "—",
        source(fact),
    ]


def goals_markdown(goals: list[GoalFact]) -> list[str]:
    out = ["## Goals", ""]
    if not goals:
        return [*out, "No goals recorded.", ""]
    for fact in goals:
        count = len(fact.metrics)
        plural = "s" if count != 1 else ""
        out += [f"### {md_inline(fact.goal.name)}", ""]
        if fact.goal.description:
            out += [md_block(fact.goal.description), ""]
        out += [f"{fact.on_target} of {count} metric{plural} on target.", ""]
        if fact.metrics:
            out += table(METRIC_HEADER, [metric_cells(m) for m in fact.metrics])
        else:
            out += ["**No metric measures this goal yet.**", ""]
    return out


def _linked(fact: EvidenceFact) -> str:
    evidence = fact.evidence
    target = link_target(evidence.url) if evidence.url else None
    if target is not None:
        return f"[{md_cell(evidence.name)}](<{target.translate(_URL_ESCAPES)}>)"
    if evidence.url:
        return f"{md_cell(evidence.name)}<br>{md_code(evidence.url)}"
    return md_cell(evidence.name)


def evidence_markdown(evidence: list[EvidenceFact]) -> list[str]:
    out = ["## Evidence", ""]
    if not evidence:
        return [*out, "This journey cites no evidence.", ""]
    rows = [
        [
            f"{_linked(fact)} ({md_code(fact.evidence.id)})",
            EVIDENCE_TYPES[fact.evidence.type],
            str(fact.evidence.date) if fact.evidence.date else "—",
            number_text(fact.evidence.sample_size)
            if fact.evidence.sample_size is not None
            else "—",
            "<br>".join(f"{c.kind}: {md_cell(c.name)} ({md_cell(c.where)})" for c in fact.cited_by),
        ]
        for fact in evidence
    ]
    return [*out, *table(EVIDENCE_HEADER, rows, "lllr")]

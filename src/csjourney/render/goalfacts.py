"""What the reports say about goals, evidence and where each figure comes from.

A reader must tell a figure backed by a survey of 400 customers from a guess:
every metric carries its `source` (the evidence item, or none), its
`measured` date and its trend since the last recorded value; every evidence
item carries what cites it. Computed once, as plain data, for the HTML
templates and the Markdown writer alike; the status of a metric and whether
a move is better are `csjourney.domain`'s rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from csjourney.domain import is_better, number_text, value_text
from csjourney.model import Evidence, Goal, Journey, Metric
from csjourney.render.facts import MetricRow, metric_rows
from csjourney.structure import kind_of, walk

# How each evidence type reads in a report.
EVIDENCE_TYPES = {
    "survey": "Survey",
    "interview": "Interviews",
    "analytics": "Analytics",
    "support-tickets": "Support tickets",
    "review": "Public reviews",
    "experiment": "Experiment",
    "other": "Other",
}


def evidence_summary(evidence: Evidence) -> str:
    """`Survey, 2026-09-30, n = 618`: what kind of source, when, and how large."""
    parts = [EVIDENCE_TYPES[evidence.type]]
    if evidence.date is not None:
        parts.append(evidence.date.isoformat())
    if evidence.sample_size is not None:
        parts.append(f"n = {number_text(evidence.sample_size)}")
    return ", ".join(parts)


_LINKABLE = ("https://", "http://")


def link_target(url: str) -> str | None:
    """`url` when a report may link to it (web addresses only: never `javascript:`
    or `data:`), else None and the report shows it as text."""
    url = url.strip()
    if url.lower().startswith(_LINKABLE) and not any(c.isspace() for c in url):
        return url
    return None


def evidence_anchor(evidence_id: str) -> str:
    """The HTML id of an evidence item's row on the journey page."""
    return f"evidence-{evidence_id}"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure comes from: the evidence item, or None for an id the workspace
    does not define (lint reports the broken reference)."""

    id: str
    evidence: Evidence | None

    @property
    def name(self) -> str:
        return self.evidence.name if self.evidence else self.id

    @property
    def summary(self) -> str:
        return evidence_summary(self.evidence) if self.evidence else "not in the workspace"

    @property
    def anchor(self) -> str:
        return evidence_anchor(self.id)


@dataclass(frozen=True, slots=True)
class Trend:
    """The move from the last recorded value (`history`) to `current`."""

    previous: float
    since: dt.date
    arrow: str  # ↑ ↓ →
    verdict: str  # "better", "worse", "unchanged": the metric's own direction decides
    words: str  # "better: up from 4.4% on 2026-08-31"


def trend(metric: Metric) -> Trend | None:
    """None without a current value or without history to compare it with."""
    if metric.current is None:
        return None
    earlier = [p for p in metric.history if metric.measured is None or p.date < metric.measured]
    if not earlier:
        return None
    last, now = earlier[-1], metric.current
    if now == last.value:
        arrow, verdict, move = "→", "unchanged", "the same as"
    else:
        arrow, move = ("↑", "up from") if now > last.value else ("↓", "down from")
        verdict = "better" if is_better(metric, last.value, now) else "worse"
    words = f"{verdict}: {move} {value_text(metric, last.value)} on {last.date.isoformat()}"
    return Trend(last.value, last.date, arrow, verdict, words)


@dataclass(frozen=True, slots=True)
class MetricFact:
    row: MetricRow  # the metric, its stage and its status
    source: Source | None
    trend: Trend | None

    @property
    def metric(self) -> Metric:
        return self.row.metric

    def value(self, value: float | None) -> str:
        return value_text(self.row.metric, value)


@dataclass(frozen=True, slots=True)
class GoalFact:
    goal: Goal
    metrics: list[MetricFact]  # in the goal's order; ids the journey lacks are left out

    @property
    def on_target(self) -> int:
        return sum(1 for m in self.metrics if m.row.status == "on-target")

    @property
    def with_target(self) -> int:
        """Metrics that can be on or off target: a current value and a target."""
        return sum(1 for m in self.metrics if m.row.status in ("on-target", "off-target"))


@dataclass(frozen=True, slots=True)
class Citation:
    kind: str  # "pain point", "metric": the kind's own name (structure)
    name: str
    where: str  # the stage's name, or "Whole journey"


@dataclass(frozen=True, slots=True)
class EvidenceFact:
    evidence: Evidence
    cited_by: list[Citation]

    @property
    def summary(self) -> str:
        return evidence_summary(self.evidence)

    @property
    def anchor(self) -> str:
        return evidence_anchor(self.evidence.id)


@dataclass(frozen=True, slots=True)
class ReportFacts:
    metrics: list[MetricFact]  # journey-level first, then each stage's (as metric_rows)
    goals: list[GoalFact]
    evidence: list[EvidenceFact]  # the items this journey cites, in the workspace's order

    @property
    def journey_metrics(self) -> list[MetricFact]:
        return [m for m in self.metrics if m.row.stage is None]


def _citations(journey: Journey) -> dict[str, list[Citation]]:
    """Evidence id -> the items of the journey that cite it, in file order. Which fields
    refer to evidence is the model's to say (`Ref("evidence")`), so none is missed."""
    cited: dict[str, list[Citation]] = {}
    for node in walk(journey, kind_of(Journey), ("journey",)):
        for key, ref in node.kind.references.items():
            if ref.target != "evidence":
                continue
            held = node.get(key)
            ids = held if isinstance(held, list) else [held] if held else []
            stage = node.up("stage")
            where = stage.value.name if stage else "Whole journey"
            for evidence_id in dict.fromkeys(ids):
                cited.setdefault(evidence_id, []).append(
                    Citation(node.kind.name, node.value.name, where)
                )
    return cited


def report_facts(journey: Journey, evidence: Mapping[str, Evidence]) -> ReportFacts:
    """The goals, metrics and evidence of `journey`; `evidence` is its workspace's."""
    metrics = [
        MetricFact(
            row,
            Source(row.metric.source, evidence.get(row.metric.source))
            if row.metric.source
            else None,
            trend(row.metric),
        )
        for row in metric_rows(journey)
    ]
    by_id = {m.metric.id: m for m in metrics}
    goals = [GoalFact(g, [by_id[i] for i in g.metrics if i in by_id]) for g in journey.goals]
    cited = _citations(journey)
    items = [EvidenceFact(e, cited[i]) for i, e in evidence.items() if i in cited]
    return ReportFacts(metrics, goals, items)

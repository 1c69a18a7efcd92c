"""The index's headline of each journey: its journey-level metrics (target,
current, trend), its open critical pain points, and a one-line health check.

"Overdue" is the lint rules' word, not a second rule here: an initiative is
overdue, or a review past due, when `initiative-overdue` or
`journey-review-overdue` reported it for this run (with its `--today`, its
suppressions). The review date itself is `domain.next_review_text`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from csjourney.diagnostics import Diagnostic
from csjourney.domain import next_review_text
from csjourney.model import Evidence, Initiative, Journey, PainPoint, Stage
from csjourney.render.facts import links
from csjourney.render.goalfacts import MetricFact, ReportFacts, report_facts

OVERDUE_INITIATIVE = "initiative-overdue"  # lint rule names (csjourney.lint.rules)
OVERDUE_REVIEW = "journey-review-overdue"


@dataclass(frozen=True, slots=True)
class OpenPain:
    """A critical pain point no `done` initiative has relieved yet."""

    stage: Stage
    pain: PainPoint
    addressed_by: list[Initiative]  # the initiatives working on it, done or not


@dataclass(frozen=True, slots=True)
class Health:
    on_target: int
    off_target: int
    unknown: int  # no target, or not measured
    overdue: list[Initiative]  # initiatives lint found overdue
    review_due: str | None  # next review date as text; None: never reviewed
    review_overdue: bool
    linted: bool = True  # False: lint did not run (--no-lint), so nothing was found overdue

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The health line, part by part, each with whether it needs attention:
        (`3 of 5 metrics on target`, False), (`2 off target`, True), ..."""
        total = self.on_target + self.off_target + self.unknown
        parts = [
            (f"{self.on_target} of {total} metric{'s' if total != 1 else ''} on target", False)
        ]
        if self.off_target:
            parts.append((f"{self.off_target} off target", True))
        count = len(self.overdue)
        if not self.linted:  # "no overdue initiatives" would claim a check that never ran
            parts.append(("overdue initiatives not checked (--no-lint)", False))
        else:
            overdue = f"{count or 'no'} overdue initiative{'s' if count != 1 else ''}"
            parts.append((overdue, count > 0))
        if self.review_due is None:
            parts.append(("never reviewed", True))
        elif self.review_overdue:
            parts.append((f"review overdue (was due {self.review_due})", True))
        else:
            parts.append((f"next review due {self.review_due}", False))
        return parts

    @property
    def good(self) -> bool:
        """Nothing on the line needs attention."""
        return not any(bad for _, bad in self.parts)


@dataclass(frozen=True, slots=True)
class Headline:
    metrics: list[MetricFact]  # the journey-level metrics
    open_critical: list[OpenPain]
    health: Health


def open_critical(journey: Journey) -> list[OpenPain]:
    refs = links(journey)
    found = []
    for stage in journey.stages:
        for pain in stage.pain_points:
            by = refs.addressed_by.get(pain.id, [])
            if pain.severity == "critical" and not any(i.status == "done" for i in by):
                found.append(OpenPain(stage, pain, by))
    return found


def health(
    journey: Journey,
    facts: ReportFacts,
    findings: list[Diagnostic],
    review_every_days: int,
    linted: bool = True,
) -> Health:
    """`facts` are `report_facts(journey, ...)`; `findings` the lint findings of the
    journey's file (a file holds one journey), `linted` False when lint did not run."""
    statuses = Counter(m.row.status for m in facts.metrics)
    late = {d.subject for d in findings if d.name == OVERDUE_INITIATIVE}
    initiatives = [i for s in journey.stages for i in s.initiatives]
    return Health(
        on_target=statuses["on-target"],
        off_target=statuses["off-target"],
        unknown=statuses["no-target"] + statuses["no-data"],
        overdue=[i for i in initiatives if i.id in late],
        review_due=next_review_text(journey, review_every_days),
        review_overdue=any(d.name == OVERDUE_REVIEW for d in findings),
        linted=linted,
    )


def headline(
    journey: Journey,
    evidence: Mapping[str, Evidence],
    findings: list[Diagnostic],
    review_every_days: int,
    linted: bool = True,
) -> Headline:
    """The index's row of `journey`; `evidence` is its workspace's, by id."""
    facts = report_facts(journey, evidence)
    return Headline(
        facts.journey_metrics,
        open_critical(journey),
        health(journey, facts, findings, review_every_days, linted),
    )

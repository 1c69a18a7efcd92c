"""The marks of the map view: which initiative addresses which pain point, and
where a figure comes from.

The map is a table: a line from an initiative to a pain point would cross the
cells between them, and in a 30-stage map cut into bands it would cross whole
bands. So each pain point carries a mark that says where it is: `P3a` is the
first pain point of stage 3 as the map lists them (most severe first), and
each initiative shows the marks of the pain points it addresses, in the same
colour; the reader finds stage 3 by its number, even 30 stages away, and the
tooltips name both ends in full. A figure with a `source` carries `SOURCE_MARK` and what kind of
evidence it is; the tooltip names the evidence. Plain strings only: mapview and
mapgoals turn them into escaped labels. Who addresses what is `facts.links`',
the source and status of a metric `goalfacts.report_facts`'.
"""

from __future__ import annotations

from dataclasses import dataclass

from csjourney.model import Initiative, Journey, PainPoint, Stage
from csjourney.render.facts import links
from csjourney.render.goalfacts import MetricFact
from csjourney.render.style import METRIC_STATUS, SEVERITY_ORDER, STATUS_LABELS, STATUS_ORDER

MARK_PREFIX = "P"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
SEP = " \u00b7 "


def pains_in_order(stage: Stage) -> list[PainPoint]:
    """A stage's pain points as the map lists them: most severe first."""
    return sorted(stage.pain_points, key=lambda p: SEVERITY_ORDER[p.severity])


def initiatives_in_order(stage: Stage) -> list[Initiative]:
    """A stage's initiatives as the map lists them: by status, the active ones first."""
    return sorted(stage.initiatives, key=lambda i: STATUS_ORDER[i.status])


@dataclass(frozen=True, slots=True)
class Ties:
    marks: dict[str, str]  # pain point id -> its mark, "P3a"
    order: dict[str, int]  # pain point id -> its place in the map
    pains: dict[str, PainPoint]
    addressed_by: dict[str, list[Initiative]]  # pain point id -> initiatives, file order

    def addressed(self, initiative: Initiative) -> list[tuple[str, PainPoint]]:
        """(mark, pain point) of each pain point `initiative` addresses that the map
        shows, in mark order; an id of a pain point left out (another segment's) drops."""
        ids = [i for i in dict.fromkeys(initiative.addresses) if i in self.marks]
        ids.sort(key=self.order.__getitem__)
        return [(self.marks[i], self.pains[i]) for i in ids]

    def pain_tip(self, pain: PainPoint) -> str:
        """`P3 · name · high · addressed by: A; B`, or that nothing addresses it yet."""
        by = self.addressed_by.get(pain.id, [])
        answer = "addressed by: " + "; ".join(i.name for i in by) if by else "no initiative yet"
        return SEP.join((self.marks[pain.id], pain.name, pain.severity, answer))

    def initiative_tip(self, initiative: Initiative) -> str:
        """`name · in progress · due 2027-01-31 · addresses: P3 name; P5 name`."""
        parts = [initiative.name, STATUS_LABELS[initiative.status].lower()]
        if initiative.due:
            parts.append(f"due {initiative.due}")
        tied = self.addressed(initiative)
        if tied:
            parts.append("addresses: " + "; ".join(f"{m} {p.name}" for m, p in tied))
        return SEP.join(parts)


def ties(journey: Journey) -> Ties:
    """The marks of every pain point the map shows, and who addresses each."""
    resolved = links(journey)
    marks: dict[str, str] = {}
    for number, stage in enumerate(journey.stages, start=1):
        for index, pain in enumerate(pains_in_order(stage)):
            marks[pain.id] = f"{MARK_PREFIX}{number}{_letters(index)}"
    order = {pain_id: place for place, pain_id in enumerate(marks)}
    return Ties(marks, order, resolved.pain_points, resolved.addressed_by)


def _letters(index: int) -> str:
    """a, b, ... z, aa, ab: a stage with more than 26 pain points still marks each once."""
    word = LETTERS[index % 26]
    while index >= 26:
        index = index // 26 - 1
        word = LETTERS[index % 26] + word
    return word


def source_line(fact: MetricFact) -> str:
    """What the map prints under a figure with a source: `Survey, 2026-09-30, n = 618`."""
    return fact.source.summary if fact.source else ""


def metric_tip(fact: MetricFact, *, where: bool = False) -> str:
    """Everything about a figure: name, values, status, when, and its source."""
    metric = fact.metric
    parts = [metric.name]
    if where:
        parts.append(fact.row.where)
    parts.append(f"current {fact.value(metric.current)}")
    if metric.target is not None:
        parts.append(f"target {fact.value(metric.target)}")
    parts.append(METRIC_STATUS[fact.row.status][1])
    if metric.measured:
        parts.append(f"measured {metric.measured}")
    if fact.source:
        parts.append(f"source: {fact.source.name} ({fact.source.summary})")
    else:
        parts.append("no source given")
    return SEP.join(parts)

"""What the views say about a journey, computed once: the metric rows with their
status, who addresses which pain point, and the journey seen by one segment.

Everything here is plain data derived from the model, so the DOT, Markdown
and HTML views cannot disagree. Metric status, value text and the next review
date are domain rules, owned by `csjourney.domain` and shared with lint and diff.
"""

from __future__ import annotations

from dataclasses import dataclass

# The domain rules the views show, re-exported for the templates (`facts.value_text`).
from csjourney.domain import Status, metric_status
from csjourney.fieldtypes import Strict
from csjourney.model import Initiative, Journey, Metric, PainPoint, Stage, Touchpoint
from csjourney.structure import M, items_of, kind_of, walk


def emotion_score(emotion: int | None) -> int:
    """Emotion -2..2 as Mermaid's journey score 1..5; unknown counts as neutral."""
    return 3 if emotion is None else emotion + 3


@dataclass(frozen=True, slots=True)
class MetricRow:
    metric: Metric
    stage: Stage | None  # None for journey-wide metrics
    status: Status

    @property
    def where(self) -> str:
        return self.stage.name if self.stage else "Whole journey"


def metric_rows(journey: Journey) -> list[MetricRow]:
    """Every metric of the journey, its own (journey-wide) ones first, then each stage's."""
    rows = []
    for node, metric in items_of(journey, Metric):
        stage = node.up("stage")
        rows.append(MetricRow(metric, stage.value if stage else None, metric_status(metric)))
    return rows


@dataclass(frozen=True, slots=True)
class Links:
    """Cross references of one journey, resolved both ways."""

    touchpoints: dict[str, Touchpoint]
    pain_points: dict[str, PainPoint]
    stage_of: dict[str, Stage]  # item id -> the stage that holds it
    addressed_by: dict[str, list[Initiative]]  # pain point id -> initiatives

    def names(self, ids: list[str]) -> list[str]:
        known: dict[str, Touchpoint | PainPoint] = {**self.touchpoints, **self.pain_points}
        return [known[i].name for i in ids if i in known]


def links(journey: Journey) -> Links:
    touchpoints: dict[str, Touchpoint] = {}
    pain_points: dict[str, PainPoint] = {}
    stage_of: dict[str, Stage] = {}
    addressed_by: dict[str, list[Initiative]] = {}
    for node in walk(journey, kind_of(Journey), ("journey",)):
        stage = node.up("stage")
        if stage is not None and node.kind.scope == "journey":  # items with an id
            stage_of[node.value.id] = stage.value
        if isinstance(node.value, Touchpoint):
            touchpoints[node.value.id] = node.value
        elif isinstance(node.value, PainPoint):
            pain_points[node.value.id] = node.value
    for _node, initiative in items_of(journey, Initiative):
        for pain_id in initiative.addresses:
            addressed_by.setdefault(pain_id, []).append(initiative)
    return Links(touchpoints, pain_points, stage_of, addressed_by)


def _for_segment(item: Strict, segment: str) -> bool:
    """An item with no `segments` list is for all of its journey's segments."""
    segments = getattr(item, "segments", None)
    return not segments or segment in segments


def _pruned(item: M, segment: str) -> M:
    """`item` with the items of its child lists that are not for `segment` left out."""
    kind = kind_of(type(item))
    update = {
        name: [_pruned(x, segment) for x in getattr(item, name) if _for_segment(x, segment)]
        for name in (kind.attribute(c.field) for c in kind.children.values() if c.many)
    }
    return item.model_copy(update=update) if update else item


def for_segment(journey: Journey, segment: str) -> Journey:
    """The journey as one segment lives it: other segments' stages and items removed.

    References to removed items (a pain point at a touchpoint of another
    segment) simply drop out of the views, as the links are resolved by id.
    """
    return _pruned(journey, segment).model_copy(update={"segments": [segment]})

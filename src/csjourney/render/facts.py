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
from csjourney.model import Initiative, Journey, Metric, PainPoint, Stage, Touchpoint


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
    rows = [MetricRow(m, None, metric_status(m)) for m in journey.metrics]
    for stage in journey.stages:
        rows.extend(MetricRow(m, stage, metric_status(m)) for m in stage.metrics)
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
    for stage in journey.stages:
        items: list[Touchpoint | PainPoint | Initiative | Metric] = [
            *stage.touchpoints,
            *stage.pain_points,
            *stage.initiatives,
            *stage.metrics,
        ]
        for item in items:
            stage_of[item.id] = stage
        touchpoints.update((t.id, t) for t in stage.touchpoints)
        pain_points.update((p.id, p) for p in stage.pain_points)
    for stage in journey.stages:
        for initiative in stage.initiatives:
            for pain_id in initiative.addresses:
                addressed_by.setdefault(pain_id, []).append(initiative)
    return Links(touchpoints, pain_points, stage_of, addressed_by)


def _for_segment(segments: list[str], segment: str) -> bool:
    """An item with no `segments` list is for all of its journey's segments."""
    return not segments or segment in segments


def for_segment(journey: Journey, segment: str) -> Journey:
    """The journey as one segment lives it: other segments' stages and items removed.

    References to removed items (a pain point at a touchpoint of another
    segment) simply drop out of the views, as the links are resolved by id.
    """
    stages = []
    for stage in journey.stages:
        if not _for_segment(stage.segments, segment):
            continue
        stages.append(
            stage.model_copy(
                update={
                    "touchpoints": [
                        t for t in stage.touchpoints if _for_segment(t.segments, segment)
                    ],
                    "pain_points": [
                        p for p in stage.pain_points if _for_segment(p.segments, segment)
                    ],
                }
            )
        )
    goals = [g for g in journey.goals if _for_segment(g.segments, segment)]
    return journey.model_copy(update={"segments": [segment], "stages": stages, "goals": goals})

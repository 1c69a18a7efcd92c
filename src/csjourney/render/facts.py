"""What the views say about a journey, computed once: metric status, value
text, who addresses which pain point, and the journey seen by one segment.

Everything here is plain data derived from the model, so the DOT, Markdown
and HTML views cannot disagree about, say, whether a metric is on target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from csjourney.metric_types import METRIC_TYPES
from csjourney.model import Initiative, Journey, Metric, PainPoint, Stage, Touchpoint


def metric_status(metric: Metric) -> str:
    """`on-target`, `off-target`, `no-target` (nothing to compare) or `no-data`."""
    if metric.current is None:
        return "no-data"
    if metric.target is None:
        return "no-target"
    if metric.effective_direction == "lower-is-better":
        return "on-target" if metric.current <= metric.target else "off-target"
    return "on-target" if metric.current >= metric.target else "off-target"


def number_text(value: float) -> str:
    """12,500 / 4.1 / -3: thousands separated, no trailing zeros; 1.2e+20 past 10^15."""
    if abs(value) >= 1e15:  # 1e308 written out would be 309 digits across the page
        return f"{value:.3g}"
    if math.isclose(value, round(value), abs_tol=1e-9):
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def value_text(metric: Metric, value: float | None) -> str:
    """A value with its unit: `48%`, `11 days`, `38` (NPS has no unit)."""
    if value is None:
        return "—"
    text = number_text(value)
    if METRIC_TYPES[metric.type].percent:
        return f"{text}%"
    return f"{text} {metric.unit}" if metric.unit else text


def emotion_score(emotion: int | None) -> int:
    """Emotion -2..2 as Mermaid's journey score 1..5; unknown counts as neutral."""
    return 3 if emotion is None else emotion + 3


def review_due(journey: Journey, every_days: int | None = None) -> str | None:
    """When the next review is due, as the lint rule reckons it; None without `reviewed`.

    `every_days` is the workspace's `review-every-days`, used when the journey sets no
    `review_every_days` of its own (None: the format's default). A due date past
    the calendar reads as never.
    """
    if journey.reviewed is None:
        return None
    due = journey.review_due(every_days or journey.review_every_days)
    return due.isoformat() if due is not None else "never (after 9999-12-31)"


@dataclass(frozen=True, slots=True)
class MetricRow:
    metric: Metric
    stage: Stage | None  # None for journey-wide metrics
    status: str

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

"""Geometry of the small charts of the HTML report: the emotion curve across
stages and a sparkline per metric. Only numbers and the user's text come out
of here; the templates turn them into SVG elements, with Jinja2 escaping the
text. Coordinates are rounded to one decimal so the output is repeatable.
"""

from __future__ import annotations

from dataclasses import dataclass

from csjourney.domain import value_text
from csjourney.model import Journey, Metric
from csjourney.render.style import EMOTIONS, signed
from csjourney.values import fraction_of


def _r(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True, slots=True)
class CurvePoint:
    x: float
    y: float | None  # None: emotion not recorded for this stage
    number: int
    name: str
    emotion: int | None
    colour: str


@dataclass(frozen=True, slots=True)
class EmotionCurve:
    width: float
    height: float
    points: list[CurvePoint]
    segments: list[str]  # polyline point lists; a stage without emotion breaks the line
    levels: list[tuple[float, str, str]]  # (y, "+1", "positive")
    label_y: float
    description: str  # the whole curve in words, for screen readers


PLOT_TOP, PLOT_LEFT, STEP, ROW = 16.0, 118.0, 96.0, 30.0


def emotion_curve(journey: Journey) -> EmotionCurve:
    def y_of(level: int) -> float:
        return PLOT_TOP + (2 - level) * ROW

    points = []
    for index, stage in enumerate(journey.stages):
        x = PLOT_LEFT + STEP / 2 + index * STEP
        level = stage.emotion
        y = y_of(level) if level is not None else None
        colour = EMOTIONS[level][0] if level is not None else "#8c959f"
        points.append(CurvePoint(_r(x), y, index + 1, stage.name, level, colour))
    segments: list[str] = []
    run: list[str] = []
    for point in [*points, None]:
        if point is not None and point.y is not None:
            run.append(f"{point.x},{point.y}")
            continue
        if len(run) > 1:
            segments.append(" ".join(run))
        run = []
    levels = [(y_of(level), signed(level), words) for level, (_, words) in EMOTIONS.items()]
    words = [
        f"{p.number}. {p.name}: "
        + (EMOTIONS[p.emotion][1] if p.emotion is not None else "not recorded")
        for p in points
    ]
    return EmotionCurve(
        width=_r(PLOT_LEFT + STEP * max(1, len(points)) + 8),
        height=_r(PLOT_TOP + 4 * ROW + 44),
        points=points,
        segments=segments,
        levels=levels,
        label_y=_r(PLOT_TOP + 4 * ROW + 24),
        description="; ".join(words),
    )


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: float
    height: float
    line: str  # polyline points
    last: tuple[float, float]
    target_y: float | None
    description: str


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120.0, 30.0, 4.0


def sparkline(metric: Metric) -> Sparkline | None:
    """History, then the current value; None when there are fewer than two values."""
    values = [point.value for point in metric.history]
    if metric.current is not None:
        values.append(metric.current)
    if len(values) < 2:
        return None
    scale = [*values, *([metric.target] if metric.target is not None else [])]
    low, high = min(scale), max(scale)

    def y_of(value: float) -> float:  # fraction_of: -1e308..1e308 must not overflow to nan
        return _r(SPARK_PAD + (1 - fraction_of(value, low, high)) * (SPARK_HEIGHT - 2 * SPARK_PAD))

    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(values) - 1)
    coordinates = [(_r(SPARK_PAD + i * step), y_of(v)) for i, v in enumerate(values)]
    target_y = y_of(metric.target) if metric.target is not None else None
    # Said as the table beside it writes them: `from 112% to 118%`, `from 12,500 USD`.
    trend = "from " + " to ".join(value_text(metric, v) for v in (values[0], values[-1]))
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        line=" ".join(f"{x},{y}" for x, y in coordinates),
        last=coordinates[-1],
        target_y=target_y,
        description=f"{len(values)} values, {trend}",
    )

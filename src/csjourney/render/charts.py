"""Geometry of the small charts of the HTML report: the emotion curve across
stages and a sparkline per metric. Only numbers and the user's text come out
of here; the templates turn them into SVG elements, with Jinja2 escaping the
text. Coordinates are rounded to one decimal so the output is repeatable.

Both charts carry their values as text: a `<title>` (the hover tooltip) on
every point, and an accessible name that says the whole chart in words.

The emotion curve is drawn in bands of at most `BAND_STAGES` stages stacked top
to bottom, so that a band fits a printed page (A4 or Letter, portrait) at a
readable scale and the page never has to scroll sideways, whatever the number
of stages. Its stage labels are wrapped into the width of their column as
measured by `text_width`, a deliberately generous estimate of how wide the
browser draws the text, so that two labels can never overlap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from csjourney.domain import value_text
from csjourney.model import Journey, Metric
from csjourney.render.style import EMOTIONS, signed
from csjourney.values import fraction_of


def _r(value: float) -> float:
    return round(value, 1)


# Advance widths in em, at least those of DejaVu Sans (the widest common sans
# serif; Arial and Helvetica are narrower), so an estimate is never short.
_WIDTHS = [
    (frozenset(" \u00a0"), 0.34),
    (frozenset("ijlIJ|!.,:;'`"), 0.3),
    (frozenset("frt()[]{}-/"), 0.43),
    (frozenset("wABCDEFGHKLNOPQRSTUVXYZ"), 0.82),
    (frozenset("mMW@%&…—"), 1.0),
]


def text_width(text: str, size: float) -> float:
    """How wide `text` may be drawn at font size `size` (px), overestimated."""
    em = 0.0
    for char in text:
        width = next((w for chars, w in _WIDTHS if char in chars), None)
        if width is None:
            if char.isascii():
                width = 0.65  # the other lower-case letters and the digits
            elif unicodedata.east_asian_width(char) in "WF":
                width = 1.1
            else:
                width = 0.9
        em += width
    return em * size


def fit_lines(text: str, width: float, size: float, max_lines: int) -> list[str]:
    """`text` in at most `max_lines` lines, none wider than `width`; the last cut with `…`."""
    lines: list[str] = []
    line = ""
    # Split at ASCII white space only: U+00A0 holds two words together, unless
    # together they are wider than a line.
    words = [
        part
        for word in re.split(r"[ \t\r\n]+", text)
        for part in ([word] if text_width(word, size) <= width else word.split("\u00a0"))
        if part
    ]
    for word in words:
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, size) > width:  # a word wider than the column: cut it
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and text_width(last + "…", size) > width:
        last = last[:-1].rstrip()
    return [*lines[: max_lines - 1], last + "…"]


@dataclass(frozen=True, slots=True)
class CurvePoint:
    x: float
    y: float | None  # None: emotion not recorded for this stage
    number: int
    name: str
    emotion: int | None
    colour: str
    label: list[str]  # the stage's label under the curve, wrapped to its column
    title: str  # the hover text: number, whole name and emotion


@dataclass(frozen=True, slots=True)
class CurveBand:
    """One row of at most BAND_STAGES stages, with its own grid and labels."""

    top: float  # offset of the band inside the chart
    points: list[CurvePoint]
    segments: list[str]  # polyline point lists; a stage without emotion breaks the line
    levels: list[tuple[float, str, str]]  # (y, "+1", "positive")
    neutral_y: float  # where a stage without emotion shows its `?`
    label_y: float  # baseline of the first label line
    right: float  # where the grid lines end


@dataclass(frozen=True, slots=True)
class EmotionCurve:
    width: float
    height: float
    bands: list[CurveBand]
    description: str  # the whole curve in words, for screen readers

    @property
    def points(self) -> list[CurvePoint]:
        return [point for band in self.bands for point in band.points]


PLOT_TOP, PLOT_LEFT, STEP, ROW = 16.0, 118.0, 96.0, 30.0
GRID_LEFT = 112.0  # where the level lines start, right of the level names
BAND_STAGES = 8  # 8 columns and the level names: 894 px, 0.8 of it on A4
FONT_SIZE, LINE_HEIGHT, LABEL_LINES = 11.0, 13.0, 3
LABEL_WIDTH = STEP - 10  # a label's column, with a gap to the next one
BAND_HEIGHT = PLOT_TOP + 4 * ROW + 24 + (LABEL_LINES - 1) * LINE_HEIGHT + 14


def _band_sizes(count: int) -> list[int]:
    """Stages per band: as few bands as fit, as even as possible (9 -> 5 + 4)."""
    bands = max(1, -(-count // BAND_STAGES))
    base, extra = divmod(count, bands)
    return [base + (1 if i < extra else 0) for i in range(bands)]


def _feeling(level: int | None) -> str:
    return f"{signed(level)} {EMOTIONS[level][1]}" if level is not None else "not recorded"


def emotion_curve(journey: Journey) -> EmotionCurve:
    stages = list(journey.stages)
    bands: list[CurveBand] = []
    start = 0
    for size in _band_sizes(len(stages)):
        top = _r(len(bands) * BAND_HEIGHT)

        def y_of(level: int, top: float = top) -> float:
            return _r(top + PLOT_TOP + (2 - level) * ROW)

        points = []
        for column, stage in enumerate(stages[start : start + size]):
            number, level = start + column + 1, stage.emotion
            x = _r(PLOT_LEFT + STEP / 2 + column * STEP)
            colour = EMOTIONS[level][0] if level is not None else "#8c959f"
            # No break between the number and the first word (U+00A0).
            label = fit_lines(f"{number}.\u00a0{stage.name}", LABEL_WIDTH, FONT_SIZE, LABEL_LINES)
            title = f"{number}. {stage.name}: {_feeling(level)}"
            y = y_of(level) if level is not None else None
            points.append(CurvePoint(x, y, number, stage.name, level, colour, label, title))
        bands.append(
            CurveBand(
                top=top,
                points=points,
                segments=_segments(points),
                levels=[(y_of(n), signed(n), words) for n, (_, words) in EMOTIONS.items()],
                neutral_y=y_of(0),
                label_y=_r(top + PLOT_TOP + 4 * ROW + 24),
                right=_r(PLOT_LEFT + STEP * size + 4),
            )
        )
        start += size
    columns = max((len(band.points) for band in bands), default=1)
    return EmotionCurve(
        width=_r(PLOT_LEFT + STEP * max(1, columns) + 8),
        height=_r(BAND_HEIGHT * max(1, len(bands))),
        bands=bands,
        description="; ".join(
            f"{p.number}. {p.name}: {_feeling(p.emotion)}" for band in bands for p in band.points
        ),
    )


def _segments(points: list[CurvePoint]) -> list[str]:
    segments: list[str] = []
    run: list[str] = []
    for point in [*points, None]:
        if point is not None and point.y is not None:
            run.append(f"{point.x},{point.y}")
            continue
        if len(run) > 1:
            segments.append(" ".join(run))
        run = []
    return segments


@dataclass(frozen=True, slots=True)
class SparkPoint:
    x: float
    y: float
    title: str  # the hover text: when, and the value as the table writes it


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: float
    height: float
    line: str  # polyline points
    last: tuple[float, float]
    target_y: float | None
    description: str  # "3 values, from 40% to 60%"
    points: list[SparkPoint]
    label: str  # the accessible name: the description, every value and the target


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120.0, 30.0, 4.0


def sparkline(metric: Metric) -> Sparkline | None:
    """History, then the current value; None when there are fewer than two values."""
    values = [point.value for point in metric.history]
    whens = [point.date.isoformat() for point in metric.history]
    if metric.current is not None:
        values.append(metric.current)
        whens.append(f"current ({metric.measured})" if metric.measured else "current")
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
    titles = [f"{when}: {value_text(metric, v)}" for when, v in zip(whens, values, strict=True)]
    target = f"; target {value_text(metric, metric.target)}" if metric.target is not None else ""
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        line=" ".join(f"{x},{y}" for x, y in coordinates),
        last=coordinates[-1],
        target_y=target_y,
        description=f"{len(values)} values, {trend}",
        points=[SparkPoint(x, y, t) for (x, y), t in zip(coordinates, titles, strict=True)],
        label=f"Trend: {len(values)} values, {trend} ({'; '.join(titles)}){target}",
    )

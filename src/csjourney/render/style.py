"""Colours, shapes and labels shared by every view, so a phase or a severity
looks the same in the map, the flow, the HTML report and the legend.

Colours are (fill, ink) pairs chosen for contrast of at least 4.5:1 and to
survive greyscale printing: severity and status also differ in their text.
"""

from __future__ import annotations

from typing import NamedTuple


class Swatch(NamedTuple):
    fill: str
    ink: str


# One family name both engines know: system dot maps it through fontconfig
# (Liberation Sans or Nimbus Sans), graphviz-pure has built-in metrics for it.
FONT = "Helvetica"
LINE = "#c8ced6"  # grid lines and cluster borders
MUTED = "#57606a"  # secondary text
LANE_FILL = "#f6f8fa"
SMALL = 9  # point size of the small print in the map: labels, channels, the legend
# The map's mark on a figure that has a source (an evidence item): a glyph every
# fallback font has, and that reads as a mark, not as a value or a unit.
SOURCE_MARK = "\u25c6"

PHASES: dict[str | None, Swatch] = {
    "pre-purchase": Swatch("#dbeafe", "#1e3a8a"),
    "purchase": Swatch("#ede9fe", "#4c1d95"),
    "post-purchase": Swatch("#dcfce7", "#14532d"),
    None: Swatch("#eceff3", "#24292f"),  # custom stages have no phase
}
PHASE_LABELS: dict[str | None, str] = {
    "pre-purchase": "Pre-purchase",
    "purchase": "Purchase",
    "post-purchase": "Post-purchase",
    None: "No phase",
}

SEVERITIES: dict[str, Swatch] = {
    "critical": Swatch("#7f1d1d", "#ffffff"),
    "high": Swatch("#fee2e2", "#991b1b"),
    "medium": Swatch("#ffedd5", "#9a3412"),
    "low": Swatch("#fef9c3", "#713f12"),
}
# Lines and borders: the ink, except for critical, whose ink is white on dark red.
SEVERITY_LINES = {
    level: (fill if level == "critical" else ink) for level, (fill, ink) in SEVERITIES.items()
}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}

STATUSES: dict[str, Swatch] = {
    "in-progress": Swatch("#fef3c7", "#92400e"),
    "planned": Swatch("#dbeafe", "#1e40af"),
    "idea": Swatch("#eef0f3", "#374151"),
    "done": Swatch("#dcfce7", "#166534"),
    "dropped": Swatch("#f3f4f6", "#6b7280"),
}
STATUS_ORDER = {status: index for index, status in enumerate(STATUSES)}
STATUS_LABELS = {
    "in-progress": "In progress",
    "planned": "Planned",
    "idea": "Idea",
    "done": "Done",
    "dropped": "Dropped",
}

EMOTIONS: dict[int, tuple[str, str]] = {  # level -> (colour, words)
    2: ("#15803d", "very positive"),
    1: ("#4d7c0f", "positive"),
    0: ("#57606a", "neutral"),
    -1: ("#c2410c", "negative"),
    -2: ("#b91c1c", "very negative"),
}

METRIC_STATUS: dict[str, tuple[str, str]] = {  # status -> (colour, words)
    "on-target": ("#15803d", "on target"),
    "off-target": ("#b91c1c", "off target"),
    "no-target": ("#57606a", "no target"),
    "no-data": ("#57606a", "not measured"),
}

# Flow view: a node shape per family of channels, so the kind of contact reads
# at a glance; the channel name is printed in the node as well. Only box-like
# shapes: ellipses and hexagons grow far wider than their text.
_CHANNEL_FAMILIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("note", ""): ("email", "sms", "push"),
    ("component", ""): ("in-app", "product", "billing"),
    ("box", ",rounded"): ("meeting", "phone", "event", "support", "chat", "partner"),
    ("tab", ""): ("chatbot", "survey"),
}
CHANNEL_SHAPES = {channel: shape for shape, group in _CHANNEL_FAMILIES.items() for channel in group}


def channel_shape(channel: str) -> tuple[str, str]:
    """(Graphviz shape, extra style) of a touchpoint on `channel`."""
    return CHANNEL_SHAPES.get(channel, ("box", ""))


def signed(level: int) -> str:
    """An emotion level as people write it: +1, 0, -2."""
    return f"{level:+d}" if level else "0"


def phase_swatch(phase: str | None) -> Swatch:
    return PHASES.get(phase, PHASES[None])

"""The render views: the one list `--view` offers and the HTML page shows.

A view is a function from a journey (with the workspace's segment and channel
names) to DOT source, and the words the reports put around its picture. The
pipeline draws each view asked for, the journey page embeds each one in this
order and the Markdown report links each picture by its title, so a new view is
its module and one entry here. Entries import their module only when drawn:
`render --help` lists the names without loading any view.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple, Protocol

from csjourney.registry import Lazy

if TYPE_CHECKING:
    from csjourney.model import Evidence, Journey


class DotBuilder(Protocol):
    """(journey, segment id -> name, channel id -> name, evidence id -> item) -> DOT source."""

    def __call__(
        self,
        journey: Journey,
        segment_names: dict[str, str],
        channels: dict[str, str],
        evidence: Mapping[str, Evidence] | None = None,
    ) -> str: ...


class View(NamedTuple):  # not a dataclass: cheaper to make at start-up
    title: str  # the HTML section's heading and the Markdown link's text
    caption: str  # the HTML figure's caption: our own plain text, shown as written
    build: Lazy[DotBuilder]


VIEWS: dict[str, View] = {
    "map": View(
        "Journey map",
        "One column per stage, coloured by phase; lanes for the customer's goal, touchpoints, "
        "emotion, pain points, initiatives, metrics and exit criteria.",
        Lazy("csjourney.render.mapview:map_dot"),
    ),
    "flow": View(
        "Flow",
        "Stages left to right with their touchpoints; pain points are linked to the touchpoints "
        "where they happen, initiatives point at the pain points they address.",
        Lazy("csjourney.render.flowview:flow_dot"),
    ),
}

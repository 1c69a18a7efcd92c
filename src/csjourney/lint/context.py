"""What rules see: the validated workspace, the date, the options, and its items by kind.

Every listing yields the data path of the item so findings can be located;
rules never compute positions themselves. The items come from the one
walker (`csjourney.structure.walk`), run once per lint and kept by kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from csjourney.model import (
    Evidence,
    Goal,
    Initiative,
    Journey,
    Metric,
    PainPoint,
    Segment,
    Stage,
    Touchpoint,
)
from csjourney.structure import Node, walk

if TYPE_CHECKING:
    from csjourney.config import LintOptions
    from csjourney.workspace import SourceFile, Workspace

Loc = tuple[str | int, ...]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LintContext:
    workspace: Workspace
    today: dt.date
    options: LintOptions
    # Every item of the workspace, by model, each with its file (walked once).
    _nodes: dict[type, list[tuple[SourceFile, Node]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        nodes: dict[type, list[tuple[SourceFile, Node]]] = {}
        for file in self.workspace.files:
            for node in walk(file.model, file=file):
                nodes.setdefault(node.kind.model, []).append((file, node))
        object.__setattr__(self, "_nodes", nodes)

    @property
    def complete(self) -> bool:
        """False when some files were left out for errors: "unused" verdicts would be wrong."""
        return not self.workspace.broken

    def journeys(self) -> Iterator[tuple[SourceFile, Journey]]:
        return self.workspace.journeys()

    def _in_journeys(self, model: type[T]) -> Iterator[tuple[SourceFile, Journey, Loc, T]]:
        for file, node in self._nodes.get(model, ()):
            journey = node.up("journey")
            assert journey is not None  # every kind asked for here lives in a journey
            yield file, journey.value, node.loc, node.value

    def _shared(self, model: type[T]) -> Iterator[tuple[SourceFile, Loc, T]]:
        for file, node in self._nodes.get(model, ()):
            yield file, node.loc, node.value

    def stages(self) -> Iterator[tuple[SourceFile, Journey, Loc, Stage]]:
        return self._in_journeys(Stage)

    def touchpoints(self) -> Iterator[tuple[SourceFile, Journey, Loc, Touchpoint]]:
        return self._in_journeys(Touchpoint)

    def pain_points(self) -> Iterator[tuple[SourceFile, Journey, Loc, PainPoint]]:
        return self._in_journeys(PainPoint)

    def initiatives(self) -> Iterator[tuple[SourceFile, Journey, Loc, Initiative]]:
        return self._in_journeys(Initiative)

    def metrics(self) -> Iterator[tuple[SourceFile, Journey, Loc, Metric]]:
        """Journey-wide metrics first, then each stage's."""
        return self._in_journeys(Metric)

    def goals(self) -> Iterator[tuple[SourceFile, Journey, Loc, Goal]]:
        return self._in_journeys(Goal)

    def segments(self) -> Iterator[tuple[SourceFile, Loc, Segment]]:
        return self._shared(Segment)

    def evidence(self) -> Iterator[tuple[SourceFile, Loc, Evidence]]:
        return self._shared(Evidence)

    def cited(self, kind: str) -> set[str]:
        """The ids that any reference field in the workspace names for items of `kind`."""
        found: set[str] = set()
        for entries in self._nodes.values():
            for _file, node in entries:
                for name, reference in node.kind.references.items():
                    if reference.target != kind:
                        continue
                    value = node.get(name)
                    found.update(value if reference.many else [value] if value else [])
        return found

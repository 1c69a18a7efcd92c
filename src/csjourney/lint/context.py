"""What rules see: the validated workspace, the date, the options, and its items by kind.

Every listing yields the data path of the item so findings can be located;
rules never compute positions themselves. The items come from the one
walker (`csjourney.structure.walk`), run once per lint and kept by kind.

A run lints each file on its own: a journey's rules look only at its journey.
Rules that conclude something from the whole workspace (nothing cites this
evidence) report only on workspace-wide items (segments, evidence, channels)
and read what they need from `Facts`, gathered from every file's summary, so
the files need not be held together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

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
class Facts:
    """What the workspace-wide rules need from every file, not only those linted together."""

    complete: bool  # no file was left out for errors
    cited: dict[str, frozenset[str]]  # the ids reference fields name, by the kind they name
    covered: frozenset[str]  # the segments some journey is for


@dataclass(frozen=True, slots=True)
class LintContext:
    workspace: Workspace
    today: dt.date
    options: LintOptions
    facts: Facts | None = None  # None: the workspace linted is the whole workspace
    # Every item of the workspace, by model, each with its file (walked once).
    _nodes: dict[type, list[tuple[SourceFile, Node]]] = field(init=False, repr=False)
    _citations: dict[str, set[str]] = field(init=False, repr=False)  # filled on first use

    def __post_init__(self) -> None:
        nodes: dict[type, list[tuple[SourceFile, Node]]] = {}
        for file in self.workspace.files:
            for node in walk(file.model, file=file):
                nodes.setdefault(node.kind.model, []).append((file, node))
        object.__setattr__(self, "_nodes", nodes)
        object.__setattr__(self, "_citations", {})

    @property
    def complete(self) -> bool:
        """False when some files were left out for errors: "unused" verdicts would be wrong."""
        return self.facts.complete if self.facts else not self.workspace.broken

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
        if self.facts is not None:
            return set(self.facts.cited.get(kind, ()))
        return set(self.citations().get(kind, ()))

    def covered_segments(self) -> set[str]:
        """The segments some journey of the workspace is for."""
        if self.facts is not None:
            return set(self.facts.covered)
        return {segment for _file, journey in self.journeys() for segment in journey.segments}

    def citations(self) -> dict[str, set[str]]:
        """Every id named by a reference field of these files, by the kind it names."""
        found = self._citations
        if found:
            return found
        for entries in self._nodes.values():
            for _file, node in entries:
                item = node.value
                for name, reference in node.kind.references.items():
                    # `Node.get`, inline: a model, unless the context holds raw data.
                    value: Any
                    if isinstance(item, dict):
                        value = item.get(name)
                    else:
                        value = getattr(item, reference.attribute, None)
                    named = value if reference.many else [value] if value else []
                    found.setdefault(reference.target, set()).update(named)
        return found

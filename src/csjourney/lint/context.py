"""What rules see: the validated workspace, the date, the options, and item walkers.

Every walker yields the data path of the item so findings can be located;
rules never compute positions themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.config import LintOptions
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
    from csjourney.workspace import SourceFile, Workspace

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class LintContext:
    workspace: Workspace
    today: dt.date
    options: LintOptions

    @property
    def complete(self) -> bool:
        """False when some files were left out for errors: "unused" verdicts would be wrong."""
        return not self.workspace.broken

    def journeys(self) -> Iterator[tuple[SourceFile, Journey]]:
        return self.workspace.journeys()

    def stages(self) -> Iterator[tuple[SourceFile, Journey, Loc, Stage]]:
        for file, journey in self.journeys():
            for index, stage in enumerate(journey.stages):
                yield file, journey, ("journey", "stages", index), stage

    def touchpoints(self) -> Iterator[tuple[SourceFile, Journey, Loc, Touchpoint]]:
        for file, journey, loc, stage in self.stages():
            for index, item in enumerate(stage.touchpoints):
                yield file, journey, (*loc, "touchpoints", index), item

    def pain_points(self) -> Iterator[tuple[SourceFile, Journey, Loc, PainPoint]]:
        for file, journey, loc, stage in self.stages():
            for index, item in enumerate(stage.pain_points):
                yield file, journey, (*loc, "pain_points", index), item

    def initiatives(self) -> Iterator[tuple[SourceFile, Journey, Loc, Initiative]]:
        for file, journey, loc, stage in self.stages():
            for index, item in enumerate(stage.initiatives):
                yield file, journey, (*loc, "initiatives", index), item

    def metrics(self) -> Iterator[tuple[SourceFile, Journey, Loc, Metric]]:
        """Journey-wide metrics first, then each stage's."""
        for file, journey in self.journeys():
            for index, item in enumerate(journey.metrics):
                yield file, journey, ("journey", "metrics", index), item
            for s, stage in enumerate(journey.stages):
                for index, item in enumerate(stage.metrics):
                    yield file, journey, ("journey", "stages", s, "metrics", index), item

    def goals(self) -> Iterator[tuple[SourceFile, Journey, Loc, Goal]]:
        for file, journey in self.journeys():
            for index, item in enumerate(journey.goals):
                yield file, journey, ("journey", "goals", index), item

    def segments(self) -> Iterator[tuple[SourceFile, Loc, Segment]]:
        for file, index, segment in self.workspace.segments():
            yield file, ("segments", index), segment

    def evidence(self) -> Iterator[tuple[SourceFile, Loc, Evidence]]:
        for file, index, item in self.workspace.evidence():
            yield file, ("evidence", index), item

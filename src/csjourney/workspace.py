"""A validated workspace: the journey files that passed every structural check.

Lint rules and renderers read this; they never see raw YAML or broken files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from csjourney.model import Channel, Evidence, Journey, JourneyFile, Segment
from csjourney.yamlsource import SourceMap


@dataclass(slots=True)
class SourceFile:
    path: Path  # as displayed: relative to the working directory when below it
    model: JourneyFile
    source: SourceMap
    text: str = ""  # needed by suppression comments; empty when not kept


@dataclass(slots=True)
class Workspace:
    root: Path | None
    files: list[SourceFile] = field(default_factory=list)
    # Files left out for structural errors. Rules that conclude "nothing uses X"
    # cannot trust a workspace with holes in it.
    broken: set[Path] = field(default_factory=set)

    def journeys(self) -> Iterator[tuple[SourceFile, Journey]]:
        for file in self.files:
            if file.model.journey is not None:
                yield file, file.model.journey

    def segments(self) -> Iterator[tuple[SourceFile, int, Segment]]:
        for file in self.files:
            for index, segment in enumerate(file.model.segments):
                yield file, index, segment

    def evidence(self) -> Iterator[tuple[SourceFile, int, Evidence]]:
        for file in self.files:
            for index, item in enumerate(file.model.evidence):
                yield file, index, item

    def channels(self) -> Iterator[tuple[SourceFile, int, Channel]]:
        for file in self.files:
            for index, item in enumerate(file.model.channels):
                yield file, index, item

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for _, _, s in self.segments() if s.id == segment_id), None)

    def merge(self, other: Workspace) -> None:
        self.files.extend(other.files)
        self.broken |= other.broken

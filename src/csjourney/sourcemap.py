"""Where each key and value of a loaded file stands, by its data path.

Pydantic reports errors against data paths; this turns them back into the
spans of the file that the user can go to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from csjourney.diagnostics import Span

PathKey = tuple[str | int, ...]


class Position(NamedTuple):
    key: Span | None  # None for sequence items and the document root
    value: Span


@dataclass(slots=True)
class SourceMap:
    """Positions of keys and values, by data path (("journey", "stages", 0, "id"))."""

    entries: dict[PathKey, Position] = field(default_factory=dict)

    def locate(self, path: PathKey, *, prefer_key: bool = False) -> Span:
        """The span of `path`, or of its nearest recorded ancestor."""
        for end in range(len(path), -1, -1):
            position = self.entries.get(path[:end])
            if position is not None:
                if prefer_key and position.key is not None and end == len(path):
                    return position.key
                return position.value
        return Span(1, 1, 1, 1)

    def key_span(self, path: PathKey) -> Span:
        return self.locate(path, prefer_key=True)

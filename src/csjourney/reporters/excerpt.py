"""`--show-source`: the offending line of a finding, with a caret under its column.

The text comes from the report (the text each file was checked as, standard
input included); a file that did not load is read once more, here, capped.
The line is escaped like every other field, and a very long line is cut to a
window around the column, so a minified file cannot flood the terminal.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.safetext import printable
from csjourney.yamltext import EDITOR_LINE_BREAK

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diagnostics import Diagnostic

_MAX_READ = 16 * 1024 * 1024  # beyond this a file's findings are shown without source
_BEFORE = 60  # characters kept left of the column on a long line
_WIDTH = 160  # characters shown of a long line


class Sources:
    """Lines of the reported files, split once per file on first use."""

    def __init__(self, report: Report) -> None:
        self._report = report
        self._lines: dict[Path, list[str]] = {}

    def line(self, path: Path, number: int) -> str | None:
        if path not in self._lines:
            text = self._report.texts.get(path, self._report.sources.get(path))
            if text is None and path != self._report.stdin:
                text = _read(path)
            self._lines[path] = EDITOR_LINE_BREAK.split(text) if text else []
        lines = self._lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else None


def _read(path: Path) -> str | None:
    from csjourney.reading import read

    try:
        content = read(path, scanning=True, max_bytes=_MAX_READ)
    except Exception:  # gone, unreadable, changed: the finding says so; no source
        return None
    if content is None or len(content.data) > _MAX_READ:
        return None
    return content.data.decode("utf-8-sig", errors="replace")


def excerpt(d: Diagnostic, sources: Sources) -> list[str] | None:
    """`  12 | text` and `     |   ^^^`, or None when the line is not known."""
    text = sources.line(d.path, d.line)
    if text is None or not text.strip():
        return None
    start = d.column - 1
    width = d.span.end_column - d.column if d.span.end_line == d.line else 1
    left = max(0, min(start - _BEFORE, len(text) - _WIDTH))
    width = max(1, min(width, len(text) - start, left + _WIDTH - start))
    shown = text[left : left + _WIDTH]
    head = "…" if left else ""
    tail = "…" if left + _WIDTH < len(text) else ""
    before = head + printable(shown[: start - left])
    marked = printable(shown[start - left : start - left + width]) or " "
    gutter = " " * len(str(d.line))
    return [
        f" {d.line} | {head}{printable(shown)}{tail}",
        f" {gutter} | {_blank(before)}{'^' * _cells(marked)}",
    ]


def _cells(text: str) -> int:
    """Terminal columns `text` takes: wide characters two, combining marks none."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


def _blank(text: str) -> str:
    """Spaces as wide as `text`, keeping its tabs so the caret lands under the column."""
    return "".join(char if char == "\t" else " " * _cells(char) for char in text)

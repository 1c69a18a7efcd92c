"""Text edits of one metric in a map: set a scalar key, add or replace a history point.

Each edit changes only the characters it must, in the file's own layout: a new key
goes on its own line after the key it follows in the canonical order (fmt's), at the
mapping's indentation, in block or `{...}` style as the mapping is written; a history
point is written like the points around it (`- {date: ..., value: ...}` or a block
item), in date order. Positions come from the source map of a fresh parse, so every
edit is computed on the text as it is; the caller (csjourney.measure.update) checks
the result before anything is written. A layout these rules do not cover raises
`EditError`, and the file is left alone.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from csjourney.sourcemap import PathKey
from csjourney.yamlsource import Document, build
from csjourney.yamltext import EDITOR_LINE_BREAK

_DASH = re.compile(r"[ ]*-[ ]+\Z")  # what stands before a block item's content on its line


class EditError(Exception):
    """The map is written in a way these edits cannot change safely; the message says how."""


class _Text:
    """The text, its parse and the offsets of its lines."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.doc: Document = build(text)
        self.starts = [0, *(m.end() for m in EDITOR_LINE_BREAK.finditer(text))]
        first = EDITOR_LINE_BREAK.search(text)
        self.eol = first.group() if first else "\n"  # new lines end as the file's first one

    def offset(self, line: int, column: int) -> int:
        return self.starts[line - 1] + column - 1

    def span(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        position = self.doc.source.entries.get(path)
        span = None if position is None else (position.key if key else position.value)
        if span is None:
            raise EditError("a value without a place in the file (a merge key or an alias)")
        return self.offset(span.line, span.column), self.offset(span.end_line, span.end_column)

    def at(self, path: PathKey) -> Any:
        value = self.doc.data
        for part in path:
            value = value[part]
        return value

    def is_flow(self, path: PathKey) -> bool:
        return self.text[self.span(path)[0]] in "{["

    def content_end(self, path: PathKey) -> int:
        """Where the value at `path` ends: after its last character, not the blank lines,
        comments or next key a block scalar's or block collection's end mark takes in."""
        value = self.at(path)
        if isinstance(value, dict | list) and value and not self.is_flow(path):
            last = list(value)[-1] if isinstance(value, dict) else len(value) - 1
            return self.content_end((*path, last))
        start, end = self.span(path)
        while end > start and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def line_end(self, index: int) -> int:
        """The end of the line holding `index` (before its line break; after a comment)."""
        found = EDITOR_LINE_BREAK.search(self.text, index)
        return found.start() if found else len(self.text)

    def line_start(self, index: int) -> int:
        return max(start for start in self.starts if start <= index)

    def edit(self, start: int, end: int, new: str) -> str:
        return self.text[:start] + new + self.text[end:]


def scalar_text(value: object) -> str:
    """A number or a date as a plain YAML scalar (`63.8`, `412`, `2026-11-30`)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _preceding(text: _Text, loc: PathKey, key: str, canonical: tuple[str, ...]) -> str:
    """The key of the metric `key` goes after: the last present one before it in `canonical`."""
    mapping = text.at(loc)
    before = [k for k in canonical[: canonical.index(key)] if k in mapping]
    if not before:
        raise EditError(f"no key to put `{key}` after")
    return before[-1]


def _insert_key(
    text: _Text, loc: PathKey, key: str, literal: str, canonical: tuple[str, ...]
) -> str:
    """`key: literal` added to the metric at `loc`; `literal` may span lines (block style)."""
    after = _preceding(text, loc, key, canonical)
    anchor = text.content_end((*loc, after))
    if text.is_flow(loc):
        return text.edit(anchor, anchor, f", {key}: {literal}")
    key_start = text.span((*loc, after), key=True)[0]
    indent = " " * (key_start - text.line_start(key_start))  # the mapping's own indentation
    literal = literal.replace("\n", text.eol + indent)
    at = text.line_end(anchor)
    colon = ":" if literal.startswith(text.eol) else ": "  # a block value starts below
    return text.edit(at, at, f"{text.eol}{indent}{key}{colon}{literal}")


def set_key(text: str, loc: PathKey, key: str, value: object, canonical: tuple[str, ...]) -> str:
    """The metric at `loc` with `key` set to the number or date `value`."""
    parsed = _Text(text)
    if key in parsed.at(loc):
        start, end = parsed.span((*loc, key))
        if isinstance(parsed.at((*loc, key)), dict | list):
            raise EditError(f"`{key}` holds a collection")
        return parsed.edit(start, end, scalar_text(value))
    return _insert_key(parsed, loc, key, scalar_text(value), canonical)


def _point(day: dt.date, value: object) -> str:
    return f"{{date: {scalar_text(day)}, value: {scalar_text(value)}}}"


def set_point(
    text: str, loc: PathKey, day: dt.date, value: object, canonical: tuple[str, ...]
) -> str:
    """The metric at `loc` with a history point for `day`: its value replaced if there is
    one, else a new point between the earlier and the later ones."""
    parsed = _Text(text)
    history = (*loc, "history")
    points = parsed.at(loc).get("history")
    if not points:
        if points is None:
            block = not parsed.is_flow(loc)
            literal = f"\n  - {_point(day, value)}" if block else f"[{_point(day, value)}]"
            return _insert_key(parsed, loc, "history", literal, canonical)
        return _fill_empty(parsed, loc, day, value)
    days = [str(p.get("date")) if isinstance(p, dict) else None for p in points]
    if day.isoformat() in days:
        index = days.index(day.isoformat())
        start, end = parsed.span((*history, index, "value"))
        return parsed.edit(start, end, scalar_text(value))
    later = [i for i, d in enumerate(days) if d is not None and d > day.isoformat()]
    index = later[0] if later else len(points)
    if parsed.is_flow(history):
        if index:
            at = parsed.content_end((*history, index - 1))
            return parsed.edit(at, at, f", {_point(day, value)}")
        at = parsed.span((*history, 0))[0]
        return parsed.edit(at, at, f"{_point(day, value)}, ")
    reference = (*history, max(index - 1, 0))
    start = parsed.span(reference)[0]
    pad = parsed.text[parsed.line_start(start) : start]
    if not _DASH.match(pad):
        raise EditError("a history item that does not start its own line")
    if parsed.is_flow(reference):
        item = _point(day, value)
    else:  # a block item: `- date: ...` then `value: ...` under it
        item = f"date: {scalar_text(day)}{parsed.eol}{' ' * len(pad)}value: {scalar_text(value)}"
    if index:
        at = parsed.line_end(parsed.content_end((*history, index - 1)))
        return parsed.edit(at, at, f"{parsed.eol}{pad}{item}")
    at = parsed.line_start(start)
    return parsed.edit(at, at, f"{pad}{item}{parsed.eol}")


def _fill_empty(parsed: _Text, loc: PathKey, day: dt.date, value: object) -> str:
    """`history: []` given its first point, in the metric's style."""
    start, end = parsed.span((*loc, "history"))
    if parsed.is_flow(loc):
        return parsed.edit(start, end, f"[{_point(day, value)}]")
    key_start, key_end = parsed.span((*loc, "history"), key=True)
    indent = " " * (key_start - parsed.line_start(key_start))
    return parsed.edit(key_end, end, f":{parsed.eol}{indent}  - {_point(day, value)}")

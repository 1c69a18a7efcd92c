"""Where a cursor stands in a journey map that is being typed: its path, its role, its word.

Completion and hover ask "what is being written here?": the data path (a
`csjourney.structure.Loc`, `("journey", "stages", 0, "touchpoints", 1,
"channel")`), whether the cursor is on a key, a value or a list item, and the
word typed so far. A map being typed rarely parses (a half-typed key, an
unclosed `[`), so there are two readings. When the text parses and the cursor
is on a scalar, the source map of `csjourney.yamlsource` says exactly what it
is (the only reading that knows block scalars and multi-line flows).
Otherwise the lines above the cursor are read by indentation to rebuild the
open mappings and lists, and a small scanner reads the cursor's own line,
flow collections included: it never needs the rest of the file to be valid.

Roles: for a key, `loc` is the mapping that holds it (its kind says which keys
may follow); for a value, the key's path; for an item, the list's path and the
item's index. No pygls here: this is tested on plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from csjourney.diagnostics import Span
from csjourney.structure import Loc, kind_at
from csjourney.yamltext import EDITOR_LINE_BREAK

if TYPE_CHECKING:
    from csjourney.yamlsource import Document

Role = Literal["key", "value", "item"]
_WORD = re.compile(r"[A-Za-z0-9_.-]")
_BLOCK_KEY = re.compile(r"""^(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},:][^#:]*?)\s*:(?:\s|$)""")
_BLOCK_SCALAR = re.compile(r"^(?:[&!]\S+\s+)*[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True, slots=True)
class Context:
    """What the cursor is on. `present`: the mapping's other keys, or the list's other items."""

    loc: Loc
    role: Role
    partial: str  # the word's characters before the cursor
    span: Span  # the whole word under the cursor (empty at the cursor when there is none)
    present: frozenset[str] = frozenset()
    flow: bool = False  # inside a flow collection (`[...]`, `{...}`)
    word: str = ""  # the whole word under the cursor: the key, id or value being typed


def context_at(text: str, line: int, column: int) -> Context | None:
    """The context of a cursor at (line, column), 1-based, columns Python str indexes.

    None in a comment, past the end of the text, or where no key, value or
    item could stand.
    """
    lines = EDITOR_LINE_BREAK.split(text)
    if not 1 <= line <= len(lines):
        return None
    column = max(1, min(column, len(lines[line - 1]) + 1))
    document = parsed(text)
    if document is None:
        return line_context(lines, line, column)
    return document_context(document, lines, line, column) or line_context(lines, line, column)


@lru_cache(maxsize=4)
def parsed(text: str) -> Document | None:
    """`text` parsed (None: it does not); kept, as one request reads a buffer twice."""
    from csjourney.yamlsource import YamlProblem, build

    try:
        return build(text)
    except YamlProblem:
        return None


def _context(
    lines: list[str],
    line: int,
    column: int,
    loc: Loc,
    role: Role,
    present: set[str] | frozenset[str] = frozenset(),
    flow: bool = False,
) -> Context:
    """The context, with the word around the cursor (its part before the cursor, its span)."""
    text = lines[line - 1]
    start = end = column - 1
    while start > 0 and _WORD.match(text[start - 1]):
        start -= 1
    while end < len(text) and _WORD.match(text[end]):
        end += 1
    if text[start : start + 2] in ("-", "- ") and text[:start].strip() in ("", "-"):
        start = end = max(start + 1, column - 1)  # a list's dash, not a word's first letter
    word, span = text[start:end], Span(line, start + 1, line, end + 1)
    others = frozenset(present) - {word} if role == "key" else frozenset(present)
    return Context(loc, role, text[start : column - 1], span, others, flow, word)


def document_context(
    document: Document, lines: list[str], line: int, column: int
) -> Context | None:
    """The context from the parsed text, when the cursor is on one of its scalars."""
    hits: list[tuple[Loc, Role]] = []
    for path, position in document.source.entries.items():
        if not path or "<duplicate>" in path:
            continue
        if position.key is not None and _touches(position.key, line, column):
            hits.append((path[:-1], "key"))
        elif _touches(position.value, line, column) and not isinstance(
            _data_at(document.data, path), dict | list
        ):
            hits.append((path, "item" if isinstance(path[-1], int) else "value"))
    if not hits:
        return None
    loc, role = max(hits, key=lambda hit: len(hit[0]) + (hit[1] == "key"))  # the innermost
    if role == "key":
        held = _data_at(document.data, loc)
        return _context(lines, line, column, loc, role, set(held if isinstance(held, dict) else ()))
    opener = document.source.locate(loc[:-1])  # (a value merged from an anchor: the anchor's)
    flow = lines[opener.line - 1][opener.column - 1 : opener.column] in ("[", "{")
    others: set[str] = set()
    if role == "item":
        held = _data_at(document.data, loc[:-1])
        held = held if isinstance(held, list) else []  # a list whose tag was refused
        others = {str(v) for i, v in enumerate(held) if i != loc[-1] and isinstance(v, str)}
    return _context(lines, line, column, loc, role, others, flow)


def _touches(span: Span, line: int, column: int) -> bool:
    """Whether the cursor is on a non-empty span; a one-line span's end counts (just after a
    word), a block scalar's does not (it is the next key's start)."""
    if span.line == span.end_line:
        return span.line == line and span.column <= column <= span.end_column > span.column
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column)


def _data_at(data: Any, loc: Loc) -> Any:  # None where `loc` is not in `data`
    for part in loc:
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        data = data[part] if in_list or (isinstance(data, dict) and part in data) else None
    return data


@dataclass(slots=True)
class _Frame:
    """One open block collection: a mapping (its keys so far) or a list (its last index)."""

    column: int
    seq: bool
    keys: list[str] = field(default_factory=list)
    index: int = 0
    pending: bool = False  # a mapping whose last key has its value on the lines below
    items: list[str] = field(default_factory=list)  # a list's scalar items


class _Blocks:
    """The chain of block collections open at a line, rebuilt from the lines above it."""

    def __init__(self) -> None:
        self.frames: list[_Frame] = []

    def _close(self, closed: Callable[[_Frame], bool]) -> _Frame | None:
        """Close the innermost collections while `closed` says so; the one left open."""
        while self.frames and closed(self.frames[-1]):
            self.frames.pop()
        return self.frames[-1] if self.frames else None

    def _open(self, frame: _Frame) -> _Frame:
        """A collection opened as the value of the innermost mapping's pending key."""
        if self.frames and not self.frames[-1].seq:
            self.frames[-1].pending = False
        self.frames.append(frame)
        return frame

    def path(self) -> Loc:
        """The path into the innermost open collection's current entry."""
        return tuple(f.index if f.seq else f.keys[-1] for f in self.frames if f.seq or f.keys)

    def dash(self, column: int) -> None:
        """A `- ` at `column`: the next item of a list there, or the first of a new one."""
        top = self._close(
            lambda f: f.column > column or (f.column == column and not f.seq and not f.pending)
        )
        if top is not None and top.seq and top.column == column:
            top.index += 1
        else:
            self._open(_Frame(column, seq=True))

    def mapping_at(self, column: int) -> tuple[Loc, _Frame | None]:
        """Close what a key at `column` closes; the path of its mapping, and that mapping."""
        top = self._close(lambda f: f.column > column or (f.column == column and f.seq))
        if top is not None and not top.seq and top.column == column:
            return self.path()[:-1] if top.keys else self.path(), top
        return self.path(), None

    def key(self, column: int, key: str, pending: bool) -> None:
        _, frame = self.mapping_at(column)
        if frame is None:
            frame = self._open(_Frame(column, seq=False))
        frame.keys.append(key)
        frame.pending = pending


def _split(text: str) -> tuple[int, list[int], int, str]:
    """A line's indentation, the columns of its `- ` dashes, and where its content starts."""
    indent = len(text) - len(text.lstrip(" "))
    dashes, at = [], indent
    while text[at : at + 1] == "-" and text[at + 1 : at + 2] in (" ", ""):
        dashes.append(at)
        at += 1
        while text[at : at + 1] == " ":
            at += 1
    return indent, dashes, at, text[at:]


def _unquote(key: str) -> str:
    key = key.strip()
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"" else key


def _read_above(lines: list[str], line: int) -> _Blocks:
    """The block collections open at the start of `line` (1-based)."""
    blocks, scalar_above = _Blocks(), -1
    for text in lines[: line - 1]:
        indent, dashes, at, content = _split(text)
        if (not content.strip() and not dashes) or content.startswith("#"):
            continue
        if scalar_above >= 0 and indent > scalar_above:
            continue  # a line of a block scalar (`description: |`)
        scalar_above = -1
        for dash in dashes:
            blocks.dash(dash)
        match = _BLOCK_KEY.match(content)
        if match is None:
            if dashes and content.strip():
                blocks.frames[-1].items.append(content.split(" #")[0].strip())
            continue
        rest = content[match.end() :].strip()
        blocks.key(at, _unquote(match["key"]), not rest or rest.startswith("#"))
        if _BLOCK_SCALAR.match(rest):
            scalar_above = at
    return blocks


def _keys_below(lines: list[str], line: int, column: int) -> set[str]:
    """The keys at `column` on the lines after `line`, until the mapping ends."""
    found: set[str] = set()
    for text in lines[line:]:
        indent, dashes, _, content = _split(text)
        if (not content.strip() and not dashes) or content.startswith("#") or indent > column:
            continue
        if indent < column or dashes:
            break
        match = _BLOCK_KEY.match(content)
        if match is not None:
            found.add(_unquote(match["key"]))
    return found


def line_context(lines: list[str], line: int, column: int) -> Context | None:
    """The context from the indentation of the lines above and the cursor's line."""
    blocks = _read_above(lines, line)
    before = lines[line - 1][: column - 1]
    _, dashes, at, content = _split(before)
    if not before.strip():
        dashes, at, content = [], len(before), ""
    for dash in dashes:
        blocks.dash(dash)
    match = _BLOCK_KEY.match(content)
    if content.startswith("#"):
        return None
    if match is not None:  # `key: ...` then the cursor: a value (or inside a flow one)
        loc, frame = blocks.mapping_at(at)
        key = _unquote(match["key"])
        return _inline(lines, line, column, (*loc, key), content[match.end() :])
    if content[:1] in ("[", "{"):
        return _inline(lines, line, column, blocks.path(), content)
    if (content.strip() and not _WORD.match(content.rstrip()[-1])) or " " in content.strip():
        return None  # a comment, a sentence: no key, id or value is being typed here
    if dashes:
        item = blocks.path()
        on_key = _BLOCK_KEY.match(content + lines[line - 1][column - 1 :])  # `- na|me: x`
        if on_key is not None or _holds_items(item):
            return _context(lines, line, column, item, "key", _keys_below(lines, line, at))
        return _context(lines, line, column, item, "item", set(blocks.frames[-1].items))
    loc, frame = blocks.mapping_at(at)
    present = set(frame.keys) if frame is not None else set()
    return _context(lines, line, column, loc, "key", present | _keys_below(lines, line, at))


def _holds_items(loc: Loc) -> bool:
    """Whether `loc` is an item of a list of mappings (a stage, a touchpoint...)."""
    return bool(loc) and isinstance(loc[-1], int) and kind_at(loc) is not None


@dataclass(slots=True)
class _Flow:
    """One open flow collection on the cursor's line: its path, entries so far, pending key."""

    path: Loc
    is_list: bool
    entries: list[str] = field(default_factory=list)
    key: str | None = None

    def inner(self) -> Loc:
        """The path of a collection opened at the flow's current entry."""
        return (*self.path, len(self.entries) if self.is_list else self.key or "")


def _inline(lines: list[str], line: int, column: int, base: Loc, rest: str) -> Context | None:
    """The context inside the value written after a key (or a dash) on the cursor's line.

    `rest` is that value up to the cursor: a partial scalar, or flow
    collections opened and maybe closed.
    """
    flows: list[_Flow] = []
    token, quote, after_space = "", "", True
    for char in rest:
        top = flows[-1] if flows else None
        if quote or (char in "'\"" and not token.strip()):
            quote = "" if char == quote else quote or char
        elif char == "#" and after_space:
            return None  # a comment
        elif char in "[{":
            flows.append(_Flow(base if top is None else top.inner(), char == "["))
            char = ""
        elif char in "]}" and top is not None:
            flows.pop()
            char = ""
        elif char == "," and top is not None:
            top.entries.append(_unquote(token) if top.is_list else top.key or _unquote(token))
            top.key, char = None, ""
        elif char == ":" and top is not None and not top.is_list:
            top.key, char = _unquote(token), ""
        after_space = char in " \t"
        token = token + char if char else ""
    if not flows:
        return _context(lines, line, column, base, "value")
    top = flows[-1]
    if top.is_list:
        where = (*top.path, len(top.entries))
        return _context(lines, line, column, where, "item", set(top.entries), True)
    if top.key is None:
        return _context(lines, line, column, top.path, "key", set(top.entries), True)
    return _context(lines, line, column, (*top.path, top.key), "value", flow=True)

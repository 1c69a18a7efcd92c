"""A journey file's YAML as `canonical` reasons about it: a tree of block and flow
collections and one-line or block scalars, each entry with the lines above it.

libyaml's event stream (C) gives the structure and each node's position; the
raw lines give what events leave out: comment lines and blank lines (kept as
the *lead* of the entry below them, as `fmt.comments` keeps them), end-of-line
comments, and the way each scalar is written. Whatever falls outside the
subset `canonical` models raises `Outside`, and nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Imported by `fmt --check` only, never at start-up: ruamel.yaml may load with the module.
from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)


class Outside(Exception):
    """The text uses something outside the subset this module models."""


Scalar = tuple[str, str]  # (kind, text as printed): kind is str, int, float, bool or date
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_RESERVED = {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"}
# Characters ruamel.yaml prints as they are (anything else it escapes or quotes).
_PRINTABLE = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*\\Z")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][^,\[\]{}#:?\\'\"]*\Z")  # plain inside `[...]`, `{...}`


class Node:
    """One node; a plain class, not a dataclass: thousands are made for each map."""

    __slots__ = (
        *("block", "commented", "entries", "eol", "flow"),
        *("items", "kind", "lead", "line", "scalar"),
    )

    def __init__(self, kind: str, line: int, flow: bool = False) -> None:
        self.kind = kind  # "scalar", "map", "seq"
        self.line = line
        self.flow = flow
        self.scalar: Scalar | None = None  # for a one-line scalar
        self.block: tuple[str, list[str]] | None = None  # a block scalar: header, lines
        # A mapping's entries, a sequence's items (a scalar shares the empty lists).
        self.entries: list[tuple[str, Node]] = [] if kind == "map" else _NONE
        self.items: list[Node] = [] if kind == "seq" else _NONE
        self.lead: list[str] = _NONE  # lines above it, when it is an entry
        self.eol = ""  # its end-of-line comment
        self.commented = False  # a comment or blank line inside it (a collection)


_NONE: list[Any] = []  # never appended to


class Reader:
    """libyaml's events as a tree of `Node`, each entry with the lines above it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")[:-1]
        self.consumed = -1  # the last line read as content or as an entry's lead
        self.risky = False  # a comment where the formatter might refuse to keep it
        self.root_read = False
        self.tail: list[str] = []
        self.after_block = False  # the last content was a block scalar
        self.key_column = 0  # that of the key whose value is being read
        self.flow_lines: set[int] = set()  # lines holding a `[...]` or `{...}`
        self.commented_lines: set[int] = set()  # lines of entries with comment lines above

    def read(self) -> Node:
        parser = CParser(self.text)
        try:
            events = []
            while (event := parser.get_event()) is not None:
                events.append(event)
        except YAMLError:
            raise Outside from None
        finally:
            parser.dispose()
        start, end = events[1], events[-2]
        if not (
            isinstance(start, DocumentStartEvent)
            and isinstance(end, DocumentEndEvent)
            and isinstance(events[-1], StreamEndEvent)
            and not start.explicit
            and not end.explicit
            and not start.version
            and not start.tags
        ):
            raise Outside
        self.events = iter(events[2:-2])
        root = self._node(next(self.events), in_flow=False)
        if root.kind != "map" or root.flow or not root.entries:
            raise Outside
        self.tail = self._lead(len(self.lines))
        # ruamel.yaml loses a comment above some one-line collections: no verdict there.
        self.risky = self.risky or not self.commented_lines.isdisjoint(self.flow_lines)
        return root

    def _lead(self, line: int) -> list[str]:
        """The blank and comment lines between what was read and `line`, stripped."""
        if line <= self.consumed + 1:
            return []  # the usual case: the entry right below the last one
        lead = []
        for index in range(self.consumed + 1, line):
            stripped = self.lines[index].strip()
            if stripped and not stripped.startswith("#"):
                raise Outside  # a stray `-` or `?` line, a value on a line of its own...
            lead.append(stripped)
        if lead and self.after_block:
            raise Outside  # ruamel.yaml adds a blank line after a block scalar
        if any(lead):
            self.commented_lines.add(line)
        self.consumed = max(self.consumed, line - 1)
        return lead

    def _content(self, line: int) -> None:
        if line > self.consumed:
            self.consumed = line

    def _entry_start(self, event: Any, prefix: str) -> None:
        mark = event.start_mark
        if self.lines[mark.line][: mark.column] != " " * (mark.column - len(prefix)) + prefix:
            raise Outside

    def _node(self, event: Any, in_flow: bool) -> Node:
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor or event.tag:
                raise Outside
            return self._scalar(event, in_flow)
        if getattr(event, "anchor", None) or getattr(event, "tag", None):
            raise Outside
        flow = bool(event.flow_style)
        if flow and in_flow:
            raise Outside  # a collection inside `[...]` or `{...}`
        if kind is MappingStartEvent:
            node = self._mapping(event, flow)
        elif kind is SequenceStartEvent:
            node = self._sequence(event, flow)
        else:
            raise Outside  # an alias
        return node

    def _flow_end(self, node: Node, end: Any) -> None:
        if end.end_mark.line != node.line:
            raise Outside  # a flow collection over several lines
        if "#" in self.lines[end.end_mark.line][end.end_mark.column :]:
            raise Outside  # a comment after `]` or `}`
        self.flow_lines.add(node.line)
        self._content(node.line)
        self.after_block = False

    def _mapping(self, start: Any, flow: bool) -> Node:
        root, self.root_read = not self.root_read, True
        node = Node("map", start.start_mark.line, flow)
        keys: set[str] = set()
        for event in self.events:
            if type(event) is MappingEndEvent:
                if flow:
                    self._flow_end(node, event)
                return node
            if type(event) is not ScalarEvent or event.style or event.anchor or event.tag:
                raise Outside
            key = event.value
            if not _KEY.match(key) or key in _RESERVED or key in keys:
                raise Outside
            keys.add(key)
            mark = event.start_mark
            line = mark.line
            lead: list[str] = _NONE
            if not flow:
                before = self.lines[line][: mark.column].strip(" ")
                if before and (node.entries or before != "-"):
                    raise Outside  # a key not at the start of its line (or after its dash)
                if line > self.consumed + 1:
                    lead = self._lead(line)
                    node.commented = node.commented or bool(lead)
                    # Lines opening a nested block: moving them, the formatter may refuse.
                    self.risky = self.risky or bool(lead and not node.entries and not root)
            if line > self.consumed:
                self.consumed = line
            self.after_block = False
            self.key_column = mark.column
            following = next(self.events)
            if type(following) is ScalarEvent and not (following.anchor or following.tag):
                value = self._scalar(following, flow)
            else:
                value = self._node(following, in_flow=flow)
            if value.line != mark.line and not (value.kind != "scalar" and not value.flow):
                raise Outside  # a value on a line below its key
            opens = not flow and not value.flow and (value.kind != "scalar" or bool(value.block))
            if opens and "#" in self.lines[mark.line][event.end_mark.column :]:
                raise Outside  # a comment after `key:` that opens a block
            value.lead = lead
            node.commented = node.commented or bool(value.eol) or value.commented
            node.entries.append((key, value))
        raise Outside

    def _sequence(self, start: Any, flow: bool) -> Node:
        node = Node("seq", start.start_mark.line, flow)
        for event in self.events:
            if type(event) is SequenceEndEvent:
                if flow:
                    self._flow_end(node, event)
                return node
            lead: list[str] = []
            if not flow:
                self._entry_start(event, "- ")
                lead = self._lead(event.start_mark.line)
                node.commented = node.commented or bool(lead)
                self.risky = self.risky or bool(lead and not node.items)
            item = self._node(event, in_flow=flow)
            if not flow and (item.kind == "seq" or item.block is not None):
                raise Outside  # `- - a`, `- |`
            if item.kind == "map" and not item.entries:
                raise Outside  # `- {}`
            item.lead = lead
            node.commented = node.commented or bool(item.eol) or item.commented
            node.items.append(item)
        raise Outside

    def _scalar(self, event: Any, in_flow: bool) -> Node:
        start, end = event.start_mark, event.end_mark
        node = Node("scalar", start.line)
        if event.style in ("|", ">"):
            if in_flow:
                raise Outside
            node.block = self._block(event)
            return node
        if end.line != start.line:
            raise Outside  # a scalar over several lines
        written = self.lines[start.line][start.column : end.column]
        node.scalar = _scalar(event.value, event.style or None, written, in_flow)
        self._content(start.line)
        self.after_block = False
        if not in_flow:
            rest = self.lines[end.line][end.column :]
            if rest.strip():
                if not rest.lstrip().startswith("#"):
                    raise Outside
                node.eol = rest.strip()
        return node

    def _block(self, event: Any) -> tuple[str, list[str]]:
        """A `|` or `>` scalar's header and lines, when ruamel.yaml prints them as written."""
        start, value = event.start_mark, event.value
        header = self.lines[start.line][start.column :].rstrip()
        chomp = "" if value.endswith("\n") else "-"
        if header != event.style + chomp or value.endswith("\n\n") or not value.strip():
            raise Outside  # an indentation indicator, keep chomping, a comment, no text
        lines: list[str] = []
        index = start.line + 1
        inside = " " * (self.key_column + 1)  # libyaml: more indented than the key
        while index < len(self.lines) and (
            not self.lines[index].strip() or self.lines[index].startswith(inside)
        ):
            lines.append(self.lines[index])
            index += 1
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            raise Outside
        indent = len(lines[0]) - len(lines[0].lstrip(" "))
        body = [line[indent:] for line in lines]
        if any(
            line.rstrip() != line or lines[i][:indent].strip() for i, line in enumerate(body)
        ) or not all(_PRINTABLE.match(line) for line in body):
            raise Outside  # trailing spaces, less indented lines, characters to escape
        if event.style == "|":
            ok = "\n".join(body) + ("\n" if chomp == "" else "") == value
        else:  # folded: one paragraph, each line break a space
            ok = all(line and not line.startswith(" ") for line in body) and (
                " ".join(body) + ("\n" if chomp == "" else "") == value
            )
        if not ok:
            raise Outside
        self._content(start.line + len(lines))
        self.after_block = True
        return header, body


def _scalar(value: str, style: str | None, written: str, in_flow: bool) -> Scalar:
    """(kind, printed text) of a one-line scalar that ruamel.yaml prints back unchanged."""
    if not (value.isascii() and value.isprintable()) and not _PRINTABLE.match(value):
        raise Outside
    if style is None and value[:1].isalpha() and written == value:  # text: the common case
        if value in _RESERVED:
            if value in ("true", "false"):
                return "bool", value
            raise Outside
        if in_flow and not _FLOW_PLAIN.match(value):
            raise Outside
        return "str", value
    if style == "'":
        if "'" in value or written != f"'{value}'":
            raise Outside
        return "str", written
    if style == '"':
        if '"' in value or "\\" in value or written != f'"{value}"':
            raise Outside
        if any(ord(c) > 0xFFFF or c == "\ufeff" for c in value):
            raise Outside
        return "str", written
    if style is not None or written != value or not value:
        raise Outside
    if value in ("true", "false"):
        return "bool", value
    if _INT.match(value):
        return "int", value
    if _FLOAT.match(value):
        return "float", value
    if _DATE.match(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise Outside from None
        return "date", value
    if value in _RESERVED or not (value[0].isalpha() or (value[0].isdigit() and _is_text(value))):
        raise Outside
    if in_flow and not _FLOW_PLAIN.match(value):
        raise Outside
    return "str", value


def _is_text(value: str) -> bool:
    """Whether ruamel.yaml reads plain `value` as text (`3-5`), not a number or a date."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    tag = VersionedResolver().resolve(ScalarNode, value, (True, False))
    return bool(tag == "tag:yaml.org,2002:str")

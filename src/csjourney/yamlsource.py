"""Build plain Python data from YAML text, remembering where every key and item stands.

We drive ruamel.yaml's C-backed parser (libyaml) at the event level and build
the data ourselves instead of using its composer and constructor:

* libyaml's composer recurses in C and crashes the process on deeply nested
  flow collections; this builder keeps an explicit stack and a depth limit;
* aliases are counted by the size of what they expand to, so an alias bomb is
  rejected after a few thousand events instead of exhausting memory;
* only YAML 1.2 core-schema tags are accepted, so `!!python/...` and custom
  tags can never construct objects;
* every key and item gets a source position, keyed by its data path, which is
  what pydantic reports errors against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from csjourney.diagnostics import Span
from csjourney.sourcemap import PathKey, Position
from csjourney.sourcemap import SourceMap as SourceMap  # where callers have always found it
from csjourney.yamlscalars import ScalarProblem, resolve_plain, resolve_tagged
from csjourney.yamltext import Prepared, describe, locate_error, prepare

MAX_DEPTH = 100
# Aliases may expand the data to this many times the nodes written in the file.
ALIAS_EXPANSION_FACTOR = 10
ALIAS_EXPANSION_FLOOR = 10_000

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE_KEY = "<<"
_COLLECTION_TAGS = {f"{_CORE}map", f"{_CORE}seq"}


class YamlProblem(Exception):
    """A problem that stops building the document, with where it happened."""

    def __init__(self, name: str, message: str, span: Span, hint: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.message = message
        self.span = span
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem that does not stop building (duplicate key, rejected tag)."""

    name: str
    message: str
    span: Span
    path: PathKey
    hint: str | None = None


class Rejected:
    """Stands in for a value whose tag we refuse, so validation can go on elsewhere."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<rejected>"


REJECTED = Rejected()


@dataclass(slots=True)
class Document:
    data: Any
    source: SourceMap
    issues: list[Issue]


def _span(event: Any, end_event: Any = None) -> Span:
    start, end = event.start_mark, (end_event or event).end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


@dataclass(slots=True)
class _Frame:
    is_map: bool
    path: PathKey
    start_event: Any
    anchor: str | None
    data: Any
    nodes: int = 1
    key: str | None = None
    key_span: Span | None = None
    skip_value: bool = False  # the pending key was a duplicate or unusable
    merging: bool = False  # the pending key is a merge key (a plain `<<`)
    merge_key: Span | None = None  # the mapping's merge key, once seen
    merges: list[tuple[Any, PathKey, Span]] = field(default_factory=list)
    restarted: bool = False  # a duplicate of the first key: the next item, missing its dash


class _Builder:
    def __init__(
        self, restore: dict[int, str | None] | None, quoted: list[tuple[int, int]] | None
    ) -> None:
        self.restore = restore  # see yamltext.Prepared
        self.quoted = quoted  # where double-quoted scalars stand, when asked
        self.source = SourceMap()
        self.issues: list[Issue] = []
        self.anchors: dict[str, tuple[Any, int, PathKey]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.written = 0  # nodes written in the file
        self.expanded = 0  # nodes after alias expansion
        self.documents = 0
        self.root: Any = None
        self.root_set = False

    # -- placing values -------------------------------------------------
    def _child_path(self) -> PathKey | None:
        """Where the next value goes, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if not top.is_map:
            return (*top.path, len(top.data))
        if top.key is None:
            return None
        # A duplicate key's value is parsed but kept apart from the first one's positions.
        return (*top.path, "<duplicate>", top.key) if top.skip_value else (*top.path, top.key)

    def _attach(self, value: Any, span: Span, nodes: int, anchor_path: PathKey | None) -> None:
        if not self.stack:
            self.root, self.root_set = value, True
            self.source.entries[()] = Position(None, span)
            return
        top = self.stack[-1]
        top.nodes += nodes
        if not top.is_map:
            self.source.entries[(*top.path, len(top.data))] = Position(None, span)
            top.data.append(value)
            return
        key, key_span, skip, merging = top.key, top.key_span, top.skip_value, top.merging
        top.key, top.key_span, top.skip_value, top.merging = None, None, False, False
        if skip or key is None:
            return
        if merging:
            top.merges.append((value, anchor_path or (*top.path, key), span))
            return
        self.source.entries[(*top.path, key)] = Position(key_span, span)
        top.data[key] = value

    def restored(self, text: str) -> str:
        return text if self.restore is None else text.translate(self.restore)

    def _take_key(self, event: Any, text: str) -> None:
        top = self.stack[-1]
        span = _span(event)
        # Only a plain, untagged `<<` merges; a quoted "<<" is an ordinary key.
        merging = text == _MERGE_KEY and event.tag is None and event.implicit[0]
        if merging:
            first, duplicate = top.merge_key, top.merge_key is not None
        else:
            duplicate = text in top.data
            first = self.source.entries[(*top.path, text)].key if duplicate else None
        if duplicate and top.restarted:
            top.skip_value = True  # the same missing dash as the item's first key: said once
        elif duplicate:
            where = f" (first at line {first.line})" if first else ""
            hint = None
            # An item's first key again: most likely the next item, its `- ` left out.
            in_list = not merging and self.stack[-2:-1] and not self.stack[-2].is_map
            if in_list and text == next(iter(top.data)):
                top.restarted = True
                hint = f"if this line starts the next item, put a dash (`- `) before `{text}`"
            message = f"duplicate key `{text}`{where}"
            self.issues.append(Issue("duplicate-key", message, span, (*top.path, text), hint))
            top.skip_value = True
        elif event.tag is not None and event.tag != "!" and event.tag not in _SCALAR_TAGS:
            self._reject_tag(event.tag, span, (*top.path, text))
            top.skip_value = True  # the entry is dropped, not checked as if untagged
        elif merging:
            top.merge_key = span
        top.key, top.key_span, top.merging = text, span, merging

    # -- events ---------------------------------------------------------
    def scalar(self, event: Any) -> None:
        self.written += 1
        self.expanded += 1
        if self.quoted is not None and event.style == '"':
            self.quoted.append((event.start_mark.index, event.end_mark.index))
        text = self.restored(event.value)
        if self.stack and self.stack[-1].is_map and self.stack[-1].key is None:
            self._take_key(event, text)
            return
        span = _span(event)
        value = self._scalar_value(event, text, span)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, self._child_path() or ())
        self._attach(value, span, 1, None)

    def _scalar_value(self, event: Any, text: str, span: Span) -> Any:
        tag = event.tag
        try:
            if tag is None:
                return resolve_plain(text) if event.implicit[0] else text
            if tag == "!":  # the non-specific tag: text, whatever it looks like
                return text
            if tag in _SCALAR_TAGS:
                return resolve_tagged(tag.removeprefix(_CORE), text)
        except ScalarProblem as problem:
            path = self._child_path() or ()
            self.issues.append(Issue(problem.name, problem.message, span, path, problem.hint))
            return REJECTED
        self._reject_tag(tag, span)
        return REJECTED

    def _reject_tag(self, tag: str, span: Span, path: PathKey | None = None) -> None:
        shown = tag.replace(_CORE, "!!")
        self.issues.append(
            Issue(
                "unsupported-tag",
                f"YAML tag `{shown}` is not allowed; journey maps use plain values only",
                span,
                path if path is not None else self._child_path() or (),
                hint="remove the tag; nothing in a journey map needs one",
            )
        )

    def start(self, event: Any, is_map: bool) -> None:
        self.written += 1
        self.expanded += 1
        if len(self.stack) >= MAX_DEPTH:
            raise YamlProblem(
                "yaml-syntax", f"nesting deeper than {MAX_DEPTH} levels", _span(event)
            )
        if self.stack and self.stack[-1].is_map and self.stack[-1].key is None:
            raise YamlProblem(
                "yaml-syntax", "a mapping key must be a plain value, not a collection", _span(event)
            )
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _COLLECTION_TAGS:
            self._reject_tag(tag, _span(event))
        path = self._child_path() or ()
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(is_map, path, event, event.anchor, {} if is_map else []))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.is_map and frame.merges:
            self._merge(frame)
        value: Any = frame.data
        if frame.start_event.tag not in (None, "!") and frame.start_event.tag not in (
            _COLLECTION_TAGS
        ):
            value = REJECTED
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (value, frame.nodes, frame.path)
        self._attach(value, _span(frame.start_event, event), frame.nodes, None)

    def _merge(self, frame: _Frame) -> None:
        for value, source_path, span in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise YamlProblem("yaml-syntax", "`<<` merges only mappings", span)
                for key, item in source.items():
                    if key not in frame.data:
                        frame.data[key] = item
                        origin = self.source.entries.get((*source_path, key))
                        if origin is not None:
                            self.source.entries[(*frame.path, key)] = origin

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise YamlProblem(
                "multiple-documents",
                "the file holds more than one YAML document (`---`)",
                _span(event),
                hint="put each journey map in a file of its own",
            )

    def alias(self, event: Any) -> None:
        span, name = _span(event), event.anchor
        shown = self.restored(name)
        if name in self.open_anchors:
            raise YamlProblem("alias-expansion", f"alias `*{shown}` refers to itself", span)
        if name not in self.anchors:
            raise YamlProblem(
                "yaml-syntax",
                f"alias `*{shown}` has no anchor `&{shown}` before it",
                span,
                hint="a value that starts with `*` is read as an alias: put it in quotes",
            )
        if self.stack and self.stack[-1].is_map and self.stack[-1].key is None:
            raise YamlProblem("yaml-syntax", "an alias cannot be used as a mapping key", span)
        value, nodes, path = self.anchors[name]
        self.written += 1
        self.expanded += nodes
        if self.expanded > ALIAS_EXPANSION_FLOOR + ALIAS_EXPANSION_FACTOR * self.written:
            raise YamlProblem(
                "alias-expansion",
                f"aliases expand to over {self.expanded} values from {self.written} written",
                span,
                hint="this looks like an alias bomb ('billion laughs'); write the values out",
            )
        self._attach(value, span, nodes, path)


def build(text: str) -> Document:
    """Parse one YAML document. Raises YamlProblem for what stops the build."""
    prepared = prepare(text)
    builder = _parse(prepared)
    if prepared.rewrites:
        confirmed = prepared.confirmed(builder.quoted or [])
        if confirmed is not prepared:
            builder = _parse(confirmed)
    return Document(builder.root if builder.root_set else None, builder.source, builder.issues)


def _parse(prepared: Prepared) -> _Builder:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    builder = _Builder(prepared.restore, [] if prepared.rewrites else None)
    handlers: dict[type, Any] = {
        ScalarEvent: builder.scalar,
        MappingStartEvent: lambda e: builder.start(e, True),
        SequenceStartEvent: lambda e: builder.start(e, False),
        MappingEndEvent: builder.end,
        SequenceEndEvent: builder.end,
        AliasEvent: builder.alias,
        DocumentStartEvent: builder.document,
    }
    # libyaml's event stream, read directly: no composer (it recurses in C), no
    # per-file YAML() object or generator.
    parser = CParser(prepared.text)
    event = None
    try:
        while parser.check_event():
            event = parser.get_event()
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
    except YAMLError as error:
        raise _syntax_problem(error, prepared.text, event, builder) from None
    return builder


def _syntax_problem(error: Exception, text: str, last: Any, builder: _Builder) -> YamlProblem:
    span, opener = locate_error(error, text)
    if opener is not None:
        kind, closer = ("`[...]` list", "]") if opener == "[" else ("`{...}` mapping", "}")
        hint = f"add the closing `{closer}` after its last item"
        return YamlProblem("yaml-syntax", f"this {kind} is never closed", span, hint)
    # A quote left open is closed by the next value's opening quote, lines later, and
    # the error comes right after: the slip is where the runaway value starts.
    mark = getattr(error, "problem_mark", None)
    if (
        getattr(last, "style", None) in ('"', "'")
        and mark is not None
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return YamlProblem(
            "yaml-syntax",
            f"this quoted value runs on to line {mark.line + 1}: is its closing quote missing?",
            Span.point(last.start_mark.line + 1, last.start_mark.column + 1),
            "add the closing quote at the end of the value",
        )
    return YamlProblem("yaml-syntax", builder.restored(describe(error)), span)

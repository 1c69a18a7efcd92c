"""The state of a YAML build and the handling of every kind of event, in full.

`csjourney.yamlsource` drives libyaml's event stream and handles the common
events itself (a plain key, a plain value, a collection without anchor or tag
opened and closed in a mapping or a list): they are nearly all of a journey
map's, and a method call each would cost as much as the work. Everything else
comes here: anchors, aliases, tags, merge keys, duplicate keys, values that
must be rewritten back (`yamltext.Prepared`), the document root. What this
module does for an event is the reference: the fast path must build exactly
what it would (tests/test_yaml_*.py and the fuzz tests compare the outcomes).

The caller counts the nodes written in the file (every scalar, collection and
alias); `alias` gets that count to bound what aliases expand to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csjourney.diagnostics import Span
from csjourney.sourcemap import PathKey, Position, SourceMap
from csjourney.yamlscalars import ScalarProblem, resolve_plain, resolve_tagged

MAX_DEPTH = 100
# Aliases may expand the data to this many times the nodes written in the file.
ALIAS_EXPANSION_FACTOR = 10
ALIAS_EXPANSION_FLOOR = 10_000

CORE = "tag:yaml.org,2002:"
SCALAR_TAGS = {f"{CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
MERGE_KEY = "<<"
_COLLECTION_TAGS = {f"{CORE}map", f"{CORE}seq"}


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


def span_of(event: Any, end_event: Any = None) -> Span:
    start, end = event.start_mark, (end_event or event).end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


@dataclass(slots=True)
class Frame:
    """A mapping or list being built. Between two entries `key` is None, and so
    are `key_span`, `skip_value` and `merging`: the fast path relies on it."""

    is_map: bool
    path: PathKey
    start: Any  # the start event's mark: where the collection's span begins
    rejected: bool  # its tag is refused: the value is REJECTED
    anchor: str | None
    data: Any
    nodes: int = 1
    key: str | None = None
    key_span: Span | None = None
    skip_value: bool = False  # the pending key was a duplicate or unusable
    merging: bool = False  # the pending key is a merge key (a plain `<<`)
    merge_key: Span | None = None  # the mapping's merge key, once seen
    merges: list[tuple[Any, PathKey, Span]] | None = None
    restarted: bool = False  # a duplicate of the first key: the next item, missing its dash


class Builder:
    def __init__(
        self, restore: dict[int, str | None] | None, quoted: list[tuple[int, int]] | None
    ) -> None:
        self.restore = restore  # see yamltext.Prepared
        self.quoted = quoted  # where double-quoted scalars stand, when asked
        self.source = SourceMap()
        self.issues: list[Issue] = []
        self.anchors: dict[str, tuple[Any, int, PathKey]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[Frame] = []
        self.beyond = 0  # what aliases added to the nodes written, expanding
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
            if top.merges is None:
                top.merges = []
            top.merges.append((value, anchor_path or (*top.path, key), span))
            return
        self.source.entries[(*top.path, key)] = Position(key_span, span)
        top.data[key] = value

    def restored(self, text: str) -> str:
        return text if self.restore is None else text.translate(self.restore)

    def _take_key(self, event: Any, text: str) -> None:
        top = self.stack[-1]
        span = span_of(event)
        # Only a plain, untagged `<<` merges; a quoted "<<" is an ordinary key.
        merging = text == MERGE_KEY and event.tag is None and event.implicit[0]
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
        elif event.tag is not None and event.tag != "!" and event.tag not in SCALAR_TAGS:
            self._reject_tag(event.tag, span, (*top.path, text))
            top.skip_value = True  # the entry is dropped, not checked as if untagged
        elif merging:
            top.merge_key = span
        top.key, top.key_span, top.merging = text, span, merging

    # -- events ---------------------------------------------------------
    def scalar(self, event: Any) -> None:
        if self.quoted is not None and event.style == '"':
            self.quoted.append((event.start_mark.index, event.end_mark.index))
        text = self.restored(event.value)
        if self.stack and self.stack[-1].is_map and self.stack[-1].key is None:
            self._take_key(event, text)
            return
        span = span_of(event)
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
            if tag in SCALAR_TAGS:
                return resolve_tagged(tag.removeprefix(CORE), text)
        except ScalarProblem as problem:
            path = self._child_path() or ()
            self.issues.append(Issue(problem.name, problem.message, span, path, problem.hint))
            return REJECTED
        self._reject_tag(tag, span)
        return REJECTED

    def _reject_tag(self, tag: str, span: Span, path: PathKey | None = None) -> None:
        shown = tag.replace(CORE, "!!")
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
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise YamlProblem(
                "yaml-syntax", f"nesting deeper than {MAX_DEPTH} levels", span_of(event)
            )
        if stack and stack[-1].is_map and stack[-1].key is None:
            raise YamlProblem(
                "yaml-syntax",
                "a mapping key must be a plain value, not a collection",
                span_of(event),
            )
        tag, anchor = event.ctag, event.anchor
        rejected = False
        if tag is not None:
            tag = event.tag
            rejected = tag != "!" and tag not in _COLLECTION_TAGS
            if rejected:
                self._reject_tag(tag, span_of(event))
        path = self._child_path() or ()
        if anchor:
            self.open_anchors.add(anchor)
        stack.append(Frame(is_map, path, event.start_mark, rejected, anchor, {} if is_map else []))

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.merges:
            self._merge(frame, frame.merges)
        value: Any = REJECTED if frame.rejected else frame.data
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (value, frame.nodes, frame.path)
        start, end = frame.start, event.end_mark
        span = Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
        self._attach(value, span, frame.nodes, None)

    def _merge(self, frame: Frame, merges: list[tuple[Any, PathKey, Span]]) -> None:
        for value, source_path, span in merges:
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
                span_of(event),
                hint="put each journey map in a file of its own",
            )

    def alias(self, event: Any, written: int) -> None:
        """An alias, the `written`-th node of the file."""
        span, name = span_of(event), event.anchor
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
        self.beyond += nodes - 1
        expanded = written + self.beyond
        if expanded > ALIAS_EXPANSION_FLOOR + ALIAS_EXPANSION_FACTOR * written:
            raise YamlProblem(
                "alias-expansion",
                f"aliases expand to over {expanded} values from {written} written",
                span,
                hint="this looks like an alias bomb ('billion laughs'); write the values out",
            )
        self._attach(value, span, nodes, path)

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

The loop below is the cost of reading a map beyond libyaml's own: it handles
the plain keys and values that make up most of a file inline, and hands every
other event to `csjourney.yamlbuilder`, which defines what each one builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csjourney.diagnostics import Span
from csjourney.sourcemap import Position
from csjourney.sourcemap import SourceMap as SourceMap  # where callers have always found it
from csjourney.yamlbuilder import (
    ALIAS_EXPANSION_FACTOR as ALIAS_EXPANSION_FACTOR,
)
from csjourney.yamlbuilder import (
    ALIAS_EXPANSION_FLOOR as ALIAS_EXPANSION_FLOOR,
)
from csjourney.yamlbuilder import MAX_DEPTH as MAX_DEPTH
from csjourney.yamlbuilder import MERGE_KEY, Builder, Frame
from csjourney.yamlbuilder import REJECTED as REJECTED
from csjourney.yamlbuilder import Issue as Issue
from csjourney.yamlbuilder import Rejected as Rejected
from csjourney.yamlbuilder import YamlProblem as YamlProblem
from csjourney.yamlscalars import ScalarProblem, resolve_plain
from csjourney.yamltext import Prepared, describe, locate_error, prepare

# Spans and positions straight from their tuple: a named tuple's own `__new__` is
# a Python function, and a map makes one of each per key and value.
_new_tuple = tuple.__new__


@dataclass(slots=True)
class Document:
    data: Any
    source: SourceMap
    issues: list[Issue]


def build(text: str) -> Document:
    """Parse one YAML document. Raises YamlProblem for what stops the build."""
    prepared = prepare(text)
    builder = _parse(prepared)
    if prepared.rewrites:
        confirmed = prepared.confirmed(builder.quoted or [])
        if confirmed is not prepared:
            builder = _parse(confirmed)
    return Document(builder.root if builder.root_set else None, builder.source, builder.issues)


def _parse(prepared: Prepared, inline: bool = True) -> Builder:
    """The document built from libyaml's events; `inline=False` hands every event to
    the builder (what tests compare the fast path against)."""
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

    builder = Builder(prepared.restore, [] if prepared.rewrites else None)
    # Values read as they stand: nothing to swap back, no double-quoted scalar to note.
    as_read = inline and prepared.restore is None and not prepared.rewrites
    stack, entries = builder.stack, builder.source.entries
    # libyaml's event stream, read directly: no composer (it recurses in C), no
    # per-file YAML() object or generator. `get_event` gives None past the end.
    next_event = CParser(prepared.text).get_event
    written = 0  # nodes written in the file, for the alias bound
    event = None
    try:
        while (event := next_event()) is not None:
            kind = type(event)
            if kind is ScalarEvent:
                written += 1
                # `ctag`: the `tag` property makes a string of it on every read.
                if not (as_read and stack) or event.anchor is not None or event.ctag is not None:
                    builder.scalar(event)
                    continue
                top, text = stack[-1], event.value
                start, end = event.start_mark, event.end_mark
                span = _new_tuple(
                    Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                )
                key = None
                if top.is_map:
                    key = top.key
                    if key is None:  # a key, unless it needs a closer look
                        if text == MERGE_KEY or text in top.data:
                            builder.scalar(event)
                        else:
                            top.key, top.key_span = text, span
                        continue
                    if top.skip_value or top.merging:
                        builder.scalar(event)
                        continue
                value: Any = text
                if event.implicit[0]:
                    try:
                        value = resolve_plain(text)
                    except ScalarProblem:
                        builder.scalar(event)
                        continue
                top.nodes += 1
                if key is not None:
                    entries[(*top.path, key)] = _new_tuple(Position, (top.key_span, span))
                    top.data[key] = value
                    top.key = top.key_span = None
                else:
                    entries[(*top.path, len(top.data))] = _new_tuple(Position, (None, span))
                    top.data.append(value)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                done = stack[-1]
                parent = stack[-2] if len(stack) > 1 else None
                # Into a list, or under a plain key: its path is where it goes.
                if (
                    not inline
                    or parent is None
                    or done.merges
                    or done.rejected
                    or done.anchor
                    or parent.skip_value
                    or parent.merging
                ):
                    builder.end(event)
                    continue
                stack.pop()
                start, end = done.start, event.end_mark
                span = _new_tuple(
                    Span, (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                )
                parent.nodes += done.nodes
                if parent.is_map:
                    entries[done.path] = _new_tuple(Position, (parent.key_span, span))
                    parent.data[parent.key] = done.data
                    parent.key = parent.key_span = None
                else:
                    entries[done.path] = _new_tuple(Position, (None, span))
                    parent.data.append(done.data)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                written += 1
                holder = stack[-1] if stack else None
                if (
                    not inline
                    or holder is None
                    or event.anchor is not None
                    or event.ctag is not None
                    or len(stack) >= MAX_DEPTH
                    or (holder.is_map and (holder.key is None or holder.skip_value))
                ):
                    builder.start(event, kind is MappingStartEvent)
                    continue
                is_map, key = kind is MappingStartEvent, holder.key  # a list's frame has no key
                path = (*holder.path, len(holder.data)) if key is None else (*holder.path, key)
                frame = Frame(is_map, path, event.start_mark, False, None, {} if is_map else [])
                stack.append(frame)
            elif kind is AliasEvent:
                written += 1
                builder.alias(event, written)
            elif kind is DocumentStartEvent:
                builder.document(event)
    except YAMLError as error:
        raise _syntax_problem(error, prepared.text, event, builder) from None
    return builder


def _syntax_problem(error: Exception, text: str, last: Any, builder: Builder) -> YamlProblem:
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

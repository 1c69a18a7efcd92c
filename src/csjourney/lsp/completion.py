"""Completion: ids in reference fields, keys a mapping may still take, and enum values.

What to offer follows from where the cursor is (csjourney.lsp.yamlcontext)
and from the models, never from a list kept here:

- in a reference field (`csjourney.structure.reference_at`), the ids of the
  kind the field expects: the pain points of this journey in `addresses`, the
  workspace's segments in `segments`, the declared and built-in channels in
  `channel`; the ids the list already holds are left out; right after the key
  of a list of ids, each id as a one-item flow list (`[smb]`);
- on a key, the keys of the mapping's kind (`kind_at(loc).keys`) not yet
  written, each with its field's description from the model;
- in a field typed with a `Literal` (severity, status, metric type, stage
  kind...), its values, read from the annotation; a metric type also says
  its range and direction (csjourney.metric_types).

The ids of this journey come from the buffer itself: while a line is being
typed the file rarely parses, and the session's summary of it is then gone,
so the buffer is read again with the cursor's line left blank. Shared ids
(segments, evidence, channels) come from the session's index, which is built
once per workspace change (`index_of`), so a request costs one parse of the
open file.

`offers` is LSP-free; `register` adds textDocument/completion.
"""

from __future__ import annotations

import re
import types as pytypes
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from csjourney.diagnostics import Span
from csjourney.lsp.index import Index, Symbol
from csjourney.lsp.yamlcontext import Context, context_at, parsed
from csjourney.structure import Kind, Loc, kind_at, kinds, reference_at, walk
from csjourney.yamltext import EDITOR_LINE_BREAK

if TYPE_CHECKING:
    from lsprotocol import types

    from csjourney.lsp.server import CsjourneyServer
    from csjourney.lsp.session import Session

What = Literal["id", "builtin", "key", "value"]
Candidates = Callable[[str], Sequence[Symbol]]  # the ids a field of a kind may name
TRIGGERS = [" ", "[", ",", "-"]
# A key's colon or a list's dash right before the cursor: YAML wants a space after either.
_NEEDS_SPACE = re.compile(r"(?:^|\s)-$|:$")


@dataclass(frozen=True, slots=True)
class Offer:
    """One completion: what it inserts (in place of the word at the cursor) and why."""

    label: str
    what: What
    insert: str
    detail: str | None = None  # an id's name, a key's "required"
    description: str | None = None  # an id's kind ("pain point"), beside the label
    doc: str | None = None  # Markdown: a key's field description, a metric type's range


def offers(
    text: str, line: int, column: int, candidates: Candidates
) -> tuple[Context | None, list[Offer]]:
    """What may be written at (line, column), 1-based, in `text`, and where the cursor is."""
    context = context_at(text, line, column)
    if context is None:
        return None, []
    line_text = EDITOR_LINE_BREAK.split(text)[line - 1]
    if context.role == "key":
        found = _keys(context, line_text)
    else:
        reference = reference_at(context.loc)
        found = _ids(reference.target, context, candidates) if reference else _values(context)
        listed = reference_at((*context.loc, 0)) if context.role == "value" else None
        if listed is not None:  # `segments: |`: a list of ids goes here, as a flow list
            ids = _ids(listed.target, context, candidates)
            found = [replace(offer, insert=f"[{offer.insert}]") for offer in ids]
    if _NEEDS_SPACE.search(line_text[: context.span.column - 1]):  # `channel:|`, `-|`
        found = [replace(offer, insert=f" {offer.insert}") for offer in found]
    return context, found


def _ids(kind: str, context: Context, candidates: Candidates) -> list[Offer]:
    found = []
    for symbol in candidates(kind):
        if symbol.id in context.present:
            continue
        if symbol.builtin:
            found.append(Offer(symbol.id, "builtin", symbol.id, "built-in channel", kind))
        else:
            found.append(Offer(symbol.id, "id", symbol.id, symbol.name, kind))
    return found


def _keys(context: Context, line_text: str) -> list[Offer]:
    kind = _mapping_kind(context.loc)
    if kind is None:
        return []
    has_colon = line_text[context.span.end_column - 1 :].lstrip(" ").startswith(":")
    found = []
    for key in kind.keys:
        if key in context.present:
            continue
        info = kind.model.model_fields[kind.attribute(key)]
        insert = key if has_colon else f"{key}: "
        detail = "required" if info.is_required() else None
        found.append(Offer(key, "key", insert, detail, kind.name, info.description))
    return found


def _mapping_kind(loc: Loc) -> Kind | None:
    """The kind of the mapping at `loc`: the file, an item of a list, or a nested item."""
    if loc and isinstance(loc[-1], str):
        parent = kind_at(loc[:-1])
        child = parent.children.get(loc[-1]) if parent is not None else None
        if child is None or child.many:
            return None  # a list's key, or a scalar's: no mapping is written here
    return kind_at(loc)


def _values(context: Context) -> list[Offer]:
    """The values of a field typed with a Literal (or a bool), from the model."""
    loc = context.loc[:-1] if context.role == "item" else context.loc
    if not loc or not isinstance(loc[-1], str):
        return []
    kind = _mapping_kind(loc[:-1])
    if kind is None or loc[-1] not in kind.keys:
        return []
    annotation = kind.model.model_fields[kind.attribute(loc[-1])].annotation
    found = []
    for value in literal_values(annotation):
        doc = _metric_type_doc(value) if kind.name == "metric" and loc[-1] == "type" else None
        found.append(Offer(value, "value", value, None, None, doc))
    return found


def literal_values(annotation: Any) -> list[str]:
    """The values a field's annotation allows, as YAML writes them: Literal args, bools."""
    if annotation is bool:
        return ["true", "false"]
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return [str(value) for value in typing.get_args(annotation)]
    if origin in (list, typing.Union, pytypes.UnionType, typing.Annotated):
        arguments = typing.get_args(annotation)
        if origin is typing.Annotated:
            arguments = arguments[:1]
        return [value for argument in arguments for value in literal_values(argument)]
    return []


def _metric_type_doc(name: str) -> str | None:
    from csjourney.metric_types import METRIC_TYPES

    metric_type = METRIC_TYPES.get(name)
    if metric_type is None:
        return None
    return (
        f"{metric_type.description}\n\n"
        f"range: {metric_type.range_text}; direction: {metric_type.direction}"
    )


# -- the ids of this journey, from the buffer ------------------------------------------


def journey_items(text: str, line: int, path: Path) -> list[Symbol] | None:
    """The items with an id of the file's journey, read from `text`.

    Read with the cursor's line blank when the whole text does not parse (a
    half-typed line); None when neither parses.
    """
    document = parsed(text)
    if document is None:
        lines = EDITOR_LINE_BREAK.split(text)
        document = parsed("\n".join([*lines[: line - 1], "", *lines[line:]]))
    if document is None or not isinstance(document.data, dict):
        return None
    journey = document.data.get("journey")
    if not isinstance(journey, dict):
        return []
    journey_id = journey.get("id") if isinstance(journey.get("id"), str) else None
    journey_kind = kinds()["journey"]
    found = []
    for node in walk(journey, journey_kind, ("journey",)):
        item_id, name = node.get("id"), node.get("name")
        if node.kind.scope == "journey" and isinstance(item_id, str):
            span: Span = document.source.locate((*node.loc, "id"))
            shown = name if isinstance(name, str) else None
            found.append(Symbol(node.kind.name, item_id, path, span, shown, journey_id))
    return found


def candidates_in(text: str, line: int, path: Path, index: Callable[[], Index]) -> Candidates:
    """The ids each kind of field may name in the file at `path`, whose text is `text`.

    This journey's items from the text (see `journey_items`); shared items,
    and journey items when the text cannot be read, from the index, which is
    only asked for when needed.
    """
    own = journey_items(text, line, path)

    def candidates(kind: str) -> Sequence[Symbol]:
        if kinds()[kind].scope == "journey" and own is not None:
            return [symbol for symbol in own if symbol.kind == kind]
        return index().candidates(path, kind)

    return candidates


# -- the handler -----------------------------------------------------------------------


def register(server: CsjourneyServer) -> None:
    """Add textDocument/completion."""
    from lsprotocol import types

    from csjourney.lsp.index import index_of

    options = types.CompletionOptions(trigger_characters=TRIGGERS)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, options)
    def completion(params: types.CompletionParams) -> types.CompletionList | None:
        def complete(path: Path, session: Session, text: str) -> types.CompletionList | None:
            lines = server.lines(path)
            line, column = lines.column(params.position)
            candidates = candidates_in(text, line, path, lambda: index_of(session))
            context, found = offers(text, line, column, candidates)
            if context is None or not found:
                return None
            edit_range = lines.range(context.span)
            capability = server.client_capabilities.text_document
            item_support = (
                capability and capability.completion and capability.completion.completion_item
            )
            formats = item_support.documentation_format if item_support else None
            markdown = formats is not None and types.MarkupKind.Markdown in formats
            return types.CompletionList(
                is_incomplete=False,
                items=[
                    _item(offer, edit_range, rank, markdown) for rank, offer in enumerate(found)
                ],
            )

        return server.answer(params.text_document.uri, "completing in", complete)


_ITEM_KINDS = {"id": "Reference", "builtin": "EnumMember", "key": "Property", "value": "EnumMember"}


def _item(offer: Offer, edit_range: types.Range, rank: int, markdown: bool) -> types.CompletionItem:
    """The LSP item of an offer; its documentation Markdown if the client takes Markdown
    (it declares so), else the same text, plain."""
    from lsprotocol import types

    documentation: types.MarkupContent | str | None = offer.doc
    if offer.doc and markdown:
        documentation = types.MarkupContent(kind=types.MarkupKind.Markdown, value=offer.doc)
    beside = offer.description
    return types.CompletionItem(
        label=offer.label,
        kind=getattr(types.CompletionItemKind, _ITEM_KINDS[offer.what]),
        detail=offer.detail,
        label_details=types.CompletionItemLabelDetails(description=beside) if beside else None,
        documentation=documentation,
        sort_text=f"{rank:04d}",
        filter_text=offer.label,
        text_edit=types.TextEdit(range=edit_range, new_text=offer.insert),
    )

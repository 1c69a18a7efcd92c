"""Hover: what the thing under the cursor is, in Markdown, from the one place that knows it.

- a reference: the item it names (kind, id, name, `file:line` relative to the
  workspace), as the index resolves it; an id where it is defined: the same;
- a key: its field's description, from the model;
- a finding under the cursor: its code and name, its message and hint, then
  the text `csjourney rule CODE` prints (csjourney.rulesinfo.explanation);
- a metric (its id, a reference to it, or its `type`): the type's range and
  direction (csjourney.metric_types), and the metric's own direction when it
  overrides the type's.

Sections are joined with a rule when several apply (a finding on a
reference). The text is Markdown, sent as such to a client that says it takes
Markdown and as plain text otherwise (it reads well either way).
`hover_markdown` is LSP-free; `register` adds textDocument/hover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csjourney.diagnostics import Diagnostic, Span
from csjourney.lsp.index import Index, Occurrence, Symbol, contains
from csjourney.lsp.yamlcontext import context_at
from csjourney.structure import Loc, kind_at, walk

if TYPE_CHECKING:
    from lsprotocol import types

    from csjourney.lsp.server import CsjourneyServer
    from csjourney.lsp.session import Session

DataOf = Callable[[Path], Any]  # a file's current data (a mapping), or None
RULE = "\n\n---\n\n"


def hover_markdown(
    path: Path,
    text: str,
    line: int,
    column: int,
    index: Index,
    findings: Sequence[Diagnostic],
    data_of: DataOf,
    shown: Callable[[Path], str],
) -> tuple[str, Span] | None:
    """The hover for a cursor at (line, column), 1-based, and the span it is about."""
    sections: list[str] = []
    span: Span | None = None
    for finding in findings:
        if contains(finding.span, line, column):
            sections.append(_finding(finding))
            span = span or finding.span
    found = index.at(path, line, column)
    if found is not None:
        sections.insert(0, _item(found, data_of, shown))
        span = found.span
    else:
        about = _key_or_type(text, line, column)
        if about is not None:
            sections.insert(0, about[0])
            span = about[1]
    if not sections or span is None:
        return None
    return RULE.join(sections), span


def _item(found: Symbol | Occurrence, data_of: DataOf, shown: Callable[[Path], str]) -> str:
    symbol = found.symbol if isinstance(found, Occurrence) else found
    if symbol is None:
        assert isinstance(found, Occurrence)
        return f"**{found.kind}** `{found.value}`: no {found.kind} has this id"
    title = f"**{symbol.kind}** `{symbol.id}`" + (f": {symbol.name}" if symbol.name else "")
    where = (
        "built-in channel"
        if symbol.builtin
        else f"defined at `{shown(symbol.path)}:{symbol.span.line}`"
    )
    parts = [title, where]
    if symbol.kind == "metric":
        metric = _metric(data_of(symbol.path), symbol.id)
        if metric is not None and isinstance(metric.get("type"), str):
            parts.append(metric_type_text(metric["type"], metric.get("direction")))
    return "\n\n".join(part for part in parts if part)


def _metric(data: Any, metric_id: str) -> dict[str, Any] | None:
    """The metric with `metric_id` in a file's data (metrics live in their journey's file)."""
    if not isinstance(data, dict):
        return None
    for node in walk(data):
        if node.kind.name == "metric" and node.get("id") == metric_id:
            return node.value if isinstance(node.value, dict) else None
    return None


def metric_type_text(type_name: str, direction: object = None) -> str:
    """A metric type's meaning, range and direction (and the metric's own, when it differs)."""
    from csjourney.metric_types import METRIC_TYPES

    metric_type = METRIC_TYPES.get(type_name)
    if metric_type is None:
        return f"`{type_name}` is no metric type"
    own = (
        f" (this metric: `{direction}`)"
        if isinstance(direction, str) and direction != metric_type.direction
        else ""
    )
    return (
        f"metric type `{type_name}`: {metric_type.description}\n\n"
        f"range: {metric_type.range_text}; direction: `{metric_type.direction}`{own}"
    )


def _key_or_type(text: str, line: int, column: int) -> tuple[str, Span] | None:
    """A key's field description, or a metric type's meaning for the value of `type`."""
    context = context_at(text, line, column)
    if context is None or not context.word:
        return None
    if context.role == "key":
        return _key_doc(context.loc, context.word), context.span
    parent: Loc = context.loc[:-1]
    kind = kind_at(parent) if context.loc and context.loc[-1] == "type" else None
    if context.role == "value" and kind is not None and kind.name == "metric":
        return metric_type_text(context.word), context.span
    return None


def _key_doc(loc: Loc, key: str) -> str:
    kind = kind_at(loc)
    if kind is None or key not in kind.keys:
        return f"`{key}` is no key of the format here"
    info = kind.model.model_fields[kind.attribute(key)]
    required = "required" if info.is_required() else "optional"
    return f"**{key}** ({kind.name}, {required})\n\n{info.description or ''}".rstrip()


def _finding(finding: Diagnostic) -> str:
    from csjourney.errors import UsageError
    from csjourney.rulesinfo import explanation

    head = f"**{finding.code}** `{finding.name}`: {finding.message}"
    if finding.hint:
        head += f"\n\nhint: {finding.hint}"
    try:
        explained = explanation(finding.code)
    except UsageError:  # a code with no entry in the catalogue: say what is known
        return head
    return f"{head}\n\n`csjourney rule {finding.code}`:\n\n{explained}"


def register(server: CsjourneyServer) -> None:
    """Add textDocument/hover."""
    from lsprotocol import types

    from csjourney.lsp.index import index_of

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        def hovered(path: Path, session: Session, text: str) -> types.Hover | None:
            lines = server.lines(path)
            line, column = lines.column(params.position)

            def data_of(file: Path) -> Any:
                loaded = session.loaded(file)
                return loaded.data if loaded is not None else None

            def shown(file: Path) -> str:
                return session.shown(file).as_posix()

            findings = session.diagnostics(path)
            index = index_of(session)
            answer = hover_markdown(path, text, line, column, index, findings, data_of, shown)
            if answer is None:
                return None
            capability = server.client_capabilities.text_document
            formats = capability.hover.content_format if capability and capability.hover else None
            markdown = formats is not None and types.MarkupKind.Markdown in formats
            kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
            content = types.MarkupContent(kind=kind, value=answer[0])
            return types.Hover(contents=content, range=lines.range(answer[1]))

        return server.answer(params.text_document.uri, "hovering in", hovered)

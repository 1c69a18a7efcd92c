"""Go to definition, find references and rename, for every id, across the workspace.

The index (csjourney.lsp.index) knows what each id names, as `validate`
resolves it; this module turns a cursor into one item and the item into
locations or edits. A rename rewrites each id scalar the way `validate --fix`
rewrites a fix's value (csjourney.fixes: plain stays plain, 'quoted' stays
quoted), so comments and layout are kept. It is refused, with an error the
editor shows, rather than half done: when the new id is malformed or already
taken in the item's scope, when the cursor is on nothing renamable, or when
one of the scalars is written in a way the fixer will not rewrite.

The planning is LSP-free (`rename_edits`, `RenameRefused`), so its rules are
tested without a server; `register` adds the four handlers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from csjourney.diagnostics import Fix, Span, structural
from csjourney.lsp.index import Index, Occurrence, Symbol, index_of
from csjourney.model import ID_PATTERN
from csjourney.references import a_kind

if TYPE_CHECKING:
    from lsprotocol import types

    from csjourney.lsp.server import CsjourneyServer

_ID = re.compile(ID_PATTERN)
Answer = TypeVar("Answer")
Edits = dict[Path, list[tuple[Span, str]]]  # per file: (span of an id scalar, its new text)


class RenameRefused(Exception):
    """Why a rename cannot be done; the message is the editor's to show."""


def target(found: Symbol | Occurrence | None) -> Symbol | None:
    """The item a cursor's id stands for: the one defined there, or the one referred to."""
    if isinstance(found, Occurrence):
        return found.symbol
    return found


def renamable(found: Symbol | Occurrence | None) -> Symbol:
    """The item to rename for the cursor's id, or why there is none."""
    if found is None:
        raise RenameRefused("nothing to rename here: put the cursor on an id or on a reference")
    symbol = target(found)
    if symbol is None:
        assert isinstance(found, Occurrence)
        raise RenameRefused(
            f"no {found.kind} has the id `{found.value}`, so there is nothing to rename"
        )
    if symbol.builtin:
        raise RenameRefused(
            f"`{symbol.id}` is a built-in channel and cannot be renamed; declare a channel "
            "of your own under `channels` to use another id"
        )
    return symbol


def rename_edits(
    index: Index,
    symbol: Symbol,
    new_id: str,
    text_of: Callable[[Path], str | None],
    shown: Callable[[Path], str] = lambda path: path.as_posix(),
) -> Edits:
    """The edits that rename `symbol` to `new_id`: its id scalar and every reference to it.

    `text_of(path)` is a file's current text (the editor's buffer, else the
    disk's), the text the index's positions are in; `shown(path)` names a file
    in messages.
    """
    if not _ID.match(new_id):
        raise RenameRefused(
            f"`{new_id}` is not a valid id: use lowercase letters, digits, `-` and `_`, "
            "starting with a letter or digit, at most 64 characters"
        )
    if new_id == symbol.id:
        return {}
    holder = index.taken(symbol, new_id)
    if holder is not None:
        where = (
            "a built-in channel"
            if holder.builtin
            else f"{a_kind(holder.kind)} at {shown(holder.path)}:{holder.span.line}"
        )
        raise RenameRefused(f"`{new_id}` is already the id of {where}")
    places = [(symbol.path, symbol.span), *((o.path, o.span) for o in index.occurrences(symbol))]
    edits: Edits = {}
    for path, span in places:
        text = text_of(path)
        written = _written(text, span) if text is not None else None
        new_text = _rendered(written, symbol.id, new_id) if written is not None else None
        if new_text is None:
            raise RenameRefused(
                f"the id `{symbol.id}` at {shown(path)}:{span.line} is written in a way a "
                "rename does not rewrite (an escape, a tag or an alias): rename it by hand"
            )
        edits.setdefault(path, []).append((span, new_text))
    for path, changes in edits.items():
        text = text_of(path)
        assert text is not None
        if not _still_reads(text, changes):
            raise RenameRefused(f"renaming `{symbol.id}` would leave {shown(path)} unreadable")
    return edits


def _still_reads(text: str, changes: list[tuple[Span, str]]) -> bool:
    """Whether the text parses with the changes made (`--fix` never breaks a file either)."""
    from csjourney.yamlsource import YamlProblem, build
    from csjourney.yamltext import EDITOR_LINE_BREAK

    starts = [0, *(match.end() for match in EDITOR_LINE_BREAK.finditer(text))]
    pieces, done = [], 0
    for span, new_text in sorted(changes):
        start = starts[span.line - 1] + span.column - 1
        pieces += [text[done:start], new_text]
        done = starts[span.line - 1] + span.end_column - 1
    try:
        build("".join([*pieces, text[done:]]))
    except YamlProblem:
        return False
    return True


def _written(text: str, span: Span) -> str | None:
    """The characters of a one-line span of `text`."""
    from csjourney.yamltext import EDITOR_LINE_BREAK

    if span.line != span.end_line:
        return None
    lines = EDITOR_LINE_BREAK.split(text)
    if span.line > len(lines):
        return None
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


def _rendered(written: str, old: str, new: str) -> str | None:
    """`new` written as `written` writes `old`, as `--fix` writes it; None: it would not."""
    from csjourney.fixes import apply

    whole = Span(1, 1, 1, len(written) + 1)
    fix = Fix(whole, old, new)
    fixed = apply(written, [structural("unknown-reference", "", Path(), whole, fix=fix)])
    return fixed.text if fixed.count else None


# -- the handlers ------------------------------------------------------------------


def register(server: CsjourneyServer) -> None:
    from lsprotocol import types

    def under_cursor(
        document: types.TextDocumentIdentifier, position: types.Position
    ) -> tuple[Index, Symbol | Occurrence | None] | None:
        """The session's index and what it has at the position; None: not a file."""
        path = server.path_of(document.uri)
        if path is None:
            return None
        index = index_of(server.session_for(path))
        line, column = server.lines(path).column(position)
        return index, index.at(path, line, column)

    def location(path: Path, span: Span) -> types.Location:
        return types.Location(uri=server.uri_of(path), range=server.lines(path).range(span))

    def guarded(what: str, handler: Callable[[], Answer]) -> Answer | None:
        """Answer nothing, and log why, when something fails that is no refusal."""
        from pygls.exceptions import JsonRpcException

        try:
            return handler()
        except RenameRefused as refused:
            code = types.LSPErrorCodes.RequestFailed
            raise JsonRpcException(str(refused), code=code) from None
        except JsonRpcException:
            raise
        except Exception as error:
            server.log_error(what, error)
            return None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(params: types.DefinitionParams) -> list[types.Location] | None:
        def answer() -> list[types.Location]:
            found = under_cursor(params.text_document, params.position)
            symbol = target(found[1]) if found is not None else None
            if symbol is None or symbol.builtin:  # an unknown id: nowhere to go
                return []
            return [location(symbol.path, symbol.span)]

        return guarded("finding a definition", answer)

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(params: types.ReferenceParams) -> list[types.Location] | None:
        def answer() -> list[types.Location]:
            found = under_cursor(params.text_document, params.position)
            symbol = target(found[1]) if found is not None else None
            if found is None or symbol is None:
                return []
            places = [location(o.path, o.span) for o in found[0].occurrences(symbol)]
            if params.context.include_declaration and not symbol.builtin:
                places.insert(0, location(symbol.path, symbol.span))
            return places

        return guarded("finding references", answer)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(
        params: types.PrepareRenameParams,
    ) -> types.PrepareRenamePlaceholder | None:
        def answer() -> types.PrepareRenamePlaceholder | None:
            found = under_cursor(params.text_document, params.position)
            if found is None or found[1] is None:
                return None  # not on an id: the editor says it cannot rename here
            symbol = renamable(found[1])
            span = found[1].span
            path = found[1].path
            return types.PrepareRenamePlaceholder(
                range=server.lines(path).range(span), placeholder=symbol.id
            )

        return guarded("preparing a rename", answer)

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        def answer() -> types.WorkspaceEdit:
            found = under_cursor(params.text_document, params.position)
            symbol = renamable(found[1] if found is not None else None)
            assert found is not None
            session = server.session_for(symbol.path)

            def shown(path: Path) -> str:
                return session.shown(path).as_posix()

            broken = session.unreadable() if symbol.journey is None else []
            if broken:  # a shared id may be named there: the rename would miss it
                raise RenameRefused(
                    f"{broken[0].as_posix()} does not load, so the references "
                    f"to `{symbol.id}` in it are unknown: fix it first, then rename"
                )
            edits = rename_edits(found[0], symbol, params.new_name, session.text, shown)
            changes = {
                server.uri_of(path): [
                    types.TextEdit(range=server.lines(path).range(span), new_text=new_text)
                    for span, new_text in spans
                ]
                for path, spans in edits.items()
            }
            return types.WorkspaceEdit(changes=changes)

        return guarded("renaming", answer)

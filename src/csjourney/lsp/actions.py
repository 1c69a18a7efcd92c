"""Code actions: `validate --fix`'s corrections, and an initiative for an unaddressed pain point.

A finding that knows its one answer (a `Fix`, the "did you mean" findings)
becomes a quickfix whose edit is the text `csjourney.fixes.apply` writes for
it: the same characters `validate --fix` changes, in the scalar's own
quoting. A `source.fixAll` action applies every fix of the file at once, as
one round of `--fix` does.

`pain-point-unaddressed` gets "Add an initiative that addresses ...": an
insertion (text, so comments and layout stay) of a new initiative into the
`initiatives` list of the pain point's stage, where the model keeps
initiatives, creating the list when the stage has none. The initiative has
what the model requires (an id fresh in the journey's shared namespace, a
name) and `addresses: [<pain point>]`, indented as the file indents; its
owner is the journey's owner when the map names one (who keeps the map true
holds it until someone takes it on), so no `initiative-missing-owner` warning
takes the removed one's place. The findings are the session's, matched to the
request's diagnostics by code and range (the client sends back what was published).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csjourney.diagnostics import Diagnostic
from csjourney.sourcemap import PathKey, SourceMap

if TYPE_CHECKING:
    from lsprotocol import types

    from csjourney.lsp.positions import LineIndex
    from csjourney.lsp.server import CsjourneyServer
    from csjourney.lsp.session import Session

UNADDRESSED = "pain-point-unaddressed"
FIX_ALL_TITLE = "Apply every csjourney fix in this file"
# Characters that may make a plain scalar mean something else (a comment, a mapping, a flow).
_INDICATORS = set(":#[]{},&*!|>'\"%@`")


def register(server: CsjourneyServer) -> None:
    """Add textDocument/codeAction: the quickfixes and the source.fixAll action."""
    from lsprotocol import types

    kinds = [types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    options = types.CodeActionOptions(code_action_kinds=kinds)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        def actions(path: Path, session: Session, text: str) -> list[types.CodeAction] | None:
            found = session.diagnostics(path)
            return code_actions(params, text, found, server.position_encoding) or None

        return server.answer(params.text_document.uri, "finding code actions for", actions)


def code_actions(
    params: types.CodeActionParams,
    text: str,
    findings: Sequence[Diagnostic],
    encoding: types.PositionEncodingKind | str | None = None,
) -> list[types.CodeAction]:
    """The actions for the request's diagnostics, given the file's text and its findings."""
    from csjourney.lsp.positions import UTF16, LineIndex

    lines = LineIndex(text, encoding or UTF16)
    uri = params.text_document.uri
    wanted = params.context.only
    actions: list[types.CodeAction] = []
    if wanted is None or any(kind.startswith("quickfix") for kind in wanted):
        for requested in params.context.diagnostics:
            for finding in _matching(requested, findings, lines):
                action = _quickfix(uri, text, finding, requested, lines)
                if action is not None:
                    actions.append(action)
    if wanted is None or any(str(kind).startswith("source.fixAll") for kind in wanted):
        everything = _fix_all(uri, text, findings, lines)
        if everything is not None:
            actions.append(everything)
    return actions


def _matching(
    requested: types.Diagnostic, findings: Sequence[Diagnostic], lines: LineIndex
) -> Iterator[Diagnostic]:
    """The session's findings the client's diagnostic stands for: same code (or name) and range."""
    code = str(requested.code) if requested.code is not None else None
    for finding in findings:
        if code in (finding.code, finding.name) and lines.range(finding.span) == requested.range:
            yield finding


def _quickfix(
    uri: str, text: str, finding: Diagnostic, requested: types.Diagnostic, lines: LineIndex
) -> types.CodeAction | None:
    from lsprotocol import types

    if finding.fix is not None:
        replacement = _fix_replacement(text, finding)
        if replacement is None:
            return None
        title = f"Change {finding.fix.old!r} to {finding.fix.new!r}"
        edit = types.TextEdit(range=lines.range(finding.fix.span), new_text=replacement)
        preferred = True  # a finding carries at most one fix: it is the only one offered
    elif finding.name == UNADDRESSED and finding.subject is not None:
        addition = initiative_addition(text, finding.subject)
        if addition is None:
            return None
        where, inserted, pain_label = addition
        position = lines.position(*where)
        title = f"Add an initiative that addresses {pain_label}"
        edit = types.TextEdit(range=types.Range(start=position, end=position), new_text=inserted)
        preferred = False  # a starting point to edit, not the one answer
    else:
        return None
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[requested],
        is_preferred=preferred,
        edit=types.WorkspaceEdit(changes={uri: [edit]}),
    )


def _fix_replacement(text: str, finding: Diagnostic) -> str | None:
    """What `fixes.apply` writes in place of the fix's span, if it applies the fix and parses."""
    from csjourney.fixes import apply

    fixed = apply(text, [finding])
    if not fixed.count or not _readable(fixed.text) or finding.fix is None:
        return None  # --fix never turns a readable file into a broken one
    span, file = finding.fix.span, _Written(text, SourceMap())
    start, end = file.offset(span.line, span.column), file.offset(span.end_line, span.end_column)
    return fixed.text[start : len(fixed.text) - (len(text) - end)]


def _fix_all(
    uri: str, text: str, findings: Sequence[Diagnostic], lines: LineIndex
) -> types.CodeAction | None:
    """One round of `validate --fix` over the file, as a single whole-text edit."""
    from lsprotocol import types

    from csjourney.fixes import apply

    fixed = apply(text, findings)
    if fixed.count < 1 or fixed.text == text or not _readable(fixed.text):
        return None
    last = len(lines.lines)
    end = lines.position(last, len(lines.line(last - 1)) + 1)
    whole = types.Range(start=types.Position(line=0, character=0), end=end)
    return types.CodeAction(
        title=FIX_ALL_TITLE,
        kind=types.CodeActionKind.SourceFixAll,
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(range=whole, new_text=fixed.text)]}),
    )


def _readable(text: str) -> bool:
    """Whether `text` parses as YAML: no action may leave a file that does not."""
    from csjourney.yamlsource import YamlProblem, build

    try:
        build(text)
    except YamlProblem:
        return False
    return True


# -- the new initiative -------------------------------------------------------


def initiative_addition(text: str, pain_id: str) -> tuple[tuple[int, int], str, str] | None:
    """Where (1-based line, column) and what to insert for a new initiative addressing `pain_id`,
    and the pain point's label; None when the file does not parse or the pain point is not in it.
    """
    from csjourney.wording import named
    from csjourney.yamlsource import YamlProblem, build

    try:
        document = build(text)
    except YamlProblem:
        return None
    found = _pain_point(document.data, pain_id)
    if found is None:
        return None
    stage_path, pain, stage = found
    file = _Written(text, document.source)
    if file.is_flow(stage_path):
        return None  # `- {id: ..., pain_points: [...]}`: no block layout to follow
    new_id = _fresh_id(pain_id, set(_ids(document.data)))
    pain_name = pain.get("name") if isinstance(pain.get("name"), str) else None
    name = f"Address {pain_name or pain_id}"
    owner = document.data["journey"].get("owner")
    keeper = owner if isinstance(owner, str) and owner.strip() else None

    def fields(quote: Callable[[str], str]) -> list[str]:
        written = [f"id: {new_id}", f"name: {quote(name)}", f"addresses: [{_scalar(pain_id)}]"]
        return written + ([f"owner: {quote(keeper)}"] if keeper is not None else [])

    existing, list_path = stage.get("initiatives"), (*stage_path, "initiatives")
    if isinstance(existing, list) and file.is_flow(list_path):
        flow = ", ".join(fields(lambda value: json.dumps(value, ensure_ascii=False)))
        inserted = (", " if existing else "") + "{" + flow + "}"
        end = file.source.entries[list_path].value
        where = (end.end_line, end.end_column - 1)  # before the closing `]`
    elif "initiatives" not in stage or (isinstance(existing, list) and existing):
        key_column = file.key_column(stage_path)
        model = list_path if existing else (*stage_path, "pain_points")
        dash, item_column = file.item_columns(model, key_column)
        body = fields(_scalar)
        body = [" " * dash + "- " + body[0], *(" " * item_column + row for row in body[1:])]
        if "initiatives" not in stage:
            body.insert(0, " " * key_column + "initiatives:")
        holder, held = (existing, list_path) if existing else (stage, stage_path)
        last = file.last_line(holder, held)
        newline = "\r\n" if "\r\n" in text else "\n"
        if last < len(file.rows):
            where, inserted = (last + 1, 1), "".join(row + newline for row in body)
        else:  # the last line of a file that ends without a line break
            where = (last, len(file.rows[last - 1]) + 1)
            inserted = "".join(newline + row for row in body)
    else:
        return None  # `initiatives:` holds something else: the model reports it already
    offset = file.offset(*where)
    if not _readable(text[:offset] + inserted + text[offset:]):
        return None
    return where, inserted, named(pain_name, pain_id)


def _pain_point(data: Any, pain_id: str) -> tuple[PathKey, dict[str, Any], dict[str, Any]] | None:
    """The path of the stage of the first pain point with `pain_id`, the pain point, the stage."""
    journey = data.get("journey") if isinstance(data, dict) else None
    stages = journey.get("stages") if isinstance(journey, dict) else None
    for number, stage in enumerate(stages if isinstance(stages, list) else []):
        pains = stage.get("pain_points") if isinstance(stage, dict) else None
        for pain in pains if isinstance(pains, list) else []:
            if isinstance(pain, dict) and pain.get("id") == pain_id:
                return ("journey", "stages", number), pain, stage
    return None


def _ids(value: Any) -> Iterator[str]:
    """Every `id` written anywhere in the file: more than the journey's namespace, never less."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        value = list(value.values())
    for child in value if isinstance(value, list) else []:
        yield from _ids(child)


def _fresh_id(pain_id: str, taken: set[str]) -> str:
    """`address-<pain>`, else `address-<pain>-2`, ...: a valid id (64 characters at most)."""
    base = candidate = f"address-{pain_id}"[:64].rstrip("-_")
    number = 1
    while candidate in taken:
        number += 1
        candidate = base[: 64 - len(str(number)) - 1] + f"-{number}"
    return candidate


def _scalar(value: str) -> str:
    """`value` as a YAML scalar: plain when it reads back as this string, else double-quoted."""
    from csjourney.yamlscalars import resolve_plain

    safe = value[:1].isalnum() and value == value.strip() and not set(value) & _INDICATORS
    if safe and resolve_plain(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


class _Written:
    """A file's text, its lines and the positions of its keys and values, to place an insertion."""

    def __init__(self, text: str, source: SourceMap) -> None:
        from csjourney.yamltext import EDITOR_LINE_BREAK

        self.text, self.source = text, source
        self.rows = EDITOR_LINE_BREAK.split(text)
        self._starts = [0, *(match.end() for match in EDITOR_LINE_BREAK.finditer(text))]

    def offset(self, line: int, column: int) -> int:
        """The str index of a 1-based (line, column), lines split as `csjourney.fixes` does."""
        return self._starts[min(line, len(self._starts)) - 1] + column - 1

    def is_flow(self, path: PathKey) -> bool:
        """Whether the collection at `path` is written in flow style (`[...]`, `{...}`)."""
        position = self.source.entries.get(path)
        if position is None:
            return False
        start = self.offset(position.value.line, position.value.column)
        return self.text[start : start + 1] in ("[", "{")

    def key_column(self, mapping: PathKey) -> int:
        """The indentation (0-based) of a block mapping's keys: where its first key starts."""
        depth, entries = len(mapping), self.source.entries.items()
        keys = [
            position.key.column
            for key, position in entries
            if len(key) == depth + 1 and key[:depth] == mapping and position.key
        ]
        return min(keys) - 1

    def item_columns(self, sequence: PathKey, key_column: int) -> tuple[int, int]:
        """(dash column, key column), 0-based, of a block sequence of mappings, from its first
        item: a sequence may be indented past its key or not; the file's own choice is kept."""
        first = self.source.entries.get((*sequence, 0))
        if first is not None:
            before = self.rows[first.value.line - 1][: first.value.column - 1]
            dash = before.rfind("-")
            if dash >= 0 and not before[:dash].strip():
                return dash, first.value.column - 1
        return key_column + 2, key_column + 4

    def last_line(self, value: Any, path: PathKey) -> int:
        """The last line (1-based) holding a key or scalar of `value`, the collection at `path`.

        A block collection's own span runs on to the next token, past comments
        and blank lines; its keys and scalars (and flow brackets) do not. A block
        scalar's span ends at column 1 past its trailing blank lines, which are
        its text only when it keeps them (`|+`): else they stay before the next item.
        """
        last = 0
        children = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in children:
            position = self.source.entries.get((*path, key))
            if position is None:
                continue
            if position.key is not None:
                last = max(last, position.key.end_line)
            if isinstance(child, dict | list) and not self.is_flow((*path, key)):
                last = max(last, self.last_line(child, (*path, key)))
                continue
            span, end = position.value, position.value.end_line
            if span.end_column == 1 and end > span.line:
                end -= 1
                header = self.rows[span.line - 1][span.column - 1 :].split("#")[0]
                while end > span.line and not self.rows[end - 1].strip() and "+" not in header:
                    end -= 1
            last = max(last, end)
        return last

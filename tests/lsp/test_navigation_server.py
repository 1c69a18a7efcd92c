"""Definition, references and rename through the real `csjourney lsp`, over stdio.

Requests go to the server started by tests/lsp/conftest.py on copies of the
examples; answers are compared to exact URIs and ranges (0-based, UTF-16).
A rename's edit is applied to yet another copy of the workspace, which
`csjourney validate` must then check with the findings it had before.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from conftest import Csj
from csjourney.lsp.positions import LineIndex
from lsp.lspclient import RecordingClient, Workspaces
from lsp.navcases import apply_spans, findings

pytestmark = pytest.mark.asyncio(loop_scope="module")
Where = tuple[str, int, int, int, int]  # (file under the workspace, range as 0-based numbers)


def _doc(path: Path) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=path.as_uri())


def _at(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def _where(root: Path, locations: object) -> list[Where]:
    assert isinstance(locations, list | tuple)  # the client reads some arrays as tuples
    found = []
    for location in locations:
        assert isinstance(location, types.Location)
        start, end = location.range.start, location.range.end
        path = Path(location.uri.removeprefix("file://")).relative_to(root).as_posix()
        found.append((path, start.line, start.character, end.line, end.character))
    return found


async def _definition(client: RecordingClient, path: Path, line: int, char: int) -> object:
    params = types.DefinitionParams(text_document=_doc(path), position=_at(line, char))
    return await client.text_document_definition_async(params)


async def _references(
    client: RecordingClient, path: Path, line: int, char: int, declaration: bool
) -> object:
    params = types.ReferenceParams(
        text_document=_doc(path),
        position=_at(line, char),
        context=types.ReferenceContext(include_declaration=declaration),
    )
    return await client.text_document_references_async(params)


async def _rename(
    client: RecordingClient, path: Path, line: int, char: int, new_name: str
) -> types.WorkspaceEdit | None:
    params = types.RenameParams(
        text_document=_doc(path), position=_at(line, char), new_name=new_name
    )
    return await client.text_document_rename_async(params)


async def test_definition_of_a_shared_id_is_in_the_library(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    b2b = workspaces.b2b
    smb = b2b / "journeys" / "smb.yaml"
    await client.open(smb)
    try:
        # `segments: [smb]` on line 11, the id at columns 14-16 (1-based).
        assert _where(b2b, await _definition(client, smb, 10, 14)) == [
            ("library.yaml", 8, 8, 8, 11)
        ]
        # `addresses: [seat-pricing-unclear]`: a pain point of the same journey.
        assert _where(b2b, await _definition(client, smb, 58, 30)) == [
            ("journeys/smb.yaml", 49, 14, 49, 34)
        ]
        assert _where(b2b, await _definition(client, smb, 24, 20)) == []  # `search`: built in
        assert _where(b2b, await _definition(client, smb, 10, 2)) == []  # the `segments` key
    finally:
        await client.close(smb)


async def test_an_unknown_id_has_no_definition_and_no_references(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    smb = workspaces.b2b / "journeys" / "smb.yaml"
    text = smb.read_text(encoding="utf-8").replace(
        "addresses: [seat-pricing-unclear]", "addresses: [no-such-pain]"
    )
    await client.open(smb, text)
    try:
        assert _where(workspaces.b2b, await _definition(client, smb, 58, 30)) == []
        assert _where(workspaces.b2b, await _references(client, smb, 58, 30, True)) == []
    finally:
        await client.close(smb)


async def test_references_of_an_evidence_item_with_and_without_its_declaration(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    b2b = workspaces.b2b
    library = b2b / "library.yaml"
    uses = [
        ("journeys/enterprise.yaml", 83, 21, 83, 42),
        ("journeys/mid-market.yaml", 109, 47, 109, 68),
        ("journeys/mid-market.yaml", 158, 21, 158, 42),
        ("journeys/mid-market.yaml", 235, 21, 235, 42),
        ("journeys/smb.yaml", 269, 46, 269, 67),
    ]
    assert _where(b2b, await _references(client, library, 95, 10, False)) == uses
    declared = [("library.yaml", 95, 8, 95, 29), *uses]
    assert _where(b2b, await _references(client, library, 95, 29, True)) == declared
    # From one of the references, the same list.
    assert _where(b2b, await _references(client, b2b / "journeys/smb.yaml", 269, 50, True)) == (
        declared
    )


async def test_positions_count_utf16_units_in_an_unsaved_buffer(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    """A touchpoint named after an emoji (two UTF-16 units), in an edit not yet saved."""
    b2b = workspaces.b2b
    smb = b2b / "journeys" / "smb.yaml"
    line = "        - {id: tp-new, name: 🚀 launch, channel: qbr}\n"
    lines = smb.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, text in enumerate(lines) if "- id: peer-reviews" in text)
    await client.open(smb, "".join([*lines[:at], line, *lines[at:]]))
    try:
        found = _where(b2b, await _references(client, b2b / "library.yaml", 121, 9, False))
        column = line.index("qbr") + 1  # one more unit than code points: the emoji
        assert found == [
            ("journeys/enterprise.yaml", 207, 19, 207, 22),
            ("journeys/smb.yaml", at, column, at, column + 3),
        ]
        # And back: a definition asked at that UTF-16 position.
        assert _where(b2b, await _definition(client, smb, at, column + 1)) == [
            ("library.yaml", 121, 8, 121, 11)
        ]
        # A rename edits the buffer as the editor holds it, not the file on disk.
        edit = await _rename(client, smb, at, column + 1, "business-review")
        assert edit is not None and edit.changes is not None
        assert [
            (e.range.start.line, e.range.start.character, e.range.end.character, e.new_text)
            for e in edit.changes[smb.as_uri()]
        ] == [(at, column, column + 3, "business-review")]
        assert sorted(edit.changes) == sorted(
            path.as_uri() for path in (b2b / "library.yaml", b2b / "journeys/enterprise.yaml", smb)
        )
    finally:
        await client.close(smb)


async def test_prepare_rename_gives_the_id_or_says_why_not(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    smb = workspaces.b2b / "journeys" / "smb.yaml"

    async def prepare(line: int, char: int) -> object:
        params = types.PrepareRenameParams(text_document=_doc(smb), position=_at(line, char))
        return await client.text_document_prepare_rename_async(params)

    assert await prepare(58, 30) == types.PrepareRenamePlaceholder(
        range=types.Range(start=_at(58, 22), end=_at(58, 42)), placeholder="seat-pricing-unclear"
    )
    assert await prepare(10, 2) is None
    with pytest.raises(JsonRpcException, match="`search` is a built-in channel"):
        await prepare(24, 20)


@pytest.mark.parametrize(
    ("new_name", "message"),
    [
        ("Mid Market", "`Mid Market` is not a valid id"),
        ("enterprise", "`enterprise` is already the id of a segment at library.yaml:62"),
        ("qbr", "`qbr` is already the id of a channel at library.yaml:122"),
    ],
)
async def test_a_refused_rename_is_an_error_with_the_reason(
    client: RecordingClient, workspaces: Workspaces, new_name: str, message: str
) -> None:
    stderr, logged = len(client.stderr), len(client.log_messages)
    with pytest.raises(JsonRpcException, match=re.escape(message)) as refused:
        await _rename(client, workspaces.b2b / "library.yaml", 8, 10, new_name)
    assert refused.value.code == types.LSPErrorCodes.RequestFailed
    with pytest.raises(JsonRpcException, match="nothing to rename here"):
        await _rename(client, workspaces.b2b / "library.yaml", 9, 10, "x")  # a name
    # A refusal is the answer, no failure: nothing in the editor's log or on stderr
    # (which the server writes before it answers; the pipe is read concurrently).
    await asyncio.sleep(0.2)
    assert client.stderr[stderr:] == []
    assert client.log_messages[logged:] == []


Planned = dict[str, list[tuple[int, int, int]]]  # per file: (line, start, end) of each edit

RENAMES = [
    (  # evidence cited across four files, renamed from one of its uses
        "b2b",
        "journeys/smb.yaml",
        (269, 50),
        "churn-interviews-2026",
        "churn-interviews",
        {
            "library.yaml": [(95, 8, 29)],
            "journeys/enterprise.yaml": [(83, 21, 42)],
            "journeys/mid-market.yaml": [(109, 47, 68), (158, 21, 42), (235, 21, 42)],
            "journeys/smb.yaml": [(269, 46, 67)],
        },
    ),
    (  # a journey's metric, renamed from its definition: an initiative and a goal name it
        "b2c",
        "meal-kit.yaml",
        (297, 12),
        "monthly-churn",
        "subscriber-churn",
        {"meal-kit.yaml": [(297, 10, 23), (251, 21, 34), (295, 33, 46)]},
    ),
]


@pytest.mark.parametrize(("workspace", "file", "cursor", "old", "new", "expected"), RENAMES)
async def test_a_rename_edits_every_file_and_validate_agrees(
    client: RecordingClient,
    workspaces: Workspaces,
    csj: Csj,
    tmp_path: Path,
    workspace: str,
    file: str,
    cursor: tuple[int, int],
    old: str,
    new: str,
    expected: Planned,
) -> None:
    root = workspaces.b2b if workspace == "b2b" else workspaces.b2c
    edit = await _rename(client, root / file, *cursor, new)
    assert edit is not None and edit.changes is not None
    planned = {
        Path(uri.removeprefix("file://")).relative_to(root).as_posix(): [
            (e.range.start.line, e.range.start.character, e.range.end.character) for e in edits
        ]
        for uri, edits in edit.changes.items()
    }
    assert planned == expected
    assert {e.new_text for edits in edit.changes.values() for e in edits} == {new}
    copy = tmp_path / root.name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".csjourney_cache"))
    before = findings(csj, copy)
    for uri, edits in edit.changes.items():
        path = copy / Path(uri.removeprefix("file://")).relative_to(root)
        text = path.read_text(encoding="utf-8")
        lines = LineIndex(text)
        changes = [(lines.span(e.range), e.new_text) for e in edits]
        path.write_text(apply_spans(text, changes), encoding="utf-8")
    word = re.compile(rf"(?<![a-z0-9_-]){re.escape(old)}(?![a-z0-9_-])")
    assert findings(csj, copy) == sorted((c, p, line, word.sub(new, m)) for c, p, line, m in before)
    assert not any(word.search(path.read_text(encoding="utf-8")) for path in copy.rglob("*.yaml"))


async def test_a_shared_id_is_not_renamed_while_a_map_does_not_load(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    # The broken map may name the segment: a rename now would leave that reference behind.
    broken = workspaces.b2b / "journeys" / "half-typed.yaml"
    await client.open(broken, "csjourney: 1\njourney:\n  segments: [smb\n")
    try:
        refused = re.escape("journeys/half-typed.yaml does not load")
        with pytest.raises(JsonRpcException, match=refused):
            await _rename(client, workspaces.b2b / "library.yaml", 8, 10, "small-business")
    finally:
        await client.close(broken)
    renamed = await _rename(client, workspaces.b2b / "library.yaml", 8, 10, "small-business")
    assert renamed is not None and renamed.changes

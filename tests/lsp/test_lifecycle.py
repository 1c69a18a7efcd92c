"""The server's life: start, initialize, watch files, shut down; and the command around it."""

from __future__ import annotations

import pytest
from lsprotocol import types

from lsp.lspclient import RecordingClient, Workspaces

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_an_opened_journey_gets_its_diagnostics(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    library = workspaces.b2b / "library.yaml"
    text = library.read_text(encoding="utf-8") + "bogus: 1\n"
    found = await client.open(library, text)
    assert [(d.code, d.range.start.line) for d in found] == [("CSJ101", text.count("\n") - 1)]
    assert client.registrations[0].method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES

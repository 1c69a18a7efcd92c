"""Fixtures of the language server tests: the real `csjourney lsp`, driven over stdio.

`client` starts the server once per test module (the console entry point, in
this interpreter) and initializes it with two workspace folders, fresh copies
of examples/b2b-saas and examples/b2c-subscription (`workspaces`). Tests are
async and run in the module's event loop:

    pytestmark = pytest.mark.asyncio(loop_scope="module")

    async def test_x(client: RecordingClient, workspaces: Workspaces) -> None:
        found = await client.open(workspaces.b2b / "library.yaml")

A module that edits files restores them, or works on copies of its own
(`client.open(path, text)` needs no file on disk). `markdown_client` is a second
server, started only by the modules that ask for it. See lsp/lspclient.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_lsp

from lsp.clientcases import initialize_for_markdown
from lsp.lspclient import RecordingClient, Workspaces, initialize, server_config


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> Workspaces:
    return Workspaces.copy_into(tmp_path_factory.mktemp("workspaces"))


@pytest_lsp.fixture(config=server_config(), scope="module")  # type: ignore[untyped-decorator]
async def client(lsp_client: RecordingClient, workspaces: Workspaces) -> AsyncIterator[None]:
    await initialize(lsp_client, workspaces.folders())
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=server_config(), scope="module")  # type: ignore[untyped-decorator]
async def markdown_client(
    lsp_client: RecordingClient, workspaces: Workspaces
) -> AsyncIterator[None]:
    """A second server, for an editor that takes Markdown (the shared `client` does not)."""
    await initialize_for_markdown(lsp_client, workspaces)
    yield
    await lsp_client.shutdown_session()

"""The test client of the language server tests: pytest-lsp's, recording what it is sent.

pytest-lsp's client keeps only the last diagnostics of each document, and
`wait_for_notification` catches the next notification of a method, whichever
document it is about: a check publishes every open file at once, so a test
waiting for one file's diagnostics could see another's. This client counts
every publication per URI, so a test asks for the first one after a count it
read before acting (`published_after`), and nothing slips between.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from conftest import EXAMPLES

# The date the server's date-based lint rules measure against (`csjourney lsp --today`),
# the lint cases' default: the tests compare with `validate --today` on the same day.
TODAY = "2026-11-28"
WAIT_SECONDS = 30.0  # a first load of a workspace on a busy machine


class RecordingClient(LanguageClient):
    """pytest-lsp's client, with every publication and registration kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published: dict[str, list[Sequence[types.Diagnostic]]] = {}
        self.registrations: list[types.Registration] = []
        self._news: asyncio.Event | None = None  # set on each publication
        self.stderr: list[str] = []  # what the server wrote there, line by line

    async def start_io(self, cmd: str, *args: Any, **kwargs: Any) -> None:
        """pygls's start, with the server's stderr kept (and still shown) rather than
        only forwarded, so a test can say no traceback reached it."""
        await super(LanguageClient, self).start_io(cmd, *args, **kwargs)
        server = self._server
        if server is not None and server.stderr is not None:
            self._stderr_forwarder = asyncio.create_task(self._keep_stderr(server.stderr))

    async def _keep_stderr(self, stream: asyncio.StreamReader) -> None:
        while line := await stream.readline():
            self.stderr.append(line.decode("utf-8", "replace"))
            sys.stderr.write(self.stderr[-1])

    @property
    def news(self) -> asyncio.Event:
        if self._news is None:
            self._news = asyncio.Event()
        return self._news

    def count(self, path: Path) -> int:
        """How many publications for `path` came so far."""
        return len(self.published.get(path.as_uri(), []))

    async def published_after(self, path: Path, count: int) -> list[types.Diagnostic]:
        """The first diagnostics published for `path` after its `count`-th publication."""
        uri = path.as_uri()

        async def arrived() -> None:
            while len(self.published.get(uri, [])) <= count:
                self.news.clear()
                await self.news.wait()

        await asyncio.wait_for(arrived(), WAIT_SECONDS)
        return list(self.published[uri][count])

    async def registered(self) -> list[types.Registration]:
        """The capabilities the server registered, once it registered any."""

        async def arrived() -> None:
            while not self.registrations:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(arrived(), WAIT_SECONDS)
        return self.registrations

    async def open(self, path: Path, text: str | None = None) -> list[types.Diagnostic]:
        """didOpen `path` with its text (or `text`), and the diagnostics then published."""
        count = self.count(path)
        self.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=path.as_uri(),
                    language_id="yaml",
                    version=1,
                    text=path.read_text(encoding="utf-8") if text is None else text,
                )
            )
        )
        return await self.published_after(path, count)

    async def replace(self, path: Path, text: str, version: int = 2) -> list[types.Diagnostic]:
        """didChange `path`'s whole text to `text`, and the diagnostics then published."""
        count = self.count(path)
        self.change(path, text, version)
        return await self.published_after(path, count)

    def change(self, path: Path, text: str, version: int) -> None:
        """didChange: the whole text, as one full-document change."""
        self.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=path.as_uri(), version=version
                ),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def close(self, path: Path) -> list[types.Diagnostic]:
        """didClose `path`, and the diagnostics then published (empty: cleared)."""
        count = self.count(path)
        self.text_document_did_close(
            types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri())
            )
        )
        return await self.published_after(path, count)

    def changed_on_disk(self, *changes: tuple[Path, types.FileChangeType]) -> None:
        """workspace/didChangeWatchedFiles, as the editor's file watcher sends it."""
        self.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=p.as_uri(), type=kind) for p, kind in changes]
            )
        )


def _published(client: RecordingClient, params: types.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.setdefault(params.uri, []).append(params.diagnostics)
    client.news.set()


def _register(client: RecordingClient, params: types.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_client() -> RecordingClient:
    from pygls.protocol import default_converter

    client = RecordingClient(converter_factory=default_converter)
    features = {
        **DEFAULT_CLIENT_FEATURES,
        types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: _published,
        types.CLIENT_REGISTER_CAPABILITY: _register,
    }
    register_lsp_features(client, features)
    return client


def server_config() -> ClientServerConfig:
    """The real `csjourney lsp`, in this interpreter, started as an editor starts it."""
    command = [sys.executable, "-m", "csjourney", "lsp", "--stdio", "--today", TODAY]
    env = {**os.environ, "CSJOURNEY_DEBUG": ""}
    return ClientServerConfig(server_command=command, client_factory=make_client, server_env=env)


def capabilities() -> types.ClientCapabilities:
    """What a typical editor offers: UTF-16 positions, file watching, publishDiagnostics."""
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf16]
        ),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            workspace_folders=True,
        ),
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=False
            ),
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
        ),
    )


@dataclass(frozen=True)
class Workspaces:
    """Fresh copies of two example workspaces, the folders the client opens."""

    b2b: Path  # examples/b2b-saas: a library.yaml and journeys that use it
    b2c: Path  # examples/b2c-subscription

    @classmethod
    def copy_into(cls, folder: Path) -> Workspaces:
        b2b, b2c = folder / "b2b-saas", folder / "b2c-subscription"
        shutil.copytree(EXAMPLES / "b2b-saas", b2b)
        shutil.copytree(EXAMPLES / "b2c-subscription", b2c)
        return cls(b2b, b2c)

    def folders(self) -> list[types.WorkspaceFolder]:
        return [types.WorkspaceFolder(uri=p.as_uri(), name=p.name) for p in (self.b2b, self.b2c)]


async def initialize(client: RecordingClient, folders: list[types.WorkspaceFolder]) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(),
            workspace_folders=folders,
            root_uri=folders[0].uri if folders else None,
        )
    )

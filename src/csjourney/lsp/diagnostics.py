"""Diagnostics as you type: the document notifications, the debounced checks, publishing.

The findings are `validate`'s own (the session runs the core's checks), so a
published diagnostic has its code, its range converted to LSP positions, its
severity, and its message with the hint, as `validate --format json` says them.

A burst of keystrokes makes one check: each change pushes the check back by
`DEBOUNCE_SECONDS`, and the check that runs takes the latest text. Checks run
one at a time on the event loop. After a check, every open file of the
session is published again: a library edit changes what its journeys say.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from csjourney.diagnostics import Diagnostic, Severity
from csjourney.lsp.positions import LineIndex

if TYPE_CHECKING:
    from csjourney.lsp.server import CsjourneyServer
    from csjourney.lsp.session import Session

# Quiet this long after a change before checking: shorter than a keystroke gap
# while typing fast, so a burst makes one check, and well inside the 100 ms budget.
DEBOUNCE_SECONDS = 0.03
PROGRESS_SECONDS = 5.0  # how long the client may take to accept a progress notice
SOURCE = "csjourney"
WATCHED = ("**/*.yaml", "**/*.yml", "**/csjourney.toml", "**/pyproject.toml")
_LOCATED = re.compile(r"^.*?:(?P<line>\d+)(?::(?P<column>\d+))?: (?P<what>.+)$")
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def lsp_diagnostic(diagnostic: Diagnostic, lines: LineIndex) -> types.Diagnostic:
    """One csjourney finding as an LSP diagnostic; `data` carries its rule name and fix."""
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    data: dict[str, Any] = {"name": diagnostic.name, "hint": diagnostic.hint}
    fix = diagnostic.fix
    if fix is not None:
        where = lines.range(fix.span)
        data["fix"] = {
            "old": fix.old,
            "new": fix.new,
            "range": {
                "start": {"line": where.start.line, "character": where.start.character},
                "end": {"line": where.end.line, "character": where.end.character},
            },
        }
    return types.Diagnostic(
        range=lines.range(diagnostic.span),
        message=message,
        severity=_SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        source=SOURCE,
        data=data,
    )


class Publisher:
    """Checks sessions shortly after they change, and publishes their open files."""

    def __init__(self, server: CsjourneyServer, delay: float = DEBOUNCE_SECONDS) -> None:
        self.server = server
        self.delay = delay
        self._pending: list[Session] = []
        self._due = 0.0
        self._task: asyncio.Task[None] | None = None

    def soon(self, session: Session) -> None:
        """Check `session` once no change came for `delay` seconds."""
        if session not in self._pending:
            self._pending.append(session)
        loop = asyncio.get_running_loop()
        self._due = loop.time() + self.delay
        if self._task is None:
            self._task = loop.create_task(self._wait_then_publish())

    async def _wait_then_publish(self) -> None:
        loop = asyncio.get_running_loop()
        while (wait := self._due - loop.time()) > 0:
            await asyncio.sleep(wait)
        pending, self._pending, self._task = self._pending, [], None
        for session in pending:
            if session.checked_once or not self._client_shows_progress():
                self.publish(session)
            else:
                await self._first_load(session)

    def _client_shows_progress(self) -> bool:
        window = self.server.client_capabilities.window
        return bool(window is not None and window.work_done_progress)

    async def _first_load(self, session: Session) -> None:
        """The first check of a workspace (seconds for hundreds of maps without the
        cache), under a progress notice the editor shows."""
        progress, token = self.server.work_done_progress, f"csjourney-load-{id(session)}"
        try:
            await asyncio.wait_for(progress.create_async(token), PROGRESS_SECONDS)
        except Exception:  # the client did not answer: check without the notice
            self.publish(session)
            return
        title = f"csjourney: checking {session.root.name or session.root}"
        progress.begin(token, types.WorkDoneProgressBegin(title=title))
        started = time.perf_counter()
        self.publish(session)
        took = time.perf_counter() - started
        files = len(session.members())
        done = f"checked {files} file{'s' * (files != 1)} in {took:.1f} s"
        progress.end(token, types.WorkDoneProgressEnd(message=done))

    def publish(self, session: Session) -> None:
        """Check the session if it changed, then publish each of its open files."""
        server = self.server
        try:
            session.check()
        except Exception as error:
            server.log_error(f"checking {session.root}", error)
            return
        for path, failure in session.failures:
            server.log_error(f"checking {path}", failure)
        session.failures.clear()
        for path in session.open_paths:
            try:
                found = self._diagnostics(session, path)
            except Exception as error:
                server.log_error(f"publishing {path}", error)
                continue
            server.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=server.uri_of(path), diagnostics=found)
            )

    def _diagnostics(self, session: Session, path: Path) -> list[types.Diagnostic]:
        lines = LineIndex(session.text(path) or "", self.server.position_encoding)
        found = [lsp_diagnostic(d, lines) for d in session.diagnostics(path)]
        problem = session.problem
        if problem is not None and problem.source == path:
            found.extend(config_diagnostics(problem.message, lines))
        return found

    def clear(self, path: Path) -> None:
        self.server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=self.server.uri_of(path), diagnostics=[])
        )


def config_diagnostics(message: str, lines: LineIndex) -> list[types.Diagnostic]:
    """A config mistake (`path:line[:column]: what` lines, as validate says it) on its lines."""
    found = []
    for text in message.splitlines():
        match = _LOCATED.match(text)
        line = int(match["line"]) if match else 1
        column = int(match["column"] or 1) if match else 1
        what = match["what"] if match else text
        if match is None and len(message.splitlines()) > 1:
            continue  # the "N mistakes" heading of a list of located ones
        start = lines.position(line, column)
        end = lines.position(line, len(lines.line(line - 1)) + 1)
        found.append(
            types.Diagnostic(
                range=types.Range(start=start, end=end),
                message=what,
                severity=types.DiagnosticSeverity.Error,
                code="config",
                source=SOURCE,
            )
        )
    return found


def register(server: CsjourneyServer) -> None:
    publisher = Publisher(server)

    def guarded(what: str, uri: str) -> Path | None:
        path = server.path_of(uri)
        if path is None:
            server.log(f"csjourney: {what} {uri}: not a file, not checked")
        return path

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CsjourneyServer, params: types.DidOpenTextDocumentParams) -> None:
        path = guarded("open", params.text_document.uri)
        if path is None:
            return
        server.remember(path, params.text_document.uri)
        try:
            session = server.session_for(path)
            session.open(path, params.text_document.text)
        except Exception as error:
            server.log_error(f"opening {path}", error)
            return
        publisher.soon(session)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CsjourneyServer, params: types.DidChangeTextDocumentParams) -> None:
        path = server.path_of(params.text_document.uri)
        if path is None:
            return
        try:
            text = server.workspace.get_text_document(params.text_document.uri).source
            session = server.session_for(path)
            session.change(path, text)
        except Exception as error:
            server.log_error(f"updating {path}", error)
            return
        publisher.soon(session)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CsjourneyServer, params: types.DidSaveTextDocumentParams) -> None:
        path = server.path_of(params.text_document.uri)
        if path is not None:
            files_changed([path])

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CsjourneyServer, params: types.DidCloseTextDocumentParams) -> None:
        path = server.path_of(params.text_document.uri)
        if path is None:
            return
        try:
            publisher.clear(path)
            session = server.session_for(path)
            session.close(path)
            server.forget(path)
        except Exception as error:
            server.log_error(f"closing {path}", error)
            return
        publisher.soon(session)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: CsjourneyServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        paths = [p for p in (server.path_of(c.uri) for c in params.changes) if p is not None]
        files_changed(paths)

    def files_changed(paths: list[Path]) -> None:
        try:
            if any(p.name in ("csjourney.toml", "pyproject.toml") for p in paths):
                for session in server.forget_sessions():
                    publisher.soon(session)
                return
            for session in server.sessions():
                mine = [p for p in paths if p.is_relative_to(session.root)]
                if mine:
                    session.changed_on_disk(mine)
                    publisher.soon(session)
        except Exception as error:
            server.log_error("reading changed files", error)

    @server.feature(types.INITIALIZED)
    def initialized(ls: CsjourneyServer, params: types.InitializedParams) -> None:
        watch_files(server)


def watch_files(server: CsjourneyServer) -> None:
    """Ask the client to report file changes on disk, when it can register them."""
    workspace = server.client_capabilities.workspace
    watching = workspace.did_change_watched_files if workspace is not None else None
    if watching is None or not watching.dynamic_registration:
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
    )
    registration = types.Registration(
        id="csjourney-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    server.client_register_capability(types.RegistrationParams(registrations=[registration]))

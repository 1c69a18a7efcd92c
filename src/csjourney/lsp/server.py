"""`CsjourneyServer`: the pygls language server, its sessions, and its feature modules.

Every file belongs to a session: that of its workspace (the nearest
csjourney.toml or [tool.csjourney] above it, as `csjourney validate` finds
it), or, without a root, that of its own folder. The server keeps one session
per root, made when a file of it is first opened, and drops them all when a
config file changes (a new csjourney.toml can split a workspace in two).

Handlers run on pygls's event loop, one at a time, so a session is never
read while it is being checked. A feature module that fails logs the error
(window/logMessage) and answers nothing; the server goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from csjourney import __version__
from csjourney.lsp.features import register_all
from csjourney.lsp.positions import LineIndex, path_to_uri, uri_to_path
from csjourney.lsp.session import Session, workspace_of

T = TypeVar("T")

CONFIG_NAMES = ("csjourney.toml", "pyproject.toml")


class CsjourneyServer(LanguageServer):
    """The language server, with its sessions (one per workspace)."""

    def __init__(
        self, today: dt.date | None = None, *, cache: bool = True, cache_dir: Path | None = None
    ) -> None:
        super().__init__(
            "csjourney", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.today = today  # fixed by `--today`: date-based lint rules measure against it
        self.cache, self.cache_dir = cache, cache_dir  # `--no-cache`, `--cache-dir`
        self._sessions: dict[tuple[Path, bool], Session] = {}
        self._by_folder: dict[Path, Session] = {}
        self._uris: dict[Path, str] = {}  # open documents' URIs, as the client wrote them

    # --- sessions ---------------------------------------------------------------

    def session_for(self, path: Path) -> Session:
        """The session of the workspace `path` (absolute) belongs to."""
        folder = path.parent
        session = self._by_folder.get(folder)
        if session is None:
            made = workspace_of(folder, self.today, cache=self.cache, cache_dir=self.cache_dir)
            key = (made.root, made.rooted)
            session = self._sessions.setdefault(key, made)
            if session is made and made.problem is not None:
                self._say_config_problem(made)
            self._by_folder[folder] = session
        return session

    def sessions(self) -> list[Session]:
        return list(self._sessions.values())

    def forget_sessions(self) -> list[Session]:
        """Drop every session (a config changed); the open files reopen in new ones."""
        old = self.sessions()
        self._sessions.clear()
        self._by_folder.clear()
        renewed: list[Session] = []
        for session in old:
            for path in session.open_paths:
                text = session.text(path)
                new = self.session_for(path)
                new.open(path, text if text is not None else "")
                if new not in renewed:
                    renewed.append(new)
        return renewed

    def _say_config_problem(self, session: Session) -> None:
        problem = session.problem
        assert problem is not None
        if problem.source in self._uris:
            return  # shown on the file itself
        self.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Warning,
                message=f"csjourney: {problem.message}\n(checking with the default settings)",
            )
        )

    # --- documents --------------------------------------------------------------

    def path_of(self, uri: str) -> Path | None:
        """The absolute path of a document URI; None for non-file URIs (untitled:...)."""
        return uri_to_path(uri)

    def remember(self, path: Path, uri: str) -> None:
        self._uris[path] = uri

    def forget(self, path: Path) -> None:
        self._uris.pop(path, None)

    def uri_of(self, path: Path) -> str:
        """The URI to name `path` by: the client's own for an open document."""
        return self._uris.get(path) or path_to_uri(path)

    @property
    def position_encoding(self) -> str:
        """The negotiated position encoding (utf-16 unless the client chose otherwise)."""
        try:
            encoding = self.workspace.position_encoding
        except RuntimeError:  # before initialize
            encoding = None
        return str(getattr(encoding, "value", encoding) or "utf-16")

    def answer(
        self, uri: str, what: str, answer: Callable[[Path, Session, str], T | None]
    ) -> T | None:
        """A request about the document at `uri`, answered by `answer(path, session, text)`
        with its current text. None when it is no file or has no text, and when answering
        fails: that is logged (`what` the file), since one failed request must not stop
        the server."""
        path = self.path_of(uri)
        if path is None:
            return None
        try:
            session = self.session_for(path)
            text = session.text(path)
            return None if text is None else answer(path, session, text)
        except Exception as error:
            self.log_error(f"{what} {path}", error)
            return None

    def lines(self, path: Path) -> LineIndex:
        """The current text of `path` (buffer or disk), to convert positions within it."""
        text = self.session_for(path).text(path) or ""
        return LineIndex(text, self.position_encoding)

    # --- errors -----------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def log_error(self, what: str, error: BaseException) -> None:
        """An internal error: its traceback to the client's log, never to stderr."""
        detail = "".join(traceback.format_exception(error))
        message = f"csjourney: internal error while {what}: {error}\n{detail}"
        self.log(message, types.MessageType.Error)

    def report_server_error(self, error: Exception, source: Any) -> None:
        if _is_refusal(error):  # the user's answer is the error response itself
            return
        with contextlib.suppress(Exception):  # the client is gone: nothing to tell
            self.log_error("handling a message", error)

    # --- running ----------------------------------------------------------------

    def serve_stdio(self) -> None:
        """Serve over standard input and output until the client says exit.

        The protocol owns stdout: anything else printed goes to stderr, so a
        stray print cannot corrupt a message.
        """
        stdin, stdout = sys.__stdin__, sys.__stdout__
        assert stdin is not None and stdout is not None
        sys.stdout = sys.stderr
        _one_line_library_logs()
        self.start_io(cast(BinaryIO, stdin.buffer), cast(BinaryIO, stdout.buffer))


class _OneLine(logging.Formatter):
    """A library log record as one line: its traceback goes to the client's log instead
    (`report_server_error`), so stderr never shows one."""

    def format(self, record: logging.LogRecord) -> str:
        first = (record.getMessage().splitlines() or [""])[0]
        return f"csjourney lsp: {record.levelname.lower()}: {first}"


def _is_refusal(error: BaseException | None) -> bool:
    """A request the server declined on purpose (a rename to a taken id): no failure."""
    from pygls.exceptions import JsonRpcException

    failed = types.LSPErrorCodes.RequestFailed
    return isinstance(error, JsonRpcException) and error.code == failed


def _not_a_refusal(record: logging.LogRecord) -> bool:
    return not (record.exc_info and _is_refusal(record.exc_info[1]))


def _one_line_library_logs() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    handler.addFilter(_not_a_refusal)
    library = logging.getLogger("pygls")
    library.addHandler(handler)
    library.setLevel(logging.WARNING)
    library.propagate = False


def build_server(
    today: dt.date | None = None, *, cache: bool = True, cache_dir: Path | None = None
) -> CsjourneyServer:
    """The server with every feature module of `FEATURES` registered."""
    server = CsjourneyServer(today, cache=cache, cache_dir=cache_dir)
    register_all(server)
    return server

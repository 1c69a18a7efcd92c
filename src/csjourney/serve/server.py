"""The preview's HTTP server: the newest build's files, and its build events.

Standard library only (http.server, one thread per request). It serves nothing but
the files of the newest build, looked up by name in the list that build wrote (a
request is never turned into a path, so `..`, `%2e%2e`, absolute paths or symlinks
cannot reach outside the temporary folder), the error page while the maps are
broken, and `/__csjourney/events`, the Server-Sent Events stream the pages' reload
script listens to. Requests whose Host is not this server's own loopback address
are refused: a web page elsewhere cannot rebind a name to 127.0.0.1 and read the maps.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from csjourney.serve.live import (
    EVENTS_PATH,
    missing_page,
    new_nonce,
    policy_for,
    problems_page,
    with_live_reload,
)

_HTML = "text/html; charset=utf-8"
_PLAIN = "text/plain; charset=utf-8"
_TYPES = {
    ".html": _HTML,
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".pdf": "application/pdf",
    ".md": "text/markdown; charset=utf-8",
}
KEEPALIVE_SECONDS = 10.0  # a comment line on the events stream: finds closed tabs


@dataclass(slots=True)
class Build:
    """One published result: the files written (name -> path), or the problems text."""

    files: dict[str, Path] = field(default_factory=dict)
    problems: str | None = None


class Published:
    """The newest build, and a condition the event streams wait on for the next one.

    Build tokens start with a token of this process, so a page left open across a
    restart of `serve` sees a build it does not show, and reloads.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._prefix = secrets.token_hex(4)
        self._count = 0
        self._build = Build(problems="The first render has not finished yet.")
        self.closing = False

    def publish(self, build: Build) -> None:
        with self._changed:
            self._build = build
            self._count += 1
            self._changed.notify_all()

    def current(self) -> tuple[str, Build]:
        with self._changed:
            return f"{self._prefix}-{self._count}", self._build

    def wait_after(self, token: str, timeout: float) -> str:
        """The newest token once it differs from `token` (or after `timeout`, or on close)."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closing or self.current_token() != token, timeout=timeout
            )
            return self.current_token()

    def current_token(self) -> str:
        return f"{self._prefix}-{self._count}"

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._changed.notify_all()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open events stream never holds up Ctrl+C
    block_on_close = False

    def __init__(self, host: str, port: int, published: Published) -> None:
        super().__init__((host, port), PreviewHandler)
        self.published = published
        bound = self.server_address[1]
        self.allowed_hosts = {f"{host}:{bound}", f"localhost:{bound}", f"127.0.0.1:{bound}"}

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "csjourney-serve"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal says what was built, not every request."""

    def do_HEAD(self) -> None:
        self._answer(body_wanted=False)

    def do_GET(self) -> None:
        self._answer(body_wanted=True)

    def _answer(self, *, body_wanted: bool) -> None:
        if self.headers.get("Host", "").lower() not in self.server.allowed_hosts:
            refusal = b"not this server's address\n"
            self._send(HTTPStatus.MISDIRECTED_REQUEST, refusal, body_wanted, kind=_PLAIN)
            return
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            if body_wanted:
                self._stream_events()
            else:
                self._send(HTTPStatus.OK, b"", False, kind="text/event-stream")
            return
        name = unquote(path).removeprefix("/") or "index.html"
        token, build = self.server.published.current()
        nonce = new_nonce()
        if build.problems is not None and (name.endswith(".html") or name not in build.files):
            page = problems_page(build.problems, token, nonce)
            self._send(HTTPStatus.OK, page.encode(), body_wanted, nonce=nonce)
            return
        file = build.files.get(name)
        data = _read_inside(file) if file is not None else None
        if data is None:
            page = missing_page(name, token, nonce)
            self._send(HTTPStatus.NOT_FOUND, page.encode(), body_wanted, nonce=nonce)
            return
        if name.endswith(".html"):
            data = with_live_reload(data.decode("utf-8"), token, nonce).encode()
        self._send(HTTPStatus.OK, data, body_wanted, nonce=nonce, kind=_kind(name))

    def _send(
        self,
        status: HTTPStatus,
        data: bytes,
        body_wanted: bool,
        *,
        nonce: str | None = None,
        kind: str = _HTML,
    ) -> None:
        """One whole response; `nonce` is the page's script's, for its policy header."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if nonce is not None:
            self.send_header("Content-Security-Policy", policy_for(nonce))
        self.end_headers()
        if body_wanted:
            self.wfile.write(data)

    def _stream_events(self) -> None:
        """`build` events: the newest token now, then after each build, until the tab closes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        published = self.server.published
        token = published.current_token()
        try:
            self.wfile.write(f"retry: 500\nevent: build\ndata: {token}\n\n".encode())
            self.wfile.flush()
            while not published.closing:
                newest = published.wait_after(token, KEEPALIVE_SECONDS)
                if newest == token:
                    self.wfile.write(b": still here\n\n")
                else:
                    token = newest
                    self.wfile.write(f"event: build\ndata: {token}\n\n".encode())
                self.wfile.flush()
        except OSError:  # the page went away (reloaded, closed): nothing to do
            return
        self.close_connection = True


def _kind(name: str) -> str:
    return _TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def _read_inside(file: Path) -> bytes | None:
    """The file's bytes, if it is still a regular file (a newer build may remove it)."""
    try:
        return file.read_bytes() if file.is_file() else None
    except OSError:
        return None


def start_server(host: str, port: int, published: Published) -> PreviewServer:
    """Bind (OSError when the port is taken) and serve in a daemon thread."""
    server = PreviewServer(host, port, published)
    threading.Thread(target=server.serve_forever, name="csjourney-serve", daemon=True).start()
    return server

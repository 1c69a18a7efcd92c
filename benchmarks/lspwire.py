"""A small LSP client over a server process's pipes, for bench_lsp.py: timestamps on arrival.

Not pytest-lsp's client: a benchmark wants the moment a message has been read
off the pipe, not when an event loop got round to it, and nothing between the
two sides but the framing. A reader thread parses `Content-Length` frames and
stamps each message with `time.perf_counter()` as it is complete; the caller's
thread answers the server's own requests (with `null`) and collects
publishDiagnostics per document.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections import deque
from typing import Any

TIMEOUT = 120.0  # seconds: a first load of 500 maps on a busy machine is far less


class Wire:
    """The framing: JSON-RPC messages in, stamped messages out (on a queue)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.incoming: queue.Queue[tuple[float, dict[str, Any] | None]] = queue.Queue()
        self.errors: deque[str] = deque(maxlen=20)  # the server's last lines of stderr
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def send(self, message: dict[str, Any]) -> float:
        """Write one message; the time just before it was written."""
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        sent = time.perf_counter()
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()
        return sent

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = None
            while (line := stdout.readline()) not in (b"\r\n", b"\n"):
                if not line:
                    self.incoming.put((time.perf_counter(), None))  # the server is gone
                    return
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            body = stdout.read(length)
            self.incoming.put((time.perf_counter(), json.loads(body)))

    def _drain_stderr(self) -> None:
        stderr = self.process.stderr
        if stderr is None:
            return
        for line in stderr:
            self.errors.append(line.decode("utf-8", "replace").rstrip())


class Connection:
    """Requests, notifications and the diagnostics published for each document."""

    def __init__(self, wire: Wire) -> None:
        self.wire = wire
        self._next_id = 0
        self._answers: dict[int, tuple[float, dict[str, Any]]] = {}
        self.published: dict[str, list[tuple[float, list[dict[str, Any]]]]] = {}

    def _pump(self, deadline: float) -> None:
        """Take one message off the queue (waiting until `deadline`) and file it."""
        try:
            arrived, message = self.wire.incoming.get(timeout=max(deadline - time.monotonic(), 0))
        except queue.Empty:
            raise TimeoutError("the server did not answer in time") from None
        if message is None:
            detail = "\n".join(self.wire.errors)
            raise OSError(f"the server exited ({self.wire.process.poll()}):\n{detail}")
        if "method" in message and "id" in message:  # the server asks: answer, with nothing
            self.wire.send({"id": message["id"], "result": None})
        elif message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.published.setdefault(params["uri"], []).append((arrived, params["diagnostics"]))
        elif "id" in message and "method" not in message:
            self._answers[message["id"]] = (arrived, message)

    def request(self, method: str, params: Any) -> Any:
        """Send a request and wait for its answer; its result (errors raise)."""
        self._next_id += 1
        number = self._next_id
        self.wire.send({"id": number, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while number not in self._answers:
            self._pump(deadline)
        _, answer = self._answers.pop(number)
        if "error" in answer:
            raise OSError(f"{method} failed: {answer['error']}")
        return answer.get("result")

    def notify(self, method: str, params: Any) -> float:
        return self.wire.send({"method": method, "params": params})

    def next_publication(self, uri: str, *, after: float) -> tuple[list[dict[str, Any]], float]:
        """The first diagnostics published for `uri` that arrived after `after`, and when."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for arrived, diagnostics in self.published.get(uri, []):
                if arrived > after:
                    return diagnostics, arrived
            self._pump(deadline)

    def initialize(self, root_uri: str) -> dict[str, Any]:
        """The handshake an editor makes; the server's capabilities."""
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                "capabilities": {
                    "general": {"positionEncodings": ["utf-16"]},
                    "textDocument": {
                        "synchronization": {"didSave": True},
                        "completion": {"completionItem": {"snippetSupport": False}},
                        "publishDiagnostics": {"relatedInformation": False},
                    },
                },
            },
        )
        self.notify("initialized", {})
        capabilities: dict[str, Any] = result["capabilities"]
        return capabilities

    def open(self, uri: str, text: str) -> float:
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        return self.notify("textDocument/didOpen", {"textDocument": document})

    def change(self, uri: str, version: int, where: dict[str, Any], text: str) -> float:
        """An incremental didChange: `where` (an LSP range) becomes `text`."""
        return self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": where, "text": text}],
            },
        )

    def close(self) -> None:
        """shutdown, exit, and wait for the process (killed if it lingers)."""
        process = self.wire.process
        try:
            if process.poll() is None:
                self.request("shutdown", None)
                self.notify("exit", None)
            process.wait(timeout=10)
        except (OSError, TimeoutError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()

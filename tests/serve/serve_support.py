"""The real `csjourney serve` process for the serve tests, and raw HTTP to it.

`Served` starts `python -m csjourney serve` on a copy of an example workspace,
reads its output until it prints the URL, and stops it with SIGINT (Ctrl+C), the
way a user does, collecting the exit code and everything printed. Its TMPDIR is a
folder of the test's, so a test can see that the temporary folder is gone after.
`raw_get` sends a request line exactly as written (no client normalises `..`).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from conftest import EXAMPLES, ROOT

URL = re.compile(r"^Serving (?P<what>.+) at (?P<url>http://127\.0\.0\.1:(?P<port>\d+)/) ")
START_SECONDS = 60.0  # the first render on a busy machine; the URL line comes after it


def workspace_copy(tmp_path: Path, name: str = "b2b-saas") -> Path:
    """A copy of an example workspace the test may edit."""
    target = tmp_path / name
    shutil.copytree(EXAMPLES / name, target)
    return target


class Served:
    """`csjourney serve ARGS` running; `url`, `port` once started; `stop()` for Ctrl+C."""

    def __init__(
        self, *args: str | Path, cwd: Path, tmpdir: Path, env: dict[str, str] | None = None
    ) -> None:
        tmpdir.mkdir(exist_ok=True)
        self.tmpdir = tmpdir
        env = {**os.environ, **(env or {}), "TMPDIR": str(tmpdir), "PYTHONUNBUFFERED": "1"}
        env["PYTHONPATH"] = str(ROOT / "src")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "csjourney", "serve", *map(str, args)],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self._started = threading.Event()
        self.url = ""
        self.port = 0
        assert self.process.stdout is not None and self.process.stderr is not None
        threading.Thread(target=self._read, args=(self.process.stdout, True), daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, False), daemon=True).start()

    def _read(self, stream: object, is_stdout: bool) -> None:
        for line in stream:  # type: ignore[attr-defined]
            (self.lines if is_stdout else self.errors).append(line)
            found = URL.match(line) if is_stdout else None
            if found:
                self.url, self.port = found["url"], int(found["port"])
                self._started.set()

    def wait_started(self) -> Served:
        deadline = time.monotonic() + START_SECONDS
        while not self._started.wait(0.1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"serve did not start: {self.output()}")
        return self

    def wait_for_line(self, pattern: str, after: int, seconds: float = 10.0) -> str:
        """The first stdout line from index `after` on that contains `pattern`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if pattern in line:
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no line with {pattern!r}: {self.output()}")

    def stop(self) -> int:
        """Ctrl+C, as a terminal sends it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"serve ignored Ctrl+C: {self.output()}") from None
        time.sleep(0.1)  # let the reader threads take the last lines
        return code

    def output(self) -> str:
        return "".join(self.lines) + "\n--- stderr ---\n" + "".join(self.errors)

    def __enter__(self) -> Served:
        return self.wait_started()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def raw_get(port: int, target: str, host: str | None = None) -> tuple[int, bytes]:
    """GET `target` exactly as given; (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        header = host if host is not None else f"127.0.0.1:{port}"
        connection.sendall(f"GET {target} HTTP/1.0\r\nHost: {header}\r\n\r\n".encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, body

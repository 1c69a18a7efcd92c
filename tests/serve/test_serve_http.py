"""What the preview server answers, over raw HTTP to the real `csjourney serve`.

Only the newest build's files are served, by name: no request reaches a file beside
them in the temporary folder, whatever `..` or encoding it uses. A Host that is not
the server's own loopback address is refused. The pages are render's, byte for byte,
but for the reload script and the policy line that lets it run; the pictures are
render's exactly. The event stream names the build, and a save makes a new one.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import CliResult
from serve.serve_support import Served, raw_get, workspace_copy

SECRET = "not for the browser"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    base = tmp_path_factory.mktemp("served")
    workspace = workspace_copy(base)
    with Served(workspace, cwd=base, tmpdir=base / "tmp") as running:
        yield running


def _scratch(served: Served) -> Path:
    """The serve process's temporary folder (the only one in its TMPDIR)."""
    (folder,) = served.tmpdir.glob("csjourney-serve-*")
    return folder


def _workspace(served: Served) -> Path:
    return served.tmpdir.parent / "b2b-saas"


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/build-1/../secret.txt",
        "//secret.txt",
        "/secret.txt",
        "/extra.txt",
        "/build-1/index.html",
        "/../../../../../../etc/passwd",
        "/%2fetc%2fpasswd",
        "/..\\secret.txt",
        "/index.html%00.svg",
    ],
)
def test_nothing_but_the_builds_own_files_is_served(served: Served, target: str) -> None:
    scratch = _scratch(served)
    (scratch / "secret.txt").write_text(SECRET, encoding="utf-8")
    (build,) = scratch.glob("build-*")
    (build / "extra.txt").write_text(SECRET, encoding="utf-8")  # in the folder, not the build
    status, body = raw_get(served.port, target)
    assert status == 404, (target, status)
    assert SECRET.encode() not in body and b"root:" not in body


def test_a_host_other_than_the_servers_own_is_refused(served: Served) -> None:
    for host in ("evil.example", f"evil.example:{served.port}", "127.0.0.1:1"):
        status, body = raw_get(served.port, "/index.html", host=host)
        assert status == 421, host
        assert b"<html" not in body
    assert raw_get(served.port, "/index.html", host=f"localhost:{served.port}")[0] == 200


def _without_live_reload(page: str) -> str:
    """A served page with exactly what the server adds taken out again."""
    page, scripts = re.subn(r'<script nonce="[^"]+">.*?</script>\n', "", page, flags=re.S)
    assert scripts == 1
    page, widened = re.subn(r"; script-src 'nonce-[^']+'; connect-src 'self'", "", page)
    assert widened == 1
    return page


def test_pages_and_pictures_are_renders_own(
    served: Served, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    workspace = _workspace(served)
    # From the folder serve runs in: the pages name files relative to it.
    out = tmp_path / "out"
    result = csj("render", workspace, "--format", "html,svg", "--out", out, cwd=workspace.parent)
    assert result.code == 0, result.err
    rendered = sorted(f for f in (tmp_path / "out").glob("*.*") if not f.name.startswith("."))
    assert len(rendered) == 10  # index, three pages, two pictures of each journey
    for file in rendered:
        status, body = raw_get(served.port, "/" + file.name)
        assert status == 200, file.name
        if file.suffix == ".html":
            assert b"EventSource" not in file.read_bytes(), "render's own files have no script"
            assert _without_live_reload(body.decode()) == file.read_text(), file.name
        else:
            assert body == file.read_bytes(), file.name
    status, body = raw_get(served.port, "/")
    assert (
        status == 200
        and _without_live_reload(body.decode()) == (tmp_path / "out" / "index.html").read_text()
    ), "/ is the index"


def _events(port: int) -> Iterator[str]:
    """The `data:` of each `build` event of the stream, as they come."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=15)
    request = f"GET /__csjourney/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    connection.sendall(request.encode())
    stream = connection.makefile("r", encoding="utf-8")
    try:
        assert stream.readline().split()[1] == "200"
        event = ""
        for line in stream:
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event == "build":
                yield line[6:].strip()
    finally:
        stream.close()
        connection.close()


def test_a_save_makes_a_new_build_the_event_stream_names(served: Served) -> None:
    events = _events(served.port)
    first = next(events)
    count = len(served.lines)
    journey = _workspace(served) / "journeys" / "enterprise.yaml"
    started = time.monotonic()
    journey.write_text(journey.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = next(events)
    assert second != first
    assert time.monotonic() - started < 10
    assert first.rsplit("-", 1)[0] == second.rsplit("-", 1)[0], "one process, one prefix"
    served.wait_for_line("saved enterprise.yaml: rendered", count)  # the build is over


def _builds_after(served: Served, count: int, seconds: float) -> list[str]:
    """The build lines printed after the first `count` lines, within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.1)
    return [line for line in served.lines[count:] if ": rendered " in line]


def test_an_export_the_config_names_is_watched_other_files_are_not(served: Served) -> None:
    workspace = _workspace(served)
    count = len(served.lines)
    (workspace / "notes.txt").write_text("a file csjourney does not read\n", encoding="utf-8")
    (workspace / "data" / "draft.csv").write_text("not named by the config\n", encoding="utf-8")
    assert _builds_after(served, count, 1.5) == []
    history = workspace / "data" / "stage-history.csv"
    history.write_bytes(history.read_bytes())
    line = served.wait_for_line("saved stage-history.csv: rendered", count)
    assert "pages" in line


def test_a_config_mistake_shows_on_the_pages_until_it_is_fixed(served: Served) -> None:
    config = _workspace(served) / "csjourney.toml"
    original = config.read_text(encoding="utf-8")
    count = len(served.lines)
    config.write_text(original + "\n[measure\n", encoding="utf-8")
    served.wait_for_line("saved csjourney.toml: error:", count)
    status, body = raw_get(served.port, "/smb-digital-cs.html")
    assert status == 200
    assert b"The journey maps have errors" in body and b"not valid TOML" in body
    assert raw_get(served.port, "/smb-digital-cs.map.svg")[1].find(b"<svg") == -1
    count = len(served.lines)
    config.write_text(original, encoding="utf-8")
    served.wait_for_line("saved csjourney.toml: rendered", count)
    status, body = raw_get(served.port, "/smb-digital-cs.html")
    assert status == 200 and b"The journey maps have errors" not in body

"""`csjourney serve` as a command: its address, its port, its extra, and Ctrl+C (or kill).

Refusals run in process (they happen before anything is bound); starting and
stopping run the real process, stopped with SIGINT as a terminal's Ctrl+C does:
exit 0, no traceback, the temporary folder gone, the workspace as it was.
"""

from __future__ import annotations

import hashlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, CliResult
from csjourney.serve.command import NEEDS_EXTRA, loopback_host
from serve.serve_support import Served, raw_get, workspace_copy

Csj = Callable[..., CliResult]


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::1", "example.com", ""])
def test_an_address_off_the_loopback_is_refused(csj: Csj, host: str) -> None:
    result = csj("serve", ROOT / "examples" / "minimal", "--host", host)
    assert result.code == 2
    assert "--host:" in result.err and "not a loopback address" in result.err
    assert "Traceback" not in result.err


def test_loopback_addresses_are_accepted() -> None:
    assert loopback_host("localhost") == "127.0.0.1"
    assert loopback_host("127.0.0.1") == "127.0.0.1"
    assert loopback_host("127.0.0.2") == "127.0.0.2"


@pytest.mark.parametrize("port", ["-1", "65536", "http"])
def test_a_port_that_is_no_port_is_a_usage_error(csj: Csj, port: str) -> None:
    result = csj("serve", ROOT / "examples" / "minimal", "--port", port)
    assert result.code == 2
    assert "--port" in result.err


def test_a_port_in_use_is_said_plainly(csj: Csj, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = csj("serve", workspace_copy(tmp_path, "minimal"), "--port", str(port))
    assert result.code == 2
    assert f"csjourney: error: --port: cannot listen on 127.0.0.1:{port}:" in result.err
    assert "Traceback" not in result.err


def test_without_watchfiles_the_extra_is_named(
    csj: Csj, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # `import watchfiles` fails
    result = csj("serve", workspace_copy(tmp_path, "minimal"))
    assert result.code == 2
    assert result.err == f"csjourney: error: {NEEDS_EXTRA}\n"
    assert "pip install 'csjourney[serve]'" in result.err


def test_standard_input_and_missing_paths_are_refused(csj: Csj, tmp_path: Path) -> None:
    assert "standard input" in csj("serve", "-").err
    missing = csj("serve", tmp_path / "nowhere")
    assert missing.code == 2 and "no such file or directory" in missing.err


def test_version_and_help_import_no_server_and_no_watcher() -> None:
    probe = (
        "import sys\n"
        "from csjourney.cli import main\n"
        "for argv in (['--version'], ['serve', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = {'watchfiles', 'http', 'socketserver', 'pygls', 'webbrowser'}\n"
        "print(sorted(heavy & {name.split('.')[0] for name in sys.modules}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "--open" in result.stdout and "--port" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_ctrl_c_exits_0_leaving_no_trace(tmp_path: Path) -> None:
    workspace = workspace_copy(tmp_path)
    before = _snapshot(workspace)
    port = _free_port()
    served = Served(workspace, "--port", str(port), cwd=tmp_path, tmpdir=tmp_path / "tmp")
    served.wait_started()
    assert served.port == port
    assert served.lines[-1] == (
        f"Serving {workspace} at http://127.0.0.1:{port}/ (Ctrl+C to stop)\n"
    )
    assert raw_get(port, "/")[0] == 200
    code = served.stop()
    assert code == 0, served.output()
    assert "Traceback" not in served.output() and "interrupted" not in served.output()
    assert list((tmp_path / "tmp").iterdir()) == [], "the temporary folder is removed"
    assert _snapshot(workspace) == before, "nothing written into the workspace"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["kill", "hang-up"])
def test_kill_and_a_closed_terminal_stop_it_as_ctrl_c_does(
    tmp_path: Path, stop: signal.Signals
) -> None:
    workspace = workspace_copy(tmp_path)
    served = Served(workspace, cwd=tmp_path, tmpdir=tmp_path / "tmp").wait_started()
    served.process.send_signal(stop)
    assert served.process.wait(timeout=20) == 0, served.output()
    time.sleep(0.1)  # let the reader threads take the last lines
    assert "Traceback" not in served.output()
    assert list((tmp_path / "tmp").iterdir()) == [], "the temporary folder is removed"


def test_ctrl_c_in_the_middle_of_a_build_exits_0_too(tmp_path: Path) -> None:
    workspace = workspace_copy(tmp_path)
    served = Served(workspace, cwd=tmp_path, tmpdir=tmp_path / "tmp").wait_started()
    journey = workspace / "journeys" / "smb.yaml"
    journey.write_text(journey.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    time.sleep(0.3)  # the watcher has seen it: the build is under way
    code = served.stop()
    assert code == 0, served.output()
    assert "Traceback" not in served.output()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_open_hands_the_printed_address_to_the_browser(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    # Python's webbrowser runs $BROWSER with %s replaced by the address.
    browser = f"sh -c 'echo %s > {opened}'"
    workspace = workspace_copy(tmp_path, "minimal")
    with Served(
        workspace, "--open", cwd=tmp_path, tmpdir=tmp_path / "tmp", env={"BROWSER": browser}
    ) as served:
        deadline = time.monotonic() + 10
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.1)
        assert opened.read_text(encoding="utf-8").strip() == served.url


def test_without_open_no_browser_is_started(tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    workspace = workspace_copy(tmp_path, "minimal")
    env = {"BROWSER": f"sh -c 'echo %s > {opened}'"}
    with Served(workspace, cwd=tmp_path, tmpdir=tmp_path / "tmp", env=env) as served:
        assert raw_get(served.port, "/")[0] == 200
        time.sleep(0.5)
    assert not opened.exists()

"""`--output` writes a report; it never replaces an input, a directory or a device.

These run the installed `csjourney` executable in a subprocess, so that
/dev/stdout, FIFOs and file descriptors are the real ones a shell gives it.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

CSJOURNEY = Path(sys.executable).with_name("csjourney")

MAP = """\
csjourney: 1
journey:
  id: trial
  title: Trial to paid
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      bogus: 1
segments:
  - id: smb
    name: Small businesses
"""


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CSJOURNEY), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path


@dataclass(frozen=True)
class Refusal:
    name: str
    command: tuple[str, ...]  # before `-o TARGET`
    make: Callable[[Path], str]  # creates the target, returns the argument
    message: str


def _dir(ws: Path) -> str:
    (ws / "reports").mkdir()
    return "reports"


def _symlink_to_input(ws: Path) -> str:
    (ws / "link.yaml").symlink_to("map.yaml")
    return "link.yaml"


def _hard_link_to_input(ws: Path) -> str:
    os.link(ws / "map.yaml", ws / "other-name.txt")
    return "other-name.txt"


def _read_only(ws: Path) -> str:
    (ws / "report.txt").write_text("old report\n", encoding="utf-8")
    (ws / "report.txt").chmod(0o444)
    return "report.txt"


REFUSALS = [
    Refusal("a-directory", ("validate", "."), _dir, "reports is a directory"),
    Refusal("a-missing-directory", ("validate", "."), lambda ws: "new/", "new/ names a directory"),
    Refusal("dot", ("validate", "."), lambda ws: ".", ". names a directory"),
    Refusal("the-input", ("validate", "map.yaml"), lambda ws: "map.yaml", "one of the files"),
    Refusal("an-input-found-by-scan", ("validate", "."), lambda ws: "map.yaml", "one of the files"),
    Refusal("a-symlink-to-an-input", ("validate", "."), _symlink_to_input, "one of the files"),
    Refusal("a-hard-link-to-an-input", ("validate", "."), _hard_link_to_input, "one of the files"),
    Refusal("the-config", ("validate", "."), lambda ws: "csjourney.toml", "one of the files"),
    Refusal("diff-old-side", ("diff", "map.yaml", "map.yaml"), lambda ws: "map.yaml", "one of"),
    Refusal("diff-directory", ("diff", "map.yaml", "map.yaml"), _dir, "is a directory"),
    Refusal("schema-directory", ("schema",), _dir, "is a directory"),
    Refusal("read-only-report", ("validate", "."), _read_only, "read-only"),
]


@pytest.mark.parametrize("case", REFUSALS, ids=lambda case: case.name)
def test_output_that_would_replace_something_is_a_usage_error(
    workspace: Path, case: Refusal
) -> None:
    target = case.make(workspace)
    before = _contents(workspace)
    result = run(*case.command, "-o", target, cwd=workspace)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("csjourney: error: --output: "), result.stderr
    assert case.message in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert _contents(workspace) == before, "nothing was written or replaced"


def _contents(workspace: Path) -> dict[str, tuple[int, bytes]]:
    """Each entry of the folder, but the cache the check itself keeps (docs/cache.md)."""
    return {
        p.name: (p.lstat().st_ino, p.read_bytes() if p.is_file() else b"")
        for p in workspace.iterdir()
        if p.name != ".csjourney_cache"
    }


def test_dev_stdout_prints_the_report(workspace: Path) -> None:
    result = run("validate", ".", "-o", "/dev/stdout", cwd=workspace)
    assert result.returncode == 1
    assert "CSJ101" in result.stdout and result.stdout.endswith("in 1 file.\n")
    assert not (workspace / "stdout").exists()


def test_dev_stdout_redirected_to_a_file_appends_as_the_shell_asked(workspace: Path) -> None:
    # `csjourney validate -o /dev/stdout >> log`: the report lands in log, after what was there.
    log = workspace / "log.txt"
    log.write_text("earlier line\n", encoding="utf-8")
    with log.open("a", encoding="utf-8") as handle:
        subprocess.run(
            [str(CSJOURNEY), "validate", "map.yaml", "-o", "/dev/stdout"],
            cwd=workspace,
            stdout=handle,
            check=False,
            timeout=60,
        )
    text = log.read_text(encoding="utf-8")
    assert text.startswith("earlier line\nmap.yaml:") and "CSJ101" in text
    assert not log.is_symlink() and log.stat().st_nlink == 1


def test_dev_null_discards_and_stays_a_device(workspace: Path) -> None:
    result = run("validate", ".", "-o", "/dev/null", cwd=workspace)
    assert result.returncode == 1 and result.stdout == "" and result.stderr == ""
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dash_is_standard_output(workspace: Path) -> None:
    result = run("schema", "-o", "-", cwd=workspace)
    assert result.returncode == 0 and result.stdout.startswith("{")
    assert not (workspace / "-").exists()


def test_a_fifo_is_written_to_not_replaced(workspace: Path) -> None:
    fifo = workspace / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("validate", ".", "-f", "json", "-o", fifo, cwd=workspace)
    reader.join(timeout=30)
    assert result.returncode == 1, result.stderr
    assert b'"code": "CSJ101"' in received[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_an_existing_report_keeps_its_mode_owner_and_links(workspace: Path) -> None:
    report = workspace / "report.txt"
    report.write_text("old report\n", encoding="utf-8")
    report.chmod(0o640)
    os.chown(report, 1234, 5678)
    os.link(report, workspace / "report-link.txt")
    result = run("validate", ".", "-o", report, cwd=workspace)
    assert result.returncode == 1 and result.stdout == ""
    assert "CSJ101" in (workspace / "report-link.txt").read_text(encoding="utf-8")
    st = report.stat()
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_nlink) == (0o640, 1234, 5678, 2)


def test_a_symlinked_report_is_written_through(workspace: Path) -> None:
    (workspace / "real-report.txt").write_text("old\n", encoding="utf-8")
    (workspace / "report.txt").symlink_to("real-report.txt")
    result = run("validate", ".", "-o", "report.txt", cwd=workspace)
    assert result.returncode == 1
    assert (workspace / "report.txt").is_symlink()
    assert "CSJ101" in (workspace / "real-report.txt").read_text(encoding="utf-8")


def test_a_new_report_and_its_folders_are_created(workspace: Path) -> None:
    result = run("validate", ".", "-f", "sarif", "-o", "out/ci/report.sarif", cwd=workspace)
    assert result.returncode == 1 and result.stdout == ""
    assert (workspace / "out" / "ci" / "report.sarif").read_text(encoding="utf-8").startswith("{")
    assert [p.name for p in (workspace / "out" / "ci").iterdir()] == ["report.sarif"]

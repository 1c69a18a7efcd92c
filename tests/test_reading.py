"""Reading files: what a scan opens, what a named file or `-` gives, and races.

Special files are real (os.mkfifo, a bound AF_UNIX socket, /dev/zero) and the
runs that could hang are the real console script in a subprocess with a
timeout, so a regression fails instead of freezing the suite.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney import reading

CONSOLE = Path(sys.executable).with_name("csjourney")
TIMEOUT = 60
# Bigger than a pipe's buffer and than the old 64 KiB sniff: read whole or fail.
PADDING = b"# padding line, to make this map longer than any single read\n" * 2000
BIG_MAP = b"csjourney: 1\n" + PADDING + b"nmae: at the very end\n"
LAST_LINE = BIG_MAP.count(b"\n")
ONE_ERROR = b"csjourney: 1\nsegmentz: []\n"


def _console(
    *args: str, cwd: Path, stdin: bytes | None = None, shell: bool = False
) -> subprocess.CompletedProcess[bytes]:
    command: str | list[str] = [str(CONSOLE), *args]
    if shell:  # for process substitution, a bash feature
        command = ["bash", "-c", " ".join([str(CONSOLE), *args])]
    return subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, timeout=TIMEOUT, check=False
    )


def _found(stdout: bytes) -> list[tuple[str, str, int]]:
    diagnostics = json.loads(stdout)["diagnostics"]
    return [(d["path"], d["code"], d["line"]) for d in diagnostics]


def _fifo(directory: Path) -> None:
    os.mkfifo(directory / "pipe.yaml")


def _socket(directory: Path) -> None:
    # Bound relative to its folder: AF_UNIX paths are limited to about 100 bytes.
    previous = Path.cwd()
    os.chdir(directory)
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind("socket.yaml")
        sock.close()  # the socket file stays
    finally:
        os.chdir(previous)


def _link_to_fifo(directory: Path) -> None:
    elsewhere = directory.parent / "elsewhere"
    elsewhere.mkdir()
    os.mkfifo(elsewhere / "fifo")
    (directory / "linked.yaml").symlink_to(elsewhere / "fifo")


def _link_to_device(directory: Path) -> None:
    (directory / "zero.yaml").symlink_to("/dev/zero")


SPECIAL_FILES: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo,
    "socket": _socket,
    "symlink-to-fifo": _link_to_fifo,
    "symlink-to-device": _link_to_device,
}


@pytest.mark.parametrize("scope", ["named-file", "scan"])
@pytest.mark.parametrize("kind", SPECIAL_FILES)
def test_a_scan_never_opens_what_is_not_a_regular_file(
    kind: str, scope: str, tmp_path: Path
) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "csjourney.toml").write_text("", encoding="utf-8")
    (tree / "one.yaml").write_bytes(ONE_ERROR)
    SPECIAL_FILES[kind](tree)
    args = ["one.yaml"] if scope == "named-file" else []

    result = _console("validate", "--no-lint", "--format", "json", *args, cwd=tree)

    assert result.returncode == 1, result.stderr
    assert _found(result.stdout) == [("one.yaml", "CSJ101", 2)]


@contextmanager
def _fifo_fed_with(path: Path, data: bytes) -> Iterator[None]:
    os.mkfifo(path)

    def write() -> None:
        with path.open("wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    yield
    writer.join(TIMEOUT)


NAMED_STREAMS: dict[str, tuple[list[str], bool, bool]] = {
    # name: (arguments, map on standard input, through bash)
    "dash": (["-"], True, False),
    "dev-stdin": (["/dev/stdin"], True, False),
    "process-substitution": (["<(cat big.txt)"], False, True),
    "fifo": (["named.fifo"], False, False),
}


@pytest.mark.parametrize("name", NAMED_STREAMS)
def test_a_named_stream_is_read_whole(name: str, tmp_path: Path) -> None:
    args, on_stdin, shell = NAMED_STREAMS[name]
    (tmp_path / "big.txt").write_bytes(BIG_MAP)
    fifo = _fifo_fed_with(tmp_path / "named.fifo", BIG_MAP) if name == "fifo" else nullcontext()

    with fifo:
        result = _console(
            "validate", "--no-lint", "--format", "json", *args,
            cwd=tmp_path, stdin=BIG_MAP if on_stdin else None, shell=shell,
        )  # fmt: skip

    assert result.returncode == 1, result.stderr
    [(_, code, line)] = _found(result.stdout)
    assert (code, line) == ("CSJ101", LAST_LINE)


def test_standard_input_is_called_dash_or_its_stdin_filename(tmp_path: Path) -> None:
    plain = _console("validate", "--no-lint", "-", cwd=tmp_path, stdin=ONE_ERROR)
    named = _console(
        "validate", "--no-lint", "--stdin-filename", "maps/smb.yaml", "-",
        cwd=tmp_path, stdin=ONE_ERROR,
    )  # fmt: skip

    assert plain.stdout.decode().startswith("-:2:1: error CSJ101")
    assert named.stdout.decode().startswith("maps/smb.yaml:2:1: error CSJ101")


LIBRARY = "csjourney: 1\nsegments:\n  - {id: smb, name: Small businesses}\n"
USES_SMB = "csjourney: 1\nchannels:\n  - {id: forum, name: Forum, segments: [smb]}\n"


def test_stdin_filename_stands_in_for_the_file_in_its_workspace(
    tmp_path: Path, csj: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor checks its unsaved buffer: references resolve, the saved file is not read."""
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "smb.yaml").write_bytes(ONE_ERROR)  # the saved, older version
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"csjourney: 1\nnmae: x\n")))

    result = csj(
        "validate", "--no-lint", "--format", "json", "--stdin-filename", "maps/smb.yaml", "-", "-",
        cwd=tmp_path,
    )  # fmt: skip

    assert [(p, c, n) for p, c, n in _found(result.out.encode())] == [
        ("maps/smb.yaml", "CSJ101", 2)
    ]
    assert json.loads(result.out)["summary"]["files"] == 1


def _grow(path: Path) -> None:
    with path.open("ab") as handle:
        handle.write(b"nmae: added while read\n")


def _shrink(path: Path) -> None:
    os.truncate(path, 5)


def _replace(path: Path) -> None:
    new = path.with_suffix(".new")
    new.write_bytes(b"csjourney: 1\n")
    os.replace(new, path)


def _delete(path: Path) -> None:
    path.unlink()


def _rewrite_same_size(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data.upper().replace(b"CSJOURNEY", b"csjourney"))
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


RACES: dict[str, Callable[[Path], None] | None] = {
    "grows": _grow,
    "shrinks": _shrink,
    "replaced": _replace,
    "deleted": _delete,
    "rewritten-same-size": _rewrite_same_size,
    "unchanged": None,
}


@pytest.mark.parametrize("race", RACES)
def test_a_file_that_changes_while_read_is_reported(
    race: str, tmp_path: Path, csj: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change happens right after the first chunk was read, as an editor saving would."""
    victim = tmp_path / "victim.yaml"
    victim.write_bytes(b"csjourney: 1\nsegments: []\n")
    (tmp_path / "other.yaml").write_bytes(ONE_ERROR)
    change = RACES[race]
    real_read = os.read
    pending = [change] if change else []

    def racing_read(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        if pending and os.fstat(fd).st_ino == victim.stat().st_ino:
            pending.pop()(victim)
        return chunk

    monkeypatch.setattr(os, "read", racing_read)  # what reading.read calls

    result = csj("validate", "--no-lint", "--format", "json", cwd=tmp_path)

    found = {d["path"]: d for d in json.loads(result.out)["diagnostics"]}
    assert found.pop("other.yaml")["code"] == "CSJ101"  # the rest of the run is reported
    if change is None:
        assert not found
    else:
        [victim_finding] = found.values()
        assert victim_finding["code"] == "CSJ012"
        assert "changed while it was being read" in victim_finding["message"]
    assert not pending, "the race never happened"


UNFORMATTED = b"segments: [{id: s, name: S}]\ncsjourney: 1\n"
FORMATTED = b"csjourney: 1\nsegments:\n  - id: s\n    name: S\n"
FMT_STDIN: dict[str, tuple[list[str], bytes, int, bytes]] = {
    # case: (arguments, standard input, exit code, standard output)
    "filter": (["-"], UNFORMATTED, 0, FORMATTED),
    "filter-unchanged": (["-"], FORMATTED, 0, FORMATTED),
    "check": (["--check", "-"], UNFORMATTED, 1, b"would reformat -\n"),
    "check-named": (
        ["--check", "--stdin-filename", "maps/s.yaml", "-"],
        UNFORMATTED,
        1,
        b"would reformat maps/s.yaml\n",
    ),
    "check-clean": (["--check", "-"], FORMATTED, 0, b"0 files would be reformatted, 1 unchanged"),
    "diff": (["--diff", "-"], UNFORMATTED, 0, b"--- a/-\n+++ b/-\n"),
    "invalid": (["-"], b"csjourney: 1\nsegmentz: []\n", 1, b""),
}


@pytest.mark.parametrize("case", FMT_STDIN)
def test_fmt_reads_standard_input(case: str, tmp_path: Path) -> None:
    args, stdin, code, stdout = FMT_STDIN[case]

    result = _console("fmt", *args, cwd=tmp_path, stdin=stdin)

    assert result.returncode == code, result.stderr
    assert result.stdout.startswith(stdout)
    if case.startswith("filter"):
        assert result.stdout == stdout  # nothing but the formatted map
    assert not (tmp_path / "-").exists()


def _named_socket(directory: Path) -> str:
    _socket(directory)
    return "socket.yaml"


def _dangling_link(directory: Path) -> str:
    (directory / "gone.yaml").symlink_to(directory / "nothing")
    return "gone.yaml"


NAMED_SPECIAL: dict[str, tuple[Callable[[Path], str], str, str]] = {
    # case: (make it and return its name, expected code, in the message)
    "socket": (_named_socket, "CSJ012", "a socket, not a file"),
    "dev-null": (lambda _: "/dev/null", "CSJ007", "empty"),
    "dev-zero": (lambda _: "/dev/zero", "CSJ005", "more than 4,194,304 bytes"),
    "dangling-link": (_dangling_link, "CSJ012", "cannot read the file"),
}


@pytest.mark.parametrize("case", NAMED_SPECIAL)
def test_a_named_special_file_gets_a_plain_answer(case: str, tmp_path: Path) -> None:
    """Bounded even when the file never ends; the other files of the run are reported."""
    make, code, words = NAMED_SPECIAL[case]
    name = make(tmp_path)
    (tmp_path / "one.yaml").write_bytes(ONE_ERROR)

    result = _console("validate", "--no-lint", "--format", "json", name, "one.yaml", cwd=tmp_path)

    assert result.returncode == 1, result.stderr
    found = {d["code"]: d["message"] for d in json.loads(result.stdout)["diagnostics"]}
    assert set(found) == {code, "CSJ101"}
    assert words in found[code]


def test_while_sharing_contents_an_unchanged_file_is_read_once(
    tmp_path: Path, file_reads: list[int]
) -> None:
    path, reads = tmp_path / "map.yaml", file_reads
    path.write_bytes(b"csjourney: 1\n")
    with reading.sharing_contents():
        first = reading.read(path, scanning=True, max_bytes=1000)
        again = reading.read(path, scanning=False, max_bytes=1000)
        assert first is not None and again is not None
        assert again.data == first.data == b"csjourney: 1\n" and len(reads) == 1
        path.write_bytes(b"csjourney: 1\njourney: {}\n")  # rewritten: read again
        changed = reading.read(path, scanning=True, max_bytes=1000)
        assert changed is not None and changed.data.endswith(b"journey: {}\n")
        assert len(reads) == 2
        capped = reading.read(path, scanning=True, max_bytes=4)  # a smaller cap reads anew
        assert capped is not None and capped.data == b"csjou" and len(reads) == 3
    reading.read(path, scanning=True, max_bytes=1000)  # outside the block: every read reads
    assert len(reads) == 4


def test_a_file_remembered_while_sharing_is_not_read(tmp_path: Path, file_reads: list[int]) -> None:
    path, reads = tmp_path / "map.yaml", file_reads
    path.write_bytes(b"csjourney: 1\n")
    reading.remember(str(path), b"csjourney: 1\n")  # not sharing: nothing kept
    with reading.sharing_contents():
        reading.remember(str(path), b"csjourney: 1\n")
        content = reading.read(path, scanning=True, max_bytes=1000)
        assert content is not None and content.data == b"csjourney: 1\n"
        assert reads == []
    assert reading.read(path, scanning=True, max_bytes=1000) is not None
    assert len(reads) == 1

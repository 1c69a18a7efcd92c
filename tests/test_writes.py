"""Writing a user's file (`fmt`) edits it; it never replaces what the file was.

Each case sets up a real file the way a user's checkout can have it (another
owner, a narrow mode, a symlink, a hard link, read-only, CRLF, a BOM), runs the
real `csjourney fmt` on it, and checks what a user would notice: the content,
and the file's identity (inode, mode, owner, links), and that no temporary file
is left behind. We run as root, so `os.chown` to another uid works.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney.fmt.formatter import format_text
from csjourney.fsutil import WriteRefused, rewrite_file

Csj = Callable[..., CliResult]

UNFORMATTED = """\
csjourney: 1
journey:
  title:    Trial to paid   # a comment that must stay
  id: trial
  segments: [smb]
  stages:
    - {id: onboarding, name: Onboarding}
segments:
  - id: smb
    name: Small businesses
"""


@dataclass(frozen=True)
class Setup:
    """What a case made: the path given to fmt and the file that holds the content."""

    given: Path
    real: Path


def _plain(path: Path) -> Setup:
    return Setup(path, path)


def _mode_640(path: Path) -> Setup:
    path.chmod(0o640)
    return Setup(path, path)


def _setgid_mode(path: Path) -> Setup:
    path.chmod(0o2660)
    return Setup(path, path)


def _other_owner(path: Path) -> Setup:
    os.chown(path, 1234, 5678)
    return Setup(path, path)


def _symlink(path: Path) -> Setup:
    real = path.with_name("real-map.yaml")
    path.rename(real)
    path.symlink_to(real.name)
    return Setup(path, real)


def _symlink_elsewhere(path: Path) -> Setup:
    # The target lives in another directory: the temporary file goes beside it.
    elsewhere = path.parent.parent / "elsewhere"
    elsewhere.mkdir()
    real = elsewhere / "map.yaml"
    path.rename(real)
    path.symlink_to(real)
    return Setup(path, real)


def _hard_link(path: Path) -> Setup:
    os.link(path, path.parent.parent / "other-name.yaml")
    return Setup(path, path)


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], Setup]
    newline: str = "\n"
    bom: bool = False


CASES = [
    Case("plain", _plain),
    Case("mode-0640", _mode_640),
    Case("setgid-mode", _setgid_mode),
    Case("other-owner-and-group", _other_owner),
    Case("symlink", _symlink),
    Case("symlink-to-another-directory", _symlink_elsewhere),
    Case("hard-link", _hard_link),
    Case("crlf", _plain, newline="\r\n"),
    Case("crlf-hard-link", _hard_link, newline="\r\n"),
    Case("bom", _plain, bom=True),
]


def _workspace(tmp_path: Path, content: bytes) -> Path:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "csjourney.toml").write_text("", encoding="utf-8")
    path = workspace / "map.yaml"
    path.write_bytes(content)
    return path


def _leftovers(*directories: Path) -> list[str]:
    return [p.name for d in directories for p in d.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_fmt_edits_the_file_and_keeps_what_it_is(csj: Csj, tmp_path: Path, case: Case) -> None:
    text = UNFORMATTED.replace("\n", case.newline)
    content = ("\ufeff" if case.bom else "") + text
    setup = case.setup(_workspace(tmp_path, content.encode("utf-8")))
    before = os.stat(setup.real)
    was_link = setup.given.is_symlink()

    result = csj("fmt", setup.given)

    assert result.code == 0, result.out + result.err
    assert "reformatted" in result.out
    written = setup.real.read_bytes()
    assert written == format_text(content).encode("utf-8"), "content is what fmt promised"
    assert b"# a comment that must stay" in written
    if case.newline == "\r\n":
        assert written.count(b"\n") == written.count(b"\r\n"), "a CRLF file stays CRLF"
    assert written.startswith(b"\xef\xbb\xbf") == case.bom
    after = os.stat(setup.real)
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_nlink == before.st_nlink
    assert setup.given.is_symlink() == was_link, "a symlink stays a symlink"
    if before.st_nlink > 1:
        assert after.st_ino == before.st_ino, "hard links still share the new content"
        assert (tmp_path / "other-name.yaml").read_bytes() == written
    assert not _leftovers(setup.given.parent, setup.real.parent)
    assert csj("fmt", "--check", setup.given).code == 0, "formatted once is formatted"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_fmt_refuses_a_read_only_file_and_formats_the_others(
    csj: Csj, tmp_path: Path, mode: int
) -> None:
    locked = _workspace(tmp_path, UNFORMATTED.encode("utf-8"))
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    (other_dir / "csjourney.toml").write_text("", encoding="utf-8")
    other = other_dir / "map.yaml"
    other.write_text(UNFORMATTED, encoding="utf-8")
    locked.chmod(mode)

    # Relative names: the message shows paths as given, wherever the clone stands.
    shown = locked.relative_to(tmp_path)
    result = csj("fmt", shown, other.relative_to(tmp_path), cwd=tmp_path)

    assert result.code == 1
    assert f"{shown.as_posix()}: not formatted: cannot write: the file is read-only" in result.err
    assert "1 file reformatted, 0 unchanged, 1 not formatted." in result.out
    assert locked.read_text(encoding="utf-8") == UNFORMATTED, "nothing written"
    assert stat.S_IMODE(locked.stat().st_mode) == mode
    assert other.read_text(encoding="utf-8") == format_text(UNFORMATTED)
    assert "internal error" not in result.err and "Traceback" not in result.err


def test_a_directory_in_the_way_is_refused(tmp_path: Path) -> None:
    # The file became a directory after fmt read it.
    path = tmp_path / "map.yaml"
    path.mkdir()
    with pytest.raises(WriteRefused, match="directory"):
        rewrite_file(path, "x\n")
    assert path.is_dir() and not list(path.iterdir())


def test_a_symlink_to_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "target").mkdir()
    link = tmp_path / "map.yaml"
    link.symlink_to("target")
    with pytest.raises(WriteRefused, match="directory"):
        rewrite_file(link, "x\n")
    assert link.is_symlink()


def test_a_file_that_changed_meanwhile_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("edited by someone else\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match="changed"):
        rewrite_file(path, "formatted\n", expected="what fmt read\n")
    assert path.read_text(encoding="utf-8") == "edited by someone else\n"


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "map.yaml"
    link.symlink_to("gone.yaml")
    with pytest.raises(WriteRefused, match="no longer exists"):
        rewrite_file(link, "x\n")
    assert link.is_symlink() and not (tmp_path / "gone.yaml").exists()


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_the_write_layer_never_converts_line_endings(tmp_path: Path, newline: bytes) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(b"a" + newline)
    text = (b"one" + newline + b"two" + newline).decode("ascii")
    rewrite_file(path, text)
    assert path.read_bytes() == b"one" + newline + b"two" + newline

"""`csjourney init` makes git ignore the cache: a new .gitignore, or one line added to the user's.

A .gitignore of the user's own is extended, never rewritten: its bytes stay
as they were (encoding, line endings, a last line without a break), and a line
that already ignores the cache means nothing is added.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult, git_status_of_new
from csjourney.cache import CACHE_DIR
from csjourney.scaffold.starter import GITIGNORE_BLOCK

Csj = Callable[..., CliResult]
BLOCK = GITIGNORE_BLOCK.encode()
CRLF_BLOCK = BLOCK.replace(b"\n", b"\r\n")

# (case, the .gitignore before init (None: none), after init)
CASES: list[tuple[str, bytes | None, bytes]] = [
    ("none yet", None, BLOCK),
    ("empty", b"", BLOCK),
    ("other lines", b"out/\n*.pyc\n", b"out/\n*.pyc\n" + BLOCK),
    ("no final line break", b"out/", b"out/\n" + BLOCK),
    ("CRLF", b"out/\r\n", b"out/\r\n" + CRLF_BLOCK),
    ("CRLF, no final break", b"out/\r\nbuild/", b"out/\r\nbuild/\r\n" + CRLF_BLOCK),
    ("not UTF-8", b"caf\xe9/\n", b"caf\xe9/\n" + BLOCK),
    ("has the line", b"out/\n.csjourney_cache/\n", b"out/\n.csjourney_cache/\n"),
    ("has it anchored", b"/.csjourney_cache\r\n", b"/.csjourney_cache\r\n"),
    ("has it, spaced", b"  .csjourney_cache/  \n", b"  .csjourney_cache/  \n"),
    ("a comment is no line", b"# .csjourney_cache/\n", b"# .csjourney_cache/\n" + BLOCK),
]


@pytest.mark.parametrize(("before", "after"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_init_adds_the_cache_to_gitignore_once(
    csj: Csj, tmp_path: Path, before: bytes | None, after: bytes
) -> None:
    gitignore = tmp_path / ".gitignore"
    if before is not None:
        gitignore.write_bytes(before)
    result = csj("init", tmp_path, "--template", "minimal")
    assert result.code == 0, result.err
    assert gitignore.read_bytes() == after
    listed = "  .gitignore\n" if before is None else "  .gitignore (extended)\n"
    assert (listed in result.out) == (before != after)
    again = csj("init", tmp_path / "again", "--template", "minimal")  # and it stays once
    assert again.code == 0 and (tmp_path / "again" / ".gitignore").read_bytes() == BLOCK


def test_git_ignores_the_cache_of_a_new_workspace(csj: Csj, tmp_path: Path) -> None:
    """The workspace committed as init left it: the cache a run makes is not in git."""
    assert csj("init", tmp_path, "--template", "minimal").code == 0
    assert csj("fmt", "--check", tmp_path).code == 0
    assert (tmp_path / CACHE_DIR).is_dir()
    (tmp_path / CACHE_DIR / ".gitignore").unlink()  # init's line alone keeps it out
    status = git_status_of_new(tmp_path)
    assert CACHE_DIR not in status
    assert "?? .gitignore\n" in status  # init's own, to be committed


def test_a_gitignore_that_cannot_be_extended_is_said_and_the_starter_still_written(
    csj: Csj, tmp_path: Path
) -> None:
    (tmp_path / ".gitignore").mkdir()
    result = csj("init", tmp_path, "--template", "minimal")
    assert result.code == 0
    assert "warning: .gitignore: not extended: " in result.err
    assert "Traceback" not in result.err and (tmp_path / "csjourney.toml").is_file()


def test_a_symlinked_gitignore_is_extended_through_the_link(csj: Csj, tmp_path: Path) -> None:
    shared = tmp_path / "shared-ignore"
    shared.write_bytes(b"out/\n")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / ".gitignore").symlink_to(shared)
    assert csj("init", workspace, "--template", "minimal").code == 0
    assert (workspace / ".gitignore").is_symlink() and shared.read_bytes() == b"out/\n" + BLOCK


def test_a_refused_init_leaves_the_gitignore_alone(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"out/\n")
    (tmp_path / "csjourney.toml").write_text("# mine\n")
    assert csj("init", tmp_path, "--template", "minimal").code == 2
    assert (tmp_path / ".gitignore").read_bytes() == b"out/\n"

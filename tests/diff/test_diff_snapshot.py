"""The snapshot of a revision that `diff --git` checks holds exactly the revision's bytes,
whether a file is linked from the working tree or read from git (real git throughout)."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from csjourney import reading
from csjourney.diff import gitrev
from diff.diffsupport import JOURNEY_FILE, commit, example_repo, git

MAP = "maps/" + JOURNEY_FILE


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return example_repo(tmp_path / "repo", {})


def committed(repo: Path, path: str) -> bytes:
    """The file's bytes at HEAD, as git itself gives them."""
    return subprocess.run(
        ["git", "show", f"HEAD:{path}"], cwd=repo, capture_output=True, check=True
    ).stdout


def snapshot(repo: Path, tmp_path: Path) -> Path:
    destination = tmp_path / "snapshot"
    destination.mkdir()
    gitrev.materialize("HEAD", repo, ["."], destination)
    return destination


def tracked(repo: Path) -> list[str]:
    return [p for p in git(repo, "ls-files").splitlines() if p.endswith((".yaml", ".toml"))]


def test_every_file_holds_the_revisions_bytes(repo: Path, tmp_path: Path) -> None:
    (repo / MAP).write_text((repo / MAP).read_text().replace("name:", "name: # edited\n ", 1))
    (repo / "maps" / "library.yaml").unlink()
    folder = snapshot(repo, tmp_path)
    assert tracked(repo)
    for path in tracked(repo):
        assert (folder / path).read_bytes() == committed(repo, path), path


def test_an_unchanged_file_is_linked_and_a_changed_one_read_from_git(
    repo: Path, tmp_path: Path
) -> None:
    library = repo / "maps" / "library.yaml"
    (repo / MAP).write_bytes((repo / MAP).read_bytes() + b"# edited\n")
    folder = snapshot(repo, tmp_path)
    assert os.path.samefile(folder / "maps" / "library.yaml", library)
    assert not os.path.samefile(folder / MAP, repo / MAP)
    assert (folder / MAP).read_bytes() == committed(repo, MAP)


def test_a_file_git_converts_on_checkout_is_read_from_git(repo: Path, tmp_path: Path) -> None:
    # The working tree holds CRLF, the object LF: git says "unchanged", the bytes differ.
    (repo / ".gitattributes").write_text("*.yaml text eol=crlf\n")
    commit(repo, "attributes")
    (repo / MAP).unlink()
    git(repo, "checkout", "--", MAP)
    assert b"\r\n" in (repo / MAP).read_bytes()
    assert git(repo, "status", "--porcelain", "--", MAP) == ""
    folder = snapshot(repo, tmp_path)
    assert (folder / MAP).read_bytes() == committed(repo, MAP)
    assert b"\r\n" not in (folder / MAP).read_bytes()


def test_a_file_with_other_links_is_not_shared(repo: Path, tmp_path: Path) -> None:
    os.link(repo / MAP, tmp_path / "elsewhere.yaml")
    folder = snapshot(repo, tmp_path)
    assert not os.path.samefile(folder / MAP, repo / MAP)
    assert (folder / MAP).read_bytes() == committed(repo, MAP)


def test_without_links_the_working_file_is_copied(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cross_device(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    asked: list[int] = []
    read_blobs = gitrev.read_blobs

    def counting(object_ids: list[str], root: Path) -> list[bytes]:
        asked.append(len(object_ids))
        return read_blobs(object_ids, root)

    monkeypatch.setattr(gitrev, "read_blobs", counting)
    folder = snapshot(repo, tmp_path)
    assert asked == [0]  # every file came from the working tree
    for path in tracked(repo):
        assert (folder / path).read_bytes() == committed(repo, path), path
        assert not os.path.samefile(folder / path, repo / path)


def test_a_linked_file_is_read_once_for_both_sides(
    repo: Path, tmp_path: Path, file_reads: list[int]
) -> None:
    library = "maps/library.yaml"
    with reading.sharing_contents():
        folder = snapshot(repo, tmp_path)
        for path in (folder / library, repo / library):  # the revision's, the working tree's
            content = reading.read(path, scanning=True, max_bytes=1 << 20)
            assert content is not None and content.data == committed(repo, library)
    assert file_reads == []  # materialize read it to compare it with git's object: enough

"""Materialize a git revision's journey files in a directory, with real git.

The number of git processes is fixed (at most four), whatever the number of
files: `rev-parse` twice, one `ls-tree` to list the files, one `cat-file
--batch` to read those the working tree does not hold as they are.

A pull request changes a few files of many: a working-tree file whose bytes
hash to the revision's object id (git's own object hash, so no filter or
line-ending conversion can fool it) is linked into the snapshot (copied where
no link can be made), not read from git and written again. The link is hashed
after it is made, so the snapshot holds the revision's bytes even when the
file was replaced in between.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from pathlib import Path

from csjourney.errors import UsageError
from csjourney.reading import remember

_WANTED_SUFFIXES = (".yaml", ".yml")
_WANTED_NAMES = {"csjourney.toml", "pyproject.toml"}
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
# A working-tree file larger than this is read from git rather than hashed first.
_LINK_MAX_BYTES = 8 << 20


def _git(
    args: list[str], cwd: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise UsageError("--git needs the `git` program, and it was not found") from None


def repository_root(cwd: Path) -> Path:
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        raise UsageError(f"--git: {cwd} is not inside a git repository")
    return Path(result.stdout.decode().strip()).resolve()


def resolve_commit(ref: str, root: Path) -> str:
    if ref.startswith("-"):
        raise UsageError(f"--git: {ref!r} is not a revision")
    result = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], root
    )
    if result.returncode != 0:
        raise UsageError(
            f"--git: unknown revision {ref!r} (try a branch, tag or commit, e.g. origin/main)"
        )
    return result.stdout.decode().strip()


def _wanted(name: str) -> bool:
    return name.endswith(_WANTED_SUFFIXES) or name.rsplit("/", 1)[-1] in _WANTED_NAMES


def list_blobs(commit: str, root: Path, scopes: list[str]) -> list[tuple[str, str]]:
    """(object id, path from the repository root) of every wanted file under `scopes`."""
    result = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", *scopes], root)
    if result.returncode != 0:
        raise UsageError(f"--git: cannot list {commit[:12]}: {result.stderr.decode().strip()}")
    blobs = []
    for record in result.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, object_id = meta.split()
        if kind == "blob" and mode in ("100644", "100755") and _wanted(path):
            blobs.append((object_id, path))
    return blobs


def read_blobs(object_ids: list[str], root: Path) -> list[bytes]:
    """The contents of many blobs from one `git cat-file --batch`."""
    if not object_ids:
        return []
    request = "".join(f"{object_id}\n" for object_id in object_ids).encode()
    result = _git(["cat-file", "--batch"], root, stdin=request)
    if result.returncode != 0:
        raise UsageError(f"--git: cannot read files: {result.stderr.decode().strip()}")
    out, position, contents = result.stdout, 0, []
    for _ in object_ids:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise UsageError(f"--git: unexpected answer from git cat-file: {header!r}")
        size = int(header[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        position = start + size + 1  # the content is followed by a newline
    return contents


def materialize(ref: str, root: Path, scopes: list[str], destination: Path) -> str:
    """Write `ref`'s wanted files under `scopes` (paths from `root`) below `destination`.

    Returns the commit id. Scopes that do not exist at `ref` simply yield no file.
    """
    commit = resolve_commit(ref, root)
    target_root = destination.resolve()
    made: set[str] = set()
    missing: list[tuple[str, str]] = []  # (object id, snapshot path) to read from git
    for object_id, path in list_blobs(commit, root, scopes):
        parts = path.split("/")
        if any(part in ("", ".", "..") for part in parts):
            continue  # git never stores such paths; refuse rather than write outside
        folder = os.path.join(target_root, *parts[:-1])
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        target = os.path.join(folder, parts[-1])
        if not _link_if_same(os.path.join(root, *parts), target, object_id):
            missing.append((object_id, target))
    contents = read_blobs([object_id for object_id, _ in missing], root)
    for (_, target), content in zip(missing, contents, strict=True):
        _write(target, content)
    return commit


def _link_if_same(working: str, target: str, object_id: str) -> bool:
    """Put the working-tree file at `target` when its bytes are the object's: linked, or
    copied where a link cannot be made (the snapshot on another file system)."""
    try:
        st = os.lstat(working)
    except OSError:
        return False
    # A file with other links would make two snapshot files one (same inode).
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or st.st_size > _LINK_MAX_BYTES:
        return False
    try:
        os.link(working, target)
    except OSError:
        content = _read_prefix(working)
        if content is None or _object_id(content, len(object_id)) != object_id:
            return False
        _write(target, content)
        return True
    content = _read_prefix(target)
    if content is None or _object_id(content, len(object_id)) != object_id:
        os.unlink(target)
        return False
    remember(target, content)  # both sides will read it: once is enough
    return True


def _read_prefix(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        parts, left = [], _LINK_MAX_BYTES + 1
        while left > 0 and (part := os.read(fd, left)):
            parts.append(part)
            left -= len(part)
        return b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)


def _object_id(content: bytes, length: int) -> str:
    """git's id of a blob holding `content`: SHA-1, or SHA-256 in a repository using it."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1(usedforsecurity=False)
    digest.update(b"blob %d\0" % len(content))
    digest.update(content)
    return digest.hexdigest()


def _write(target: str, content: bytes) -> None:
    fd = os.open(target, _CREATE, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)

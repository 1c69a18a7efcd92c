"""Materialize a git revision's journey files in a directory, with real git.

The number of git processes is fixed (four), whatever the number of files:
`rev-parse` twice, one `ls-tree` to list the files, one `cat-file --batch`
to read them all.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from csjourney.errors import UsageError

_WANTED_SUFFIXES = (".yaml", ".yml")
_WANTED_NAMES = {"csjourney.toml", "pyproject.toml"}
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


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
    blobs = list_blobs(commit, root, scopes)
    target_root = destination.resolve()
    made: set[str] = set()
    for (_, path), content in zip(blobs, read_blobs([b for b, _ in blobs], root), strict=True):
        parts = path.split("/")
        if any(part in ("", ".", "..") for part in parts):
            continue  # git never stores such paths; refuse rather than write outside
        folder = os.path.join(target_root, *parts[:-1])
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        fd = os.open(os.path.join(folder, parts[-1]), _CREATE, 0o666)
        try:
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    return commit

"""From a path to bytes: which files a scan finds, and reading each one safely.

A scan never opens anything but a regular file (a FIFO would block it, a device
would feed it forever). A file named explicitly is read whatever it is, to its
end (pipes, `/dev/stdin`, process substitution); `-` is standard input. A
regular file that changes while it is read is reported, never read truncated.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from csjourney.blocktable import BlockTable

# `-` on the command line: standard input.
STDIN = Path("-")
YAML_SUFFIXES = (".yaml", ".yml")
# Directories never worth scanning for journey maps.
SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "site-packages"}
_CHUNK = 1024 * 1024
# Whether a scan should leave out a folder (and everything below it).
Prune = Callable[[Path], bool]


class ChangedWhileRead(Exception):
    """The file changed (size, time, or the file itself) while it was read."""


@dataclass(frozen=True, slots=True)
class Content:
    data: bytes  # at most max_bytes + 1 bytes: more means over the cap
    size: int | None  # the file's size when known (regular files)
    _digest: bytes | None = field(default=None, compare=False, repr=False)

    def digest(self) -> bytes:
        """A hash of `data`, computed once: the cache and diff's sharing both key on it."""
        if self._digest is None:
            import hashlib

            object.__setattr__(self, "_digest", hashlib.blake2b(self.data, digest_size=20).digest())
        assert self._digest is not None
        return self._digest


# Contents by file identity (device, inode, size, times) while `sharing_contents()`
# is active: diff's snapshot of a revision hard-links the files it shares with the
# working tree, and those are read once.
_contents: BlockTable[tuple[int, ...], Content] = BlockTable()


def sharing_contents() -> AbstractContextManager[None]:
    """Within this block, a regular file read twice unchanged is read once."""
    return _contents.active()


def file_key(path: Path) -> object:
    """What makes two paths the same file: device and inode, else the absolute path."""
    if path == STDIN:
        return STDIN
    try:
        info = os.stat(path)
    except OSError:  # dangling link, loop: the loader reports it under this name
        return os.path.abspath(path)
    return (info.st_dev, info.st_ino)


def iter_yaml_files(directory: Path, prune: Prune | None = None) -> Iterator[Path]:
    """Every regular .yaml/.yml file below `directory`, in a stable order.

    Hidden directories are skipped, and symlinked directories are not entered
    (`os.walk` default), so a link loop cannot make a scan endless. A symlinked
    file is kept, but only when it points at a regular file (or at nothing: the
    loader then says it cannot be read). A folder below `directory` for which
    `prune` is true is not entered (a nested workspace, in a workspace scan).
    """
    return (path for path, _link in _yaml_files(directory, prune))


def _yaml_files(directory: Path, prune: Prune | None) -> Iterator[tuple[Path, bool]]:
    """`iter_yaml_files`, each file with whether it is a symlink.

    Depth first, names sorted, a folder's files before its folders (as `os.walk`
    goes), from `os.scandir`'s entries: their type comes with the listing, so a
    regular file costs no `stat`. A folder that cannot be listed is left out; a
    linked folder is not entered.
    """
    pending = [os.fspath(directory)]
    while pending:
        try:
            with os.scandir(pending.pop()) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        folders: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if _is_dir(entry):
                entered = name not in SKIPPED_DIRS and not entry.is_symlink()
                if entered and (prune is None or not prune(Path(entry.path))):
                    folders.append(entry.path)
            elif name.endswith(YAML_SUFFIXES):
                path = Path(entry.path)
                if entry.is_symlink():
                    if _regular_or_broken(path):
                        yield path, True
                elif _is_regular(entry):
                    yield path, False
        pending.extend(reversed(folders))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:  # gone since the listing: the loader says so
        return True


def _regular_or_broken(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True


def below(path: str, folder: str) -> str | None:
    """`path` relative to `folder` when it is `folder` or inside it (both absolute, normal)."""
    if path == folder:
        return "."
    prefix = folder if folder.endswith(os.sep) else folder + os.sep
    return path[len(prefix) :] if path.startswith(prefix) else None


def discover(paths: Iterable[Path], prune: Prune | None = None) -> list[tuple[Path, bool]]:
    """Expand directories; each result says whether the file was named explicitly.

    One file reached twice (named twice, named and found by a scan, through a
    symlink) appears once: under the name given on the command line, else under
    its first name in a scan, preferring one that is not a symlink. A scan
    enters no folder below a named directory for which `prune` is true.
    """
    found: dict[object, tuple[Path, bool]] = {}
    for path in paths:
        if path != STDIN and path.is_dir():
            found_files = sorted(
                _yaml_files(path, prune), key=lambda item: (item[1], path_order(item[0]))
            )
            scanned = [file for file, _link in found_files]
            ignored = git_ignored(path, scanned)
            for file in (f for f in scanned if f not in ignored):
                found.setdefault(file_key(file), (file, False))
        else:
            key = file_key(path)
            if not found.get(key, (path, False))[1]:
                found[key] = (path, True)
    return sorted(found.values(), key=lambda item: (path_order(item[0]), item[1]))


def path_order(path: Path) -> tuple[str, ...]:
    """A sort key giving the order of `Path`'s own comparisons (by parts, case-folded
    where the system folds case): sorting thousands of paths by it spares a
    Python-level comparison of two paths at every step."""
    if os.name == "nt":
        return tuple(os.path.normcase(part) for part in path.parts)
    return path.parts


def git_ignored(directory: Path, files: list[Path]) -> set[Path]:
    """Which of `files`, found below `directory`, git ignores: one git process per scan.

    Like ruff, a scan skips what .gitignore (and .git/info/exclude, the global
    excludes file) ignores; files git tracks are not ignored. A directory
    named on the command line is scanned even when it is itself ignored (then
    nothing in it is skipped). Outside a work tree, or without git, nothing is.
    """
    if not files or not _in_work_tree(directory):
        return set()
    # Strings, not paths: git answers with each name as it was asked (thousands of them).
    asked = [os.path.abspath(directory), *(os.path.abspath(f) for f in files)]
    # fsmonitor would run a program named in the repository's config: not for a scan.
    command = ["git", "-c", "core.fsmonitor=false", "check-ignore", "-z", "--stdin"]
    try:
        result = subprocess.run(
            command,
            cwd=directory,
            input=b"\0".join(os.fsencode(path) for path in asked),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no git, or it hung: scan everything
        return set()
    if result.returncode != 0:  # 1: nothing ignored; 128: not a work tree, or git failed
        return set()
    ignored = {os.fsdecode(name) for name in result.stdout.split(b"\0") if name}
    if asked[0] in ignored:
        return set()
    return {file for file, path in zip(files, asked[1:], strict=True) if path in ignored}


def _in_work_tree(directory: Path) -> bool:
    """Whether git could find a repository from `directory`: no process for a scan outside one."""
    if "GIT_DIR" in os.environ:
        return True
    here = Path(os.path.realpath(directory))  # git looks up from the real folder
    return any(os.path.lexists(folder / ".git") for folder in (here, *here.parents))


def read(path: Path, *, scanning: bool, max_bytes: int) -> Content | None:
    """The bytes of `path`, up to `max_bytes` + 1. None: a scan met a non-regular file.

    Raises OSError when the file cannot be read, ChangedWhileRead on a race.
    """
    if path == STDIN:
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise OSError(0, "standard input is closed")
        return Content(_read_to_end(stream.read, max_bytes), None)
    # A scan opens without blocking: a file swapped for a FIFO after the scan
    # listed it must not hang the run. Regular files ignore the flag.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    if scanning:
        flags |= getattr(os, "O_NONBLOCK", 0)
    elif stat.S_ISSOCK(os.stat(path).st_mode):
        raise OSError(0, "it is a socket, not a file")
    fd = os.open(path, flags)
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            if scanning:
                return None
            if stat.S_ISDIR(before.st_mode):
                raise OSError(0, "it is a directory")
            return Content(_read_to_end(lambda n: os.read(fd, n), max_bytes), None)
        shared = _contents.current
        known = shared.get(_shared_identity(before)) if shared is not None else None
        if known is not None and len(known.data) <= max_bytes:
            return known
        data = _read_to_end(lambda n: os.read(fd, n), max_bytes)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    _check_unchanged(path, before, after, len(data), max_bytes)
    content = Content(data, after.st_size)
    if shared is not None and len(data) <= max_bytes:  # the whole file
        shared[_shared_identity(after)] = content
    return content


def remember(path: str, data: bytes) -> None:
    """While sharing contents: `data` is what the regular file at `path` holds now, whole."""
    if (shared := _contents.current) is not None:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode) and info.st_size == len(data):
            shared[_shared_identity(info)] = Content(data, info.st_size)


def found_beyond(path: Path, offset: int, pattern: re.Pattern[bytes]) -> bool:
    """Whether `pattern` (short, anchored at line starts) occurs in `path` past `offset`.

    For a file over the size cap: it is a journey file, and too large, when its
    key stands past the bytes read. Streams in chunks, so memory stays bounded.
    """
    overlap = 256  # longer than any match: one that spans two chunks is seen whole
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        os.lseek(fd, max(0, offset - overlap), os.SEEK_SET)
        tail = b""
        while chunk := os.read(fd, _CHUNK):
            # The sentinel stops `^` from matching mid-line at the start of a window.
            if pattern.search(b"\0" + tail + chunk):
                return True
            tail = (tail + chunk)[-overlap:]
        return False
    finally:
        os.close(fd)


def _read_to_end(read_some: Callable[[int], bytes], max_bytes: int) -> bytes:
    """Read until end of file or one byte past the cap, whichever comes first."""
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = read_some(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _check_unchanged(
    path: Path, before: os.stat_result, after: os.stat_result, got: int, max_bytes: int
) -> None:
    if _identity(before) != _identity(after):
        raise ChangedWhileRead
    # Read to the end, the byte count must be the size (procfs files say 0: no check).
    if got <= max_bytes and before.st_size and got != before.st_size:
        raise ChangedWhileRead
    try:
        now = os.stat(path)
    except OSError:  # deleted or renamed away while read
        raise ChangedWhileRead from None
    if (now.st_dev, now.st_ino) != (after.st_dev, after.st_ino):
        raise ChangedWhileRead  # replaced while read: what was read is no longer the file


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _shared_identity(info: os.stat_result) -> tuple[int, ...]:
    # The change time too: a link made, or the file rewritten in place, moves it.
    return (*_identity(info), info.st_ctime_ns)

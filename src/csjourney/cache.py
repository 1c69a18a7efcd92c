"""The per-file cache: JSON entries under `.csjourney_cache/` at the workspace root.

A run stores what it learnt about a file under a key made of the file's exact
content (`content_key`), so an edited file is always a miss, whatever its
mtime says. Entries are plain JSON, never pickle: a cache directory that was
committed, or crafted, can at worst give a wrong answer for a key it matches,
never run code. Each entry repeats its namespace, its key and the version of
the code that wrote it; anything else (corrupt, truncated, copied from
another key, older code, unreadable) is a miss, and the caller rebuilds it.

The cache never decides a result: a directory that cannot be written (read
only, full disk) only makes every `put` do nothing, silently, for the rest of
the run. Writes go to a temporary file beside the entry, then `os.replace`,
so concurrent runs never see half an entry.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from pathlib import Path
from typing import Any

CACHE_DIR = ".csjourney_cache"
# Bump when the layout or the meaning of entries changes (the code version covers the rest).
CACHE_FORMAT = 2
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a larger "entry" is not one we wrote: a miss
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by csjourney.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Created by csjourney: the cache is never committed.\n*\n"
_NAMESPACE = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")
_KEY = re.compile(r"[0-9a-f]{8,128}\Z")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def content_key(*parts: str | bytes) -> str:
    """A hex digest of `parts`, each length-prefixed so ("ab", "c") and ("a", "bc") differ."""
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The version entries are written with: the release, the entry format and the code.

    The release alone would let a checkout or an upgrade without a version bump
    read entries another build of the code wrote; the size and mtime of every
    module of the package (a few hundred stat calls, about a millisecond) tell
    them apart.
    """
    from csjourney import __version__

    package = os.path.dirname(os.path.abspath(__file__))
    stats: list[str] = []
    pending = [package]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    pending.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    stats.append(
                        f"{os.path.relpath(entry.path, package)}:{st.st_size}:{st.st_mtime_ns}"
                    )
    return f"{__version__}+{CACHE_FORMAT}.{content_key(*sorted(stats))[:16]}"


class Cache:
    """Entries of one cache directory; `Cache(None)` is a disabled cache."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.enabled = directory is not None
        self._base = os.path.abspath(directory) if directory is not None else ""
        self._writable = self.enabled
        self._made: set[str] = set()  # shard folders known to exist this run
        self._version = code_version() if self.enabled else ""

    @classmethod
    def for_run(
        cls,
        root: Path | None,
        configured: str | Path | None,
        override: Path | None,
        *,
        enabled: bool,
    ) -> Cache:
        """The cache of a workspace: `override` (--cache-dir, CSJOURNEY_CACHE_DIR), else
        the config's `cache-dir` (relative to the root), else `.csjourney_cache` at the root.

        A run with no workspace root is never cached: there is no place that is its own.
        """
        if not enabled or root is None:
            return cls(None)
        if override is not None:
            return cls(Path(override))
        if configured is not None:
            return cls(root / configured)  # an absolute `configured` stays as it is
        return cls(root / CACHE_DIR)

    def _path(self, namespace: str, key: str) -> tuple[str, str]:
        if not _NAMESPACE.match(namespace) or not _KEY.match(key):
            raise ValueError(f"not a cache namespace and key: {namespace!r}, {key!r}")
        shard = f"{self._base}{os.sep}{namespace}{os.sep}{key[:2]}"
        return shard, f"{shard}{os.sep}{key}.json"

    def get(self, namespace: str, key: str) -> Any | None:
        """The value stored under (namespace, key), or None for a miss of any kind."""
        if not self.enabled:
            return None
        _, path = self._path(namespace, key)
        try:
            fd = os.open(path, _READ_FLAGS)
        except (OSError, ValueError):
            return None
        try:
            size = os.fstat(fd).st_size
            if size > MAX_ENTRY_BYTES:
                return None
            data = os.read(fd, size + 1)  # one read: a cached file is read whole
            if len(data) > size:  # written in place since the fstat (not by us): read on
                chunks = [data]
                while chunk := os.read(fd, 1 << 16):
                    chunks.append(chunk)
                data = b"".join(chunks)
            entry = json.loads(data)
        except (OSError, ValueError, RecursionError):  # unreadable, not UTF-8, not JSON
            return None
        finally:
            os.close(fd)
        if (
            not isinstance(entry, dict)
            or entry.get("version") != self._version
            or entry.get("namespace") != namespace
            or entry.get("key") != key
            or "value" not in entry
        ):
            return None
        return entry["value"]

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store `value` (JSON data: tuples come back as lists) under (namespace, key).

        Does nothing when the cache is disabled or cannot be written.
        """
        if self._writable:
            self.put_encoded(namespace, key, json.dumps(value, separators=(",", ":")).encode())

    def put_encoded(self, namespace: str, key: str, value: bytes) -> None:
        """Store the value `value` is the JSON of (not checked: the caller encoded it)."""
        if not self._writable:
            return
        shard, path = self._path(namespace, key)
        head = {"version": self._version, "namespace": namespace, "key": key}
        data = b'%s,"value":%s}' % (json.dumps(head, separators=(",", ":"))[:-1].encode(), value)
        try:
            self._make_shard(shard)
            _replace(shard, path, data)
        except (OSError, ValueError):
            self._writable = False  # read-only, full or not a folder: no more tries this run

    def discard(self, namespace: str, key: str) -> None:
        """Remove the entry under (namespace, key), if there is one and it can be."""
        if not self._writable:
            return
        _, path = self._path(namespace, key)
        with contextlib.suppress(OSError):
            os.unlink(path)

    def _make_shard(self, shard: str) -> None:
        if shard in self._made:
            return
        if not os.path.isdir(self._base):
            _create_root(self._base)
        for folder in (os.path.dirname(shard), shard):
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder)
            if os.path.islink(folder) or not os.path.isdir(folder):
                raise NotADirectoryError(folder)  # a planted link must not send writes elsewhere
        self._made.add(shard)


def _create_root(base: str) -> None:
    """Make the cache folder, tagged so backups skip it and git never commits it.

    Made complete under a temporary name, then renamed into place, so no run
    ever sees it untagged. The tags go only into a folder made here: `--cache-dir`
    naming an existing folder (the project itself, say) never gets a `.gitignore` of `*`.
    """
    import shutil
    import tempfile

    parent = os.path.dirname(base)
    os.makedirs(parent, exist_ok=True)
    temporary = tempfile.mkdtemp(prefix=f".{os.path.basename(base)}.", dir=parent)
    try:
        os.chmod(temporary, 0o777 & ~_umask())
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
            with open(os.path.join(temporary, name), "w", encoding="ascii") as handle:
                handle.write(text)
        os.rename(temporary, base)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        if not os.path.isdir(base):  # else another run made it first: theirs is as good
            raise


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _replace(folder: str, path: str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in `folder` and a rename."""
    import tempfile

    fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide entries from the group
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise

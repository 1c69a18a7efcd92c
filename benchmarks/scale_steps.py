"""The untimed steps bench_scale.py takes around a run: clearing a cache for a cold run,
and editing a map by one line for a warm run that must re-read it."""

from __future__ import annotations

import shutil
from pathlib import Path

CACHE_DIR = ".csjourney_cache"  # where the cache lives without --cache-dir (issue 13)


class CacheSpot:
    """Where a command's cache goes: a folder of our own through --cache-dir when the CLI
    offers it, else the workspace's default folder; cleared for a cold run."""

    def __init__(self, workspace: Path, own: Path, offered: set[str]) -> None:
        chosen = "--cache-dir" in offered
        self.directory = own if chosen else workspace / CACHE_DIR
        self.args = ["--cache-dir", str(own)] if chosen else []

    def clear(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def written(self) -> bool:
        """Whether a run left entries (not only the folder's CACHEDIR.TAG and .gitignore)."""
        ignored = {"CACHEDIR.TAG", ".gitignore"}
        found = self.directory.rglob("*") if self.directory.is_dir() else iter(())
        return any(p.is_file() and p.name not in ignored for p in found)


class OneLineEdit:
    """Edits a map's title before a run, differently every time (so no cache can have
    seen the text), and puts the original bytes back after it."""

    def __init__(self, path: Path) -> None:
        self.path, self.original, self.count = path, path.read_bytes(), 0
        self.last: bytes | None = None  # the text of the last edit, to check its result

    def change(self) -> None:
        self.count += 1
        text = self.original.decode("utf-8")
        end = text.index("\n", text.index("\n  title: ") + 1)
        self.last = f"{text[:end]} (edit {self.count}){text[end:]}".encode()
        self.path.write_bytes(self.last)

    def restore(self) -> None:
        self.path.write_bytes(self.original)

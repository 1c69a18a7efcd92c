"""What the preview watches: the folders, and which saved files mean "render again".

Folders, not files: editors save by writing a new file and renaming it over the old
one, which a watch on the file itself loses. The folders are the named paths (a
named file's folder), the workspace roots the last build found (a library beside
the journeys folder), and the folders of the exports the config names. A change
counts when it is a map (`.yaml`, `.yml`), a config file (csjourney.toml,
pyproject.toml) or an export the config names; watchfiles' default filter already
drops editors' swap and backup files and folders such as .git.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from watchfiles import Change

MAP_SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = ("csjourney.toml", "pyproject.toml")


def watched_folders(
    paths: Iterable[Path], roots: Iterable[Path], exports: Iterable[str]
) -> list[Path]:
    """The existing folders to watch, none inside another (the watch is recursive)."""
    candidates: list[Path] = []
    for path in paths:
        absolute = path.absolute()
        candidates.append(absolute if absolute.is_dir() else absolute.parent)
    candidates.extend(root.absolute() for root in roots)
    for pattern in exports:
        candidates.append(_fixed_part(pattern))
    existing = sorted({c for c in candidates if c.is_dir()})
    return [c for c in existing if not any(o != c and c.is_relative_to(o) for o in existing)]


def _fixed_part(pattern: str) -> Path:
    """The folder above a pattern's first wildcard (`data/*.csv` -> `data`), or a file's."""
    parts = Path(pattern).parts
    first = next((i for i, part in enumerate(parts) if glob.has_magic(part)), None)
    return Path(pattern).parent if first is None else Path(*parts[:first])


class MapFilter:
    """watchfiles' `watch_filter`: maps, configs and the named exports, nothing else.

    `ignored` holds the temporary folder: were it ever inside a watched folder, the
    preview's own writes would trigger builds without end.
    """

    def __init__(self, exports: Iterable[str], ignored: Iterable[Path]) -> None:
        from watchfiles import DefaultFilter

        self._exports = list(exports)
        self._ignored = [str(path.absolute()) for path in ignored]
        self._default = DefaultFilter()

    def __call__(self, change: Change, path: str) -> bool:
        if any(path == ignored or path.startswith(ignored + os.sep) for ignored in self._ignored):
            return False
        if not self._default(change, path):
            return False
        name = Path(path).name
        if name.endswith(MAP_SUFFIXES) or name in CONFIG_NAMES:
            return True
        return any(fnmatchcase(path, pattern) for pattern in self._exports)


def describe(changes: Iterable[tuple[object, str]]) -> str:
    """The files saved, for the terminal line: `journeys/smb.yaml` or `3 files`."""
    names = sorted({Path(path).name for _, path in changes})
    return names[0] if len(names) == 1 else f"{len(names)} files"

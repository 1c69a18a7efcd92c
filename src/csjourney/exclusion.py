"""Which files `exclude` leaves out of a directory scan: gitignore-style patterns."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from csjourney.config import Config


def is_excluded(path: Path, config: Config) -> bool:
    """Whether the config's `exclude` leaves out `path`, found below its root."""
    if not config.exclude or config.root is None:
        return False
    try:
        relative = Path(os.path.abspath(path)).relative_to(config.root).as_posix()
    except ValueError:  # reached through a symlink from outside the root
        return False
    return excluded(relative, tuple(config.exclude))


def excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    """Whether `exclude` leaves out the file at `relative` (from the root, with `/`).

    As in .gitignore, ruff and yamllint: a pattern without `/` (`drafts`,
    `*.draft.yaml`) matches a file or folder name at any depth; one with `/`
    is anchored at the root (`archive/old.yaml`, `/drafts`); `*` and `?` stay
    within a name, `**` spans folders; a trailing `/` matches folders only.
    Everything inside an excluded folder is excluded.
    """
    parts = relative.split("/")
    folders = ["/".join(parts[:end]) for end in range(1, len(parts))]
    for regex, folders_only in _compiled(patterns):
        candidates = folders if folders_only else [*folders, relative]
        if any(regex.fullmatch(candidate) for candidate in candidates):
            return True
    return False


@functools.lru_cache(maxsize=32)
def _compiled(patterns: tuple[str, ...]) -> list[tuple[re.Pattern[str], bool]]:
    return [_pattern(p.strip()) for p in patterns if p.strip().strip("/")]


def _pattern(pattern: str) -> tuple[re.Pattern[str], bool]:
    folders_only = pattern.endswith("/")
    anchored = "/" in pattern.rstrip("/")
    names = pattern.strip("/").split("/")
    body = ""
    for index, name in enumerate(names):
        last = index == len(names) - 1
        if name == "**":
            body += ".*" if last else "(?:[^/]+/)*"
        else:
            body += _glob(name) + ("" if last else "/")
    return re.compile(body if anchored else "(?:[^/]+/)*" + body), folders_only


def _glob(name: str) -> str:
    """One name's glob (`*`, `?`, `[...]`) as a regex that never crosses `/`."""
    out, index = "", 0
    while index < len(name):
        char = name[index]
        close = name.find("]", index + 2) if char == "[" else -1
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif close != -1:
            inner = name[index + 1 : close]
            out += "[" + ("^" + inner[1:] if inner.startswith("!") else inner) + "]"
            index = close
        else:
            out += re.escape(char)
        index += 1
    return out

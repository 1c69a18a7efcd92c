"""Where each finding is in the repository, and which finding it is, for CI reports.

Code scanning (SARIF) and GitLab Code Quality both match a file by its path
from the repository root, whatever folder the command ran in, and follow a
finding from one run to the next by a fingerprint. This module owns both:

- the root is what `git rev-parse --show-toplevel` would print, found by
  walking up for `.git` (no process); outside a repository, the working
  directory;
- the fingerprint hashes the rule code, the root-relative path, the id of the
  item the finding is about (lint) or else the offending line's text with its
  whitespace normalised, and how many identical findings came before it in the
  file. No line number and no message wording: inserting lines above a finding,
  or a release that rewords a message, keeps its fingerprint.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diagnostics import Diagnostic


def repository_root(cwd: Path) -> Path:
    """The work tree holding `cwd`, as git finds it; `cwd` itself outside one."""
    for folder in (cwd, *cwd.parents):
        if os.path.lexists(folder / ".git"):  # a folder, or a file (worktrees, submodules)
            return folder
    return cwd


@dataclass(frozen=True, slots=True)
class Located:
    diagnostic: Diagnostic
    absolute: Path  # the file, symlinks resolved where that keeps it in the repository
    in_repo: PurePosixPath | None  # from the repository root; None when outside it
    fingerprint: str

    @property
    def shown_path(self) -> str:
        """The root-relative path, or the absolute one for a file outside the repository."""
        return str(self.in_repo) if self.in_repo is not None else self.absolute.as_posix()


def message_text(d: Diagnostic) -> str:
    """The finding's message with its hint, as one line for a report's message field."""
    return d.message + (f" ({d.hint})" if d.hint else "")


class _Lines:
    """The text of each reported file, split once, for the offending line's content."""

    def __init__(self, report: Report) -> None:
        self._texts = {**report.sources, **report.texts}
        self._split: dict[Path, list[str]] = {}

    def line(self, path: Path, number: int) -> str | None:
        if path not in self._split:
            self._split[path] = self._texts.get(path, "").splitlines()
        lines = self._split[path]
        return " ".join(lines[number - 1].split()) if 0 < number <= len(lines) else None


def _place(shown: Path, cwd: Path, root: Path) -> tuple[Path, PurePosixPath | None]:
    lexical = Path(os.path.normpath(cwd / shown))
    for candidate in (Path(os.path.realpath(lexical)), lexical):
        try:
            return candidate, PurePosixPath(candidate.relative_to(root).as_posix())
        except ValueError:
            continue
    return lexical, None


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a non-UTF-8 file name still hashes


def locate(report: Report, cwd: Path | None = None) -> tuple[Path, list[Located]]:
    """The repository root, and each of the report's findings placed and fingerprinted."""
    cwd = cwd or Path.cwd().resolve()
    root = repository_root(cwd)
    lines = _Lines(report)
    places: dict[Path, tuple[Path, PurePosixPath | None]] = {}
    seen: dict[bytes, int] = {}
    located = []
    for d in report.diagnostics:  # in file and position order: occurrences count down the file
        if d.path not in places:
            places[d.path] = _place(d.path, cwd, root)
        absolute, in_repo = places[d.path]
        where = str(in_repo) if in_repo is not None else absolute.as_posix()
        what = d.subject or lines.line(d.path, d.span.line) or d.message
        key = b"\0".join((_utf8(d.code), _utf8(where), _utf8(what)))
        seen[key] = seen.get(key, 0) + 1
        digest = hashlib.sha256(key + b"\0%d" % seen[key]).hexdigest()[:32]
        located.append(Located(d, absolute, in_repo, digest))
    return root, located

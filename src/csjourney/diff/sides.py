"""One side of a comparison: a workspace loaded through `core.run`, with paths
made relative to the side's base directory so both sides name files alike.

A side is checked the way `validate` checks it, from each file's summary (the
cache serves the files it has seen): the findings come from there. The side
loaded second takes the first one's summaries of the files that hold the same
bytes at the same place under the same settings (`csjourney.resultshare`), so a
revision's snapshot, which no cache has seen, is not checked again. Only the
files whose text differs from the other side's are then loaded as models
(`load_models`): a file with the same bytes on both sides changes nothing, so
a pull request's diff costs its changed files, not the whole workspace twice.

A side read from a git revision lives in a temporary folder; every message
about it (a finding, a structural error, a config error) names its files as
`REF:path` instead, so the folder never shows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from csjourney.diagnostics import STRUCTURAL_CODES, Diagnostic, Severity
from csjourney.errors import UsageError
from csjourney.reading import below
from csjourney.workspace import SourceFile

_STRUCTURAL = {info.code for info in STRUCTURAL_CODES.values()}


@dataclass(slots=True)
class Side:
    label: str  # "OLD", "NEW", a git revision...
    base: Path  # resolved directory that relative paths start from
    # (relative path, file): the models of the files `load_models` was asked for.
    files: list[tuple[Path, SourceFile]] = field(default_factory=list)
    # Each file in scope that loaded as data, by relative path: its text and its path
    # as `core` showed it (to load its model from).
    texts: dict[Path, str] = field(default_factory=dict)
    shown: dict[Path, Path] = field(default_factory=dict)
    read: list[Path] = field(default_factory=list)  # what the run read: --output replaces none
    findings: list[tuple[Path, Diagnostic]] = field(default_factory=list)  # lint findings
    errors: list[tuple[Path, Diagnostic]] = field(default_factory=list)  # structural errors
    # When two differently named files are compared, OLD's name is read as NEW's.
    aliases: dict[Path, Path] = field(default_factory=dict)
    # Compare only what files under these paths define (None: the whole workspace).
    scope: list[Path] | None = None

    # Paths already made relative: every finding names its file, and resolving is slow.
    _relative: dict[Path, Path] = field(default_factory=dict)
    _in_scope: dict[Path, bool] = field(default_factory=dict)
    _folders: dict[str, str] = field(default_factory=dict)
    _cwd: str = field(default_factory=os.getcwd)
    _base: str = ""
    _last: tuple[Path | None, Path] = (None, Path())

    def __post_init__(self) -> None:
        self._base = str(self.base)
        if self.scope is not None and Path(".") in self.scope:
            self.scope = None  # the whole workspace: nothing to look up

    def relative(self, shown: Path) -> Path:
        if shown is self._last[0]:  # a file's findings come together, naming one path
            return self._last[1]
        known = self._relative.get(shown)
        if known is None:
            absolute = os.path.join(self._cwd, shown)
            # A folder resolved once serves all its files (a file that is a link: itself).
            if os.path.islink(absolute):
                absolute = os.path.realpath(absolute)
            else:
                parent, name = os.path.split(absolute)
                folder = self._folders.get(parent)
                if folder is None:
                    folder = self._folders[parent] = os.path.realpath(parent)
                absolute = os.path.join(folder, name)
            relative = Path(below(absolute, self._base) or os.path.relpath(absolute, self._base))
            known = self._relative[shown] = self.aliases.get(relative, relative)
        self._last = (shown, known)
        return known

    def in_scope(self, relative: Path) -> bool:
        if self.scope is None:
            return True
        known = self._in_scope.get(relative)
        if known is None:
            known = self._in_scope[relative] = any(_within(relative, p) for p in self.scope)
        return known

    @property
    def broken_files(self) -> set[Path]:
        return {path for path, _ in self.errors}


@dataclass(frozen=True, slots=True)
class Caching:
    """The cache settings a diff was given (`--no-cache`, `--cache-dir`, CSJOURNEY_CACHE_DIR),
    applied to the side that has a cache: the working tree, or a directory compared."""

    enabled: bool = True
    folder: Path | None = None


DEFAULT_CACHING = Caching()


def load(
    label: str,
    base: Path,
    paths: list[Path],
    today: dt.date,
    aliases: dict[Path, Path],
    *,
    snapshot_of: str | None = None,
    scope: list[Path] | None = None,
    caching: Caching = DEFAULT_CACHING,
) -> Side:
    """Validate and lint `paths` (none: an empty side) and keep what the comparison needs.

    `snapshot_of`: `base` is a temporary copy of that git revision. `scope`: compare
    only the items and findings of files under these paths (relative to `base`); the
    rest of the workspace is loaded all the same, so that references resolve.
    """
    from csjourney.core import Options, run

    side = Side(label, base.resolve(), aliases=aliases, scope=scope)
    if not paths:
        return side
    rename = _renamer(side.base, snapshot_of)
    # A revision's snapshot is a temporary folder: a cache written there is thrown away.
    options = Options(
        lint=True,
        today=today,
        keep_models=False,
        cache=caching.enabled and snapshot_of is None,
        cache_dir=caching.folder,
    )
    try:
        report = run(paths, options)
    except UsageError as error:
        raise UsageError(rename(str(error))) from None
    for shown, text in report.texts.items():
        relative = side.relative(shown)
        if side.in_scope(relative):
            side.texts[relative], side.shown[relative] = text, shown
    configs = [config.source for config in report.configs if config.source is not None]
    side.read = [*report.files, *configs]  # as named from the working directory
    for found in report.diagnostics:
        where = side.relative(found.path)
        if not side.in_scope(where):
            continue
        message, hint = rename(found.message), rename(found.hint) if found.hint else found.hint
        diagnostic = (
            found
            if message == found.message and hint == found.hint
            else dataclasses.replace(found, message=message, hint=hint)
        )
        if diagnostic.code in _STRUCTURAL and diagnostic.severity is Severity.ERROR:
            side.errors.append((where, diagnostic))
        elif diagnostic.code not in _STRUCTURAL:
            side.findings.append((where, diagnostic))
    return side


def load_models(side: Side, relatives: Iterable[Path]) -> None:
    """Load the models of the files at `relatives` that the side holds and that are sound."""
    from csjourney.loader import load_file
    from csjourney.reading import Content
    from csjourney.validation import validate_file
    from csjourney.workspace import SourceFile

    broken = side.broken_files
    for relative in relatives:
        text, shown = side.texts.get(relative), side.shown.get(relative)
        if text is None or shown is None or relative in broken:
            continue
        # The text the run checked, within its size limit then: no second read of the file.
        data = text.encode("utf-8")
        content = Content(data, len(data))
        loaded = load_file(shown, explicit=True, max_bytes=len(data), content=content)
        if loaded is None or loaded.data is None:
            continue
        model, _ = validate_file(loaded)
        if model is not None:
            side.files.append((relative, SourceFile(shown, model, loaded.source, loaded.text)))


def _within(path: Path, part: Path) -> bool:
    return part == Path(".") or path == part or path.is_relative_to(part)


def _renamer(base: Path, snapshot_of: str | None) -> Callable[[str], str]:
    """Text with every spelling of a path into `base` written as `REF:path`."""
    if snapshot_of is None:
        return lambda text: text
    cwd = Path.cwd().resolve()
    # The folder as core.run shows it (relative to the working directory), and absolute.
    spellings = {os.path.relpath(base, cwd), str(base)}
    prefixes = sorted((spelling + os.sep for spelling in spellings), key=len, reverse=True)
    marker = base.name + os.sep  # in every spelling: one search rules most texts out

    def rename(text: str) -> str:
        if marker not in text:
            return text
        for prefix in prefixes:
            text = text.replace(prefix, f"{snapshot_of}:")
        return text

    return rename


def workspace_without(side: Side, excluded: set[Path]) -> list[tuple[Path, SourceFile]]:
    """The side's files in scope, leaving out those that fail to load on either side."""
    return [
        (path, file) for path, file in side.files if path not in excluded and side.in_scope(path)
    ]

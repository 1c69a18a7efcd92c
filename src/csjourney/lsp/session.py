"""One workspace as the language server sees it: every file's checked result, kept current.

A session holds the `FileResult` of each file of its workspace, checked from
the open buffer when the editor has the file open and from the disk when not.
After a change only the changed files are checked again (`filecheck.check_file`);
the first load goes through `checkrun.check_files`, so the disk cache and the
worker pool of `validate` serve it. The checks across files then run over all
the results (`checkrun.merge`), as `validate` runs them, so a library edit
that renames a segment breaks the open journeys that use it.

Files are those a `csjourney validate` of the workspace root checks, treated
as found by its scan: YAML that is no journey map is left alone, `exclude`
leaves files out. An open buffer the disk no longer has (deleted while open,
or new) still counts while it is open. A folder without a workspace root is
a session of the open files in it only, as `validate` checks rootless files
with the other named ones.

Paths given to and returned by the API are absolute. The paths inside the
results (`Diagnostic.path`, `References.path`, `LoadedFile.path`, the
`file:line` in messages) are as `validate` run from the root shows them,
relative to `root`: `absolute(shown)` turns one back.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from csjourney import checkrun, reading
from csjourney import config as config_module
from csjourney.config import Config
from csjourney.core import Options
from csjourney.diagnostics import Diagnostic
from csjourney.errors import UsageError
from csjourney.exclusion import is_excluded
from csjourney.filecheck import FileResult, Task, check_file
from csjourney.findings import cap_per_file
from csjourney.loader import LoadedFile, load_file
from csjourney.references import References

# Below this many files to check at once, `check_file` one by one beats the cache's set-up.
_BATCH = 8


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """A csjourney.toml or pyproject.toml the session could not use, and why."""

    source: Path  # absolute
    message: str  # as `validate` says it: `path:line: ...` lines


class Session:
    """The checked state of one workspace (or of one rootless folder's open files)."""

    def __init__(
        self,
        root: Path,
        config: Config,
        problem: ConfigProblem | None = None,
        today: dt.date | None = None,
        *,
        cache: bool = True,
        cache_dir: Path | None = None,
    ) -> None:
        self.root = root
        self.config = config
        self.problem = problem
        self.rooted = config.root is not None
        self.today = today  # fixed (`--today`), else each check's own date
        self._cache = (cache, cache_dir)  # `--no-cache`, `--cache-dir`, as validate takes them
        self._buffers: dict[Path, str] = {}
        # Buffers opened unchanged over bytes that are no UTF-8 text: checked from
        # the disk, so the encoding finding shows, until the text is edited.
        self._undecodable: dict[Path, str] = {}
        self._results: dict[Path, FileResult] = {}
        self._dirty: set[Path] = set()
        self._members: list[Path] | None = None
        self._scanned: set[Path] = set()
        self._found: dict[Path, list[Diagnostic]] = {}
        self._loaded: dict[Path, LoadedFile | None] = {}
        self._stale = True
        self._day: dt.date | None = None  # the date the results were judged on
        # Files whose check raised (a bug): the server logs them, then clears the list.
        self.failures: list[tuple[Path, Exception]] = []

    # --- what the editor does -------------------------------------------------

    def open(self, path: Path, text: str) -> None:
        self._undecodable.pop(path, None)
        if _undecodable_on_disk(path, text):
            self._undecodable[path] = text
        self._set(path, text)

    def change(self, path: Path, text: str) -> None:
        self._set(path, text)

    def close(self, path: Path) -> None:
        self._buffers.pop(path, None)
        self._undecodable.pop(path, None)
        self._touch(path)
        if not os.path.lexists(path):
            self._members = None

    def changed_on_disk(self, paths: Iterable[Path]) -> None:
        """Files created, changed or deleted on disk (the editor's file watcher says which)."""
        members = set(self.members())
        for path in paths:
            if (path in members) != os.path.lexists(path) or path not in self._scanned:
                self._members = None  # created or deleted: scan again
            self._touch(path)

    def _set(self, path: Path, text: str) -> None:
        new = path not in self._buffers
        if new or self._buffers[path] != text:  # a file opened is checked again, model kept
            self._buffers[path] = text
            self._touch(path)
        if new and (not self.rooted or not os.path.lexists(path)):
            self._members = None

    def _touch(self, path: Path) -> None:
        self._dirty.add(path)
        self._loaded.pop(path, None)
        self._stale = True

    # --- what the features read -------------------------------------------------

    @property
    def checked_once(self) -> bool:  # the first check loads the whole workspace
        return self._day is not None

    @property
    def open_paths(self) -> list[Path]:
        return sorted(self._buffers)

    def shown(self, path: Path) -> Path:
        """A file's path as the results name it: relative to the root."""
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def absolute(self, shown: Path) -> Path:
        """The absolute path of a path as the results name it."""
        return shown if shown.is_absolute() else self.root / shown

    def text(self, path: Path) -> str | None:
        """The file's current text: the editor's buffer, else the disk's (None: unreadable)."""
        if path in self._buffers:
            return self._buffers[path]
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            return None

    def loaded(self, path: Path) -> LoadedFile | None:
        """The current text parsed by csjourney.loader; None when it is no mapping of data."""
        if path in self._loaded:
            return self._loaded[path]
        result = self._results.get(path)
        loaded = result.loaded if result is not None and path not in self._dirty else None
        if loaded is None:
            found = load_file(
                path,
                explicit=False,
                max_bytes=self.config.max_file_size,
                content=self._content(path),
            )
            loaded = found if found is not None and found.ok else None
            if loaded is not None:
                loaded.path = self.shown(path)
        self._loaded[path] = loaded
        return loaded

    def diagnostics(self, path: Path) -> list[Diagnostic]:
        """The file's findings, as `validate` reports them (checking first if anything changed)."""
        self.check()
        return self._found.get(path, [])

    def summaries(self) -> list[References]:
        """Every workspace file's ids and references, in the order `validate` takes them."""
        self.check()
        found = []
        for path in self.members():
            result = self._results.get(path)
            if result is not None and result.references is not None:
                found.append(result.references)
        return found

    def unreadable(self) -> list[Path]:
        """The workspace's maps that do not load: their ids and references are unknown."""
        self.check()
        found = (self._results.get(path) for path in self.members())
        return [r.path for r in found if r is not None and not r.ok and r.is_journey]

    def members(self) -> list[Path]:
        """The workspace's files, in `validate`'s order: the scan, plus open buffers it lacks."""
        if self._members is None:
            self._members = self._find_members()
        return self._members

    def options(self) -> Options:
        return Options(
            today=self.today or dt.date.today(),
            only_journey_files=True,
            cache=self._cache[0],
            cache_dir=self._cache[1],
            keep_models=False,
        )

    # --- checking ---------------------------------------------------------------

    def check(self) -> bool:
        """Bring every result up to date; whether anything was checked again.

        A file whose check fails (a bug of ours, never a mistake in the file:
        those are findings) is left out and noted in `failures`; the others go on.
        """
        options = self.options()
        if options.today != self._day:  # a new day: the date-based rules judge again
            self._day = options.today
            self._dirty.update(self._results)
            self._stale = True
        if not self._stale:
            return False
        members = self.members()
        todo = [p for p in members if p in self._dirty or p not in self._results]
        batch = [p for p in todo if p not in self._buffers]
        if len(batch) >= _BATCH:  # the first load: the disk cache and the pool serve it
            tasks = [self._task(p) for p in batch]
            results = checkrun.check_files(tasks, self.config, options)
            self._results.update(zip(batch, results, strict=True))
        else:
            batch = []
        for path in todo:
            if path not in batch:
                self._results[path] = self._check_one(path, options)
        present = set(members)
        for path in [p for p in self._results if p not in present]:
            del self._results[path]
        self._dirty.clear()
        self._found = self._merge(members, options)
        self._stale = False
        return True

    def _check_one(self, path: Path, options: Options) -> FileResult:
        try:
            return check_file(self._task(path), self.config, options, keep=path in self._buffers)
        except Exception as error:
            self.failures.append((path, error))
            return FileResult(self.shown(path), skipped=True)

    def _merge(self, members: list[Path], options: Options) -> dict[Path, list[Diagnostic]]:
        results = [self._results[p] for p in members if not self._results[p].skipped]
        reported = {r.path for r in results if self.absolute(r.path) in self._buffers}
        kinds = {kind for r in results if r.path in reported and r.ok for kind in r.answers}

        def reload(result: FileResult) -> FileResult:
            task = self._task(self.absolute(result.path))
            return check_file(task, self.config, options, keep=True)

        _, caused = checkrun.merge(results, self.config, options, reported, kinds, reload)
        by_file: dict[Path, list[Diagnostic]] = defaultdict(list)
        for diagnostic in cap_per_file(caused, self.config.max_findings_per_file):
            if diagnostic.path in reported:
                by_file[self.absolute(diagnostic.path)].append(diagnostic)
        return dict(by_file)

    def _task(self, path: Path) -> Task:
        return Task(
            path,
            self.shown(path),
            explicit=False,
            reported=path in self._buffers,
            content=self._content(path),
        )

    def _content(self, path: Path) -> reading.Content | None:
        """The open buffer's bytes, as the disk would hold them once saved; None: read the disk."""
        text = self._buffers.get(path)
        if text is None or self._undecodable.get(path) == text:
            return None
        data = text.encode("utf-8", "surrogatepass")
        return reading.Content(data[: self.config.max_file_size + 1], len(data))

    def _find_members(self) -> list[Path]:
        config = self.config
        if not self.rooted:
            return sorted(p for p in self._buffers if _is_yaml(p) and p.parent == self.root)
        found = reading.discover([self.root], prune=config_module.is_nested_root)
        scanned = [Path(os.path.abspath(p)) for p, _ in found]
        self._scanned = set(scanned)
        members = {p for p in scanned if not is_excluded(p, config)}
        for path in self._buffers:
            if _is_yaml(path) and not os.path.lexists(path) and not is_excluded(path, config):
                members.add(path)
        return sorted(members)


def _is_yaml(path: Path) -> bool:
    return path.name.endswith(reading.YAML_SUFFIXES) and not path.name.startswith(".")


def _undecodable_on_disk(path: Path, text: str) -> bool:
    """Whether the disk holds bytes that are no UTF-8 text (the editor decoded them its way)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if data == text.encode("utf-8", "surrogatepass"):
        return False
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return True
    return b"\x00" in data


def workspace_of(
    directory: Path,
    today: dt.date | None = None,
    *,
    cache: bool = True,
    cache_dir: Path | None = None,
) -> Session:
    """The session for a file in `directory`: its nearest workspace root's, as `validate`
    finds it, else one of the folder itself. A config that cannot be read is the
    session's `problem`; the workspace is then checked with the default settings."""
    directory = Path(os.path.abspath(directory))

    def session(root: Path, config: Config, problem: ConfigProblem | None = None) -> Session:
        return Session(root, config, problem, today, cache=cache, cache_dir=cache_dir)

    for folder in (directory, *directory.parents):
        try:
            marker = config_module.root_marker(folder)
        except UsageError as error:
            broken = folder / "pyproject.toml"
            return session(folder, Config(root=folder), ConfigProblem(broken, str(error)))
        if marker is None:
            continue
        try:
            config = config_module.load(None, folder)
        except UsageError as error:
            problem = ConfigProblem(marker, str(error))
            return session(folder, Config(root=folder, source=marker), problem)
        return session(folder, config.model_copy(update={"root": folder}))
    return session(directory, Config())

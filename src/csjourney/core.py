"""`run(paths, options) -> Report`: the whole check, as plain data. Prints nothing.

Named files are checked as part of their whole workspace, so references
resolve, and the findings reported are theirs, plus those they cause in the
other files: pre-commit names only the staged files, and a library change that
renames a segment breaks the journeys that use it (see `_answerable_kinds`).
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from csjourney import config as config_module
from csjourney.config import Config
from csjourney.diagnostics import Diagnostic, Severity
from csjourney.errors import UsageError
from csjourney.exclusion import is_excluded
from csjourney.filecheck import FileResult, Task, check_file
from csjourney.findings import cap_per_file
from csjourney.reading import STDIN, below, discover, file_key, path_order
from csjourney.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Options:
    config_file: Path | None = None
    lint: bool = True
    today: dt.date = field(default_factory=dt.date.today)
    select: tuple[str, ...] | None = None  # command-line rule selection, overrides config
    ignore: tuple[str, ...] = ()
    # Treat named files like files found in a directory scan: skip YAML that is
    # not a journey map instead of reporting it (pre-commit passes every staged
    # .yaml, CI configs included).
    only_journey_files: bool = False
    # What `-` (standard input) is called in reports, and where it stands for
    # finding its workspace and config; default: `-` in the working directory.
    stdin_filename: Path | None = None
    # The per-file cache (issue 13): `--no-cache` turns it off; `cache_dir` (from
    # --cache-dir or CSJOURNEY_CACHE_DIR) overrides the config's `cache-dir`.
    cache: bool = True
    cache_dir: Path | None = None
    jobs: int | None = None  # worker processes for loading and checking; None: the CPU count
    # Called as files are checked: (what, done, total), e.g. ("checking", 120, 2000).
    progress: Progress | None = field(default=None, compare=False)
    # The validated models in `Report.workspace`: render, diff and measure read
    # them; validate and fmt do not, and hold only each file's summary.
    keep_models: bool = True


Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class Report:
    diagnostics: list[Diagnostic]
    files: list[Path]  # the files reported on, as displayed
    workspace: Workspace
    configs: list[Config] = field(default_factory=list)
    # The text of each reported journey file as read and checked: formatting
    # works on it rather than reading the file (or standard input) again.
    texts: dict[Path, str] = field(default_factory=dict)
    stdin: Path | None = None  # the reported file that is standard input, if any
    # Reported files no csjourney.toml or [tool.csjourney] stands above: checked
    # with only the other named files, so ids defined elsewhere are unknown.
    rootless: list[Path] = field(default_factory=list)
    # The config each loaded file was checked with (its workspace's): render's
    # review dates follow the same settings as lint's.
    config_of: dict[Path, Config] = field(default_factory=dict)
    # The text of every file reported on or with a finding shown: reporters quote its lines.
    sources: dict[Path, str] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def worst(self) -> Severity | None:
        return max((d.severity for d in self.diagnostics), default=None)

    def summary(self) -> dict[str, int]:
        by_severity = Counter(d.severity.label for d in self.diagnostics)
        return {
            "files": len(self.files),
            "errors": by_severity["error"],
            "warnings": by_severity["warning"],
            "infos": by_severity["info"],
        }

    def diagnostics_for(self, path: Path) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.path == path]

    def workspace_note(self) -> str | None:
        """Why references did not resolve, when the likely cause is a missing workspace root.

        Said once per run, and only when it matters: a file checked without a
        workspace has an unknown id or channel (a library one folder up is not read).
        """
        lost = sorted(
            {d.path for d in self.diagnostics if d.name in _UNRESOLVED and d.path in self.rootless}
        )
        if not lost:
            return None
        where = lost[0].as_posix() + (f" and {len(lost) - 1} other files" if len(lost) > 2 else "")
        if len(lost) == 2:
            where += f" and {lost[1].as_posix()}"
        return (
            f"note: no {config_module.CONFIG_FILE} or [tool.csjourney] found above {where}: "
            "only the named files were loaded, so ids defined elsewhere are unknown; "
            f"run from the workspace, or add {config_module.CONFIG_FILE} at its root "
            "(`csjourney init` makes one)"
        )

    def files_and_affected(self) -> list[Path]:
        """The files reported on, and the others a finding is in (what they break)."""
        return sorted({*self.files, *(d.path for d in self.diagnostics)}, key=path_order)


# Findings a missing workspace root explains: the ids they name may be in files not loaded.
_UNRESOLVED = frozenset({"unknown-reference", "unknown-channel"})


def display_path(path: Path, cwd: Path) -> Path:
    """`path` as reports show it: relative to `cwd` when it can be, its symlinks kept."""
    if not path.is_absolute() and ".." not in path.parts:
        return path  # what a scan of a relative folder yields, already in that form
    absolute = os.path.abspath(path)  # no symlink resolution: show the name given
    inside = below(absolute, str(cwd))
    if inside is not None:
        return Path(inside)
    if os.path.splitdrive(absolute)[0] != cwd.drive:
        return Path(absolute)
    # A folder outside `cwd` (diff's snapshot of a revision) holds many files.
    folder, name = os.path.split(absolute)
    return Path(_relative_folder(folder, str(cwd)), name)


@functools.lru_cache(maxsize=256)
def _relative_folder(folder: str, cwd: str) -> str:
    return os.path.relpath(folder, cwd)


@dataclass(slots=True)
class _Group:
    config: Config
    named: list[tuple[Path, bool]] = field(default_factory=list)
    # A named directory is the workspace's root: `named` holds every file a scan of
    # the root would find, so `_tasks` does not walk the tree (and run git) again.
    root_scanned: bool = False


def _groups(paths: list[Path], options: Options, cwd: Path) -> list[_Group]:
    """Group the files found under `paths` by the workspace each belongs to.

    A file belongs to the workspace of the nearest csjourney.toml above it, so
    `csjourney validate examples/` checks each example workspace on its own.
    """
    for path in paths:
        if path != STDIN and not os.path.lexists(path):
            raise UsageError(f"no such file or directory: {path}")
    scanned = {os.path.realpath(p) for p in paths if p != STDIN and p.is_dir()}
    if options.config_file is not None:
        config = config_module.load(options.config_file, cwd)
        found = [(p, e and not options.only_journey_files) for p, e in discover(paths)]
        return [_Group(config, found, _is_scanned(config, scanned))]
    groups: dict[Path | None, _Group] = {}
    configs: dict[str, Config] = {}
    for path, explicit in discover(paths):
        explicit = explicit and not options.only_journey_files
        directory = os.path.dirname(os.path.abspath(_stand_in(path, options)))
        if directory not in configs:
            configs[directory] = config_module.load(None, Path(directory))
        config = configs[directory]
        group = groups.get(config.root)
        if group is None:
            group = groups[config.root] = _Group(config, root_scanned=_is_scanned(config, scanned))
        group.named.append((path, explicit))
    return list(groups.values())


def _is_scanned(config: Config, scanned: set[str]) -> bool:
    """Whether a directory the run scans is `config`'s root, the folder `_tasks` would scan.

    The same folder (not an ancestor, whose scan may skip the root's files as
    git-ignored where a scan of the root itself skips none) finds the same files:
    those in nested workspaces went to their own groups, as the root's scan prunes
    them; with --config nothing is pruned either way.
    """
    return config.root is not None and os.path.realpath(config.root) in scanned


def _stand_in(path: Path, options: Options) -> Path:
    """The path a file is known by: standard input takes its --stdin-filename."""
    if path == STDIN:
        return options.stdin_filename or STDIN
    return path


def run(paths: list[Path], options: Options | None = None) -> Report:
    """Load, validate and lint the workspace(s) holding `paths`."""
    with without_cyclic_gc():
        return _run(paths, options)


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a run (and for `diff`'s two runs and their
    comparison).

    A run builds hundreds of thousands of small acyclic objects (data, spans,
    models); the collector would scan them over and over for cycles that do
    not exist, about a fifth of a large run's time. Reference counting still
    frees everything; the collector resumes, and catches up, afterwards.
    Nested uses leave it paused until the outermost ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(paths: list[Path], options: Options | None) -> Report:
    options = options or Options()
    cwd = Path.cwd().resolve()
    workspace = Workspace(root=None)
    diagnostics: list[Diagnostic] = []
    reported_files: set[Path] = set()
    texts: dict[Path, str] = {}
    configs = []
    rootless: list[Path] = []
    config_of: dict[Path, Config] = {}
    sources: dict[Path, str] = {}
    for group in _groups(paths or [Path(".")], options, cwd):
        configs.append(group.config)
        part, found, reported, read, quoted = _check_group(group, options, cwd)
        sources.update(quoted)
        if group.config.root is None:
            rootless += sorted(reported, key=path_order)
        config_of.update((file.path, group.config) for file in part.files)
        workspace.root = workspace.root or part.root
        workspace.merge(part)
        diagnostics.extend(found)
        reported_files |= reported
        texts.update(read)
    diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    stdin = display_path(_stand_in(STDIN, options), cwd) if STDIN in paths else None
    return Report(
        diagnostics,
        sorted(reported_files, key=path_order),
        workspace,
        configs,
        texts,
        stdin,
        rootless,
        config_of,
        sources,
    )


def _check_group(
    group: _Group, options: Options, cwd: Path
) -> tuple[Workspace, list[Diagnostic], set[Path], dict[Path, str], dict[Path, str]]:
    """One workspace checked: it, the findings to report, the files reported, their
    texts, and the texts of those and of the other files a finding is in."""
    from csjourney import checkrun

    config = group.config
    shown = {p: display_path(_stand_in(p, options), cwd) for p, _ in group.named}
    reported = set(shown.values())
    tasks = _tasks(group, options, cwd, reported, shown)
    results = checkrun.check_files(tasks, config, options)
    results = [r for r in results if not r.skipped]
    reported &= {r.path for r in results}
    by_path = {r.path: r for r in results}
    kinds = {kind for path in reported if by_path[path].ok for kind in by_path[path].answers}
    by_task = {t.shown: t for t in tasks}

    def reload(result: FileResult) -> FileResult:
        return check_file(by_task[result.path], config, options, keep=True)

    workspace, caused = checkrun.merge(results, config, options, reported, kinds, reload)
    shown_findings = cap_per_file(caused, config.max_findings_per_file)
    sources = checkrun.texts(
        [
            by_path[p]
            for p in sorted({*reported, *(d.path for d in shown_findings)}, key=path_order)
            if p in by_path
        ],
        by_task,
    )
    texts = {path: text for path, text in sources.items() if path in reported}
    return workspace, shown_findings, reported, texts, sources


def _tasks(
    group: _Group, options: Options, cwd: Path, reported: set[Path], named: dict[Path, Path]
) -> list[Task]:
    """The files of the workspace to check, each once, named files first, in a stable order."""
    config = group.config
    # One entry per file, whatever its names: named files come first, so their
    # name (or --stdin-filename, standing in for the file on disk) is kept.
    candidates: dict[object, tuple[Path, bool]] = {}
    for path, explicit in group.named:
        candidates.setdefault(file_key(path), (path, explicit))
    if config.root is not None and not group.root_scanned:
        # A folder below the root with a root of its own is another workspace (each
        # file belongs to the nearest root), unless --config makes the run one.
        nested = None if options.config_file is not None else config_module.is_nested_root
        for path, explicit in discover([config.root], prune=nested):
            candidates.setdefault(file_key(path), (path, explicit))
    tasks: dict[Path, Task] = {}
    for path, explicit in candidates.values():
        shown = named.get(path) or display_path(_stand_in(path, options), cwd)
        if shown in tasks or (not explicit and is_excluded(path, config)):
            continue
        tasks[shown] = Task(path, shown, explicit, reported=shown in reported)
    return list(tasks.values())

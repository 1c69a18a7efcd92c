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
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from csjourney import config as config_module
from csjourney.config import Config
from csjourney.diagnostics import Diagnostic, Severity
from csjourney.errors import UsageError
from csjourney.findings import cap_per_file
from csjourney.loader import LoadedFile, load_file
from csjourney.reading import STDIN, discover, file_key
from csjourney.workspace import SourceFile, Workspace


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
        return sorted({*self.files, *(d.path for d in self.diagnostics)})


# Findings a missing workspace root explains: the ids they name may be in files not loaded.
_UNRESOLVED = frozenset({"unknown-reference", "unknown-channel"})


def display_path(path: Path, cwd: Path) -> Path:
    resolved = Path(os.path.abspath(path))  # no symlink resolution: show the name given
    try:
        return resolved.relative_to(cwd)
    except ValueError:
        return Path(os.path.relpath(resolved, cwd)) if resolved.anchor == cwd.anchor else resolved


@dataclass(slots=True)
class _Group:
    config: Config
    named: list[tuple[Path, bool]] = field(default_factory=list)


def _groups(paths: list[Path], options: Options, cwd: Path) -> list[_Group]:
    """Group the files found under `paths` by the workspace each belongs to.

    A file belongs to the workspace of the nearest csjourney.toml above it, so
    `csjourney validate examples/` checks each example workspace on its own.
    """
    for path in paths:
        if path != STDIN and not os.path.lexists(path):
            raise UsageError(f"no such file or directory: {path}")
    if options.config_file is not None:
        config = config_module.load(options.config_file, cwd)
        found = [(p, e and not options.only_journey_files) for p, e in discover(paths)]
        return [_Group(config, found)]
    groups: dict[Path | None, _Group] = {}
    configs: dict[Path, Config] = {}
    for path, explicit in discover(paths):
        explicit = explicit and not options.only_journey_files
        directory = Path(os.path.abspath(_stand_in(path, options))).parent
        if directory not in configs:
            configs[directory] = config_module.load(None, directory)
        config = configs[directory]
        groups.setdefault(config.root, _Group(config)).named.append((path, explicit))
    return list(groups.values())


def _stand_in(path: Path, options: Options) -> Path:
    """The path a file is known by: standard input takes its --stdin-filename."""
    if path == STDIN:
        return options.stdin_filename or STDIN
    return path


def run(paths: list[Path], options: Options | None = None) -> Report:
    """Load, validate and lint the workspace(s) holding `paths`."""
    with _without_cyclic_gc():
        return _run(paths, options)


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a run.

    A run builds hundreds of thousands of small acyclic objects (data, spans,
    models); the collector would scan them over and over for cycles that do
    not exist, about a fifth of a large run's time. Reference counting still
    frees everything; the collector resumes, and catches up, afterwards.
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
    for group in _groups(paths or [Path(".")], options, cwd):
        configs.append(group.config)
        part, found, reported, read = _check_group(group, options, cwd)
        if group.config.root is None:
            rootless += sorted(reported)
        config_of.update((file.path, group.config) for file in part.files)
        workspace.root = workspace.root or part.root
        workspace.merge(part)
        diagnostics.extend(found)
        reported_files |= reported
        texts.update(read)
    diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
    stdin = display_path(_stand_in(STDIN, options), cwd) if STDIN in paths else None
    return Report(
        diagnostics, sorted(reported_files), workspace, configs, texts, stdin, rootless, config_of
    )


def _check_group(
    group: _Group, options: Options, cwd: Path
) -> tuple[Workspace, list[Diagnostic], set[Path], dict[Path, str]]:
    """One workspace checked: it, the findings to report, the files reported, their texts."""
    from csjourney import semantics
    from csjourney.validation import validate_file

    config = group.config
    reported = {display_path(_stand_in(p, options), cwd) for p, _ in group.named}
    # One entry per file, whatever its names: named files come first, so their
    # name (or --stdin-filename, standing in for the file on disk) is kept.
    candidates: dict[object, tuple[Path, bool]] = {}
    for path, explicit in group.named:
        candidates.setdefault(file_key(path), (path, explicit))
    if config.root is not None:
        # A folder below the root with a root of its own is another workspace (each
        # file belongs to the nearest root), unless --config makes the run one.
        nested = None if options.config_file is not None else config_module.is_nested_root
        for path, explicit in discover([config.root], prune=nested):
            candidates.setdefault(file_key(path), (path, explicit))
    loaded: dict[Path, LoadedFile] = {}
    for path, explicit in candidates.values():
        shown = display_path(_stand_in(path, options), cwd)
        if shown in loaded or (not explicit and _excluded(path, config)):
            continue
        result = load_file(path, explicit=explicit, max_bytes=config.max_file_size)
        if result is not None:
            result.path = shown
            loaded[shown] = result
    reported &= set(loaded)
    diagnostics = [d for f in loaded.values() for d in f.diagnostics]
    workspace = Workspace(root=config.root)
    for shown, file in loaded.items():
        if file.data is None:
            continue
        model, errors = validate_file(file)
        diagnostics.extend(errors)
        if model is not None:
            workspace.files.append(SourceFile(shown, model, file.source, file.text))
    readable = [f for f in loaded.values() if f.ok]
    # Files that failed to load leave holes in the workspace; YAML that only
    # looks like a map (warned about) is no part of it.
    unreadable = [f.path for f in loaded.values() if not f.ok and f.is_journey]
    diagnostics.extend(semantics.check(readable, unreadable))
    broken = {d.path for d in diagnostics if d.severity is Severity.ERROR}
    workspace.files = [f for f in workspace.files if f.path not in broken]
    workspace.broken = broken | set(unreadable)
    if options.lint and workspace.files:
        from csjourney.lint import lint_workspace

        diagnostics.extend(lint_workspace(workspace, config, options))
    kinds = _answerable_kinds([loaded[path] for path in reported if loaded[path].ok])
    caused = [d for d in diagnostics if d.path in reported or d.item_kind in kinds]
    shown_findings = cap_per_file(caused, config.max_findings_per_file)
    texts = {path: loaded[path].text for path in reported if loaded[path].ok}
    return workspace, shown_findings, reported, texts


def _answerable_kinds(named: list[LoadedFile]) -> set[str]:
    """The kinds of id whose findings anywhere in the workspace the named files answer for.

    Without history a run cannot tell which ids a file used to define, so it
    goes by the kinds a file defines for others: one that declares `segments`,
    `evidence` or `channels` answers for every duplicate or broken reference of
    that kind; a library file (no journey) for all three, as it may just have
    dropped a whole list; a journey file for journey ids. Errors of other kinds
    elsewhere (a stage's touchpoint in another journey) are never its doing.
    """
    from csjourney.structure import file_kind

    shared = {
        c.field: c.kind.name for c in file_kind().children.values() if c.kind.scope == "workspace"
    }
    kinds: set[str] = set()
    for file in named:
        if not isinstance(file.data, dict):
            continue
        if "journey" in file.data:
            kinds.add("journey")
        else:
            kinds.update(shared.values())
        kinds.update(kind for key, kind in shared.items() if key in file.data)
    return kinds


def _excluded(path: Path, config: Config) -> bool:
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

"""A workspace's files checked one by one (from the cache, in a pool), then together.

`check_files` turns each file into its `FileResult`: from the cache when its
exact bytes were checked before with the same code and settings, else by
`filecheck.check_file`, in worker processes when there are enough files for
the pool to pay for itself. `merge` runs what needs the whole workspace over
the results: references across files, and the lint of library files with the
workspace's facts. Results are merged in the files' order, whatever order the
workers finish in, so the output is the same with any `--jobs` and cache state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csjourney import reading
from csjourney.diagnostics import Diagnostic, Severity
from csjourney.filecheck import FileResult, Task, check_file
from csjourney.workspace import SourceFile, Workspace

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options
    from csjourney.resultcache import ResultCache
    from csjourney.resultshare import Sharing

Recheck = Callable[[], FileResult]

_BOM = b"\xef\xbb\xbf"


def check_files(tasks: list[Task], config: Config, options: Options) -> list[FileResult]:
    """Each task's result, in the tasks' order."""
    from csjourney import resultcache, resultshare

    if options.lint:
        from csjourney.lint import selected_rules

        selected_rules(config, options)  # a bad rule name is a usage error, said once, here
    cache = resultcache.ResultCache.for_run(config, options)
    sharing = resultshare.Sharing.for_run(config, options)  # diff's other side's results
    results: list[FileResult | None] = [None] * len(tasks)
    todo: list[int] = []
    keys: dict[int, str] = {}
    shared: dict[int, str] = {}
    for index, task in enumerate(tasks):
        if (cache is not None or sharing is not None) and task.path != reading.STDIN:
            content = _read(task, config)
            if content is not None:
                tasks[index] = task = replace(task, content=content)
                found, key, share = _known(task, cache, sharing, _recheck(task, config, options))
                results[index] = found
                if key is not None:
                    keys[index] = key
                if share is not None:
                    shared[index] = share
        if results[index] is None:
            todo.append(index)
            if index in keys:
                tasks[index] = replace(task, key=keys[index])
        else:
            _report(options, index + 1 - len(todo), len(tasks))
    done = len(tasks) - len(todo)
    checked, stored = _run([tasks[i] for i in todo], config, options)
    for index, result in zip(todo, checked, strict=True):
        results[index] = result
        key = tasks[index].key
        if cache is not None and key is not None:
            # Workers encode the entries they make (a part of the work); `close` packs them.
            (cache.note if stored else cache.put)(key, result)
        done += 1
        _report(options, done, len(tasks))
    if cache is not None:
        cache.close()
    if sharing is not None:
        for index, share in shared.items():
            if (result := results[index]) is not None:
                sharing.lend(share, result)
    return [r for r in results if r is not None]


def _known(
    task: Task, cache: ResultCache | None, sharing: Sharing | None, recheck: Recheck
) -> tuple[FileResult | None, str | None, str | None]:
    """The result of a task read already, when the cache or another run has it; its cache
    key and its sharing key (`resultshare`), when it has them.

    The cache comes first: a run that took a result from elsewhere would leave its
    entry out of the manifest, and the entry would be removed. A result borrowed
    on a miss is stored, as one checked would be.
    """
    key = cache.key(task) if cache is not None else None
    found = cache.get(key, task.shown, recheck) if cache is not None and key is not None else None
    share = sharing.key(task) if sharing is not None else None
    if found is None and sharing is not None and share is not None:
        found = sharing.borrow(share, task.shown, recheck)
        if found is not None and cache is not None and key is not None:
            cache.put(key, found)
    return found, key, share


def _recheck(task: Task, config: Config, options: Options) -> Recheck:
    """How to check a file taken from the cache again, should a part of its entry be gone."""
    return lambda: check_file(task, config, options, keep=False)


def _read(task: Task, config: Config) -> reading.Content | None:
    """The file's bytes, to key the cache; None when reading fails (loading reports it)."""
    try:
        return reading.read(task.path, scanning=not task.explicit, max_bytes=config.max_file_size)
    except (OSError, reading.ChangedWhileRead):
        return None


def _report(options: Options, done: int, total: int) -> None:
    if options.progress is not None and total:
        options.progress("checking", done, total)


def _run(tasks: list[Task], config: Config, options: Options) -> tuple[Any, bool]:
    """The tasks' results, in order, in a process pool when it pays; and whether the
    pool encoded their cache entries."""
    from csjourney import pool

    jobs = pool.workers(options.jobs, len(tasks))
    keep = options.keep_models
    if jobs <= 1 or keep:
        # A run that keeps models would send every model back from the workers,
        # which costs about what building it does.
        return (check_file(task, config, options, keep=keep) for task in tasks), False
    return pool.check_in_pool(tasks, config, replace(options, progress=None), jobs), True


def merge(
    results: list[FileResult],
    config: Config,
    options: Options,
    reported: set[Path],
    kinds: set[str],
    reload: Callable[[FileResult], FileResult],
) -> tuple[Workspace, list[Diagnostic]]:
    """The workspace's checks across files, over its files' results.

    The findings returned are those a report on `reported` shows: theirs, and
    those about ids of `kinds` anywhere (what the reported files answer for).
    The others' own findings are not even decoded from the cache. `reload`
    checks a file again, keeping its model: a reported library file from the
    cache needs it for its lint.
    """
    from csjourney.references import References, resolve

    # Files that failed to load leave holes in the workspace; YAML that only
    # looks like a map (warned about) is no part of it.
    unreadable = [r.path for r in results if not r.ok and r.is_journey]
    # Every file's references are resolved only when every file's state counts:
    # models kept (the workspace holds the sound files), or a reported library
    # linted ("nothing cites this" needs a workspace without holes).
    everything = options.keep_models or (
        options.lint and any(r.library and r.path in reported for r in results)
    )

    def wanted(refs: References) -> bool:
        return everything or refs.path in reported or not kinds.isdisjoint(refs.targets)

    across = resolve([r.references for r in results if r.references], unreadable, wanted)
    broken = {r.path for r in results if r.has_errors}
    broken.update(d.path for d in across if d.severity is Severity.ERROR)
    diagnostics = [d for d in across if d.path in reported or d.item_kind in kinds]
    for result in results:
        if result.path in reported:
            diagnostics.extend(result.findings()[0])
        elif kinds.intersection(result.own_kinds):
            diagnostics.extend(d for d in result.findings()[0] if d.item_kind in kinds)
    valid = [r for r in results if r.valid and r.path not in broken]
    workspace = Workspace(root=config.root, broken=broken | set(unreadable))
    if options.keep_models:
        workspace.files = [_source_file(r) for r in valid]
    if options.lint and valid:
        diagnostics.extend(_lint(valid, workspace, config, options, reported, reload))
    return workspace, diagnostics


def _lint(
    valid: list[FileResult],
    workspace: Workspace,
    config: Config,
    options: Options,
    reported: set[Path],
    reload: Callable[[FileResult], FileResult],
) -> list[Diagnostic]:
    """Lint findings (which concern their own file only) of the reported files."""
    from csjourney.lint import Facts, lint_workspace

    found = [d for r in valid if not r.library and r.path in reported for d in r.findings()[1]]
    library = [
        _source_file(r if r.model is not None else reload(r))
        for r in valid
        if r.library and r.path in reported
    ]
    if library:
        cited: dict[str, set[str]] = {}
        for result in valid:
            for kind, ids in result.cited.items():
                cited.setdefault(kind, set()).update(ids)
        facts = Facts(
            complete=not workspace.broken,
            cited={kind: frozenset(ids) for kind, ids in cited.items()},
            covered=frozenset(s for r in valid for s in r.covered),
        )
        part = Workspace(root=config.root, files=library, broken=workspace.broken)
        found.extend(lint_workspace(part, config, options, facts))
    return found


def _source_file(result: FileResult) -> SourceFile:
    assert result.loaded is not None and result.model is not None
    return SourceFile(result.path, result.model, result.loaded.source, result.loaded.text)


def texts(results: list[FileResult], tasks: dict[Path, Task]) -> dict[Path, str]:
    """The text, as checked, of each file in `results` that was read as data.

    A file taken from the cache has its bytes in its task; another file not
    reported on, found only because a finding is in it, is read again.
    """
    found: dict[Path, str] = {}
    for result in results:
        if not result.ok:
            continue
        text = result.text
        if text is None and result.loaded is not None:
            text = result.loaded.text
        if text is None:
            text = _text_of(tasks[result.path])
        if text is not None:
            found[result.path] = text
    return found


def _text_of(task: Task) -> str | None:
    content = task.content
    if content is None:
        try:
            content = reading.read(task.path, scanning=not task.explicit, max_bytes=1 << 62)
        except (OSError, reading.ChangedWhileRead):
            return None
    if content is None:
        return None
    try:
        return content.data.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        return None

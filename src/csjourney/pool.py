"""Checking files in worker processes, results in the files' order.

Workers are forked where the platform allows it and the caller runs no other
thread (forking a threaded process can deadlock the child): they start with
every module the parent imported already loaded, so a pool costs tens of
milliseconds, not the second a fresh interpreter importing pydantic takes.
Otherwise they are spawned. Each worker gets the run's settings once, then chunks of
files; what comes back is each file's small `FileResult`, its cache entry
encoded by the worker (the run writes the entries in packs).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from csjourney.filecheck import FileResult, Task, check_file

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options
    from csjourney.resultcache import ResultCache

# Below this many files to check, one process does it faster than a pool starts.
POOL_THRESHOLD = 64
T = TypeVar("T")
R = TypeVar("R")

_settings: tuple[Config, Options, ResultCache | None] | None = None


def _start(config: Config, options: Options) -> None:
    from csjourney.resultcache import ResultCache

    global _settings
    _settings = (config, options, ResultCache.for_run(config, options))


def _check(task: Task) -> FileResult:
    """A file checked, and its cache entry encoded when it has a key."""
    assert _settings is not None
    config, options, cache = _settings
    result = check_file(task, config, options, keep=False)
    if cache is not None and task.key is not None:
        cache.store(task.key, result)
    return result


def workers(jobs: int | None, tasks: int) -> int:
    """How many processes `tasks` pieces of work get: 1 means do them here, in this one.

    Below POOL_THRESHOLD a pool costs more than it saves. Far more workers than
    CPUs only compete for them (and `-j 1000000` must not start a process per file).
    """
    cpus = os.cpu_count() or 1
    wanted = min(jobs or cpus, 4 * cpus, tasks)
    return wanted if tasks >= POOL_THRESHOLD else 1


def check_in_pool(
    tasks: list[Task], config: Config, options: Options, jobs: int
) -> Iterator[FileResult]:
    """Each task's result, in order, from `jobs` worker processes."""
    # Imported here so forked workers have them: each would import them itself.
    import csjourney.lint.registry
    import csjourney.semantics
    import csjourney.summarywire  # how results cross back
    import csjourney.validation  # noqa: F401

    yield from mapped(_check, tasks, jobs, initializer=_start, initargs=(config, options))


def mapped(
    function: Callable[[T], R],
    items: list[T],
    jobs: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """`function` of each item, in order, from `jobs` worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    context = multiprocessing.get_context("fork" if fork else "spawn")
    # Several chunks per worker, so one slow chunk does not leave the others idle.
    chunk = max(1, min(64, len(items) // (jobs * 4)))
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=initializer, initargs=initargs
    ) as executor:
        yield from executor.map(function, items, chunksize=chunk)

"""Checking files in worker processes, results in the files' order.

Workers are forked where the platform allows it: they start with every module
the parent imported already loaded, so a pool costs tens of milliseconds, not
the seconds a fresh interpreter importing pydantic takes. Elsewhere they are
spawned, and the pool is worth it only for larger workspaces (`check_files`
decides, by count). Each worker gets the run's settings once, then chunks of
files; what comes back is each file's small `FileResult`.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.filecheck import FileResult, Task, check_file

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options

_settings: tuple[Config, Options] | None = None


def _start(config: Config, options: Options) -> None:
    global _settings
    _settings = (config, options)


def _check(task: Task) -> FileResult:
    assert _settings is not None
    config, options = _settings
    return check_file(task, config, options, keep=False)


def check_in_pool(
    tasks: list[Task], config: Config, options: Options, jobs: int
) -> Iterator[FileResult]:
    """Each task's result, in order, from `jobs` worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    # Imported here so forked workers have them: each would import them itself.
    import csjourney.lint.registry
    import csjourney.semantics
    import csjourney.validation  # noqa: F401

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    # Several chunks per worker, so one slow chunk does not leave the others idle.
    chunk = max(1, min(64, len(tasks) // (jobs * 4)))
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)),
        mp_context=context,
        initializer=_start,
        initargs=(config, options),
    ) as executor:
        yield from executor.map(_check, tasks, chunksize=chunk)

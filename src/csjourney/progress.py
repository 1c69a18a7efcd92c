"""The progress bar of long runs (validate, fmt, render), on stderr.

Only for a person watching: `progress_wanted` says when (stderr a terminal,
text output, not --quiet, not CI). Even then nothing is drawn until the run
has lasted `DELAY_SECONDS`, so a fast run prints nothing and never flickers,
and rich is imported only when the bar is about to show. The bar is redrawn
at most every `MIN_INTERVAL_SECONDS`, and is transient: it is erased when a
phase ("checking", "rendering") ends or the run stops, so a warning or the
report that follows starts on a clean line.

Only the standard library is imported at module level: the CLI imports this
on every run of the commands that use it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from csjourney.core import Progress

DELAY_SECONDS = 1.0  # a run shorter than this never shows a bar
MIN_INTERVAL_SECONDS = 0.1  # at most ~10 redraws a second
# Set in continuous integration: a log, not a person watching a terminal.
_CI_VARIABLES = ("CI", "GITHUB_ACTIONS")


def progress_wanted(
    stream: TextIO, *, text_output: bool, quiet: bool, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether a bar may be drawn on `stream`: someone is watching it and reading text."""
    env = os.environ if environ is None else environ
    if quiet or not text_output:
        return False
    if any(env.get(name) for name in _CI_VARIABLES) or env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


@contextmanager
def terminal_progress(
    stream: TextIO, *, enabled: bool, clock: Callable[[], float] | None = None
) -> Iterator[Progress | None]:
    """A `(what, done, total)` callback drawing the bar on `stream`, or None when disabled.

    Whatever happens in the block (an error, Ctrl-C), the bar is erased on leaving it.
    """
    if not enabled:
        yield None
        return
    bar = _Bar(stream, clock or time.monotonic)
    try:
        yield bar
    finally:
        bar.close()


class _Bar:
    def __init__(self, stream: TextIO, clock: Callable[[], float]) -> None:
        # Our own escape sequences: past the SafeWriter that escapes everything else.
        self._stream: TextIO = getattr(stream, "stream", stream)
        self._clock = clock
        self._started = clock()
        self._drawn_at: float | None = None
        self._shown: Any = None  # the rich Progress while the bar is on screen
        self._task: Any = None

    def __call__(self, what: str, done: int, total: int) -> None:
        now = self._clock()
        finished = done >= total
        if self._shown is None and (finished or now - self._started < DELAY_SECONDS):
            return
        if finished:  # a phase has ended: erase it, so what is printed next is not mixed in
            self.close()
            return
        if self._drawn_at is not None and now - self._drawn_at < MIN_INTERVAL_SECONDS:
            return
        self._drawn_at = now
        self._draw(what, done, total)

    def _draw(self, what: str, done: int, total: int) -> None:
        from csjourney.safetext import printable

        if self._shown is None:  # adding the task draws it
            self._shown = self._start()
            self._task = self._shown.add_task(printable(what), total=total, completed=done)
            return
        self._shown.update(
            self._task, description=printable(what), completed=done, total=total, refresh=True
        )

    def _start(self) -> Any:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        console = Console(file=self._stream, force_terminal=True, highlight=False)
        shown = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            auto_refresh=False,  # we redraw, at most every MIN_INTERVAL_SECONDS
            redirect_stdout=False,  # stdout and stderr stay behind our SafeWriter
            redirect_stderr=False,
            get_time=self._clock,
        )
        shown.start()
        return shown

    def close(self) -> None:
        if self._shown is not None:
            self._shown.stop()
            self._stream.flush()
        self._shown = self._task = self._drawn_at = None

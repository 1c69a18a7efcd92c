"""Ctrl+C, remembered: so that an engine that swallows it cannot turn it into a finding.

Python turns SIGINT into KeyboardInterrupt, but DuckDB checks for signals while a
query runs and raises `RuntimeError("Query interrupted")` in its place. Caught as a
file the backend could not read, that would be a bogus finding ("cannot be read:
Query interrupted"), and `serve` would render again and go on serving instead of
stopping. So the CLI's handler records the interrupt before raising
KeyboardInterrupt, and the places that catch a backend's errors ask
`raise_if_requested()` first.

The handler is installed by a real process only (`csjourney`, `python -m
csjourney`), never by a test calling `main()` in its own interpreter.
"""

from __future__ import annotations

import signal
from types import FrameType

_requested = False


def _interrupt(signum: int, frame: FrameType | None) -> None:
    global _requested
    _requested = True
    raise KeyboardInterrupt


def install(*names: str) -> None:
    """Record and raise on these signals (SIGINT unless named); ones the OS lacks are skipped."""
    global _requested
    _requested = False
    for name in names or ("SIGINT",):
        number = getattr(signal, name, None)  # no SIGHUP on Windows
        if number is not None:
            signal.signal(number, _interrupt)


def requested() -> bool:
    """Whether an interrupt arrived since `install`, whatever became of its exception."""
    return _requested


def raise_if_requested() -> None:
    """KeyboardInterrupt again if one arrived: an error caught now may be it in disguise."""
    if _requested:
        raise KeyboardInterrupt


def handled() -> None:
    """The interrupt did what it asks (serve stops on it): the run ends as it should."""
    global _requested
    _requested = False

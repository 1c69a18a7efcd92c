"""Placeholder while `csjourney serve` is built this session (replaced by its owner)."""

from __future__ import annotations

from csjourney.errors import UsageError


def serve() -> None:
    """Not built yet."""
    raise UsageError("csjourney serve is not built yet")

"""Placeholder while `csjourney lsp` is built this session (replaced by its owner)."""

from __future__ import annotations

from csjourney.errors import UsageError


def lsp() -> None:
    """Not built yet."""
    raise UsageError("csjourney lsp is not built yet")

"""A table that lives only within a block: what `diff`'s two sides share, read once.

`diff` checks two versions of a workspace, and most of their files hold the same
bytes: contents read (`reading`), parses (`loader`) and per-file results
(`resultshare`) made for one side serve the other while the block is active. A
module-level table keeps the functions that use it free of an extra argument; a
block nested in another shares the outer one's table, and leaving the outermost
drops it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BlockTable(Generic[K, V]):
    def __init__(self) -> None:
        self.current: dict[K, V] | None = None  # None: no block is active

    @contextmanager
    def active(self) -> Iterator[None]:
        outer = self.current
        if outer is None:
            self.current = {}
        try:
            yield
        finally:
            self.current = outer

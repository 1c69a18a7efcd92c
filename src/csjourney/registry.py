"""Typed registries whose entries are imported only when a run uses them.

Reporters, diff output formats, render views and CLI feature commands are each
one `dict[str, Lazy[T]]`: the names (help choices, `--format` values, the
views the HTML page shows) are known without importing a single entry, which
keeps start-up lean, and `load()` imports the one a run asks for. `T` says what
every entry must be; tests/test_registries.py loads each entry of each registry
and checks it is one, since a `module:attribute` string is beyond mypy's reach.
Adding an entry is its module plus one line in its registry.
"""

from __future__ import annotations

import importlib
from typing import Generic, TypeVar

T = TypeVar("T")


class Lazy(Generic[T]):
    """The entry at `target`, written `package.module:attribute`.

    A plain class: registries are built on every start, and making a dataclass
    costs about a millisecond there.
    """

    __slots__ = ("target",)

    def __init__(self, target: str) -> None:
        self.target = target

    def __repr__(self) -> str:
        return f"Lazy({self.target!r})"

    def load(self) -> T:
        module_name, _, attribute = self.target.partition(":")
        entry: T = getattr(importlib.import_module(module_name), attribute)
        return entry

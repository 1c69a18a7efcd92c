"""A journey's own items (`Uses.journey_items`), made only when something reads them.

The checks across files look among a journey's own items only for a reference
that names no shared item (a broken or misplaced one): most runs never read
them. A result taken from the cache, or borrowed from the other side of a diff
(`csjourney.resultshare`), holds them as they were stored, some fifty a map,
and makes the `Defined` items on the first read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, overload

from csjourney.references import Defined


class DeferredItems(Sequence[Defined]):
    """`make(source)`, on the first read: `make` answers for what it cannot read itself."""

    __slots__ = ("_items", "_make", "_source")

    def __init__(self, source: Any, make: Callable[[Any], list[Defined]]) -> None:
        self._source = source
        self._make = make
        self._items: list[Defined] | None = None

    def _made(self) -> list[Defined]:
        if self._items is None:
            self._items = self._make(self._source)
            self._source = None  # what it was made from is no longer needed
        return self._items

    @overload
    def __getitem__(self, index: int) -> Defined: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Defined]: ...
    def __getitem__(self, index: int | slice) -> Defined | Sequence[Defined]:
        return self._made()[index]

    def __len__(self) -> int:
        return len(self._made())

    def __iter__(self) -> Iterator[Defined]:
        return iter(self._made())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return self._made() == list(other)

    __hash__ = None  # type: ignore[assignment]  # equal to lists, which are unhashable

    def __repr__(self) -> str:
        return f"DeferredItems({self._made()!r})"

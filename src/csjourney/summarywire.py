"""How a file's summary (`references.References`) crosses from a worker process to the parent.

`validate` checks files in worker processes (`csjourney.pool`), and what each
sends back is pickled there and unpickled by the one process that merges: its
cost is paid once per file on each side, and the parent's share does not run
in parallel. Two things make the default pickling slow, and this module
replaces them:

* a frozen dataclass with slots pickles its fields through Python code, both
  ways, and so does each `Span` (a named tuple) in it: `Defined` and `Ref`
  cross as plain tuples of plain values instead;
* a journey's own items (`Uses.journey_items`, some fifty per map) are read
  back only by a reference that names no shared item (a broken or misplaced
  one), by the language server and by `diff`: they cross packed in one
  `bytes` and are decoded on first use (`PackedItems`).

What comes out compares equal to what went in.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from csjourney.diagnostics import Span
from csjourney.references import Defined, Ref, Uses

# A span from the plain tuple it crossed as: a named tuple's `__new__` is Python code.
_span = tuple.__new__


def reduce_defined(item: Defined) -> tuple[Any, ...]:
    return (_defined, _defined_fields(item))


def _defined_fields(item: Defined) -> tuple[Any, ...]:
    return (item.kind, item.id, item.where, tuple(item.span), item.name)


def _defined(kind: str, id: str, where: str, span: tuple[int, ...], name: str | None) -> Defined:
    return Defined(kind, id, where, _span(Span, span), name)


def reduce_ref(ref: Ref) -> tuple[Any, ...]:
    fix_span = None if ref.fix_span is None else tuple(ref.fix_span)
    flags = (ref.in_journey, ref.member, ref.reported, ref.well_formed)
    return (_ref, (ref.field, ref.value, ref.target, tuple(ref.span), fix_span, *flags))


def _ref(
    field: str,
    value: str,
    target: str,
    span: tuple[int, ...],
    fix_span: tuple[int, ...] | None,
    *flags: bool,
) -> Ref:
    fixed = None if fix_span is None else _span(Span, fix_span)
    return Ref(field, value, target, _span(Span, span), fixed, *flags)


def reduce_uses(uses: Uses) -> tuple[Any, ...]:
    items = uses.journey_items
    packed = items if isinstance(items, PackedItems) else PackedItems.pack(items)
    return (Uses, (packed, uses.journey_segments, uses.refs))


class PackedItems(Sequence[Defined]):
    """A journey's items as they crossed from a worker: one `bytes`, decoded when first read."""

    __slots__ = ("_items", "_packed")

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._items: list[Defined] | None = None

    @classmethod
    def pack(cls, items: Iterable[Defined]) -> PackedItems:
        fields = [_defined_fields(item) for item in items]
        return cls(pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL))

    @property
    def decoded(self) -> bool:
        return self._items is not None

    def _unpacked(self) -> list[Defined]:
        if self._items is None:
            self._items = [_defined(*fields) for fields in pickle.loads(self._packed)]
        return self._items

    @overload
    def __getitem__(self, index: int) -> Defined: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Defined]: ...
    def __getitem__(self, index: int | slice) -> Defined | Sequence[Defined]:
        return self._unpacked()[index]

    def __len__(self) -> int:
        return len(self._unpacked())

    def __iter__(self) -> Iterator[Defined]:
        return iter(self._unpacked())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return self._unpacked() == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list in all but name: unhashable

    def __repr__(self) -> str:
        return f"PackedItems({self._unpacked()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (PackedItems, (self._packed,))

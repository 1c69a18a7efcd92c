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
  `bytes` and are made on first use (`deferreditems.DeferredItems`).

What comes out compares equal to what went in.
"""

from __future__ import annotations

import pickle
from typing import Any

from csjourney.deferreditems import DeferredItems
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
    fields = [_defined_fields(item) for item in uses.journey_items]
    packed = pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)
    return (_uses, (packed, uses.journey_segments, uses.refs))


def _uses(packed: bytes, segments: list[str], refs: list[Ref]) -> Uses:
    return Uses(DeferredItems(packed, unpacked_items), segments, refs)


def unpacked_items(packed: bytes) -> list[Defined]:
    """A journey's items from what `reduce_uses` packed."""
    return [_defined(*fields) for fields in pickle.loads(packed)]

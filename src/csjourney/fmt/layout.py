"""The canonical layout of each kind of mapping, read from the structure of the format.

Key order is the order in which `csjourney.model` declares its fields (which
follows the format's tables: `id`, `name` first), so there is one source of
truth for it; `csjourney.structure` reads it. List style follows the field:
references (lists of ids) are written `[a, b]` when they fit on a line, every
other list in block style, history points as one `{date: ..., value: ...}`
per line; a short record such as `measure` written `{from: ..., statistic: ...}`
stays so while it fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.structure import Kind

# A flow-style id list is kept when its whole line fits in this many columns
# (the project's own line length); a longer one is written one id per line.
FLOW_LINE_LIMIT = 100


def fits_on_line(start: int, flow: str) -> bool:
    """Whether `flow` (`[a, b]`, `{k: v}`, as the loaded values print) fits on its key's
    line from column `start`: the one rule `formatter` and `canonical` both apply."""
    return start + len(flow) <= FLOW_LINE_LIMIT


@dataclass(frozen=True, slots=True)
class Shape:
    """How one kind of mapping is laid out."""

    keys: tuple[str, ...]  # canonical key order; unknown keys follow, in their own order
    children: dict[str, Shape] = field(default_factory=dict)  # field -> shape of its items
    id_lists: frozenset[str] = frozenset()  # fields holding lists of ids
    flow_items: frozenset[str] = frozenset()  # fields whose items are short flow mappings
    flow_records: frozenset[str] = frozenset()  # fields holding one short record: `{a: 1}`

    def order(self, present: list[str]) -> list[str]:
        known = [key for key in self.keys if key in present]
        return known + [key for key in present if key not in self.keys]


def _is_flow_item(kind: Kind) -> bool:
    """Small records of required scalars (history points) read best on one line."""
    fields = kind.model.model_fields.values()
    return not kind.children and len(fields) <= 3 and all(f.is_required() for f in fields)


def _is_record(kind: Kind) -> bool:
    """A single mapping of a few scalars (a metric's `measure`) reads best on its key's line."""
    return not kind.children and len(kind.keys) <= 4


@cache
def _shape(kind: Kind) -> Shape:
    children = kind.children.values()
    return Shape(
        kind.keys,
        {child.field: _shape(child.kind) for child in children},
        frozenset(name for name, ref in kind.references.items() if ref.many),
        frozenset(c.field for c in children if c.many and _is_flow_item(c.kind)),
        frozenset(c.field for c in children if not c.many and _is_record(c.kind)),
    )


def file_shape() -> Shape:
    from csjourney.structure import file_kind

    return _shape(file_kind())

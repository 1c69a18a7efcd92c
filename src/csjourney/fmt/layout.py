"""The canonical layout of each kind of mapping, read from the pydantic models.

Key order is the order in which `csjourney.model` declares its fields (which
follows the format's tables: `id`, `name` first), so there is one source of
truth for it. List style follows the field's type: lists of ids are written
`[a, b]` when they fit on a line, every other list in block style, and
history points as one `{date: ..., value: ...}` per line.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

# A flow-style id list is kept when its whole line fits in this many columns
# (the project's own line length); a longer one is written one id per line.
FLOW_LINE_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Shape:
    """How one kind of mapping is laid out."""

    keys: tuple[str, ...]  # canonical key order; unknown keys follow, in their own order
    children: dict[str, Shape] = field(default_factory=dict)  # field -> shape of its items
    id_lists: frozenset[str] = frozenset()  # fields holding lists of ids
    flow_items: frozenset[str] = frozenset()  # fields whose items are short flow mappings

    def order(self, present: list[str]) -> list[str]:
        known = [key for key in self.keys if key in present]
        return known + [key for key in present if key not in self.keys]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `annotation` (`Stage`, `list[Stage]`, `Journey | None`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            found = _nested_model(argument)
            if found is not None:
                return found
    return None


def _is_flow_item(model: type[BaseModel]) -> bool:
    """Small records of required scalars (history points) read best on one line."""
    fields = model.model_fields.values()
    return len(fields) <= 3 and all(
        f.is_required() and _nested_model(f.annotation) is None for f in fields
    )


@cache
def shape_of(model: type[BaseModel]) -> Shape:
    from csjourney.model import Id

    children: dict[str, Shape] = {}
    id_lists: set[str] = set()
    flow_items: set[str] = set()
    for name, info in model.model_fields.items():
        if info.annotation == list[Id]:
            id_lists.add(name)
        nested = _nested_model(info.annotation)
        if nested is not None:
            children[name] = shape_of(nested)
            if typing.get_origin(info.annotation) is list and _is_flow_item(nested):
                flow_items.add(name)
    return Shape(tuple(model.model_fields), children, frozenset(id_lists), frozenset(flow_items))


def file_shape() -> Shape:
    from csjourney.model import JourneyFile

    return shape_of(JourneyFile)

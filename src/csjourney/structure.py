"""The structure of a map, read once from the models: what holds what, what refers to what.

`csjourney.model` declares it, and nothing else restates it:

- each model's kind and id scope are class variables (`item_kind = "pain point"`,
  `id_scope = "journey"`);
- a child list is a field typed with a model (`touchpoints: list[Touchpoint]`);
- a reference is a field whose annotation carries `Ref(kind)`
  (`segments: Annotated[list[Id], Ref("segment")]`).

Why field metadata rather than a table beside the models: the kind a field
points at is written on the field itself, so a new reference field and its
target are one line, and no second list can drift from the first. A test
checks the other direction: every field that holds ids carries a `Ref`.

Everyone who needs the structure asks here: semantics (scopes and references
to resolve), validation (the model at a path, whether a path is a
reference), messages (the noun of a list's items), fmt (key order, id
lists), diff (which lists are compared item by item), lint and render (every
item, by kind). `walk` is the one walker; it takes validated models or the
raw loaded data alike.
"""

from __future__ import annotations

import types
import typing
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, TypeVar

from csjourney.fieldtypes import Ref, Strict
from csjourney.model import JourneyFile

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=Strict)


@dataclass(frozen=True, slots=True)
class Reference:
    """A field that holds the id (`many=False`) or a list of ids of a `target` kind."""

    field: str
    target: str
    many: bool
    attribute: str  # the model's attribute for `field`


@dataclass(frozen=True, slots=True)
class Child:
    """A field that holds one item (`journey`) or a list of items of `kind`."""

    field: str
    kind: Kind
    many: bool
    attribute: str  # the model's attribute for `field` (`from_` for `from`)


@dataclass(frozen=True, eq=False)
class Kind:
    """One kind of mapping in the format, as the models declare it."""

    name: str  # "pain point", as messages and diffs say it
    noun: str  # "evidence item" where the kind's name alone reads badly
    model: type[Strict]
    scope: str | None  # where the id is unique; None when the model has no id
    keys: tuple[str, ...]  # every key, in canonical (declaration) order, as the file writes it
    children: dict[str, Child] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)  # key -> attribute, where they differ

    def attribute(self, key: str) -> str:
        """The model's attribute for a key of the file (`from` is `from_`)."""
        return self.attributes.get(key, key)


def model_in(annotation: Any) -> type[Strict] | None:
    """The model inside `annotation` (`Stage`, `list[Stage]`, `Journey | None`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            found = model_in(argument)
            if found is not None:
                return found
    return None


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation) if a is not type(None))
    return typing.get_origin(annotation) is list


@cache
def kind_of(model: type[Strict]) -> Kind:
    """The kind of `model`, with the kinds of everything below it."""
    keys = {info.alias or name: name for name, info in model.model_fields.items()}
    kind = Kind(
        model.item_kind,
        model.item_noun or model.item_kind,
        model,
        model.id_scope,
        tuple(keys),
        attributes={key: name for key, name in keys.items() if key != name},
    )
    for name, info in ((key, model.model_fields[attr]) for key, attr in keys.items()):
        nested = model_in(info.annotation)
        if nested is not None:
            many = _is_list(info.annotation)
            kind.children[name] = Child(name, kind_of(nested), many, keys[name])
        for ref in (m for m in info.metadata if isinstance(m, Ref)):
            many = _is_list(info.annotation)
            kind.references[name] = Reference(name, ref.kind, many, keys[name])
    return kind


def file_kind() -> Kind:
    return kind_of(JourneyFile)


@cache
def kinds() -> dict[str, Kind]:
    """Every kind by name, in the order the format declares them (a file's fields, depth first)."""
    found: dict[str, Kind] = {}

    def visit(kind: Kind) -> None:
        found.setdefault(kind.name, kind)
        for child in kind.children.values():
            visit(child.kind)

    visit(file_kind())
    return found


def kinds_in(scope: str) -> list[Kind]:
    return [kind for kind in kinds().values() if kind.scope == scope]


@cache
def list_nouns() -> dict[str, str]:
    """The noun for an item of each list of the format: `pain_points` -> "pain point"."""
    return {
        child.field: child.kind.noun
        for kind in kinds().values()
        for child in kind.children.values()
        if child.many
    }


class Sourced(Protocol):
    """A file whose positions are known: a loaded file or a validated one."""

    @property
    def source(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class Node:
    """One item met by `walk`: its kind, its path in the document and its value."""

    kind: Kind
    loc: Loc
    value: Any  # a model, or a mapping of the raw loaded data
    parent: Node | None = None
    file: Sourced | None = None

    @property
    def span(self) -> Any:
        """The item's position in its file (needs `walk(..., file=...)`)."""
        assert self.file is not None
        return self.file.source.locate(self.loc)

    def get(self, key: str) -> Any:
        """The value of `key` (as the file writes it) in a mapping or a model."""
        if isinstance(self.value, dict):
            return self.value.get(key)
        return getattr(self.value, self.kind.attribute(key), None)

    def up(self, kind_name: str) -> Node | None:
        """The nearest enclosing item of `kind_name` (the stage of a touchpoint)."""
        node = self.parent
        while node is not None and node.kind.name != kind_name:
            node = node.parent
        return node


def walk(
    value: Any, kind: Kind | None = None, loc: Loc = (), file: Sourced | None = None
) -> Iterator[Node]:
    """Every item in `value`, itself first, level by level, each list in file order.

    Level by level means a journey's own metrics come before its stages'
    metrics, as the reports list them. In raw data a list or item of the wrong
    shape is skipped: the model reports it.
    """
    queue = deque([Node(kind or file_kind(), loc, value, None, file)])
    while queue:
        node = queue.popleft()
        yield node
        found = node.value
        raw = isinstance(found, dict)
        for child in node.kind.children.values():
            # `Node.get`, inline: this loop is run over every item of every file, twice.
            held = found.get(child.field) if raw else getattr(found, child.attribute, None)
            if not child.many:
                if held is not None and (isinstance(held, dict) or not raw):
                    queue.append(Node(child.kind, (*node.loc, child.field), held, node, file))
                continue
            for index, item in enumerate(held if isinstance(held, list) else ()):
                if isinstance(item, dict) or not raw:
                    where = (*node.loc, child.field, index)
                    queue.append(Node(child.kind, where, item, node, file))


def items_of(
    value: Strict, model: type[M], file: Sourced | None = None
) -> Iterator[tuple[Node, M]]:
    """The items of `model` in `value` (a validated file or journey), with their nodes."""
    start = kind_of(type(value))
    loc: Loc = ("journey",) if start.name == "journey" else ()
    for node in walk(value, start, loc, file):
        if isinstance(node.value, model):
            yield node, node.value


def kind_at(loc: Loc) -> Kind | None:
    """The kind of the item at `loc` (indexes skipped), or None when `loc` is not an item."""
    kind = file_kind()
    for part in loc:
        if isinstance(part, int):
            continue
        child = kind.children.get(part)
        if child is None:
            return None
        kind = child.kind
    return kind


def reference_at(loc: Loc) -> Reference | None:
    """The reference whose value is at `loc`, or None when `loc` holds no id of a reference.

    `("journey", "stages", 0, "segments", 1)` is one: a stage's second segment.
    """
    kind, rest = file_kind(), list(loc)
    while rest:
        part = rest.pop(0)
        if not isinstance(part, str):
            return None
        child = kind.children.get(part)
        if child is not None:
            if child.many and not (rest and isinstance(rest.pop(0), int)):
                return None
            kind = child.kind
            continue
        ref = kind.references.get(part)
        if ref is None:
            return None
        whole = len(rest) == 1 and isinstance(rest[0], int) if ref.many else not rest
        return ref if whole else None
    return None

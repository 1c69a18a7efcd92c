"""How structural messages name items, keys and values, and what a shape mistake means.

Items are named as people know them: `stage Onboarding (onboarding)`, or
`stage 2` (counted from 1) when it has neither name nor id. A value of the
wrong shape is most often a dash too many or too few: a mapping where a list
of items belongs, or one item written as several (`split_items`); the hints
say so in the words of docs/errors.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from csjourney.structure import list_nouns, reference_at
from csjourney.values import number_text
from csjourney.wording import NAME_WIDTH, named

Loc = tuple[str | int, ...]

_DASH = "a dash and a space (`- `)"


def node_at(data: Any, loc: Loc) -> Any:
    """The value at `loc` in the loaded data, or None."""
    node = data
    for part in loc:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def _noun(loc: Loc) -> str:
    container = next((p for p in reversed(loc) if isinstance(p, str)), "")
    return list_nouns().get(container, f"item of `{container}`")


def describe_item(data: Any, loc: Loc) -> str:
    """'stage Onboarding (onboarding)', 'touchpoint 2', 'the journey', 'the file'."""
    if not loc:
        return "the file"
    if loc == ("journey",):
        return "the journey"
    if not isinstance(loc[-1], int):
        return f"`{loc[-1]}`"
    return f"{_noun(loc)} {label(node_at(data, loc), loc[-1])}"


def label(item: Any, index: int) -> str:
    """An item as `Name (id)` (wording.named), its name or id alone, or its number from 1."""
    fields = item if isinstance(item, dict) else {}
    item_id, name = fields.get("id"), fields.get("name")
    name = name if isinstance(name, str) and name.strip() else None
    if isinstance(item_id, str) and item_id:
        return named(name, item_id)
    if name is None:
        return str(index + 1)
    one_line = " ".join(name.split())
    return one_line if len(one_line) <= NAME_WIDTH else one_line[: NAME_WIDTH - 1].rstrip() + "…"


def key_phrase(loc: Loc) -> str:
    """The key or list item a value stands at: '`target`', 'stage 1', 'item 2 of `segments`'."""
    if not loc:
        return "the file"
    if not isinstance(loc[-1], int):
        return f"`{loc[-1]}`"
    container = next((p for p in reversed(loc) if isinstance(p, str)), "")
    noun = list_nouns().get(str(container))
    if noun is not None and reference_at(loc) is None:  # items, not ids of items
        return f"{noun} {loc[-1] + 1}"
    return f"item {loc[-1] + 1} of `{container}`" if container else f"item {loc[-1] + 1}"


def describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (true/false)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text `{shown}`"
    if isinstance(value, int | float):
        return f"the number `{number_text(value)}`"
    if isinstance(value, dt.date):
        return f"the date `{value.isoformat()}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "something else"


def type_hint(expected: str, value: Any, loc: Loc) -> str | None:
    """What to write instead, for a value of the wrong type at `loc`."""
    is_item = bool(loc) and isinstance(loc[-1], int)
    key = str(loc[-1]) if loc else ""
    if expected == "text" and isinstance(value, int | float | bool | dt.date):
        return "put the value in quotes to make it text"
    if expected in ("a number", "a whole number") and isinstance(value, str):
        return "write the number without quotes"
    if expected == "a list" and isinstance(value, dict):
        if key in list_nouns():
            return (
                f"each {list_nouns()[key]} is one list item: start it with {_DASH}, "
                "and indent its keys under it"
            )
        return f"start each item of the list with {_DASH}"
    if expected == "a list" and not isinstance(value, list):
        return f"write a list: `[a, b]`, or one item per line, each starting with {_DASH}"
    if expected == "a mapping of keys" and isinstance(value, list):
        if is_item:
            return "this item starts with two dashes (`- - `): remove one of them"
        return f"`{key}` holds keys, not a list: remove the dash (`- `) before its first key"
    if expected == "a mapping of keys" and isinstance(value, str | int | float):
        if is_item:
            return (
                f"write the {_noun(loc)} as keys and values after its dash: `- id: ...`, "
                "then `name: ...` on the next line, lined up under `id`"
            )
        return f"write keys and values on the lines below `{key}:`, indented under it"
    return None


def split_items(
    data: Any, lacking: dict[Loc, set[str]], required: Callable[[Loc], set[str]]
) -> Iterator[tuple[list[Loc], set[str]]]:
    """Runs of list items that are one item written with a dash before each key.

    `lacking` holds the required keys each item misses. A run is two or more
    items in a row, each missing keys, none repeating another's key, that
    together miss fewer than the first does alone. Yields each run's items and
    the keys still missing from them all.
    """
    by_list: dict[Loc, list[int]] = {}
    for loc in lacking:
        if loc and isinstance(loc[-1], int):
            by_list.setdefault(loc[:-1], []).append(loc[-1])
    for parent, indexes in by_list.items():
        run: list[int] = []
        for index in [*sorted(indexes), -1]:  # -1 closes the last run
            keys = node_at(data, (*parent, index)) if index >= 0 else None
            seen = {k for i in run for k in node_at(data, (*parent, i)) or {}}
            joins = (
                isinstance(keys, dict)
                and bool(run)
                and index == run[-1] + 1
                and not seen & keys.keys()
            )
            if joins:
                run.append(index)
                continue
            if len(run) >= 2:
                still = required((*parent, run[0])) - seen
                if len(still) < len(lacking[(*parent, run[0])]):
                    yield [(*parent, i) for i in run], still
            run = [index] if isinstance(keys, dict) else []

"""Compare two workspaces by id and list what changed, as plain data.

Items are matched by id, never by file or position: a segment moved to
another file, or a touchpoint moved to another stage, is one "moved" change,
not a removal plus an addition. Lint findings are matched by rule and the id
of the item they are about (or their message), never by line number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from csjourney.diagnostics import Diagnostic
from csjourney.diff.sides import Side, load_models, workspace_without
from csjourney.domain import is_better
from csjourney.fieldtypes import Strict
from csjourney.model import Journey, Metric, Stage
from csjourney.structure import Child, file_kind, kind_of, kinds_in, walk

Item = Strict  # any item with an id: a segment, a stage, a metric...
Placed = dict[str, tuple[str, Item]]  # id -> (file or stage, item)

JOURNEY_WIDE = "(journey)"  # the place of journey-level metrics and goals; never a stage id


@dataclass(frozen=True, slots=True)
class Change:
    action: str  # added, removed, renamed, changed, moved, reordered, introduced, resolved
    kind: str  # journey, segment, evidence, channel, stage, touchpoint, pain point, ...
    id: str  # the item's id; a finding's rule code
    name: str  # the item's name (its new one when renamed); a finding's rule name
    journey: str | None = None  # the journey an item belongs to
    field: str | None = None
    old: Any = None  # JSON-ready values
    new: Any = None
    verdict: str | None = None  # "better" or "worse", for metric values
    where: str | None = None  # the stage an item is in; a finding's file:line


def plain(value: Any) -> Any:
    """A JSON-ready copy: dates as ISO text, whole floats as ints, models as dicts."""
    if isinstance(value, BaseModel):
        dumped = value.model_dump(exclude_defaults=True, by_alias=True)  # keys as files write them
        return {k: plain(v) for k, v in dumped.items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _title(item: Item) -> str:
    return str(getattr(item, "name", None) or getattr(item, "title", ""))


def _values(item: Item) -> dict[str, Any]:
    """The fields to compare, with defaults applied the way readers of the map see them."""
    kind = kind_of(type(item))
    # Lists of items with ids are compared item by item, by id, not as values.
    nested = {c.field for c in kind.children.values() if c.kind.scope is not None}
    values = {key: getattr(item, kind.attribute(key)) for key in kind.keys if key not in nested}
    if isinstance(item, Stage):
        values["kind"], values["phase"] = item.effective_kind, item.effective_phase
    if isinstance(item, Metric):
        values["direction"] = item.effective_direction
    return values


def _verdict(metric: Metric, field: str, old: Any, new: Any) -> str | None:
    if field != "current" or not isinstance(old, int | float) or not isinstance(new, int | float):
        return None
    return "better" if is_better(metric, old, new) else "worse"


def compare_fields(kind: str, old: Item, new: Item, journey: str | None) -> Iterator[Change]:
    before, after = _values(old), _values(new)
    item_id, name = str(after["id"]), _title(new)
    for field in before:
        if before[field] == after[field] or field == "id":
            continue
        action = "renamed" if field in ("name", "title") else "changed"
        verdict = (
            _verdict(new, field, before[field], after[field]) if isinstance(new, Metric) else None
        )
        yield Change(
            action,
            kind,
            item_id,
            name,
            journey,
            field,
            plain(before[field]),
            plain(after[field]),
            verdict,
        )


def compare_items(
    kind: str,
    old: Placed,
    new: Placed,
    journey: str | None = None,
    place: str = "file",
) -> Iterator[Change]:
    for item_id, (where, item) in old.items():
        if item_id not in new:
            yield Change("removed", kind, item_id, _title(item), journey, where=where)
    for item_id, (where, item) in new.items():
        if item_id not in old:
            yield Change("added", kind, item_id, _title(item), journey, where=where)
            continue
        old_where, old_item = old[item_id]
        if old_where != where:
            yield Change(
                "moved", kind, item_id, _title(item), journey, place, old_where, where, where=where
            )
        yield from compare_fields(kind, old_item, item, journey)


def _in_journey(journey: Journey) -> dict[str, Placed]:
    """Every item of the journey by kind, with its place: its stage, or the journey itself."""
    placed: dict[str, Placed] = {kind.name: {} for kind in kinds_in("journey")}
    for node in walk(journey, kind_of(Journey), ("journey",)):
        parent = node.parent
        if parent is None or node.kind.scope != "journey":
            continue
        on_journey = parent.kind.name == "journey" and node.kind.name != "stage"
        place = JOURNEY_WIDE if on_journey else str(parent.value.id)
        placed[node.kind.name][str(node.value.id)] = (place, node.value)
    return placed


def compare_journey(old: Journey, new: Journey) -> Iterator[Change]:
    journey = new.id
    yield from compare_fields("journey", old, new, journey)
    before, after = _in_journey(old), _in_journey(new)
    for kind in kinds_in("journey"):
        yield from compare_items(kind.name, before[kind.name], after[kind.name], journey, "stage")
        if kind.name == "stage":
            kept_old = [s.id for s in old.stages if s.id in after["stage"]]
            kept_new = [s.id for s in new.stages if s.id in before["stage"]]
            if kept_old != kept_new:
                yield Change(
                    "reordered", "stage", journey, new.title, journey, "stages", kept_old, kept_new
                )


@cache
def _top_level_shared() -> tuple[Child, ...] | None:
    """The file's lists of shared items, when no shared item can sit deeper (as today):
    then they are all there, in the order a walk of the whole file meets them."""
    top = file_kind().children.values()
    seen: set[str] = set()
    pending = [grandchild.kind for child in top for grandchild in child.kind.children.values()]
    while pending:
        kind = pending.pop()
        if kind.scope == "workspace":
            return None
        if kind.name not in seen:
            seen.add(kind.name)
            pending += [child.kind for child in kind.children.values()]
    return tuple(child for child in top if child.kind.scope == "workspace")


def _shared_nodes(model: Any) -> Iterator[tuple[str, Any]]:
    """(kind, item) of every shared item in a file, without walking its journey."""
    top = _top_level_shared()
    if top is None:
        nodes = (node for node in walk(model) if node.kind.scope == "workspace")
        yield from ((node.kind.name, node.value) for node in nodes)
        return
    for child in top:
        held = getattr(model, file_kind().attribute(child.field), None)
        if child.many:
            items = held if isinstance(held, list) else []
            yield from ((child.kind.name, item) for item in items)
        elif held is not None:
            yield child.kind.name, held


def _shared(side: Side, excluded: set[Path]) -> dict[str, Placed]:
    """The workspace's shared items (segments, evidence, channels) by kind, with their file."""
    placed: dict[str, Placed] = {kind.name: {} for kind in kinds_in("workspace")}
    for path, file in workspace_without(side, excluded):
        for kind, item in _shared_nodes(file.model):
            placed[kind][str(item.id)] = (path.as_posix(), item)
    return placed


def _journeys(side: Side, excluded: set[Path]) -> dict[str, tuple[str, Journey]]:
    files = workspace_without(side, excluded)
    return {
        f.model.journey.id: (p.as_posix(), f.model.journey)
        for p, f in files
        if f.model.journey is not None
    }


def compare(old: Side, new: Side) -> list[Change]:
    """Every change from `old` to `new`, in a stable order: library, journeys, findings.

    Items are compared in the files whose text differs between the sides (only those
    are loaded as models): a file with the same bytes on both sides holds the same items.
    """
    excluded = old.broken_files | new.broken_files
    differing = [p for p in {**old.texts, **new.texts} if old.texts.get(p) != new.texts.get(p)]
    for side in (old, new):
        load_models(side, sorted(differing))
    changes: list[Change] = []
    before, after = _shared(old, excluded), _shared(new, excluded)
    for kind in kinds_in("workspace"):
        changes += compare_items(kind.name, before[kind.name], after[kind.name])
    old_journeys, new_journeys = _journeys(old, excluded), _journeys(new, excluded)
    for journey_id, (where, journey) in new_journeys.items():
        if journey_id not in old_journeys:
            changes.append(
                Change("added", "journey", journey_id, journey.title, journey_id, where=where)
            )
            continue
        old_where, old_journey = old_journeys[journey_id]
        if old_where != where:
            changes.append(
                Change(
                    "moved",
                    "journey",
                    journey_id,
                    journey.title,
                    journey_id,
                    "file",
                    old_where,
                    where,
                )
            )
        if old_journey != journey:  # equal models (most files, often the same bytes) differ nowhere
            changes += compare_journey(old_journey, journey)
    for journey_id, (where, journey) in old_journeys.items():
        if journey_id not in new_journeys:
            changes.append(
                Change("removed", "journey", journey_id, journey.title, journey_id, where=where)
            )
    changes += compare_findings(old, new, excluded)
    return changes


Located = list[tuple[Path, Diagnostic]]


def _same_finding(d: Diagnostic) -> tuple[str, str | None, str]:
    return d.code, d.subject, d.message


def _same_rule_and_item(d: Diagnostic) -> tuple[str, str]:
    # A message may hold figures that drift ("measured 130 days ago"); the item does not.
    return d.code, d.subject or d.message


def _pair_off(
    before: Located, after: Located, key: Callable[[Diagnostic], Any]
) -> tuple[Located, Located]:
    """Drop the findings present on both sides by `key`; return what is left of each."""
    matched = Counter(key(d) for _, d in before) & Counter(key(d) for _, d in after)

    def left(items: Located) -> Located:
        budget = matched.copy()
        kept = []
        for path, diagnostic in items:
            if budget[key(diagnostic)] > 0:
                budget[key(diagnostic)] -= 1
            else:
                kept.append((path, diagnostic))
        return kept

    return left(before), left(after)


def _by_file(located: Located, excluded: set[Path]) -> dict[Path, Located]:
    """The findings of each file, in order; a file's come together, naming one path object."""
    files: dict[Path, Located] = {}
    for _, run in groupby(located, key=lambda pair: id(pair[0])):
        found = list(run)
        if found[0][0] not in excluded:
            files.setdefault(found[0][0], []).extend(found)
    return files


def _keys(found: Located) -> list[tuple[str, str | None, str]]:
    return [_same_finding(d) for _, d in found]


def compare_findings(old: Side, new: Side, excluded: set[Path]) -> list[Change]:
    """Findings only NEW has (introduced) and only OLD had (resolved), matched without lines."""
    old_files, new_files = _by_file(old.findings, excluded), _by_file(new.findings, excluded)
    # A file with the same findings on both sides (most files) would pair off whole: it is
    # left out first, and a finding left over is then reported where it changed.
    for path in old_files.keys() & new_files.keys():
        if _keys(old_files[path]) == _keys(new_files[path]):
            del old_files[path], new_files[path]
    before = [pair for found in old_files.values() for pair in found]
    after = [pair for found in new_files.values() for pair in found]
    for key in (_same_finding, _same_rule_and_item):
        before, after = _pair_off(before, after, key)
    introduced = [_finding("introduced", path, d) for path, d in after]
    return introduced + [_finding("resolved", path, d) for path, d in before]


def _finding(action: str, path: Path, d: Diagnostic) -> Change:
    detail = {"severity": d.severity.label, "message": d.message}
    old, new = (detail, None) if action == "resolved" else (None, detail)
    where = f"{path.as_posix()}:{d.line}"
    return Change(action, "finding", d.code, d.name, old=old, new=new, where=where)

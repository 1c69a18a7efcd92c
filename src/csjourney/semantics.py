"""Checks across items and files: ids, references, metric ranges, history order.

They run on the raw loaded data, not the models, so a file whose model failed
to validate still gets its reference errors reported in the same run. Values
of the wrong shape are skipped here: the model already reported them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csjourney.diagnostics import Diagnostic, structural
from csjourney.loader import LoadedFile
from csjourney.metric_types import METRIC_TYPES
from csjourney.model import BUILTIN_CHANNELS, ID_PATTERN
from csjourney.suggest import HINTS_PER_FILE, Pool, did_you_mean, slugify
from csjourney.values import number_text

Loc = tuple[str | int, ...]
_ID = re.compile(ID_PATTERN)

# Which lists of a journey hold which kind of item.
JOURNEY_ITEM_LISTS = {"goals": "goal", "metrics": "metric"}
STAGE_ITEM_LISTS = {
    "touchpoints": "touchpoint",
    "pain_points": "pain point",
    "initiatives": "initiative",
    "metrics": "metric",
}
# field -> kind of item it refers to, per kind of item.
REFERENCES: dict[str, dict[str, str]] = {
    "journey": {"segments": "segment"},
    "stage": {"segments": "segment"},
    "touchpoint": {"segments": "segment", "channel": "channel"},
    "pain point": {"touchpoints": "touchpoint", "segments": "segment", "evidence": "evidence"},
    "initiative": {"addresses": "pain point", "improves": "metric"},
    "metric": {"source": "evidence"},
    "goal": {"metrics": "metric", "segments": "segment"},
}
# Reference fields that hold one id; every other reference field holds a list.
SINGLE_REFERENCES = {"channel", "source"}
WORKSPACE_KINDS = {"segments": "segment", "evidence": "evidence", "channels": "channel"}


@dataclass(frozen=True, slots=True)
class Item:
    kind: str
    id: str
    file: LoadedFile
    loc: Loc


def _dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _item_id(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) and _ID.match(value) else None


def _malformed_id(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) and not _ID.match(value) else None


def journey_items(journey: dict[str, Any]) -> Iterator[tuple[str, Loc, dict[str, Any]]]:
    """Every item of a journey with its kind and path, stages first, in file order."""
    for s, stage in _dicts(journey.get("stages")):
        yield "stage", ("journey", "stages", s), stage
        for list_name, kind in STAGE_ITEM_LISTS.items():
            for i, item in _dicts(stage.get(list_name)):
                yield kind, ("journey", "stages", s, list_name, i), item
    for list_name, kind in JOURNEY_ITEM_LISTS.items():
        for i, item in _dicts(journey.get(list_name)):
            yield kind, ("journey", list_name, i), item


class _Checker:
    def __init__(self, files: list[LoadedFile], unreadable: list[Path]) -> None:
        self.files = [f for f in files if isinstance(f.data, dict)]
        self.unreadable = unreadable
        # Items whose id is malformed (reported by the model), by the id they
        # most likely meant: a reference to that id then says where to look.
        self.malformed: dict[str, Item] = {}
        self.found: list[Diagnostic] = []
        self.workspace: dict[str, Item] = {}  # segments, evidence, channels by id
        self.journeys: dict[str, Item] = {}
        self.hints: Counter[Path] = Counter()  # 'did you mean' hints computed, per file
        self.pools: dict[str, Pool] = {}  # candidate ids by kind, for the current journey

    def error(
        self,
        name: str,
        message: str,
        file: LoadedFile,
        loc: Loc,
        hint: str | None = None,
        kind: str | None = None,  # of the item whose id is in question
    ) -> None:
        span = file.source.locate(loc)
        self.found.append(structural(name, message, file.path, span, hint, item_kind=kind))

    def _where(self, item: Item) -> str:
        span = item.file.source.locate((*item.loc, "id"))
        return f"{_display(item.file.path)}:{span.line}"

    def run(self) -> list[Diagnostic]:
        for file in self.files:
            self._collect_workspace_ids(file)
        for file in self.files:
            journey = file.data.get("journey") if file.data else None
            if isinstance(journey, dict):
                self._check_journey(file, journey)
        return self.found

    def _collect_workspace_ids(self, file: LoadedFile) -> None:
        assert file.data is not None
        entries = [
            (kind, (list_name, index), item)
            for list_name, kind in WORKSPACE_KINDS.items()
            for index, item in _dicts(file.data.get(list_name))
        ]
        for kind, loc, item in sorted(entries, key=lambda t: _position(file, t[1])):
            self._note_malformed(file, kind, loc, item)
            item_id = _item_id(item)
            if item_id is None:
                continue
            if kind == "channel" and item_id in BUILTIN_CHANNELS:
                self.error(
                    "channel-shadows-builtin",
                    f"channel `{item_id}` is already a built-in channel",
                    file,
                    (*loc, "id"),
                    "remove it from `channels`, or give it another id",
                )
                continue
            self._register(self.workspace, Item(kind, item_id, file, loc))
        journey = file.data.get("journey")
        if isinstance(journey, dict) and (journey_id := _item_id(journey)):
            self._register(self.journeys, Item("journey", journey_id, file, ("journey",)))

    def _note_malformed(self, file: LoadedFile, kind: str, loc: Loc, item: dict[str, Any]) -> None:
        raw = _malformed_id(item)
        if raw is not None:
            self.malformed.setdefault(slugify(raw), Item(kind, raw, file, loc))

    def _register(self, table: dict[str, Item], item: Item) -> None:
        first = table.get(item.id)
        if first is None:
            table[item.id] = item
            return
        what = f"another {_noun(first.kind)}" if first.kind == item.kind else _a(first.kind)
        self.error(
            "duplicate-id",
            f"{item.kind} id `{item.id}` is already used by {what} at {self._where(first)}",
            item.file,
            (*item.loc, "id"),
            "ids must be unique; rename one of them",
            item.kind,
        )

    def _check_journey(self, file: LoadedFile, journey: dict[str, Any]) -> None:
        items: dict[str, Item] = {}
        self.pools = {}
        # In file order, so that the later of two clashing items is the one reported.
        in_file_order = sorted(journey_items(journey), key=lambda t: _position(file, t[1]))
        for kind, loc, raw in in_file_order:
            self._note_malformed(file, kind, loc, raw)
            item_id = _item_id(raw)
            if item_id is not None:
                self._register(items, Item(kind, item_id, file, loc))
        segments = journey.get("segments")
        journey_segments = (
            {s for s in segments if isinstance(s, str)} if isinstance(segments, list) else set()
        )
        self._check_refs(file, "journey", ("journey",), journey, items, journey_segments)
        for kind, loc, raw in journey_items(journey):
            self._check_refs(file, kind, loc, raw, items, journey_segments)
            if kind == "metric":
                self._check_metric(file, loc, raw)

    def _check_refs(
        self,
        file: LoadedFile,
        kind: str,
        loc: Loc,
        raw: dict[str, Any],
        items: dict[str, Item],
        journey_segments: set[str],
    ) -> None:
        for field_name, target_kind in REFERENCES[kind].items():
            value = raw.get(field_name)
            # A value of the wrong shape (text where a list belongs) is the model's to report.
            if field_name in SINGLE_REFERENCES:
                refs: list[tuple[int | None, Any]] = [(None, value)]
            else:
                refs = list(enumerate(value)) if isinstance(value, list) else []
            for index, ref in refs:
                if not isinstance(ref, str) or not _ID.match(ref):
                    continue
                ref_loc = (*loc, field_name) if index is None else (*loc, field_name, index)
                self._resolve(file, ref_loc, field_name, ref, target_kind, items)
                if (
                    target_kind == "segment"
                    and kind != "journey"
                    and ref in self.workspace
                    and ref not in journey_segments
                ):
                    self.error(
                        "segment-not-in-journey",
                        f"segment `{ref}` is not one of this journey's segments "
                        f"({', '.join(sorted(journey_segments)) or 'none'})",
                        file,
                        ref_loc,
                        "add it to the journey's `segments`, or remove it here",
                        "segment",
                    )

    def _resolve(
        self,
        file: LoadedFile,
        loc: Loc,
        field_name: str,
        ref: str,
        target_kind: str,
        items: dict[str, Item],
    ) -> None:
        if target_kind == "channel" and ref in BUILTIN_CHANNELS:
            return
        first, second = (
            (self.workspace, items)
            if target_kind in WORKSPACE_KINDS.values()
            else (items, self.workspace)
        )
        target = first.get(ref) or second.get(ref)
        if target is not None and target.kind == target_kind:
            return
        if target is not None:
            self.error(
                "wrong-kind-reference",
                f"`{ref}` is {_a(target.kind)}; `{field_name}` expects {_a(target_kind)}",
                file,
                loc,
                f"`{ref}` is defined at {self._where(target)}",
                target_kind,
            )
            return
        if target_kind == "channel":
            name = "unknown-channel"
            message = f"unknown channel `{ref}`"
            fallback = "declare it under `channels`, or use a built-in channel"
        else:
            name, message, fallback = (
                "unknown-reference",
                f"no {target_kind} has the id `{ref}`",
                None,
            )
        meant = self.malformed.get(ref)
        if meant is not None and meant.kind == target_kind:
            fallback = (
                f"the {target_kind} at {self._where(meant)} has the id `{meant.id}`, which is not "
                f"a valid id; write it as `{ref}` and this reference resolves"
            )
        elif target_kind in WORKSPACE_KINDS.values() and self.unreadable:
            # The definition may sit in a library file that failed to load.
            names = ", ".join(_display(p) for p in self.unreadable)
            fallback = f"it may be defined in {names}, which could not be read; fix that first"
        hint = self._suggest(file, ref, target_kind, items) or fallback
        self.error(name, message, file, loc, hint, target_kind)

    def _suggest(
        self, file: LoadedFile, ref: str, target_kind: str, items: dict[str, Item]
    ) -> str | None:
        """A 'did you mean' for the first HINTS_PER_FILE unknown references of a file."""
        self.hints[file.path] += 1
        if self.hints[file.path] > HINTS_PER_FILE:
            return None
        pool = self.pools.get(target_kind)
        if pool is None:  # built once per journey and kind, not once per reference
            ids = [
                i.id for i in (*items.values(), *self.workspace.values()) if i.kind == target_kind
            ]
            if target_kind == "channel":
                ids.extend(BUILTIN_CHANNELS)
            pool = self.pools[target_kind] = Pool(ids)
        return did_you_mean(ref, pool)

    def _check_metric(self, file: LoadedFile, loc: Loc, metric: dict[str, Any]) -> None:
        type_name = metric.get("type")
        metric_type = METRIC_TYPES.get(type_name) if isinstance(type_name, str) else None
        if metric_type is not None:
            for field_name in ("target", "current", "baseline"):
                self._check_range(
                    file, (*loc, field_name), field_name, metric.get(field_name), metric_type
                )
        previous: dt.date | None = None
        for index, point in _dicts(metric.get("history")):
            if metric_type is not None:
                self._check_range(
                    file,
                    (*loc, "history", index, "value"),
                    "value",
                    point.get("value"),
                    metric_type,
                )
            when = point.get("date")
            if isinstance(when, str):
                try:
                    when = dt.date.fromisoformat(when)
                except ValueError:
                    continue
            if not isinstance(when, dt.date):
                continue
            if previous is not None and when <= previous:
                self.error(
                    "history-order",
                    f"history date {when.isoformat()} does not come after {previous.isoformat()}",
                    file,
                    (*loc, "history", index, "date"),
                    "list history oldest first, one entry per date",
                )
            previous = when

    def _check_range(
        self, file: LoadedFile, loc: Loc, field_name: str, value: Any, metric_type: Any
    ) -> None:
        # Non-numbers, infinity and NaN are the model's to report.
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        if isinstance(value, float) and not math.isfinite(value):
            return
        if not metric_type.contains(value):  # exact for ints of any size, unlike float(value)
            self.error(
                "out-of-range",
                f"`{field_name}` {number_text(value)} is outside the range of a "
                f"`{metric_type.name}` metric ({metric_type.range_text})",
                file,
                loc,
            )


def _position(file: LoadedFile, loc: Loc) -> tuple[int, int]:
    span = file.source.locate(loc)
    return span.line, span.column


def _noun(kind: str) -> str:
    return "evidence item" if kind == "evidence" else kind


def _a(kind: str) -> str:
    """'a segment', 'an initiative', 'an evidence item'."""
    noun = _noun(kind)
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _display(path: Path) -> str:
    return path.as_posix()


def check(files: list[LoadedFile], unreadable: list[Path] | None = None) -> list[Diagnostic]:
    """Cross-item diagnostics for the loaded files of one workspace.

    `unreadable` names the workspace's files that failed to load, so a
    reference into one of them can say where the definition probably is.
    """
    return _Checker(files, unreadable or []).run()

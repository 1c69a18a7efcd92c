"""Checks across items and files: ids, references, metric ranges, history order.

They run on the raw loaded data, not the models, so a file whose model failed
to validate still gets its reference errors reported in the same run. Values
of the wrong shape are skipped here: the model already reported them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from csjourney.diagnostics import Diagnostic
from csjourney.loader import LoadedFile
from csjourney.metric_types import METRIC_TYPES
from csjourney.model import BUILTIN_CHANNELS
from csjourney.references import (
    _ID,
    JOURNEY_ITEM_LISTS,
    STAGE_ITEM_LISTS,
    WORKSPACE_KINDS,
    Item,
    Loc,
    ReferenceChecks,
    a_kind,
    noun,
)
from csjourney.suggest import slugify
from csjourney.values import number_text, with_article

__all__ = ["WORKSPACE_KINDS", "check", "journey_items"]


def _dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _name(item: dict[str, Any]) -> str | None:
    value = item.get("name")
    return value if isinstance(value, str) else None


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


class _Checker(ReferenceChecks):
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
            self._register(self.workspace, Item(kind, item_id, file, loc, _name(item)))
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
        what = f"another {noun(first.kind)}" if first.kind == item.kind else a_kind(first.kind)
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
                self._register(items, Item(kind, item_id, file, loc, _name(raw)))
        segments = journey.get("segments")
        journey_segments = (
            {s for s in segments if isinstance(s, str)} if isinstance(segments, list) else set()
        )
        self._check_refs(file, "journey", ("journey",), journey, items, journey_segments)
        for kind, loc, raw in journey_items(journey):
            self._check_refs(file, kind, loc, raw, items, journey_segments)
            if kind == "metric":
                self._check_metric(file, loc, raw)

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
                f"`{field_name}` {number_text(value)} is outside the range of "
                f"{with_article(f'`{metric_type.name}`')} metric ({metric_type.range_text})",
                file,
                loc,
            )


def _position(file: LoadedFile, loc: Loc) -> tuple[int, int]:
    span = file.source.locate(loc)
    return span.line, span.column


def check(files: list[LoadedFile], unreadable: list[Path] | None = None) -> list[Diagnostic]:
    """Cross-item diagnostics for the loaded files of one workspace.

    `unreadable` names the workspace's files that failed to load, so a
    reference into one of them can say where the definition probably is.
    """
    return _Checker(files, unreadable or []).run()

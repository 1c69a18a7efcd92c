"""Checks across items and files: ids, references, metric ranges, history order.

They run on the raw loaded data, not the models, so a file whose model failed
to validate still gets its reference errors reported in the same run. Values
of the wrong shape are skipped here: the model already reported them.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from csjourney.diagnostics import Diagnostic
from csjourney.loader import LoadedFile
from csjourney.metric_types import METRIC_TYPES
from csjourney.model import Metric
from csjourney.references import _ID, Item, Loc, ReferenceChecks, a_kind, noun
from csjourney.statistics import binding_problems
from csjourney.structure import Node, walk
from csjourney.suggest import slugify
from csjourney.values import number_text, with_article
from csjourney.valuesets import BUILTIN_CHANNELS


def _name(item: dict[str, Any]) -> str | None:
    value = item.get("name")
    return value if isinstance(value, str) else None


def _item_id(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) and _ID.match(value) else None


def _malformed_id(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) and not _ID.match(value) else None


class _Checker(ReferenceChecks):
    def run(self) -> list[Diagnostic]:
        walked = [(file, list(walk(file.data, file=file))) for file in self.files]
        for file, nodes in walked:
            self._collect_shared_ids(file, nodes)
        for file, nodes in walked:
            in_journey = [n for n in nodes if n.loc[:1] == ("journey",)]
            if in_journey:
                self._check_journey(file, in_journey)
            self.pools = {}
            for node in nodes:  # references outside any journey resolve workspace-wide
                if node.loc[:1] != ("journey",):
                    self._check_refs(file, node, {}, set())
        return self.found

    def _collect_shared_ids(self, file: LoadedFile, nodes: list[Node]) -> None:
        """Register the ids unique workspace-wide: shared items, and journeys."""
        shared = [n for n in nodes if n.kind.scope in ("workspace", "journeys")]
        # In file order, so that the later of two clashing items is the one reported.
        for node in sorted(shared, key=lambda n: _position(file, n.loc)):
            kind, loc, item = node.kind.name, node.loc, node.value
            if node.kind.scope == "workspace":
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
            table = self.workspace if node.kind.scope == "workspace" else self.journeys
            self._register(table, Item(kind, item_id, file, loc, _name(item)))

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

    def _check_journey(self, file: LoadedFile, nodes: list[Node]) -> None:
        """Ids unique within the journey, then every reference and metric in it."""
        items: dict[str, Item] = {}
        self.pools = {}
        inside = [n for n in nodes if n.kind.scope == "journey"]
        # In file order, so that the later of two clashing items is the one reported.
        for node in sorted(inside, key=lambda n: _position(file, n.loc)):
            self._note_malformed(file, node.kind.name, node.loc, node.value)
            item_id = _item_id(node.value)
            if item_id is not None:
                item = Item(node.kind.name, item_id, file, node.loc, _name(node.value))
                self._register(items, item)
        segments = nodes[0].get("segments")  # the journey's own
        journey_segments = (
            {s for s in segments if isinstance(s, str)} if isinstance(segments, list) else set()
        )
        for node in nodes:
            self._check_refs(file, node, items, journey_segments)
            if node.kind.name == "metric":
                self._check_metric(file, node.loc, node.value)

    def _check_metric(self, file: LoadedFile, loc: Loc, metric: dict[str, Any]) -> None:
        type_name = metric.get("type")
        metric_type = METRIC_TYPES.get(type_name) if isinstance(type_name, str) else None
        if metric_type is not None:
            for field_name in Metric.value_fields:
                self._check_range(
                    file, (*loc, field_name), field_name, metric.get(field_name), metric_type
                )
        binding = metric.get("measure")
        if isinstance(binding, dict):
            for key, message, hint in binding_problems(type_name, binding):
                self.error("statistic-mismatch", message, file, (*loc, "measure", key), hint)
        previous: dt.date | None = None
        history = metric.get("history")
        points = enumerate(history) if isinstance(history, list) else iter(())
        for index, point in ((i, p) for i, p in points if isinstance(p, dict)):
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

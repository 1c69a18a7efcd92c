"""Checks of one file's items: ids within a journey, metric ranges, history order.

They run on the raw loaded data, not the models, so a file whose model failed
to validate still gets these reported in the same run. Values of the wrong
shape are skipped here: the model already reported them.

`summarize` also writes the file's `References`: the ids it defines for the
workspace and every id it names. The checks across files run over those
(`csjourney.references.resolve`), never over the data.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from csjourney.diagnostics import Diagnostic, structural
from csjourney.loader import LoadedFile
from csjourney.metric_types import METRIC_TYPES
from csjourney.model import ID_PATTERN, Metric
from csjourney.references import Defined, Malformed, Ref, References, Uses, a_kind, noun
from csjourney.statistics import binding_problems
from csjourney.structure import Node, kinds, walk
from csjourney.suggest import slugify
from csjourney.values import number_text, with_article
from csjourney.valuesets import BUILTIN_CHANNELS

Loc = tuple[str | int, ...]
_ID = re.compile(ID_PATTERN)


def _name(item: dict[str, Any]) -> str | None:
    value = item.get("name")
    return value if isinstance(value, str) else None


def _item_id(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) and _ID.match(value) else None


def _malformed_id(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) and not _ID.match(value) else None


def summarize(file: LoadedFile) -> tuple[list[Diagnostic], References]:
    """The file's own cross-item findings, and its part in the workspace-wide checks."""
    summary = _Summarizer(file)
    summary.run()
    return summary.found, summary.references


class _Summarizer:
    def __init__(self, file: LoadedFile) -> None:
        self.file = file
        self.shown = file.path.as_posix()  # in the place of every id the file defines
        self.found: list[Diagnostic] = []
        self.uses = Uses()
        self.references = References(file.path, uses=self.uses)

    def error(self, name: str, message: str, loc: Loc, hint: str | None = None) -> None:
        span = self.file.source.locate(loc)
        self.found.append(structural(name, message, self.file.path, span, hint))

    def _where(self, loc: Loc) -> str:
        return f"{self.shown}:{self.file.source.locate((*loc, 'id')).line}"

    def _defined(self, kind: str, item_id: str, loc: Loc, item: dict[str, Any]) -> Defined:
        span = self.file.source.locate((*loc, "id"))
        return Defined(kind, item_id, f"{self.shown}:{span.line}", span, _name(item))

    def run(self) -> None:
        if not isinstance(self.file.data, dict):
            return
        nodes = list(walk(self.file.data, file=self.file))
        self._collect_shared_ids(nodes)
        in_journey = [n for n in nodes if n.loc[:1] == ("journey",)]
        if in_journey:
            self._check_journey(in_journey)
        for node in nodes:  # references outside any journey resolve workspace-wide
            if node.loc[:1] != ("journey",):
                self._note_refs(node, None)
        self.references.targets = sorted({ref.target for ref in self.uses.refs})

    def _collect_shared_ids(self, nodes: list[Node]) -> None:
        """The ids unique workspace-wide this file defines: shared items, and journeys."""
        shared = [n for n in nodes if n.kind.scope in ("workspace", "journeys")]
        # In file order, so that the later of two clashing items is the one reported.
        for node in sorted(shared, key=lambda n: self._position(n.loc)):
            kind, loc, item = node.kind.name, node.loc, node.value
            if node.kind.scope == "workspace":
                self._note_malformed(self.references.malformed, kind, loc, item)
            item_id = _item_id(item)
            if item_id is None:
                continue
            if kind == "channel" and item_id in BUILTIN_CHANNELS:
                self.error(
                    "channel-shadows-builtin",
                    f"channel `{item_id}` is already a built-in channel",
                    (*loc, "id"),
                    "remove it from `channels`, or give it another id",
                )
                continue
            defined = self._defined(kind, item_id, loc, item)
            self.references.shared.append((node.kind.scope or "", defined))

    def _note_malformed(
        self, into: list[Malformed], kind: str, loc: Loc, item: dict[str, Any]
    ) -> None:
        raw = _malformed_id(item)
        if raw is not None:
            into.append(Malformed(slugify(raw), kind, raw, self._where(loc)))

    def _check_journey(self, nodes: list[Node]) -> None:
        """Ids unique within the journey, then every reference and metric in it."""
        items: dict[str, Defined] = {}
        inside = [n for n in nodes if n.kind.scope == "journey"]
        # In file order, so that the later of two clashing items is the one reported.
        for node in sorted(inside, key=lambda n: self._position(n.loc)):
            kind, item_id = node.kind.name, node.value.get("id")
            if not isinstance(item_id, str):
                continue
            if not _ID.match(item_id):  # what `_note_malformed` notes, tested once
                where = self._where(node.loc)
                malformed = Malformed(slugify(item_id), kind, item_id, where)
                self.references.journey_malformed.append(malformed)
                continue
            first = items.get(item_id)
            if first is None:
                items[item_id] = self._defined(kind, item_id, node.loc, node.value)
                continue
            what = f"another {noun(first.kind)}" if first.kind == kind else a_kind(first.kind)
            self.found.append(
                structural(
                    "duplicate-id",
                    f"{kind} id `{item_id}` is already used by {what} at {first.where}",
                    self.file.path,
                    self.file.source.locate((*node.loc, "id")),
                    "ids must be unique; rename one of them",
                    kind,
                )
            )
        self.uses.journey_items = list(items.values())
        segments = nodes[0].get("segments")  # the journey's own
        if isinstance(segments, list):
            self.uses.journey_segments = [s for s in segments if isinstance(s, str)]
        for node in nodes:
            self._note_refs(node, items)
            if node.kind.name == "metric":
                self._check_metric(node.loc, node.value)

    def _note_refs(self, node: Node, items: dict[str, Defined] | None) -> None:
        """The ids the item names, for `references.resolve`, but those that surely resolve.

        `items`: the journey's own, for an item in a journey. A reference to one
        of them, of the right kind, or to a built-in channel, can never be
        reported, whatever the other files hold: it is left out of the summary.
        """
        references = node.kind.references
        if not references:
            return
        in_journey = items is not None
        member: bool | None = None  # worked out for the first reference kept
        item, source, reported = node.value, self.file.source, self.file.reported_paths
        for field_name, declared in references.items():
            value = item.get(field_name)
            # A value of the wrong shape (text where a list belongs) is the model's to report.
            if not declared.many:
                refs: list[tuple[int | None, Any]] = [(None, value)]
            else:
                refs = list(enumerate(value)) if isinstance(value, list) else []
            target = declared.target
            # What surely resolves: a built-in channel, or an item of the journey's own
            # of the right kind, for a field naming a journey's items.
            builtin = target == "channel"
            local = items if items is not None and kinds()[target].scope != "workspace" else None
            for index, ref in refs:
                if not isinstance(ref, str) or (builtin and ref in BUILTIN_CHANNELS):
                    continue
                if local is not None:
                    found = local.get(ref)
                    if found is not None and found.kind == target:
                        continue
                if member is None:
                    member = (
                        in_journey
                        and node.kind.name != "journey"
                        and node.up("journey") is not None
                    )
                loc = node.loc
                ref_loc = (*loc, field_name) if index is None else (*loc, field_name, index)
                position = source.entries.get(ref_loc)
                self.uses.refs.append(
                    Ref(
                        field_name,
                        ref,
                        target,
                        source.locate(ref_loc),
                        position.value if position is not None else None,
                        in_journey,
                        member,
                        bool(reported)
                        and any(ref_loc[:end] in reported for end in range(len(ref_loc) + 1)),
                        bool(_ID.match(ref)),
                    )
                )

    def _check_metric(self, loc: Loc, metric: dict[str, Any]) -> None:
        type_name = metric.get("type")
        metric_type = METRIC_TYPES.get(type_name) if isinstance(type_name, str) else None
        if metric_type is not None:
            for field_name in Metric.value_fields:
                self._check_range(
                    (*loc, field_name), field_name, metric.get(field_name), metric_type
                )
        binding = metric.get("measure")
        if isinstance(binding, dict):
            for key, message, hint in binding_problems(type_name, binding):
                self.error("statistic-mismatch", message, (*loc, "measure", key), hint)
        previous: dt.date | None = None
        history = metric.get("history")
        points = enumerate(history) if isinstance(history, list) else iter(())
        for index, point in ((i, p) for i, p in points if isinstance(p, dict)):
            if metric_type is not None:
                self._check_range(
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
                    (*loc, "history", index, "date"),
                    "list history oldest first, one entry per date",
                )
            previous = when

    def _check_range(self, loc: Loc, field_name: str, value: Any, metric_type: Any) -> None:
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
                loc,
            )

    def _position(self, loc: Loc) -> tuple[int, int]:
        position = self.file.source.entries.get(loc)  # an item's own, but for merged ones
        span = position.value if position is not None else self.file.source.locate(loc)
        return span.line, span.column

"""Resolving references across files, from each file's summary of ids and references.

Which fields are references, and to what, is `csjourney.structure`'s to say;
`csjourney.semantics` reads one file and writes its `References`: the ids it
defines and every id it names, each with its position. `resolve` takes those
of a whole workspace and reports duplicates and broken references. It never
needs a file's data or model, so a run can check a large workspace while
holding a few small records per file, and reuse them from the cache.

A reference names an id. When none matches, the hint says which id was
meant (by id, or by the name people wrote in its place) and, when that is
the one answer, carries the fix `validate --fix` applies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csjourney.diagnostics import Diagnostic, Fix, Span, structural
from csjourney.structure import kinds
from csjourney.suggest import HINTS_PER_FILE, Names, Pool, Suggestion, normal_name, reference
from csjourney.values import with_article
from csjourney.valuesets import BUILTIN_CHANNELS


@dataclass(frozen=True, slots=True)
class Defined:
    """An item with a well-formed id: where its id is, for messages and duplicates."""

    kind: str
    id: str
    where: str  # "path:line" of its id
    span: Span  # of its id
    name: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain values: see `csjourney.summarywire`."""
        from csjourney import summarywire

        return summarywire.reduce_defined(self)


@dataclass(frozen=True, slots=True)
class Malformed:
    """An item whose id is not a valid id (the model reports it), by the id it likely meant."""

    meant: str
    kind: str
    raw: str
    where: str


@dataclass(frozen=True, slots=True)
class Ref:
    """One id named in a reference field, as written, with everything a finding needs."""

    field: str
    value: str
    target: str  # the kind it must name
    span: Span
    fix_span: Span | None  # the scalar a fix rewrites; None where it was not read as one
    in_journey: bool  # resolved against the journey's own items first
    member: bool  # on an item inside a journey: a segment must be one of the journey's
    reported: bool  # the loader already reported this place (a duplicate key)
    well_formed: bool

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as plain values: see `csjourney.summarywire`."""
        from csjourney import summarywire

        return summarywire.reduce_ref(self)


@dataclass(slots=True)
class Uses:
    """What a file names: read only for the files whose findings a run reports."""

    journey_items: Sequence[Defined] = field(default_factory=list)  # the first of each id
    journey_segments: list[str] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)  # the journey's first, then the file's others

    def __reduce__(self) -> tuple[Any, ...]:
        """The journey's items cross packed: see `csjourney.summarywire`."""
        from csjourney import summarywire

        return summarywire.reduce_uses(self)


@dataclass(slots=True)
class References:
    """One file's part in the workspace-wide checks, in the order the checks meet them."""

    path: Path
    shared: list[tuple[str, Defined]] = field(default_factory=list)  # (scope, item), file order
    malformed: list[Malformed] = field(default_factory=list)  # workspace-scope items
    journey_malformed: list[Malformed] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)  # the kinds `uses` names
    uses: Uses | None = None
    load_uses: Callable[[], Uses] | None = None  # a result from the cache reads them late

    def used(self) -> Uses:
        if self.uses is None:
            self.uses = self.load_uses() if self.load_uses is not None else Uses()
        return self.uses


def resolve(
    files: list[References],
    unreadable: list[Path],
    wanted: Callable[[References], bool] = lambda _: True,
) -> list[Diagnostic]:
    """Duplicate shared ids, and the unresolved references of the `wanted` files.

    Files are taken in order. `unreadable` names the workspace's files that
    failed to load, so a reference into one of them can say where the
    definition probably is. The findings of a file's references do not depend
    on which other files are wanted: only on the ids the files define.
    """
    return _Resolver(unreadable).run(files, wanted)


class _Resolver:
    def __init__(self, unreadable: list[Path]) -> None:
        self.unreadable = unreadable
        # Items whose id is malformed, by the id they most likely meant: a reference
        # to that id then says where to look.
        self.malformed: dict[str, Malformed] = {}
        self.found: list[Diagnostic] = []
        self.workspace: dict[str, Defined] = {}  # segments, evidence, channels by id
        self.journeys: dict[str, Defined] = {}
        self.hints: Counter[Path] = Counter()  # 'did you mean' hints computed, per file
        # Candidate ids, and names with their ids, by kind, for the current journey.
        self.pools: dict[str, tuple[Pool, Names]] = {}

    def run(
        self, files: list[References], wanted: Callable[[References], bool]
    ) -> list[Diagnostic]:
        for file in files:
            for scope, item in file.shared:
                self._register(
                    file.path, self.workspace if scope == "workspace" else self.journeys, item
                )
            for broken in file.malformed:
                self.malformed.setdefault(broken.meant, broken)
        for file in files:
            for broken in file.journey_malformed:
                self.malformed.setdefault(broken.meant, broken)
            if not wanted(file):
                continue
            uses = file.used()
            items = _Items(uses.journey_items)
            segments = set(uses.journey_segments)
            in_journey: bool | None = None
            for ref in uses.refs:
                if ref.in_journey is not in_journey:  # pools are per journey, and per file outside
                    in_journey, self.pools = ref.in_journey, {}
                self._check(file.path, ref, items if ref.in_journey else _Items(()), segments)
        return self.found

    def error(
        self,
        name: str,
        message: str,
        path: Path,
        span: Span,
        hint: str | None = None,
        kind: str | None = None,  # of the item whose id is in question
        fix: Fix | None = None,
    ) -> None:
        self.found.append(structural(name, message, path, span, hint, kind, fix))

    def _register(self, path: Path, table: dict[str, Defined], item: Defined) -> None:
        first = table.get(item.id)
        if first is None:
            table[item.id] = item
            return
        what = f"another {noun(first.kind)}" if first.kind == item.kind else a_kind(first.kind)
        self.error(
            "duplicate-id",
            f"{item.kind} id `{item.id}` is already used by {what} at {first.where}",
            path,
            item.span,
            "ids must be unique; rename one of them",
            item.kind,
        )

    def _check(self, path: Path, ref: Ref, items: _Items, segments: set[str]) -> None:
        if not ref.well_formed:
            if not ref.reported:
                self._not_an_id(path, ref, items)
            return
        self._resolve(path, ref, items)
        # Inside a journey, items name only the journey's own segments.
        if (
            ref.target == "segment"
            and ref.member
            and ref.value in self.workspace
            and ref.value not in segments
        ):
            self.error(
                "segment-not-in-journey",
                f"segment `{ref.value}` is not one of this journey's segments "
                f"({', '.join(sorted(segments)) or 'none'})",
                path,
                ref.span,
                "add it to the journey's `segments`, or remove it here",
                "segment",
            )

    def _resolve(self, path: Path, ref: Ref, items: _Items) -> None:
        target_kind, value = ref.target, ref.value
        if target_kind == "channel" and value in BUILTIN_CHANNELS:
            return
        first, second = (
            (self.workspace, items)
            if kinds()[target_kind].scope == "workspace"
            else (items, self.workspace)
        )
        target = first.get(value) or second.get(value)
        if target is not None and target.kind == target_kind:
            return
        if target is not None:
            self.error(
                "wrong-kind-reference",
                f"`{value}` is {a_kind(target.kind)}; `{ref.field}` expects {a_kind(target_kind)}",
                path,
                ref.span,
                f"`{value}` is defined at {target.where}",
                target_kind,
            )
            return
        if target_kind == "channel":
            name = "unknown-channel"
            message = f"unknown channel `{value}`"
            fallback: str | None = "declare it under `channels`, or use a built-in channel"
        else:
            name, message, fallback = (
                "unknown-reference",
                f"no {target_kind} has the id `{value}`",
                None,
            )
        broken = self.malformed.get(value)
        if broken is not None and broken.kind == target_kind:
            fallback = (
                f"the {target_kind} at {broken.where} has the id `{broken.raw}`, which is "
                f"not a valid id; write it as `{value}` and this reference resolves"
            )
        elif kinds()[target_kind].scope == "workspace" and self.unreadable:
            # The definition may sit in a library file that failed to load.
            names = ", ".join(p.as_posix() for p in self.unreadable)
            fallback = f"it may be defined in {names}, which could not be read; fix that first"
        meant = self._suggest(path, value, target_kind, items)
        hint = meant.hint() if meant else fallback
        self.error(name, message, path, ref.span, hint, target_kind, _fix(ref, meant))

    def _not_an_id(self, path: Path, ref: Ref, items: _Items) -> None:
        """`segments: [Mid-market ops teams]`: a name, or text, where an id belongs."""
        target_kind = ref.target
        meant = self._suggest(path, ref.value, target_kind, items)
        wanted = normal_name(ref.value)
        # Found by its exact name? (`meant` is None past the file's hint budget: no scan then.)
        named = [
            i for i in (*items.values(), *self.workspace.values())
            if i.kind == target_kind and i.id in meant.words and normal_name(i.name or '') == wanted
        ] if meant else []  # fmt: skip
        if named:
            message = (
                f"`{ref.field}` takes {noun(target_kind)} ids, not names: `{ref.value}` is the "
                f"name of {noun(target_kind)} `{named[0].id}`"
            )
        else:
            message = (
                f"`{ref.value}` is not a valid id: use lowercase letters, digits, `-` and `_`, "
                "starting with a letter or digit, at most 64 characters"
            )
        fallback = f"write the id of {a_kind(target_kind)} here, not its name"
        hint = meant.hint() if meant else fallback
        self.error("invalid-id", message, path, ref.span, hint, target_kind, _fix(ref, meant))

    def _suggest(
        self, path: Path, value: str, target_kind: str, items: _Items
    ) -> Suggestion | None:
        """A 'did you mean' for the first HINTS_PER_FILE unknown references of a file."""
        self.hints[path] += 1
        if self.hints[path] > HINTS_PER_FILE:
            return None
        pools = self.pools.get(target_kind)
        if pools is None:  # built once per journey and kind, not once per reference
            known = [
                i for i in (*items.values(), *self.workspace.values()) if i.kind == target_kind
            ]
            ids = [i.id for i in known]
            if target_kind == "channel":
                ids.extend(BUILTIN_CHANNELS)
            names = Names((i.name, i.id) for i in known if i.name)
            pools = self.pools[target_kind] = (Pool(ids), names)
        return reference(value, *pools)


def _fix(ref: Ref, meant: Suggestion | None) -> Fix | None:
    if not meant or not meant.unique or ref.fix_span is None or ref.value == meant.word:
        return None
    return Fix(ref.fix_span, ref.value, meant.word)


def noun(kind: str) -> str:
    return kinds()[kind].noun


def a_kind(kind: str) -> str:
    """'a segment', 'an initiative', 'an evidence item'."""
    return with_article(noun(kind))


class _Items:
    """A journey's own items by id, gathered when a reference first looks among them.

    Most references name a shared item that exists, and never look here.
    """

    def __init__(self, defined: Iterable[Defined]) -> None:
        self._defined = defined
        self._by_id: dict[str, Defined] | None = None

    def _table(self) -> dict[str, Defined]:
        if self._by_id is None:
            self._by_id = {item.id: item for item in self._defined}
        return self._by_id

    def get(self, item_id: str) -> Defined | None:
        return self._table().get(item_id)

    def values(self) -> Iterable[Defined]:
        return self._table().values()

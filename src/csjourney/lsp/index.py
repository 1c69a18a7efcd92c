"""Every id of a workspace and every place that names one: what the editor features navigate.

Built from the per-file summaries (`csjourney.references.References`) the
checks already keep, so an index over 500 maps costs a pass over a few small
records per file, not a parse. Resolution follows `references.resolve`
exactly: a built-in channel first; then, for a kind unique in the workspace,
the workspace's items before the journey's, and the journey's first for the
others; a name of the wrong kind resolves to nothing.

One gap in the summaries is filled here: `semantics.summarize` leaves out the
references that can never be reported (those to an item of the file's own
journey, and to built-in channels), yet go to definition, rename and hover
need them. Those references always sit in the file of their target (journey
items are named only inside their journey), so the index reads them from that
one file's loaded data, when `loaded` is given, and only when asked. Without
`loaded` (or for a file that does not parse now) the summary's references are
all it knows.

Features ask `index_of(session)`: one index per state of the workspace, its
paths absolute. No pygls here: tests use it without a server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from weakref import WeakKeyDictionary

from csjourney.diagnostics import Span
from csjourney.model import ID_PATTERN
from csjourney.references import Defined, Ref, References
from csjourney.structure import kinds, walk
from csjourney.valuesets import BUILTIN_CHANNELS

if TYPE_CHECKING:
    from csjourney.loader import LoadedFile

Loader = Callable[[Path], "LoadedFile | None"]
# Where a built-in channel "is": nowhere in the workspace; `Symbol.builtin` says so.
BUILTIN_PATH = Path("<built-in>")
_NOWHERE = Span(1, 1, 1, 1)
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Symbol:
    """An item with an id: its kind, id and where that id is written (the id scalar)."""

    kind: str
    id: str
    path: Path
    span: Span
    name: str | None
    journey: str | None  # the journey it belongs to; None: unique in the workspace
    builtin: bool = False  # a built-in channel: defined by csjourney, in no file


@dataclass(frozen=True)
class Occurrence:
    """An id named in a reference field, and the item it resolves to (None: unresolved)."""

    kind: str  # the kind the field expects
    value: str
    path: Path
    span: Span
    field: str
    journey: str | None  # the journey of the item that names it; None: outside any journey
    symbol: Symbol | None


def contains(span: Span, line: int, column: int) -> bool:
    """Whether a cursor at (line, column) touches `span`, its end included.

    Editors put the cursor after the word just typed or double-clicked, so
    the column just past the scalar still counts as on it.
    """
    if not span.line <= line <= span.end_line:
        return False
    if line == span.line and column < span.column:
        return False
    return not (line == span.end_line and column > span.end_column)


class Index:
    """The workspace's ids and references; build a new one when any file changes."""

    def __init__(
        self, summaries: Sequence[References], loaded: Loader | None, root: Path | None
    ) -> None:
        self._summaries = {
            (root / summary.path if root is not None else summary.path): summary
            for summary in summaries
        }
        self._loaded = loaded
        self._workspace: dict[str, Symbol] = {}  # segments, evidence, channels: the first of each
        self._journeys: dict[str, Symbol] = {}  # journeys by id: the first of each
        self._journey_of: dict[Path, Symbol] = {}  # the journey each file holds
        self._defined: dict[Path, list[Symbol]] = {}  # every shared item written in a file
        self._items: dict[Path, dict[str, Symbol]] = {}  # a file's journey items, when asked
        self._refs: dict[Path, list[Occurrence]] = {}  # a file's references, when asked
        self._read_refs: dict[Path, list[Ref]] = {}  # as read from its data, unresolved
        self._by_target: dict[tuple[str, str], list[Occurrence]] | None = None
        self._builtins = {
            channel: Symbol("channel", channel, BUILTIN_PATH, _NOWHERE, None, None, True)
            for channel in BUILTIN_CHANNELS
        }
        for path, summary in self._summaries.items():
            for scope, item in summary.shared:
                symbol = _symbol(path, item, None)
                self._defined.setdefault(path, []).append(symbol)
                if scope == "workspace":
                    self._workspace.setdefault(item.id, symbol)
                else:
                    self._journeys.setdefault(item.id, symbol)
                    self._journey_of.setdefault(path, symbol)

    @classmethod
    def build(
        cls,
        summaries: Sequence[References],
        loaded: Loader | None = None,
        root: Path | None = None,
    ) -> Index:
        """The index of one workspace's files, in the order `validate` takes them.

        `loaded(path)` gives a file's current data (the session's buffers): with
        it the index also finds the references the summaries leave out. `root`:
        the folder the summaries' relative paths are relative to (a session's
        summaries name files as `validate` shows them); the index's paths, given
        and returned, are then absolute.
        """
        return cls(summaries, loaded, root)

    # -- what is where ---------------------------------------------------------

    def at(self, path: Path, line: int, column: int) -> Symbol | Occurrence | None:
        """The id defined, or the reference, under a cursor (1-based, str columns)."""
        for symbol in self.symbols_in(path):
            if contains(symbol.span, line, column):
                return symbol
        for occurrence in self.references_in(path):
            if contains(occurrence.span, line, column):
                return occurrence
        return None

    def symbols_in(self, path: Path) -> list[Symbol]:
        """The ids a file defines: its shared items, its journey, the journey's items."""
        return [*self._defined.get(path, ()), *self._journey_items(path).values()]

    def references_in(self, path: Path) -> list[Occurrence]:
        """Every reference the file makes, resolved, in file order."""
        found = self._refs.get(path)
        if found is None:
            refs = self._read_refs.get(path)
            if refs is None:
                refs = self._read_refs[path] = sorted(self._read(path), key=lambda ref: ref.span)
            found = self._refs[path] = [self._occurrence(path, ref) for ref in refs]
        return found

    def definition(self, kind: str, id: str, journey: str | None = None) -> Symbol | None:
        """What `id` names in a field of `kind`, from inside `journey` (None: outside any)."""
        if kind == "journey":
            return self._journeys.get(id)
        home = self._journeys.get(journey) if journey is not None else None
        return self._resolve(kind, id, home.path if home is not None else None)

    def occurrences(self, symbol: Symbol) -> list[Occurrence]:
        """Every reference that resolves to `symbol`, in any file, files in workspace order."""
        if symbol.builtin:  # the summaries never keep these: read every file
            paths: Iterator[Path] = iter(self._summaries)
        elif kinds()[symbol.kind].scope == "workspace":
            by_target = self._targets()
            return [o for o in by_target.get((symbol.kind, symbol.id), []) if o.symbol == symbol]
        else:  # named only inside its own journey, so only in its own file
            paths = iter([symbol.path])
        return [o for path in paths for o in self.references_in(path) if o.symbol == symbol]

    def candidates(self, path: Path, kind: str) -> list[Symbol]:
        """What a reference field expecting `kind`, in the file at `path`, may name.

        Completion's list: the items of the file's journey for a journey kind;
        the workspace's for segments, evidence and channels (the built-in
        channels after the declared ones). Each id once, as it resolves.
        """
        if kind == "journey":
            return list(self._journeys.values())
        scope = kinds()[kind].scope
        table = self._journey_items(path) if scope == "journey" else self._workspace
        found = [symbol for symbol in table.values() if symbol.kind == kind]
        if kind == "channel":
            found += [s for c, s in self._builtins.items() if c not in self._workspace]
        return found

    def taken(self, symbol: Symbol, new_id: str) -> Symbol | None:
        """The item already holding `new_id` in `symbol`'s scope, that a rename would clash with.

        The scopes `validate` reports a duplicate id in: every shared item (and
        the built-in channels) for a segment, evidence item or channel; the
        journey's own items for a stage, touchpoint, metric...; the journeys.
        """
        if symbol.kind == "journey":
            return self._journeys.get(new_id)
        if kinds()[symbol.kind].scope == "workspace":
            builtin = self._builtins.get(new_id) if symbol.kind == "channel" else None
            return builtin or self._workspace.get(new_id)
        return self._journey_items(symbol.path).get(new_id)

    def keep_reads(self, previous: Index) -> None:
        """Take over the references `previous` read from the files that did not change since.

        A file whose summary is the very same record was not checked again, so
        its data is what it was: a search of every file (a built-in channel's
        uses) then reads only the files edited in between.
        """
        for path, summary in self._summaries.items():
            refs = previous._read_refs.get(path)
            if refs is not None and previous._summaries.get(path) is summary:
                self._read_refs.setdefault(path, refs)

    # -- building blocks -------------------------------------------------------

    def _journey_items(self, path: Path) -> dict[str, Symbol]:
        items = self._items.get(path)
        if items is None:
            summary = self._summaries.get(path)
            home = self._journey_of.get(path)
            journey = home.id if home is not None else None
            defined = summary.used().journey_items if summary is not None else ()
            items = self._items[path] = {i.id: _symbol(path, i, journey) for i in defined}
        return items

    def _resolve(self, kind: str, value: str, home: Path | None) -> Symbol | None:
        """`references.resolve`'s rule for one name, from inside the journey of `home`."""
        if kind == "channel" and value in BUILTIN_CHANNELS:
            return self._builtins[value]
        items = self._journey_items(home) if home is not None else {}
        shared = kinds()[kind].scope == "workspace"
        first, second = (self._workspace, items) if shared else (items, self._workspace)
        target = first.get(value) or second.get(value)
        return target if target is not None and target.kind == kind else None

    def _occurrence(self, path: Path, ref: Ref) -> Occurrence:
        home = self._journey_of.get(path) if ref.in_journey else None
        symbol = (
            self._resolve(ref.target, ref.value, path if ref.in_journey else None)
            if ref.well_formed
            else None
        )
        journey = home.id if home is not None else None
        return Occurrence(ref.target, ref.value, path, ref.span, ref.field, journey, symbol)

    def _read(self, path: Path) -> list[Ref]:
        """The file's references: all of them from its data, else those its summary kept."""
        loaded = self._loaded(path) if self._loaded is not None else None
        if loaded is not None and isinstance(loaded.data, dict):
            return list(every_reference(loaded))
        summary = self._summaries.get(path)
        return summary.used().refs if summary is not None else []

    def _targets(self) -> dict[tuple[str, str], list[Occurrence]]:
        """The summaries' references by (kind, id), for the references to shared items.

        A summary keeps every reference to a segment, evidence item or declared
        channel, so these need no file read.
        """
        if self._by_target is None:
            self._by_target = {}
            for path, summary in self._summaries.items():
                for ref in sorted(summary.used().refs, key=lambda ref: ref.span):
                    if kinds()[ref.target].scope == "workspace":
                        occurrence = self._occurrence(path, ref)
                        self._by_target.setdefault((ref.target, ref.value), []).append(occurrence)
        return self._by_target


class Workspace(Protocol):
    """What the index reads from a language server session (csjourney.lsp.session)."""

    @property
    def root(self) -> Path: ...

    def summaries(self) -> list[References]: ...

    def loaded(self, path: Path) -> LoadedFile | None: ...


# The last index of each session, with the summaries it was built from (by identity:
# the session makes a new summary for each file it checks again).
_latest: WeakKeyDictionary[Workspace, tuple[tuple[int, ...], Index]] = WeakKeyDictionary()


def index_of(session: Workspace) -> Index:
    """The session's index: built again only when a file of it was checked again.

    Completion, hover and navigation all ask here, so a burst of requests
    between two edits shares one index. Its paths are absolute.
    """
    summaries = session.summaries()
    key = tuple(id(summary) for summary in summaries)  # alive while the index holds them
    latest = _latest.get(session)
    if latest is not None and latest[0] == key:
        return latest[1]
    index = Index.build(summaries, session.loaded, session.root)
    if latest is not None:
        index.keep_reads(latest[1])
    _latest[session] = (key, index)
    return index


def _symbol(path: Path, item: Defined, journey: str | None) -> Symbol:
    return Symbol(item.kind, item.id, path, item.span, item.name, journey)


def every_reference(loaded: LoadedFile) -> Iterator[Ref]:
    """Every id a file names, in walk order, including those `summarize` leaves out.

    The same records `semantics.summarize` writes, from the same structure
    (each kind's reference fields), so the two never disagree on a position.
    """
    source = loaded.source
    for node in walk(loaded.data, file=loaded):
        in_journey = node.loc[:1] == ("journey",)
        member = in_journey and node.kind.name != "journey" and node.up("journey") is not None
        for field_name, declared in node.kind.references.items():
            value = node.get(field_name)
            if not declared.many:
                named: list[tuple[tuple[str | int, ...], object]] = [((field_name,), value)]
            elif isinstance(value, list):
                named = [((field_name, index), ref) for index, ref in enumerate(value)]
            else:
                continue
            for where, ref in named:
                if not isinstance(ref, str):
                    continue
                ref_loc = (*node.loc, *where)
                position = source.entries.get(ref_loc)
                fix_span = position.value if position is not None else None
                span, target, well_formed = source.locate(ref_loc), declared.target, _ID.match(ref)
                yield Ref(
                    field_name, ref, target, span, fix_span, in_journey, member, False,
                    well_formed is not None,
                )  # fmt: skip

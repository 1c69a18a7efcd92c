"""Resolving references: the id a field names, found among the items of its kind.

Which fields are references, and to what, is `csjourney.structure`'s to say.

A reference names an id. When none matches, the hint says which id was
meant (by id, or by the name people wrote in its place) and, when that is
the one answer, carries the fix `validate --fix` applies. `ReferenceChecks`
is the part of semantics' checker that does this; it keeps the checker's state.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csjourney.diagnostics import Diagnostic, Fix, structural
from csjourney.loader import LoadedFile
from csjourney.model import ID_PATTERN
from csjourney.structure import Node, kinds
from csjourney.suggest import (
    HINTS_PER_FILE,
    Names,
    Pool,
    Suggestion,
    normal_name,
    reference,
)
from csjourney.values import with_article
from csjourney.valuesets import BUILTIN_CHANNELS

Loc = tuple[str | int, ...]
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True, slots=True)
class Item:
    kind: str
    id: str
    file: LoadedFile
    loc: Loc
    name: str | None = None


class ReferenceChecks:
    """State shared by all cross-item checks, and the checks of references."""

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
        # Candidate ids, and names with their ids, by kind, for the current journey.
        self.pools: dict[str, tuple[Pool, Names]] = {}

    def error(
        self,
        name: str,
        message: str,
        file: LoadedFile,
        loc: Loc,
        hint: str | None = None,
        kind: str | None = None,  # of the item whose id is in question
        fix: Fix | None = None,
    ) -> None:
        span = file.source.locate(loc)
        self.found.append(structural(name, message, file.path, span, hint, kind, fix))

    def _where(self, item: Item) -> str:
        span = item.file.source.locate((*item.loc, "id"))
        return f"{_display(item.file.path)}:{span.line}"

    def _check_refs(
        self,
        file: LoadedFile,
        node: Node,
        items: dict[str, Item],
        journey_segments: set[str],
    ) -> None:
        for field_name, declared in node.kind.references.items():
            value = node.get(field_name)
            target_kind = declared.target
            # A value of the wrong shape (text where a list belongs) is the model's to report.
            if not declared.many:
                refs: list[tuple[int | None, Any]] = [(None, value)]
            else:
                refs = list(enumerate(value)) if isinstance(value, list) else []
            for index, ref in refs:
                loc = node.loc
                ref_loc = (*loc, field_name) if index is None else (*loc, field_name, index)
                if isinstance(ref, str) and not _ID.match(ref):
                    self._not_an_id(file, ref_loc, field_name, ref, target_kind, items)
                if not isinstance(ref, str) or not _ID.match(ref):
                    continue
                self._resolve(file, ref_loc, field_name, ref, target_kind, items)
                # Inside a journey, items name only the journey's own segments.
                if (
                    target_kind == "segment"
                    and node.kind.name != "journey"
                    and node.up("journey") is not None
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
            if kinds()[target_kind].scope == "workspace"
            else (items, self.workspace)
        )
        target = first.get(ref) or second.get(ref)
        if target is not None and target.kind == target_kind:
            return
        if target is not None:
            self.error(
                "wrong-kind-reference",
                f"`{ref}` is {a_kind(target.kind)}; `{field_name}` expects {a_kind(target_kind)}",
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
        broken = self.malformed.get(ref)
        if broken is not None and broken.kind == target_kind:
            fallback = (
                f"the {target_kind} at {self._where(broken)} has the id `{broken.id}`, which is "
                f"not a valid id; write it as `{ref}` and this reference resolves"
            )
        elif kinds()[target_kind].scope == "workspace" and self.unreadable:
            # The definition may sit in a library file that failed to load.
            names = ", ".join(_display(p) for p in self.unreadable)
            fallback = f"it may be defined in {names}, which could not be read; fix that first"
        meant = self._suggest(file, ref, target_kind, items)
        hint = meant.hint() if meant else fallback
        self.error(name, message, file, loc, hint, target_kind, _fix(file, loc, ref, meant))

    def _not_an_id(
        self,
        file: LoadedFile,
        loc: Loc,
        field_name: str,
        ref: str,
        target_kind: str,
        items: dict[str, Item],
    ) -> None:
        """`segments: [Mid-market ops teams]`: a name, or text, where an id belongs."""
        if any(loc[:end] in file.reported_paths for end in range(len(loc) + 1)):
            return  # the loader reported this place already (a duplicate key)
        meant = self._suggest(file, ref, target_kind, items)
        wanted = normal_name(ref)
        # Found by its exact name? (`meant` is None past the file's hint budget: no scan then.)
        named = [
            i for i in (*items.values(), *self.workspace.values())
            if i.kind == target_kind and i.id in meant.words and normal_name(i.name or '') == wanted
        ] if meant else []  # fmt: skip
        if named:
            message = (
                f"`{field_name}` takes {noun(target_kind)} ids, not names: `{ref}` is the name "
                f"of {noun(target_kind)} `{named[0].id}`"
            )
        else:
            message = (
                f"`{ref}` is not a valid id: use lowercase letters, digits, `-` and `_`, "
                "starting with a letter or digit, at most 64 characters"
            )
        fallback = f"write the id of {a_kind(target_kind)} here, not its name"
        hint = meant.hint() if meant else fallback
        self.error("invalid-id", message, file, loc, hint, target_kind, _fix(file, loc, ref, meant))

    def _suggest(
        self, file: LoadedFile, ref: str, target_kind: str, items: dict[str, Item]
    ) -> Suggestion | None:
        """A 'did you mean' for the first HINTS_PER_FILE unknown references of a file."""
        self.hints[file.path] += 1
        if self.hints[file.path] > HINTS_PER_FILE:
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
        return reference(ref, *pools)


def _fix(file: LoadedFile, loc: Loc, ref: str, meant: Suggestion | None) -> Fix | None:
    return Fix.at(file.source, loc, ref, meant.word) if meant and meant.unique else None


def noun(kind: str) -> str:
    return kinds()[kind].noun


def a_kind(kind: str) -> str:
    """'a segment', 'an initiative', 'an evidence item'."""
    return with_article(noun(kind))


def _display(path: Path) -> str:
    return path.as_posix()

"""Each file's `FileResult`, kept in the workspace's cache between runs.

The key is the file's exact bytes with everything else its result depends
on: its name as reported (findings carry it), whether it was named or found,
the workspace's settings and, for lint, the rules chosen and the date (rules
on overdue reviews and stale metrics read it). The code's version is in every
entry (`csjourney.cache`). What is stored is plain JSON; an entry that does not
decode is a miss.

A warm run over a large workspace reads every file's summary, so what only the
files reported on need (their findings, the ids they name) is kept apart: the
manifest holds, for every file, the few ids it defines for the others and a few
flags; the rest of its entry is in a pack, one file for up to `PACK_SIZE` files'
entries. A cold run of thousands of files then creates a few dozen files, not a
file per file checked (creating a file costs more than writing it), and a warm
run reads the manifest and the packs of the few files it reports on.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csjourney.cache import Cache, content_key
from csjourney.deferreditems import DeferredItems
from csjourney.diagnostics import Diagnostic, Fix, Severity, Span
from csjourney.filecheck import FileResult, Task
from csjourney.references import Defined, Malformed, Ref, References, Uses

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options

_PACKS = "pack"
_KEY = re.compile(r"[0-9a-f]{40}")
_MANIFESTS = "manifest"
PACK_SIZE = 64  # entries a pack holds: a warm run reads a few packs of this size
Recheck = Callable[[], FileResult]


class ResultCache:
    """The results of one workspace's files under one set of settings.

    A run leaves a manifest: the part of every entry that all files need (a few
    ids and flags) and the pack that holds the rest, in one file, so a warm run
    over thousands of files reads one file and the packs of the few files it
    reports on. An entry the manifest names but whose pack is gone, or does not
    hold it, when its findings are wanted is no error: the file is checked again
    from the bytes its key was made of.
    """

    def __init__(self, cache: Cache, salt: str, manifest_key: str) -> None:
        self.cache = cache
        self.salt = salt
        self.manifest_key = manifest_key
        self._manifest: dict[str, Any] | None = None  # read on the first `get`
        self.seen: dict[str, Any] = {}  # this run's files: the next manifest
        self.fresh: dict[str, bytes] = {}  # the entries made this run, packed by `close`
        self._packs: dict[str, dict[str, Any] | None] = {}  # the packs read this run

    @property
    def manifest(self) -> dict[str, Any]:
        if self._manifest is None:
            manifest = self.cache.get(_MANIFESTS, self.manifest_key)
            self._manifest = manifest if isinstance(manifest, dict) else {}
        return self._manifest

    @classmethod
    def for_run(cls, config: Config, options: Options) -> ResultCache | None:
        """The run's cache; None when it has none (no workspace root, --no-cache, models kept)."""
        if not options.cache or options.keep_models or config.root is None:
            return None
        configured = getattr(config, "cache_dir", None)
        cache = Cache.for_run(config.root, configured, options.cache_dir, enabled=True)
        if not cache.enabled:
            return None
        lint = (options.lint, options.select, options.ignore)
        salt = content_key(
            config.model_dump_json(),
            str(config.root),
            repr(lint),
            options.today.isoformat() if options.lint else "",
        )
        # One manifest per workspace and settings, whatever the date: the next day's
        # run replaces it, and removes the packs only the old one listed.
        manifest = content_key(config.model_dump_json(), str(config.root), repr(lint))
        return cls(cache, salt, content_key(manifest, str(Path.cwd())))

    def key(self, task: Task) -> str:
        assert task.content is not None
        flag = "named" if task.explicit else "found"
        return content_key(self.salt, str(task.shown), flag, task.content.digest())

    def get(self, key: str, path: Path, recheck: Recheck) -> FileResult | None:
        """The result stored under `key` (which `path`, as reported, is part of)."""
        eager = self.manifest.get(key)
        if not isinstance(eager, dict):
            return None
        try:
            result = decode(eager, path, _Packed(self, key, recheck, path))
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self.seen[key] = eager
        return result

    def _entry(self, key: str) -> dict[str, Any] | None:
        """The packed part of the entry under `key`, from the pack the manifest names."""
        listed = self.seen.get(key, self.manifest.get(key))
        pack = listed.get("pack") if isinstance(listed, dict) else None
        if not isinstance(pack, str) or not _KEY.fullmatch(pack):
            return None
        if pack not in self._packs:
            entries = self.cache.get(_PACKS, pack)
            self._packs[pack] = entries if isinstance(entries, dict) else None
        entries = self._packs[pack]
        entry = entries.get(key) if entries is not None else None
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, result: FileResult) -> None:
        """Keep the result's entry for the packs this run leaves, and list it in its manifest."""
        self.fresh[key] = encoded(result)
        self.seen[key] = eager(result)

    def store(self, key: str, result: FileResult) -> None:
        """Encode the result's entry into it (a worker process does it for the run)."""
        result.entry = encoded(result)

    def note(self, key: str, result: FileResult) -> None:
        """List a worker's result in the manifest, its entry in the packs this run leaves."""
        self.seen[key] = eager(result)
        if result.entry is not None:
            self.fresh[key], result.entry = result.entry, None

    def close(self) -> None:
        """Write this run's new entries in packs, then its manifest, if it is not the one read.

        The packs the old manifest listed and this one does not are removed: all
        they hold is of file contents (or dates) gone by. A concurrent run that
        still wanted one checks its files again. Packs are named by the keys they
        hold, so two runs that check the same files at once write the same packs.
        """
        if not self.fresh and self.seen.keys() == self.manifest.keys():
            return
        keys = sorted(self.fresh)
        for start in range(0, len(keys), PACK_SIZE):
            chunk = keys[start : start + PACK_SIZE]
            name = content_key(*chunk)
            parts = (b'"%s":%s' % (key.encode("ascii"), self.fresh[key]) for key in chunk)
            self.cache.put_encoded(_PACKS, name, b"{" + b",".join(parts) + b"}")
            for key in chunk:
                self.seen[key] = {**self.seen[key], "pack": name}
        self.fresh.clear()
        self.cache.put(_MANIFESTS, self.manifest_key, self.seen)
        live = {entry.get("pack") for entry in self.seen.values()}
        for entry in self.manifest.values():
            pack = entry.get("pack") if isinstance(entry, dict) else None
            if isinstance(pack, str) and pack not in live and _KEY.fullmatch(pack):
                self.cache.discard(_PACKS, pack)
                live.add(pack)  # each pack removed once


class _Packed:
    """The packed parts of one entry, read from its pack only when first needed."""

    def __init__(self, cache: ResultCache, key: str, recheck: Recheck, path: Path) -> None:
        self.cache, self.key, self.recheck = cache, key, recheck
        self.path = path  # the result's: its findings name this very object
        self.entry: dict[str, Any] | None = None

    def _part(self, name: str) -> Any:
        if self.entry is None:
            self.entry = self.cache._entry(self.key)
        if self.entry is None:
            return None
        try:
            return _unpacked(str(self.entry[name]))
        except (KeyError, TypeError, ValueError, zlib.error):
            return None

    def findings(self) -> tuple[list[Diagnostic], list[Diagnostic]]:
        try:
            own, lint = self._part("findings")
            paths = {str(self.path): self.path}  # a file's findings name one path object
            return [_to_diagnostic(d, paths) for d in own], [_to_diagnostic(d, paths) for d in lint]
        except (TypeError, ValueError, IndexError):  # gone, or not what it should be
            return self.recheck().findings()

    def uses(self) -> Uses:
        try:
            items, segments, refs = self._part("uses")
            own = DeferredItems(items, self._items)  # read by few references
            return Uses(own, [str(s) for s in segments], [_to_ref(r) for r in refs])
        except (TypeError, ValueError, IndexError):
            fresh = self.recheck().references
            return fresh.used() if fresh is not None else Uses()

    def _items(self, items: Any) -> list[Defined]:
        try:
            return [_to_defined(item) for item in items]
        except (TypeError, ValueError, IndexError):
            fresh = self.recheck().references
            return list(fresh.used().journey_items) if fresh is not None else []


def encoded(result: FileResult) -> bytes:
    """The packed part of the result's entry, as JSON: what goes into a pack."""
    findings, uses = packed(result)
    return json.dumps({"findings": findings, "uses": uses}, separators=(",", ":")).encode()


def eager(result: FileResult) -> dict[str, Any]:
    """The part of the result every run needs: it goes into the manifest too."""
    refs = result.references
    return {
        "path": str(result.path),
        "flags": [
            result.skipped, result.ok, result.is_journey, result.valid, result.library,
            result.has_errors,
        ],
        "own_kinds": result.own_kinds,
        "cited": result.cited,
        "covered": result.covered,
        "answers": result.answers,
        "references": None if refs is None else _references(refs),
    }  # fmt: skip


def packed(result: FileResult) -> tuple[str, str]:
    """The findings, and the ids the file names: read only for files reported on."""
    own, lint = result.findings()
    findings = _packed([[_diagnostic(d) for d in own], [_diagnostic(d) for d in lint]])
    refs = result.references
    return findings, _packed_uses(refs.used()) if refs is not None else _packed(None)


def decode(value: dict[str, Any], path: Path, packed: _Packed) -> FileResult:
    skipped, ok, is_journey, valid, library, has_errors = (bool(flag) for flag in value["flags"])
    refs = value["references"]
    if value["path"] != str(path):
        raise ValueError("an entry of another file")
    return FileResult(
        path,
        skipped=skipped,
        ok=ok,
        is_journey=is_journey,
        references=None if refs is None else _to_references(refs, path, packed.uses),
        valid=valid,
        library=library,
        cited={str(kind): [str(i) for i in ids] for kind, ids in value["cited"].items()},
        covered=[str(s) for s in value["covered"]],
        answers=[str(k) for k in value["answers"]],
        has_errors=has_errors,
        own_kinds=[str(k) for k in value["own_kinds"]],
        pending=packed.findings,
    )


def _packed(value: Any) -> str:
    """JSON, compressed, as base64: kept as one plain string in the entry, so reading
    the entry neither scans escaped quotes nor builds objects for it."""
    data = json.dumps(value, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(data, 1)).decode("ascii")


def _unpacked(text: str) -> Any:
    return json.loads(zlib.decompress(base64.b64decode(text)))


def _to_span(value: list[int] | None) -> Span | None:
    return None if value is None else Span(*(int(part) for part in value))


def _diagnostic(d: Diagnostic) -> list[Any]:
    fix = None if d.fix is None else [list(d.fix.span), d.fix.old, d.fix.new]
    return [
        d.code, d.name, int(d.severity), d.message, str(d.path), list(d.span),
        d.hint, d.subject, d.item_kind, fix,
    ]  # fmt: skip


def _to_diagnostic(value: list[Any], paths: dict[str, Path]) -> Diagnostic:
    code, name, severity, message, path, span, hint, subject, item_kind, fix = value
    shown = paths.get(path)
    if shown is None:
        shown = paths[path] = Path(path)
    span_of_fix = None if fix is None else _to_span(fix[0])
    fixed = (
        None if fix is None or span_of_fix is None else Fix(span_of_fix, str(fix[1]), str(fix[2]))
    )
    return Diagnostic(
        str(code), str(name), Severity(int(severity)), str(message), shown,
        Span(*(int(part) for part in span)), hint, subject, item_kind, fixed,
    )  # fmt: skip


def _defined(item: Defined) -> list[Any]:
    return [item.kind, item.id, item.where, list(item.span), item.name]


def _to_defined(value: list[Any]) -> Defined:
    kind, item_id, where, span, name = value
    return Defined(str(kind), str(item_id), str(where), Span(*(int(p) for p in span)), name)


def _references(refs: References) -> dict[str, Any]:
    return {
        "shared": [[scope, _defined(item)] for scope, item in refs.shared],
        "malformed": [list(_malformed(m)) for m in refs.malformed],
        "journey_malformed": [list(_malformed(m)) for m in refs.journey_malformed],
        "targets": refs.targets,
    }


def _packed_uses(uses: Uses) -> str:
    return _packed(
        [
            [_defined(item) for item in uses.journey_items],
            uses.journey_segments,
            [
                [
                    r.field, r.value, r.target, list(r.span), r.fix_span and list(r.fix_span),
                    r.in_journey, r.member, r.reported, r.well_formed,
                ]
                for r in uses.refs
            ],
        ]
    )  # fmt: skip


def _malformed(item: Malformed) -> tuple[str, str, str, str]:
    return item.meant, item.kind, item.raw, item.where


def _to_references(value: dict[str, Any], path: Path, uses: Callable[[], Uses]) -> References:
    return References(
        path,
        shared=[(str(scope), _to_defined(item)) for scope, item in value["shared"]],
        malformed=[Malformed(*(str(p) for p in m)) for m in value["malformed"]],
        journey_malformed=[Malformed(*(str(p) for p in m)) for m in value["journey_malformed"]],
        targets=[str(kind) for kind in value["targets"]],
        load_uses=uses,
    )


def _to_ref(value: list[Any]) -> Ref:
    # The entry's key and version vouch for its content: no checks of each value here.
    field, ref, target, span, fix_span, in_journey, member, reported, well_formed = value
    fixed = None if fix_span is None else Span(*fix_span)
    return Ref(field, ref, target, Span(*span), fixed, in_journey, member, reported, well_formed)

"""Each file's `FileResult`, kept in the workspace's cache between runs.

The key is the file's exact bytes with everything else its result depends
on: its name as reported (findings carry it), whether it was named or found,
the workspace's settings and, for lint, the rules chosen and the date (rules
on overdue reviews and stale metrics read it). The code's version is in every
entry (`csjourney.cache`). What is stored is plain JSON; an entry that does not
decode is a miss.

A warm run over a large workspace reads every entry, so what only the files
reported on need (their findings, the ids they name) stays packed inside the
entry until something asks for it: the rest of an entry is the few ids the
file defines for the others, and a few flags.
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
from csjourney.diagnostics import Diagnostic, Fix, Severity, Span
from csjourney.filecheck import FileResult, Task
from csjourney.references import Defined, Malformed, Ref, References, Uses

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options

_ENTRIES = "check"
_KEY = re.compile(r"[0-9a-f]{40}")
_MANIFESTS = "manifest"
Recheck = Callable[[], FileResult]


class ResultCache:
    """The results of one workspace's files under one set of settings.

    Besides an entry per file, a run leaves a manifest: the part of every
    entry that all files need (a few ids and flags), in one file, so a warm
    run over thousands of files reads one file and the entries of the few
    files it reports on. An entry the manifest names but that is gone when its
    findings are wanted is no error: the file is checked again from the bytes
    its key was made of.
    """

    def __init__(self, cache: Cache, salt: str, manifest_key: str) -> None:
        self.cache = cache
        self.salt = salt
        self.manifest_key = manifest_key
        self._manifest: dict[str, Any] | None = None  # read on the first `get`
        self.seen: dict[str, Any] = {}  # this run's files: the next manifest

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
        # run replaces it, and removes the entries only the old one listed.
        manifest = content_key(config.model_dump_json(), str(config.root), repr(lint))
        return cls(cache, salt, content_key(manifest, str(Path.cwd())))

    def key(self, task: Task) -> str:
        assert task.content is not None
        flag = "named" if task.explicit else "found"
        return content_key(self.salt, str(task.shown), flag, task.content.data)

    def get(self, key: str, path: Path, recheck: Recheck) -> FileResult | None:
        """The result stored under `key` (which `path`, as reported, is part of)."""
        eager = self.manifest.get(key)
        packed: dict[str, Any] | None = None
        if eager is None:
            packed = self._entry(key)
            eager = packed["eager"] if packed is not None else None
        if not isinstance(eager, dict):
            return None
        try:
            result = decode(eager, path, _Packed(self, key, packed, recheck))
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self.seen[key] = eager
        return result

    def _entry(self, key: str) -> dict[str, Any] | None:
        value = self.cache.get(_ENTRIES, key)
        if not isinstance(value, dict) or not isinstance(value.get("eager"), dict):
            return None
        return value

    def put(self, key: str, result: FileResult) -> None:
        """Store the result's entry, and list it in the manifest this run leaves."""
        self.store(key, result)
        self.note(key, result)

    def store(self, key: str, result: FileResult) -> None:
        """Store the result's entry only (a worker process does it for the run)."""
        findings, uses = packed(result)
        self.cache.put(_ENTRIES, key, {"eager": eager(result), "findings": findings, "uses": uses})

    def note(self, key: str, result: FileResult) -> None:
        """List the result, whose entry is stored, in the manifest this run leaves."""
        self.seen[key] = eager(result)

    def close(self) -> None:
        """Write the manifest of this run's files, if it is not the one read.

        The entries the old manifest listed and this run did not use are
        removed: they are of file contents (or dates) gone by, and would
        otherwise pile up. A concurrent run that still wanted one checks that
        file again.
        """
        if self.seen.keys() == self.manifest.keys():
            return
        self.cache.put(_MANIFESTS, self.manifest_key, self.seen)
        for key in self.manifest.keys() - self.seen.keys():
            if isinstance(key, str) and _KEY.fullmatch(key):
                self.cache.discard(_ENTRIES, key)


class _Packed:
    """The packed parts of one entry, read from its file only when first needed."""

    def __init__(
        self, cache: ResultCache, key: str, entry: dict[str, Any] | None, recheck: Recheck
    ) -> None:
        self.cache, self.key, self.entry, self.recheck = cache, key, entry, recheck

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
            return [_to_diagnostic(d) for d in own], [_to_diagnostic(d) for d in lint]
        except (TypeError, ValueError, IndexError):  # gone, or not what it should be
            return self.recheck().findings()

    def uses(self) -> Uses:
        try:
            items, segments, refs = self._part("uses")
            return Uses(
                [_to_defined(item) for item in items],
                [str(s) for s in segments],
                [_to_ref(r) for r in refs],
            )
        except (TypeError, ValueError, IndexError):
            fresh = self.recheck().references
            return fresh.used() if fresh is not None else Uses()


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


def _span(span: Span | None) -> list[int] | None:
    return None if span is None else list(span)


def _to_span(value: list[int] | None) -> Span | None:
    return None if value is None else Span(*(int(part) for part in value))


def _diagnostic(d: Diagnostic) -> list[Any]:
    fix = None if d.fix is None else [list(d.fix.span), d.fix.old, d.fix.new]
    return [
        d.code, d.name, int(d.severity), d.message, str(d.path), list(d.span),
        d.hint, d.subject, d.item_kind, fix,
    ]  # fmt: skip


def _to_diagnostic(value: list[Any]) -> Diagnostic:
    code, name, severity, message, path, span, hint, subject, item_kind, fix = value
    span_of_fix = None if fix is None else _to_span(fix[0])
    return Diagnostic(
        str(code),
        str(name),
        Severity(int(severity)),
        str(message),
        Path(path),
        Span(*(int(part) for part in span)),
        hint,
        subject,
        item_kind,
        None if fix is None or span_of_fix is None else Fix(span_of_fix, str(fix[1]), str(fix[2])),
    )


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
                    r.field, r.value, r.target, list(r.span), _span(r.fix_span),
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
    return Ref(
        field,
        ref,
        target,
        Span(*span),
        None if fix_span is None else Span(*fix_span),
        in_journey,
        member,
        reported,
        well_formed,
    )

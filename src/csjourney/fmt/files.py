"""Decide, file by file, what `csjourney fmt` does: format, leave alone, or refuse.

A file is formatted only when it passes the structural checks (lint is not
run): a broken file is reported and never rewritten.
"""

from __future__ import annotations

import difflib
import enum
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.cache import Cache, content_key
from csjourney.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options, Progress, Report
    from csjourney.fmt import canonical

# The cache's namespace of what `format_text` made of a text, by the text's content:
# `true` (already canonical), {"after": text}, {"refused": why} or, from `canonical`'s
# proof alone, {"changes": true} (it would change; what to is not known). The code version
# in each entry covers a change of the formatter, a pure function of the text.
CANONICAL = "fmt"


class Status(enum.Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    INVALID = "invalid"  # has errors: fix them first
    REFUSED = "refused"  # formatting would lose something


@dataclass(slots=True)
class Outcome:
    path: Path
    status: Status
    before: str = ""
    after: str = ""
    problems: list[str] = field(default_factory=list)
    stdin: bool = False  # read from `-`: there is no file to write back to

    def unified_diff(self) -> str:
        name = self.path.as_posix()
        lines = difflib.unified_diff(
            _editor_lines(self.before),
            _editor_lines(self.after),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        return "".join(lines)


# Lines as an editor counts them: str.splitlines would also break at NEL, LS, PS and more.
_EDITOR_LINE = re.compile(r".*?(?:\r\n|\r|\n)|.+\Z", re.DOTALL)


def _editor_lines(text: str) -> list[str]:
    return _EDITOR_LINE.findall(text)


def describe(diagnostic: Diagnostic) -> str:
    d = diagnostic
    return f"{d.path.as_posix()}:{d.line}:{d.column}: {d.severity.label} {d.code} {d.message}"


def plan(
    paths: list[Path],
    *,
    config_file: Path | None,
    only_journey_files: bool,
    stdin_filename: Path | None = None,
    cache: bool = True,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    answer_only: bool = False,
) -> list[Outcome]:
    """What formatting would do to every journey file under `paths`. Writes nothing
    but the cache's record of the texts found already canonical.

    `answer_only` (`fmt --check`): only each outcome's status is wanted, not the
    formatted text, so `canonical` answers first where it can; a CHANGED outcome
    then has no `after`. The real formatter runs on the texts it cannot tell.
    """
    from csjourney.core import Options, run
    from csjourney.fmt import canonical

    options = Options(
        config_file=config_file,
        lint=False,
        only_journey_files=only_journey_files,
        stdin_filename=stdin_filename,
        cache=cache,
        cache_dir=cache_dir,
        jobs=jobs,
        progress=progress,
        keep_models=False,
    )
    report = run(paths, options)
    caches = _Caches(report, options)
    planned: list[Outcome | _Pending] = []
    for path in report.files:
        errors = [d for d in report.diagnostics_for(path) if d.severity is Severity.ERROR]
        if errors:
            planned.append(Outcome(path, Status.INVALID, problems=[describe(d) for d in errors]))
            continue
        if path not in report.texts:  # YAML that only looks like a map (CSJ013): not a map
            continue
        stdin = path == report.stdin
        # Standard input cannot be read twice: its text as checked.
        before = report.texts[path] if stdin else path.read_bytes().decode("utf-8")
        # (From a file, a byte-order mark stays: format_text keeps it.)
        store, key = (Cache(None), "") if stdin else (caches.of(path), content_key(before))
        file = _Pending(path, before, stdin, store, key)
        known = store.get(CANONICAL, key)  # this exact text was formatted before
        if known is True:
            planned.append(Outcome(path, Status.UNCHANGED, before, before))
        elif isinstance(known, dict) and isinstance(known.get("after"), str):
            planned.append(file.outcome(known["after"], None, record=False))
        elif isinstance(known, dict) and isinstance(known.get("refused"), str):
            planned.append(file.outcome(None, known["refused"], record=False))
        elif answer_only and isinstance(known, dict) and known.get("changes") is True:
            planned.append(Outcome(path, Status.CHANGED, before, stdin=stdin))
        else:
            planned.append(file)
    pending = [p for p in planned if isinstance(p, _Pending)]
    if answer_only:
        told = _verdicts([p.before for p in pending], jobs)
        proven = {
            id(file): file.proven(verdict)
            for file, verdict in zip(pending, told, strict=True)
            if verdict is not canonical.Verdict.UNKNOWN
        }
        planned = [proven.get(id(entry), entry) for entry in planned]
        pending = [p for p in planned if isinstance(p, _Pending)]
    formatted = iter(list(_formatted([p.before for p in pending], jobs, progress)))
    return [
        entry if isinstance(entry, Outcome) else entry.outcome(*next(formatted))
        for entry in planned
    ]


@dataclass(frozen=True, slots=True)
class _Pending:
    """A file to format: what it reads, and where its "already canonical" record goes."""

    path: Path
    before: str
    stdin: bool
    store: Cache
    key: str

    def proven(self, verdict: canonical.Verdict) -> Outcome:
        """What `canonical` could tell: a canonical text is recorded as the formatter's
        own answer would be; one that changes has no `after` to show or record."""
        from csjourney.fmt.canonical import Verdict

        if verdict is Verdict.CANONICAL:
            return self.outcome(self.before, None)
        # Only `--check` can use this record; `fmt` and `--diff` format the text anyway.
        self.store.put(CANONICAL, self.key, {"changes": True})
        return Outcome(self.path, Status.CHANGED, self.before, stdin=self.stdin)

    def outcome(self, after: str | None, refusal: str | None, *, record: bool = True) -> Outcome:
        path, before, stdin = self.path, self.before, self.stdin
        if after is None:
            if record:
                self.store.put(CANONICAL, self.key, {"refused": refusal or ""})
            return Outcome(path, Status.REFUSED, before, problems=[refusal or ""], stdin=stdin)
        if record:
            # What this text becomes, never that `after` is canonical: that would take
            # the formatter's idempotence on trust, and a cached run could then pass
            # where an uncached one fails. `after` is recorded once formatted itself.
            self.store.put(CANONICAL, self.key, True if after == before else {"after": after})
        status = Status.UNCHANGED if after == before else Status.CHANGED
        return Outcome(path, status, before, after, stdin=stdin)


def _verdicts(texts: list[str], jobs: int | None) -> list[canonical.Verdict]:
    """`canonical.verdict` of each text, in order: in worker processes when there are
    enough, as formatting is (a few milliseconds a text, against its 100)."""
    from csjourney import pool
    from csjourney.fmt import canonical

    workers = pool.workers(jobs, len(texts))
    verdict = canonical.verdict
    return list(pool.mapped(verdict, texts, workers) if workers > 1 else map(verdict, texts))


def _formatted(
    texts: list[str], jobs: int | None, progress: Progress | None
) -> Iterator[tuple[str | None, str | None]]:
    """Each text formatted, in order: in worker processes when there are enough
    (`csjourney.pool` decides), as the checks are."""
    from csjourney import pool

    workers = pool.workers(jobs, len(texts))
    results = pool.mapped(_format, texts, workers) if workers > 1 else map(_format, texts)
    for done, result in enumerate(results, 1):
        if progress is not None:
            progress("formatting", done, len(texts))
        yield result


def _format(before: str) -> tuple[str | None, str | None]:
    """The formatted text, or why it cannot be formatted."""
    from csjourney.fmt.formatter import FormatError, format_text

    try:
        return format_text(before), None
    except FormatError as error:
        return None, str(error)


class _Caches:
    """The cache of each reported file's workspace (one per root; none without a root)."""

    def __init__(self, report: Report, options: Options) -> None:
        self.report, self.options = report, options
        self.by_root: dict[Path | None, Cache] = {}

    def of(self, path: Path) -> Cache:
        config = self.report.config_of.get(path) or self._nearest(path)
        root = config.root if config is not None else None
        if root not in self.by_root:
            self.by_root[root] = Cache.for_run(
                root,
                config.cache_dir if config is not None else None,
                self.options.cache_dir,
                enabled=self.options.cache,
            )
        return self.by_root[root]

    def _nearest(self, path: Path) -> Config | None:
        """The config of the nearest root above `path` (each file belongs to it)."""
        configs = self.report.configs
        if self.options.config_file is not None:  # --config: one workspace for every file
            return configs[0] if configs else None
        where = Path(os.path.abspath(path))
        above = [c for c in configs if c.root is not None and where.is_relative_to(c.root)]
        return max(above, key=lambda c: len(c.root.parts) if c.root else 0, default=None)

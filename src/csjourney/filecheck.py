"""One file checked on its own, into what the checks across files and the report need.

A file is loaded, validated, checked for its own cross-item problems, and,
when nothing in it depends on the rest of the workspace, linted. What comes
out (`FileResult`) is small, plain and JSON-able (`csjourney.resultcache`):
the findings, the ids the file defines and names (`References`), and the
facts the workspace-wide rules read. `core` merges those of a workspace, so a
run holds one file's models at a time, checks files in a process pool, and
takes the unchanged ones from the cache.

Library files (those defining segments, evidence or channels) are linted by
`checkrun` with the whole workspace's facts instead, when they are reported on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.config import Config
from csjourney.diagnostics import Diagnostic, Severity
from csjourney.loader import LoadedFile, load_file
from csjourney.model import JourneyFile
from csjourney.reading import Content
from csjourney.references import References

if TYPE_CHECKING:
    from csjourney.core import Options


@dataclass(frozen=True, slots=True)
class Task:
    path: Path  # to read (`-` for standard input)
    shown: Path  # as reported
    explicit: bool  # named (checked whatever it holds) rather than found by a scan
    reported: bool = False  # its text goes into the report (formatting, --fix)
    content: Content | None = None  # its bytes, when read already (to key the cache)
    key: str | None = None  # where its result goes in the cache, when it has one


@dataclass(slots=True)
class FileResult:
    path: Path  # as reported
    skipped: bool = False  # a scan met YAML that is no journey map: no part of the run
    ok: bool = False  # read as a mapping of data
    is_journey: bool = True  # False: YAML that only looks like a map (warned about)
    own: list[Diagnostic] = field(default_factory=list)  # loading, the model, its own items
    references: References | None = None
    valid: bool = False  # the model validated
    library: bool = False  # defines items the workspace shares: linted by `core`
    lint: list[Diagnostic] = field(default_factory=list)  # a valid non-library file's findings
    cited: dict[str, list[str]] = field(default_factory=dict)  # ids named, by kind (valid files)
    covered: list[str] = field(default_factory=list)  # the journey's segments (valid files)
    answers: list[str] = field(default_factory=list)  # see `answerable_kinds`
    # Read without `own`, which a result from the cache decodes only when it is reported on.
    has_errors: bool = False  # among `own`
    own_kinds: list[str] = field(default_factory=list)  # the item kinds `own` findings are about
    pending: Callable[[], tuple[list[Diagnostic], list[Diagnostic]]] | None = None
    # Its cache entry, encoded by the worker process that checked it, for the run to write.
    entry: bytes | None = None
    # In memory only, never cached: a reported file's text; library files keep
    # their loaded data and model for their lint, every file when the run keeps models.
    text: str | None = None
    loaded: LoadedFile | None = None
    model: JourneyFile | None = None

    def findings(self) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """`own` and `lint`, decoded first if the result came from the cache."""
        if self.pending is not None:
            self.own, self.lint = self.pending()
            self.pending = None
        return self.own, self.lint


@functools.cache
def _shared_fields() -> dict[str, str]:
    """The top-level lists of items the whole workspace shares, with their kind."""
    from csjourney.structure import file_kind

    children = file_kind().children.values()
    return {c.field: c.kind.name for c in children if c.kind.scope == "workspace"}


def check_file(task: Task, config: Config, options: Options, *, keep: bool) -> FileResult:
    """Everything about `task`'s file that does not need the other files."""
    result = _check(task, config, options, keep=keep)
    result.has_errors = any(d.severity is Severity.ERROR for d in result.own)
    result.own_kinds = sorted({d.item_kind for d in result.own if d.item_kind})
    return result


def _check(task: Task, config: Config, options: Options, *, keep: bool) -> FileResult:
    """`check_file`'s work.

    `options` is the run's `core.Options`; `keep`: hold the model and loaded
    data in the result even when the file is no library.
    """
    from csjourney import semantics
    from csjourney.validation import validate_file

    explicit = task.explicit
    loaded = load_file(
        task.path, explicit=explicit, max_bytes=config.max_file_size, content=task.content
    )
    if loaded is None:
        return FileResult(task.shown, skipped=True)
    loaded.path = task.shown
    result = FileResult(task.shown, ok=loaded.ok, is_journey=loaded.is_journey)
    result.own = loaded.diagnostics
    if loaded.data is None:
        return result
    if task.reported:
        result.text = loaded.text
    result.answers = sorted(answerable_kinds(loaded.data))
    model, errors = validate_file(loaded)
    result.own.extend(errors)
    found, result.references = semantics.summarize(loaded)
    result.own.extend(found)
    if model is None:
        return result
    result.valid = True
    result.library = any(getattr(model, name) for name in _shared_fields())
    _lint(result, loaded, model, config, options)
    if keep or (result.library and task.reported):
        result.loaded, result.model = loaded, model
    return result


def _lint(
    result: FileResult, loaded: LoadedFile, model: JourneyFile, config: Config, options: Options
) -> None:
    """The file's facts for the workspace-wide rules, and (no library) its findings."""
    from csjourney.lint import lint_context, lint_with
    from csjourney.workspace import SourceFile, Workspace

    if not options.lint:
        return
    file = SourceFile(result.path, model, loaded.source, loaded.text)
    context = lint_context(Workspace(root=config.root, files=[file]), config, options)
    shared = _shared_fields().values()  # the only kinds workspace-wide rules ask about
    cited = context.citations()
    result.cited = {kind: sorted(cited[kind]) for kind in shared if cited.get(kind)}
    result.covered = sorted(model.journey.segments) if model.journey is not None else []
    if not result.library:
        result.lint = lint_with(context, config, options)


def answerable_kinds(data: object) -> set[str]:
    """The kinds of id whose findings anywhere in the workspace this file answers for.

    Without history a run cannot tell which ids a file used to define, so it
    goes by the kinds a file defines for others: one that declares `segments`,
    `evidence` or `channels` answers for every duplicate or broken reference of
    that kind; a library file (no journey) for all three, as it may just have
    dropped a whole list; a journey file for journey ids. Errors of other kinds
    elsewhere (a stage's touchpoint in another journey) are never its doing.
    """
    if not isinstance(data, dict):
        return set()
    shared = _shared_fields()
    kinds = {"journey"} if "journey" in data else set(shared.values())
    kinds.update(kind for key, kind in shared.items() if key in data)
    return kinds

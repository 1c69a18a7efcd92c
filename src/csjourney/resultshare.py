"""Per-file results handed from one run to the next within one process: diff's two sides.

`diff --git REV` checks the revision in a temporary folder and the working tree
in place. Most files hold the same bytes on both sides, at the same path from
their workspace root, under the same settings: their results are the same but
for the path they name. The on-disk cache cannot serve the temporary folder
(its keys hold each file's path as reported, and the folder is new every run),
so within `sharing_results()` every file a run checks, or takes from the cache,
is lent to the runs after it, and a later run borrows it, rebased to its own
path, instead of checking the file again.

A borrowed result must be the one a check would give. What a file's result
takes from its path is known: the path of every finding and of its summary,
the `path:line` places of the ids it defines (`semantics`), and the
per-file-ignores matched on its path from the root. So the sharing key holds
the file's bytes, the settings (config, rules, date), whether it was named,
and its path from the root (as `lint` matches it, resolved); places are rebased
by their prefix, which is always the path. A finding whose text holds the
path itself (a duplicate id within one file names the first's place) is not
rewritten: that file's findings are checked again, as are a file over the
size limit (its result reads past the bytes compared) and runs keeping models.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.blocktable import BlockTable
from csjourney.cache import content_key
from csjourney.deferreditems import DeferredItems
from csjourney.diagnostics import Diagnostic
from csjourney.filecheck import FileResult, Task
from csjourney.references import Defined, Malformed, References, Uses

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options

_lent: BlockTable[str, FileResult] = BlockTable()  # sharing key -> a result, while sharing
Recheck = Callable[[], FileResult]


def sharing_results() -> AbstractContextManager[None]:
    """Within this block, runs lend each other the results of the files they check."""
    return _lent.active()


class Sharing:
    """The sharing of one workspace's run, or None from `for_run` when nothing is shared."""

    def __init__(self, lent: dict[str, FileResult], config: Config, options: Options) -> None:
        assert config.root is not None
        self.lent = lent
        self.config = config
        self.root = config.root
        self.prefix = os.path.join(os.path.abspath(config.root), "")  # the root, with a separator
        lint = (options.lint, options.select, options.ignore)
        self.salt = content_key(
            config.model_dump_json(),
            repr(lint),
            options.today.isoformat() if options.lint else "",
        )

    @classmethod
    def for_run(cls, config: Config, options: Options) -> Sharing | None:
        lent = _lent.current
        if lent is None or config.root is None or options.keep_models:
            return None  # a run keeping models reads them from its results: none here
        return cls(lent, config, options)

    def key(self, task: Task) -> str | None:
        """The sharing key of a task read already; None for one whose result cannot be shared."""
        content = task.content
        if content is None or len(content.data) > self.config.max_file_size:
            return None
        absolute = os.path.abspath(task.shown)
        if not absolute.startswith(self.prefix):
            return None
        matched = ""  # what per-file-ignores match (`lint._file_ignores`), when there are any
        if self.config.lint.per_file_ignores:
            resolved = Path(absolute).resolve()
            if not resolved.is_relative_to(self.root):
                return None
            matched = resolved.relative_to(self.root).as_posix()
        flag = "named" if task.explicit else "found"
        relative = absolute[len(self.prefix) :].replace(os.sep, "/")
        return content_key(self.salt, relative, matched, flag, content.digest())

    def lend(self, key: str, result: FileResult) -> None:
        self.lent.setdefault(key, result)

    def borrow(self, key: str, shown: Path, recheck: Recheck) -> FileResult | None:
        """The result lent under `key`, as the file at `shown` has it; None: check the file."""
        lent = self.lent.get(key)
        if lent is None:
            return None
        if lent.path == shown:
            return lent  # the same run, or one over the same files: nothing to rebase
        place = _Rebase(lent.path, shown)
        references = None
        if lent.references is not None:
            references = place.references(lent.references, recheck)
            if references is None:
                return None
        return FileResult(
            shown,
            skipped=lent.skipped,
            ok=lent.ok,
            is_journey=lent.is_journey,
            references=references,
            valid=lent.valid,
            library=lent.library,
            cited=lent.cited,
            covered=lent.covered,
            answers=lent.answers,
            has_errors=lent.has_errors,
            own_kinds=lent.own_kinds,
            pending=lambda: place.findings(lent, recheck),
        )


class _Rebase:
    """What a result says about the file at `old`, said of the same file at `new`."""

    def __init__(self, old: Path, new: Path) -> None:
        self.old, self.new = old, new
        self.old_place, self.new_place = f"{old.as_posix()}:", f"{new.as_posix()}:"

    def where(self, where: str) -> str:
        if not where.startswith(self.old_place):
            raise ValueError(f"not a place in {self.old}: {where!r}")
        return self.new_place + where[len(self.old_place) :]

    def defined(self, item: Defined) -> Defined:
        return Defined(item.kind, item.id, self.where(item.where), item.span, item.name)

    def malformed(self, item: Malformed) -> Malformed:
        return Malformed(item.meant, item.kind, item.raw, self.where(item.where))

    def references(self, refs: References, recheck: Recheck) -> References | None:
        try:
            return References(
                self.new,
                shared=[(scope, self.defined(item)) for scope, item in refs.shared],
                malformed=[self.malformed(m) for m in refs.malformed],
                journey_malformed=[self.malformed(m) for m in refs.journey_malformed],
                targets=refs.targets,
                load_uses=lambda: self.uses(refs, recheck),
            )
        except ValueError:
            return None

    def uses(self, refs: References, recheck: Recheck) -> Uses:
        used = refs.used()
        own = DeferredItems(used.journey_items, lambda items: self.items(items, recheck))
        return Uses(own, used.journey_segments, used.refs)

    def items(self, items: Sequence[Defined], recheck: Recheck) -> list[Defined]:
        try:
            return [self.defined(item) for item in items]
        except ValueError:
            fresh = recheck().references
            return list(fresh.used().journey_items) if fresh is not None else []

    def findings(
        self, lent: FileResult, recheck: Recheck
    ) -> tuple[list[Diagnostic], list[Diagnostic]]:
        own, lint = lent.findings()
        old = self.old.as_posix()
        for d in [*own, *lint]:
            moved = d.path is not self.old and d.path != self.old  # most share the result's path
            if moved or old in d.message or (d.hint is not None and old in d.hint):
                return recheck().findings()
        return [self.diagnostic(d) for d in own], [self.diagnostic(d) for d in lint]

    def diagnostic(self, d: Diagnostic) -> Diagnostic:
        return Diagnostic(
            d.code, d.name, d.severity, d.message, self.new, d.span, d.hint,
            d.subject, d.item_kind, d.fix,
        )  # fmt: skip

"""Helpers for test_cache_equivalence.py: one check run every way a user can run it.

A cache, a process pool or dropping the models must never change a result. `run_all`
runs core.run over the same paths cold (a fresh cache directory), warm (the same
directory again), without the cache, with two jobs (cold, then warm), with the cache in
its default place in the workspace (cold, then warm), with a progress callback and
keeping the models, and
`assert_same` compares every field of every finding: Diagnostic's `==` ignores
subject, item_kind and fix, so findings are compared as plain tuples.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, benchmark_generator
from csjourney.core import Options, Report, run
from csjourney.diagnostics import Diagnostic

TODAY = dt.date(2026, 11, 22)
BASE = Options(today=TODAY)
EVERY_RULE = Options(today=TODAY, select=("ALL",))
Row = tuple[Any, ...]  # one finding, every field


@dataclass(frozen=True)
class Outcome:
    """All a user can see of a run: the findings in order, what was reported on, the counts,
    the texts the reports quote."""

    diagnostics: tuple[Row, ...]
    files: tuple[Path, ...]
    summary: tuple[tuple[str, int], ...]
    note: str | None  # the "no csjourney.toml found" note of a rootless run
    # The text of each file reported on (fmt formats it) and of each file a finding is
    # in (excerpts, SARIF snippets and GitLab fingerprints quote it).
    texts: tuple[tuple[Path, str], ...]
    sources: tuple[tuple[Path, str], ...]


def row(d: Diagnostic) -> Row:
    return (d.code, d.name, d.severity, d.message, d.path, d.span, d.hint, d.subject,
            d.item_kind, d.fix)  # fmt: skip


def outcome(report: Report) -> Outcome:
    return Outcome(
        tuple(row(d) for d in report.diagnostics),
        tuple(report.files),
        tuple(sorted(report.summary().items())),
        report.workspace_note(),
        tuple(sorted(report.texts.items())),
        tuple(sorted(report.sources.items())),
    )


def check(paths: list[Path], options: Options, cwd: Path) -> Outcome:
    with contextlib.chdir(cwd):
        return outcome(run(paths, options))


def _mode(
    cache: str | None, jobs: int | None = None, keep: bool = False, progress: bool = False
) -> Callable[..., Options]:
    """How a mode's run differs from the base options, given two private cache folders."""

    def make(options: Options, first: Path, second: Path) -> Options:
        folder = {"a": first, "b": second, "tree": None, None: None}[cache]
        shown = _progress if progress else None
        return dataclasses.replace(
            options,
            keep_models=keep,
            cache=cache is not None,
            cache_dir=folder,
            jobs=jobs,
            progress=shown,
        )

    return make


def _progress(what: str, done: int, total: int) -> None:
    """A progress bar's callback that checks what it is told (a bar shows no results)."""
    assert 0 <= done <= total, (what, done, total)


# In this order: "warm" reads what "cold" wrote, "jobs=2 warm" what "jobs=2 cold" wrote.
# Without `jobs` a run uses every core (a big workspace goes to the pool); "in-tree" is
# the default place, `.csjourney_cache/` at each workspace's root; "progress" passes a
# progress bar's callback, as on a terminal.
MODES: dict[str, Callable[[Options, Path, Path], Options]] = {
    "cold": _mode("a"),
    "warm": _mode("a"),
    "no cache": _mode(None),
    "no cache, jobs=1": _mode(None, jobs=1),  # one process, however many files and cores
    "jobs=2 cold": _mode("b", jobs=2),
    "jobs=2 warm, progress": _mode("b", jobs=2, progress=True),
    "jobs=1 warm": _mode("a", jobs=1),
    "in-tree cold": _mode("tree"),
    "in-tree warm, progress": _mode("tree", progress=True),
    "models kept": _mode("a", keep=True),
}


def run_all(
    paths: list[Path],
    options: Options,
    cwd: Path,
    scratch: Path,
    only: tuple[str, ...] | None = None,
) -> dict[str, Outcome]:
    """The outcome of every mode (or those `only` names), in MODES order; `scratch` holds
    the cache folders."""
    assert only is None or set(only) <= MODES.keys(), only
    first, second = scratch / "cache-a", scratch / "cache-b"
    for folder in (first, second):
        shutil.rmtree(folder, ignore_errors=True)
    outcomes = {}
    for label, make in MODES.items():
        if only is not None and label not in only:
            continue
        if label == "in-tree cold":  # whatever an earlier run left in the workspace goes
            for old in sorted(cwd.rglob(".csjourney_cache"), reverse=True):
                shutil.rmtree(old)
        outcomes[label] = check(paths, make(options, first, second), cwd)
    return outcomes


def assert_same(outcomes: dict[str, Outcome], what: str = "") -> None:
    """Every outcome equals the first; a failure names the mode and the first difference."""
    (base_label, base), *others = outcomes.items()
    for label, got in others:
        if got != base:
            difference = _difference(base, got)
            raise AssertionError(f"{what}: {label!r} differs from {base_label!r}: {difference}")


def _difference(want: Outcome, got: Outcome) -> str:
    for name in ("files", "summary", "note", "texts", "sources"):
        if getattr(want, name) != getattr(got, name):
            return f"{name}: {getattr(want, name)!r} != {getattr(got, name)!r}"
    for index, (a, b) in enumerate(zip(want.diagnostics, got.diagnostics, strict=False)):
        if a != b:
            return f"finding {index}: {a!r} != {b!r}"
    longer = max(want.diagnostics, got.diagnostics, key=len)
    return f"{len(want.diagnostics)} vs {len(got.diagnostics)} findings; extra: {longer[-1]!r}"


# -- a warm cache against none -------------------------------------------------------------


def uncached(paths: list[Path], options: Options, cwd: Path) -> Outcome:
    return check(paths, dataclasses.replace(options, keep_models=False, cache=False), cwd)


def cached(paths: list[Path], options: Options, cwd: Path, cache: Path, jobs: int = 1) -> Outcome:
    changed = dataclasses.replace(options, keep_models=False, cache_dir=cache, jobs=jobs)
    return check(paths, changed, cwd)


def assert_warm_is_fresh(
    paths: list[Path], options: Options, cwd: Path, caches: tuple[Path, Path], what: str
) -> Outcome:
    """Runs on the caches (one process, and two jobs) report what a run without one does."""
    want = uncached(paths, options, cwd)
    for cache, jobs in ((caches[0], 1), (caches[1], 2)):
        got = cached(paths, options, cwd, cache, jobs)
        assert_same({"no cache": want, f"cached, jobs={jobs}": got}, what)
    return want


# -- workspaces ----------------------------------------------------------------------------


def copy_case(case: Path, target: Path) -> None:
    """A structural case (a file or a workspace folder) copied to `target`, a new folder."""
    if case.is_dir():
        shutil.copytree(case, target, symlinks=True)
    else:
        target.mkdir(parents=True)
        shutil.copy(case, target / case.name)


def write_files(target: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def example_workspace(target: Path) -> Path:
    """A copy of examples/b2b-saas (its maps and config) plus a CI file that is no map."""
    source = EXAMPLES / "b2b-saas"
    for file in [*source.rglob("*.yaml"), source / "csjourney.toml"]:
        copy = target / file.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, copy)
    write_files(target, {"ops/ci.yaml": "steps:\n  - run: make test\n"})
    return target


# What goes wrong in a big workspace: edits of generated maps (file index, old, new).
BREAKAGE = [
    (3, "csjourney: 1", "csjourney: 9"),  # an unsupported version
    (7, "journey:", "journey["),  # broken YAML
    (11, "  id: ", "  ix: "),  # the journey's id misspelt
    (17, "segments: [", "segments: [nobody, "),  # an unknown segment
]


def broken_generated_workspace(target: Path, maps: int) -> list[Path]:
    files: list[Path] = benchmark_generator().generate_workspace(target, maps)
    for index, old, new in BREAKAGE:
        edit(files[index], old, new)
    shutil.copy(files[5], files[5].with_name("copy-of-5.yaml"))  # every id defined twice
    return files

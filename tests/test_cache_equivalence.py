"""Cached, uncached and parallel runs give the same results (issue 13).

Every structural case, every lint case and a fuzz corpus of damaged example maps are
checked every way a user can run them (cachesupport.MODES: cold and warm cache, no cache,
one and two jobs, the cache in its default place, a progress callback, models kept), and
every field of every finding, and the texts reports quote, must agree. Then what a cache
gets wrong in practice (tables in cachecases.py): a file edited with its size and mtime
kept, options, config and the set of files changing under a warm cache, a renamed or
copied file, another working directory, standard input standing in for a cached file, a
cache folder full of garbage or any one file of it spoiled. The CLI's side is in
test_cache_equivalence_cli.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cachecases import (
    GARBAGE,
    ONE_SPOILED,
    SAME_SIZE,
    SCAN,
    STEPS,
    UNUSABLE,
    Spoil,
    Step,
    chunks,
    lint_groups,
    litter,
    rootless,
    structural_cases,
)
from cachesupport import (
    BASE,
    EVERY_RULE,
    Outcome,
    assert_same,
    assert_warm_is_fresh,
    broken_generated_workspace,
    cached,
    check,
    copy_case,
    edit,
    example_workspace,
    run_all,
    uncached,
    write_files,
)
from conftest import benchmark_generator
from csjourney.pool import POOL_THRESHOLD
from csjourney.reading import STDIN
from fuzzsupport import CARELESS, HOSTILE_KINDS, copy_workspaces, damage

# -- every structural and lint case ------------------------------------------------------


@pytest.mark.parametrize("cases", chunks(structural_cases(), 12))
def test_structural_cases_in_a_workspace(cases: list[Path], tmp_path: Path) -> None:
    """Each case a workspace of its own (a csjourney.toml added), a dozen checked in one run:
    a file case is named, as pre-commit names files; a folder case is scanned."""
    here = tmp_path / "cases"
    paths = []
    for case in cases:
        target = here / case.stem
        copy_case(case, target)
        (target / "csjourney.toml").touch()
        paths.append(target / case.name if case.is_file() else target)
    assert_same(run_all(paths, EVERY_RULE, here, tmp_path), f"{[c.name for c in cases]}")


@pytest.mark.parametrize(
    "case", [c for c in structural_cases() if rootless(c)], ids=lambda case: case.name
)
def test_rootless_structural_case(case: Path, tmp_path: Path) -> None:
    """As the structural suite runs it: no workspace root, so no cache may be used either."""
    target = tmp_path / "case"
    copy_case(case, target)
    paths = [Path(case.name)] if case.is_file() else SCAN
    modes = ("no cache", "cold", "warm", "jobs=2 cold", "models kept")
    assert_same(run_all(paths, EVERY_RULE, target, tmp_path, modes), case.name)
    assert not (tmp_path / "cache-a").exists(), "a run with no workspace root used a cache"


@pytest.mark.parametrize(("today", "cases"), lint_groups())
def test_lint_cases(today: dt.date, cases: list[dict[str, Any]], tmp_path: Path) -> None:
    """Every rule on (not just the case's), each case a workspace with its config."""
    here = tmp_path / "cases"
    for index, case in enumerate(cases):
        target = here / f"case-{index:02d}"
        write_files(target, case["files"])
        (target / "csjourney.toml").write_text(case["config"] or "", encoding="utf-8")
    options = dataclasses.replace(EVERY_RULE, today=today)
    assert_same(run_all([here], options, here, tmp_path), f"{[c['name'] for c in cases]}")


# -- the fuzz corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_copies(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """A private copy of every example workspace's YAML and config (minimal has no root)."""
    return copy_workspaces(tmp_path_factory, "example")


@pytest.fixture(scope="module")
def seasoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache kept over all fuzz examples: it has seen many versions of every file."""
    return tmp_path_factory.mktemp("seasoned-cache")


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same corpus every run
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data(), named=st.booleans())
def test_damaged_maps_give_the_same_findings_every_way(
    data: st.DataObject,
    named: bool,
    example_copies: dict[Path, Path],
    seasoned: Path,
    tmp_path: Path,
) -> None:
    with damage(data, example_copies, (*CARELESS, *HOSTILE_KINDS)) as damaged:
        paths = [damaged.source.file] if named else [Path(".")]
        outcomes = run_all(paths, EVERY_RULE, damaged.workspace, tmp_path)
        again = dataclasses.replace(EVERY_RULE, keep_models=False, cache_dir=seasoned)
        outcomes["seasoned cache"] = check(paths, again, damaged.workspace)
    assert_same(outcomes, f"{damaged.source.file} damaged to {damaged.text[:300]!r}")


# -- big enough for the process pool -------------------------------------------------------
# The pool starts only above a number of files (pool.POOL_THRESHOLD); these runs are
# past it, so "jobs=2" is the pool, and its results merged back must equal one process's.


@pytest.mark.parametrize("named", [False, True], ids=["scanned", "named"])
def test_all_structural_file_cases_in_one_workspace(named: bool, tmp_path: Path) -> None:
    """Every file case side by side: their ids collide across files, so the cross-file
    checks have plenty to merge; named, the non-journey YAML among them is reported too."""
    here = tmp_path / "all"
    here.mkdir()
    (here / "csjourney.toml").touch()
    cases = [c for c in structural_cases() if c.is_file()]
    for case in cases:
        shutil.copy(case, here / case.name)
    assert len(cases) > POOL_THRESHOLD
    paths = [Path(c.name) for c in cases] if named else [Path(".")]
    assert_same(run_all(paths, EVERY_RULE, here, tmp_path), "all structural file cases")


def test_all_lint_cases_in_one_workspace(tmp_path: Path) -> None:
    here = tmp_path / "all"
    here.mkdir()
    (here / "csjourney.toml").touch()
    count = 0
    for param in lint_groups():
        for case in param.values[1]:
            write_files(here / f"case-{count:03d}", case["files"])
            count += 1
    assert count > POOL_THRESHOLD
    assert_same(run_all([Path(".")], EVERY_RULE, here, tmp_path), "all lint cases")


@pytest.mark.parametrize("named", [False, True], ids=["scanned", "one-file-named"])
def test_generated_workspace_past_the_pool_threshold(named: bool, tmp_path: Path) -> None:
    """Real maps, 70 of them, some broken; named: the pre-commit case, the library file.
    Modes the small cases above cover already (models kept) are left out, for time."""
    here = tmp_path / "workspace"
    files = broken_generated_workspace(here, 70)
    assert len(files) > POOL_THRESHOLD
    paths = [files[0].relative_to(here)] if named else SCAN
    # A year on, and a rule ignored: workers that lost the options would report otherwise.
    later = benchmark_generator().REFERENCE_DATE + dt.timedelta(days=400)
    options = dataclasses.replace(BASE, today=later, ignore=("metric-off-target",))
    modes: tuple[str, ...] = ("cold", "warm", "no cache, jobs=1", "jobs=2 cold")
    modes += () if named else ("jobs=2 warm, progress",)
    assert_same(run_all(paths, options, here, tmp_path, modes), "generated workspace")


# -- what changes under a warm cache (tables in cachecases.py) -----------------------------


@pytest.mark.parametrize("step", list(STEPS.values()), ids=list(STEPS))
def test_a_warm_cache_reports_what_changed(step: Step, tmp_path: Path) -> None:
    ws = example_workspace(tmp_path / "ws")
    caches = (tmp_path / "cache-a", tmp_path / "cache-b")
    before = assert_warm_is_fresh(SCAN, BASE, ws, caches, "primed")
    paths, options, cwd = step(ws)
    after = assert_warm_is_fresh(paths, options, cwd, caches, "after the change")
    assert after != before, "the step changes nothing a user sees, so it tests nothing"


@pytest.mark.parametrize(("name", "edits", "paths"), list(SAME_SIZE.values()), ids=list(SAME_SIZE))
@pytest.mark.parametrize("linked", [False, True], ids=["file", "symlink"])
def test_a_file_edited_with_its_size_and_mtime_kept_is_read_again(
    name: str, edits: list[tuple[str, str]], paths: list[Path], linked: bool, tmp_path: Path
) -> None:
    """mtime granularity is not trusted: the content decides. Through a symlink, the
    link itself does not change at all."""
    ws = example_workspace(tmp_path / "ws")
    with (ws / "csjourney.toml").open("a", encoding="utf-8") as config:
        config.write('\n[lint]\nignore = ["CSJ201"]\n')
    caches = (tmp_path / "cache-a", tmp_path / "cache-b")
    target = ws / name
    if linked:
        real = tmp_path / "elsewhere" / target.name
        real.parent.mkdir()
        target.rename(real)
        target.symlink_to(real)
    before = assert_warm_is_fresh(paths, BASE, ws, caches, "primed")
    for old, new in edits:
        stat = target.stat()
        edit(target, old, new)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert (target.stat().st_size, target.stat().st_mtime_ns) == (
            stat.st_size,
            stat.st_mtime_ns,
        )
        after = assert_warm_is_fresh(paths, BASE, ws, caches, f"after {old!r} -> {new!r}")
        assert after != before, "the edit changes nothing a user sees, so it tests nothing"
        before = after


@pytest.mark.parametrize("spoil", list(GARBAGE.values()), ids=list(GARBAGE))
def test_a_cache_full_of_garbage_changes_nothing(spoil: Spoil, tmp_path: Path) -> None:
    ws = example_workspace(tmp_path / "ws")
    edit(ws / "journeys/smb.yaml", "segments: [smb]", "segments: [smx]")  # errors, cached too
    caches = (tmp_path / "cache-a", tmp_path / "cache-b")
    want = assert_warm_is_fresh(SCAN, BASE, ws, caches, "primed")
    for cache in caches:
        spoil(sorted(p for p in cache.rglob("*") if p.is_file() and not p.is_symlink()))
        litter(cache)
    assert assert_warm_is_fresh(SCAN, BASE, ws, caches, "spoiled") == want
    assert assert_warm_is_fresh(SCAN, BASE, ws, caches, "rebuilt") == want


@pytest.mark.parametrize("paths", [SCAN, [Path("library.yaml")]], ids=["scanned", "library-named"])
@pytest.mark.parametrize("spoil", list(ONE_SPOILED.values()), ids=list(ONE_SPOILED))
def test_any_one_file_of_a_cache_spoiled_changes_nothing(
    spoil: Callable[[list[Path], int], object], paths: list[Path], tmp_path: Path
) -> None:
    """A run may read part of an entry late (a finding of a file not reported on) or
    from another file than the entry's own: each file of a warm cache in turn goes bad."""
    ws = example_workspace(tmp_path / "ws")
    edit(ws / "journeys/smb.yaml", "segments: [smb]", "segments: [smx]")
    cache, pristine = tmp_path / "cache", tmp_path / "pristine"
    want = uncached(paths, BASE, ws)
    for _ in range(2):
        assert cached(paths, BASE, ws, cache) == want
    shutil.copytree(cache, pristine, symlinks=True)
    files = sorted(p.relative_to(pristine) for p in pristine.rglob("*") if p.is_file())
    for index, name in enumerate(files):
        shutil.rmtree(cache)
        shutil.copytree(pristine, cache, symlinks=True)
        spoil([cache / file for file in files], index)
        assert cached(paths, BASE, ws, cache) == want, f"{name} spoiled"


@pytest.mark.parametrize("make", list(UNUSABLE.values()), ids=list(UNUSABLE))
def test_a_cache_folder_that_cannot_be_used_changes_nothing(
    make: Callable[[Path], Path], tmp_path: Path
) -> None:
    ws = example_workspace(tmp_path / "ws")
    cache = make(tmp_path)
    want = uncached(SCAN, BASE, ws)
    for _ in range(2):
        assert cached(SCAN, BASE, ws, cache) == want
        assert cached(SCAN, BASE, ws, cache, jobs=2) == want


def test_standard_input_is_checked_as_given_not_as_the_file_it_stands_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor sends its unsaved buffer with --stdin-filename: the file on disk, cached
    under that name, is not what is checked, and the buffer does not replace it there."""
    ws = example_workspace(tmp_path / "ws")
    caches = (tmp_path / "cache-a", tmp_path / "cache-b")
    on_disk = assert_warm_is_fresh(SCAN, BASE, ws, caches, "primed")
    text = (ws / "journeys/smb.yaml").read_bytes().replace(b"[smb]", b"[smx]", 1)
    options = dataclasses.replace(BASE, stdin_filename=Path("journeys/smb.yaml"))
    runs: dict[str, Callable[[], Outcome]] = {
        "no cache": lambda: uncached([STDIN], options, ws),
        "cached": lambda: cached([STDIN], options, ws, caches[0]),
        "cached, jobs=2": lambda: cached([STDIN], options, ws, caches[1], jobs=2),
        "cached again": lambda: cached([STDIN], options, ws, caches[0]),
    }
    outcomes = {}
    for label, run in runs.items():
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
        outcomes[label] = run()
    assert_same(outcomes, "standard input")
    assert any(row[0] == "CSJ121" for row in outcomes["no cache"].diagnostics)
    assert assert_warm_is_fresh(SCAN, BASE, ws, caches, "the file again") == on_disk

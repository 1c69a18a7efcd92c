"""The results `diff` hands from one side to the other never change a result.

Within `sharing_results()`, a run borrows the result of each file another run
checked with the same bytes, path from the root and settings, rebased to its own
path (`csjourney.resultshare`). Each case runs a donor workspace, then another
one, and compares every field of every finding of the second with the same run
alone; and `diff --git` gives the same output with and without the sharing when
the revision's settings, or the place of a file, differ from the working tree's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cachesupport import BASE, outcome
from conftest import CliResult
from csjourney import checkrun, filecheck
from csjourney.core import Options, run
from csjourney.filecheck import FileResult, Task
from csjourney.resultshare import sharing_results
from diff.diffsupport import JOURNEY_FILE, example_repo, example_workspace, git, write_workspace

Csj = Callable[..., CliResult]
Edit = Callable[[Path], None]
TODAY = "2026-11-22"
IGNORE_OFF_TARGET = "[lint.per-file-ignores]\n'journeys/freshbox.yaml' = ['CSJ211']\n"


def _nothing(root: Path) -> None:
    pass


def _ignore_off_target(root: Path) -> None:
    (root / "csjourney.toml").write_text(IGNORE_OFF_TARGET)


def _ignore_the_rule(root: Path) -> None:
    (root / "csjourney.toml").write_text("[lint]\nignore = ['CSJ211']\n")


def _ignore_and_move(root: Path) -> None:
    # The same bytes, the same settings, but a path the per-file-ignores do not match.
    _ignore_off_target(root)
    os.replace(root / JOURNEY_FILE, root / "journeys" / "moved.yaml")


def _ignore_through_a_link(root: Path) -> None:
    # The same settings, bytes and name; per-file-ignores match the file it links to.
    _ignore_off_target(root)
    outside = root.parent / "outside.yaml"
    os.replace(root / JOURNEY_FILE, outside)
    (root / JOURNEY_FILE).symlink_to(outside)


def _duplicate_stage(root: Path) -> None:
    # A finding whose message holds the file's own path: "already used ... at PATH:LINE".
    path = root / JOURNEY_FILE
    text = path.read_text()
    start = text.index("  stages:\n") + len("  stages:\n")
    end = text.index("\n  - ", start + 1) + 1
    path.write_text(text[:end] + text[start:end] + text[end:])


def _two_named_files(root: Path) -> None:
    (root / "journeys" / "copy.yaml").write_text((root / JOURNEY_FILE).read_text())


def _too_large(root: Path) -> None:
    (root / "csjourney.toml").write_text("max-file-size = 2000\n")


LIBRARY = "library.yaml"

# (case, edit of both workspaces, edit of the second one only, the files it checks again)
BOTH = {LIBRARY, JOURNEY_FILE}
MOVED = "journeys/moved.yaml"
CASES: list[tuple[str, Edit, Edit, set[str]]] = [
    ("the same files", _nothing, _nothing, set()),
    ("a rule ignored on the second side", _nothing, _ignore_the_rule, BOTH),
    ("per-file-ignores only on the second side", _nothing, _ignore_off_target, BOTH),
    ("per-file-ignores, the file moved", _ignore_off_target, _ignore_and_move, {MOVED}),
    ("per-file-ignores, a link", _ignore_off_target, _ignore_through_a_link, {JOURNEY_FILE}),
    ("a duplicate id within a file", _duplicate_stage, _nothing, {JOURNEY_FILE}),
    ("copies of a file", _two_named_files, _nothing, set()),
    ("a file over the size limit", _too_large, _nothing, {JOURNEY_FILE}),
]  # fmt: skip
FORMATS = ("json", "text")


def _workspace(folder: Path, edit: Edit, then: Edit) -> Path:
    root = write_workspace(folder, example_workspace())
    edit(root)
    then(root)
    return root


@contextlib.contextmanager
def _counted(checked: list[Path]) -> Iterator[None]:
    """Note the path of every file `checkrun` checks (the rest were borrowed or cached)."""
    real = filecheck.check_file

    def counting(task: Task, *args: object, **kwargs: bool) -> FileResult:
        checked.append(task.shown)
        return real(task, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checkrun, "check_file", counting)
        yield


@pytest.mark.parametrize("cached", [False, True], ids=["no cache", "donor from the cache"])
@pytest.mark.parametrize(
    ("edit", "then", "again"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_borrowed_result_is_the_result(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Edit,
    then: Edit,
    again: set[str],
    cached: bool,
) -> None:
    _workspace(tmp_path / "donor", edit, _nothing)
    borrower = _workspace(tmp_path / "elsewhere" / "borrower", edit, then)
    # As diff runs: no models kept (a run keeping them checks every file itself).
    options = dataclasses.replace(BASE, keep_models=False, cache=cached, cache_dir=tmp_path / "c")
    monkeypatch.chdir(tmp_path)
    named = Path("elsewhere/borrower")
    alone = outcome(run([named], dataclasses.replace(options, cache=False)))
    if cached:
        run([Path("donor")], options)  # the donor's next run takes every file from the cache
    checked: list[Path] = []
    with sharing_results():
        run([Path("donor")], options)
        with _counted(checked):
            shared = outcome(run([named], options))
    assert shared == alone
    # Every other file borrowed: the comparison above compared something.
    assert {(tmp_path / path).relative_to(borrower).as_posix() for path in checked} == again


def test_nothing_is_borrowed_outside_the_block(tmp_path: Path) -> None:
    donor = _workspace(tmp_path / "donor", _nothing, _nothing)
    borrower = _workspace(tmp_path / "borrower", _nothing, _nothing)
    options = Options(today=BASE.today, cache=False, keep_models=False)
    run([donor], options)
    checked: list[Path] = []
    with _counted(checked):
        run([borrower], options)
    assert len(checked) == 2


def _no_ignores(root: Path) -> None:
    (root / "csjourney.toml").write_text("")


# (case, edit committed, the working tree's edit after the commit, a part of the output)
GIT_CASES: list[tuple[str, Edit, Edit, str]] = [
    ("per-file-ignores added", _nothing, _ignore_off_target, "resolved"),
    ("per-file-ignores removed", _ignore_off_target, _no_ignores, "introduced"),
    ("per-file-ignores, the file moved", _ignore_off_target, _ignore_and_move, "introduced"),
    ("a duplicate id added", _nothing, _duplicate_stage, "already used"),
]


@pytest.mark.parametrize(
    ("before", "edit", "said"), [c[1:] for c in GIT_CASES], ids=[c[0] for c in GIT_CASES]
)
def test_diff_gives_the_same_output_with_and_without_sharing(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: Edit, edit: Edit, said: str
) -> None:
    root = example_repo(tmp_path / "repo", {})
    before(root / "maps")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "before")
    edit(root / "maps")
    outputs = [csj("diff", "--git", "HEAD", "-f", f, "--today", TODAY, cwd=root) for f in FORMATS]
    monkeypatch.setattr("csjourney.diff.compare.sharing_results", contextlib.nullcontext)
    for format_, shared in zip(FORMATS, outputs, strict=True):
        alone = csj("diff", "--git", "HEAD", "-f", format_, "--today", TODAY, cwd=root)
        assert (shared.code, shared.out, shared.err) == (alone.code, alone.out, alone.err)
    assert said in outputs[1].out + outputs[1].err  # what the settings or the edit change

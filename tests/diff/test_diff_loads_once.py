"""`csjourney diff` parses a file once when both sides hold the same bytes.

And only what it must: the working tree's files come from the cache when it has
seen them, and only the files whose text differs are loaded as models.

Most files of a pull request are the same at the base revision and in the
working tree: each distinct text is parsed once for both sides, and the output
is the same as when every file is parsed on its own side (the shared parse is
never changed by either side's checks).
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from diff.diffsupport import (
    JOURNEY_FILE,
    Data,
    example_repo,
    example_workspace,
    git,
    write_workspace,
)

Csj = Callable[..., CliResult]
TODAY = "2026-11-22"
MAPS = Path("maps")


def _retitle(root: Path) -> None:
    path = root / MAPS / JOURNEY_FILE
    path.write_text(path.read_text().replace("title: ", "title: New ", 1))


def _rename_segment(root: Path) -> None:
    path = root / MAPS / "library.yaml"
    path.write_text(path.read_text().replace("name: ", "name: Renamed ", 1))


def _break_library(root: Path) -> None:
    (root / MAPS / "library.yaml").write_text("csjourney: 1\nsegments: [\n")


def _copy_journey(root: Path) -> None:
    # The same bytes twice on one side: two files, one parse, duplicate ids in both.
    shutil.copy(root / MAPS / JOURNEY_FILE, root / MAPS / "journeys" / "copy.yaml")


def _more_journeys(root: Path) -> None:
    text = (root / MAPS / JOURNEY_FILE).read_text()
    for number in range(3):
        copy = text.replace("id: ", f"id: extra-{number}-", 1)
        (root / MAPS / "journeys" / f"extra-{number}.yaml").write_text(copy)


def _nothing(root: Path) -> None:
    pass


# (case, edit of the working tree, edit committed before it)
CASES: list[tuple[str, Callable[[Path], None], Callable[[Path], None]]] = [
    ("nothing changed", _nothing, _nothing),
    ("a journey retitled", _retitle, _nothing),
    ("a segment renamed in the library", _rename_segment, _nothing),
    ("the library broken", _break_library, _nothing),
    ("a journey copied under another name", _copy_journey, _nothing),
    ("unchanged copies among the files", _retitle, _more_journeys),
]


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the loader parses from now on, one entry per parse."""
    from csjourney.yamlsource import build

    parsed: list[str] = []

    def counting(text: str) -> Any:
        parsed.append(text)
        return build(text)

    monkeypatch.setattr("csjourney.loader.build", counting)
    return parsed


def _texts(root: Path) -> set[str]:
    return {p.read_text(encoding="utf-8") for p in (root / MAPS).rglob("*.yaml")}


@pytest.mark.parametrize(("edit", "before"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_same_bytes_are_parsed_once_and_the_output_does_not_change(
    csj: Csj,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[Path], None],
    before: Callable[[Path], None],
) -> None:
    root = example_repo(tmp_path / "repo", {})
    before(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "before")
    at_head = _texts(root)
    edit(root)
    parsed = _count_parses(monkeypatch)
    outputs = {}
    for format_ in ("json", "text"):
        parsed.clear()
        outputs[format_] = csj("diff", "--git", "HEAD", "-f", format_, "--today", TODAY, cwd=root)
        # Each distinct text of either side at most once, whichever side and file holds
        # it (the working tree's files the cache has seen are not parsed at all).
        assert len(parsed) == len(set(parsed))
        assert set(parsed) <= at_head | _texts(root)
    monkeypatch.setattr("csjourney.diff.compare.sharing_parses", contextlib.nullcontext)
    for format_, shared in outputs.items():
        alone = csj("diff", "--git", "HEAD", "-f", format_, "--today", TODAY, cwd=root)
        assert (shared.code, shared.out, shared.err) == (alone.code, alone.out, alone.err)


def test_two_folders_share_their_identical_files(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, Data] = example_workspace()
    old = write_workspace(tmp_path / "old", files)
    files[JOURNEY_FILE]["journey"]["title"] = "Renamed"
    new = write_workspace(tmp_path / "new", files)
    parsed = _count_parses(monkeypatch)
    result = csj("diff", old, new, "-f", "json", "--today", TODAY)
    assert result.code == 0, result.err
    assert len(parsed) == 3  # the library once, the journey's two versions
    payload: dict[str, Any] = json.loads(result.out)
    assert [(c["action"], c["field"]) for c in payload["changes"]] == [("renamed", "title")]

"""`csjourney diff --git REF PATHS`: paths added or removed since REF, paths that match
nothing, and messages about REF's side, against real temporary git repositories.

Each case edits a repository whose first commit holds the meal-kit example as a
two-file workspace under `maps/`, runs the real command, and checks the exit code,
the changes (findings aside) and what the messages say.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CliResult
from diff.diffsupport import JOURNEY_FILE, commit, dump, example_repo

Csj = Callable[..., CliResult]
TODAY = "2026-11-22"
EXTRA = "maps/journeys/renewal.yaml"
RENEWAL = {
    "csjourney": 1,
    "journey": {
        "id": "renewal-only",
        "title": "Renewal",
        "segments": ["home-cooks"],
        "stages": [{"id": "renewal", "name": "Renewal"}],
    },
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return example_repo(tmp_path / "repo", {"README.md": "maps\n"})


def add_extra(repo: Path) -> None:
    (repo / EXTRA).write_text(dump(RENEWAL))


def commit_extra_then_delete(repo: Path) -> None:
    add_extra(repo)
    commit(repo, "renewal")
    (repo / EXTRA).unlink()


def add_folder(repo: Path) -> None:
    (repo / "maps" / "renewals").mkdir()
    (repo / "maps" / "renewals" / "renewal.yaml").write_text(dump(RENEWAL))


def delete_journey(repo: Path) -> None:
    (repo / "maps" / JOURNEY_FILE).unlink()


def broken_at_ref(repo: Path) -> None:
    """REF has a wrongly typed title and a journey id used twice; the working tree does not."""
    good = (repo / "maps" / JOURNEY_FILE).read_text()
    (repo / "maps" / JOURNEY_FILE).write_text(good.replace("title: ", "title:\n  - ", 1))
    (repo / "maps" / "journeys" / "copy.yaml").write_text(good)
    commit(repo, "broken")
    (repo / "maps" / JOURNEY_FILE).write_text(good)
    (repo / "maps" / "journeys" / "copy.yaml").unlink()


def bad_config_at_ref(repo: Path) -> None:
    (repo / "maps" / "csjourney.toml").write_text("[lint\n")
    commit(repo, "bad config")
    (repo / "maps" / "csjourney.toml").write_text("")


def no_edit(repo: Path) -> None:
    pass


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[Path], None]
    paths: tuple[str, ...]
    code: int
    changes: set[tuple[str, str, str]] = field(default_factory=set)
    says: tuple[str, ...] = ()  # in the output (stdout and stderr together)
    ref: str = "HEAD"


CASES = [
    Case("added-file", add_extra, (EXTRA,), 0, {("added", "journey", "renewal-only")}),
    Case(
        "removed-file",
        commit_extra_then_delete,
        (EXTRA,),
        0,
        {("removed", "journey", "renewal-only")},
    ),
    Case(
        "added-file-named-with-others",
        add_extra,
        (EXTRA, f"maps/{JOURNEY_FILE}"),
        0,
        {("added", "journey", "renewal-only")},
    ),
    Case("added-folder", add_folder, ("maps/renewals",), 0, {("added", "journey", "renewal-only")}),
    Case(
        "removed-journey-file-of-a-workspace",
        delete_journey,
        (f"maps/{JOURNEY_FILE}",),
        0,
        {("removed", "journey", "freshbox-subscriber")},
    ),
    Case("other-file-unchanged", add_extra, ("maps/library.yaml",), 0),
    Case(
        "matches-nothing",
        no_edit,
        ("maps/nope.yaml",),
        2,
        says=("maps/nope.yaml matches no journey file or folder", "nor in HEAD"),
    ),
    Case(
        "matches-nothing-among-others",
        add_extra,
        (EXTRA, "nope/"),
        2,
        says=("nope matches no journey file or folder",),
    ),
    Case(
        "not-a-journey-file-anywhere",
        no_edit,
        ("README.txt",),
        2,
        says=("README.txt matches no journey file or folder",),
    ),
    Case(
        "errors-at-ref-name-ref",
        broken_at_ref,
        ("maps",),
        1,
        # The file that does not load is left out on both sides; its copy at REF is not.
        {("removed", "journey", "freshbox-subscriber")},
        says=(
            "HEAD does not load: maps/journeys/freshbox.yaml:",
            "already used by another journey at HEAD:maps/journeys/copy.yaml:",
        ),
    ),
    Case(
        "config-error-at-ref-names-ref",
        bad_config_at_ref,
        ("maps",),
        2,
        says=("HEAD:maps/csjourney.toml:1:6: not valid TOML",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_git_paths(csj: Csj, repo: Path, case: Case) -> None:
    case.edit(repo)
    result = csj("diff", "--git", case.ref, *case.paths, "-f", "json", "--today", TODAY, cwd=repo)
    text = csj("diff", "--git", case.ref, *case.paths, "--today", TODAY, cwd=repo)
    assert result.code == text.code == case.code, result.out + result.err
    everything = text.out + text.err + result.out + result.err
    assert "csjourney-diff-" not in everything  # the temporary folder of REF's files
    assert "Traceback" not in everything and "internal error" not in everything
    for words in case.says:
        assert words in text.out + text.err
    if case.code == 2:
        assert result.out == ""
        return
    payload = json.loads(result.out)
    changes = [c for c in payload["changes"] if c["kind"] != "finding"]
    assert {(c["action"], c["kind"], c["id"]) for c in changes} == case.changes


def test_findings_of_an_added_file_are_the_only_ones_introduced(csj: Csj, repo: Path) -> None:
    add_extra(repo)
    result = csj("diff", "--git", "HEAD", EXTRA, "-f", "json", "--today", TODAY, cwd=repo)
    payload = json.loads(result.out)
    findings = [c for c in payload["changes"] if c["kind"] == "finding"]
    assert findings, "the new journey has no review date: CSJ216 at least"
    assert {c["action"] for c in findings} == {"introduced"}
    assert {c["where"].split(":")[0] for c in findings} == {EXTRA}

"""`csjourney diff --git REF [PATHS]`, against a real git repository in a temporary directory."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from diff.diffsupport import (
    JOURNEY_FILE,
    Data,
    dump,
    example_repo,
    example_workspace,
    git,
    stage,
    write_workspace,
)

Csj = Callable[..., CliResult]
TODAY = "2026-11-22"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    # Other YAML beside the maps: diff must leave it alone.
    return example_repo(tmp_path / "repo", {".gitlab-ci.yml": "test:\n  script: [make]\n"})


def rewrite(root: Path, edit: Callable[[dict[str, Data]], None]) -> None:
    files = example_workspace()
    edit(files)
    for path in (root / "maps").rglob("*.yaml"):
        path.unlink()
    write_workspace(root / "maps", files)


def changes(result: CliResult) -> list[tuple[str, str, str]]:
    assert result.code == 0, result.out + result.err
    payload: dict[str, Any] = json.loads(result.out)
    return [(c["action"], c["kind"], c["id"]) for c in payload["changes"]]


def test_working_tree_against_head(csj: Csj, repo: Path) -> None:
    def edit(files: dict[str, Data]) -> None:
        stage(files, "onboarding")["name"] = "Getting started"
        files["segments.yaml"] = {"csjourney": 1, "segments": files["library.yaml"].pop("segments")}

    rewrite(repo, edit)
    result = csj("diff", "--git", "HEAD", "--today", TODAY, "-f", "json", cwd=repo)
    assert changes(result) == [
        ("moved", "segment", "busy-families"),
        ("moved", "segment", "home-cooks"),
        ("renamed", "stage", "onboarding"),
    ]
    text = csj("diff", "--git", "HEAD", "--today", TODAY, cwd=repo).out
    assert text.startswith("csjourney diff HEAD → working tree: 3 changes\n")
    assert (
        'moved segment busy-families "Busy families": file maps/library.yaml → maps/segments.yaml'
        in text
    )


def test_committed_branches_and_new_and_deleted_files(csj: Csj, repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    extra = {
        "csjourney": 1,
        "journey": {
            "id": "renewal-only",
            "title": "Renewal",
            "segments": ["home-cooks"],
            "stages": [{"id": "renewal", "name": "Renewal"}],
        },
    }
    (repo / "maps" / "journeys" / "renewal.yaml").write_text(dump(extra))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "renewal journey")
    found = changes(csj("diff", "--git", "main", "-f", "json", "--today", TODAY, cwd=repo))
    assert [c for c in found if c[1] != "finding"] == [("added", "journey", "renewal-only")]
    assert ("introduced", "finding", "CSJ216") in found  # the new journey has no review date
    (repo / "maps" / JOURNEY_FILE).unlink()
    found = changes(csj("diff", "--git", "main", "-f", "json", "--today", TODAY, cwd=repo))
    assert ("removed", "journey", "freshbox-subscriber") in found
    assert ("added", "journey", "renewal-only") in found


def test_paths_limit_the_comparison_but_references_still_resolve(csj: Csj, repo: Path) -> None:
    rewrite(repo, lambda files: stage(files, "advocacy").update(emotion=1))
    path = f"maps/{JOURNEY_FILE}"
    result = csj("diff", "--git", "HEAD", path, "-f", "json", "--today", TODAY, cwd=repo)
    payload = json.loads(result.out)
    assert payload["errors"] == []  # the journey's segments are defined in maps/library.yaml
    assert [(c["id"], c["field"]) for c in payload["changes"]] == [("advocacy", "emotion")]


def test_run_from_a_subdirectory(csj: Csj, repo: Path) -> None:
    rewrite(repo, lambda files: stage(files, "advocacy").update(name="Advocates"))
    result = csj(
        "diff", "--git", "HEAD", "-f", "json", "--today", TODAY, cwd=repo / "maps" / "journeys"
    )
    payload = json.loads(result.out)
    assert payload["errors"] == []
    assert [(c["action"], c["id"]) for c in payload["changes"]] == [("renamed", "advocacy")]


def test_a_path_new_since_the_revision_is_all_added(csj: Csj, repo: Path) -> None:
    write_workspace(repo / "more", example_workspace())
    found = changes(csj("diff", "--git", "HEAD", "more", "-f", "json", "--today", TODAY, cwd=repo))
    assert ("added", "journey", "freshbox-subscriber") in found
    assert ("added", "segment", "busy-families") in found


def test_git_runs_a_fixed_number_of_processes(
    csj: Csj, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = example_workspace()[JOURNEY_FILE]
    for number in range(30):
        copy = json.loads(json.dumps(base, default=str))
        copy["journey"]["id"] = f"journey-{number}"
        (repo / "maps" / "journeys" / f"j{number}.yaml").write_text(dump(copy))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "many journeys")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args: list[str], **kwargs: Any) -> Any:
        calls.append(list(args))
        return real_run(args, **kwargs)

    monkeypatch.setattr("csjourney.diff.gitrev.subprocess.run", counting_run)
    result = csj("diff", "--git", "HEAD", "-f", "json", "--today", TODAY, cwd=repo)
    assert changes(result) == []
    # Each folder scan asks git once what it ignores (reading.git_ignored), whatever the file count.
    scans = [c for c in calls if "check-ignore" in c]
    calls = [c for c in calls if "check-ignore" not in c]
    assert len(scans) <= 2, scans
    # Every file holds HEAD's bytes: the snapshot links them, none is read from git.
    assert [c[1] for c in calls] == ["rev-parse", "rev-parse", "ls-tree"]
    for number in range(0, 30, 3):
        journey = repo / "maps" / "journeys" / f"j{number}.yaml"
        journey.write_text(journey.read_text().replace(f"journey-{number}", f"trip-{number}"))
    calls.clear()
    result = csj("diff", "--git", "HEAD", "-f", "json", "--today", TODAY, cwd=repo)
    assert len(changes(result)) == 20  # ten journeys renamed: removed and added
    calls = [c for c in calls if "check-ignore" not in c]
    assert [c[1] for c in calls] == ["rev-parse", "rev-parse", "ls-tree", "cat-file"]


def test_unknown_revision_and_no_repository_are_usage_errors(
    csj: Csj, repo: Path, tmp_path: Path
) -> None:
    unknown = csj("diff", "--git", "no-such-branch", cwd=repo)
    assert unknown.code == 2
    assert "unknown revision 'no-such-branch'" in unknown.err
    outside = tmp_path / "plain"
    outside.mkdir()
    not_a_repo = csj("diff", "--git", "HEAD", cwd=outside)
    assert not_a_repo.code == 2
    assert "is not inside a git repository" in not_a_repo.err
    option_like = csj("diff", "--git=--output=x", cwd=repo)
    assert option_like.code == 2
    assert not (repo / "x").exists()


def test_a_broken_working_tree_file_fails_clearly(csj: Csj, repo: Path) -> None:
    (repo / "maps" / "library.yaml").write_text("csjourney: 1\nsegments: [\n")
    result = csj("diff", "--git", "HEAD", "--today", TODAY, cwd=repo)
    assert result.code == 1
    assert "working tree does not load: maps/library.yaml:" in result.out


# (case, flags, CSJOURNEY_CACHE_DIR, where the cache goes: None for nowhere)
CACHE_PLACES: list[tuple[str, list[str], str | None, str | None]] = [
    ("default", [], None, "repo/maps/.csjourney_cache"),
    ("--cache-dir", ["--cache-dir", "{tmp}/flag"], None, "flag"),
    ("CSJOURNEY_CACHE_DIR", [], "{tmp}/env", "env"),
    ("--cache-dir beats the environment", ["--cache-dir", "{tmp}/flag"], "{tmp}/env", "flag"),
    ("--no-cache", ["--no-cache"], "{tmp}/env", None),
]


@pytest.mark.parametrize(
    ("flags", "environment", "where"),
    [case[1:] for case in CACHE_PLACES],
    ids=[case[0] for case in CACHE_PLACES],
)
def test_git_keeps_the_working_trees_cache_where_validate_would(
    csj: Csj,
    repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    flags: list[str],
    environment: str | None,
    where: str | None,
) -> None:
    def cache_folders() -> set[str]:
        return {
            tag.parent.relative_to(tmp_path).as_posix() for tag in tmp_path.rglob("CACHEDIR.TAG")
        }

    rewrite(repo, lambda files: stage(files, "onboarding").update(name="Getting started"))
    monkeypatch.delenv("CSJOURNEY_CACHE_DIR", raising=False)
    if environment is not None:
        monkeypatch.setenv("CSJOURNEY_CACHE_DIR", environment.format(tmp=tmp_path))
    argv = [flag.format(tmp=tmp_path) for flag in flags]
    result = csj("diff", "--git", "HEAD", "--today", TODAY, "-f", "json", *argv, cwd=repo)
    assert changes(result) == [("renamed", "stage", "onboarding")]
    assert cache_folders() == (set() if where is None else {where})

"""`csjourney fmt` on disk: --check, --diff, writing, and files it must not touch."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, CliResult

Csj = Callable[..., CliResult]

UNFORMATTED = """\
journey:
    title: Trial to paid   # short
    id: trial
    segments:
    - designers
    stages:
    -   name: Awareness
        id: awareness
csjourney: 1
segments:
-   name: Designers
    id: designers
"""
FORMATTED = """\
csjourney: 1
journey:
  id: trial
  title: Trial to paid  # short
  segments: [designers]
  stages:
    - id: awareness
      name: Awareness
segments:
  - id: designers
    name: Designers
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "csjourney.toml").write_text("")
    (tmp_path / "map.yaml").write_text(UNFORMATTED)
    return tmp_path


def test_fmt_rewrites_in_canonical_form_and_then_has_nothing_to_do(
    csj: Csj, workspace: Path
) -> None:
    result = csj("fmt", cwd=workspace)
    assert result.code == 0, result.err
    assert "reformatted map.yaml" in result.out
    assert (workspace / "map.yaml").read_text() == FORMATTED
    again = csj("fmt", cwd=workspace)
    assert again.code == 0
    assert "0 files reformatted, 1 unchanged." in again.out


def test_check_lists_files_and_exits_1_without_writing(csj: Csj, workspace: Path) -> None:
    result = csj("fmt", "--check", cwd=workspace)
    assert result.code == 1
    assert "would reformat map.yaml" in result.out
    assert (workspace / "map.yaml").read_text() == UNFORMATTED
    (workspace / "map.yaml").write_text(FORMATTED)
    assert csj("fmt", "--check", cwd=workspace).code == 0


def test_diff_prints_a_unified_diff_and_writes_nothing(csj: Csj, workspace: Path) -> None:
    result = csj("fmt", "--diff", "map.yaml", cwd=workspace)
    assert result.code == 0
    assert result.out.startswith("--- a/map.yaml\n+++ b/map.yaml\n")
    assert "+  segments: [designers]\n" in result.out
    assert "-    segments:\n" in result.out
    assert (workspace / "map.yaml").read_text() == UNFORMATTED


def test_a_file_with_errors_is_reported_and_never_rewritten(csj: Csj, workspace: Path) -> None:
    broken = UNFORMATTED.replace("    id: trial\n", "    id: trial\n    owner:   [x]\n")
    (workspace / "map.yaml").write_text(broken)
    before = os.stat(workspace / "map.yaml")
    result = csj("fmt", cwd=workspace)
    assert result.code == 1
    assert "map.yaml:4:" in result.err and "CSJ103" in result.err
    assert "map.yaml: not formatted: fix the errors above first" in result.err
    assert (workspace / "map.yaml").read_text() == broken
    assert os.stat(workspace / "map.yaml").st_mtime_ns == before.st_mtime_ns


def test_a_file_that_would_lose_a_comment_is_left_alone(csj: Csj, workspace: Path) -> None:
    text = FORMATTED.replace("segments: [designers]", "segments: [designers,  # only one\n    ]")
    (workspace / "map.yaml").write_text(text)
    result = csj("fmt", cwd=workspace)
    assert result.code == 1
    assert "would lose the comment `# only one`" in result.err
    assert (workspace / "map.yaml").read_text() == text


def test_named_non_journey_yaml_is_an_error_unless_skipped(csj: Csj, workspace: Path) -> None:
    ci = workspace / "ci.yml"
    ci.write_text("jobs:   {build: {}}\n")
    named = csj("fmt", "ci.yml", "map.yaml", cwd=workspace)
    assert named.code == 1
    assert "CSJ010" in named.err
    skipped = csj("fmt", "--only-journey-files", "ci.yml", "map.yaml", cwd=workspace)
    assert skipped.code == 0, skipped.err
    assert ci.read_text() == "jobs:   {build: {}}\n"
    assert (workspace / "map.yaml").read_text() == FORMATTED


def test_directory_scans_skip_other_yaml_silently(csj: Csj, workspace: Path) -> None:
    (workspace / "ci.yml").write_text("jobs:   {build: {}}\n")
    result = csj("fmt", "--check", ".", cwd=workspace)
    assert result.code == 1
    assert "ci.yml" not in result.out + result.err


def test_writes_keep_the_file_mode_and_leave_no_temporary_files(csj: Csj, workspace: Path) -> None:
    path = workspace / "map.yaml"
    path.chmod(0o640)
    assert csj("fmt", cwd=workspace).code == 0
    assert path.stat().st_mode & 0o777 == 0o640
    written = sorted(p.name for p in workspace.iterdir() if p.name != ".csjourney_cache")
    assert written == ["csjourney.toml", "map.yaml"]


def test_missing_path_is_a_usage_error(csj: Csj, tmp_path: Path) -> None:
    result = csj("fmt", "nope.yaml", cwd=tmp_path)
    assert result.code == 2
    assert "no such file or directory: nope.yaml" in result.err


def test_examples_format_without_loss(csj: Csj, tmp_path: Path) -> None:
    copy = tmp_path / "examples"
    shutil.copytree(EXAMPLES, copy)
    result = csj("fmt", str(copy))
    assert result.code == 0, result.err
    assert csj("validate", str(copy), "--today", "2026-11-22").code == 0
    assert csj("fmt", "--check", str(copy)).code == 0

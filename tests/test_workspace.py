"""Workspaces: which files resolve references together, and which are reported.

A workspace is the directory holding `csjourney.toml` (or a `pyproject.toml`
with a `[tool.csjourney]` table), or, with no such root above the files, the
files given. References resolve against the whole workspace, but only the
files named (or found under the directories named) are reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, CliResult
from csjourney.core import Options, run

Csj = Callable[..., CliResult]

LIBRARY = """\
csjourney: 1
segments:
  - {id: smb, name: Small businesses}
evidence:
  - {id: q3-survey, name: Q3 survey, type: survey}
"""
MAP = """\
csjourney: 1
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      pain_points:
        - {id: slow-setup, name: Setup is slow, evidence: [q3-survey]}
"""
ROOT_MARKERS = {
    "csjourney.toml": "# workspace root\n",
    "pyproject.toml": "[project]\nname = 'cs-maps'\n\n[tool.csjourney]\nexclude = []\n",
}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _workspace(base: Path, marker: str | None) -> Path:
    if marker is not None:
        _write(base / marker, ROOT_MARKERS[marker])
    _write(base / "library.yaml", LIBRARY)
    _write(base / "journeys" / "smb.yaml", MAP)
    return base


def _reported(result: CliResult) -> list[tuple[str, str]]:
    return [(d["path"], d["code"]) for d in json.loads(result.out)["diagnostics"]]


@pytest.mark.parametrize("marker", sorted(ROOT_MARKERS))
def test_references_resolve_against_the_whole_workspace(
    marker: str, tmp_path: Path, csj: Csj
) -> None:
    root = _workspace(tmp_path, marker)
    result = csj("validate", "--no-lint", "journeys/smb.yaml", cwd=root)
    assert result.code == 0, result.out
    assert result.out == "All checks passed (1 file).\n"


@pytest.mark.parametrize("marker", sorted(ROOT_MARKERS))
def test_only_the_named_file_is_reported(marker: str, tmp_path: Path, csj: Csj) -> None:
    root = _workspace(tmp_path, marker)
    _write(root / "journeys" / "broken.yaml", "csjourney: 1\nsegmentz: []\n")

    named = csj("validate", "--no-lint", "journeys/smb.yaml", cwd=root)
    everything = csj("validate", "--no-lint", "--format", "json", cwd=root)

    assert named.code == 0, named.out
    assert _reported(everything) == [("journeys/broken.yaml", "CSJ101")]


def test_a_named_file_in_a_subdirectory_finds_the_root_above_it(tmp_path: Path, csj: Csj) -> None:
    root = _workspace(tmp_path / "cs", "csjourney.toml")
    result = csj("validate", "--no-lint", "smb.yaml", cwd=root / "journeys")
    assert result.code == 0, result.out


def test_pyproject_without_a_csjourney_table_is_not_a_root(tmp_path: Path, csj: Csj) -> None:
    root = _workspace(tmp_path, None)
    _write(root / "pyproject.toml", "[project]\nname = 'something-else'\n")
    result = csj("validate", "--no-lint", "--format", "json", "journeys/smb.yaml", cwd=root)
    assert result.code == 1
    assert _reported(result) == [("journeys/smb.yaml", "CSJ121"), ("journeys/smb.yaml", "CSJ121")]


def test_without_a_root_the_files_given_form_the_workspace(tmp_path: Path, csj: Csj) -> None:
    root = _workspace(tmp_path, None)

    alone = csj("validate", "--no-lint", "--format", "json", "journeys/smb.yaml", cwd=root)
    together = csj("validate", "--no-lint", "journeys/smb.yaml", "library.yaml", cwd=root)

    assert alone.code == 1
    messages = [d["message"] for d in json.loads(alone.out)["diagnostics"]]
    assert messages == ["no segment has the id `smb`", "no evidence has the id `q3-survey`"]
    assert together.code == 0, together.out
    assert together.out == "All checks passed (2 files).\n"


def test_nested_workspaces_are_checked_separately(tmp_path: Path, csj: Csj) -> None:
    # Two sibling workspaces may both define `smb`; a nested one does not see its parent's.
    _workspace(tmp_path / "north", "csjourney.toml")
    _workspace(tmp_path / "south", "csjourney.toml")
    _write(tmp_path / "south" / "regional" / "csjourney.toml", "")
    _write(tmp_path / "south" / "regional" / "map.yaml", MAP.replace("smb-journey", "regional"))

    result = csj("validate", "--no-lint", "--format", "json", ".", cwd=tmp_path)

    assert result.code == 1
    assert _reported(result) == [
        ("south/regional/map.yaml", "CSJ121"),
        ("south/regional/map.yaml", "CSJ121"),
    ]
    assert json.loads(result.out)["summary"]["files"] == 5


def test_the_examples_directory_holds_separate_workspaces(csj: Csj) -> None:
    # Each example defines its own segments; checked as one workspace they would clash.
    separately = csj("validate", "--no-lint", "examples", cwd=ROOT)
    assert separately.code == 0, separately.out
    report = run([EXAMPLES], Options(lint=False))
    roots = {config.root for config in report.configs}
    assert {EXAMPLES / "b2b-saas", EXAMPLES / "b2c-subscription"} <= {
        r.resolve() for r in roots if r is not None
    }


BAD_CONFIGS = {
    "csjourney.toml": ("exlude = []\n", "exlude", "exclude"),
    "pyproject.toml": ("[tool.csjourney]\nmax-file-sise = 10\n", "max-file-sise", "max-file-size"),
}


@pytest.mark.parametrize("marker", sorted(BAD_CONFIGS))
def test_an_unknown_setting_is_a_usage_error_with_a_suggestion(
    marker: str, tmp_path: Path, csj: Csj
) -> None:
    root = _workspace(tmp_path, None)
    text, setting, meant = BAD_CONFIGS[marker]
    _write(root / marker, text)

    result = csj("validate", "--no-lint", "journeys/smb.yaml", cwd=root)

    assert result.code == 2
    assert result.out == ""
    assert f"unknown setting `{setting}`; did you mean `{meant}`?" in result.err
    assert "Traceback" not in result.err


def test_excluded_files_are_skipped_by_a_scan_but_not_when_named(tmp_path: Path, csj: Csj) -> None:
    root = _workspace(tmp_path, None)
    _write(root / "csjourney.toml", 'exclude = ["drafts/*"]\n')
    _write(root / "drafts" / "wip.yaml", "csjourney: 1\nsegmentz: []\n")

    scan = csj("validate", "--no-lint", cwd=root)
    named = csj("validate", "--no-lint", "--format", "json", "drafts/wip.yaml", cwd=root)

    assert scan.code == 0, scan.out
    assert _reported(named) == [("drafts/wip.yaml", "CSJ101")]


def test_the_workspace_holds_only_files_without_structural_errors(tmp_path: Path) -> None:
    root = _workspace(tmp_path, "csjourney.toml")
    _write(root / "journeys" / "broken.yaml", MAP.replace("smb-journey", "Broken Journey"))

    report = run([root], Options(lint=False))

    workspace = report.workspace
    assert workspace.root is not None and workspace.root.resolve() == root.resolve()
    kept = sorted(f.path.name for f in workspace.files)
    assert kept == ["library.yaml", "smb.yaml"]
    assert [journey.id for _, journey in workspace.journeys()] == ["smb-journey"]
    assert [segment.id for _, _, segment in workspace.segments()] == ["smb"]
    assert [item.id for _, _, item in workspace.evidence()] == ["q3-survey"]
    assert workspace.segment("smb") is not None
    assert workspace.segment("enterprise") is None


def test_reference_into_an_unreadable_library_file_names_that_file(
    csj: Csj, tmp_path: Path
) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "library.yaml").write_text(
        "csjourney: 1\nsegments:\n  - id: smb\n    name: [unclosed\n", encoding="utf-8"
    )
    (tmp_path / "map.yaml").write_text(
        "csjourney: 1\njourney:\n  id: j\n  title: J\n  segments: [smb]\n"
        "  stages:\n    - {id: a, name: A}\n",
        encoding="utf-8",
    )
    result = csj("validate", "map.yaml", "--no-lint", cwd=tmp_path)
    assert result.code == 1
    assert "map.yaml:5:14: error CSJ121 no segment has the id `smb`" in result.out
    assert "library.yaml, which could not be read" in result.out


def test_reference_to_a_malformed_id_says_which_item_was_meant(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text(
        "csjourney: 1\nsegments:\n  - {id: Small Biz, name: Small business}\n"
        "journey:\n  id: j\n  title: J\n  segments: [small-biz]\n"
        "  stages:\n    - {id: a, name: A}\n",
        encoding="utf-8",
    )
    result = csj("validate", "map.yaml", "--no-lint", cwd=tmp_path)
    assert "map.yaml:3:10: error CSJ107" in result.out
    assert "map.yaml:7:14: error CSJ121 no segment has the id `small-biz`" in result.out
    assert "the segment at map.yaml:3 has the id `Small Biz`" in result.out


# (pattern, path from the workspace root, excluded?): gitignore-style, as ruff and yamllint.
EXCLUDE_CASES = [
    ("drafts", "drafts/a.yaml", True),  # a bare name: a folder at the top...
    ("drafts", "journeys/drafts/a.yaml", True),  # ...or at any depth
    ("drafts", "journeys/drafts/deep/er/a.yaml", True),  # and everything inside it
    ("drafts", "drafts.yaml", False),  # a name, not a prefix
    ("drafts", "journeys/my-drafts/a.yaml", False),
    ("drafts", "journeys/drafts", True),  # a file of that name too
    ("drafts/", "journeys/drafts/a.yaml", True),  # trailing `/`: folders only
    ("drafts/", "journeys/drafts", False),
    ("/drafts", "drafts/a.yaml", True),  # a leading `/` anchors at the root
    ("/drafts", "journeys/drafts/a.yaml", False),
    ("drafts/*", "drafts/a.yaml", True),  # a `/` inside anchors too
    ("drafts/*", "drafts/sub/a.yaml", True),  # drafts/sub is excluded, so is its content
    ("drafts/*", "journeys/drafts/a.yaml", False),
    ("*/drafts", "journeys/drafts/a.yaml", True),
    ("*/drafts", "a/b/drafts/x.yaml", False),  # `*` stays within one name
    ("**/drafts", "a/b/drafts/x.yaml", True),  # `**` spans folders
    ("**/drafts", "drafts/x.yaml", True),  # including none
    ("journeys/**/old.yaml", "journeys/old.yaml", True),
    ("journeys/**/old.yaml", "journeys/a/b/old.yaml", True),
    ("journeys/**/old.yaml", "archive/journeys/old.yaml", False),
    ("archive/**", "archive/a/b.yaml", True),
    ("archive/**", "archive.yaml", False),
    ("*.draft.yaml", "journeys/smb.draft.yaml", True),  # a bare glob: any depth
    ("*.draft.yaml", "journeys/smb.yaml", False),
    ("archive/old.yaml", "archive/old.yaml", True),
    ("archive/old.yaml", "x/archive/old.yaml", False),
    ("smb-?.yaml", "journeys/smb-1.yaml", True),
    ("smb-?.yaml", "journeys/smb-10.yaml", False),
    ("[!a]*.yaml", "b.yaml", True),
    ("[!a]*.yaml", "a.yaml", False),
    ("[ab].yaml", "sub/b.yaml", True),
    ("  drafts  ", "drafts/a.yaml", True),  # spaces around a pattern are no part of it
    ("", "a.yaml", False),
    ("/", "a.yaml", False),
]


@pytest.mark.parametrize(("pattern", "path", "left_out"), EXCLUDE_CASES)
def test_exclude_patterns(pattern: str, path: str, left_out: bool) -> None:
    from csjourney.exclusion import excluded

    assert excluded(path, (pattern,)) is left_out


def test_exclude_drafts_leaves_out_the_folder_at_any_depth_in_a_scan(
    tmp_path: Path, csj: Csj
) -> None:
    root = tmp_path / "maps"
    _write(root / "csjourney.toml", 'exclude = ["drafts"]\n')
    for name in ("smb.yaml", "drafts/wip.yaml", "journeys/drafts/wip.yaml", "journeys/ok.yaml"):
        _write(root / name, "csjourney: 1\nnot_a_key: 1\n")
    result = csj("validate", "--no-lint", ".", cwd=root)
    reported = {line.split(":")[0] for line in result.out.splitlines() if "CSJ" in line}
    assert reported == {"smb.yaml", "journeys/ok.yaml"}

"""How the linter behaves around the rules: broken files, the examples."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult, Csj

LIBRARY = """\
csjourney: 1
segments:
  - {id: smb, name: Small business, needs: [Fast setup]}
evidence:
  - {id: survey, name: Onboarding survey, type: survey}
"""
BROKEN_MAP = """\
csjourney: 1
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      touchpionts: []
      pain_points:
        - {id: slow, name: Slow setup, evidence: [survey]}
"""


def test_a_broken_file_does_not_make_its_segments_look_uncovered(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(BROKEN_MAP, encoding="utf-8")
    result: CliResult = csj("validate", "--today", "2026-11-28", cwd=tmp_path)
    assert result.code == 1
    assert "CSJ101" in result.out
    assert "segment-uncovered" not in result.out and "CSJ214" not in result.out
    assert "CSJ219" not in result.out  # the survey is cited by the broken file


def test_full_example_has_no_error_or_warning(csj: Csj) -> None:
    result: CliResult = csj(
        "validate", FULL_EXAMPLE, "--today", "2026-11-22", "--fail-on", "warning"
    )
    assert result.code == 0, result.out


def test_examples_are_clean_at_warning_level(csj: Csj) -> None:
    result: CliResult = csj("validate", EXAMPLES, "--today", "2026-11-28", "--fail-on", "warning")
    assert result.code == 0, result.out
    assert " warning " not in result.out and " error " not in result.out

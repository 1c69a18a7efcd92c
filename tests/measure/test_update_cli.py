"""`csjourney measure --update` end to end: the maps on disk, the diff it prints, exit codes.

The writer itself (rounding, layouts, line endings, refusals) is tested in test_update;
here the command: what a scheduled job runs and what its pull request shows.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Csj
from measure.test_cli import EVENTS, MAP

# The map with a comment a person wrote, which the update must keep.
COMMENTED = MAP.replace(
    "  stages:\n", "  # Reviewed with the CS leads every quarter.\n  stages:\n", 1
)


def _workspace(root: Path) -> Path:
    (root / "csjourney.toml").write_text(
        '[measure.events]\npath = "events.csv"\n', encoding="utf-8"
    )
    (root / "onboarding.yaml").write_text(COMMENTED, encoding="utf-8")
    (root / "events.csv").write_text(EVENTS, encoding="utf-8")
    return root


def test_update_writes_the_values_and_says_what_got_better_or_worse(
    csj: Csj, tmp_path: Path
) -> None:
    root = _workspace(tmp_path)
    assert csj("fmt", "onboarding.yaml", cwd=root).code == 0  # in fmt's layout, and so it stays
    result = csj("measure", "--update", "--today", "2026-12-01", cwd=root)
    assert result.code == 0, result.err
    text = (root / "onboarding.yaml").read_text(encoding="utf-8")
    assert "# Reviewed with the CS leads every quarter." in text
    # signup-conv: current 60 -> the measured 50, a conversion: worse.
    assert 'metric signup-conv "Signup conversion": current 60 → 50 (worse)' in result.out
    assert "current: 50" in text and "measured: 2026-12-01" in text
    assert "{date: 2026-12-01, value: 50}" in text
    assert "overall" in result.out and "33.3" in text  # the journey's, rounded in the map
    assert csj("validate", cwd=root).code == 0
    assert csj("fmt", "--check", "onboarding.yaml", cwd=root).code == 0


def test_a_second_run_with_the_same_data_changes_nothing(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    assert csj("measure", "--update", "--today", "2026-12-01", cwd=root).code == 0
    path = root / "onboarding.yaml"
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    again = csj("measure", "--update", "--today", "2026-12-01", "-f", "json", cwd=root)
    assert again.code == 0, again.err
    assert json.loads(again.out)["update"] == {"files": [], "refused": [], "changes": []}
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_a_map_it_cannot_edit_safely_is_reported_and_the_exit_code_is_1(
    csj: Csj, tmp_path: Path
) -> None:
    root = _workspace(tmp_path)
    path = root / "onboarding.yaml"
    # signup-conv's current is an anchor another metric reads: writing it would change both.
    shared = COMMENTED.replace("target: 70, current: 60,", "target: 70, current: &c 60,")
    shared = shared.replace(
        "type: duration, unit: days,", "type: duration, unit: days, target: *c,"
    )
    path.write_text(shared, encoding="utf-8")
    result = csj("measure", "--update", "--today", "2026-12-01", "-f", "json", cwd=root)
    assert result.code == 1, result.err
    assert "onboarding.yaml: not updated:" in result.err
    (refused,) = json.loads(result.out)["update"]["refused"]
    assert refused["path"] == "onboarding.yaml"
    assert path.read_text(encoding="utf-8") == shared


def test_without_update_the_maps_stay_as_they_are(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    result = csj("measure", "--today", "2026-12-01", cwd=root)
    assert result.code == 0, result.err
    assert (root / "onboarding.yaml").read_text(encoding="utf-8") == COMMENTED
    assert "csjourney diff" not in result.out

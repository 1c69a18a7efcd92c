"""The cache keeps one generation of entries: edits and new days do not pile up files."""

from __future__ import annotations

from pathlib import Path

from conftest import Csj

MAP = """\
csjourney: 1
segments:
  - id: smb
    name: Small business
journey:
  id: j{n}
  title: Journey {n}
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      kind: onboarding
"""


def _workspace(tmp_path: Path, maps: int) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "csjourney.toml").write_text("", encoding="utf-8")
    (root / "library.yaml").write_text(
        "csjourney: 1\nsegments:\n  - id: smb\n    name: Small business\n", encoding="utf-8"
    )
    for n in range(maps):
        text = MAP.replace("segments:\n  - id: smb\n    name: Small business\n", "")
        (root / f"j{n}.yaml").write_text(text.format(n=n), encoding="utf-8")
    return root


def _entries(root: Path) -> set[str]:
    return {p.name for p in (root / ".csjourney_cache").rglob("*.json") if "check" in p.parts}


def test_an_edited_file_leaves_one_entry_and_the_old_one_goes(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, 3)
    first = csj("validate", "--today", "2026-11-15", ".", cwd=root)
    before = _entries(root)
    assert first.code == 0 and len(before) == 4  # three journeys and the library
    edited = root / "j1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Journey 1", "J one"), "utf-8")
    second = csj("validate", "--today", "2026-11-15", ".", cwd=root)
    after = _entries(root)
    assert second.code == 0 and len(after) == 4
    assert len(before - after) == 1 and len(after - before) == 1


def test_a_new_day_replaces_the_entries_of_the_old_one(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, 3)
    days = ["2026-11-15", "2026-11-16", "2026-11-17"]
    seen = []
    for day in days:
        assert csj("validate", "--today", day, ".", cwd=root).code == 0
        seen.append(_entries(root))
    assert [len(entries) for entries in seen] == [4, 4, 4]
    assert not seen[0] & seen[1] and not seen[1] & seen[2]  # lint reads the date: new keys


def test_a_run_with_other_settings_keeps_the_entries_of_the_first(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, 2)
    assert csj("validate", "--today", "2026-11-15", ".", cwd=root).code == 0
    linted = _entries(root)
    assert csj("validate", "--no-lint", ".", cwd=root).code == 0
    assert linted < _entries(root)  # each setting has its own manifest and entries

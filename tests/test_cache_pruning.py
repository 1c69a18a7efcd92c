"""The cache keeps one generation of entries: edits and new days do not pile up files.

Entries are kept in packs of many files' entries, listed by a manifest: an entry
is live while a manifest lists it, and a pack goes when no entry of it is.
"""

from __future__ import annotations

import json
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


def _values(root: Path, namespace: str) -> dict[str, dict[str, object]]:
    """The value of each entry of `namespace` in the workspace's cache, by file name."""
    folder = root / ".csjourney_cache" / namespace
    found = {}
    for path in folder.rglob("*.json") if folder.is_dir() else []:
        found[path.stem] = json.loads(path.read_text(encoding="utf-8"))["value"]
    return found


def _entries(root: Path) -> set[str]:
    """The keys of the entries a manifest lists and a pack holds."""
    packs = _values(root, "pack")
    return {
        key
        for manifest in _values(root, "manifest").values()
        for key, listed in manifest.items()
        if isinstance(listed, dict) and key in packs.get(str(listed["pack"]), {})
    }


def _packs(root: Path) -> set[str]:
    return set(_values(root, "pack"))


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
    assert len(_packs(root)) == 2  # the first run's, for its three entries left; the edit's


def test_a_pack_goes_with_its_last_entry(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, 2)
    assert csj("validate", "--today", "2026-11-15", ".", cwd=root).code == 0
    first = _packs(root)
    for path in root.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert csj("validate", "--today", "2026-11-15", ".", cwd=root).code == 0
    assert len(first) == 1 and len(_packs(root)) == 1 and not first & _packs(root)


def test_a_new_day_replaces_the_entries_of_the_old_one(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, 3)
    days = ["2026-11-15", "2026-11-16", "2026-11-17"]
    seen, packs = [], []
    for day in days:
        assert csj("validate", "--today", day, ".", cwd=root).code == 0
        seen.append(_entries(root))
        packs.append(_packs(root))
    assert [len(entries) for entries in seen] == [4, 4, 4]
    assert not seen[0] & seen[1] and not seen[1] & seen[2]  # lint reads the date: new keys
    assert [len(each) for each in packs] == [1, 1, 1] and not packs[0] & packs[1]


def test_a_run_with_other_settings_keeps_the_entries_of_the_first(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, 2)
    assert csj("validate", "--today", "2026-11-15", ".", cwd=root).code == 0
    linted = _entries(root)
    assert csj("validate", "--no-lint", ".", cwd=root).code == 0
    assert linted < _entries(root)  # each setting has its own manifest and entries


def test_a_cold_run_of_many_files_writes_a_few_packs(csj: Csj, tmp_path: Path) -> None:
    # Enough files for the worker processes, which encode the entries the run packs.
    root = _workspace(tmp_path, 130)
    cold = csj("validate", "--today", "2026-11-15", "--jobs", "2", ".", cwd=root)
    assert cold.code == 0
    assert len(_entries(root)) == 131 and len(_packs(root)) == 3  # 64 entries a pack
    warm = csj("validate", "--today", "2026-11-15", "--jobs", "2", ".", cwd=root)
    assert (warm.code, warm.out) == (cold.code, cold.out)
    assert len(_entries(root)) == 131 and len(_packs(root)) == 3  # nothing new to write

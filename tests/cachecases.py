"""The tables of test_cache_equivalence.py: the suite's structural and lint cases, what
changes under a warm cache, and the garbage a cache folder can hold.

Each STEPS entry changes, in a workspace whose cache is warm, something a user sees the
result of: an option, the set or the names of files, the config, the directory a run
starts in. SAME_SIZE edits keep a file's size (its mtime is set back by the test).
GARBAGE spoils every entry of a used cache; UNUSABLE makes a cache folder that cannot be.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from cachesupport import BASE, write_files
from conftest import ROOT
from csjourney.core import Options

STRUCTURAL = ROOT / "tests" / "cases" / "structural"
LINT = ROOT / "tests" / "lint" / "cases"


# -- the suite's cases --------------------------------------------------------------------


def structural_cases() -> list[Path]:
    return sorted(p for p in STRUCTURAL.iterdir() if p.is_dir() or p.suffix in (".yaml", ".yml"))


def rootless(case: Path) -> bool:
    return not (case.is_dir() and (case / "csjourney.toml").exists())


def chunks(items: list[Path], size: int) -> list[Any]:
    groups = [items[i : i + size] for i in range(0, len(items), size)]
    return [pytest.param(g, id=f"{g[0].stem}..{g[-1].stem}") for g in groups]


def lint_groups() -> list[Any]:
    """The cases of each rule's file, by the `today` they run on."""
    params = []
    for case_file in sorted(LINT.glob("*.yaml")):
        spec = YAML(typ="safe").load(case_file.read_text(encoding="utf-8"))
        by_day: dict[dt.date, list[dict[str, Any]]] = {}
        for case in spec["cases"]:
            day = case.get("today", spec.get("today", dt.date(2026, 11, 28)))
            by_day.setdefault(day, []).append({"config": spec.get("config"), **case})
        for day, cases in sorted(by_day.items()):
            params.append(pytest.param(day, cases, id=f"{case_file.stem}@{day}"))
    return params


# -- what changes under a warm cache ------------------------------------------------------

Run = tuple[list[Path], Options, Path]  # the paths, options and directory of a run
Step = Callable[[Path], Run]  # changes the workspace it is given, says how to run next
SCAN = [Path(".")]


def _options(**changes: object) -> Step:
    return lambda ws: (SCAN, dataclasses.replace(BASE, **changes), ws)  # type: ignore[arg-type]


def _named(*names: str, **changes: object) -> Step:
    options = dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]
    return lambda ws: ([Path(name) for name in names], options, ws)


def _rename(ws: Path) -> Run:
    (ws / "journeys/smb.yaml").rename(ws / "journeys/small-business.yaml")
    return SCAN, BASE, ws


def _copy(ws: Path) -> Run:
    shutil.copy(ws / "journeys/smb.yaml", ws / "journeys/smb-copy.yaml")
    return SCAN, BASE, ws


def _delete_library(ws: Path) -> Run:
    (ws / "library.yaml").unlink()
    return SCAN, BASE, ws


def _new_map(ws: Path) -> Run:
    write_files(ws, {"new.yaml": "csjourney: 1\njourney: {id: x, segments: [nobody]}\n"})
    return SCAN, BASE, ws


def _nested_root(ws: Path) -> Run:
    (ws / "journeys/csjourney.toml").touch()  # the maps lose the library to a root of their own
    return SCAN, BASE, ws


def _config(text: str, *, first: bool = False) -> Step:
    """A step that adds `text` to the workspace's csjourney.toml (top-level keys go first)."""

    def step(ws: Path) -> Run:
        config = ws / "csjourney.toml"
        old = config.read_text(encoding="utf-8")
        config.write_text(text + old if first else old + "\n" + text, encoding="utf-8")
        return SCAN, BASE, ws

    return step


def _other_config(ws: Path) -> Run:
    other = ws.parent / "strict" / "csjourney.toml"
    other.parent.mkdir()
    other.write_text('[lint]\nignore = ["metric-off-target"]\n', encoding="utf-8")
    return SCAN, dataclasses.replace(BASE, config_file=other), ws


STEPS: dict[str, Step] = {
    "lint off": _options(lint=False),
    "another rule selected": _options(select=("touchpoint-missing-owner",)),
    "the finding's rule ignored": _options(ignore=("CSJ211",)),
    "years later": _options(today=dt.date(2031, 1, 1)),
    "one map named": _named("journeys/smb.yaml"),
    "the library named": _named("library.yaml"),
    "the CI file named": _named("ops/ci.yaml"),
    "the CI file named, only maps wanted": _named(
        "ops/ci.yaml", "library.yaml", only_journey_files=True
    ),
    "run from the folder above": lambda ws: ([Path(ws.name)], BASE, ws.parent),
    "run from a subfolder": lambda ws: (SCAN, BASE, ws / "journeys"),
    "a map renamed": _rename,
    "a map copied": _copy,
    "the library deleted": _delete_library,
    "a new map": _new_map,
    "a folder becomes a workspace": _nested_root,
    "config: rule ignored": _config('[lint]\nignore = ["metric-off-target"]\n'),
    "config: severity raised": _config('[lint.severity]\nmetric-off-target = "error"\n'),
    "config: metrics stale after a day": _config("[lint.options]\nmetric-stale-days = 1\n"),
    "config: findings capped": _config("max-findings-per-file = 2\n", first=True),
    "config: a map excluded": _config('exclude = ["smb.yaml"]\n', first=True),
    "config: big files refused": _config("max-file-size = 11000\n", first=True),
    "--config": _other_config,
}

# (file, same-length edits applied in turn, the paths named). The config starts with
# `ignore = ["CSJ201"]` (see the test). The second row edits back to what was cached first.
SAME_SIZE: dict[str, tuple[str, list[tuple[str, str]], list[Path]]] = {
    "an unknown segment": ("journeys/smb.yaml", [("segments: [smb]", "segments: [smx]")], SCAN),
    "edited and edited back": (
        "journeys/smb.yaml",
        [("segments: [smb]", "segments: [smx]"), ("segments: [smx]", "segments: [smb]")],
        SCAN,
    ),
    "an unknown channel": ("journeys/smb.yaml", [("channel: search", "channel: seerch")], SCAN),
    "broken YAML": ("journeys/smb.yaml", [("\njourney:\n", "\njourney[\n")], SCAN),
    "a metric back on target": ("journeys/smb.yaml", [("target: 60000", "target: 10000")], SCAN),
    "the library renames a segment, a map named": (
        "library.yaml",
        [("  - id: smb\n", "  - id: smx\n")],
        [Path("journeys/smb.yaml")],
    ),
    "the config ignores another rule": (
        "csjourney.toml",
        [('ignore = ["CSJ201"]', 'ignore = ["CSJ211"]')],
        SCAN,
    ),
}


# -- garbage -------------------------------------------------------------------------------

Spoil = Callable[[list[Path]], None]  # given every file a cache holds


def _each(damage: Callable[[Path, int], object]) -> Spoil:
    def apply(files: list[Path]) -> None:
        for index, file in enumerate(files):
            damage(file, index)

    return apply


def _rotated(files: list[Path]) -> None:
    """Each entry holds another's content: valid JSON, but for another key."""
    contents = [f.read_bytes() for f in files]
    for file, content in zip(files, contents[1:] + contents[:1], strict=True):
        file.write_bytes(content)


def _to_folder(file: Path, index: int) -> None:
    file.unlink()
    file.mkdir()


def _to_dangling_link(file: Path, index: int) -> None:
    file.unlink()
    file.symlink_to(file.with_name("gone"))


SHAPES = [b"null", b"[]", b"{}", b"42", b'"x"', b"true", b'{"version": null, "key": []}']
GARBAGE: dict[str, Spoil] = {
    "truncated": _each(lambda f, i: f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])),
    "emptied": _each(lambda f, i: f.write_bytes(b"")),
    "not JSON": _each(lambda f, i: f.write_bytes(b"\x00\xff{garbage\n")),
    "JSON of other shapes": _each(lambda f, i: f.write_bytes(SHAPES[i % len(SHAPES)])),
    "JSON nested too deep": _each(lambda f, i: f.write_bytes(b"[" * 200_000 + b"]" * 200_000)),
    "a number too long to convert": _each(lambda f, i: f.write_bytes(b"9" * 50_000)),
    "not UTF-8": _each(lambda f, i: f.write_bytes(b'{"key": "\xff\xfe"}')),
    "another key's entry": _rotated,
    "folders where entries were": _each(_to_folder),
    "dangling symlinks": _each(_to_dangling_link),
}


def _swap_with_next(files: list[Path], index: int) -> None:
    files[index].write_bytes(files[(index + 1) % len(files)].read_bytes())


# One file of a cache spoiled (given every file, and which): each part of an entry, and
# the index of entries a run may keep besides, can be the one that is bad.
ONE_SPOILED: dict[str, Callable[[list[Path], int], object]] = {
    "truncated": lambda files, i: files[i].write_bytes(files[i].read_bytes()[:40]),
    "not JSON": lambda files, i: files[i].write_bytes(b"\x00{"),
    "another file's content": _swap_with_next,
    "deleted": lambda files, i: files[i].unlink(),
}


def litter(cache: Path) -> None:
    """Files no cache wrote, wherever one might look (not where a spoil left a folder)."""
    junk = {"junk.txt": "junk", "CACHEDIR.TAG": "not a tag", "ab/cd.json": "{"}
    write_files(cache, {name: text for name, text in junk.items() if not (cache / name).is_dir()})
    for folder in [cache, *sorted(p for p in cache.rglob("*") if p.is_dir())][:20]:
        (folder / ("0" * 40 + ".json")).write_bytes(b"\x00" * 64)


def _a_file(tmp: Path) -> Path:
    write_files(tmp, {"file": "x"})
    return tmp / "file"


def _link(tmp: Path, to: str) -> Path:
    (tmp / "link").symlink_to(tmp / to)
    return tmp / "link"


UNUSABLE: dict[str, Callable[[Path], Path]] = {
    "a file": _a_file,
    "below a file": lambda tmp: _a_file(tmp) / "cache",
    "a dangling symlink": lambda tmp: _link(tmp, "gone"),
    "a symlink loop": lambda tmp: _link(tmp, "link"),
}

"""The per-file cache store: what is a hit, what is a miss, and what it never does.

A run's result must never depend on the cache: every damaged, foreign or stale
entry is a miss that the next `put` repairs; a folder that cannot be written
makes `put` do nothing, silently; concurrent runs never see half an entry.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import csjourney
from conftest import CliResult, git_status_of_new
from csjourney.cache import CACHE_DIR, Cache, code_version, content_key

KEY = content_key("csjourney: 1\njourney: {id: a}\n")
OTHER = content_key("csjourney: 1\njourney: {id: b}\n")
Csj = Callable[..., CliResult]
VALUE: dict[str, Any] = {
    "ids": [["journey", "a", [1, 1]]],
    "text": "caf\u00e9 \ud800 \u2028",
    "n": 0.5,
}


def entry_path(directory: Path, key: str = KEY, namespace: str = "summary") -> Path:
    return directory / namespace / key[:2] / f"{key}.json"


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    store = Cache(tmp_path / CACHE_DIR)
    store.put("summary", KEY, VALUE)
    return store


# Values come back as they went in (JSON data), lone surrogates and all.
@pytest.mark.parametrize(
    "value",
    [VALUE, [1, "two", 3.5, True, False, None], "text", 0, {"nested": {"a": [[], {}]}}, True],
    ids=["dict", "list", "str", "zero", "nested", "true"],
)
def test_a_value_put_is_got_back_by_a_later_run(tmp_path: Path, value: Any) -> None:
    Cache(tmp_path / "c").put("fmt", KEY, value)
    assert Cache(tmp_path / "c").get("fmt", KEY) == value
    assert Cache(tmp_path / "c").get("fmt", OTHER) is None
    assert Cache(tmp_path / "c").get("summary", KEY) is None  # namespaces are apart


def test_content_key_is_the_exact_content() -> None:
    assert content_key("a") == content_key(b"a") == content_key("a")
    assert content_key("ab", "c") != content_key("a", "bc")  # each part length-prefixed
    assert content_key("a\n") != content_key("a\r\n") != content_key("\ufeffa\r\n")
    assert len({content_key(str(i)) for i in range(1000)}) == 1000
    assert content_key("\ud800") != content_key("?")  # a lone surrogate is keyed, not an error


def _entry(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(entry_path(directory).read_bytes())
    return data


def _rewrite(field: str, value: Any, *, drop: bool = False) -> Callable[[Path], None]:
    def damage(directory: Path) -> None:
        entry = _entry(directory)
        entry[field] = value
        if drop:
            del entry[field]
        entry_path(directory).write_text(json.dumps(entry))

    return damage


def _write(data: bytes) -> Callable[[Path], None]:
    def damage(directory: Path) -> None:
        entry_path(directory).write_bytes(data)

    return damage


def _foreign(directory: Path) -> None:
    """Another key's entry copied in place (a bad merge, a hand-made cache)."""
    Cache(directory).put("summary", OTHER, {"other": True})
    entry_path(directory).write_bytes(entry_path(directory, OTHER).read_bytes())


def _folder(directory: Path) -> None:
    entry_path(directory).unlink()
    entry_path(directory).mkdir()


def _symlink(directory: Path) -> None:
    """A planted link to a valid entry elsewhere is not followed."""
    elsewhere = directory.parent / "elsewhere.json"
    elsewhere.write_bytes(entry_path(directory).read_bytes())
    entry_path(directory).unlink()
    entry_path(directory).symlink_to(elsewhere)


# (case, how the entry is damaged): each is a miss, and a later put repairs it.
DAMAGED: list[tuple[str, Callable[[Path], None]]] = [
    ("missing", lambda d: entry_path(d).unlink()),
    ("empty", _write(b"")),
    ("truncated", lambda d: _write(entry_path(d).read_bytes()[:-7])(d)),
    ("garbage", _write(b"\x00\xff not json at all")),
    ("not utf-8", _write(b'{"value": "\xff"}')),
    ("a list, not an entry", _write(b"[1, 2, 3]")),
    ("no value", _rewrite("value", None, drop=True)),
    ("other version", _rewrite("version", "0.0.0+1.0000000000000000")),
    ("no version", _rewrite("version", None)),
    ("other namespace", _rewrite("namespace", "fmt")),
    ("foreign key", _foreign),
    ("nested too deep", _write(b"[" * 200_000 + b"]" * 200_000)),
    ("a folder", _folder),
    ("a symlink", _symlink),
]


@pytest.mark.parametrize("damage", [c[1] for c in DAMAGED], ids=[c[0] for c in DAMAGED])
def test_a_damaged_or_foreign_entry_is_a_miss_and_is_rebuilt(
    tmp_path: Path, cache: Cache, damage: Callable[[Path], None]
) -> None:
    directory = tmp_path / CACHE_DIR
    damage(directory)
    assert Cache(directory).get("summary", KEY) is None
    if entry_path(directory).is_dir():
        entry_path(directory).rmdir()
    Cache(directory).put("summary", KEY, VALUE)
    assert Cache(directory).get("summary", KEY) == VALUE


def test_an_entry_records_the_code_version_and_its_key(tmp_path: Path, cache: Cache) -> None:
    entry = _entry(tmp_path / CACHE_DIR)
    assert entry == {"version": code_version(), "namespace": "summary", "key": KEY, "value": VALUE}
    assert code_version().startswith(csjourney.__version__ + "+")


def test_the_created_folder_is_tagged_and_ignored_by_git(tmp_path: Path, cache: Cache) -> None:
    directory = tmp_path / CACHE_DIR
    assert (
        (directory / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )
    assert (directory / ".gitignore").read_text().splitlines()[-1] == "*"
    assert git_status_of_new(tmp_path) == ""  # nothing of the cache would be committed
    assert not [p.name for p in directory.rglob("*.tmp")]  # no temporary file left behind
    umask = os.umask(0o022)
    os.umask(umask)
    for path in (directory, directory / ".gitignore", entry_path(directory)):
        assert path.stat().st_mode & 0o777 == (0o777 if path.is_dir() else 0o666) & ~umask


def test_an_existing_folder_is_used_but_never_tagged(tmp_path: Path) -> None:
    """`--cache-dir .` must not drop a `.gitignore` of `*` into the project."""
    Cache(tmp_path).put("fmt", KEY, True)
    assert Cache(tmp_path).get("fmt", KEY) is True
    assert not (tmp_path / ".gitignore").exists() and not (tmp_path / "CACHEDIR.TAG").exists()


def test_a_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    for store in (
        Cache(None),
        Cache.for_run(None, None, None, enabled=True),  # no workspace root: never cached
        Cache.for_run(tmp_path, None, tmp_path / "c", enabled=False),  # --no-cache
    ):
        store.put("fmt", KEY, True)
        assert not store.enabled and store.get("fmt", KEY) is None
    assert list(tmp_path.iterdir()) == []


# (root, config `cache-dir`, --cache-dir / CSJOURNEY_CACHE_DIR, where the cache is)
WHERE = [
    ("ws", None, None, f"ws/{CACHE_DIR}"),
    ("ws", "build/cache", None, "ws/build/cache"),
    ("ws", "../beside", None, "beside"),
    ("ws", "{tmp}/abs", None, "abs"),
    ("ws", "build/cache", "{tmp}/override", "override"),
    ("ws", None, "{tmp}/override", "override"),
]


@pytest.mark.parametrize(("root", "configured", "override", "expected"), WHERE)
def test_the_override_beats_the_config_which_beats_the_default(
    tmp_path: Path, root: str, configured: str | None, override: str | None, expected: str
) -> None:
    def filled(text: str | None) -> str | None:
        return text.replace("{tmp}", str(tmp_path)) if text is not None else None

    given = filled(override)
    store = Cache.for_run(
        tmp_path / root, filled(configured), Path(given) if given else None, enabled=True
    )
    store.put("fmt", KEY, True)
    assert store.enabled and Cache(tmp_path / expected).get("fmt", KEY) is True
    assert entry_path(tmp_path / expected, namespace="fmt").is_file()


def _file_in_the_way(tmp_path: Path) -> Path:
    (tmp_path / "a-file").write_text("")
    return tmp_path / "a-file" / CACHE_DIR


def _planted_link(tmp_path: Path) -> Path:
    """A shard folder that links elsewhere: writes must not follow it."""
    directory = tmp_path / CACHE_DIR
    (directory / "fmt").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (directory / "fmt" / KEY[:2]).symlink_to(tmp_path / "elsewhere")
    return directory


# (case, the cache folder) where nothing can be written, even by root.
UNWRITABLE: list[tuple[str, Callable[[Path], Path]]] = [
    ("a file in the way", _file_in_the_way),
    ("read-only file system", lambda _: Path("/proc/csjourney-cache")),
    ("a planted link", _planted_link),
    ("a name with NUL", lambda tmp: tmp / "bad\x00name"),
]


@pytest.mark.parametrize("where", [c[1] for c in UNWRITABLE], ids=[c[0] for c in UNWRITABLE])
def test_put_does_nothing_where_it_cannot_write(
    tmp_path: Path, where: Callable[[Path], Path]
) -> None:
    store = Cache(where(tmp_path))
    for key in (KEY, OTHER):
        store.put("fmt", key, True)  # no exception, no warning
        assert store.get("fmt", key) is None
    if (tmp_path / "elsewhere").exists():
        assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_full_disk_stops_the_writes_after_the_first_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tries: list[str] = []

    def full(source: str, target: str) -> None:
        tries.append(target)
        raise OSError(errno.ENOSPC, "No space left on device")

    store = Cache(tmp_path / CACHE_DIR)
    monkeypatch.setattr(os, "replace", full)
    for index in range(50):
        store.put("fmt", content_key(str(index)), True)
    assert len(tries) == 1  # the tag files' write failed: no entry tried after it
    assert capsys.readouterr() == ("", "")
    monkeypatch.undo()
    assert Cache(tmp_path / CACHE_DIR).get("fmt", content_key("0")) is None
    assert not [p for p in (tmp_path / CACHE_DIR).rglob("*") if p.name.endswith(".tmp")]


WRITER = """
import sys
from pathlib import Path
from csjourney.cache import Cache
directory, key, me = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = Cache(directory)
for round in range(300):
    store.put("summary", key, {"writer": me, "round": round, "pad": "x" * 2000})
    seen = Cache(directory).get("summary", key)
    assert seen is None or set(seen) == {"writer", "round", "pad"}, seen
"""


def test_concurrent_writers_of_one_key_leave_a_valid_entry(tmp_path: Path) -> None:
    directory = tmp_path / CACHE_DIR
    package_parent = str(Path(csjourney.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": package_parent}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(directory), KEY, str(me)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err  # no writer failed, none read half an entry
    final = Cache(directory).get("summary", KEY)
    assert final is not None and final["round"] == 299 and final["writer"] in range(4)
    assert not [p for p in directory.rglob("*") if p.name.endswith(".tmp")]
    assert (directory / ".gitignore").read_text().splitlines()[-1] == "*"


def test_misshapen_namespaces_and_keys_are_refused_before_any_file_is_touched(
    tmp_path: Path,
) -> None:
    store = Cache(tmp_path / "c")
    for namespace, key in (("../up", KEY), ("fmt", "../../etc/passwd"), ("fmt", "XYZ"), ("", KEY)):
        with pytest.raises(ValueError, match="not a cache namespace and key"):
            store.put(namespace, key, True)
        with pytest.raises(ValueError):
            store.get(namespace, key)
    assert not (tmp_path / "c").exists()


# (config, what the error says): a mistake in `cache-dir` stops the run, at its line.
BAD_CONFIG = [
    ('cache-dir = ""\n', "csjourney.toml:1: `cache-dir` must be a name in quotes, not empty"),
    ("cache-dir = 3\n", "csjourney.toml:1: `cache-dir` must be text in quotes"),
    (
        '\ncachedir = "c"\n',
        "csjourney.toml:2: unknown setting `cachedir`; did you mean `cache-dir`?",
    ),
    ('cache_dir = "c"\n', "did you mean `cache-dir`?"),
]


@pytest.mark.parametrize(("config", "message"), BAD_CONFIG)
def test_a_mistake_in_cache_dir_is_a_config_error(
    csj: Csj, tmp_path: Path, config: str, message: str
) -> None:
    (tmp_path / "csjourney.toml").write_text(config)
    (tmp_path / "map.yaml").write_text("csjourney: 1\njourney: {id: j, title: J, stages: []}\n")
    for command in ("validate", "fmt"):
        result = csj(command, tmp_path)
        assert result.code == 2 and message in result.err, result.err
        assert (
            'write it as `cache-dir = ".csjourney_cache"`' in result.err or "setting" in result.err
        )
    assert not (tmp_path / CACHE_DIR).exists() and not (tmp_path / "c").exists()


def test_a_journeys_own_items_are_made_once_and_only_when_read() -> None:
    from csjourney.deferreditems import DeferredItems
    from csjourney.diagnostics import Span
    from csjourney.references import Defined

    made: list[object] = []

    def make(raw: list[str]) -> list[Defined]:
        made.append(raw)
        return [
            Defined("stage", item, f"j.yaml:{n}", Span(n, 1, n, 3)) for n, item in enumerate(raw)
        ]

    items = DeferredItems(["onboarding", "adoption"], make)
    assert made == []  # a run whose references all name shared items never reads them
    assert [item.id for item in items] == ["onboarding", "adoption"] and items[
        1
    ].where == "j.yaml:1"
    assert len(items) == 2 and items == list(items) and made == [["onboarding", "adoption"]]

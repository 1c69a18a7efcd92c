"""Hostile and broken files: each is a clear, located error with exit 1.

Nothing in a file may execute code, exhaust memory or crash the process:
libyaml's own composer recurses in C and segfaults on deep nesting, and a
full YAML loader expands alias bombs until memory runs out. Memory is
measured with tracemalloc (Python allocations, where expanded data would
live) against a generous bound; speed is the benchmarks' business.
"""

from __future__ import annotations

import json
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult

PEAK_BYTES_LIMIT = 200 * 1024 * 1024


def _billion_laughs() -> bytes:
    lines = ["csjourney: 1", "a0: &a0 [" + ", ".join(['"lol"'] * 9) + "]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _nested(
    opening: bytes, middle: bytes = b"", closing: bytes = b"", depth: int = 100_000
) -> bytes:
    return b"csjourney: 1\nx: " + opening * depth + middle + closing * depth


def _fifty_megabytes() -> bytes:
    line = b"# " + b"x" * 97 + b"\n"
    return b"csjourney: 1\n" + line * (50 * 1024 * 1024 // len(line))


HOSTILE: dict[str, tuple[bytes, str, tuple[int, int] | None]] = {
    # name: (file content, expected code, expected (line, column); None: any alias)
    "billion-laughs": (_billion_laughs(), "CSJ004", None),
    "recursive-alias": (b"csjourney: 1\nsegments: &loop [*loop]\n", "CSJ004", (2, 18)),
    "recursive-alias-in-mapping": (b"csjourney: 1\nx: &m {y: {z: *m}}\n", "CSJ004", (2, 15)),
    "deep-flow-sequence": (_nested(b"[", b"", b"]"), "CSJ001", (2, 103)),
    "deep-flow-mapping": (_nested(b"{a: ", b"1", b"}"), "CSJ001", (2, 400)),
    "deep-unclosed-flow": (_nested(b"["), "CSJ001", (2, 103)),
    "deep-block-mapping": (
        b"csjourney: 1\n" + b"".join(b"  " * i + b"k:\n" for i in range(150)),
        "CSJ001",
        (102, 201),
    ),
    "fifty-megabytes": (_fifty_megabytes(), "CSJ005", (1, 1)),
    "binary-elf": (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64, "CSJ006", (1, 1)),
    "binary-png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "CSJ006", (1, 1)),
    "utf16-text": ("csjourney: 1\n".encode("utf-16"), "CSJ006", (1, 1)),
    "latin1-on-line-4": (
        b"csjourney: 1\nsegments:\n  - id: cafe\n    name: Caf\xe9 owners\n",
        "CSJ006",
        (4, 14),
    ),
    "empty": (b"", "CSJ007", (1, 1)),
    "only-whitespace": (b"\n\n   \n", "CSJ007", (1, 1)),
    "multi-document": (b"csjourney: 1\n---\ncsjourney: 1\n", "CSJ008", (2, 1)),
    "top-level-list": (b"- csjourney: 1\n", "CSJ009", (1, 1)),
    "top-level-number": (b"42\n", "CSJ009", (1, 1)),
    "control-characters": (b"csjourney: 1\nsegments: \x07\x1b[31m\n", "CSJ001", (2, 11)),
}


def _measured(run: Callable[[], CliResult]) -> tuple[CliResult, int]:
    tracemalloc.start()
    try:
        result = run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_a_located_error(
    name: str, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    content, code, position = HOSTILE[name]
    (tmp_path / "map.yaml").write_bytes(content)

    result, peak = _measured(
        lambda: csj("validate", "--no-lint", "--format", "json", "map.yaml", cwd=tmp_path)
    )

    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    diagnostics = json.loads(result.out)["diagnostics"]
    assert [d["code"] for d in diagnostics] == [code]
    found = diagnostics[0]
    if position is None:  # where the expansion limit trips is the limit's business
        assert content.splitlines()[found["line"] - 1][found["column"] - 1 :].startswith(b"*")
    else:
        assert (found["line"], found["column"]) == position
    assert found["message"]
    assert peak < PEAK_BYTES_LIMIT, f"peak Python memory {peak / 1e6:.0f} MB"


PYTHON_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
    '!!python/object/new:os.system ["touch {marker}"]',
    "!!python/name:os.system",
    "!!python/module:os [{{}}]",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS, ids=lambda t: t.split()[0])
@pytest.mark.parametrize("where", ["value", "list-item", "top-level"])
def test_python_tags_execute_nothing(
    tag: str, where: str, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    marker = tmp_path / "executed"
    node = tag.format(marker=marker)
    text = {
        "value": f"csjourney: 1\njourney: {node}\n",
        "list-item": f"csjourney: 1\nsegments:\n  - {node}\n",
        "top-level": f"--- {node}\n",
    }[where]
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")

    result = csj("validate", "--no-lint", "--format", "json", "map.yaml", cwd=tmp_path)

    assert not marker.exists(), "a YAML tag executed a command"
    assert result.code == 1, result.err
    codes = [d["code"] for d in json.loads(result.out)["diagnostics"]]
    assert "CSJ003" in codes


def test_every_hostile_file_in_one_directory_is_reported_in_one_run(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    """A directory full of hostile files: one error each, none hides another."""
    for name, (content, _, _) in HOSTILE.items():
        # A directory scan only reads files that look like journey files.
        (tmp_path / f"{name}.yaml").write_bytes(content)
    (tmp_path / "good.yaml").write_text("csjourney: 1\n", encoding="utf-8")

    result, peak = _measured(
        lambda: csj("validate", "--no-lint", "--format", "json", ".", cwd=tmp_path)
    )

    assert result.code == 1, result.err
    reported = {d["path"]: d["code"] for d in json.loads(result.out)["diagnostics"]}
    # Those without a top-level `csjourney:` line are not journey files to a scan.
    scanned = {
        f"{name}.yaml": code
        for name, (content, code, _) in HOSTILE.items()
        if re.search(rb"^csjourney:", content, re.MULTILINE)
    }
    assert reported == scanned
    assert peak < PEAK_BYTES_LIMIT


def test_symlink_loop_in_a_scanned_directory_is_an_unreadable_file(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "map.yaml").write_text("csjourney: 1\n", encoding="utf-8")

    result = csj("validate", "--no-lint", "--format", "json", cwd=tmp_path)

    assert result.code == 1, result.err
    diagnostics = json.loads(result.out)["diagnostics"]
    assert [(d["path"], d["code"]) for d in diagnostics] == [("loop.yaml", "CSJ012")]

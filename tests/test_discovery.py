"""Which files a run finds: each file once, maps wherever their key stands, and a word
when there is nothing to check. Also the per-file cap on findings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney import reading
from csjourney.diagnostics import Diagnostic, Severity, Span
from csjourney.findings import cap_per_file

Csj = Callable[..., CliResult]
# One unknown key (line 4), and a segment id that a second copy would duplicate.
MAP = "csjourney: 1\nsegments:\n  - {id: smb, name: Small businesses}\nnmae: x\n"
OTHER = "csjourney: 1\nsegmentz: []\n"
NO_JOURNEY_NOTE = "no journey files found"


def _reported(result: CliResult) -> list[tuple[str, str]]:
    return [(d["path"], d["code"]) for d in json.loads(result.out)["diagnostics"]]


def _tree(base: Path) -> Path:
    (base / "csjourney.toml").write_text("", encoding="utf-8")
    (base / "a.yaml").write_text(MAP, encoding="utf-8")
    (base / "sub").mkdir()
    (base / "sub" / "b.yaml").write_text(OTHER, encoding="utf-8")
    (base / "link.yaml").symlink_to("a.yaml")  # the same map under a second name
    (base / "sub" / "loop").symlink_to("..")  # a directory loop
    (base / "sub" / "hard.yaml").hardlink_to(base / "sub" / "b.yaml")
    return base


A = [("a.yaml", "CSJ101")]
B = [("sub/b.yaml", "CSJ101")]
TWICE: dict[str, tuple[list[str], list[tuple[str, str]]]] = {
    # case: (arguments, expected findings): never a CSJ120 from a file meeting itself
    "the-same-path-twice": (["a.yaml", "a.yaml"], A),
    "dot-slash-and-plain": (["./a.yaml", "a.yaml"], A),
    "absolute-and-relative": (["{base}/a.yaml", "a.yaml"], A),
    "through-a-symlink": (["link.yaml"], [("link.yaml", "CSJ101")]),
    "symlink-and-its-target": (["link.yaml", "a.yaml"], [("link.yaml", "CSJ101")]),
    "a-folder-and-a-file-in-it": (["sub", "sub/b.yaml"], B),
    "a-folder-and-its-parent": (["sub", "."], A + B),
    "a-scan-with-links-and-a-loop": ([], A + B),
    "a-hard-link": (["sub/hard.yaml", "sub/b.yaml"], [("sub/hard.yaml", "CSJ101")]),
}


@pytest.mark.parametrize("case", TWICE)
def test_a_file_reached_twice_is_loaded_and_reported_once(
    case: str, tmp_path: Path, csj: Csj
) -> None:
    base = _tree(tmp_path)
    args, expected = TWICE[case]

    result = csj(
        "validate", "--no-lint", "--format", "json", *(a.format(base=base) for a in args), cwd=base
    )

    assert _reported(result) == expected
    assert json.loads(result.out)["summary"]["files"] == len({path for path, _ in expected})


PADDING = "# a long comment block before the version line\n" * 1500  # over 64 KiB
SNIFFED: dict[str, tuple[bytes, bool]] = {
    # case: (file content, is it a journey file to a scan?)
    "key-after-64-kib": ((PADDING + "csjourney: 1\nnmae: x\n").encode(), True),
    "cr-only-line-ends": (b"# map\rcsjourney: 1\rnmae: x\r", True),
    "byte-order-mark": (b"\xef\xbb\xbfcsjourney: 1\nnmae: x\n", True),
    "flow-mapping": (b"{csjourney: 1, nmae: x}\n", True),
    "quoted-key": (b'"csjourney": 1\nnmae: x\n', True),
    "key-inside-a-block-scalar": (b"notes: |\n  csjourney: 1\n", False),
    "key-as-a-nested-key": (b"tool:\n  csjourney: 1\n", False),
    "key-in-a-comment": (b"# csjourney: 1\nname: ci\n", False),
}


@pytest.mark.parametrize("case", SNIFFED)
def test_a_scan_finds_a_map_wherever_its_version_key_stands(
    case: str, tmp_path: Path, csj: Csj
) -> None:
    content, is_map = SNIFFED[case]
    (tmp_path / "file.yaml").write_bytes(content)

    result = csj("validate", "--no-lint", "--format", "json", cwd=tmp_path)

    assert [path for path, _ in _reported(result)] == (["file.yaml"] if is_map else [])
    assert result.code == (1 if is_map else 0)


NOTHING: dict[str, tuple[dict[str, str], list[str], bool]] = {
    # case: (files, arguments, is the note printed?)
    "an-empty-folder": ({}, [], True),
    "only-ci-yaml": ({"ci.yml": "on: push\n", "ops/deploy.yaml": "steps: []\n"}, ["."], True),
    "a-map": ({"map.yaml": "csjourney: 1\n"}, [], False),
    "a-named-non-journey-file": ({"ci.yml": "on: push\n"}, ["ci.yml"], False),  # CSJ010
    "pre-commit-skips-quietly": (
        {"ci.yml": "on: push\n"},
        ["--only-journey-files", "ci.yml"],
        False,
    ),
}


@pytest.mark.parametrize("case", NOTHING)
def test_a_scan_that_finds_no_journey_file_says_so(case: str, tmp_path: Path, csj: Csj) -> None:
    files, args, note = NOTHING[case]
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    result = csj("validate", "--format", "json", *args, cwd=tmp_path)

    assert (NO_JOURNEY_NOTE in result.err) == note
    json.loads(result.out)  # the report itself stays machine-readable
    if note:
        assert result.code == 0
        assert json.loads(result.out)["summary"]["files"] == 0


def test_findings_are_capped_at_200_per_file_with_a_line_for_the_rest(
    tmp_path: Path, csj: Csj
) -> None:
    keys = "".join(f"unknown{n}: {n}\n" for n in range(250))
    (tmp_path / "many.yaml").write_text("csjourney: 1\n" + keys, encoding="utf-8")
    (tmp_path / "few.yaml").write_text(OTHER, encoding="utf-8")

    result = csj("validate", "--no-lint", "--format", "json", ".", cwd=tmp_path)

    found = json.loads(result.out)["diagnostics"]
    many = [d for d in found if d["path"] == "many.yaml"]
    assert [d["code"] for d in many] == ["CSJ101"] * 200 + ["CSJ014"]
    assert many[-1]["line"] == 202  # where the first finding left out stands
    assert many[-1]["message"].startswith("50 more findings")
    assert many[-1]["severity"] == "error"
    assert [d["code"] for d in found if d["path"] == "few.yaml"] == ["CSJ101"]
    assert result.code == 1


def _finding(line: int, severity: Severity) -> Diagnostic:
    return Diagnostic("CSJ201", "rule", severity, "m", Path("m.yaml"), Span.point(line, 1))


W, E, INFO = Severity.WARNING, Severity.ERROR, Severity.INFO
CAPS: dict[str, tuple[list[Severity], int, Severity | None]] = {
    # case: (severities in file order, limit, severity of the closing line; None: none)
    "under-the-cap": ([E, W], 3, None),
    "at-the-cap": ([E, W, INFO], 3, None),
    "an-error-left-out": ([W, INFO, E], 2, E),
    "only-infos-left-out": ([E, INFO, INFO], 1, INFO),
    "the-worst-left-out-wins": ([INFO, W, INFO, E, W], 2, E),
}


@pytest.mark.parametrize("case", CAPS)
def test_the_closing_line_has_the_worst_severity_left_out(case: str) -> None:
    """So the exit code (and --fail-on) is the same as if every finding were shown."""
    severities, limit, closing = CAPS[case]
    findings = [_finding(n + 1, s) for n, s in enumerate(severities)]

    kept = cap_per_file(list(reversed(findings)), limit)

    assert kept[: min(limit, len(findings))] == findings[:limit]
    if closing is None:
        assert len(kept) == len(findings)
    else:
        assert len(kept) == limit + 1
        assert (kept[-1].code, kept[-1].severity) == ("CSJ014", closing)


@pytest.mark.parametrize("output", ["json", "text", "junit", "sarif", "github"])
@pytest.mark.parametrize("how", ["scanned", "named"])
def test_a_file_name_that_is_not_utf8_is_found_and_reported(
    how: str, output: str, tmp_path: Path, csj: Csj
) -> None:
    name = os.fsdecode(b"caf\xe9 \xff.yaml")
    (tmp_path / name).write_text(OTHER, encoding="utf-8")
    (tmp_path / "good.yaml").write_text("csjourney: 1\n", encoding="utf-8")
    args = [name] if how == "named" else []

    result = csj("validate", "--no-lint", "--format", output, *args, cwd=tmp_path)

    assert result.code == 1, result.err
    assert "internal error" not in result.err
    assert "caf" in result.out
    result.out.encode("utf-8")  # what was printed is valid UTF-8


def test_fmt_leaves_alone_yaml_that_only_looks_like_a_map(tmp_path: Path, csj: Csj) -> None:
    """Warned about by validate (CSJ013), but not a map: fmt must not rewrite it."""
    lookalike = "journey:\n  id: x\n  stages:   [a]\n"
    (tmp_path / "lookalike.yaml").write_text(lookalike, encoding="utf-8")

    result = csj("fmt", cwd=tmp_path)

    assert result.code == 0, result.err
    assert (tmp_path / "lookalike.yaml").read_text(encoding="utf-8") == lookalike


@pytest.mark.parametrize(("key_at", "is_map"), [(150, True), (5000, True), (None, False)])
def test_a_file_over_the_size_cap_is_a_map_when_its_key_stands_past_the_cap(
    key_at: int | None, is_map: bool, tmp_path: Path, csj: Csj, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It is then too large (CSJ005), not silently skipped; other big YAML stays skipped."""
    monkeypatch.setattr(reading, "_CHUNK", 37)  # the key spans chunks, as in a huge file
    (tmp_path / "csjourney.toml").write_text("max-file-size = 1000\n", encoding="utf-8")
    lines = [f"# line {n:04}".ljust(99, ".") for n in range(100)]  # 10 KB, chunks of 100
    if key_at is not None:
        lines.insert(key_at // 100, "csjourney: 1")
    (tmp_path / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = csj("validate", "--no-lint", "--format", "json", cwd=tmp_path)

    assert _reported(result) == ([("big.yaml", "CSJ005")] if is_map else [])

"""The language server benchmark (benchmarks/bench_lsp.py) runs end to end and checks its answers.

One `--quick` run over a small generated workspace keeps the script from
rotting: the real server, every row timed. The checks that keep a figure
honest (a stale diagnostic, a completion that lacks the id, a goal judged only
at the issue's size) are each tried on a wrong answer too.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"
ROWS = (
    "start and initialize",
    "first load, cold cache (didOpen to its diagnostics)",
    "first load, warm cache (a second server)",
    "diagnostics after an edit",
    "completion",
)


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # The script imports its neighbours (lspwire, generate) as a script would.
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    for name in ("bench_lsp", "lspwire", "generate"):
        sys.modules.pop(name, None)
    return importlib.import_module("bench_lsp")


def test_a_quick_run_times_every_row_and_judges_no_goal(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown = tmp_path / "lsp.md"
    code = bench.main(["--quick", "--work", str(tmp_path / "ws"), "--markdown", str(markdown)])
    out = capsys.readouterr().out
    assert code == 0, out  # at 20 maps nothing is judged, so nothing is missed
    lines = out.splitlines()
    assert lines[0].startswith("measure (20 maps)")
    for label in ROWS:
        [row] = [line for line in lines if line.startswith(label)]
        assert "n/a" not in row and "FAILED" not in row, row
        median = float(row[52:].split()[0])
        assert 0 < median < 60_000, row  # milliseconds
        goal = label in ("diagnostics after an edit", "completion")
        assert row.endswith("reference") == goal, row
    written = markdown.read_text(encoding="utf-8")
    assert "| diagnostics after an edit |" in written and "load average" in written


def test_the_json_output_carries_every_sample(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--quick", "--edits", "3", "--completions", "2", "--json"]
    code = bench.main([*args, "--work", str(tmp_path / "ws")])
    found = json.loads(capsys.readouterr().out)
    assert code == 0
    assert found["maps"] == 20
    figures = found["figures"]
    assert [len(figures[label]["samples"]) for label in figures] == [2, 1, 1, 3, 2]


def _diagnostic(code: str, line: int) -> dict[str, Any]:
    where = {"start": {"line": line, "character": 17}, "end": {"line": line, "character": 20}}
    return {"code": code, "range": where, "message": "x"}


@pytest.mark.parametrize(
    ("published", "typo", "problem"),
    [
        ([_diagnostic("CSJ123", 5)], True, None),
        ([], False, None),
        ([_diagnostic("CSJ211", 5)], True, "brought no CSJ123"),
        ([_diagnostic("CSJ123", 6)], True, "brought no CSJ123"),  # another line's finding
        ([_diagnostic("CSJ123", 5)], False, "a stale answer"),
    ],
)
def test_an_edit_answer_must_say_what_the_text_now_is(
    bench: ModuleType, published: list[dict[str, Any]], typo: bool, problem: str | None
) -> None:
    where = bench.range_of(5, 17, 3)
    if problem is None:
        bench.check_edit_answer(published, where, typo)
    else:
        with pytest.raises(bench.BenchFailure, match=problem):
            bench.check_edit_answer(published, where, typo)


def test_completion_answers_are_read_in_both_shapes(bench: ModuleType) -> None:
    items = [{"label": "enterprise"}, {"label": "smb"}]
    assert bench.completion_labels({"isIncomplete": False, "items": items}) == ["enterprise", "smb"]
    assert bench.completion_labels(items) == ["enterprise", "smb"]
    assert bench.completion_labels(None) == []


@pytest.mark.parametrize(
    ("judged", "samples", "verdict"),
    [
        (True, [0.04, 0.06, 0.2], "met"),  # the median is judged, not the slowest
        (True, [0.2, 0.11, 0.05], "MISSED"),
        (False, [0.2, 0.2, 0.2], "reference"),  # fewer maps than the issue's 500
    ],
)
def test_a_goal_is_judged_on_the_median_at_the_issues_size(
    bench: ModuleType, judged: bool, samples: list[float], verdict: str
) -> None:
    figure = bench.Figure("diagnostics after an edit", samples, goal=0.1, judged=judged)
    assert figure.verdict == verdict


def test_a_missing_feature_is_no_figure(bench: ModuleType) -> None:
    figure = bench.Figure("completion", [], goal=0.05, judged=True, missing="no provider")
    assert figure.verdict == "n/a (no provider)"
    assert bench.table([figure], 500).splitlines()[1].endswith("n/a (no provider)")


def test_a_cache_holding_only_its_markers_has_no_entries(bench: ModuleType, tmp_path: Path) -> None:
    cache = tmp_path / ".csjourney_cache"
    cache.mkdir()
    (cache / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
    (cache / ".gitignore").write_text("*\n")
    assert bench.cache_entries(tmp_path) == []
    (cache / "check" / "f9").mkdir(parents=True)
    (cache / "check" / "f9" / "f9c7.json").write_text("{}")
    assert bench.cache_entries(tmp_path) == [cache / "check" / "f9" / "f9c7.json"]


def test_positions_are_zero_based_and_past_the_marker(bench: ModuleType) -> None:
    text = "a: 1\nsegments: [smb]\n  touchpoints: [x, y]\n"
    assert bench.position_after(text, "segments: [") == (1, 11)
    assert bench.position_after(text, "touchpoints: [", start=6) == (2, 16)

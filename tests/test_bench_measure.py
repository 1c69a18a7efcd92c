"""The measure benchmark runs end to end and its three answers agree, so it cannot rot.

A small history (2,000 events) goes through the whole script: csjourney, the SQL floor
and pandas must give the same numbers or it exits 2. The generated data must have the
shapes the definitions are about, and the comparison must catch each kind of wrong answer.
"""

from __future__ import annotations

import copy
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import ROOT

BENCHMARKS = ROOT / "benchmarks"
EVENTS = 2_000


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # The scripts import their neighbours (measure_data, generate) as a script would.
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    for name in ("bench_measure", "measure_data", "measure_queries", "generate"):
        sys.modules.pop(name, None)
    return importlib.import_module("bench_measure")


def test_the_benchmark_runs_and_the_three_answers_agree(bench: ModuleType, tmp_path: Path) -> None:
    table = tmp_path / "measure.md"
    argv = ["--sizes", str(EVENTS), "--repeat", "1", "--no-warm-up", "--cache", str(tmp_path)]
    code = bench.main([*argv, "--markdown", str(table)])
    # 2 would mean a program failed or the answers differ; at this size the goals may miss.
    assert code in (0, 1)
    text = table.read_text(encoding="utf-8")
    assert f"| {EVENTS:,} |" in text
    assert "csjourney / SQL floor" in text


def test_the_history_has_every_shape_the_definitions_cover(
    bench: ModuleType, tmp_path: Path
) -> None:
    import duckdb

    data, queries = bench.data, importlib.import_module("measure_queries")

    con = duckdb.connect()

    def one(sql: str) -> object:
        found = con.execute(sql).fetchone()
        return None if found is None else found[0]

    path = data.cached_history(tmp_path, EVENTS)
    assert one(f"SELECT count(*) FROM '{path}'") == EVENTS
    found = queries.sql_funnel(str(path), data.JOURNEY, list(data.STAGES), data.SINCE, data.UNTIL)
    rows = found["stages"]
    assert sum(r["backward"] for r in rows) > 0
    assert sum(r["skipped"] for r in rows) > 0
    assert sum(r["open"] for r in rows) > 0
    assert found["unmapped"], "no unmapped stage values"
    # A visit whose next event is the same stage counts in none of forward, backward, open.
    assert any(r["forward"] + r["backward"] + r["open"] < r["visits"] for r in rows)
    ties = f"""SELECT count(*) FROM (SELECT account_id, "timestamp" FROM '{path}'
               GROUP BY ALL HAVING count(*) > 1)"""
    assert one(ties) != 0, "no two events of an account at one instant"
    # The same size and seed give the same rows.
    again = data.history_path(tmp_path / "again", EVENTS, data.DEFAULT_SEED)
    again.parent.mkdir()
    data.write_history(again, EVENTS)
    same = f"SELECT count(*) FROM (FROM '{path}' EXCEPT ALL FROM '{again}')"
    assert one(same) == 0


def _answer() -> dict[str, Any]:
    stage = {"id": "onboarding", "segment": None, "visits": 10, "accounts": 9, "to_next": 4,
             "forward": 6, "backward": 1, "open": 2, "skipped": 3, "conversion": 60.0,
             "median_days": 2.5, "p90_days": 9.25}  # fmt: skip
    return {"stages": [stage], "unmapped": [{"stage": "win-back", "visits": 3}]}


WRONG = [
    ("a count off by one", "stages", "visits", 11, "onboarding visits"),
    ("a share off in the 7th digit", "stages", "conversion", 60.00001, "onboarding conversion"),
    ("no time instead of a time", "stages", "median_days", None, "onboarding median_days"),
    ("a count as a float", "stages", "accounts", 9.0, "onboarding accounts"),
    ("another stage", "stages", "id", "adoption", "the stages differ"),
    ("unmapped counted differently", "unmapped", "visits", 4, "unmapped"),
]


@pytest.mark.parametrize(("what", "part", "key", "value", "said"), WRONG, ids=[w[0] for w in WRONG])
def test_a_wrong_answer_is_caught(
    bench: ModuleType, what: str, part: str, key: str, value: object, said: str
) -> None:
    wrong = copy.deepcopy(_answer())
    wrong[part][0][key] = value
    found = bench.differences(_answer(), wrong)
    assert any(said in line for line in found), (what, found)


def test_rounding_in_the_last_digits_is_not_a_difference(bench: ModuleType) -> None:
    close = copy.deepcopy(_answer())
    close["stages"][0]["p90_days"] = 9.25 * (1 + 1e-13)
    assert bench.differences(_answer(), close) == []


def _report(severity: str) -> str:
    stage = _answer()["stages"][0]
    diagnostic = {"code": "CSJ302", "severity": severity, "message": "stage 'win-back' ..."}
    journey = {"id": "j", "stages": [stage, {**stage, "segment": "smb"}],
               "unmapped": _answer()["unmapped"], "metrics": []}  # fmt: skip
    return json.dumps({"journeys": [journey], "diagnostics": [diagnostic]})


@pytest.mark.parametrize("severity", ["warning", "info"])
def test_csjourney_findings_are_expected_and_only_the_overall_rows_compare(
    bench: ModuleType, severity: str
) -> None:
    assert bench.funnel("csjourney", _report(severity)) == _answer()


def test_a_data_error_from_csjourney_stops_the_benchmark(bench: ModuleType) -> None:
    with pytest.raises(bench.Failed, match="csjourney reported an error"):
        bench.funnel("csjourney", _report("error"))

"""`csjourney measure` end to end: a hand-worked workspace and stage history in tmp_path.

The log (EVENTS) is worked by hand in the comments; every number asserted follows from it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult, Csj

MAP = """\
csjourney: 1
segments:
  - {id: smb, name: SMB}
  - {id: ent, name: Enterprise}
journey:
  id: onboarding
  title: Onboarding
  segments: [smb, ent]
  metrics:
    - {id: overall, name: Overall, type: conversion, target: 50,
       measure: {from: events, statistic: conversion}}
  stages:
    - id: signup
      name: Sign up
      metrics:
        - {id: signup-conv, name: Signup conversion, type: conversion, target: 70, current: 60,
           measure: {from: events, statistic: conversion}}
        - {id: signup-smb, name: SMB signups, type: count,
           measure: {from: events, statistic: visits, segment: smb}}
        - {id: signup-csat, name: Signup CSAT, type: csat, target: 85,
           measure: {from: responses, statistic: csat}}
    - id: kickoff
      name: Kickoff
      metrics:
        - {id: kickoff-days, name: Days in kickoff, type: duration, unit: days,
           measure: {from: events, statistic: median-days}}
        - {id: kickoff-back, name: Back from kickoff, type: churn,
           measure: {from: events, statistic: backward}}
    - id: live
      name: Live
"""

# signup: a (11-01 -> kickoff, 2 days), b (11-02 -> trial: unmapped, so open),
# c (11-02 -> kickoff, 4 days), c (11-07, open): 4 visits, 3 accounts, 2 forward, 2 open;
# conversion 50, median 3, p90 2 + 0.9 * 2 = 3.8.
# kickoff: a (11-03 -> live, 1.5 days), c (11-06 -> signup, backward, 1 day): median 1.25.
# live: a. The journey: a, b, c enter signup, a reaches live: 33.3...%.
EVENTS = """\
account_id,stage,timestamp,segment
a,signup,2026-11-01T00:00:00,smb
a,kickoff,2026-11-03T00:00:00,smb
a,live,2026-11-04T12:00:00,smb
b,signup,2026-11-02T00:00:00,ent
b,trial,2026-11-05T00:00:00,ent
c,signup,2026-11-02T00:00:00,smb
c,kickoff,2026-11-06T00:00:00,smb
c,signup,2026-11-07T00:00:00,smb
"""
BAD_ROW = "d,kickoff,notadate,smb\n"  # data row 9: not a timestamp


def _workspace(tmp_path: Path, events: str = EVENTS, journey_map: str = MAP) -> Path:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "onboarding.yaml").write_text(journey_map, encoding="utf-8")
    (tmp_path / "events.csv").write_text(events, encoding="utf-8")
    return tmp_path


def _json(csj: Csj, root: Path, *args: str) -> tuple[CliResult, dict[str, Any]]:
    result = csj("measure", "--events", "events.csv", "-f", "json", *args, cwd=root)
    return result, json.loads(result.out)


def _journey(document: dict[str, Any]) -> dict[str, Any]:
    (journey,) = document["journeys"]
    assert isinstance(journey, dict)
    return journey


# (stage, field, value) of the overall rows, worked by hand above.
STAGE_CASES = [
    ("signup", "visits", 4),
    ("signup", "accounts", 3),
    ("signup", "forward", 2),
    ("signup", "open", 2),
    ("signup", "conversion", 50.0),
    ("signup", "median_days", 3.0),
    ("signup", "p90_days", pytest.approx(3.8)),
    ("kickoff", "backward", 1),
    ("kickoff", "median_days", 1.25),
    ("live", "median_days", None),
]


@pytest.mark.parametrize(("stage", "name", "value"), STAGE_CASES)
def test_the_json_funnel_holds_the_hand_worked_numbers(
    csj: Csj, tmp_path: Path, stage: str, name: str, value: object
) -> None:
    result, document = _json(csj, _workspace(tmp_path), "--today", "2026-12-01")
    assert result.code == 0, result.err
    rows = {row["id"]: row for row in _journey(document)["stages"]}
    assert list(rows) == ["signup", "kickoff", "live"]  # journey order, overall rows only
    assert rows[stage]["segment"] is None
    assert rows[stage][name] == value


# (metric, value): a stage's row, a segment's row, the journey's completion, responses.
METRIC_CASES = [
    ("signup-conv", 50.0),
    ("signup-smb", 3),  # smb visits of signup: a, c, c
    ("overall", pytest.approx(100 / 3)),
    ("kickoff-days", 1.25),
    ("kickoff-back", 50.0),  # 1 of 2 visits goes back
    ("signup-csat", None),  # from survey responses, and none were given
]


@pytest.mark.parametrize(("metric", "value"), METRIC_CASES)
def test_each_bound_metric_takes_its_value(
    csj: Csj, tmp_path: Path, metric: str, value: object
) -> None:
    _, document = _json(csj, _workspace(tmp_path), "--today", "2026-12-01")
    metrics = {m["id"]: m for m in _journey(document)["metrics"]}
    assert metrics[metric]["value"] == value
    assert metrics[metric]["n"] is None and metrics[metric]["margin"] is None


def test_the_json_report_has_the_issue_shape(csj: Csj, tmp_path: Path) -> None:
    _, document = _json(csj, _workspace(tmp_path), "--today", "2026-12-01")
    assert document["window"] == {"since": "2026-09-03", "until": "2026-12-01"}  # 90 days
    journey = _journey(document)
    assert journey["id"] == "onboarding"
    assert journey["unmapped"] == [{"stage": "trial", "visits": 1}]
    signup = {m["id"]: m for m in journey["metrics"]}["signup-conv"]
    assert signup == {
        "id": "signup-conv", "value": 50.0, "n": None, "margin": None, "target": 70, "current": 60
    }  # fmt: skip
    # The findings, on the map: trial is unmapped, two metrics miss their targets, kickoff
    # sends half its visits back (the data rows themselves are clean).
    found = [(d["code"], d["path"], d["line"]) for d in document["diagnostics"]]
    assert found == [
        ("CSJ302", "onboarding.yaml", 6),
        ("CSJ305", "onboarding.yaml", 10),
        ("CSJ305", "onboarding.yaml", 16),
        ("CSJ304", "onboarding.yaml", 22),
    ]


def test_by_segment_adds_each_segments_rows(csj: Csj, tmp_path: Path) -> None:
    _, document = _json(csj, _workspace(tmp_path), "--today", "2026-12-01", "--by", "segment")
    signup = [
        (r["segment"], r["visits"]) for r in _journey(document)["stages"] if r["id"] == "signup"
    ]
    assert signup == [(None, 4), ("ent", 1), ("smb", 3)]


# (flags, visits of signup in the window): whole days, inclusive, UTC.
WINDOW_CASES = [
    (("--since", "2026-11-02", "--until", "2026-11-02"), 2),
    (("--since", "2026-11-01", "--until", "2026-11-01"), 1),
    (("--until", "2026-11-06", "--today", "2027-06-01"), 3),
    (("--today", "2027-06-01"), 0),  # the 90 days before miss November
    (("--since", "2026-11-07", "--today", "2026-11-07"), 1),
]


@pytest.mark.parametrize(("flags", "visits"), WINDOW_CASES)
def test_the_window_flags_choose_the_days(
    csj: Csj, tmp_path: Path, flags: tuple[str, ...], visits: int
) -> None:
    result, document = _json(csj, _workspace(tmp_path), *flags)
    assert result.code == 0, result.err
    assert _journey(document)["stages"][0]["visits"] == visits


def test_the_text_report_reads_like_the_reports(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    result = csj("measure", "--events", "events.csv", "--today", "2026-12-01", cwd=root)
    assert result.code == 0, result.err
    out = result.out
    assert "Window: 2026-09-03 to 2026-12-01" in out
    assert "Journey onboarding" in out
    signup = next(line for line in out.splitlines() if line.strip().startswith("signup "))
    assert signup.split() == ["signup", "all", "4", "3", "2", "0", "2", "0", "50", "3", "3.8"]
    assert "signup/signup-conv: 50% (target 70%, current 60%)" in out
    assert "overall: 33.33% (target 50%, current —)" in out
    assert "kickoff/kickoff-days: 1.25 days" in out
    assert "signup/signup-csat: no survey export given (target 85%, current —)" in out
    assert "unmapped stage 'trial': 1 visit" in out


def test_a_bad_row_is_an_error_naming_file_row_and_column(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, EVENTS + BAD_ROW)
    text = csj("measure", "--events", "events.csv", "--today", "2026-12-01", cwd=root)
    assert text.code == 1
    assert "events.csv:9:1: error CSJ406 row 9: column 'timestamp' is not a timestamp" in text.out
    result, document = _json(csj, root, "--today", "2026-12-01")
    assert result.code == 1
    (found,) = [d for d in document["diagnostics"] if d["path"] == "events.csv"]
    assert (found["path"], found["line"], found["code"]) == ("events.csv", 9, "CSJ406")
    assert _journey(document)["stages"][0]["visits"] == 4  # the run goes on without the row


def test_a_map_with_errors_is_not_measured(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, journey_map=MAP.replace("title:", "name:"))
    result, document = _json(csj, root, "--today", "2026-12-01")
    assert result.code == 1
    assert document["journeys"] == []
    assert {d["code"] for d in document["diagnostics"]} == {"CSJ101", "CSJ102"}


# (arguments after `measure`, what stderr says): usage mistakes exit 2, no traceback.
USAGE_CASES = [
    (("--events", "nosuch.csv"), "--events: no such file: nosuch.csv"),
    ((), "nothing to measure: name the stage history with --events FILE"),
    (("--responses", "nosuch.csv"), "--responses: no such file: nosuch.csv"),
    (("--events", "events.csv", "--since", "2026-13-01"), "--since expects a date"),
    (("--events", "events.csv", "--since", "2026-12-02", "--until", "2026-12-01"), "after"),
]


@pytest.mark.parametrize(("args", "said"), USAGE_CASES)
def test_usage_mistakes_exit_2(csj: Csj, tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    result = csj("measure", *args, cwd=_workspace(tmp_path))
    assert result.code == 2
    assert said in result.err
    assert "Traceback" not in result.err + result.out


def test_several_journeys_and_no_journey_column_is_a_usage_error(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    other = MAP.split("journey:\n")[1].replace("id: onboarding", "id: renewal")
    (root / "renewal.yaml").write_text("csjourney: 1\njourney:\n" + other, encoding="utf-8")
    result = csj("measure", "--events", "events.csv", cwd=root)
    assert result.code == 2, result.out
    assert "names no journey and the workspace has 2 (onboarding, renewal)" in result.err


def test_without_the_extra_measure_says_how_to_install_it(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    script = (
        "import sys\n"
        "sys.modules['ibis'] = None  # as if the measure extra were not installed\n"
        "from csjourney.cli import main\n"
        "main(['measure', '--events', 'events.csv'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=root
    )
    assert done.returncode == 2
    assert "pip install 'csjourney[measure]'" in done.stderr
    assert "Traceback" not in done.stderr

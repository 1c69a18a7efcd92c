"""Where `measure` finds its exports: --responses, `[measure]` in csjourney.toml, and
inputs per journey; and the Markdown report, read by a real Markdown parser.

The workspace and stage history are test_cli's hand-worked ones; survey answers are
worked here in the comments.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from conftest import Csj
from measure.test_cli import EVENTS, MAP

# signup CSAT answers (1-5): 5, 4, 3, 2 in the window, and one 5 after it:
# p = 2/4, CSAT 50, margin 1.96 * sqrt(0.25 / 4) * 100 = 49.
RESPONSES = """\
respondent_id,date,type,score,stage
r1,2026-11-02,csat,5,signup
r2,2026-11-03,csat,4,signup
r3,2026-11-03,csat,3,signup
r4,2026-11-04,csat,2,signup
r5,2026-12-05,csat,5,signup
r6,2026-11-04,nps,10,kickoff
"""


def _workspace(root: Path, config: str = "") -> Path:
    (root / "csjourney.toml").write_text(config, encoding="utf-8")
    (root / "onboarding.yaml").write_text(MAP, encoding="utf-8")
    return root


def _metrics(out: str) -> dict[str, dict[str, Any]]:
    (journey,) = json.loads(out)["journeys"]
    return {m["id"]: m for m in journey["metrics"]}


def test_responses_feed_the_survey_metrics(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "answers.csv").write_text(RESPONSES, encoding="utf-8")
    result = csj("measure", "--responses", "answers.csv", "-f", "json", "--today", "2026-12-01",
                 cwd=root)  # fmt: skip
    assert result.code == 0, result.err
    csat = _metrics(result.out)["signup-csat"]
    assert (csat["value"], csat["n"]) == (50.0, 4)
    assert csat["margin"] == pytest.approx(1.96 * math.sqrt(0.25 / 4) * 100)
    # No stage history given: the funnel metrics say so and have no value.
    assert _metrics(result.out)["signup-conv"]["value"] is None
    text = csj("measure", "--responses", "answers.csv", "--today", "2026-12-01", cwd=root)
    assert "signup/signup-csat: 50% ± 49 (n=4) (target 85%, current —)" in text.out
    assert "signup/signup-conv: no stage history given" in text.out


def test_the_config_names_the_exports_relative_to_its_folder(csj: Csj, tmp_path: Path) -> None:
    config = """\
[measure.events]
path = "data/history.csv"
columns = {account_id = "Account", stage = "Lifecycle stage"}
stages = {"Sign up" = "signup"}

[measure.responses]
path = ["data/answers*.csv"]
"""
    root = _workspace(tmp_path, config)
    (root / "data").mkdir()
    renamed = EVENTS.replace("account_id,stage", "Account,Lifecycle stage")
    (root / "data" / "history.csv").write_text(renamed.replace(",signup,", ",Sign up,"))
    (root / "data" / "answers-nov.csv").write_text(RESPONSES, encoding="utf-8")
    result = csj("measure", "..", "-f", "json", "--today", "2026-12-01", cwd=root / "data")
    assert result.code == 0, result.err
    metrics = _metrics(result.out)
    assert metrics["signup-conv"]["value"] == 50.0  # the mapped stage is the map's signup
    assert metrics["signup-csat"]["value"] == 50.0
    # The command line's export replaces the config's, and only that one.
    (root / "other.csv").write_text(EVENTS.replace("c,kickoff,2026-11-06", "c,live,2026-11-06"))
    again = csj("measure", "--events", "other.csv", "-f", "json", "--today", "2026-12-01",
                cwd=root)  # fmt: skip
    assert again.code == 0, again.err
    assert _metrics(again.out)["signup-csat"]["value"] == 50.0


def test_each_input_can_feed_one_journey(csj: Csj, tmp_path: Path) -> None:
    config = """\
[[measure.events]]
path = "onboarding.csv"
journey = "onboarding"

[[measure.events]]
path = "renewal.csv"
journey = "renewal"
"""
    root = _workspace(tmp_path, config)
    other = MAP.split("journey:\n")[1].replace("id: onboarding", "id: renewal")
    (root / "renewal.yaml").write_text("csjourney: 1\njourney:\n" + other, encoding="utf-8")
    (root / "onboarding.csv").write_text(EVENTS, encoding="utf-8")
    only_a = "\n".join(line for line in EVENTS.splitlines() if not line.startswith(("b,", "c,")))
    (root / "renewal.csv").write_text(only_a + "\n", encoding="utf-8")
    result = csj("measure", "-f", "json", "--today", "2026-12-01", cwd=root)
    assert result.code == 0, result.err
    visits = {j["id"]: j["stages"][0]["visits"] for j in json.loads(result.out)["journeys"]}
    assert visits == {"onboarding": 4, "renewal": 1}


# (csjourney.toml, what stderr says): config mistakes exit 2 before anything is measured.
CONFIG_CASES = [
    ('[[measure.events]]\npath = "a.csv"\n[[measure.events]]\npath = "b.csv"\n',
     "2 inputs: give each one the `journey` it feeds"),
    ('[measure.events]\npath = "a.csv"\njourney = "nope"\n', "is no journey here (onboarding)"),
    ('[measure.events]\npath = "missing.csv"\n', "no such file: missing.csv"),
    ('[measure.events]\npth = "a.csv"\n', "unknown setting `measure.events.pth`; did you mean"),
    ('[measure.events]\ncolumns = {acount_id = "x"}\npath = "a.csv"\n',
     "`acount_id` is not a column csjourney reads; did you mean `account_id`?"),
    ("[measure.events]\n", "give the export's files as `path`, or a table"),
    ("[measure.options]\nskipped-share = 120\n", "measure.options.skipped-share"),
    ('[measure.events]\npath = "a.csv"\nstages = {"x" = 3}\n',
     "`measure.events.stages.x` must be text in quotes"),
]  # fmt: skip


@pytest.mark.parametrize(("config", "said"), CONFIG_CASES)
def test_config_mistakes_exit_2(csj: Csj, tmp_path: Path, config: str, said: str) -> None:
    root = _workspace(tmp_path, config)
    for name in ("a.csv", "b.csv"):
        (root / name).write_text(EVENTS, encoding="utf-8")
    result = csj("measure", "--today", "2026-12-01", cwd=root)
    assert result.code == 2, result.out
    assert said in result.err
    assert "Traceback" not in result.err


def _cells(markdown: str) -> list[list[str]]:
    """Every table row of the rendered Markdown, as the text of its cells."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows and token.map is not None:
            rows[-1].append(token.content)
    return rows


def test_the_markdown_report_is_tables_a_reader_can_read(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    bad = EVENTS + "d,kickoff,notadate,smb\n"
    (root / "events.csv").write_text(bad, encoding="utf-8")
    result = csj("measure", "--events", "events.csv", "-f", "markdown", "--today", "2026-12-01",
                 cwd=root)  # fmt: skip
    assert result.code == 1  # the bad row is an error
    rows = _cells(result.out)
    assert ["signup", "all", "4", "3", "2", "0", "2", "0", "50", "3", "3.8"] in rows
    assert ["signup/signup-conv", "50%", "70%", "60%"] in rows
    finding = next(r for r in rows if r[0] == "`events.csv:9:1`")
    assert finding[1:3] == ["error", "CSJ406 bad-timestamp"]
    assert "# Measured: 2026-09-03 to 2026-12-01" in result.out
    assert "unmapped stage 'trial': 1 visit" in result.out


def test_the_config_can_name_a_table_of_the_backend(csj: Csj, tmp_path: Path) -> None:
    import csv
    import io

    import duckdb

    database = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("CREATE TABLE lifecycle (account_id TEXT, stage TEXT, ts TEXT, segment TEXT)")
        rows = list(csv.reader(io.StringIO(EVENTS)))[1:]
        con.executemany("INSERT INTO lifecycle VALUES (?, ?, ?, ?)", rows)
    config = f"""\
[measure]
backend = "duckdb://{database}"

[measure.events]
table = "lifecycle"
columns = {{timestamp = "ts"}}
"""
    root = _workspace(tmp_path, config)
    result = csj("measure", "-f", "json", "--today", "2026-12-01", cwd=root)
    assert result.code == 0, result.err
    assert _metrics(result.out)["signup-conv"]["value"] == 50.0
    assert _metrics(result.out)["overall"]["value"] == pytest.approx(100 / 3)


def test_findings_are_capped_per_file_as_validate_caps_them(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, "max-findings-per-file = 3\n")
    strays = "".join(f"z{n},step-{n:02d},2026-11-10T00:00:00,smb\n" for n in range(12))
    (root / "events.csv").write_text(EVENTS + strays, encoding="utf-8")
    result = csj("measure", "--events", "events.csv", "-f", "json", "--today", "2026-12-01",
                 cwd=root)  # fmt: skip
    on_map = [d for d in json.loads(result.out)["diagnostics"] if d["path"] == "onboarding.yaml"]
    # 13 unmapped values (CSJ302), 2 metrics off target, kickoff's backflow: 3 shown.
    assert [d["code"] for d in on_map[:3]] == ["CSJ302"] * 3
    assert len(on_map) == 4
    assert on_map[3]["name"] == "too-many-findings"
    assert on_map[3]["message"].startswith("13 more findings in this file not shown")


def test_a_suppression_comment_silences_a_measure_finding(csj: Csj, tmp_path: Path) -> None:
    quiet = MAP.replace(
        "    - id: kickoff\n",
        "    # csjourney: ignore[journey-backflow] a kickoff that sends back is our design review\n"
        "    - id: kickoff\n",
    )
    root = _workspace(tmp_path)
    (root / "onboarding.yaml").write_text(quiet, encoding="utf-8")
    (root / "events.csv").write_text(EVENTS, encoding="utf-8")
    result = csj("measure", "--events", "events.csv", "-f", "json", "--today", "2026-12-01",
                 cwd=root)  # fmt: skip
    codes = {d["code"] for d in json.loads(result.out)["diagnostics"]}
    assert "CSJ304" not in codes and "CSJ305" in codes  # only the named finding is silenced
    # validate knows the name: not an unknown rule, and not "suppressed nothing" either.
    checked = csj("validate", "-f", "json", cwd=root)
    assert "CSJ221" not in checked.out, checked.out


def test_an_unreadable_history_is_one_error_not_a_finding_per_stage(
    csj: Csj, tmp_path: Path
) -> None:
    root = _workspace(tmp_path)
    (root / "events.parquet").write_bytes(b"PAR1 this is not a Parquet file")
    result = csj("measure", "--events", "events.parquet", "-f", "json", "--today", "2026-12-01",
                 cwd=root)  # fmt: skip
    assert result.code == 1
    codes = [d["code"] for d in json.loads(result.out)["diagnostics"]]
    assert codes.count("CSJ401") == 1
    assert "CSJ301" not in codes  # no stage is "unobserved": nothing could be read

"""The same fixtures give the same numbers on DuckDB and on Spark (local mode).

One Spark session for the module (tests/measure/sparksupport.py), started from a
`pyspark://` URL under a machine zone of UTC+14 and a Spark session zone that is not UTC.
Each test measures the same inputs on both backends and compares every number: the
hand-worked logs of test_definitions.py, the generated log against the plain-Python
reference, survey scores, the data problems of each format, and a table of the backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from csjourney.measure import (
    EventsMeasurement,
    EventSource,
    JourneyStages,
    ResponseSource,
    Selection,
    Window,
    measure_events,
    measure_responses,
)
from csjourney.measure.engine import EngineError, EngineMissing, connect
from measure import responsegen, responsesupport
from measure.generated import STAGES, generate
from measure.measuresupport import HEADER, row_values, write_csv, write_jsonl, write_parquet
from measure.reference import reference_funnel
from measure.sparksupport import SESSION_ZONE, assert_same, spark_connection
from measure.test_definitions import CASES, Case
from measure.test_responses_reference import SELECTIONS, WINDOW

JOURNEY_HEADER = (*HEADER, "journey")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    with spark_connection() as con:
        yield con


def both(
    source: EventSource, journeys: list[JourneyStages], spark: Any, **options: Any
) -> tuple[EventsMeasurement, EventsMeasurement]:
    """`source` measured on Spark and on an in-memory DuckDB."""
    on_spark = measure_events(source, journeys, connection=spark, **options)
    on_duckdb = measure_events(source, journeys, **options)
    return on_spark, on_duckdb


# The hand-worked cases, grouped by what one measurement takes (window, segments): each
# case is a journey of its own in one file, so a group is measured at once.
GROUPS: dict[tuple[Window, bool], list[Case]] = {}
for _case in CASES:
    GROUPS.setdefault((_case.window, _case.by_segment), []).append(_case)


@pytest.mark.parametrize(
    ("window", "by_segment"),
    list(GROUPS),
    ids=["+".join(c.name for c in g) for g in GROUPS.values()],
)
def test_hand_worked_logs_give_the_same_funnels(
    window: Window, by_segment: bool, spark: Any, tmp_path: Path
) -> None:
    cases = GROUPS[(window, by_segment)]
    rows = [(*event, case.name) for case in cases for event in case.events]
    path = write_csv(tmp_path / "events.csv", rows, JOURNEY_HEADER)
    stage_map = {key: value for case in cases for key, value in case.stage_map.items()}
    source = EventSource([str(path)], stages=stage_map)
    journeys = [JourneyStages(case.name, list("abcd")) for case in cases]
    on_spark, on_duckdb = both(source, journeys, spark, window=window, by_segment=by_segment)
    assert on_spark.problems == on_duckdb.problems == ()
    assert_same(on_spark.journeys, on_duckdb.journeys)
    # Not vacuous: DuckDB's numbers are the hand-worked ones (test_definitions.py).
    for case, funnel in zip(cases, on_duckdb.journeys, strict=True):
        first = case.rows.get(("a", None))
        if first is not None:
            assert row_values(funnel.stages[0]) == pytest.approx(first)


def test_a_generated_log_gives_the_reference_numbers(spark: Any, tmp_path: Path) -> None:
    events = generate(1500)
    half = len(events) // 2
    parts = [events[:half], events[half:]]
    for i, part in enumerate(parts):
        write_csv(tmp_path / f"events-{i}.csv", part)
    source = EventSource([str(tmp_path / "events-*.csv")])
    window = Window(date(2024, 2, 1), date(2024, 3, 31))
    journeys = [JourneyStages("j", list(STAGES))]
    options: dict[str, Any] = {"default_journey": "j", "by_segment": True, "window": window}
    on_spark, on_duckdb = both(source, journeys, spark, **options)
    assert_same(on_spark, on_duckdb)
    expected = reference_funnel(parts, STAGES, window.since, window.until, True)
    got = {(row.id, row.segment): row_values(row) for row in on_spark.journeys[0].stages}
    assert list(got) == list(expected.rows)
    for key, values in expected.rows.items():
        assert got[key] == pytest.approx(values, rel=1e-9, abs=1e-9), key
    assert got[(STAGES[0], None)][8] is not None  # the quantiles are compared, not None


def test_survey_scores_are_the_same(spark: Any, tmp_path: Path) -> None:
    # CSV and JSON lines reach Spark as the stage history's do (the tests below).
    answers = responsegen.generate(3000, seed=11)
    path = responsesupport.write_parquet(tmp_path / "answers.parquet", answers)
    source = ResponseSource([str(path)])
    options: dict[str, Any] = {"default_journey": "j", "journeys": ["j"]}
    on_spark = measure_responses(source, SELECTIONS, WINDOW, connection=spark, **options)
    on_duckdb = measure_responses(source, SELECTIONS, WINDOW, **options)
    assert on_spark.problems == ()
    assert_same(on_spark, on_duckdb)
    assert on_spark.scores[SELECTIONS.index(Selection("j", "nps"))].n > 300


# Rows of every kind of problem, and values Ibis's own strip mangled on Spark (it trimmed
# the letters v and f). Text each backend's cast took on its own ('epoch', '2024') is no
# timestamp on either: only ISO 8601 dates and times are.
ODD_ROWS = [
    ("x", "a", "2024-01-01T00:00:00", "smb"),  # row 1
    ("v", "a", " 2024-01-01T10:00:00+02:00 ", "f"),  # row 2: spaces around are no problem
    ("v", "b", "2024-01-02 10:00", "\tf"),  # row 3
    ("y", "a", "yesterday", None),  # row 4: not a timestamp
    ("y", "b", "2024-01-31T25:00:00", None),  # row 5: no 25th hour
    ("", "a", "2024-01-03T00:00:00", None),  # row 6: no account
    ("z", " ", "2024-01-03T00:00:00", None),  # row 7: no stage
    ("z", "a", "", None),  # row 8: no timestamp
    ("z", "b", "2024", None),  # row 9: a year is no timestamp (Spark's cast took it)
    ("z", "b", "epoch", None),  # row 10: DuckDB's cast took it
    ("z", "b", "infinity", None),  # row 11: DuckDB's cast took it
    ("z", "b", "2024-01-04", None),  # row 12
    ("x", "b", "2024-01-01T00:00:00Z", "smb"),  # row 13: x's a and b tie: file order
]
BAD = {4: "bad-timestamp", 5: "bad-timestamp", 9: "bad-timestamp", 10: "bad-timestamp"}
BAD |= {11: "bad-timestamp", 6: "missing-value", 7: "missing-value", 8: "missing-value"}


@pytest.mark.parametrize("writer", [write_csv, write_jsonl, write_parquet])
def test_each_format_reads_the_same_rows_and_problems(
    writer: Any, spark: Any, tmp_path: Path
) -> None:
    path = writer(tmp_path / f"events.{writer.__name__[6:]}", ODD_ROWS)
    journeys = [JourneyStages("j", list("abcd"))]
    options: dict[str, Any] = {"default_journey": "j", "by_segment": True}
    on_spark, on_duckdb = both(EventSource([str(path)]), journeys, spark, **options)
    assert_same(on_spark, on_duckdb)
    assert {p.row: p.code for p in on_spark.problems} == BAD
    (a, a_f, a_smb, b, *_) = on_spark.journeys[0].stages
    assert (a.visits, a.accounts, a.to_next, a_f.visits, a_smb.to_next) == (2, 2, 2, 1, 1)
    assert (b.visits, b.id) == (3, "b")
    assert a_f.median_days == pytest.approx(1 + 2 / 24)  # v: 08:00Z to 10:00Z the next day


@pytest.mark.parametrize("writer", [write_csv, write_jsonl, write_parquet])
def test_spaces_after_any_last_character_are_stripped_alike(
    writer: Any, spark: Any, tmp_path: Path
) -> None:
    from measure.test_inputs import PADDED_AFTER_UNICODE

    path = writer(tmp_path / f"events.{writer.__name__[6:]}", PADDED_AFTER_UNICODE)
    journeys = [JourneyStages("j", ["a", "b", "c\u00e9"])]
    options: dict[str, Any] = {"default_journey": "j", "by_segment": True}
    on_spark, on_duckdb = both(EventSource([str(path)]), journeys, spark, **options)
    assert_same(on_spark, on_duckdb)
    a, *_ = on_spark.journeys[0].stages
    assert (on_spark.problems, a.to_next) == ((), 1)


def test_survey_problems_are_found_at_the_same_rows(spark: Any, tmp_path: Path) -> None:
    from measure.test_responses_inputs import BAD_ROWS

    answers = [responsesupport.answer(9), *(row for row, _, _ in BAD_ROWS)]
    path = responsesupport.write_jsonl(tmp_path / "answers.jsonl", answers)
    source = ResponseSource([str(path)])
    on_spark = measure_responses(source, SELECTIONS[:1], WINDOW, connection=spark)
    on_duckdb = measure_responses(source, SELECTIONS[:1], WINDOW)
    assert_same(on_spark, on_duckdb)
    assert sorted((p.row, p.code) for p in on_spark.problems) == [
        (i, code) for i, (_, code, _) in enumerate(BAD_ROWS, start=2)
    ]


def test_the_session_time_zone_changes_nothing(spark: Any, tmp_path: Path) -> None:
    # A session zone set after connecting (Spark reads naive text and dates in it).
    (zones,) = [case for case in CASES if case.name == "time-zones"]
    path = write_parquet(tmp_path / "events.parquet", zones.events)
    spark.raw_sql(f"SET spark.sql.session.timeZone = {SESSION_ZONE}")
    journeys = [JourneyStages("j", list("abcd"))]
    options: dict[str, Any] = {"default_journey": "j", "window": zones.window}
    on_spark, on_duckdb = both(EventSource([str(path)]), journeys, spark, **options)
    assert_same(on_spark, on_duckdb)
    assert row_values(on_spark.journeys[0].stages[0]) == pytest.approx(zones.rows[("a", None)])
    # Survey dates are days: read in the session's zone, a day would start the day before.
    answers = responsegen.generate(1000, seed=4)
    dated = ResponseSource([str(responsesupport.write_parquet(tmp_path / "a.parquet", answers))])
    spark.raw_sql(f"SET spark.sql.session.timeZone = {SESSION_ZONE}")
    scores = measure_responses(dated, SELECTIONS, WINDOW, connection=spark, default_journey="j")
    assert_same(scores, measure_responses(dated, SELECTIONS, WINDOW, default_journey="j"))


def test_a_table_in_a_duckdb_file_is_measured_like_its_export(tmp_path: Path) -> None:
    import duckdb

    path = write_csv(
        tmp_path / "events.csv", [*generate(200, seed=3), ("", "s0", "2024-01-01", None)]
    )
    database = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(database)) as db:
        db.execute(f"CREATE TABLE history AS SELECT * FROM read_csv('{path}', all_varchar=true)")
    journeys = [JourneyStages("j", list(STAGES))]
    from_table = measure_events(
        EventSource(table="history"), journeys, default_journey="j", backend=f"duckdb:///{database}"
    )
    from_file = measure_events(EventSource([str(path)]), journeys, default_journey="j")
    assert from_table.journeys == from_file.journeys
    assert from_table.journeys[0].stages[0].visits > 50
    (problem,) = from_table.problems
    assert (problem.file, problem.row, problem.column, problem.code) == (
        "history",
        1 + len(generate(200, seed=3)),
        "account_id",
        "missing-value",
    )


def test_a_spark_view_is_measured_like_its_export(spark: Any, tmp_path: Path) -> None:
    answers = responsegen.generate(500, seed=2)
    events = responsesupport.write_parquet(tmp_path / "answers.parquet", answers)
    spark.read_parquet(str(events), table_name="survey_answers")  # typed: dates, integers
    on_view = measure_responses(
        ResponseSource(table="survey_answers"),
        SELECTIONS,
        WINDOW,
        connection=spark,
        default_journey="j",
    )
    on_file = measure_responses(
        ResponseSource([str(events)]), SELECTIONS, WINDOW, default_journey="j"
    )
    assert on_view.problems == ()
    assert_same(on_view, on_file)
    log = write_csv(tmp_path / "events.csv", generate(300, seed=8))
    spark.read_csv(str(log), table_name="stage_history")  # Spark infers the timestamp type
    journeys = [JourneyStages("j", list(STAGES))]
    options: dict[str, Any] = {"default_journey": "j", "by_segment": True}
    on_spark = measure_events(
        EventSource(table="stage_history"), journeys, connection=spark, **options
    )
    on_duckdb = measure_events(EventSource([str(log)]), journeys, **options)
    assert_same(on_spark.journeys, on_duckdb.journeys)


def test_a_table_the_backend_lacks_is_a_plain_engine_error(spark: Any) -> None:
    with pytest.raises(EngineError) as raised:
        measure_events(
            EventSource(table="no_such_table"), [JourneyStages("j", ["a"])], connection=spark
        )
    assert str(raised.value).startswith("the backend has no table or view 'no_such_table': ")


def test_the_url_starts_a_quiet_local_session(spark: Any) -> None:
    conf = dict(spark.raw_sql("SET").collect())
    assert (conf["spark.master"], conf["spark.ui.enabled"]) == ("local[1]", "false")
    assert conf["spark.app.name"] == "csjourney"
    # Spark's start-up notices and warnings stay off the user's terminal: errors only.
    option = conf["spark.driver.extraJavaOptions"]
    assert option.startswith("-Dlog4j2.configurationFile=")
    quiet = Path(option.split("=", 1)[1]).read_text(encoding="utf-8")
    assert "rootLogger.level = error" in quiet


def test_without_java_or_pyspark_spark_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(EngineError, match=r"needs Java 17 or newer: none found \(install a JRE"):
        connect("pyspark://")
    monkeypatch.setitem(__import__("sys").modules, "pyspark.sql", None)
    with pytest.raises(EngineMissing, match=r"pip install 'csjourney\[measure,spark\]'"):
        connect("pyspark://")


def test_a_backend_that_reads_no_files_asks_for_a_table(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", [("x", "a", "2024-01-01", None)])
    with pytest.raises(EngineError) as raised:
        measure_events(EventSource([str(path)]), [JourneyStages("j", ["a"])], backend="sqlite://")
    assert str(raised.value) == (
        "the backend 'sqlite' reads no data files here: name a table of the backend instead "
        "(`table` in [measure.events] or [measure.responses])"
    )


# A ragged line past what DuckDB's sniffer samples (test_inputs.py reads the same way).
_GOOD = "".join(f"x{i},a,2024-01-01\n" for i in range(25_000))
UNREADABLE = {
    "ragged.csv": f"account_id,stage,timestamp\n{_GOOD}y,a,2024-01-01,extra\n",
    "broken.jsonl": '{"account_id": "x", "stage": "a", "timestamp": "2024-01-01"}\n{"acc\n',
    "damaged.parquet": "PAR1 is not a Parquet file\n",
}


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_a_file_no_backend_can_parse_is_one_problem_in_its_words(
    name: str, spark: Any, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(UNREADABLE[name], encoding="utf-8")
    for con in (spark, None):
        source, journeys = EventSource([str(path)]), [JourneyStages("j", ["a"])]
        result = measure_events(source, journeys, default_journey="j", connection=con)
        (problem,) = result.problems
        assert (problem.file, problem.code) == (str(path), "unreadable-file"), con
        assert problem.message.startswith("cannot be read: ")
        assert "error occurred while calling" not in problem.message  # Spark's words, not Py4J's

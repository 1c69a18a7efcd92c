"""Reading a stage history: every format gives the same numbers; bad data is reported.

Problems name the file, the data row (from 1, the CSV header not counted) and the column;
rows with a problem are excluded and counted, and the rest is measured as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date
from pathlib import Path

import pytest

from csjourney.measure import (
    DataProblem,
    EventSource,
    JourneyStages,
    measure_events,
)
from measure.generated import STAGES, generate
from measure.measuresupport import (
    Event,
    measure,
    only_funnel,
    write_csv,
    write_jsonl,
    write_parquet,
)
from measure.reference import parse

Writer = Callable[[Path, Sequence[Event]], Path]
WRITERS: dict[str, tuple[str, Writer]] = {
    "csv": ("csv", write_csv),
    "parquet": ("parquet", write_parquet),
    "jsonl": ("jsonl", write_jsonl),
}


def _write_parquet_timestamps(path: Path, events: Sequence[Event]) -> Path:
    """Parquet with a real timestamp column (naive, UTC), as warehouses export it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    stamps = [parse(e[2]).astimezone(UTC).replace(tzinfo=None) for e in events]
    table = pa.table(
        {
            "account_id": [e[0] for e in events],
            "stage": [e[1] for e in events],
            "timestamp": pa.array(stamps, pa.timestamp("us")),
            "segment": [e[3] for e in events],
        }
    )
    pq.write_table(table, path)
    return path


@pytest.fixture(scope="module")
def log() -> list[Event]:
    return generate(300, seed=5)


def test_csv_parquet_and_jsonl_give_the_same_numbers(log: list[Event], tmp_path: Path) -> None:
    results = {}
    for name, (ext, writer) in WRITERS.items():
        path = writer(tmp_path / f"events.{ext}", log)
        results[name] = measure([path], stages=STAGES, by_segment=True)
    typed = _write_parquet_timestamps(tmp_path / "typed.parquet", log)
    results["parquet-timestamps"] = measure([typed], stages=STAGES, by_segment=True)
    funnels = {name: only_funnel(result) for name, result in results.items()}
    assert all(result.problems == () for result in results.values())
    assert funnels["csv"].stages[0].visits > 100
    for name, funnel in funnels.items():
        assert funnel == funnels["csv"], name


def _codes(problems: Sequence[DataProblem]) -> list[tuple[str, int | None, str | None, str]]:
    return [(Path(p.file).name, p.row, p.column, p.code) for p in problems]


BAD_ROWS: list[Event] = [
    ("x", "a", "2024-01-01T00:00:00", None),  # row 1
    ("x", "b", "2024-01-02T00:00:00", None),  # row 2
    ("y", "a", "yesterday", None),  # row 3: not a timestamp
    ("y", "b", "2024-01-31T25:00:00", None),  # row 4: no 25th hour
    ("", "a", "2024-01-03T00:00:00", None),  # row 5: no account
    ("z", "", "2024-01-03T00:00:00", None),  # row 6: no stage
    ("z", "a", "", None),  # row 7: no timestamp
    ("z", "b", "2024-01-04", None),  # row 8
]


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_bad_rows_are_reported_by_file_row_and_column(fmt: str, tmp_path: Path) -> None:
    ext, writer = WRITERS[fmt]
    path = writer(tmp_path / f"events.{ext}", BAD_ROWS)
    result = measure([path])
    assert _codes(result.problems) == [
        (path.name, 5, "account_id", "missing-value"),
        (path.name, 6, "stage", "missing-value"),
        (path.name, 7, "timestamp", "missing-value"),
        (path.name, 3, "timestamp", "bad-timestamp"),
        (path.name, 4, "timestamp", "bad-timestamp"),
    ]
    assert "'yesterday'" in result.problems[3].message
    assert (result.rows_read, result.rows_excluded) == (8, 5)
    # The rest is measured: x a→b, z's b (its a has no timestamp) is open.
    a, b = only_funnel(result).stages[:2]
    assert (a.visits, a.to_next, b.visits, b.open) == (1, 1, 2, 2)


def test_a_missing_column_is_one_problem_and_the_other_files_still_count(
    tmp_path: Path,
) -> None:
    good = write_csv(tmp_path / "good.csv", BAD_ROWS[:2])
    renamed = ("account_id", "stage", "when", "segment")
    bad = write_csv(tmp_path / "bad.csv", BAD_ROWS[:2], header=renamed)
    result = measure([good, bad])
    assert _codes(result.problems) == [("bad.csv", None, "timestamp", "missing-column")]
    assert result.problems[0].count == 2
    assert (result.rows_read, result.rows_excluded) == (4, 2)
    assert only_funnel(result).stages[0].visits == 1


def test_column_names_map_to_the_logical_columns(tmp_path: Path) -> None:
    header = ("Company", "Lifecycle stage", "Changed at", "Tier")
    padded: list[Event] = [
        (" x", "a ", " 2024-01-01T00:00:00 ", None),
        ("x", " b", "2024-01-02", ""),
    ]
    path = write_csv(tmp_path / "crm.csv", padded, header=header)
    columns = {"account_id": "Company", "stage": "Lifecycle stage", "timestamp": "Changed at"}
    source = EventSource([str(path)], columns={**columns, "segment": "Tier"})
    result = measure_events(source, [JourneyStages("j", ["a", "b"])], default_journey="j")
    assert result.problems == ()  # spaces around values are not part of them
    assert only_funnel(result).stages[0].to_next == 1


#: Values whose spaces follow a character outside ASCII: the space test reads the last
#: code point, and U+0600 is one a grapheme-wise reading would join to the space after it.
PADDED_AFTER_UNICODE: list[Event] = [
    ("é\u0600 ", "a\t", "2024-01-01T00:00:00", "ü "),
    ("é\u0600", "b\x0b", "2024-01-02T00:00:00", "ü"),
    ("\u00a0é\u0600\x0c", "c\u00e9 ", "2024-01-03T00:00:00", None),
]


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_spaces_after_any_last_character_are_stripped(kind: str, tmp_path: Path) -> None:
    suffix, writer = WRITERS[kind]
    path = writer(tmp_path / f"events.{suffix}", PADDED_AFTER_UNICODE)
    stages = JourneyStages("j", ["a", "b", "c\u00e9"])
    result = measure_events(
        EventSource([str(path)]), [stages], default_journey="j", by_segment=True
    )
    assert result.problems == ()
    rows = {(row.id, row.segment): row for row in only_funnel(result).stages}
    # The first two rows are one account ("é\u0600") moving from a to b, in segment "ü";
    # the third is another account (a no-break space is no space here) at the last stage.
    assert (rows["a", None].to_next, rows["a", "ü"].visits, rows["b", "ü"].accounts) == (1, 1, 1)
    assert (rows["b", None].open, rows["c\u00e9", None].visits) == (1, 1)


def test_many_bad_rows_are_listed_up_to_a_limit_then_summed(tmp_path: Path) -> None:
    from csjourney.measure.reading import ROWS_LISTED

    rows: list[Event] = [("x", "a", f"bad-{i}", None) for i in range(ROWS_LISTED + 5)]
    path = write_csv(tmp_path / "events.csv", [*rows, BAD_ROWS[0]])
    result = measure([path])
    assert [p.row for p in result.problems] == [*range(1, ROWS_LISTED + 1), None]
    assert result.problems[-1].count == 5
    assert (result.rows_read, result.rows_excluded) == (ROWS_LISTED + 6, ROWS_LISTED + 5)


def test_unreadable_and_empty_files_and_empty_globs_are_reported(tmp_path: Path) -> None:
    broken = tmp_path / "events.jsonl"
    broken.write_text('{"account_id": "x", "stage": "a"\n', encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    header_only = write_csv(tmp_path / "header.csv", [])
    result = measure([broken, str(tmp_path / "none-*.csv"), empty, header_only])
    assert [(Path(p.file).name, p.code) for p in result.problems] == [
        ("none-*.csv", "no-files"),
        ("events.jsonl", "unreadable-file"),
        ("empty.csv", "empty-file"),
    ]
    assert only_funnel(result).unvisited == ("a", "b", "c", "d")


def test_rows_naming_an_unknown_journey_are_reported_and_excluded(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "account_id,stage,timestamp,journey\n"
        "x,a,2024-01-01,j\n"
        "x,b,2024-01-02,\n"  # no journey: the default one
        "y,a,2024-01-01,k\n"  # row 3
        "y,b,2024-01-02,k\n"
        "z,a,2024-01-01,other\n",
        encoding="utf-8",
    )
    result = measure_events(
        EventSource([str(path)]), [JourneyStages("j", ["a", "b"])], default_journey="j"
    )
    assert [(p.row, p.column, p.code, p.count) for p in result.problems] == [
        (3, "journey", "unknown-journey", 2),
        (5, "journey", "unknown-journey", 1),
    ]
    assert "'k'" in result.problems[0].message
    assert result.rows_excluded == 3
    a = only_funnel(result).stages[0]
    assert (a.visits, a.to_next) == (1, 1)


def test_several_journeys_take_their_own_rows(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "account_id,stage,timestamp,journey\n"
        "x,a,2024-01-01,one\nx,b,2024-01-02,one\n"
        "x,b,2024-01-01,two\nx,c,2024-01-03,two\n",
        encoding="utf-8",
    )
    journeys = [JourneyStages("one", ["a", "b"]), JourneyStages("two", ["b", "c"])]
    result = measure_events(EventSource([str(path)]), journeys)
    one, two = result.journeys
    # x's b in journey one has no next there: journey two's events are not its next.
    assert [(s.id, s.visits, s.to_next, s.open) for s in one.stages] == [
        ("a", 1, 1, 0),
        ("b", 1, 0, 1),
    ]
    assert two.stages[0].median_days == pytest.approx(2.0)


def test_a_ragged_csv_line_far_down_is_reported_with_its_row_not_raised(tmp_path: Path) -> None:
    # Past the reader's sample (DuckDB sniffs 20480 rows), so only the scan finds it.
    good = [f"x{i},a,2024-01-01" for i in range(25_000)]
    path = tmp_path / "events.csv"
    lines = ["account_id,stage,timestamp", *good, "y,a,2024-01-01,extra,more", *good[:5]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = write_csv(tmp_path / "other.csv", BAD_ROWS[:2])
    result = measure([path, other])
    assert _codes(result.problems) == [("events.csv", 25_001, None, "unreadable-file")]
    assert "25002" in result.problems[0].message  # DuckDB's line: the header is line 1
    assert only_funnel(result).stages[0].to_next == 1  # the other file is still measured


def test_parquet_dates_are_days_in_utc_and_numbers_are_no_timestamps(tmp_path: Path) -> None:

    import pyarrow as pa
    import pyarrow.parquet as pq

    ids, stages = ["x", "x"], ["a", "b"]
    dates = pa.array([date(2024, 1, 1), date(2024, 1, 3)], pa.date32())
    pq.write_table(
        pa.table({"account_id": ids, "stage": stages, "timestamp": dates}), tmp_path / "d.parquet"
    )
    numbers = pa.table({"account_id": ids, "stage": stages, "timestamp": [1, 2]})
    pq.write_table(numbers, tmp_path / "n.parquet")
    result = measure([tmp_path / "d.parquet", tmp_path / "n.parquet"])
    assert _codes(result.problems) == [("n.parquet", None, "timestamp", "bad-column-type")]
    assert (result.rows_read, result.rows_excluded) == (4, 2)
    assert only_funnel(result).stages[0].median_days == pytest.approx(2.0)

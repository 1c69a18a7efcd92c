"""Reading survey answers: CSV, Parquet and JSON lines give the same scores; bad rows are
reported at their file, row (from 1, the CSV header not counted) and column, and excluded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from csjourney.measure.responses import measure_responses
from csjourney.measure.types import DataProblem, ResponseSource, Selection
from measure.responsegen import generate
from measure.responsesupport import (
    Answer,
    answer,
    measure,
    write_csv,
    write_jsonl,
    write_parquet,
)

Writer = Callable[[Path, Sequence[Answer]], Path]
WRITERS: dict[str, Writer] = {"csv": write_csv, "parquet": write_parquet, "jsonl": write_jsonl}
SELECTIONS = [
    Selection("j", kind, stage=stage, segment=segment)
    for kind in ("nps", "csat", "ces", None)
    for stage in (None, "onboarding")
    for segment in (None, "smb")
]


def test_every_format_gives_the_same_scores(tmp_path: Path) -> None:
    answers = generate(600, seed=3)
    results = {
        ext: measure([write(tmp_path / f"answers.{ext}", answers)], SELECTIONS)
        for ext, write in WRITERS.items()
    }
    expected = results["csv"].scores
    assert all(s.n for s in expected[:2])  # the case is not vacuous
    for ext, result in results.items():
        assert result.scores == expected, ext
        assert (result.problems, result.rows_read, result.rows_excluded) == ((), 600, 0)


def test_a_glob_reads_every_file_once(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", [answer(10), answer(0)])
    write_jsonl(tmp_path / "b.jsonl", [answer(9)])
    result = measure([str(tmp_path / "*"), str(tmp_path / "a.csv")], [Selection("j", "nps")])
    assert (result.scores[0].n, result.rows_read) == (3, 3)


# (row as written, code, column) — every row is excluded, and the good ones still count.
BAD_ROWS: list[tuple[Answer, str, str]] = [
    (answer(9, day="2024-13-01"), "bad-date", "date"),
    (answer(9, day="yesterday"), "bad-date", "date"),
    (answer(9, day=""), "missing-value", "date"),
    (answer(11), "score-out-of-scale", "score"),
    (answer(-1), "score-out-of-scale", "score"),
    (answer("7.5"), "score-out-of-scale", "score"),
    (answer(0, "csat"), "score-out-of-scale", "score"),
    (answer(6, "csat"), "score-out-of-scale", "score"),
    (answer(8, "ces"), "score-out-of-scale", "score"),
    (answer("ten"), "bad-score", "score"),
    (answer(""), "missing-value", "score"),
    (answer(5, "star-rating"), "unknown-type", "type"),
    (answer(5, ""), "missing-value", "type"),
    (answer(5, "csat", who=""), "missing-value", "respondent_id"),
]


@pytest.mark.parametrize(
    ("bad", "code", "column"), BAD_ROWS, ids=[f"{c}-{r[3]}" for r, c, _ in BAD_ROWS]
)
def test_a_bad_row_is_reported_at_its_file_row_and_column_and_excluded(
    tmp_path: Path, bad: Answer, code: str, column: str
) -> None:
    path = write_csv(tmp_path / "answers.csv", [answer(10), answer(0), bad, answer(9)])
    result = measure([path], [Selection("j", "nps"), Selection("j")])
    assert [(p.file, p.row, p.column, p.code) for p in result.problems] == [
        (str(path), 3, column, code)
    ]
    assert (result.rows_read, result.rows_excluded) == (4, 1)
    nps, everything = result.scores
    assert (nps.n, everything.n) == (3, 3)
    assert nps.score == pytest.approx(100 / 3)


def test_problems_quote_the_value_and_name_the_scale(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "answers.csv", [answer(6, "csat"), answer(5, "Survey")])
    messages = [p.message for p in measure([path], []).problems]
    assert messages == [
        "column 'type' is not nps, csat or ces ('Survey')",
        "column 'score' is not a whole number from 1 to 5, the csat scale ('6')",
    ]


def test_types_are_read_regardless_of_case(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "answers.csv", [answer(10, "NPS"), answer(5, " Csat ")])
    result = measure([path], [Selection("j", "nps"), Selection("j", "csat")])
    assert [(s.n, s.score) for s in result.scores] == [(1, 100.0), (1, 100.0)]
    assert result.problems == ()


def test_a_row_with_several_problems_is_excluded_once(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "answers.csv", [answer(99, day="never", who=""), answer(10)])
    result = measure([path], [Selection("j", "nps")])
    assert sorted(p.column or "" for p in result.problems) == ["date", "respondent_id", "score"]
    assert (result.rows_excluded, result.scores[0].n) == (1, 1)


def test_a_missing_column_leaves_its_file_out_and_the_run_goes_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("respondent_id,date,kind,score\nr1,2024-03-01,nps,10\n", encoding="utf-8")
    good = write_csv(tmp_path / "good.csv", [answer(0)])
    result = measure([broken, good], [Selection("j", "nps")])
    assert result.problems == (
        DataProblem(str(broken), None, "type", "has no column 'type'", "missing-column", 1),
    )
    assert (result.rows_read, result.rows_excluded, result.scores[0].score) == (2, 1, -100.0)


def test_the_column_mapping_names_the_files_columns(tmp_path: Path) -> None:
    header = ("who", "answered_on", "survey", "rating", "stage", "touchpoint", "segment")
    path = write_csv(tmp_path / "answers.csv", [answer(10), answer(99)], header)
    mapping = {"respondent_id": "who", "date": "answered_on", "type": "survey", "score": "rating"}
    result = measure([path], [Selection("j", "nps")], columns=mapping)
    assert [(p.row, p.column) for p in result.problems] == [(2, "rating")]
    assert result.scores[0].n == 1


def test_many_bad_rows_are_summed_up_after_the_first_twenty(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "answers.csv", [answer(42)] * 25)
    problems = measure([path], []).problems
    assert [p.row for p in problems] == [*range(1, 21), None]
    assert problems[-1].count == 5


def test_rows_naming_no_known_journey_are_reported_once_per_value(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent_id,date,type,score,journey\n"
        "r1,2024-03-01,nps,10,j\nr2,2024-03-01,nps,0,gone\nr3,2024-03-01,nps,0,gone\n"
        "r4,2024-03-01,nps,9,\n",
        encoding="utf-8",
    )
    source = ResponseSource([str(path)])
    result = measure_responses(
        source, [Selection("j", "nps")], default_journey="j", journeys=["j", "k"]
    )
    assert [(p.row, p.column, p.code, p.count) for p in result.problems] == [
        (2, "journey", "unknown-journey", 2)
    ]
    assert (result.rows_excluded, result.scores[0].n, result.scores[0].score) == (2, 2, 100.0)
    # Without a default journey, the row with no journey value is reported too.
    alone = measure_responses(source, [Selection("j", "nps")], journeys=["j"])
    assert [(p.row, p.count) for p in alone.problems] == [(2, 2), (4, 1)]


def test_the_package_exports_the_survey_api() -> None:
    import csjourney.measure as package

    assert package.measure_responses is measure_responses
    assert package.Selection is Selection and package.ResponseSource is ResponseSource

"""Read survey responses into one Ibis table of clean answers, and say what was wrong.

The files are found, read and guarded as the stage history's are (reading.read_files);
each is normalised to `respondent_id`, `ts` (the answer's day as a UTC timestamp), `type`
(lower case), `score` (a whole number on its type's scale), `journey`, `stage`,
`touchpoint`, `segment`, and `file_index`/`row` (where it came from). A row with a
problem is reported at its file, row and column, and left out; only the problem rows
(capped per kind) are materialised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csjourney.measure import engine
from csjourney.measure.cleantext import column_text, strip, utc_timestamp
from csjourney.measure.reading import (
    ProblemKind,
    ReadEvents,
    ReadRows,
    read_files,
    row_problems,
)
from csjourney.measure.types import (
    REQUIRED_RESPONSE_COLUMNS,
    RESPONSE_COLUMNS,
    SCALES,
    DataProblem,
    ResponseSource,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

_KEPT = (
    "respondent_id", "ts", "type", "score",
    "journey", "stage", "touchpoint", "segment", "file_index", "row",
)  # fmt: skip


def read_responses(con: Any, source: ResponseSource) -> ReadEvents:
    """Read every file of `source`, and its table if it names one, through `con`."""
    names = {logical: source.columns.get(logical, logical) for logical in RESPONSE_COLUMNS}
    return read_files(
        con,
        source.paths,
        source.table,
        set(names.values()),
        lambda raw, name, index: _read_rows(raw, name, index, names),
    )


def _read_rows(raw: ir.Table, path: str, index: int, names: dict[str, str]) -> ReadRows:
    """One input's clean answers (None if it is left out), problems, rows read and excluded."""
    missing = [names[c] for c in REQUIRED_RESPONSE_COLUMNS if names[c] not in raw.columns]
    answers = _normalise(raw, names, index) if not missing else None
    if answers is None or isinstance(answers, str):
        # The whole file is left out: its rows are read and excluded.
        count = engine.count(raw)
        problems = [
            DataProblem(path, None, column, f"has no column '{column}'", "missing-column", count)
            for column in missing
        ]
        if isinstance(answers, str):  # the name of a column of an impossible type
            message = f"column '{answers}' holds {raw.schema()[answers]} values"
            problems.append(DataProblem(path, None, answers, message, "bad-column-type", count))
        return None, problems, count, count, []
    answers = answers.cache()  # parsed once: the problem counts and the scores reuse it
    problems, read, excluded, _ = row_problems(answers, path, _kinds(answers, names), _bad(answers))
    return answers.filter(~_bad(answers)).select(*_KEPT), problems, read, excluded, []


def _normalise(raw: ir.Table, names: dict[str, str], index: int) -> ir.Table | str:
    """The logical columns, typed; the file's column name when it has an impossible type."""
    import ibis

    def text(logical: str) -> ir.StringValue:
        return column_text(raw, names[logical])

    when = utc_timestamp(raw[names["date"]])
    if when is None:
        return names["date"]
    given = raw[names["score"]]
    if given.type().is_numeric():
        score = given.cast("float64")
    elif given.type().is_string():
        score = strip(given).nullif("").try_cast("float64")
    else:
        return names["score"]
    kind = text("type").lower()
    low = kind.cases(*((name, lo) for name, (lo, _) in SCALES.items()))
    high = kind.cases(*((name, hi) for name, (_, hi) in SCALES.items()))
    on_scale = (score >= low) & (score <= high) & (score == score.floor().cast("float64"))
    return raw.select(
        respondent_id=text("respondent_id"),
        ts=when,
        date_text=raw[names["date"]].cast("string"),
        type=kind,
        type_text=text("type"),
        score=ibis.ifelse(on_scale.fill_null(False), score, ibis.null("float64")),
        score_given=score,
        score_text=given.cast("string"),
        on_scale=on_scale.fill_null(False),
        journey=text("journey"),
        stage=text("stage"),
        touchpoint=text("touchpoint"),
        segment=text("segment"),
        file_index=ibis.literal(index, "int64"),
        row=raw["__row"].cast("int64"),
    )


def _kinds(t: ir.Table, names: dict[str, str]) -> list[ProblemKind]:
    """Each kind of row problem, in column order; a row may have several."""
    date_blank = t.date_text.isnull() | (strip(t.date_text) == "")
    score_blank = t.score_text.isnull() | (strip(t.score_text) == "")
    known = t.type.isin(list(SCALES))
    return [
        ("missing-value", t.respondent_id.isnull(), names["respondent_id"], "has no value", None),
        ("missing-value", t.ts.isnull() & date_blank, names["date"], "has no value", None),
        ("bad-date", t.ts.isnull() & ~date_blank, names["date"], "is not a date", "date_text"),
        ("missing-value", t.type.isnull(), names["type"], "has no value", None),
        (
            "unknown-type",
            t.type.notnull() & ~known,
            names["type"],
            "is not nps, csat or ces",
            "type_text",
        ),
        ("missing-value", score_blank, names["score"], "has no value", None),
        (
            "bad-score",
            t.score_given.isnull() & ~score_blank,
            names["score"],
            "is not a number",
            "score_text",
        ),
    ] + [
        (
            "score-out-of-scale",
            (t.type == name) & t.score_given.notnull() & ~t.on_scale,
            names["score"],
            f"is not a whole number from {low} to {high}, the {name} scale",
            "score_text",
        )
        for name, (low, high) in SCALES.items()
    ]


def _bad(t: ir.Table) -> ir.BooleanValue:
    return t.respondent_id.isnull() | t.ts.isnull() | t.score.isnull()

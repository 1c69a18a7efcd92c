"""Read a stage history into one Ibis table of clean events, and say what was wrong.

Each file is read by the backend itself (DuckDB's CSV, Parquet and JSON readers by
default), every value as text except Parquet's own types, and normalised to the columns
the funnel needs: `account_id`, `stage` (after the stage mapping), `ts` (a UTC
timestamp), `journey`, `segment`, and `file_index`/`row` (the row order that breaks ties).
Rows with a problem are found with expressions too; only the problem rows (capped per
file and kind) are materialised to be reported, never the events themselves.

Row numbers: data rows counted from 1 in the order the reader yields them, without a CSV
header. For Parquet that is the file's own row number; for CSV and JSON lines it is the
scan order, which DuckDB keeps as the file's order (insertion order is preserved).
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csjourney.measure.types import (
    EVENT_COLUMNS,
    REQUIRED_EVENT_COLUMNS,
    DataProblem,
    EventSource,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: How many rows of one kind of problem in one file are listed one by one; the rest
#: are summed up in one more problem, so a wholly broken file stays a short report.
ROWS_LISTED = 20

_PARQUET = (".parquet", ".pq")
# DuckDB's CSV errors name the file line (header included), e.g. "CSV Error on Line: 12".
_CSV_LINE = re.compile(r"\bon Line: (\d+)")
# Errors of the environment, never of a file's content (ibis raises TypeError for odd schemas).
_BROKEN_INSTALL = (ImportError, NameError)
_JSON = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class ReadEvents:
    """The clean events (None when no file could be read) and the reading's outcome.

    `files` are the files read, in order: a row's `file_index` is its file's place here.
    """

    table: ir.Table | None
    files: tuple[str, ...]
    problems: tuple[DataProblem, ...]
    rows_read: int
    rows_excluded: int


def expand_paths(patterns: list[str] | tuple[str, ...]) -> tuple[list[str], list[DataProblem]]:
    """Files for each path or glob, in a stable order (pattern order, then name)."""
    files: list[str] = []
    problems: list[DataProblem] = []
    for pattern in patterns:
        if glob.has_magic(pattern):
            found = sorted(glob.glob(pattern, recursive=True))
        else:
            found = [pattern] if os.path.isfile(pattern) else []
        if not found:
            problems.append(
                DataProblem(pattern, None, None, "no file matches this path", "no-files", 0)
            )
        files.extend(f for f in found if f not in files)
    return files, problems


def read_events(con: Any, source: EventSource) -> ReadEvents:
    """Read every file of `source` through the Ibis connection `con`."""
    return read_files(con, source.paths, lambda path, index: _read_file(con, path, index, source))


#: One file's reader: (path, file index) → clean rows or None, problems, rows read, excluded.
FileReader = Callable[[str, int], tuple["ir.Table | None", list[DataProblem], int, int]]


def read_files(con: Any, patterns: Sequence[str], read_file: FileReader) -> ReadEvents:
    """Expand `patterns`, read each file with `read_file` and union the clean rows.

    Shared by every input (stage history, survey responses): a file the backend cannot
    parse is one problem and is left out; a broken install is raised, never reported.
    """
    import ibis

    files, problems = expand_paths(tuple(patterns))
    tables: list[ir.Table] = []
    rows_read = 0
    rows_excluded = 0
    for index, path in enumerate(files):
        try:
            outcome = read_file(path, index)
        except _BROKEN_INSTALL:
            raise  # not the file's fault: a broken install must not read as bad data
        except Exception as error:  # the backend's own words say what it could not parse
            problems.append(_unreadable(path, error))
            continue
        clean, file_problems, read, excluded = outcome
        problems.extend(file_problems)
        rows_read += read
        rows_excluded += excluded
        if clean is not None:
            tables.append(clean)
    table = ibis.union(*tables) if len(tables) > 1 else (tables[0] if tables else None)
    return ReadEvents(table, tuple(files), tuple(problems), rows_read, rows_excluded)


def _read_file(
    con: Any, path: str, index: int, source: EventSource
) -> tuple[ir.Table | None, list[DataProblem], int, int]:
    """One file's clean events (None if it is left out), problems, rows read and excluded.

    Raises whatever the backend raises when the file cannot be parsed; a reader may
    only find out while scanning (a ragged CSV line far down the file), so every step
    that scans is inside the caller's guard.
    """
    if os.path.getsize(path) == 0:  # no header either: one problem, not three missing columns
        return None, [DataProblem(path, None, None, "is empty", "empty-file", 0)], 0, 0
    raw = _read_raw(con, path, {source.columns.get(c, c) for c in EVENT_COLUMNS})
    names = {logical: source.columns.get(logical, logical) for logical in EVENT_COLUMNS}
    missing = [names[c] for c in REQUIRED_EVENT_COLUMNS if names[c] not in raw.columns]
    events = None if missing else _normalise(raw, names, source, index)
    if events is None:
        # The whole file is left out: its rows are read and excluded.
        count = int(raw.count().to_pyarrow().as_py())
        problems = [
            DataProblem(path, None, column, f"has no column '{column}'", "missing-column", count)
            for column in missing
        ]
        if not missing:
            column = names["timestamp"]
            message = f"column '{column}' holds {raw.schema()[column]} values, not timestamps"
            problems.append(DataProblem(path, None, column, message, "bad-column-type", count))
        return None, problems, count, count
    # Parsed once into a backend-side table (never into Python): the problem counts,
    # each journey and each statistic would otherwise parse every timestamp again.
    events = events.cache()
    problems, read, excluded = _row_problems(events, path, names)
    clean = events.filter(~_has_problem(events))
    columns = ("account_id", "stage", "ts", "journey", "segment", "file_index", "row")
    return clean.select(*columns), problems, read, excluded


def _unreadable(path: str, error: Exception) -> DataProblem:
    """The file as one problem, at the CSV line DuckDB names when it names one."""
    text = str(error).strip()
    first = text.splitlines()[0] if text else type(error).__name__
    line = _CSV_LINE.search(first)
    row = int(line.group(1)) - 1 if line and path.lower().endswith(".csv") else None
    return DataProblem(path, row, None, f"cannot be read: {first}", "unreadable-file", 0)


def _read_raw(con: Any, path: str, wanted: Collection[str]) -> ir.Table:
    """The file as the backend reads it, with a 1-based `__row` column.

    `wanted` are the file's column names the caller reads (JSON lines reads them as text).
    """
    import ibis

    lower = path.lower()
    if lower.endswith(_PARQUET):
        table: ir.Table = con.read_parquet(path, file_row_number=True)
        return table.mutate(__row=table.file_row_number + 1).drop("file_row_number")
    if lower.endswith(_JSON):
        # Learn the keys first, then read every wanted one as text: a bad timestamp must
        # be a reported row, not a type the whole file fails to load as.
        sample: ir.Table = con.read_json(path, format="newline_delimited")
        columns = {name: "VARCHAR" for name in sample.columns if name in wanted}
        table = con.read_json(path, format="newline_delimited", columns=columns)
    else:
        table = con.read_csv(path, all_varchar=True)
    return table.mutate(__row=ibis.row_number() + 1)


def _normalise(
    raw: ir.Table, names: dict[str, str], source: EventSource, index: int
) -> ir.Table | None:
    """The logical columns, typed; None when the timestamp column cannot be timestamps."""
    import ibis

    def text(logical: str) -> ir.StringValue:
        name = names[logical]
        if name not in raw.columns:
            return ibis.null("string")
        return raw[name].cast("string").strip().nullif("")

    stamp = raw[names["timestamp"]]
    ts = utc_timestamp(stamp)
    if ts is None:
        return None
    stage = text("stage")
    if source.stages:
        stage = stage.substitute(dict(source.stages), else_=stage)
    return raw.select(
        account_id=text("account_id"),
        stage=stage,
        ts=ts,
        ts_text=stamp.cast("string"),
        journey=text("journey"),
        segment=text("segment"),
        file_index=ibis.literal(index, "int64"),
        row=raw["__row"].cast("int64"),
    )


def utc_timestamp(stamp: ir.Value) -> ir.TimestampValue | None:
    """`stamp` as a UTC timestamp (null where text is no timestamp); None for other types."""
    if stamp.type().is_timestamp():
        return stamp.cast("timestamp('UTC')")  # a naive Parquet timestamp is UTC
    if stamp.type().is_date():
        return stamp.cast("timestamp").cast("timestamp('UTC')")  # the day's start, UTC
    if stamp.type().is_string():
        return stamp.strip().nullif("").try_cast("timestamp('UTC')")
    return None


def _has_problem(events: ir.Table) -> ir.BooleanValue:
    return events.account_id.isnull() | events.stage.isnull() | events.ts.isnull()


def _row_problems(
    events: ir.Table, path: str, names: dict[str, str]
) -> tuple[list[DataProblem], int, int]:
    """The stage history's problem rows, rows read, rows excluded."""
    ts_blank = events.ts_text.isnull() | (events.ts_text.strip() == "")
    kinds: list[ProblemKind] = [
        ("missing-value", events.account_id.isnull(), names["account_id"], "has no value", None),
        ("missing-value", events.stage.isnull(), names["stage"], "has no value", None),
        ("missing-value", events.ts.isnull() & ts_blank, names["timestamp"], "has no value", None),
        (
            "bad-timestamp",
            events.ts.isnull() & ~ts_blank,
            names["timestamp"],
            "is not a timestamp",
            "ts_text",
        ),
    ]
    return row_problems(events, path, kinds, _has_problem(events))


#: A kind of row problem: code, the rows' condition, the file's column name, what is wrong,
#: and the table's column whose value the message quotes (None: quote nothing).
ProblemKind = tuple[str, "ir.BooleanValue", str, str, "str | None"]


def row_problems(
    table: ir.Table, path: str, kinds: Sequence[ProblemKind], excluded: ir.BooleanValue
) -> tuple[list[DataProblem], int, int]:
    """Each problem row of `table` (listed up to ROWS_LISTED per kind), rows, rows excluded.

    `table` has a `row` column (the file's row number); `excluded` is true for the rows
    left out. One aggregate counts everything; only the listed rows are materialised.
    """
    totals = (
        table.aggregate(
            rows=table.count(),
            excluded=excluded.sum(),
            **{f"k{i}": kind[1].sum() for i, kind in enumerate(kinds)},
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    problems: list[DataProblem] = []
    for i, (code, cond, column, what, quoted) in enumerate(kinds):
        total = int(totals[f"k{i}"] or 0)
        if not total:
            continue
        shown = ["row"] + ([quoted] if quoted else [])
        listed = (
            (table.filter(cond).order_by("row").select(*shown).limit(ROWS_LISTED))
            .to_pyarrow()
            .to_pylist()
        )
        for item in listed:
            value = f" ({item[quoted]!r})" if quoted else ""
            message = f"column '{column}' {what}{value}"
            problems.append(DataProblem(path, int(item["row"]), column, message, code))
        if total > len(listed):
            rest = total - len(listed)
            message = f"column '{column}' {what} in {rest} more rows"
            problems.append(DataProblem(path, None, column, message, code, rest))
    return problems, int(totals["rows"]), int(totals["excluded"] or 0)

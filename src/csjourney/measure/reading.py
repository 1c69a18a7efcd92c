"""Read a stage history into one Ibis table of clean events, and say what was wrong.

Each input (a file, or a table of the backend) is read by the backend itself
(csjourney.measure.rawread), every value as text except Parquet's and a table's own
types, and normalised to the columns the funnel needs: `account_id`, `stage` (after the
stage mapping), `ts` (a UTC timestamp), `journey`, `segment`, and `file_index`/`row`
(the row order that breaks ties). Rows with a problem are found with expressions too;
only the problem rows (capped per file and kind) are materialised to be reported, never
the events themselves.

Row numbers: data rows counted from 1 in the order the reader yields them, without a CSV
header: the file's order (rawread says how each backend keeps it); a table's scan order.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from csjourney.interrupts import raise_if_requested
from csjourney.measure import engine
from csjourney.measure.cleantext import blank, column_text, strip, utc_timestamp
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

# DuckDB's CSV errors name the file line (header included), e.g. "CSV Error on Line: 12".
_CSV_LINE = re.compile(r"\bon Line: (\d+)")
# Errors of the environment, never of a file's content (ibis raises TypeError for odd schemas).
_BROKEN_INSTALL = (ImportError, NameError)


@dataclass(frozen=True)
class ReadEvents:
    """The clean events (None when no file could be read) and the reading's outcome.

    `files` are the files read, in order: a row's `file_index` is its file's place here.
    `groups`: what the `Tally` given to the reading found, each group with its
    `file_index` (none without a tally).
    """

    table: ir.Table | None
    files: tuple[str, ...]
    problems: tuple[DataProblem, ...]
    rows_read: int
    rows_excluded: int
    groups: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Tally:
    """What the scan that counts an input's problems also groups, so it reads the input once.

    `keys(table, excluded)` names the group keys: expressions over the input's table,
    null on every row of no interest (those rows make the one group that is left out);
    `measures(table)` the aggregates of each group, over the table with the keys added.
    """

    keys: Callable[[ir.Table, ir.BooleanValue], dict[str, ir.Value]]
    measures: Callable[[ir.Table], dict[str, ir.Scalar]]


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


def read_events(con: Any, source: EventSource, tally: Tally | None = None) -> ReadEvents:
    """Read every file of `source`, and its table if it names one, through `con`.

    With `tally`, the scan of each input that counts its problems also finds its groups.
    """
    names = {logical: source.columns.get(logical, logical) for logical in EVENT_COLUMNS}
    return read_files(
        con,
        source.paths,
        source.table,
        set(names.values()),
        lambda raw, name, index: _read_rows(raw, name, index, names, source, tally),
    )


#: One input's outcome: its clean rows or None, problems, rows read, rows excluded and
#: the groups of the reader's tally (without `file_index`).
ReadRows = tuple["ir.Table | None", list[DataProblem], int, int, list[dict[str, Any]]]
#: One input's reader: (raw table, file or table name, its index) → its outcome.
RowsReader = Callable[["ir.Table", str, int], ReadRows]


def read_files(
    con: Any,
    patterns: Sequence[str],
    table: str | None,
    wanted: Collection[str],
    read_rows: RowsReader,
) -> ReadEvents:
    """Expand `patterns`, read each file (then `table`) with `read_rows`, union the clean rows.

    Shared by every input (stage history, survey responses): a file the backend cannot
    parse is one problem and is left out; a broken install, or a backend that cannot read
    the input at all (no such table), is raised, never reported as bad data. A table's
    problems are located by its name, as a file's by its path.
    """
    import ibis

    from csjourney.measure import rawread
    from csjourney.measure.engine import EngineError

    files, problems = expand_paths(tuple(patterns))
    inputs = [*files, table] if table is not None else files
    tables: list[ir.Table] = []
    groups: list[dict[str, Any]] = []
    rows_read = 0
    rows_excluded = 0
    for index, name in enumerate(inputs):
        is_file = table is None or index < len(files)
        if is_file and os.path.getsize(name) == 0:  # no header: not three missing columns
            problems.append(DataProblem(name, None, None, "is empty", "empty-file", 0))
            continue
        try:
            raw = rawread.read_file(con, name, wanted) if is_file else rawread.read_table(con, name)
            clean, input_problems, read, excluded, found = read_rows(raw, name, index)
        except (*_BROKEN_INSTALL, EngineError):
            raise  # not the file's fault: a broken install must not read as bad data
        except Exception as error:  # the backend's own words say what it could not parse
            raise_if_requested()  # DuckDB's word for Ctrl+C is an error, not the file's
            problems.append(_unreadable(name, error))
            continue
        problems.extend(input_problems)
        rows_read += read
        rows_excluded += excluded
        groups.extend({**group, "file_index": index} for group in found)
        if clean is not None:
            tables.append(clean)
    result = ibis.union(*tables) if len(tables) > 1 else (tables[0] if tables else None)
    return ReadEvents(
        result, tuple(inputs), tuple(problems), rows_read, rows_excluded, tuple(groups)
    )


def _read_rows(
    raw: ir.Table,
    path: str,
    index: int,
    names: dict[str, str],
    source: EventSource,
    tally: Tally | None,
) -> ReadRows:
    """One input's clean events (None if it is left out), problems, rows read and excluded.

    Raises whatever the backend raises when the file cannot be parsed; a reader may
    only find out while scanning (a ragged CSV line far down the file), so every step
    that scans is inside the caller's guard.
    """
    missing = [names[c] for c in REQUIRED_EVENT_COLUMNS if names[c] not in raw.columns]
    events = None if missing else _normalise(raw, names, source, index)
    if events is None:
        # The whole file is left out: its rows are read and excluded.
        count = engine.count(raw)
        problems = [
            DataProblem(path, None, column, f"has no column '{column}'", "missing-column", count)
            for column in missing
        ]
        if not missing:
            column = names["timestamp"]
            message = f"column '{column}' holds {raw.schema()[column]} values, not timestamps"
            problems.append(DataProblem(path, None, column, message, "bad-column-type", count))
        return None, problems, count, count, []
    if raw[names["timestamp"]].type().is_string():
        # Parsed once into a backend-side table (never into Python): the problem counts,
        # each journey and each statistic would otherwise parse every timestamp again.
        # Typed timestamps (Parquet, a table) have nothing to parse: a copy of 10^7
        # events would cost more than the few scans of the input that read them.
        events = events.cache()
    problems, read, excluded, groups = _row_problems(events, path, names, tally)
    clean = events.filter(~_has_problem(events))
    columns = ("account_id", "stage", "ts", "journey", "segment", "file_index", "row")
    return clean.select(*columns), problems, read, excluded, groups


def _unreadable(path: str, error: Exception) -> DataProblem:
    """The file as one problem, at the CSV line DuckDB names when it names one."""
    from csjourney.measure.engine import reason

    first = reason(error)
    line = _CSV_LINE.search(first)
    row = int(line.group(1)) - 1 if line and path.lower().endswith(".csv") else None
    return DataProblem(path, row, None, f"cannot be read: {first}", "unreadable-file", 0)


def _normalise(
    raw: ir.Table, names: dict[str, str], source: EventSource, index: int
) -> ir.Table | None:
    """The logical columns, typed; None when the timestamp column cannot be timestamps."""
    import ibis

    def text(logical: str) -> ir.StringValue:
        return column_text(raw, names[logical])

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
        # Whether a required value is missing, from the raw text: what the problem
        # counts and the clean rows' filter read, so a query that only counts (the
        # problems, the unmapped stages) never strips 10^7 account ids.
        no_account=blank(raw, names["account_id"]),
        no_stage=blank(raw, names["stage"]),
        ts=ts,
        # Only text can be bad text: a typed column's null is a missing value, never
        # "not a timestamp", so it needs no text (a per-row cast and blank check saved).
        ts_text=stamp if stamp.type().is_string() else ibis.null("string"),
        journey=text("journey"),
        segment=text("segment"),
        file_index=ibis.literal(index, "int64"),
        row=raw["__row"].cast("int64"),
    )


def _has_problem(events: ir.Table) -> ir.BooleanValue:
    return events.no_account | events.no_stage | events.ts.isnull()


def _row_problems(
    events: ir.Table, path: str, names: dict[str, str], tally: Tally | None
) -> tuple[list[DataProblem], int, int, list[dict[str, Any]]]:
    """The stage history's problem rows, rows read, rows excluded, the tally's groups."""
    ts_blank = events.ts_text.isnull() | (strip(events.ts_text) == "")
    kinds: list[ProblemKind] = [
        ("missing-value", events.no_account, names["account_id"], "has no value", None),
        ("missing-value", events.no_stage, names["stage"], "has no value", None),
        ("missing-value", events.ts.isnull() & ts_blank, names["timestamp"], "has no value", None),
        (
            "bad-timestamp",
            events.ts.isnull() & ~ts_blank,
            names["timestamp"],
            "is not a timestamp",
            "ts_text",
        ),
    ]
    return row_problems(events, path, kinds, _has_problem(events), tally)


#: A kind of row problem: code, the rows' condition, the file's column name, what is wrong,
#: and the table's column whose value the message quotes (None: quote nothing).
ProblemKind = tuple[str, "ir.BooleanValue", str, str, "str | None"]


def row_problems(
    table: ir.Table,
    path: str,
    kinds: Sequence[ProblemKind],
    excluded: ir.BooleanValue,
    tally: Tally | None = None,
) -> tuple[list[DataProblem], int, int, list[dict[str, Any]]]:
    """Each problem row of `table` (listed up to ROWS_LISTED per kind), rows, rows excluded,
    and the groups of `tally` (each with its keys and measures).

    `table` has a `row` column (the file's row number); `excluded` is true for the rows
    left out. One aggregate counts everything (grouped by the tally's keys, with one);
    only the listed rows are materialised.
    """
    keys = tally.keys(table, excluded) if tally is not None else {}
    # The keyed table has every column of `table`: Ibis reads the conditions, written
    # over `table`, from it.
    keyed = table.mutate(**keys) if keys else table
    counts = {
        "rows": keyed.count(),
        "excluded": excluded.sum(),
        **{f"k{i}": kind[1].sum() for i, kind in enumerate(kinds)},
    }
    groups: list[dict[str, Any]] = []
    if tally is None:
        found = engine.rows(table.aggregate(**counts))
    else:
        measures = tally.measures(keyed)
        found = engine.rows(keyed.group_by(list(keys)).aggregate(**counts, **measures))
        groups = [
            {name: item[name] for name in item if name not in counts}
            for item in found
            if any(item[key] is not None for key in keys)
        ]
    totals = {name: sum(int(item[name] or 0) for item in found) for name in counts}
    problems: list[DataProblem] = []
    for i, (code, cond, column, what, quoted) in enumerate(kinds):
        total = totals[f"k{i}"]
        if not total:
            continue
        shown = ["row"] + ([quoted] if quoted else [])
        listed = engine.rows(table.filter(cond).order_by("row").select(*shown).limit(ROWS_LISTED))
        for item in listed:
            value = f" ({item[quoted]!r})" if quoted else ""
            message = f"column '{column}' {what}{value}"
            problems.append(DataProblem(path, int(item["row"]), column, message, code))
        if total > len(listed):
            rest = total - len(listed)
            message = f"column '{column}' {what} in {rest} more rows"
            problems.append(DataProblem(path, None, column, message, code, rest))
    return problems, totals["rows"], totals["excluded"], groups

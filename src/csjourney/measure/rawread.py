"""An input as the backend reads it, numbered: the one part of reading that differs by backend.

Every input becomes a raw table with a 1-based `__row` column, the row order that breaks
ties in timestamps and locates a data problem. The backend reads the file itself, so the
events never pass through Python:

- DuckDB reads CSV (every value as text), Parquet (its own types, with the file's row
  number) and JSON lines (the wanted keys as text). It keeps a file's order when it scans,
  so a row number over the scan is the file's.
- Spark reads CSV (text, RFC 4180 quoting, a malformed line failing the file as DuckDB's
  reader does), Parquet and JSON lines (every value as text) with its own readers. Its row
  numbers come from `monotonically_increasing_id`, which numbers each partition's rows in
  order and puts the partition in the upper bits: a partition's first row number is the
  count of the rows of the partitions before it (a small aggregate), so numbering needs no
  sort of the whole table into one partition.
- A table or view of the backend is numbered in its scan order, the same way.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from csjourney.measure.engine import EngineError

if TYPE_CHECKING:
    import ibis.expr.types as ir

_PARQUET = (".parquet", ".pq")
_JSON = (".jsonl", ".ndjson", ".json")
#: `monotonically_increasing_id` keeps the record number in a partition in the low 33 bits.
_PARTITION = 2**33
_SPARK_CSV = {"inferSchema": False, "mode": "FAILFAST", "multiLine": True, "escape": '"'}


def read_file(con: Any, path: str, wanted: Collection[str]) -> ir.Table:
    """The file as the backend reads it, with `__row`; EngineError if it reads no files.

    `wanted` are the file's column names the caller reads (JSON lines reads them as text).
    """
    kind = _kind(path)
    if con.name == "pyspark":
        if kind == "parquet":
            return _spark_numbered(con.read_parquet(path))
        if kind == "json":
            return _spark_numbered(con.read_json(path, primitivesAsString=True, mode="FAILFAST"))
        return _spark_numbered(con.read_csv(path, **_SPARK_CSV), one_partition=True)
    if con.name != "duckdb":
        raise EngineError(
            f"the backend {con.name!r} reads no data files here: name a table of the "
            "backend instead (`table` in [measure.events] or [measure.responses])"
        )
    return _duckdb_file(con, path, kind, wanted)


def read_table(con: Any, name: str) -> ir.Table:
    """The backend's table or view `name`, with `__row`; EngineError when it has none."""
    try:
        table: ir.Table = con.table(name)
    except Exception as error:  # each backend says "no such table" its own way
        from csjourney.measure.engine import reason

        raise EngineError(f"the backend has no table or view {name!r}: {reason(error)}") from error
    if con.name == "pyspark":
        return _spark_numbered(table, fixed=False)
    return _scan_numbered(table)


def _kind(path: str) -> str:
    lower = path.lower()
    if lower.endswith(_PARQUET):
        return "parquet"
    return "json" if lower.endswith(_JSON) else "csv"


def _duckdb_file(con: Any, path: str, kind: str, wanted: Collection[str]) -> ir.Table:
    if kind == "parquet":
        table = _duckdb_read(con, "read_parquet", path, "file_row_number = true")
        return table.mutate(__row=table.file_row_number + 1).drop("file_row_number")
    if kind == "json":
        # Learn the keys first, then read every wanted one as text: a bad timestamp must
        # be a reported row, not a type the whole file fails to load as.
        lines = "format = 'newline_delimited'"
        sample = _duckdb_read(con, "read_json_auto", path, lines)
        types = [f"{_text(name)}: 'VARCHAR'" for name in sample.columns if name in wanted]
        if types:
            lines += f", columns = {{{', '.join(types)}}}"
        return _scan_numbered(_duckdb_read(con, "read_json_auto", path, lines))
    return _scan_numbered(
        _duckdb_read(con, "read_csv", path, "all_varchar = true, header = true, auto_detect = true")
    )


def _duckdb_read(con: Any, function: str, path: str, options: str) -> ir.Table:
    """The file as DuckDB's reader `function` reads it, as an Ibis table over that query.

    Not Ibis's own `read_parquet` and the like: they ask DuckDB for the schema through
    pyarrow, whose import alone costs a fifth of a second and 35 MB of every run. DuckDB
    describes the query itself; the same type mapping as Ibis's turns its answer into
    the schema. A file DuckDB cannot read raises here, where the caller reports it.
    """
    import ibis

    query = f"SELECT * FROM {function}([{_text(path)}], {options})"
    described = con.raw_sql(f"DESCRIBE {query}").fetchall()
    to_type = con.compiler.type_mapper.from_string
    schema = ibis.schema(
        {column: to_type(kind, nullable=null == "YES") for column, kind, null, *_ in described}
    )
    table: ir.Table = con.sql(query, schema=schema)
    return table


def _text(value: str) -> str:
    """`value` as a DuckDB string literal."""
    return "'" + value.replace("'", "''") + "'"


def _scan_numbered(table: ir.Table) -> ir.Table:
    import ibis

    return table.mutate(__row=ibis.row_number() + 1)


def _spark_numbered(
    table: ir.Table, *, fixed: bool = True, one_partition: bool = False
) -> ir.Table:
    """`table` with `__row`: its rows numbered in scan order, partition by partition.

    A multi-line CSV file is read whole by one task (`one_partition`): its ids are the row
    numbers already. Otherwise the numbering reads the scan twice (the partition sizes,
    then the rows); a file scans the same way each time, a view need not (`fixed` False),
    so it is cached first.
    """
    scan = table.mutate(__id=_scan_id())
    if one_partition:
        return scan.mutate(__row=scan["__id"] + 1).drop("__id")
    if not fixed:
        scan = scan.cache()
    scan = scan.mutate(__part=scan["__id"] // _PARTITION, __local=scan["__id"] % _PARTITION)
    sizes = scan.group_by("__part").aggregate(__size=scan.count())
    size = sizes["__size"]
    sizes = sizes.mutate(__start=size.cumsum(order_by=sizes["__part"]) - size)
    numbered = scan.join(sizes, "__part")
    numbered = numbered.mutate(__row=numbered["__start"] + numbered["__local"] + 1)
    return numbered.drop("__id", "__part", "__local", "__size", "__start")


def _scan_id() -> ir.IntegerValue:
    import ibis

    @ibis.udf.scalar.builtin(name="monotonically_increasing_id", signature=((), "int64"))  # type: ignore[untyped-decorator]
    def scan_id() -> int:  # type: ignore[empty-body]
        """Spark's own function: nothing runs in Python."""

    result: ir.IntegerValue = scan_id()
    return result

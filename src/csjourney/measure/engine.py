"""The backend a measurement runs on, by URL: an in-memory DuckDB unless told otherwise.

Ibis connects to any of its backends from a URL (`duckdb://`, `duckdb:///path.db`,
`pyspark://`, `postgres://...`), so the funnel is written once and runs where the data is.
`pyspark://` starts (or joins) a Spark session in local mode, quiet and without its web
UI; query parameters are Spark settings (`pyspark://?spark.master=spark://host:7077`), and
a path is the warehouse folder, as in Ibis.

Timestamps are compared in UTC whatever the machine's zone, so a naive value means UTC:
Ibis's DuckDB backend sets the session's TimeZone to UTC itself, and `in_utc` pins Spark's
`spark.sql.session.timeZone` before each measurement, since Spark reads naive text, dates
and the window's bounds in that zone (tests/measure/test_engine.py and test_spark.py hold
it under other zones).

A DuckDB csjourney opens gets a memory limit (a quarter of the machine's memory, at most
1 GB) and a temporary folder of its own, so the ordering, the grouping and the cached
tables spill to disk instead of growing with the history: peak memory is bounded
whatever the history's size (benchmarks/results/measure.md has the figures). The limit
is not lower because spilling costs time: at 10^7 events the ordering of the events
from the window on needs about 250 MB, and a 256 MB limit made that query a third
slower; below about 150 MB it fails for want of memory, as the ordering, the distinct
accounts and the exact quantiles all hold their state at once. The URL's own settings
win: `duckdb://?memory_limit=4GB`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

if TYPE_CHECKING:
    import ibis.expr.types as ir

DEFAULT_BACKEND = "duckdb://"

#: Spark settings for a session csjourney starts; the URL's query parameters override them.
SPARK_DEFAULTS = {
    "spark.master": "local[*]",
    "spark.app.name": "csjourney",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}
#: Spark's default of 200 shuffle partitions makes a small local job slow; not for clusters.
_LOCAL_SHUFFLE_PARTITIONS = "8"
# A Spark error's own words: "[MALFORMED_RECORD_IN_PARSING...] Malformed records ...".
_SPARK_REASON = re.compile(r"(\[[A-Z][A-Z0-9_.]*\][^\n]*)")
#: DuckDB's memory limit unless the URL sets one: enough for 10^7 events without spilling
#: much, and far below DuckDB's own default (80% of the machine) on a shared runner.
DUCKDB_MEMORY_CAP = 1 << 30


class EngineError(RuntimeError):
    """The engine cannot run; the message is for the user, as it is."""


class EngineMissing(EngineError):
    """The measure extra is not installed; the message says how to install it."""


def reason(error: BaseException) -> str:
    """An error's first meaningful line: Spark's error class and message, not Py4J's frame."""
    text = str(error).strip()
    spark = _SPARK_REASON.search(text) if _from_spark(error) else None
    if spark:
        return spark.group(1).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _from_spark(error: BaseException) -> bool:
    # Only Spark's errors: another's later lines may quote the data ("[ACME] Corp").
    return type(error).__module__.split(".")[0] in ("py4j", "pyspark")


def connect(backend: str = DEFAULT_BACKEND) -> Any:
    """An Ibis connection for `backend`; EngineError, with a plain message, when impossible."""
    try:
        import ibis
    except ImportError as error:  # the extra is optional: say how to get it
        raise EngineMissing(
            "measuring needs the measure extra: pip install 'csjourney[measure]'"
        ) from error
    try:
        if urlsplit(backend).scheme == "pyspark":
            return _spark(backend)
        con = ibis.connect(_duckdb_settled(backend))
        if con.name == "duckdb":
            # DuckDB draws a progress bar on stdout for a query past two seconds: it
            # would land in the middle of measure's report, or break its JSON.
            con.raw_sql("SET enable_progress_bar = false")
            # Pushed below the projection that strips and types each value, a filter on
            # those values computes them all a second time: with it, reading 10^7 events
            # costs twice as much (benchmarks/README.md). Our queries' filters read what
            # that projection computes, so nothing is left for the pushdown to gain.
            con.raw_sql("SET disabled_optimizers = 'filter_pushdown'")
    except EngineError:
        raise
    except Exception as error:  # ibis raises per backend; all mean "no such engine here"
        raise EngineError(f"cannot connect to the backend {backend!r}: {reason(error)}") from error
    return con


def _duckdb_settled(backend: str) -> str:
    """`backend` with csjourney's memory limit and temporary folder, for DuckDB URLs only."""
    url = urlsplit(backend)
    if url.scheme != "duckdb":
        return backend
    settings = dict(parse_qsl(url.query))
    settings.setdefault("memory_limit", f"{_memory_limit() >> 20}MB")
    # DuckDB's default is ".tmp" in the working folder; one folder per process, since
    # two DuckDBs in one folder would write the same spill file names.
    spill = os.path.join(tempfile.gettempdir(), f"csjourney-duckdb-{os.getpid()}")
    settings.setdefault("temp_directory", spill)
    # Not urlunsplit: it would turn "duckdb:///file.db" into "duckdb:/file.db".
    return f"{backend.split('?', 1)[0]}?{urlencode(settings)}"


def _memory_limit() -> int:
    """A quarter of the machine's memory, at most DUCKDB_MEMORY_CAP bytes."""
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows): assume plenty
        return DUCKDB_MEMORY_CAP
    return min(DUCKDB_MEMORY_CAP, total // 4)


def _spark(backend: str) -> Any:
    """A Spark session for a `pyspark://` URL, local unless its settings name a master."""
    try:
        import ibis
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EngineMissing(
            f"the backend {backend!r} needs PySpark: pip install 'csjourney[measure,spark]'"
        ) from error
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise EngineError(
            f"the backend {backend!r} needs Java 17 or newer: none found "
            "(install a JRE, e.g. apt-get install openjdk-17-jre-headless, or set JAVA_HOME)"
        )
    url = urlsplit(backend)
    settings = {**SPARK_DEFAULTS, **dict(parse_qsl(url.query))}
    if url.path.strip("/"):
        settings["spark.sql.warehouse.dir"] = os.path.abspath(url.path[1:])
    if settings["spark.master"].startswith("local"):
        settings.setdefault("spark.sql.shuffle.partitions", _LOCAL_SHUFFLE_PARTITIONS)
        # Spark warns when the host name resolves to a loopback address: say it is meant.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # Quiet from the start: setLogLevel below comes after Spark's start-up notices.
        quiet = os.path.join(os.path.dirname(__file__), "spark-log4j2.properties")
        if not any(c.isspace() for c in quiet):  # Spark splits the options at spaces
            option = f"-Dlog4j2.configurationFile={quiet}"
            settings.setdefault("spark.driver.extraJavaOptions", option)
    builder = SparkSession.builder
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("FATAL")  # failures come back as exceptions, reported
    return ibis.pyspark.connect(session)


def in_utc(con: Any) -> None:
    """Pin a Spark session's time zone to UTC (other backends' sessions already are)."""
    if getattr(con, "name", None) == "pyspark":
        con.raw_sql("SET spark.sql.session.timeZone = UTC")


def rows(expr: ir.Expr) -> list[dict[str, Any]]:
    """A small result (counts, a stage table, listed problem rows) as plain rows.

    On DuckDB straight from its cursor: Ibis's own `to_pyarrow` loads pandas for its
    type converters, half a second of every run for a few dozen rows. The queries only
    ever return numbers, text and null, which both ways give alike.
    """
    import ibis

    table = expr.as_table()
    con = ibis.get_backend(table)
    if con.name != "duckdb":
        result: list[dict[str, Any]] = table.to_pyarrow().to_pylist()
        return result
    cursor = con.raw_sql(con.compile(table))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def count(table: ir.Table) -> int:
    """How many rows `table` has."""
    return int(next(iter(rows(table.count())[0].values())))

"""The backend a measurement runs on, by URL: an in-memory DuckDB unless told otherwise.

Ibis connects to any of its backends from a URL (`duckdb://`, `duckdb:///path.db`,
`pyspark://`, `postgres://...`), so the funnel is written once and runs where the data is.
Timestamps are compared in UTC whatever the machine's zone: a naive value means UTC.
"""

from __future__ import annotations

from typing import Any

DEFAULT_BACKEND = "duckdb://"


class EngineMissing(RuntimeError):
    """The measure extra is not installed; the message says how to install it."""


def connect(backend: str = DEFAULT_BACKEND) -> Any:
    """An Ibis connection for `backend`, set to read and compare timestamps in UTC."""
    try:
        import ibis
    except ImportError as error:  # the extra is optional: say how to get it
        raise EngineMissing(
            "measuring needs the measure extra: pip install 'csjourney[measure]'"
        ) from error
    con = ibis.connect(backend)
    if con.name == "duckdb":
        con.raw_sql("SET TimeZone = 'UTC'")
    return con

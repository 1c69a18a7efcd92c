"""The backend a measurement runs on, by URL: an in-memory DuckDB unless told otherwise.

Ibis connects to any of its backends from a URL (`duckdb://`, `duckdb:///path.db`,
`pyspark://`, `postgres://...`), so the funnel is written once and runs where the data is.
Timestamps are compared in UTC whatever the machine's zone, so a naive value means UTC:
Ibis's DuckDB backend sets the session's TimeZone to UTC itself (tests/measure/test_engine.py
holds it under another TZ).
"""

from __future__ import annotations

from typing import Any

DEFAULT_BACKEND = "duckdb://"


class EngineError(RuntimeError):
    """The engine cannot run; the message is for the user, as it is."""


class EngineMissing(EngineError):
    """The measure extra is not installed; the message says how to install it."""


def connect(backend: str = DEFAULT_BACKEND) -> Any:
    """An Ibis connection for `backend`; EngineError, with a plain message, when impossible."""
    try:
        import ibis
    except ImportError as error:  # the extra is optional: say how to get it
        raise EngineMissing(
            "measuring needs the measure extra: pip install 'csjourney[measure]'"
        ) from error
    try:
        con = ibis.connect(backend)
    except Exception as error:  # ibis raises per backend; all mean "no such engine here"
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise EngineError(f"cannot connect to the backend {backend!r}: {reason}") from error
    return con

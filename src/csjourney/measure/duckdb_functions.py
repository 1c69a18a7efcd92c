"""DuckDB's own functions that Ibis has no expression for, called by name.

Imported only where a DuckDB backend runs the query: a builtin UDF compiles to a call
of the function of that name, which other backends do not have.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dt


@ibis.udf.scalar.builtin(name="epoch_us")  # type: ignore[untyped-decorator]
def epoch_us(ts: dt.Timestamp(timezone="UTC")) -> dt.int64:  # type: ignore[valid-type]
    """The instant's microseconds since 1970-01-01 UTC."""

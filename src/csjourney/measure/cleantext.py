"""Text as an export spells it, made one clean value the same way on every backend.

Every value of a file is read as text (but Parquet's and a table's own types), so a
stage history and a survey export are cleaned by the same few expressions: spaces,
tabs and line breaks around a value are removed and a blank value is no value
(`column_text`, `blank`, `strip`), and a timestamp must have the shape of an ISO 8601
date or time before the backend's own parser reads it (`utc_timestamp`). Each is an
Ibis expression written so that DuckDB and Spark give the same answer, and so that
DuckDB spends the least on the values that need nothing done, which are nearly all:
over 10^7 events these expressions were most of the cost of reading.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: An ISO 8601 date, or date and time (minutes at least), with an optional UTC offset.
ISO_8601 = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$"
)
# The spaces `strip` removes, as regex escapes that DuckDB's RE2 and Java read alike.
_SPACE = r"[ \t\n\r\f\x0B]"


def column_text(raw: ir.Table, name: str) -> ir.StringValue:
    """Column `name` as text without the spaces around it, null when blank or absent."""
    import ibis

    if name not in raw.columns:
        return ibis.null("string")
    return strip(raw[name].cast("string")).nullif("")


def blank(raw: ir.Table, name: str) -> ir.BooleanValue:
    """Whether `column_text(raw, name)` is null, stripping only what may be blank.

    Blank text is empty or starts with a space (every space is at most 32): only those
    values are stripped to find out. A CASE, not `null | (first <= 32 & stripped == '')`:
    DuckDB evaluates both sides of an AND in a projection, so the strip would run on
    every value (0.5 s for 10^7 account ids, against 0.08 s), while a CASE evaluates a
    branch only for the rows that reach it.
    """
    import ibis

    if name not in raw.columns:
        return ibis.literal(True)
    value = raw[name].cast("string")
    blank: ir.BooleanValue = ibis.cases(
        (value.isnull(), True), (_below_space(value), strip(value) == ""), else_=False
    )
    return blank


def strip(value: ir.StringValue) -> ir.StringValue:
    """`value` without spaces, tabs and line breaks around it, the same on every backend.

    Not Ibis's own strip: it writes the characters into Spark SQL as '\\v' and '\\f',
    which Spark reads as the letters v and f (an account "v" became blank). The regex
    runs only on values that may have a space at either end: almost none. Those are
    found by the codes of their first and last characters (every space is at most 32),
    which costs a twentieth of the regex's own test, and half of a suffix test per space
    character; anything they let through by mistake (a control character) the regex
    leaves as it is.
    """
    padded = _below_space(value) | _below_space(_last_character(value))
    return padded.ifelse(value.re_replace(f"^{_SPACE}+|{_SPACE}+$", ""), value)


def _below_space(value: ir.StringValue) -> ir.BooleanValue:
    """Whether `value` is empty or starts with a character of code 32 (a space) or less.

    As `value < '!'`: DuckDB and Spark compare text byte by byte, and in UTF-8 a first
    character of code 32 or less is a first byte of 32 or less. The comparison reads no
    more than the first byte, and DuckDB answers it from a Parquet column's minimum
    where it can, without reading the values: twice as fast as the first character's code.
    """
    result: ir.BooleanValue = value < "!"
    return result


def _last_character(value: ir.StringValue) -> ir.StringValue:
    """The value's last character (code point), by `substring(value, -1)`.

    DuckDB and Spark both count a negative start from the end, in code points. Not
    Ibis's `right(1)` nor `substr(-1)`: DuckDB computes those character by character
    (`right` does not work on the dictionary a Parquet column is read as, `substr`
    compiles to `length` and a CASE), five times slower over 10^7 stage values.
    """
    result: ir.StringValue = _substring_function()(value, -1)
    return result


@functools.cache
def _substring_function() -> Callable[..., ir.StringValue]:
    import ibis

    @ibis.udf.scalar.builtin(name="substring")  # type: ignore[untyped-decorator]
    def substring(value: str, start: int) -> str:  # type: ignore[empty-body]
        """The backend's own function: nothing runs in Python."""

    return substring  # type: ignore[no-any-return]


def utc_timestamp(stamp: ir.Value) -> ir.TimestampValue | None:
    """`stamp` as a UTC timestamp (null where text is no timestamp); None for other types."""
    if stamp.type().is_timestamp():
        return stamp.cast("timestamp('UTC')")  # a naive Parquet timestamp is UTC
    if stamp.type().is_date():
        return stamp.cast("timestamp").cast("timestamp('UTC')")  # the day's start, UTC
    if stamp.type().is_string():
        # Each backend's cast also takes other forms (DuckDB 'epoch' and 'infinity', Spark
        # '2024' and '2024-01'): the shape decides first, so every backend reads the same.
        import ibis

        text = strip(stamp)
        shaped = text.re_search(ISO_8601).ifelse(text, ibis.null("string"))
        return shaped.try_cast("timestamp('UTC')")
    return None

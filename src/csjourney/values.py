"""Arithmetic and text for the dates and numbers of a map, safe at the edges.

A valid map may hold `reviewed: 9999-12-31`, `review_every_days: 3000000` or
a target of 1e308: Python's `date + timedelta` raises past year 9999, a
difference of two large floats is infinite, and `str()` of an int over 4,300
digits raises. Every check and view does such sums through here, so none of
them can fail on a map the format allows. No heavy imports: the CLI loads it.
"""

from __future__ import annotations

import datetime as dt
import math
import re

# Past this many digits an int is shown shortened; `str()` would refuse past 4,300.
_SHORT_DIGITS = 20


def add_days(day: dt.date, days: int) -> dt.date | None:
    """`day` plus `days`, or None when the sum falls outside the calendar (years 1-9999).

    None means "never, as far as dates go": a review due after 9999-12-31 is never overdue.
    """
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:  # the sum, or a `days` too large for a timedelta at all
        return None


def int_text(value: int) -> str:
    """An int as digits when short, else `12345678...12345678 (5,000 digits)`; never raises."""
    if -(10**_SHORT_DIGITS) < value < 10**_SHORT_DIGITS:
        return str(value)
    magnitude = abs(value)
    digits = _digit_count(magnitude)
    head = magnitude // 10 ** (digits - 8)
    tail = magnitude % 10**8
    sign = "-" if value < 0 else ""
    return f"{sign}{head}...{tail:08d} ({digits:,} digits)"


def _digit_count(magnitude: int) -> int:
    """Decimal digits of a positive int, without converting it to text."""
    estimate = max(1, int(magnitude.bit_length() * math.log10(2)))
    # The estimate is off by at most one either way; settle it exactly.
    while 10**estimate <= magnitude:
        estimate += 1
    while estimate > 1 and 10 ** (estimate - 1) > magnitude:
        estimate -= 1
    return estimate


def number_text(value: float) -> str:
    """A number as its author would write it: `3`, `4.1`, `1e+300`, never `3.0`.

    For quoting the file: a value in backticks, or YAML a hint asks to write
    (no thousands separator, every digit). Prose, the reports and diff write
    numbers with `domain.number_text` (12,500).
    """
    if isinstance(value, int):
        return int_text(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 10**_SHORT_DIGITS:
        return str(int(value))
    if abs(value) >= 10**_SHORT_DIGITS:
        return f"{value:g}"
    return repr(value)


def fraction_of(value: float, low: float, high: float) -> float:
    """Where `value` lies between `low` and `high`, 0 to 1, for charts.

    Finite even when `high - low` overflows (-1e308 to 1e308): the sums are
    done on halves, which cannot overflow. 1 when the range is a point: the
    value is at its high end.
    """
    span = high / 2 - low / 2
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (value / 2 - low / 2) / span))


# "a" or "an" by sound. Letters whose English name starts with a vowel sound: "an F",
# "an NPS", "an SLA"; words with a vowel letter but a consonant sound ("a unit", "a one-off"),
# or the other way round ("an hour"); numbers said with a vowel first: 8, 80, 11, 18.
_AN_LETTERS = frozenset("AEFHILMNORSX")
_CONSONANT_SOUND = re.compile(r"(?:uni|use|usa|usu|uti|ure|uro|ubiq|eu|ewe|one\b|once)")
_VOWEL_SOUND = re.compile(r"(?:hour|honest|honou?r|heir)")
_FIRST_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+(?:s\b)?")
_AN_NUMBER = re.compile(r"(?:8|1[18](?![0-9]))")
# Metric types said letter by letter even when written in lower case, as ids are (`nps`).
_SPELLED = frozenset({"nps", "csat", "ces", "nrr", "grr"})


def with_article(phrase: str) -> str:
    """`phrase` after "a" or "an", by how its first word sounds: an NPS metric, an
    `nps` metric, a CSAT metric, a unit, an hour, an 8-week plan. Backticks are skipped."""
    match = _FIRST_WORD.search(phrase)
    first = match.group() if match else ""
    if not first:
        vowel = False
    elif first[0].isdigit():
        vowel = bool(_AN_NUMBER.match(first))
    elif _ACRONYM.fullmatch(first) or first in _SPELLED:
        vowel = first[0].upper() in _AN_LETTERS
    else:
        lower = first.lower()
        vowel = bool(_VOWEL_SOUND.match(lower)) or (
            lower[0] in "aeiou" and not _CONSONANT_SOUND.match(lower)
        )
    return f"{'an' if vowel else 'a'} {phrase}"

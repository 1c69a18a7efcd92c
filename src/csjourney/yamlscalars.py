"""How a YAML scalar becomes a Python value.

The YAML 1.2 core schema (null, bool, int, float) plus ISO dates, which
YAML 1.1 tools write unquoted and journey maps use for `reviewed`, `due`...
Anything else stays text. `yes`/`no`/`on`/`off` and `1_000` are text, as in
YAML 1.2. A core tag decides the type (`!!int "1"` is the number 1) and must
fit the value (`!!int abc`, `!!null 20000` are errors).

Numbers are bounded here, once: past about 1.8e308 a float turns into
infinity, `int()` refuses more than 4,300 digits and `str()` of such a number
fails later. Journey maps hold scores, percentages, amounts and counts, so a
number outside the float range is reported where it is written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from typing import Any

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_FLOAT_SPECIAL = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"}
_NAN = {".nan", ".NaN", ".NAN"}
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Every value that is not text starts with one of these: null (`~`, `null`, ``), booleans,
# numbers (`-1`, `+1`, `.5`, `0x1f`), `.inf` and `.nan`, dates; and a line break, as
# `$` matches before a final one (a quoted `!!null "\n"` is null).
_TYPED_STARTS = frozenset("~nNtTfF+-.0123456789\n")
_WORD_STARTS = frozenset("~nNtTfF\n")  # of these, the ones no number or date starts with
# A YAML timestamp that is not a plain date (a time attached...): the model says why.
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9].*)?$")

_FLOAT_MAX = int(sys.float_info.max)
# Digits past which (leading zeros aside) an integer of that base exceeds _FLOAT_MAX.
_MAX_DIGITS = {10: 309, 8: 342, 16: 256}
_SHORT = 18  # shorter numbers are always in range: the common case stays one int() call


class ScalarProblem(ValueError):
    """A scalar that cannot become a value: a number out of range, a tag that does not fit."""

    def __init__(self, name: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.name, self.message, self.hint = name, message, hint


def resolve_plain(text: str) -> Any:
    """The YAML 1.2 core schema (plus ISO dates) for an untagged plain scalar."""
    if not text:
        return None
    first = text[0]
    if first not in _TYPED_STARTS:
        return text  # most of a map: names, ids, prose
    if first in _WORD_STARTS:  # null or a boolean, else text (`nps`, `trial-users`)
        if _NULL.match(text):
            return None
        return _BOOL.get(text, text)
    if _INT.match(text):
        return _integer(text, text.lstrip("+-"), 10)
    if _FLOAT.match(text):
        value = float(text)
        if math.isinf(value):
            raise _out_of_range(text)
        return value
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # an impossible date stays text; the model reports it
    if _INT_OCT.match(text):
        return _integer(text, text[2:], 8)
    if _INT_HEX.match(text):
        return _integer(text, text[2:], 16)
    if text in _FLOAT_SPECIAL:
        return float(text.replace(".", "", 1))
    if text in _NAN:
        return float("nan")
    return text


def resolve_tagged(tag: str, text: str) -> Any:
    """A scalar with the core tag `!!tag` (`str`, `int`...), quoted or not."""
    if tag == "str":
        return text
    value = resolve_plain(text)
    kind = type(value)
    if tag == "float" and kind is int:
        return float(value)
    if (tag, kind) in _FITS:
        return value
    if tag == "timestamp" and kind is str and _TIMESTAMP.match(text):
        return text
    shown = text if len(text) <= 40 else text[:37] + "..."
    raise ScalarProblem(
        "unsupported-tag",
        f"the tag `!!{tag}` does not fit the value `{shown}`, which is not {_WHAT[tag]}",
        "remove the tag, or write the value the tag names",
    )


_FITS = {
    ("null", type(None)),
    ("bool", bool),
    ("int", int),
    ("float", float),
    ("timestamp", dt.date),
}
_WHAT = {
    "null": "empty (`null`, `~`)",
    "bool": "`true` or `false`",
    "int": "a whole number",
    "float": "a number",
    "timestamp": "a date",
}


def _integer(text: str, digits: str, base: int) -> int:
    if len(digits) <= _SHORT:
        return int(digits, base) * (-1 if text[0] == "-" else 1)
    digits = digits.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS[base]:
        raise _out_of_range(text)  # before int(): it may refuse or take long
    value = int(digits, base)
    if value > _FLOAT_MAX:
        raise _out_of_range(text)
    return -value if text[0] == "-" else value


def _out_of_range(text: str) -> ScalarProblem:
    shown = (
        f"`{text}`"
        if len(text) <= 24
        else f"`{text[:12]}...{text[-6:]}` ({len(text):,} characters)"
    )
    return ScalarProblem(
        "out-of-range",
        f"the number {shown} is out of range: csjourney reads numbers up to about 1.8e308",
        "check the value: journey maps hold scores, percentages, amounts and counts",
    )

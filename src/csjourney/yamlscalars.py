"""How an untagged plain YAML scalar becomes a Python value.

The YAML 1.2 core schema (null, bool, int, float) plus ISO dates, which
YAML 1.1 tools write unquoted and journey maps use for `reviewed`, `due`...
Anything else stays text. `yes`/`no`/`on`/`off` are text, as in YAML 1.2.
"""

from __future__ import annotations

import datetime as dt
import re
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


def resolve_plain(text: str) -> Any:
    """The YAML 1.2 core schema (plus ISO dates) for an untagged plain scalar."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # an impossible date stays text; the model reports it
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if text in _FLOAT_SPECIAL:
        return float(text.replace(".", "", 1))
    if text in _NAN:
        return float("nan")
    return text

"""How a plain scalar becomes a value: the shortcuts give what the full rules give.

`yamlscalars.resolve_plain` answers most scalars from their first character
(text that cannot be a number, a date, null or a boolean; words that can only
be null or a boolean). The reference below is the rule list without any
shortcut, in the order the YAML 1.2 core schema (plus ISO dates) reads it;
both must agree on every text, including the odd ones: empty, a lone line
break (`$` matches before it), signs, dots and digits mixed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import re
from typing import Any

import pytest

from csjourney.yamlscalars import ScalarProblem, resolve_plain, resolve_tagged

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:~|null|Null|NULL|)$"), "null"),
    (re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "bool"),
    (re.compile(r"^[-+]?[0-9]+$"), "int"),
    (re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), "float"),
    (re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), "date"),
    (re.compile(r"^0o[0-7]+$"), "oct"),
    (re.compile(r"^0x[0-9a-fA-F]+$"), "hex"),
    (re.compile(r"^[-+]?\.(?:inf|Inf|INF)$"), "inf"),
    (re.compile(r"^\.(?:nan|NaN|NAN)$"), "nan"),
]


def _kind(text: str) -> str:
    """What the full rules make of `text`, first match wins ("text" when none does)."""
    for pattern, kind in _RULES:
        if pattern.match(text):
            if kind == "date":
                try:
                    dt.date.fromisoformat(text)
                except ValueError:
                    return "text"
            return kind
    return "text"


def _got(text: str) -> str:
    try:
        value: Any = resolve_plain(text)
    except ScalarProblem:
        return "out-of-range"
    if value is None:
        return "null"
    if value is text or (isinstance(value, str) and value == text):
        return "text"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf"
    return "float" if isinstance(value, float) else "int-like"


def _agree(text: str) -> bool:
    expected, got = _kind(text), _got(text)
    if expected in ("int", "oct", "hex"):
        return got in ("int-like", "out-of-range")
    if expected == "float":
        return got in ("float", "out-of-range")
    return expected == got


WORDS = [
    "", "\n", "~", "~\n", "null", "Null", "NULL", "nul", "nulls", "true", "True", "TRUE", "tru",
    "false", "FALSE", "nps", "n", "t", "f", "trial-users", "Name", "12", "-3", "+7", "12\n",
    "1.5", ".5", "5.", "-.5", "1e5", "1E-5", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "0x1F",
    "0o17", "0o8", "0xg", "2026-01-02", "2026-13-40", "2026-1-2", "-", "+", ".", "..", "abc",
    "Onboarding", "_id", "~x", "x\n", "\nnull", "null\n",
]  # fmt: skip


@pytest.mark.parametrize("text", WORDS)
def test_a_plain_scalar_reads_as_the_full_rules_read_it(text: str) -> None:
    assert _agree(text), (text, _kind(text), _got(text))


def test_random_plain_scalars_read_as_the_full_rules_read_them() -> None:
    rng = random.Random(13)
    alphabet = "0123456789.-+eExo~ntruefalsNTFAL:_ \n"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(20000)]
    texts += ["".join(p) for p in itertools.product("n~t.1-\n", repeat=3)]
    assert [t for t in texts if not _agree(t)] == []


@pytest.mark.parametrize("text", ["\n", "~", "null", ""])
def test_a_null_tag_fits_what_reads_as_null(text: str) -> None:
    assert resolve_tagged("null", text) is None


def test_words_keep_their_text_and_booleans_their_value() -> None:
    assert resolve_plain("nps") == "nps" and resolve_plain("trial") == "trial"
    assert resolve_plain("true") is True and resolve_plain("FALSE") is False
    assert resolve_plain("Onboarding") == "Onboarding"

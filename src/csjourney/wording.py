"""How messages name things: `Name (id)`, "a"/"an", a metric type as people say it.

Lint findings, structural messages and reports all go through here, so an item
reads the same wherever it is named. Ids a user must type stay as code
(`improves: [ent-nps]`); this module is for the prose around them. Only the
standard library is imported: the CLI loads it on every start.
"""

from __future__ import annotations

import re

# A name longer than this is cut in messages (a message is one line in a terminal).
NAME_WIDTH = 60

# Metric types said as letters; the rest are words (`activation`, `churn`).
_ACRONYM_TYPES = frozenset({"nps", "csat", "ces", "nrr", "grr"})

# Letters whose English name starts with a vowel sound: "an F", "an NPS", "an SLA".
_AN_LETTERS = frozenset("AEFHILMNORSX")
# Words that start with a vowel letter but a consonant sound ("a unit", "a one-off"),
# and with a consonant letter but a vowel sound ("an hour").
_CONSONANT_SOUND = re.compile(r"(?:uni|use|usa|usu|uti|ure|uro|ubiq|eu|ewe|one\b|once)")
_VOWEL_SOUND = re.compile(r"(?:hour|honest|honou?r|heir)")
_FIRST_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+(?:s\b)?")
# Numbers read with a vowel sound first: 8, 8.5, 80, 11, 18 (not 110 or 180).
_AN_NUMBER = re.compile(r"(?:8|1[18](?![0-9]))")


def named(name: str | None, item_id: str) -> str:
    """`Executive meetings (ent-exec-meetings)`: the name people know, the id to find it.

    The name is put on one line and cut past NAME_WIDTH characters; with no
    name, or a name that is the id itself, just the id.
    """
    text = " ".join((name or "").split())
    if not text or text == item_id:
        return item_id
    if len(text) > NAME_WIDTH:
        text = text[: NAME_WIDTH - 1].rstrip() + "…"
    return f"{text} ({item_id})"


def article(word: str) -> str:
    """`a` or `an` for the word that follows, by how it sounds."""
    match = _FIRST_WORD.search(word)
    if match is None:
        return "a"
    first = match.group()
    if first[0].isdigit():
        return "an" if _AN_NUMBER.match(first) else "a"
    if _ACRONYM.fullmatch(first) or first in _ACRONYM_TYPES:  # `nps` is said N-P-S too
        first = first.upper()
        return "an" if first[0] in _AN_LETTERS else "a"
    lower = first.lower()
    if _VOWEL_SOUND.match(lower):
        return "an"
    if lower[0] in "aeiou":
        return "a" if _CONSONANT_SOUND.match(lower) else "an"
    return "a"


def with_article(phrase: str) -> str:
    """`an NPS metric`, `a CSAT metric`, `an activation metric`, `a unit`."""
    return f"{article(phrase)} {phrase}"


def metric_type_word(type_name: str) -> str:
    """A metric type as people say it: `NPS`, `CSAT`, `activation`."""
    return type_name.upper() if type_name in _ACRONYM_TYPES else type_name

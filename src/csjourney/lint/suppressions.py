"""Suppression comments: `# csjourney: ignore[RULE, ...] reason` and `ignore-file[...]`.

An item-level comment on the item's line, or on the line above it, silences
the named rules for that item. There is deliberately no bare "ignore
everything" form: a suppression says which rule it silences, so a later
reader knows what was accepted, and `suppression-unused` can tell when it no
longer silences anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from csjourney.diagnostics import Span

_COMMENT = re.compile(r"#\s*csjourney:\s*(?P<kind>ignore-file|ignore)\b(?P<rest>.*)$")
_RULES = re.compile(r"^\[(?P<rules>[^\]]*)\]\s*(?P<reason>.*)$")


@dataclass(slots=True)
class Suppression:
    line: int
    span: Span
    whole_file: bool
    rules: list[str]  # as written: codes or names
    reason: str
    problem: str | None = None  # why this comment is malformed, if it is
    used: set[str] = field(default_factory=set)  # rule codes it silenced


def parse(text: str) -> list[Suppression]:
    """Every csjourney suppression comment in a file's text."""
    found: list[Suppression] = []
    if "csjourney:" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        if "#" not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        column = match.start() + 1
        span = Span(number, column, number, len(line) + 1)
        whole_file = match["kind"] == "ignore-file"
        rules_match = _RULES.match(match["rest"].strip())
        if rules_match is None or not rules_match["rules"].strip():
            found.append(Suppression(number, span, whole_file, [], "", problem="names no rule"))
            continue
        rules = [r.strip() for r in rules_match["rules"].split(",") if r.strip()]
        found.append(Suppression(number, span, whole_file, rules, rules_match["reason"].strip()))
    return found

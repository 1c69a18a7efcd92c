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
from typing import TYPE_CHECKING

from csjourney.diagnostics import Span

if TYPE_CHECKING:
    from csjourney.yamlsource import SourceMap

_COMMENT = re.compile(r"#\s*csjourney:\s*(?P<kind>ignore-file|ignore)\b(?P<rest>.*)$")
# Where a comment could start: every file has `csjourney:` (its version key), few have this.
_CANDIDATE = re.compile(r"#\s*csjourney:")
_RULES = re.compile(r"^\[(?P<rules>[^\]]*)\]\s*(?P<reason>.*)$")
# Lines end where an editor ends them: not at NEL, U+2028 or a form feed, as str.splitlines would.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class Suppression:
    line: int
    span: Span
    whole_file: bool
    rules: list[str]  # as written: codes or names
    reason: str
    problem: str | None = None  # why this comment is malformed, if it is
    used: set[str] = field(default_factory=set)  # rule codes it silenced


def parse(text: str, source: SourceMap | None = None) -> list[Suppression]:
    """Every csjourney suppression comment in a file's text.

    With the file's `source`, text that only looks like a comment (a line of a
    `description: |` block, a `#` inside a quoted or plain string) is not one.
    """
    found: list[Suppression] = []
    if _CANDIDATE.search(text) is None:
        return found
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
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
    if found and source is not None:
        inside = _in_text_values(source, text, [c.span for c in found])
        found = [comment for comment, hidden in zip(found, inside, strict=True) if not hidden]
    return found


def _in_text_values(source: SourceMap, text: str, spans: list[Span]) -> list[bool]:
    """For each span, whether it starts inside a scalar (a key or a text value).

    Only done when a file has candidate comments; the source map records every
    key and value, and a value with nothing recorded below it is a scalar.
    Scalars are indexed by the candidate lines they cover, so the work stays
    linear in the size of the file.
    """
    starts = _line_starts(text)
    wanted = {span.line for span in spans}
    parents = {path[:-1] for path in source.entries if path}
    by_line: dict[int, list[Span]] = {}
    for path, position in source.entries.items():
        scalars = [position.key] if position.key is not None else []
        if path not in parents and _char_at(text, starts, position.value) not in ("[", "{"):
            scalars.append(position.value)
        for scalar in scalars:
            for line in range(scalar.line, scalar.end_line + 1):
                if line in wanted:
                    by_line.setdefault(line, []).append(scalar)
    return [
        any(_holds(text, starts, value, span) for value in by_line.get(span.line, ()))
        for span in spans
    ]


def _holds(text: str, starts: list[int], value: Span, span: Span) -> bool:
    if (
        not (value.line, value.column)
        < (span.line, span.column)
        < (
            value.end_line,
            value.end_column,
        )
    ):
        return False
    # A block scalar's header line (`description: |  # ...`) may end in a real comment.
    return not (span.line == value.line and _char_at(text, starts, value) in ("|", ">"))


def _char_at(text: str, starts: list[int], span: Span) -> str:
    if span.line > len(starts):
        return ""
    offset = starts[span.line - 1] + span.column - 1
    return text[offset : offset + 1]


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

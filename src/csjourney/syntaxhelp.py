"""The YAML parser's wording of a syntax error -> plain words and a way out (CSJ001).

libyaml says what broke its grammar ("found a tab character that violates
indentation", "block sequence entries are not allowed in this context"); a
newcomer needs what they typed wrong and how to fix it, the advice
docs/errors.md gives for CSJ001. `explain` owns that translation; the loader
calls it with the line the parser stopped on.
"""

from __future__ import annotations

import re

# (the parser's words, what they mean, the way out), tried in order.
_SYNTAX_HELP = [
    ("while scanning a quoted scalar", "this quoted value is never closed",
     "add the closing quote at the end of the value"),
    ("unknown escape character", "a `\\` in double quotes starts an escape that does not exist",
     "use single quotes around the value, or write the backslash twice"),
    ("mapping values are not allowed", "unexpected `: ` (a colon and a space)",
     "put a value that contains `: ` in quotes, or line this key up with the keys around it"),
    ("block sequence entries are not allowed", "a list item (`- `) cannot follow a key on its line",
     "put each `- item` on a line of its own, indented below the key, or write the list in "
     "brackets: `segments: [smb, mid-market]`"),
    ("expected '-' indicator", "this line is indented differently from the list around it",
     "line it up, with spaces, under the other keys of the same item"),
    ("did not find expected key", "this line does not fit the keys around it",
     "check its indentation, and put text that is not a `key: value` in quotes"),
    ("could not find expected ':'", "this line is not a `key: value`",
     "write it as `key: value`, or put it in quotes under the key it belongs to"),
    ("expected ',' or ']'", "a `,` or the closing `]` of a `[...]` list is missing",
     "add the missing `,` or `]`"),
    ("expected ',' or '}'", "a `,` or the closing `}` of a `{...}` mapping is missing",
     "add the missing `,` or `}`"),
    ("while scanning an anchor", "`&` starts a YAML anchor", "put the value in quotes"),
    ("while scanning an alias", "`*` starts a YAML alias", "put the value in quotes"),
    ("undefined tag handle", "`!` starts a YAML tag", "put the value in quotes"),
    ("control characters are not allowed", "an invisible control character is not allowed here",
     "delete it (pasted text often brings one), or write it as an escape: `\\x07` in \"...\""),
    ("invalid Unicode character escape", "this escape is not a character: half of a surrogate pair,"
     " or past U+10FFFF", "write the character itself, or both halves of a pair: `\\ud83d\\ude00`"),
]  # fmt: skip

TAB_INDENT = (
    "a tab character indents this line; YAML indents with spaces only",
    "replace the tab with spaces, lining the line up with the keys around it",
)
TAB_ELSEWHERE = (
    "a tab character is not allowed here",
    "replace the tab with a space",
)
# `title:y`: a key, its colon, and the value run together.
_NO_SPACE = re.compile(r"^\s*(?:- )?([\w-]+):([^\s:/]\S*)")
# Grammar errors where text that follows a closed quote is the likely slip.
_AFTER_VALUE = ("did not find expected key", "expected comment or line break")


def explain(message: str, line: str, column: int) -> tuple[str, str | None]:
    """(plain message, hint) for the parser's `message` at `column` (1-based) of `line`."""
    char = line[column - 1] if 0 < column <= len(line) else ""
    if "tab character" in message or ("cannot start any token" in message and char == "\t"):
        return TAB_INDENT if "\t" in _indent(line) or not line.strip() else TAB_ELSEWHERE
    if "cannot start any token" in message and char:
        shown = "`` ` ``" if char == "`" else f"`{char}`"
        return f"a value cannot start with {shown}", "put the value in quotes"
    if "did not find expected key" in message and line.lstrip().startswith("- "):
        return (
            "a list item (`- `) among the keys of a mapping",
            "remove the dash, or indent the item under the key whose list it belongs to",
        )
    quote = _closed_quote_before(line, column)
    if quote and any(wording in message for wording in _AFTER_VALUE):
        return (
            f"text follows the closing {quote} of a quoted value",
            "put the whole value in one pair of quotes; inside single quotes write a quote "
            "twice (`'it''s'`), or use double quotes (`\"it's\"`)",
        )
    run_together = _NO_SPACE.match(line)
    if run_together and "could not find expected ':'" in message:
        key, value = run_together.groups()
        return f"no space after the colon of `{key}:`", f"write `{key}: {value}`"
    for wording, plain, hint in _SYNTAX_HELP:
        if wording in message:
            # "problem (while context)" -> "problem, while context", to avoid nested brackets
            parser_says = re.sub(r" \((while .*)\)$", r", \1", message)
            return f"{plain} (YAML: {parser_says})", hint
    return message, None


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _closed_quote_before(line: str, column: int) -> str | None:
    """`"` or `'` when the text before `column` ends with a quoted value (then spaces)."""
    before = line[: max(column - 1, 0)].rstrip()
    if before[-1:] in ('"', "'") and before.count(before[-1]) >= 2:
        return "double quote" if before[-1] == '"' else "single quote"
    return None

"""YAML text as libyaml should see it, and libyaml's errors as the editor shows them.

libyaml implements YAML 1.1, which differs from YAML 1.2 and from editors here:

* NEL (U+0085), LS (U+2028) and PS (U+2029) end a line for libyaml, for
  neither YAML 1.2 nor an editor (only CR, LF and CRLF do). Each is swapped,
  one character for one, for a private-use character the text lacks, so every
  position libyaml reports is already the editor's and values get the
  original character back (`Prepared.restore`);
* a surrogate-pair escape, as JSON writes characters beyond U+FFFF
  (`"\\ud83d\\ude00"`), is refused. The pair is rewritten at the same length as
  `\\U0001F600` plus two padding characters dropped from values. Spotting an
  escape needs the parser (the same letters are plain text outside double
  quotes), so a rewrite is kept only where the parse found a double-quoted
  scalar (`Prepared.confirmed`).

A text holding none of these characters is passed through untouched.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from csjourney.diagnostics import Span

EDITOR_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LIBYAML_ONLY_BREAKS = "\x85\u2028\u2029"
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
)
_PAIR_LENGTH = 12  # `\uD83D\uDE00`; its rewrite `\U0001F600` is 10 characters, plus 2 of padding
_STAND_INS = (*range(0xF8FF, 0xE000, -1), *range(0xFFFFD, 0xF0000, -1))


@dataclass(frozen=True, slots=True)
class Prepared:
    text: str  # what libyaml parses: as long as the file's text, character for character
    restore: dict[int, str | None] | None  # str.translate table back to the file's characters
    # Where surrogate pairs were rewritten, and with what; `base` is the text before that.
    rewrites: tuple[tuple[int, str], ...] = ()
    base: str = ""

    def confirmed(self, quoted: list[tuple[int, int]]) -> Prepared:
        """Only the rewrites that lie in a double-quoted scalar (start, end), as a parse found."""
        starts = [start for start, _ in quoted]

        def inside(index: int) -> bool:
            at = bisect_right(starts, index) - 1
            return at >= 0 and index < quoted[at][1]

        kept = tuple(rewrite for rewrite in self.rewrites if inside(rewrite[0]))
        if len(kept) == len(self.rewrites):
            return self
        return replace(self, text=_apply(self.base, kept), rewrites=kept)


def _stand_ins(text: str) -> Iterator[str]:
    # A stand-in must not be in the text, written or as an escape, or restoring would change it.
    lowered = text.lower()
    return (
        chr(code) for code in _STAND_INS if chr(code) not in text and f"{code:04x}" not in lowered
    )


def swap_line_breaks(text: str, free: Iterator[str] | None = None) -> Prepared:
    """The text with NEL, LS and PS swapped for stand-ins, and the table to swap them back.

    `fmt` uses this alone: its round-trip parser reads YAML 1.1 line breaks too.
    """
    breaks = [c for c in _LIBYAML_ONLY_BREAKS if c in text]
    if not breaks:
        return Prepared(text, None)
    free = free or _stand_ins(text)
    swap = {ord(c): next(free) for c in breaks}
    restore: dict[int, str | None] = {ord(stand_in): chr(c) for c, stand_in in swap.items()}
    return Prepared(text.translate(swap), restore)


def prepare(text: str) -> Prepared:
    pairs = list(_SURROGATE_PAIR.finditer(text)) if "\\u" in text else []
    if not pairs:
        return swap_line_breaks(text)
    free = _stand_ins(text)
    swapped = swap_line_breaks(text, free)
    base, restore = swapped.text, dict(swapped.restore or {})
    padding = next(free)
    restore[ord(padding)] = None
    rewrites = []
    for match in pairs:
        high, low = int(match[2], 16), int(match[3], 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        rewrites.append((match.start() + len(match[1]), f"\\U{code:08X}{padding * 2}"))
    return Prepared(_apply(base, tuple(rewrites)), restore, tuple(rewrites), base)


def _apply(base: str, rewrites: tuple[tuple[int, str], ...]) -> str:
    pieces, done = [], 0
    for start, replacement in rewrites:
        pieces += [base[done:start], replacement]
        done = start + _PAIR_LENGTH
    return "".join([*pieces, base[done:]])


# -- before decoding ------------------------------------------------------

# Text in UTF-32 or UTF-16, by its byte order mark (UTF-32 LE's starts with UTF-16 LE's,
# so it comes first) or, without one, by where ASCII's zero bytes fall (YAML 1.2, 5.2).
_WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_WIDE_UNMARKED = (
    (re.compile(rb"\x00\x00\x00[^\x00]"), "utf-32-be"),
    (re.compile(rb"[^\x00]\x00\x00\x00"), "utf-32-le"),
    (re.compile(rb"\x00[^\x00]"), "utf-16-be"),
    (re.compile(rb"[^\x00]\x00"), "utf-16-le"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def wide_encoding(raw: bytes) -> str | None:
    """The wide encoding ("UTF-32", "UTF-16") the bytes are text in, or None."""
    for mark, name in _WIDE_ENCODINGS:
        if raw.startswith(mark):
            return name
    for pattern, codec in _WIDE_UNMARKED:
        if pattern.match(raw):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return None if _CONTROL.search(text) else codec[:6].upper()
    return None


# -- libyaml's errors ----------------------------------------------------


def position(text: str, index: int) -> tuple[int, int]:
    """The editor's 1-based (line, column) of character `index`."""
    before = text[:index]
    breaks = list(EDITOR_LINE_BREAK.finditer(before))
    if not breaks:
        return 1, index + 1
    return len(breaks) + 1, index - breaks[-1].end() + 1


def line_at(text: str, line: int) -> str:
    lines = EDITOR_LINE_BREAK.split(text)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def describe(error: Exception) -> str:
    problem = getattr(error, "problem", None) or getattr(error, "reason", None)
    character = getattr(error, "character", None)
    if isinstance(character, int) and problem:
        problem = f"{problem}: U+{character:04X}"
    context = getattr(error, "context", None)
    if problem and context:
        return f"{problem} ({context})"
    return str(problem or error).splitlines()[0]


def locate_error(error: Exception, text: str) -> tuple[Span, str | None]:
    """Where to show a libyaml error, and the `[` or `{` it is about if that is never closed."""
    mark = getattr(error, "problem_mark", None)
    context = getattr(error, "context_mark", None)
    wording = getattr(error, "context", None) or ""
    if wording.startswith("while parsing a flow"):
        unclosed = _unclosed_flows(text)
        # libyaml names the collection (`... a flow sequence`) or, at the end of the file,
        # only the node it expected (`... a flow node`): then the innermost open one.
        opening = context.index if context is not None and "node" not in wording else None
        if opening is None and unclosed:
            opening = unclosed[-1]
        if opening is not None and opening in unclosed:
            return Span.point(*position(text, opening)), text[opening]
    # An unclosed quote is best shown where it opens, a line missing its `:` where
    # the line starts.
    if context is not None and (
        mark is None or mark.index >= len(text.rstrip()) or wording == "while scanning a simple key"
    ):
        mark = context
    if mark is not None:
        column = mark.column + 1
        if getattr(error, "problem", "") == "found invalid Unicode character escape code":
            column -= 2  # libyaml points past the `\u`; the escape starts at its backslash
        return Span.point(mark.line + 1, column), None
    offset = getattr(error, "position", None)  # a reader error's, in UTF-8 bytes
    if isinstance(offset, int):
        index = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        return Span.point(*position(text, index)), None
    return Span(1, 1, 1, 1), None


def _unclosed_flows(text: str) -> list[int]:
    """Where each `[` or `{` that is never closed opens, outermost first, by libyaml's scanner."""
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    from ruamel.yaml.error import YAMLError

    opened: list[int] = []
    scanner: Any = CParser(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            name = type(token).__name__
            if name in ("FlowSequenceStartToken", "FlowMappingStartToken"):
                opened.append(token.start_mark.index)
            elif name in ("FlowSequenceEndToken", "FlowMappingEndToken") and opened:
                opened.pop()
    except YAMLError:
        pass
    return opened

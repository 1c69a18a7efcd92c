"""Escaping user text for each output target: DOT and Markdown.

HTML is escaped by Jinja2's autoescape and Mermaid by render/mermaid.py (built on
`one_line` here); everything else goes through here. Every function takes raw
user text and returns text that shows as exactly that text.

Messages (lint findings, their hints) are the one kind of text with markup of
their own: `code` spans around ids and YAML. `code_spans` reads them once, and
`md_message` / `html_message` show them as code in Markdown and as <code> in
HTML, with everything else escaped as above.
"""

from __future__ import annotations

import html
import re
import textwrap
from typing import Any

from csjourney.safetext import SURROGATES, UNSAFE

# Line breaks become newlines; then every character the terminal would show
# escaped (C0 and C1 controls, bidi controls, invisible spaces, lone surrogates)
# is dropped: none has a glyph, XML (so SVG and DOT HTML labels) forbids most,
# and in a report or a PR comment they would reorder or hide what is read.
_LINE_BREAK = re.compile("\r\n?|[\u2028\u2029]")
_CONTROL = re.compile(f"[{UNSAFE}{SURROGATES}]")


def plain(text: str) -> str:
    """Drop invisible control characters; the start of every escape below."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def one_line(text: str) -> str:
    """Collapse newlines and runs of white space into single spaces."""
    return " ".join(plain(text).split())


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, paragraphs kept; a longer word (a URL)
    is cut, so one word cannot stretch a whole column of the map."""
    lines: list[str] = []
    for paragraph in plain(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


# --- DOT HTML-like labels --------------------------------------------------

_DOT_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def dot_html(text: str) -> str:
    """Text for a Graphviz HTML-like label: markup characters become entities.

    Entities are what Graphviz's label parser (expat) understands, so `&lt;`
    in user text reaches the picture as the four characters `&lt;`.
    """
    return "".join(_DOT_HTML.get(char, char) for char in plain(text))


def dot_lines(text: str, width: int) -> str:
    """Wrapped text for an HTML-like label, lines joined by `<BR/>`."""
    return '<BR ALIGN="LEFT"/>'.join(dot_html(line) for line in wrap(text, width))


def dot_quoted(text: str) -> str:
    """A double-quoted DOT string (ids, plain attributes), backslashes kept literal."""
    escaped = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# --- Markdown ----------------------------------------------------------------

# Characters that start inline markup (emphasis, code, links, GitHub's `$math$`)
# or end a table cell. `<` and `&` become entities so GitHub shows them, not tags.
_MD_INLINE = re.compile(r"([\\`*_\[\]|~$])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")

# What GitHub turns into a notification or a link by itself: `@user`/`@org/team`
# (and the `@` of an e-mail address), `scheme://...` and `www.`. A zero-width
# space, written as an entity so the output stays ASCII, breaks each: the reader
# sees the same text.
_GITHUB_AUTOLINK = re.compile(r"(?<=@)(?=[\w-])|(?=://)|(?<=\bwww)(?=\.)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "&#x200b;"


def github_inert(escaped: str) -> str:
    """Already escaped Markdown or HTML text with mentions and bare URLs made inert."""
    return _GITHUB_AUTOLINK.sub(ZERO_WIDTH_SPACE, escaped)


def md_inline(text: str) -> str:
    """Text for a Markdown paragraph, heading or list item, shown literally."""
    return _md_escape(one_line(text))


def _md_escape(text: str) -> str:
    """Inline escaping of one line, its spaces kept (a piece of a longer line)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return github_inert(_MD_INLINE.sub(r"\\\1", text))


def html_inline(text: str) -> str:
    """Text inside raw HTML in Markdown (`<summary>`): one line, escaped, inert."""
    return github_inert(html.escape(one_line(text), quote=True))


def md_block(text: str) -> str:
    """A multi-line paragraph: inline escaping per line, no accidental headings or lists."""
    lines = [md_inline(line) for line in plain(text).splitlines() if line.strip()]
    return "  \n".join(_MD_BLOCK_START.sub(r"\1\\\2", line) for line in lines)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: one line, `|` escaped, newlines as `<br>`."""
    lines = [md_inline(line) for line in plain(text).splitlines() if line.strip()]
    return "<br>".join(lines) or " "


def md_code(text: str) -> str:
    """An inline code span that holds any text, even backticks (CommonMark rule)."""
    text = one_line(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# --- Messages: prose with `code` spans --------------------------------------

# A run of backticks opens a span when no letter or digit is right before it, and
# the next run of the same length closes it when none is right after: so an id in
# a message is code, while a stray backtick in a name ("Don`t") stays text.
_CODE_SPAN = re.compile(r"(?<![\w`])(`+)(?!`)(.+?)(?<!`)\1(?![\w`])")


def code_spans(message: str) -> list[tuple[str, bool]]:
    """A one-line message as (text, is_code) pieces; unmatched backticks are text."""
    text = one_line(message)
    pieces: list[tuple[str, bool]] = []
    end = 0
    for match in _CODE_SPAN.finditer(text):
        if match.start() > end:
            pieces.append((text[end : match.start()], False))
        code = match.group(2)
        if len(code) > 2 and code.startswith(" ") and code.endswith(" ") and code.strip():
            code = code[1:-1]  # CommonMark: the padding that lets code begin with a backtick
        pieces.append((code, True))
        end = match.end()
    if end < len(text):
        pieces.append((text[end:], False))
    return pieces


def md_message(message: str) -> str:
    """A message for a Markdown table cell: its code spans as code, the rest as text."""
    parts = [md_code(piece) if code else _md_escape(piece) for piece, code in code_spans(message)]
    return "".join(parts) or " "


def html_message(message: str) -> Any:
    """A message as safe HTML (markupsafe `Markup`): code spans in <code>, all escaped."""
    from markupsafe import Markup, escape

    return Markup("").join(
        Markup("<code>{}</code>").format(piece) if code else escape(piece)
        for piece, code in code_spans(message)
    )

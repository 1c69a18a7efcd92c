"""The one place where csjourney positions become LSP positions, and back.

csjourney's `Span` is 1-based, end exclusive, its columns Python `str`
indexes (code points). LSP positions are 0-based and count a line's
characters in the negotiated position encoding: UTF-16 code units unless the
client offered UTF-8 or UTF-32 and the server chose it (pygls chooses; the
workspace knows). A character beyond U+FFFF is one column for csjourney and
two UTF-16 units for most editors, so every conversion needs the line's text.

Lines are split as editors and csjourney both split them (`\\r\\n`, `\\r`,
`\\n`; see csjourney.yamltext). A column past the end of its line (an
end-of-file span) keeps its excess, which LSP clients read as the line end.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from lsprotocol import types

from csjourney.diagnostics import Span
from csjourney.yamltext import EDITOR_LINE_BREAK

UTF16 = types.PositionEncodingKind.Utf16


class LineIndex:
    """A text's lines, to convert columns within them; built once per text.

    `encoding` is the session's negotiated position encoding (a
    `PositionEncodingKind` or its string value).
    """

    __slots__ = ("_units", "lines")

    def __init__(self, text: str, encoding: types.PositionEncodingKind | str | None = UTF16):
        self.lines: Sequence[str] = EDITOR_LINE_BREAK.split(text)
        kind = str(getattr(encoding, "value", encoding) or "utf-16")
        self._units = _UNIT_COUNTERS.get(kind, _utf16_units)

    def line(self, index: int) -> str:
        """The 0-based line `index`, empty past the end of the text."""
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of csjourney's 1-based (line, column)."""
        text = self.line(line - 1)
        index = max(column - 1, 0)
        units = self._units(text[:index]) + max(index - len(text), 0)
        return types.Position(line=max(line - 1, 0), character=units)

    def range(self, span: Span) -> types.Range:
        return types.Range(
            start=self.position(span.line, span.column),
            end=self.position(span.end_line, span.end_column),
        )

    def column(self, position: types.Position) -> tuple[int, int]:
        """csjourney's 1-based (line, column) of an LSP position.

        A position inside a surrogate pair (UTF-16) or a multi-byte character
        (UTF-8) lands on that character.
        """
        text = self.line(position.line)
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return position.line + 1, index + 1
            units += self._units(char)
            if units > position.character:
                return position.line + 1, index + 1
        return position.line + 1, len(text) + 1 + max(position.character - units, 0)

    def span(self, lsp_range: types.Range) -> Span:
        """The csjourney span of an LSP range."""
        line, column = self.column(lsp_range.start)
        end_line, end_column = self.column(lsp_range.end)
        return Span(line, column, end_line, end_column)


def _utf16_units(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf8_units(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _utf32_units(text: str) -> int:
    return len(text)


_UNIT_COUNTERS = {"utf-16": _utf16_units, "utf-8": _utf8_units, "utf-32": _utf32_units}


def span_to_range(span: Span, text: str, encoding: str | None = UTF16) -> types.Range:
    """One span's LSP range; for many spans of one text, build a `LineIndex` once."""
    return LineIndex(text, encoding).range(span)


def range_to_span(lsp_range: types.Range, text: str, encoding: str | None = UTF16) -> Span:
    return LineIndex(text, encoding).span(lsp_range)


def position_to_column(
    position: types.Position, text: str, encoding: str | None = UTF16
) -> tuple[int, int]:
    """csjourney's 1-based (line, column) of an LSP position in `text`."""
    return LineIndex(text, encoding).column(position)


def uri_to_path(uri: str) -> Path | None:
    """The absolute path of a `file:` URI; None for any other scheme (untitled:, git:...)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]  # file:///C:/x -> C:/x
    if parsed.netloc and parsed.netloc != "localhost":
        path = f"//{parsed.netloc}{path}"  # a UNC share
    return Path(os.path.abspath(path))


def path_to_uri(path: Path) -> str:
    """The `file:` URI of a path, made absolute (no symlink resolution: the name given)."""
    absolute = Path(os.path.abspath(path)).as_posix()
    if not absolute.startswith("/"):
        absolute = "/" + absolute
    return "file://" + quote(absolute, safe="/:")

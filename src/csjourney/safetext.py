"""Text that cannot be turned against the person or the terminal reading it.

A map can carry any character (YAML escapes reach all of Unicode), and a file
name any byte. Shown raw, ESC sequences recolour, hide or rewrite a terminal,
CR overwrites the line a reader trusts, bidi controls reorder what is seen, and
an undecodable file name (a surrogate-escaped str) cannot even be encoded.
`printable` owns the escaping; `SafeWriter` applies it to stdout and stderr for
the whole run (cli.main), so a message that forgets it is still escaped there.
Only `write_styled` lets escape sequences through, and only our own colours.

Only the standard library is imported: the CLI loads this on every start.
"""

from __future__ import annotations

import re
import sys
from pathlib import PurePath
from typing import TextIO

# C0 (but tab and newline), DEL, C1, bidi embeddings/overrides/isolates and marks,
# line and paragraph separators, and the invisible zero-width space, word joiner
# and BOM, and the two non-characters XML forbids. ZWJ/ZWNJ stay: they are
# part of emoji and of several scripts. What `printable` returns is valid XML 1.0.
_ALL_BUT_CR = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060"
    "\u2066-\u2069\ufeff\ufffe\uffff"
)
UNSAFE = "\r" + _ALL_BUT_CR
SURROGATES = "\ud800-\udfff"
_FIELD = re.compile(f"[\n{UNSAFE}{SURROGATES}]")
# In whole outputs CRLF stays (the cursor ends on a new line, nothing is overwritten).
_STREAM = re.compile(f"\r(?!\n)|[{_ALL_BUT_CR}{SURROGATES}]")
_JSON_UNSAFE = re.compile(f"[{UNSAFE}{SURROGATES}]")
# The only escape sequences we send ourselves: the text reporter's colours.
_OUR_SGR = re.compile(r"\x1b\[(?:0|1|2|31|32|33|36)m")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """One line of user text (a name, a message, a path) with every invisible or
    controlling character shown as an escape such as `\\x1b` or `\\u202e`."""
    return _FIELD.sub(_escape, text)


def printable_lines(text: str) -> str:
    """Like `printable`, but newlines (and CRLF) stay: for whole outputs and messages."""
    return _STREAM.sub(_escape, text)


def display_path(path: PurePath | str) -> str:
    """A path as reports show it: forward slashes, bad bytes and controls escaped."""
    text = path.as_posix() if isinstance(path, PurePath) else path
    return printable(text)


def json_document(document: object) -> str:
    """JSON with user text kept exact, but every character `printable` escapes
    written as a `\\uXXXX` escape: the same data, safe to `cat`, valid UTF-8."""
    import json

    text = json.dumps(document, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def _guard(text: str) -> str:
    """Escape everything unsafe except our own colour codes."""
    parts = _OUR_SGR.split(text)
    codes = _OUR_SGR.findall(text)
    out = [printable_lines(parts[0])]
    for code, part in zip(codes, parts[1:], strict=True):
        out += [code, printable_lines(part)]
    return "".join(out)


class SafeWriter:
    """A text stream that escapes what it is given, then writes it to `stream`.

    It has no `buffer`, so nothing (click's echo included) can go around it, and
    rejects bytes, which is how click tells a text stream from a binary one.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"
        self.errors = "strict"

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.stream.write(printable_lines(text))
        return len(text)

    def write_styled(self, text: str) -> None:
        """Text painted by the text reporter: its colour codes pass, nothing else."""
        self.stream.write(_guard(text))

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    @property
    def closed(self) -> bool:
        return bool(getattr(self.stream, "closed", False))


def write_styled(text: str) -> None:
    """Print a report that may carry our colours (its user text already escaped)."""
    stream = sys.stdout
    if isinstance(stream, SafeWriter):
        stream.write_styled(text)
    else:
        stream.write(_guard(text))


def write_data(text: str) -> None:
    """Print data that must arrive byte for byte (`fmt -`, a filter): unescaped."""
    stream = sys.stdout
    (stream.stream if isinstance(stream, SafeWriter) else stream).write(text)


def guard_standard_streams() -> tuple[TextIO, TextIO]:
    """Put a SafeWriter in front of stdout and stderr; returns the originals."""
    original = (sys.stdout, sys.stderr)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # no console at all (pythonw): nothing to guard
            continue
        if str(getattr(stream, "encoding", "utf-8")).lower().replace("-", "") != "utf8":
            # A terminal that cannot show a character gets `\u2192`, not a crash.
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        setattr(sys, name, SafeWriter(stream))
    return original

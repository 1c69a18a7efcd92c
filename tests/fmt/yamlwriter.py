"""Write plain data as YAML in a layout chosen by hypothesis: key order, indentation,
list style, quoting, blank lines and comments all vary; the data does not.

The formatter's property tests feed these texts to `fmt` and check that the data
and every comment come out the same, whatever layout went in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from csjourney.yamlscalars import resolve_plain

_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9 .()_/%-]*$")


@dataclass
class Writer:
    draw: Any  # hypothesis `data.draw`
    step: int  # spaces per mapping level
    dash_offset: int  # columns from a key to the dashes of its block sequence
    comments: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def _maybe_comment_lines(self, column: int) -> None:
        if self.draw(st.integers(0, 5)) == 0:
            self.lines.append("")
        if self.draw(st.integers(0, 4)) == 0:
            text = f"# note {len(self.comments)}"
            self.comments.append(text)
            self.lines.append(" " * self.draw(st.integers(0, column)) + text)

    def _eol(self) -> str:
        if self.draw(st.integers(0, 4)) != 0:
            return ""
        text = f"# eol {len(self.comments)}"
        self.comments.append(text)
        return "  " + text

    def scalar(self, value: Any) -> str:
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return repr(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value)
        plain_ok = _PLAIN_SAFE.match(text) and resolve_plain(text) == text and text == text.strip()
        if plain_ok and self.draw(st.booleans()):
            return text
        if self.draw(st.booleans()) and "'" not in text:
            return f"'{text}'"
        return json.dumps(text, ensure_ascii=False)

    def flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.scalar(value)

    def _is_flowable(self, value: Any) -> bool:
        if isinstance(value, list):
            return all(not isinstance(v, dict | list) for v in value)
        return isinstance(value, dict) and all(
            not isinstance(v, dict | list) for v in value.values()
        )

    def mapping(self, data: dict[str, Any], column: int, first_prefix: str | None = None) -> None:
        """Write `data`'s keys at `column`; the first line may start with `first_prefix`."""
        keys = self.draw(st.permutations(list(data)))
        for index, key in enumerate(keys):
            inline = index == 0 and first_prefix is not None
            if not inline:
                self._maybe_comment_lines(column)
            head = first_prefix if inline else " " * column
            value = data[key]
            if (
                isinstance(value, dict | list)
                and value
                and not (self._is_flowable(value) and self.draw(st.booleans()))
            ):
                self.lines.append(f"{head}{key}:{self._eol()}")
                if isinstance(value, dict):
                    self.mapping(value, column + self.step)
                else:
                    self.sequence(value, column + self.dash_offset)
            else:
                rendered = (
                    self.flow(value) if isinstance(value, dict | list) else self.scalar(value)
                )
                self.lines.append(f"{head}{key}: {rendered}{self._eol()}")

    def sequence(self, items: list[Any], column: int) -> None:
        for index, item in enumerate(items):
            block = (
                isinstance(item, dict)
                and item
                and not (self._is_flowable(item) and self.draw(st.booleans()))
            )
            if block:
                if index:
                    self._maybe_comment_lines(column)
                self.mapping(item, column + 2, first_prefix=" " * column + "- ")
                continue
            eol = self._eol()
            # ruamel.yaml drops a comment line above a one-line collection item that has an
            # end-of-line comment of its own (fmt refuses such files; see test_formatter).
            if index and not (eol and isinstance(item, dict | list)):
                self._maybe_comment_lines(column)
            self.lines.append(f"{' ' * column}- {self.flow(item)}{eol}")


def write(draw: Any, data: dict[str, Any]) -> tuple[str, list[str]]:
    """(YAML text, the comments in it) for `data`, in a layout hypothesis picks."""
    step = draw(st.sampled_from([2, 3, 4]))
    writer = Writer(draw, step, dash_offset=draw(st.sampled_from([0, step])))
    if draw(st.booleans()):
        writer.comments.append("# header")
        writer.lines.append("# header")
    writer.mapping(data, 0)
    return "\n".join(writer.lines) + "\n", writer.comments

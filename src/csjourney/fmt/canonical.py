"""Tell, without ruamel.yaml's round trip, whether `fmt` would change a text.

`fmt --check` needs only that answer, and the round trip (pure Python, about
100 ms a map) costs ten times what validating the map does. This module reads
the text with libyaml's event stream (C) and the raw lines, and writes the
canonical text itself for a subset of YAML it can reason about completely:

* block mappings and sequences, in the layout `formatter` produces: keys in the
  shape's order, 2 spaces a level, dashes 2 spaces under their key; lists of
  ids, history points and short records in flow style exactly when the
  formatter chooses it (`layout`), every other collection in block style;
* scalars that ruamel.yaml prints back as written: one-line plain scalars of
  a known kind (text starting with a letter, decimal integers and floats,
  `true`/`false`, dates), one-line quoted ones with nothing to escape, and
  `|`/`>` block scalars whose lines need no indicator;
* comment lines, kept with the entry below them at its column, end-of-line
  comments after a scalar (two spaces before the `#`), and at most one blank
  line in a row, as `formatter` and `comments` place them.

Anything else (anchors, tags, multi-line flow, a comment after a block scalar
or near a flow collection, a mixed line ending...) is UNKNOWN, and the caller
runs the real formatter. Inside the subset the written text is what the
formatter would return, so: equal to the input means CANONICAL; different
means CHANGES, a verdict also kept to texts where nothing the formatter could
refuse (a comment it cannot keep in place) is present. tests/fmt/
test_fmt_canonical.py checks both claims against `format_text` over every
YAML text of the repository, their formatted forms and mutations of them.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING

from csjourney.fmt.layout import fits_on_line
from csjourney.fmt.sourcetree import Node, Outside, Reader, Scalar

if TYPE_CHECKING:
    from csjourney.fmt.layout import Shape


class Verdict(enum.Enum):
    CANONICAL = "canonical"  # format_text(text) == text
    CHANGES = "changes"  # format_text(text) != text, and it would not refuse
    UNKNOWN = "unknown"  # outside what this module can reason about: ask the formatter


def verdict(text: str) -> Verdict:
    """What `format_text(text)` would do, when the text is simple enough to tell."""
    try:
        body = text.removeprefix("\ufeff")
        first = re.search(r"\r\n|\r|\n", body)
        ending = first.group() if first else "\n"
        lf = body.replace(ending, "\n")
        mixed = body.count("\r") != (body.count("\n") if ending == "\r\n" else 0)
        if ending == "\r":
            mixed = "\n" in body
        if mixed or any(c in lf for c in "\x85\u2028\u2029\t") or not lf.endswith("\n"):
            raise Outside
        reader = Reader(lf)
        root = reader.read()
        predicted = _Writer(reader).document(root)
    except Outside:
        return Verdict.UNKNOWN
    if predicted == lf:
        return Verdict.CANONICAL
    return Verdict.UNKNOWN if reader.risky else Verdict.CHANGES


class _Writer:
    """The canonical text of a tree read by `Reader`, as `formatter` would write it."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.out: list[str] = []

    def document(self, root: Node) -> str:
        from csjourney.fmt.layout import file_shape

        self._mapping(root, file_shape(), 0, None, [], strip=True)
        tail = _tidy(self.reader.tail)
        if tail and not tail[-1]:
            raise Outside  # blank lines at the end of the file
        self._lead(tail, 0)
        return "".join(line + "\n" for line in self.out)

    def _lead(self, lead: list[str], column: int) -> None:
        if lead:  # most entries have none
            self.out.extend(" " * column + line if line else "" for line in lead)

    def _mapping(
        self,
        node: Node,
        shape: Shape | None,
        column: int,
        dash: str | None,
        above: list[str],
        *,
        strip: bool,
    ) -> None:
        """Write `node`'s entries at `column`, the first after `dash` (a list item's `- `).

        As `formatter` does: the lines above the first entry read (the container's
        header) and the lead of the entry now first go above it (with `above`, the
        lines above the item's dash), and no blank line opens a container (`strip`).
        """
        entries = dict(node.entries)
        order = shape.order(list(entries)) if shape is not None else list(entries)
        first = node.entries[0][0]
        for position, key in enumerate(order):
            value = entries[key]
            if position == 0:
                lead = _tidy(above + entries[first].lead + (value.lead if key != first else []))
                self._lead(_strip_start(lead) if strip else lead, column - len(dash or ""))
                prefix = " " * (column - len(dash)) + dash if dash else " " * column
            else:
                self._lead(_tidy(value.lead) if key != first else [], column)
                prefix = " " * column
            self._entry(prefix, key, value, shape, column)

    def _entry(self, prefix: str, key: str, value: Node, shape: Shape | None, column: int) -> None:
        child = shape.children.get(key) if shape is not None else None
        head = f"{prefix}{key}:"
        if value.kind == "scalar":
            self.out.append(f"{head} {self._scalar_line(value)}")
            if value.block is not None:
                indent = " " * (column + 2)
                self.out.extend(indent + line if line else "" for line in value.block[1])
        elif value.kind == "map":
            if not value.entries:
                self.out.append(f"{head} {{}}")
            elif (
                value.flow
                and shape is not None
                and key in shape.flow_records
                and self._record_fits(value, column + len(key) + 2)
            ):
                self.out.append(f"{head} {self._flow_map(value, child)}")
            else:
                self.out.append(head)
                self._mapping(value, child, column + 2, None, [], strip=True)
        elif not value.items:
            self.out.append(f"{head} []")
        elif shape is not None and key in shape.id_lists:
            self._id_list(head, value, column + len(key) + 2, column)
        else:
            self.out.append(head)
            flow = shape is not None and key in shape.flow_items
            if flow and value.commented:
                raise Outside  # comments among history points: the formatter's special case
            self._sequence(value, child, column + 2, flow)

    def _scalar_line(self, node: Node) -> str:
        if node.block is not None:
            return node.block[0]
        assert node.scalar is not None
        return node.scalar[1] + (f"  {node.eol}" if node.eol else "")

    def _sequence(self, node: Node, shape: Shape | None, column: int, flow: bool) -> None:
        for position, item in enumerate(node.items):
            lead = _tidy(item.lead)
            if item.kind == "map" and not flow:
                self._mapping(item, shape, column + 2, "- ", item.lead, strip=position == 0)
                continue
            self._lead(_strip_start(lead) if position == 0 else lead, column)
            if item.kind == "map":
                self.out.append(f"{' ' * column}- {self._flow_map(item, shape)}")
            else:
                self.out.append(f"{' ' * column}- {self._scalar_line(item)}")

    def _id_list(self, head: str, node: Node, start: int, column: int) -> None:
        if node.commented:
            raise Outside  # comments among ids: the formatter's special case
        values = [item.scalar for item in node.items]
        if any(item.kind != "scalar" or item.block is not None for item in node.items):
            raise Outside
        printed = [s[1] for s in values if s is not None]
        kinds = {s[0] for s in values if s is not None}
        flow = "[" + ", ".join(_value(s) for s in values if s is not None) + "]"
        if fits_on_line(start, flow) and kinds == {"str"}:
            self.out.append(f"{head} [{', '.join(printed)}]")
            return
        self.out.append(head)
        for text in printed:
            self.out.append(f"{' ' * (column + 2)}- {text}")

    def _flow_map(self, node: Node, shape: Shape | None) -> str:
        entries = dict(node.entries)
        order = shape.order(list(entries)) if shape is not None else list(entries)
        parts = []
        for key in order:
            value = entries[key]
            if value.scalar is None:
                raise Outside
            parts.append(f"{key}: {value.scalar[1]}")
        return "{" + ", ".join(parts) + "}"

    def _record_fits(self, node: Node, start: int) -> bool:
        """`_style_record`'s test: every value a scalar, the line within the limit."""
        texts = []
        for key, value in node.entries:
            if value.scalar is None:
                raise Outside
            kind, printed = value.scalar
            if kind == "date":
                return False
            if kind == "float" and repr(float(printed)) != printed:
                raise Outside
            texts.append(f"{key}: {_value(value.scalar)}")
        return fits_on_line(start, "{" + ", ".join(texts) + "}")


def _value(scalar: Scalar) -> str:
    """`str()` of what ruamel.yaml loads: the formatter measures lines with it."""
    kind, printed = scalar
    if kind == "str" and printed[:1] in ("'", '"'):
        return printed[1:-1]
    if kind == "bool":
        return "True" if printed == "true" else "False"
    return printed


def _tidy(lead: list[str]) -> list[str]:
    tidied: list[str] = []
    for line in lead:
        if line or not tidied or tidied[-1]:
            tidied.append(line)
    return tidied


def _strip_start(lead: list[str]) -> list[str]:
    while lead and not lead[0]:
        lead = lead[1:]
    return lead

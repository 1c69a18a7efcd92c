"""Rewrite one journey file in the canonical layout, keeping its comments and data.

The file goes through ruamel.yaml's round-trip mode, so comments, blank lines
and the quoting the author chose survive. What changes: key order (the model's
field order), indentation (2 spaces, sequences indented under their key),
list style (see `layout`), at most one blank line in a row, and full-line
comments indented like the entry they stand above. Long text is never
re-wrapped. What stays: the file's line ending (that of its first line: LF,
CRLF or CR; a file of mixed endings gets that one throughout) and a UTF-8
byte-order mark. The result is checked before it is returned: the data must
load equal and every comment must still be there, else `FormatError`. A text
already canonical comes back unchanged, which is its own proof: it is not
parsed or scanned again (what keeps `fmt --check` of a formatted tree cheap).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from csjourney.fmt import comments
from csjourney.fmt.comments import Container, Lead, is_block
from csjourney.fmt.layout import Shape, file_shape, fits_on_line
from csjourney.yamltext import swap_line_breaks

_NO_WRAP = 1 << 20  # ruamel re-wraps long plain text at its width; never do that to prose
_START = object()  # stands for "above the first entry" among a container's keys
_BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what editors count as the end of a line


class FormatError(Exception):
    """The file cannot be formatted safely; the message says why."""


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _NO_WRAP
    return yaml


@dataclass(slots=True)
class _Leads:
    """Leads detached from their places, by (container, entry key)."""

    by_entry: dict[tuple[int, Any], Lead] = field(default_factory=dict)

    def detach(self, container: Container, owner: tuple[CommentedMap, Any] | None = None) -> None:
        keys = comments.entry_keys(container)
        for position, key in enumerate(keys):
            if position == 0:
                # Above the first entry is the container's header: it stays on top.
                header = comments.detach_header(container, owner) + comments.detach_before(
                    container, key
                )
                self.by_entry[(id(container), _START)] = header
                continue
            lead = comments.detach_following(container, keys[position - 1])
            self.by_entry[(id(container), key)] = lead + comments.detach_before(container, key)
        for key in keys:
            if is_block(container[key]):
                self.detach(
                    container[key],
                    (container, key) if isinstance(container, CommentedMap) else None,
                )

    def inside(self, container: Container, *, header: bool = False) -> bool:
        """Whether comment lines stand between the entries of `container` (or above the first)."""
        keys = (
            [_START, *comments.entry_keys(container)]
            if header
            else comments.entry_keys(container)[1:]
        )
        return any(self.by_entry.get((id(container), key)) for key in keys)

    def take_start(self, mapping: CommentedMap) -> Lead:
        """What now stands above `mapping`'s first entry: its header and its first key's lead."""
        first = comments.entry_keys(mapping)[0]
        return self.by_entry.pop((id(mapping), _START), []) + self.by_entry.pop(
            (id(mapping), first), []
        )

    def attach(
        self,
        container: Container,
        column: int,
        start_column: int,
        owner: tuple[CommentedMap, Any] | None = None,
    ) -> None:
        """Put every lead back above its entry; `owner` is (mapping, key) holding a list."""
        keys = comments.entry_keys(container)
        for position, key in enumerate(keys):
            value = container[key]
            item_map = (
                isinstance(container, CommentedSeq) and isinstance(value, CommentedMap) and value
            )
            if isinstance(container, CommentedMap) and position == 0:
                comments.attach_start(
                    container, comments.tidy(self.take_start(container)), start_column
                )
            elif position == 0 and owner is not None:
                # Above the first item: the list's own header, printed after its key.
                lead = self.by_entry.pop((id(container), _START), [])
                lead += self.take_start(value) if item_map else []
                comments.attach_header(owner[0], owner[1], comments.tidy(lead), column)
            elif position > 0:
                lead = self.by_entry.pop((id(container), key), [])
                if isinstance(container, CommentedMap):
                    comments.attach_following(
                        container, keys[position - 1], comments.tidy(lead), column
                    )
                else:
                    # Above a list item that is a mapping, its own header joins the item's lead.
                    lead = comments.tidy(lead + (self.take_start(value) if item_map else []))
                    # ruamel mis-prints "before" comments of one-line items and "after" comments
                    # of one-line items followed by a block: use each where it prints right.
                    if is_block(value):
                        comments.attach_before_item(container, key, lead, column)
                    else:
                        comments.attach_following(container, keys[position - 1], lead, column)
            if is_block(value):
                if isinstance(container, CommentedMap):
                    self.attach(value, column + 2, column + 2, (container, key))
                else:
                    self.attach(value, column + 2, column)


def format_text(text: str) -> str:
    """The canonical form of a journey file's text, in its own line ending. Raises FormatError."""
    bom = _BOM if text.startswith(_BOM) else ""
    first_break = _LINE_BREAK.search(text)
    ending = first_break.group() if first_break else "\n"
    # YAML reads every line break as LF, so formatting LF text and converting back is lossless.
    # NEL, LS and PS are text in YAML 1.2 but line breaks to ruamel: they go through as stand-ins.
    swapped = swap_line_breaks(_LINE_BREAK.sub("\n", text.removeprefix(bom)))
    formatted = _format_lf(swapped.text)
    if swapped.restore is not None:
        formatted = formatted.translate(swapped.restore)
    result = bom + formatted.replace("\n", ending)
    if result != text:  # the text itself is its own proof: no second parse, no comment scan
        _verify(text.removeprefix(bom), result.removeprefix(bom))
    return result


def _format_lf(text: str) -> str:
    yaml = _yaml()
    try:
        document = yaml.load(text)
    except (YAMLError, ValueError) as error:  # ValueError: a date like 2026-02-30
        raise FormatError(f"cannot read the YAML: {error}") from None
    if not isinstance(document, CommentedMap):
        raise FormatError("the top level is not a mapping")
    leads = _Leads()
    tail: Lead = []
    if document:
        leads.detach(document)
        tail = comments.detach_following(document, comments.entry_keys(document)[-1], own_end=True)
    _arrange(document, file_shape(), 0, leads)
    leads.attach(document, column=0, start_column=0)
    if document:
        comments.attach_following(
            document, comments.entry_keys(document)[-1], comments.tidy(tail), 0
        )
    comments.space_line_ends(document)
    comments.prune(document)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _arrange(mapping: CommentedMap, shape: Shape | None, column: int, leads: _Leads) -> None:
    """Put keys in canonical order and give every list its canonical style, recursively."""
    if not mapping:
        mapping.fa.set_flow_style()  # `{}`: in block style ruamel would print its comment first
        return
    if shape is not None:
        for key in shape.order(list(mapping.keys())):
            mapping.move_to_end(key)
    mapping.fa.set_block_style()
    for key, value in mapping.items():
        child = shape.children.get(key) if shape is not None else None
        if isinstance(value, CommentedSeq) and not value:
            value.fa.set_flow_style()  # `[]`, like `{}` above
        elif isinstance(value, CommentedSeq):
            if shape is not None and key in shape.id_lists:
                commented = (
                    _key_comment(mapping, key)
                    or comments.has_comments(value)
                    or leads.inside(value, header=True)
                )
                _style_id_list(value, column + len(str(key)) + 2, commented=commented)
                continue
            value.fa.set_block_style()
            maps = [(i, item) for i, item in enumerate(value) if isinstance(item, CommentedMap)]
            was_flow = {i for i, item in maps if item.fa.flow_style()}
            for _, item in maps:
                _arrange(item, child, column + 4, leads)
            # Short records go one per line as `{...}`, unless a comment inside one needs a
            # block; then all of them are blocks (mixing the two trips ruamel's emitter).
            flow = shape is not None and key in shape.flow_items
            flow = flow and not any(comments.has_comments(m) or leads.inside(m) for _, m in maps)
            for index, item in maps:
                if flow:
                    item.fa.set_flow_style()
                elif index in was_flow and item:
                    comments.move_item_comment_inside(value, index)
        elif isinstance(value, CommentedMap):
            # A short record keeps the `{...}` it was written in while it fits; a block
            # stays a block, so that formatting twice gives the same text.
            was_flow = value.fa.flow_style()
            _arrange(value, child, column + 2, leads)
            if was_flow and shape is not None and key in shape.flow_records:
                commented = _key_comment(mapping, key) or comments.has_comments(value)
                inside = leads.inside(value, header=True)
                _style_record(value, column + len(str(key)) + 2, commented or inside)


def _key_comment(mapping: CommentedMap, key: Any) -> bool:
    slot = mapping.ca.items.get(key)
    return slot is not None and any(slot)


def _style_id_list(items: CommentedSeq, start: int, *, commented: bool) -> None:
    """`[a, b]` when the line fits and no comment sits among the items; else one per line."""
    if (
        fits_on_line(start, "[" + ", ".join(str(item) for item in items) + "]")
        and not (commented and is_block(items))
        and all(isinstance(i, str) for i in items)
    ):
        items.fa.set_flow_style()
    else:
        items.fa.set_block_style()


def _style_record(record: CommentedMap, start: int, commented: bool) -> None:
    """`{from: events, statistic: conversion}` when it fits on the line and holds no comment."""
    text = ", ".join(f"{key}: {value}" for key, value in record.items())
    scalars = all(isinstance(v, str | int | float) for v in record.values())
    if scalars and not commented and fits_on_line(start, "{" + text + "}"):
        record.fa.set_flow_style()
    else:
        record.fa.set_block_style()


def _verify(before: str, after: str) -> None:
    from csjourney.yamlsource import YamlProblem, build

    try:
        same = build(before).data == build(after).data
    except YamlProblem:
        same = False
    if not same:
        raise FormatError("formatting would change the data; please report this file as a bug")
    kept, now = comments.inventory(before), comments.inventory(after)
    if now - kept:
        raise FormatError("formatting would repeat a comment; please report this file as a bug")
    lost = kept - now
    if lost:
        example = next(iter(lost))
        raise FormatError(
            f"formatting would lose the comment `{example}`: a comment inside a `[...]` or"
            " `{...}` collection, or on the line above a one-line `[...]`/`{...}` item that has an"
            " end-of-line comment of its own, cannot be kept; move it and run fmt again"
        )

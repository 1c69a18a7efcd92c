"""Keep comments with the entries they describe while `fmt` reorders keys.

ruamel.yaml stores a full-line comment as part of the token printed after the
entry *before* it (`a: 1  # eol\n# about b\nb: 2` keeps "# about b" with
`a`). Moving `a` would carry the comment away from `b`. So before any entry
moves, each entry's *lead* (the blank lines and comment lines just above it)
is detached from its predecessor, and afterwards reattached above the same
entry, re-indented to its column. A container's own first lead (a file or
section header) stays at the top of the container.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import StreamMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Lead = list[str]  # lines: "" for a blank line, else the comment text from its `#`
Container = CommentedMap | CommentedSeq

_MAP_SLOT, _SEQ_SLOT = 2, 0  # where ruamel keeps the token after a map value / a seq item


def _mark(column: int) -> StreamMark:
    return StreamMark("", 0, 0, column)


def is_block(value: Any) -> bool:
    return (
        isinstance(value, CommentedMap | CommentedSeq)
        and len(value) > 0
        and not value.fa.flow_style()
    )


def entry_keys(container: Container) -> list[Any]:
    return (
        list(container.keys())
        if isinstance(container, CommentedMap)
        else list(range(len(container)))
    )


def _deep_path(container: Container, key: Any) -> list[tuple[Container, Any]]:
    """Entry `key`, then the last entry of its block value, and so on down to a leaf."""
    path = [(container, key)]
    value = container[key]
    while is_block(value):
        last = entry_keys(value)[-1]
        path.append((value, last))
        value = value[last]
    return path


def _slot(container: Container, key: Any, create: bool) -> tuple[list[Any], int] | None:
    """The list and index holding the token printed after entry `key` and all its value."""
    leaf, leaf_key = _deep_path(container, key)[-1]
    items = leaf.ca.items
    if leaf_key not in items:
        if not create:
            return None
        items[leaf_key] = [None, None, None, None]
    return items[leaf_key], _MAP_SLOT if isinstance(leaf, CommentedMap) else _SEQ_SLOT


def _has_line_end(container: Container, key: Any) -> bool:
    """Whether the token after `key` starts on the value's line (a block scalar ends its line)."""
    leaf, leaf_key = _deep_path(container, key)[-1]
    return not isinstance(leaf[leaf_key], LiteralScalarString | FoldedScalarString)


def detach_following(container: Container, key: Any, *, own_end: bool = False) -> Lead:
    """Remove and return the full lines after entry `key`, keeping its end-of-line comment.

    Lines after the last item of a nested block are kept by ruamel either with
    that item or as the nested block's end comments; both are collected.
    `own_end` also takes the end comments of `container` itself (the document tail).
    """
    lines: Lead = []
    found = _slot(container, key, create=False)
    if found is not None and found[0][found[1]] is not None:
        holder, index = found
        token = holder[index]
        if _has_line_end(container, key):
            eol, _, rest = token.value.partition("\n")
        else:
            eol, rest = "", token.value
        if eol.strip():
            token.value = eol + "\n"
        else:
            holder[index] = None
        lines.extend(rest.splitlines())
    path = _deep_path(container, key)
    enclosing = [c for c, _ in reversed(path[1:])] + ([container] if own_end else [])
    for block in enclosing:
        end = getattr(block.ca, "end", None)
        if end:
            lines.extend(line for token in end for line in token.value.splitlines())
            block.ca.end = None
    return [line.strip() for line in lines]


def detach_header(container: Container, owner: tuple[CommentedMap, Any] | None) -> Lead:
    """Remove and return the lines above the first entry of `container` (kept with its key line).

    ruamel keeps them as a list of line tokens, or, when the key line of the
    container has an end-of-line comment, in that comment's token.
    """
    lines: Lead = []
    comment = container.ca.comment
    if comment is not None and comment[0] is not None:
        eol, _, rest = comment[0].value.partition("\n")
        lines += rest.splitlines()
        if eol.strip():
            comment[0].value = eol + "\n"
        else:
            comment[0] = None
            if owner is not None and owner[1] in owner[0].ca.items:
                owner[0].ca.items[owner[1]][_MAP_SLOT] = None
    if comment is not None and comment[1]:
        lines += [line for token in comment[1] for line in token.value.splitlines() or [""]]
        comment[1].clear()  # the same list may also hang on the parent's key
    return [line.strip() for line in lines]


def detach_before(container: Container, key: Any) -> Lead:
    """Remove and return the lines ruamel keeps as "before" comments of entry `key`."""
    slot = container.ca.items.get(key)
    if not slot or not slot[1]:
        return []
    lines = [line.strip() for token in slot[1] for line in token.value.splitlines()]
    slot[1] = None
    return lines


def move_item_comment_inside(sequence: CommentedSeq, index: int) -> None:
    """A one-line `{...}` item now in block style: its line-end comment goes to its first line."""
    slot = sequence.ca.items.get(index)
    item = sequence[index]
    if not slot or slot[_SEQ_SLOT] is None:
        return
    first = entry_keys(item)[0]
    item.ca.items.setdefault(first, [None, None, None, None])[_MAP_SLOT] = slot[_SEQ_SLOT]
    slot[_SEQ_SLOT] = None


def attach_following(container: Container, key: Any, lead: Lead, column: int) -> None:
    """Print `lead` after entry `key` (and its value), indented to `column`."""
    if not lead:
        return
    found = _slot(container, key, create=True)
    assert found is not None  # created when missing
    holder, index = found
    token = holder[index]
    lines = render(lead, column)
    if token is None:
        holder[index] = CommentToken("\n" + lines, _mark(column))
        return
    value = token.value
    if not _has_line_end(container, key):
        token.value = value + lines
    else:
        token.value = (value if value.endswith("\n") else value + "\n") + lines


def attach_before_item(sequence: CommentedSeq, index: int, lead: Lead, column: int) -> None:
    """Print `lead` above item `index` of `sequence` (ruamel's "before" comments of the item)."""
    if not lead:
        return
    item = sequence[index]
    if isinstance(item, CommentedMap) and item.ca.comment is not None:
        # The item's own header prints in the same place: extend it rather than add a second.
        attach_start(item, lead, column)
        return
    tokens = [CommentToken(line + "\n", _mark(column if line else 0)) for line in lead]
    slot = sequence.ca.items.setdefault(index, [None, None, None, None])
    slot[1] = (slot[1] or []) + tokens


def attach_header(mapping: CommentedMap, key: Any, lead: Lead, column: int) -> None:
    """Print `lead` between `key:` and the first item of its block list."""
    while lead and not lead[0]:
        lead = lead[1:]  # no blank line between a key and what it opens
    if not lead:
        return
    slot = mapping.ca.items.setdefault(key, [None, None, None, None])
    if slot[_MAP_SLOT] is None:
        slot[_MAP_SLOT] = CommentToken("\n", _mark(column))
    token = slot[_MAP_SLOT]
    value = token.value
    token.value = (value if value.endswith("\n") else value + "\n") + render(lead, column)


def attach_start(mapping: CommentedMap, lead: Lead, column: int) -> None:
    """Print `lead` above the first entry of `mapping`, after any header it already has."""
    while lead and not lead[0]:
        lead = lead[1:]  # no blank line between a key (or a dash) and what it opens
    if not lead:
        return
    comment = mapping.ca.comment
    if comment is not None and comment[0] is not None:
        # The mapping's key line has an end-of-line comment; its header lines live in that token.
        comment[0].value = comment[0].value + render(lead, column)
        return
    tokens = [CommentToken(line + "\n", _mark(column)) for line in lead]
    if comment is None:
        mapping.ca.comment = [None, tokens]
    elif comment[1] is None:
        comment[1] = tokens
    else:
        comment[1].extend(tokens)


def space_line_ends(container: Container) -> None:
    """Two spaces before every end-of-line comment, wherever the value now ends."""
    slot_index = _MAP_SLOT if isinstance(container, CommentedMap) else _SEQ_SLOT
    for key, slot in container.ca.items.items():
        token = slot[slot_index] if len(slot) > slot_index else None
        if token is None or token.value.startswith("\n") or key not in entry_keys(container):
            continue
        if isinstance(container[key], LiteralScalarString | FoldedScalarString):
            continue  # after a block scalar the token starts on a line of its own
        eol, _, rest = token.value.partition("\n")
        # ruamel pads a comment to its column, but at least one space: column 0 and a
        # leading space give exactly two.
        token.value = " " + eol.strip() + "\n" + rest
        token.start_mark = _mark(0)
    for key in entry_keys(container):
        if isinstance(container[key], CommentedMap | CommentedSeq):
            space_line_ends(container[key])


def prune(container: Container) -> None:
    """Drop all-empty comment slots: ruamel mis-prints entries with one (lost headers, newlines)."""
    for key in [k for k, slot in container.ca.items.items() if not any(slot)]:
        del container.ca.items[key]
    for key in entry_keys(container):
        if isinstance(container[key], CommentedMap | CommentedSeq):
            prune(container[key])


def render(lead: Lead, column: int) -> str:
    return "".join((" " * column + line if line else "") + "\n" for line in lead)


def tidy(lead: Lead) -> Lead:
    """One blank line at most in a row: the canonical spacing between entries."""
    tidied: Lead = []
    for line in lead:
        if line or not tidied or tidied[-1]:
            tidied.append(line)
    return tidied


def has_comments(container: Container) -> bool:
    """Whether any comment or blank line is attached inside `container` (not after it)."""
    if container.ca.comment is not None and any(container.ca.comment):
        return True
    return any(any(slot) for slot in container.ca.items.values())


def inventory(text: str) -> Counter[str]:
    """Every comment in `text`, found by ruamel's own scanner (block scalars are content)."""
    from ruamel.yaml import YAML

    found: Counter[str] = Counter()

    def collect(item: Any) -> None:
        if isinstance(item, CommentToken):
            for line in item.value.splitlines():
                if line.strip().startswith("#"):
                    found[line.strip()] += 1
        elif isinstance(item, list):
            for part in item:
                collect(part)

    for token in YAML(typ="rt").scan(text):
        collect(getattr(token, "_comment", None))
    return found

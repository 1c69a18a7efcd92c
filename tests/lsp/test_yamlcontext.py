"""yamlcontext: the cursor's Loc, role and word, in maps that parse and in half-typed ones.

The table (contextcases.py) covers the shapes of a map being typed. The
examples then check the line reading against the parser's own positions: at
every key and one-line value of every example file, the indentation-based
reading must say what the source map says, so the reading that serves broken
files is the one that is right on valid ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from csjourney.lsp.yamlcontext import context_at, document_context, line_context
from csjourney.yamlsource import build
from csjourney.yamltext import EDITOR_LINE_BREAK
from lsp.contextcases import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_context_of_each_case(case: Case) -> None:
    text, line, column = case.split()
    found = context_at(text, line, column)
    if case.loc is None:
        assert found is None
        return
    assert found is not None
    assert (found.loc, found.role, found.partial, found.flow) == (
        case.loc,
        case.role,
        case.partial,
        case.flow,
    )
    if case.present is not None:
        assert found.present == case.present


def test_the_word_span_covers_the_whole_word() -> None:
    text = "csjourney: 1\njourney:\n  segments: [smb, enterprise]\n"
    found = context_at(text, 3, 21)  # `[smb, en|terprise]`
    assert found is not None
    assert (found.partial, found.word) == ("en", "enterprise")
    assert (found.span.line, found.span.column, found.span.end_column) == (3, 19, 29)


def test_a_cursor_past_the_text_has_no_context() -> None:
    assert context_at("csjourney: 1\n", 5, 1) is None


def _positions(path: Path) -> list[tuple[int, int, tuple[str | int, ...], str]]:
    """Each one-line key and scalar value of a file: (line, column, loc, role)."""
    document = build(path.read_text(encoding="utf-8"))
    found = []
    for loc, position in document.source.entries.items():
        if not loc or "<duplicate>" in loc:
            continue
        if position.key is not None:
            found.append((position.key.line, position.key.column + 1, loc[:-1], "key"))
        value = position.value
        data = document.data
        for part in loc:
            data = data[part]
        one_line = value.line == value.end_line and value.end_column > value.column
        if one_line and not isinstance(data, dict | list):
            role = "item" if isinstance(loc[-1], int) else "value"
            found.append((value.line, value.column + 1, loc, role))
    return found


EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_the_line_reading_agrees_with_the_parser(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = EDITOR_LINE_BREAK.split(text)
    positions = _positions(path)
    document = build(text)
    assert len(positions) > 50
    disagreements = []
    for line, column, loc, role in positions:
        parsed = document_context(document, lines, line, column)
        read = line_context(lines, line, column)
        assert parsed is not None and (parsed.loc, parsed.role) == (loc, role)
        if read is None or (read.loc, read.role, read.partial) != (loc, role, parsed.partial):
            shown = None if read is None else (read.loc, read.role, read.partial)
            disagreements.append((line, column, loc, role, shown))
    assert disagreements == []


def test_a_key_being_edited_after_a_dash_in_a_list_of_no_known_kind() -> None:
    found = line_context(["cases:", "  - name: x"], 2, 7)  # `- na|me: x`
    assert found is not None
    assert (found.loc, found.role, found.partial, found.word) == (("cases", 0), "key", "na", "name")


def test_items_of_a_rejected_list_and_values_merged_from_an_anchor() -> None:
    rejected = context_at("csjourney: 1\nsegments: !!foo [smb, ent]\n", 2, 24)
    assert rejected is not None
    assert (rejected.loc, rejected.role, rejected.present) == (("segments", 1), "item", frozenset())
    merged = "base: &b {name: S}\nsegments:\n  - <<: *b\n    id: x\n"
    found = context_at(merged, 1, 18)  # the anchor's `S` is also the segment's name
    assert found is not None
    assert (found.loc, found.role, found.flow) == (("segments", 0, "name"), "value", False)

"""A key written twice in one mapping, as the YAML builder reports and keeps it.

The first value stands and the repeat is one `duplicate-key` issue at the repeated
key, saying where the first is. When an item of a list repeats its own first key,
the likely slip is a missing dash before the next item: the hint says so, and the
rest of that would-be item (its keys repeat too) is not reported again. Tags: the
non-specific `!` and the core-schema tags are plain values; any other tag drops
the entry with one `unsupported-tag` issue.
"""

from __future__ import annotations

from typing import Any

import pytest

from csjourney.diagnostics import Span
from csjourney.yamlsource import build

DASH = "if this line starts the next item, put a dash (`- `) before `id`"
Issue = tuple[str, str, Span, str | None]
# (the text, the data it builds, its issues: name, message, span, hint)
CASES: list[tuple[str, Any, list[Issue]]] = [
    ("a: 1\na: 2\n", {"a": 1}, [("duplicate-key", "duplicate key `a` (first at line 1)",
                                 Span(2, 1, 2, 2), None)]),
    # The first key repeated in a mapping that is not a list item: no advice about dashes.
    ("a: 1\nb: 2\na: 3\n", {"a": 1, "b": 2}, [("duplicate-key",
        "duplicate key `a` (first at line 1)", Span(3, 1, 3, 2), None)]),
    ("outer:\n  a: 1\n  b: 2\n  a: 3\n", {"outer": {"a": 1, "b": 2}}, [("duplicate-key",
        "duplicate key `a` (first at line 2)", Span(4, 3, 4, 4), None)]),
    # A list item's first key again: the next item, its dash left out; said once.
    ("- id: a\n  name: A\n  id: b\n  name: B\n", [{"id": "a", "name": "A"}], [("duplicate-key",
        "duplicate key `id` (first at line 1)", Span(3, 3, 3, 5), DASH)]),
    ("items:\n  - id: a\n    id: b\n    id: c\n", {"items": [{"id": "a"}]}, [("duplicate-key",
        "duplicate key `id` (first at line 2)", Span(3, 5, 3, 7), DASH)]),
    # Another key of the item repeated: a plain duplicate.
    ("- id: a\n  name: A\n  name: B\n", [{"id": "a", "name": "A"}], [("duplicate-key",
        "duplicate key `name` (first at line 2)", Span(3, 3, 3, 7), None)]),
    ("- <<: {x: 1}\n  id: a\n  <<: {y: 2}\n", [{"id": "a", "x": 1}], [("duplicate-key",
        "duplicate key `<<` (first at line 1)", Span(3, 3, 3, 5), None)]),
    ("! a: 1\nb: ! 2\n", {"a": 1, "b": "2"}, []),
    ("a: !!str 1\n!!str b: 2\n", {"a": "1", "b": 2}, []),
    ("a: 1\n!custom b: 2\nc: 3\n", {"a": 1, "c": 3}, [("unsupported-tag",
        "YAML tag `!custom` is not allowed; journey maps use plain values only",
        Span(2, 1, 2, 10), "remove the tag; nothing in a journey map needs one")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "data", "issues"), CASES, ids=[c[0] for c in CASES])
def test_a_repeated_key_keeps_the_first_value_and_is_reported_once(
    text: str, data: Any, issues: list[Issue]
) -> None:
    document = build(text)
    assert document.data == data
    assert [(i.name, i.message, i.span, i.hint) for i in document.issues] == issues

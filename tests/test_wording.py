"""How messages name things: the `Name (id)` form (csjourney.wording)."""

from __future__ import annotations

import pytest

from csjourney.wording import NAME_WIDTH, metric_type_word, named

NAMES = [
    ("Executive meetings", "ent-exec-meetings", "Executive meetings (ent-exec-meetings)"),
    ("Onboarding", "onboarding", "Onboarding (onboarding)"),
    ("smb", "smb", "smb"),
    (None, "smb", "smb"),
    ("  ", "smb", "smb"),
    ("Two\nlines  and\tspaces", "x", "Two lines and spaces (x)"),
]


@pytest.mark.parametrize(("name", "item_id", "expected"), NAMES)
def test_named_gives_the_name_with_the_id_in_parentheses(
    name: str | None, item_id: str, expected: str
) -> None:
    assert named(name, item_id) == expected


def test_a_long_name_is_cut_so_the_message_stays_one_readable_line() -> None:
    text = named("word " * 40, "long")
    assert text.endswith("… (long)")
    assert len(text) <= NAME_WIDTH + len(" (long)")


def test_metric_types_are_said_as_people_say_them() -> None:
    assert [metric_type_word(t) for t in ("nps", "csat", "activation", "churn")] == [
        "NPS",
        "CSAT",
        "activation",
        "churn",
    ]

"""How messages name things: the `Name (id)` form and "a"/"an" (csjourney.wording)."""

from __future__ import annotations

import pytest

from csjourney.wording import NAME_WIDTH, metric_type_word, named, with_article

ARTICLES = [
    ("NPS metric", "an NPS metric"),
    ("NRR metric", "an NRR metric"),
    ("SLA", "an SLA"),
    ("CSAT metric", "a CSAT metric"),
    ("GRR metric", "a GRR metric"),
    ("CES metric", "a CES metric"),
    ("URL", "a URL"),
    ("activation metric", "an activation metric"),
    ("adoption metric", "an adoption metric"),
    ("retention metric", "a retention metric"),
    ("initiative", "an initiative"),
    ("evidence item", "an evidence item"),
    ("unit", "a unit"),
    ("user", "a user"),
    ("unaddressed pain point", "an unaddressed pain point"),
    ("one-off", "a one-off"),
    ("hour", "an hour"),
    ("high pain point", "a high pain point"),
    ("`nps` metric", "an `nps` metric"),
    ("`csat` metric", "a `csat` metric"),
    ("8-week plan", "an 8-week plan"),
    ("11-day gap", "an 11-day gap"),
    ("110-day gap", "a 110-day gap"),
    ("3-day gap", "a 3-day gap"),
    ("", "a "),
]


@pytest.mark.parametrize(("phrase", "expected"), ARTICLES)
def test_with_article_picks_the_article_by_sound(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected


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

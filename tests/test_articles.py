"""Choosing "a" or "an" by how the next word sounds (`values.with_article`), the way
messages such as "an NPS metric" and "a CSAT metric" build it."""

from __future__ import annotations

import pytest

from csjourney.values import with_article

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
    ("110-day gap", "a 110-day gap"),
    ("3-day gap", "a 3-day gap"),
    ("", "a "),
]


@pytest.mark.parametrize(("phrase", "expected"), ARTICLES)
def test_with_article_picks_the_article_by_sound(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected

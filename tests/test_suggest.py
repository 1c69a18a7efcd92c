"""'Did you mean': one answer, a few equal ones named together, or none at all."""

from __future__ import annotations

import pytest

from conftest import Csj
from csjourney.suggest import did_you_mean

CASES = [
    # (typed, candidates, the hint a user reads)
    ("touchpionts", ["touchpoints", "pain_points", "metrics"], "did you mean `touchpoints`?"),
    ("Name", ["name", "title"], "did you mean `name`?"),
    ("stage", ["stages", "segments"], "did you mean `stages`?"),
    ("smb-nps", ["smb-nbs", "smb-mps", "x"], "did you mean `smb-mps` or `smb-nbs`?"),
    # Four equally close candidates: none of them is the answer.
    ("abcd", ["abcx", "abxd", "axcd", "xbcd"], None),
    ("zzzz", ["name", "title"], None),
]


@pytest.mark.parametrize(("typed", "candidates", "hint"), CASES)
def test_the_hint_names_one_answer_a_few_equal_ones_or_none(
    typed: str, candidates: list[str], hint: str | None
) -> None:
    assert did_you_mean(typed, candidates) == hint


@pytest.mark.parametrize(
    ("key", "stderr"),
    [
        ("CSJ2O1", "unknown rule `CSJ2O1`; did you mean `CSJ201`?"),
        ("CSJ299", "unknown rule `CSJ299`; did you mean `CSJ209` or `CSJ219`?"),
        ("metric-stael", "unknown rule `metric-stael`; did you mean `metric-stale`?"),
    ],
)
def test_csjourney_rule_suggests_codes_the_same_way(csj: Csj, key: str, stderr: str) -> None:
    result = csj("rule", key)
    assert result.code == 2
    assert f"csjourney: error: csjourney rule: {stderr}" in result.err

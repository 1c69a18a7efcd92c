"""Survey scores on hand-worked tables of answers: each expected number is worked out below.

z = 1.96. NPS: p+ = share of 9-10, p- = share of 0-6, score (p+ - p-)·100, margin
z·√((p+(1-p+) + p-(1-p-) + 2p+p-)/n)·100. CSAT: p = share of 4-5, margin z·√(p(1-p)/n)·100.
CES: the mean, margin z·s/√n with the sample standard deviation s (n - 1).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from csjourney.measure.types import Selection, Window
from measure.responsesupport import Answer, answer, measure, write_csv

NPS = Selection("j", "nps")
CSAT = Selection("j", "csat")
CES = Selection("j", "ces")

#: (case, answers, selection, window, expected n, score, margin)
CASES: list[tuple[str, list[Answer], Selection, Window | None, int, float | None, float | None]] = [
    # 10, 9 promoters; 8, 7 passives; 6, 0 detractors: n = 6, p+ = p- = 1/3, score 0;
    # spread = 2·(1/3·2/3) + 2/9 = 6/9; margin = 1.96·√((2/3)/6)·100 = 1.96·(1/3)·100 = 65.333...
    (
        "nps promoters passives detractors",
        [answer(s) for s in (10, 9, 8, 7, 6, 0)],
        NPS, None, 6, 0.0, 196 / 3,
    ),
    # 10, 10, 10, 7: p+ = 3/4, p- = 0; score 75; spread = 3/16; margin 1.96·√(3/64)·100 = 42.435...
    ("nps mostly promoters", [answer(s) for s in (10, 10, 10, 7)], NPS, None, 4, 75.0,
     1.96 * math.sqrt(3 / 64) * 100),
    # All detractors: p- = 1, spread = 0: score -100, margin 0.
    ("nps all detractors", [answer(s) for s in (0, 3, 6)], NPS, None, 3, -100.0, 0.0),
    # One answer of 9: n = 1, score 100, margin 0 (p+ = 1).
    ("nps one answer", [answer(9)], NPS, None, 1, 100.0, 0.0),
    # CSAT 5, 4, 3, 2, 1: p = 2/5, score 40; margin 1.96·√(0.4·0.6/5)·100 = 42.940...
    ("csat", [answer(s, "csat") for s in (5, 4, 3, 2, 1)], CSAT, None, 5, 40.0,
     1.96 * math.sqrt(0.24 / 5) * 100),
    # A score written 4.0 is the answer 4: 4.0, 5, 2 → p = 2/3, margin 1.96·√((2/9)/3)·100.
    ("csat written as decimals", [answer(s, "csat") for s in ("4.0", "5", "2")], CSAT, None, 3,
     200 / 3, 1.96 * math.sqrt(2 / 27) * 100),
    # CES 1, 2, 3, 4, 5: mean 3, s² = (4+1+0+1+4)/4 = 2.5; margin 1.96·√2.5/√5 = 1.96·√0.5.
    ("ces", [answer(s, "ces") for s in (1, 2, 3, 4, 5)], CES, None, 5, 3.0, 1.96 * math.sqrt(0.5)),
    # CES 7, 7: s = 0, margin 0. One CES answer: the mean, and no sample sd, so no margin.
    ("ces no spread", [answer(7, "ces"), answer(7, "ces")], CES, None, 2, 7.0, 0.0),
    ("ces one answer", [answer(6, "ces")], CES, None, 1, 6.0, None),
    # Nothing selected: n = 0, no score, no margin; other types are not counted.
    ("empty selection", [answer(5, "csat")], NPS, None, 0, None, None),
    # `responses` (no type): every answer counts, and there is no score.
    ("responses of all types", [answer(5, "csat"), answer(1, "ces"), answer(0)],
     Selection("j"), None, 3, None, None),
    # Window edges: whole UTC days, both included; the 1st and the 31st are in, not the 29th
    # of February or 1 April. In: 10 (03-01) and 0 (03-31): p+ = p- = 1/2, score 0,
    # spread = 1/4 + 1/4 + 1/2 = 1, margin 1.96·√(1/2)·100.
    (
        "window edges",
        [answer(10, day="2024-02-29"), answer(10, day="2024-03-01"),
         answer(0, day="2024-03-31"), answer(0, day="2024-04-01")],
        NPS, Window(date(2024, 3, 1), date(2024, 3, 31)), 2, 0.0, 1.96 * math.sqrt(0.5) * 100,
    ),
    # A date with a time and an offset is its instant in UTC: 2024-04-01T01:00+02:00 is
    # 2024-03-31 23:00 UTC, in the window; 2024-02-29T23:30-01:00 is 1 March 00:30 UTC, in.
    (
        "window in utc",
        [answer(4, "csat", day="2024-04-01T01:00:00+02:00"),
         answer(1, "csat", day="2024-02-29T23:30:00-01:00")],
        CSAT, Window(date(2024, 3, 1), date(2024, 3, 31)), 2, 50.0,
        1.96 * math.sqrt(0.25 / 2) * 100,
    ),
]  # fmt: skip

# Answers at stages, touchpoints and segments, for the filters below.
TAGGED = [
    answer(10, stage="onboarding", touchpoint="kickoff", segment="smb"),
    answer(9, stage="onboarding", touchpoint="kickoff", segment="enterprise"),
    answer(3, stage="onboarding", touchpoint="training", segment="smb"),
    answer(8, stage="adoption", touchpoint="kickoff", segment="smb"),
    answer(0, stage="adoption", touchpoint=None, segment=None),
]
# (selection, n, score): onboarding 10, 9, 3 → p+ 2/3, p- 1/3, score 33.3; kickoff 10, 9, 8
# → 66.7; smb 10, 3, 8 → 0; onboarding+kickoff 10, 9 → 100; onboarding+smb+training 3 → -100;
# a touchpoint no one answered at → n = 0.
FILTERS: list[tuple[Selection, int, float | None]] = [
    (Selection("j", "nps", stage="onboarding"), 3, 100 / 3),
    (Selection("j", "nps", touchpoint="kickoff"), 3, 200 / 3),
    (Selection("j", "nps", segment="smb"), 3, 0.0),
    (Selection("j", "nps", stage="onboarding", touchpoint="kickoff"), 2, 100.0),
    (Selection("j", "nps", stage="onboarding", touchpoint="training", segment="smb"), 1, -100.0),
    (Selection("j", "nps", touchpoint="renewal-call"), 0, None),
    (Selection("other", "nps"), 0, None),
    (Selection("j", "nps"), 5, 0.0),
]


def _close(actual: float | None, expected: float | None) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize(
    ("answers", "selection", "window", "n", "score", "margin"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_hand_worked_scores(
    tmp_path: Path,
    answers: list[Answer],
    selection: Selection,
    window: Window | None,
    n: int,
    score: float | None,
    margin: float | None,
) -> None:
    result = measure([write_csv(tmp_path / "answers.csv", answers)], [selection], window)
    (measured,) = result.scores
    assert (measured.n, measured.responses) == (n, n)
    assert _close(measured.score, score), measured
    assert _close(measured.margin, margin), measured
    assert result.problems == ()


def test_filters_by_stage_touchpoint_and_segment_in_one_measurement(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "answers.csv", TAGGED)
    result = measure([path], [selection for selection, _, _ in FILTERS])
    assert [s.selection for s in result.scores] == [selection for selection, _, _ in FILTERS]
    for measured, (_, n, score) in zip(result.scores, FILTERS, strict=True):
        assert measured.n == n, measured
        assert _close(measured.score, score), measured


def test_journey_column_decides_and_rows_without_one_take_the_default(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(
        "respondent_id,date,type,score,journey\n"
        "r1,2024-03-01,nps,10,j\nr2,2024-03-01,nps,0,other\nr3,2024-03-01,nps,9,\n",
        encoding="utf-8",
    )
    result = measure([path], [Selection("j", "nps"), Selection("other", "nps")])
    assert [(s.n, s.score) for s in result.scores] == [(2, 100.0), (1, -100.0)]

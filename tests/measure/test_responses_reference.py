"""The engine against a plain-Python reference over a generated export of 3,000 answers.

The reference is written from docs/measure.md's definitions and shares nothing with the
engine: it filters the answers in a loop, and computes the shares, the mean and the
sample standard deviation with the statistics module.
"""

from __future__ import annotations

import math
import statistics
from datetime import date
from pathlib import Path

import pytest

from csjourney.measure.types import Selection, Window
from measure.responsegen import SEGMENTS, STAGES, TOUCHPOINTS, generate
from measure.responsesupport import Answer, measure, write_parquet

WINDOW = Window(date(2024, 2, 1), date(2024, 3, 31))
SELECTIONS = [
    Selection("j", kind, stage=stage, touchpoint=touchpoint, segment=segment)
    for kind in ("nps", "csat", "ces", None)
    for stage in STAGES
    for touchpoint in TOUCHPOINTS
    for segment in SEGMENTS
] + [Selection("j", "nps", stage="nowhere"), Selection("other", "csat")]


def reference(
    answers: list[Answer], selection: Selection, window: Window
) -> tuple[int, float | None, float | None]:
    assert window.since is not None and window.until is not None
    scores = [
        int(score)
        for _, day, kind, score, stage, touchpoint, segment in answers
        if selection.journey == "j"  # the export has no journey column: all are j's
        and window.since <= date.fromisoformat(day) <= window.until
        and selection.type in (None, kind)
        and selection.stage in (None, stage)
        and selection.touchpoint in (None, touchpoint)
        and selection.segment in (None, segment)
    ]
    n = len(scores)
    if not n or selection.type is None:
        return n, None, None
    if selection.type == "nps":
        plus = sum(s >= 9 for s in scores) / n
        minus = sum(s <= 6 for s in scores) / n
        var = plus * (1 - plus) + minus * (1 - minus) + 2 * plus * minus
        return n, (plus - minus) * 100, 1.96 * math.sqrt(var / n) * 100
    if selection.type == "csat":
        p = sum(s >= 4 for s in scores) / n
        return n, p * 100, 1.96 * math.sqrt(p * (1 - p) / n) * 100
    margin = 1.96 * statistics.stdev(scores) / math.sqrt(n) if n > 1 else None
    return n, statistics.fmean(scores), margin


def test_the_engine_matches_the_reference(tmp_path: Path) -> None:
    answers = generate(3000, seed=11)
    result = measure([write_parquet(tmp_path / "answers.parquet", answers)], SELECTIONS, WINDOW)
    assert result.problems == ()
    assert len(result.scores) == len(SELECTIONS)
    for measured, selection in zip(result.scores, SELECTIONS, strict=True):
        n, score, margin = reference(answers, selection, WINDOW)
        assert measured.selection == selection
        assert measured.n == n, selection
        assert measured.score == (None if score is None else pytest.approx(score)), selection
        assert measured.margin == (None if margin is None else pytest.approx(margin)), selection
    # Not vacuous: the journey's NPS has hundreds of answers, and some selections none.
    assert result.scores[SELECTIONS.index(Selection("j", "nps"))].n > 300
    assert any(s.n == 0 for s in result.scores)

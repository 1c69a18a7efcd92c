"""`measure_responses`: survey answers in, each selection's score and margin out.

Definitions (docs/measure.md, "Survey responses", is their contract), over the answers
of a selection in the window, n of them:
- NPS (0-10): p+ = share of 9-10, p- = share of 0-6; score = (p+ - p-)·100; margin
  1.96·√((p+(1-p+) + p-(1-p-) + 2p+p-)/n)·100.
- CSAT (1-5): p = share of 4-5; score = p·100; margin 1.96·√(p(1-p)/n)·100 (the normal
  approximation of the binomial interval).
- CES (1-7): score = the mean; margin 1.96·s/√n, s the sample standard deviation (n-1).

One grouped aggregate over the clean answers (by journey, type, stage, touchpoint and
segment) brings back counts and integer sums per group; each selection adds up the
groups it takes, so the answers never pass through Python and the sums stay exact.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from csjourney.measure import engine
from csjourney.measure.types import (
    EventSource,
    ResponsesMeasurement,
    ResponseSource,
    Selection,
    SurveyScore,
    Window,
)

_Z = 1.96
_KEYS = ("journey", "type", "stage", "touchpoint", "segment")
_SUMS = ("n", "nine_up", "six_down", "four_up", "total", "squares")
Group = dict[str, Any]


def measure_responses(
    source: ResponseSource,
    selections: Sequence[Selection],
    window: Window | None = None,
    *,
    default_journey: str | None = None,
    journeys: Sequence[str] | None = None,
    backend: str | None = None,
    connection: Any = None,
) -> ResponsesMeasurement:
    """Read `source` and compute one SurveyScore per selection, in order.

    Rows with no journey value belong to `default_journey`. With `journeys` (the
    workspace's journey ids), rows naming none of them (or none, without a default) are
    reported as `unknown-journey` and excluded; otherwise they simply match no selection.
    `backend` is an Ibis connection URL (default: an in-memory DuckDB); `connection` an
    open one, used instead.
    """
    from csjourney.measure.engine import DEFAULT_BACKEND, connect, in_utc
    from csjourney.measure.events import _stray_journeys
    from csjourney.measure.funnel import in_window
    from csjourney.measure.responses_reading import read_responses

    window = window or Window()
    con = connection if connection is not None else connect(backend or DEFAULT_BACKEND)
    in_utc(con)
    read = read_responses(con, source)
    problems, excluded = list(read.problems), read.rows_excluded
    groups: list[Group] = []
    if read.table is not None and (selections or journeys is not None):
        answers = read.table.mutate(journey=read.table.journey.fill_null(default_journey or ""))
        if journeys is not None:
            # The stage history's check, on the survey's own journey column.
            mapped = EventSource(source.paths, columns=source.columns, table=source.table)
            strays, count = _stray_journeys(answers, list(journeys), read.files, mapped)
            problems.extend(strays)
            excluded += count
        wanted = sorted({selection.journey for selection in selections})
        answers = answers.filter(answers.journey.isin(wanted) & in_window(answers.ts, window))
        groups = _groups(answers)
    scores = tuple(score(selection, groups) for selection in selections)
    return ResponsesMeasurement(window, scores, tuple(problems), read.rows_read, excluded)


def _groups(answers: Any) -> list[Group]:
    """Counts and integer sums per (journey, type, stage, touchpoint, segment)."""
    value = answers.score.cast("int64")
    grouped = answers.group_by(list(_KEYS)).aggregate(
        n=answers.count(),
        nine_up=(value >= 9).sum(),
        six_down=(value <= 6).sum(),
        four_up=(value >= 4).sum(),
        total=value.sum(),
        squares=(value * value).sum(),
    )
    found: list[Group] = engine.rows(grouped)
    return found


def _takes(selection: Selection, group: Group) -> bool:
    return all(
        wanted is None or group[key] == wanted
        for key, wanted in (
            ("journey", selection.journey),
            ("type", selection.type),
            ("stage", selection.stage),
            ("touchpoint", selection.touchpoint),
            ("segment", selection.segment),
        )
    )


def score(selection: Selection, groups: Sequence[Group]) -> SurveyScore:
    """The selection's n, score and margin from the groups it takes."""
    sums = dict.fromkeys(_SUMS, 0)
    for group in groups:
        if _takes(selection, group):
            for name in _SUMS:
                sums[name] += int(group[name] or 0)
    n = sums["n"]
    if n == 0 or selection.type is None:
        return SurveyScore(selection, n, None, None)
    if selection.type == "nps":
        plus, minus = sums["nine_up"] / n, sums["six_down"] / n
        spread = plus * (1 - plus) + minus * (1 - minus) + 2 * plus * minus
        return SurveyScore(selection, n, (plus - minus) * 100, _Z * math.sqrt(spread / n) * 100)
    if selection.type == "csat":
        share = sums["four_up"] / n
        return SurveyScore(selection, n, share * 100, _Z * math.sqrt(share * (1 - share) / n) * 100)
    if selection.type == "ces":
        mean = sums["total"] / n
        if n == 1:
            return SurveyScore(selection, n, mean, None)
        # Exact in integers: n·Σx² - (Σx)² = n(n-1)·s².
        variance = (n * sums["squares"] - sums["total"] ** 2) / (n * (n - 1))
        return SurveyScore(selection, n, mean, _Z * math.sqrt(variance / n))
    raise ValueError(f"unknown survey type {selection.type!r}: nps, csat or ces")

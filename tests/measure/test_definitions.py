"""Each definition of docs/measure.md on a small log worked out by hand.

A case is a log (account, stage, timestamp, segment) over the journey a→b→c→d, a window,
and the expected rows: (visits, accounts, to_next, forward, backward, open, skipped,
conversion, median_days, p90_days) per (stage, segment). A stage or segment row not listed
must be all zero (conversion and the times None). The arithmetic is in each comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from csjourney.measure import Window
from measure.measuresupport import Event, measure, only_funnel, row_values, write_csv

Row = tuple[int, int, int, int, int, int, int, float | None, float | None, float | None]
ZERO: Row = (0, 0, 0, 0, 0, 0, 0, None, None, None)


@dataclass(frozen=True)
class Case:
    name: str
    events: list[Event]
    rows: dict[tuple[str, str | None], Row]
    window: Window = field(default_factory=Window)
    by_segment: bool = False
    unmapped: list[tuple[str, int]] = field(default_factory=list)
    unvisited: list[str] = field(default_factory=list)
    stage_map: dict[str, str] = field(default_factory=dict)
    # The journey as a whole: (segment, accounts entering a in the window, reaching d after).
    completion: list[tuple[str | None, int, int]] = field(default_factory=list)


def day(n: int, hour: int = 0) -> str:
    return f"2024-01-{n:02d}T{hour:02d}:00:00"


CASES = [
    # x: a→b→a, y: a→c, z: a. a's visits: x@1 next b (to_next, forward), x@3 none (open),
    # y next c (forward only), z open: 4 visits, 3 accounts, forward 2 → 50%.
    # Times of a: x 1 day, y 1 day (x@3 and z have none) → median 1, p90 1.
    # b: x@2 next a: backward; 1 day. y's a→c jumps over b: b.skipped 1. c: y open. d unvisited.
    Case(
        "moves",
        [
            ("x", "a", day(1), None),
            ("x", "b", day(2), None),
            ("x", "a", day(3), None),
            ("y", "a", day(1), None),
            ("y", "c", day(2), None),
            ("z", "a", day(1), None),
        ],
        {
            ("a", None): (4, 3, 1, 2, 0, 2, 0, 50.0, 1.0, 1.0),
            ("b", None): (1, 1, 0, 0, 1, 0, 1, 0.0, 1.0, 1.0),
            ("c", None): (1, 1, 0, 0, 0, 1, 0, 0.0, None, None),
        },
        unvisited=["d"],
        completion=[(None, 3, 0)],
    ),
    # p: a→d skips b and c; q: b→d skips c; r: a→b skips nothing.
    # skipped: b 1 (p), c 2 (p, q). a: 2 visits, to_next 1 (r), forward 2. Times: p 3 days,
    # r 1 day → median 2, p90 = 1 + 0.9·(3-1) = 2.8. b: q 2 days, r's b open.
    Case(
        "skipped",
        [
            ("p", "a", day(1), None),
            ("p", "d", day(4), None),
            ("q", "b", day(1), None),
            ("q", "d", day(3), None),
            ("r", "a", day(1), None),
            ("r", "b", day(2), None),
        ],
        {
            ("a", None): (2, 2, 1, 2, 0, 0, 0, 100.0, 2.0, 2.8),
            ("b", None): (2, 2, 0, 1, 0, 1, 1, 50.0, 2.0, 2.0),
            ("c", None): (0, 0, 0, 0, 0, 0, 2, None, None, None),
            ("d", None): (2, 2, 0, 0, 0, 2, 0, 0.0, None, None),
        },
        unvisited=["c"],
        completion=[(None, 2, 1)],
    ),
    # Odd count: a→b after 1, 2 and 4 days, plus one open a: conversion 3/4 = 75%.
    # median of [1, 2, 4] = 2; p90 at index 0.9·2 = 1.8: 2 + 0.8·(4-2) = 3.6.
    Case(
        "median-odd",
        [
            ("u", "a", day(1), None),
            ("u", "b", day(2), None),
            ("v", "a", day(1), None),
            ("v", "b", day(3), None),
            ("w", "a", day(1), None),
            ("w", "b", day(5), None),
            ("o", "a", day(1), None),
        ],
        {
            ("a", None): (4, 4, 3, 3, 0, 1, 0, 75.0, 2.0, 3.6),
            ("b", None): (3, 3, 0, 0, 0, 3, 0, 0.0, None, None),
        },
        unvisited=["c", "d"],
        completion=[(None, 4, 0)],
    ),
    # Even count: times 1, 2, 3 and 10 days (the 3-day one goes backward, still timed).
    # median (2+3)/2 = 2.5; p90 at index 0.9·3 = 2.7: 3 + 0.7·(10-3) = 7.9. Conversion 3/4.
    # s: b→c to_next, t: b→d forward (skips c), u: b→a backward after 3 days, v: b→c.
    Case(
        "median-even",
        [
            ("s", "b", day(1), None),
            ("s", "c", day(2), None),
            ("t", "b", day(1), None),
            ("t", "d", day(3), None),
            ("u", "b", day(1), None),
            ("u", "a", day(4), None),
            ("v", "b", day(1), None),
            ("v", "c", day(11), None),
        ],
        {
            ("a", None): (1, 1, 0, 0, 0, 1, 0, 0.0, None, None),
            ("b", None): (4, 4, 2, 3, 1, 0, 0, 75.0, 2.5, 7.9),
            ("c", None): (2, 2, 0, 0, 0, 2, 1, 0.0, None, None),
            ("d", None): (1, 1, 0, 0, 0, 1, 0, 0.0, None, None),
        },
        completion=[(None, 1, 0)],
    ),
    # Window 2024-01-01 only. x: a 10:00+02:00 = 08:00Z, b naive 20:00 = 20:00Z: 0.5 days.
    # y: a 01:00+02:00 on the 2nd = 23:00Z on the 1st (in), b 11:00Z on the 2nd (out of the
    # window, still y's next): 0.5 days. w: a 00:30+01:00 on the 1st = 23:30Z on Dec 31: out.
    # b: only x's b is in the window, open.
    Case(
        "time-zones",
        [
            ("x", "a", "2024-01-01T10:00:00+02:00", None),
            ("x", "b", "2024-01-01T20:00:00", None),
            ("y", "a", "2024-01-02T01:00:00+02:00", None),
            ("y", "b", "2024-01-02T11:00:00Z", None),
            ("w", "a", "2024-01-01T00:30:00+01:00", None),
        ],
        {
            ("a", None): (2, 2, 2, 2, 0, 0, 0, 100.0, 0.5, 0.5),
            ("b", None): (1, 1, 0, 0, 0, 1, 0, 0.0, None, None),
        },
        window=Window(date(2024, 1, 1), date(2024, 1, 1)),
        unvisited=["c", "d"],
        completion=[(None, 2, 0)],
    ),
    # Same timestamps keep file order. x at one instant: a, c, b → a next c (forward,
    # skips b), c next b (backward), b open. y: b at 12:00+02:00 then a at 10:00Z, the same
    # instant: b next a (backward), a open. Times: all 0 days.
    Case(
        "ties",
        [
            ("x", "a", day(1, 10), None),
            ("x", "c", day(1, 10), None),
            ("x", "b", day(1, 10), None),
            ("y", "b", "2024-01-01T12:00:00+02:00", None),
            ("y", "a", "2024-01-01T10:00:00Z", None),
        ],
        {
            ("a", None): (2, 2, 0, 1, 0, 1, 0, 50.0, 0.0, 0.0),
            ("b", None): (2, 2, 0, 0, 1, 1, 1, 0.0, 0.0, 0.0),
            ("c", None): (1, 1, 0, 0, 1, 0, 0, 0.0, 0.0, 0.0),
        },
        unvisited=["d"],
        completion=[(None, 2, 0)],
    ),
    # x repeats: a@1 b@2 a@3 b@5 c@6. a: 2 visits, 1 account, both to_next, 1 and 2 days →
    # median 1.5, p90 1 + 0.9 = 1.9. b: b@2→a backward (1 day), b@5→c to_next (1 day).
    Case(
        "repeated-visits",
        [
            ("x", "a", day(1), None),
            ("x", "b", day(2), None),
            ("x", "a", day(3), None),
            ("x", "b", day(5), None),
            ("x", "c", day(6), None),
        ],
        {
            ("a", None): (2, 1, 2, 2, 0, 0, 0, 100.0, 1.5, 1.9),
            ("b", None): (2, 1, 1, 1, 1, 0, 0, 50.0, 1.0, 1.0),
            ("c", None): (1, 1, 0, 0, 0, 1, 0, 0.0, None, None),
        },
        unvisited=["d"],
        completion=[(None, 1, 0)],
    ),
    # x moves from ent to smb: a@1 ent → b@2 smb → c@4 smb → a@6 smb; y: a@1 smb open.
    # The next event crosses segments; each visit counts in its own row's segment.
    # a: 3 visits, accounts 2 (x, y); ent 1 visit; smb 2 visits of 2 accounts, both open.
    Case(
        "segments",
        [
            ("x", "a", day(1), "ent"),
            ("x", "b", day(2), "smb"),
            ("x", "c", day(4), "smb"),
            ("x", "a", day(6), "smb"),
            ("y", "a", day(1), "smb"),
        ],
        {
            ("a", None): (3, 2, 1, 1, 0, 2, 0, 100 / 3, 1.0, 1.0),
            ("a", "ent"): (1, 1, 1, 1, 0, 0, 0, 100.0, 1.0, 1.0),
            ("a", "smb"): (2, 2, 0, 0, 0, 2, 0, 0.0, None, None),
            ("b", None): (1, 1, 1, 1, 0, 0, 0, 100.0, 2.0, 2.0),
            ("b", "smb"): (1, 1, 1, 1, 0, 0, 0, 100.0, 2.0, 2.0),
            ("c", None): (1, 1, 0, 0, 1, 0, 0, 0.0, 2.0, 2.0),
            ("c", "smb"): (1, 1, 0, 0, 1, 0, 0, 0.0, 2.0, 2.0),
        },
        by_segment=True,
        unvisited=["d"],
        completion=[(None, 2, 0), ("ent", 1, 0), ("smb", 1, 0)],
    ),
    # A window with no events: every stage zero and unvisited, nothing unmapped.
    Case(
        "empty-window",
        [("x", "a", day(1), None), ("x", "zz", day(2), None)],
        {},
        window=Window(date(2030, 1, 1), date(2030, 12, 31)),
        unvisited=["a", "b", "c", "d"],
        completion=[(None, 0, 0)],
    ),
    # "Onboarding - Kickoff" maps to b. y's "mystery" is no stage: nobody's next, so
    # y's a goes to b after 2 days. Unmapped in the window: mystery 2, other 1 (w's
    # "other" in 2025 is outside). a: x 1 day, y 2 days → median 1.5, p90 1.9.
    Case(
        "unmapped",
        [
            ("x", "a", day(1), None),
            ("x", "Onboarding - Kickoff", day(2), None),
            ("y", "a", day(1), None),
            ("y", "mystery", day(2), None),
            ("y", "b", day(3), None),
            ("z", "mystery", day(1), None),
            ("z", "other", day(1), None),
            ("w", "other", "2025-01-01", None),
        ],
        {
            ("a", None): (2, 2, 2, 2, 0, 0, 0, 100.0, 1.5, 1.9),
            ("b", None): (2, 2, 0, 0, 0, 2, 0, 0.0, None, None),
        },
        window=Window(date(2024, 1, 1), date(2024, 12, 31)),
        unmapped=[("mystery", 2), ("other", 1)],
        unvisited=["c", "d"],
        stage_map={"Onboarding - Kickoff": "b"},
        completion=[(None, 2, 0)],
    ),
    # Completion: entering a in January, reaching d later. p: a→b→d, d in February (after
    # the window still counts): reached. q: d then a at one instant (file order): d is
    # before the entry, not reached. r: a→d→a: reached. s: a in 2023 (out), d, a: its entry
    # is the January a, after its d: not reached. 2 of 4.
    # Stages: a: p a, q a (open), r a→d (forward, skips b, c), r a (open), s a (open): 5
    # visits, 4 accounts, times 1, 1. b: p b→d forward, skips c, 38 days; skipped 1 (r).
    # c: skipped 2 (p, r). d: q d→a (0 days), r d→a (1), s d→a (1): backward 3;
    # median 1, p90 at 1.8: 1 + 0.8·0 = 1.
    Case(
        "completion",
        [
            ("p", "a", day(1), None),
            ("p", "b", day(2), None),
            ("p", "d", "2024-02-09", None),
            ("q", "d", day(1, 10), None),
            ("q", "a", day(1, 10), None),
            ("r", "a", day(1), None),
            ("r", "d", day(2), None),
            ("r", "a", day(3), None),
            ("s", "a", "2023-12-31", None),
            ("s", "d", day(3), None),
            ("s", "a", day(4), None),
        ],
        {
            ("a", None): (5, 4, 1, 2, 0, 3, 0, 40.0, 1.0, 1.0),
            ("b", None): (1, 1, 0, 1, 0, 0, 1, 100.0, 38.0, 38.0),
            ("c", None): (0, 0, 0, 0, 0, 0, 2, None, None, None),
            ("d", None): (3, 3, 0, 0, 3, 0, 0, 0.0, 1.0, 1.0),
        },
        window=Window(date(2024, 1, 1), date(2024, 1, 31)),
        unvisited=["c"],
        completion=[(None, 4, 2)],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hand_worked_log(case: Case, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", case.events)
    result = measure([path], case.window, by_segment=case.by_segment, stage_map=case.stage_map)
    funnel = only_funnel(result)
    assert result.problems == ()
    got = {(row.id, row.segment): row_values(row) for row in funnel.stages}
    segments = sorted({seg for _, seg in case.rows if seg is not None})
    keys = [(stage, seg) for stage in "abcd" for seg in [None, *segments]]
    assert list(got) == keys  # journey order, overall first, every segment at every stage
    for key in keys:
        assert got[key] == pytest.approx(case.rows.get(key, ZERO)), key
    assert [(u.stage, u.visits) for u in funnel.unmapped] == case.unmapped
    assert list(funnel.unvisited) == case.unvisited
    completion = [(c.segment, c.accounts, c.reached) for c in funnel.completion]
    assert completion == case.completion
    for c in funnel.completion:
        assert c.conversion == (c.reached / c.accounts * 100 if c.accounts else None)

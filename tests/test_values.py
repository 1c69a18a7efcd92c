"""Dates and numbers at the edges of what a valid map may hold.

`reviewed: 9999-12-31` with a long interval, a target of 1e308, an int of
300 digits: each is a map the format allows, and validate, lint and render
must answer it like any other, never with "internal error". The helpers in
`csjourney.values` do the sums; the table below runs whole maps through the
commands a user would run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney.values import add_days, fraction_of, int_text, number_text

LAST_DAY, FIRST_DAY = dt.date.max, dt.date.min


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 1)),
        (LAST_DAY, 0, LAST_DAY),
        (LAST_DAY, 1, None),
        (FIRST_DAY, -1, None),
        (FIRST_DAY, 3_652_058, LAST_DAY),
        (FIRST_DAY, 3_652_059, None),
        (dt.date(2026, 1, 1), 10**300, None),  # too large even for a timedelta
    ],
)
def test_add_days_is_none_past_the_calendar(
    day: dt.date, days: int, expected: dt.date | None
) -> None:
    assert add_days(day, days) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.0, "3"),
        (4.1, "4.1"),
        (-3, "-3"),
        (1e19, "10000000000000000000"),
        (1e300, "1e+300"),
        (-1.7e308, "-1.7e+308"),
        (10**5000, "10000000...00000000 (5,001 digits)"),  # str() would raise past 4,300
        (-(10**20) - 7, "-10000000...00000007 (21 digits)"),
        (10**20 - 1, "99999999999999999999"),
    ],
    ids=lambda value: value if isinstance(value, str) else type(value).__name__,
)
def test_number_text_is_short_and_never_raises(value: float, expected: str) -> None:
    assert number_text(value) == expected


def test_int_text_counts_digits_exactly_at_powers_of_ten() -> None:
    for digits in (21, 22, 309, 4301, 10_000):
        assert int_text(10 ** (digits - 1)).endswith(f"({digits:,} digits)")
        assert int_text(10**digits - 1).endswith(f"({digits:,} digits)")


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (5.0, 0.0, 10.0, 0.5),
        (0.0, -1.7e308, 1.7e308, 0.5),  # high - low is inf: must not become nan
        (1.7e308, -1.7e308, 1.7e308, 1.0),
        (-1.7e308, -1.7e308, 1.7e308, 0.0),
        (3.0, 3.0, 3.0, 1.0),
    ],
)
def test_fraction_of_stays_in_zero_to_one(
    value: float, low: float, high: float, expected: float
) -> None:
    assert fraction_of(value, low, high) == pytest.approx(expected)


HEAD = "csjourney: 1\nsegments:\n  - {id: smb, name: Small business}\n"


def _journey(journey_keys: str, stage_keys: str = "") -> str:
    return (
        HEAD + "journey:\n  id: edge\n  title: Edge\n  segments: [smb]\n" + journey_keys
        + "  stages:\n    - id: onboarding\n      name: Onboarding\n" + stage_keys
    )  # fmt: skip


def _metric(keys: str) -> str:
    return f"      metrics:\n        - {{id: m, name: M, {keys}}}\n"


# name: (map, csjourney.toml, --today, validate exit code, text the Markdown report shows)
EDGE_MAPS: dict[str, tuple[str, str, str, int, str | None]] = {
    "review-due-after-the-calendar": (
        _journey("  reviewed: 9999-12-31\n  review_every_days: 3000000\n"),
        "", "9999-12-31", 0, "next review due never (after 9999-12-31)",
    ),
    "configured-review-interval-past-the-calendar": (
        _journey("  reviewed: 9000-01-01\n"),
        "[lint.options]\nreview-every-days = 3000000\nmetric-stale-days = 3000000\n",
        "9999-12-31", 0, None,
    ),
    "review-interval-of-300-digits": (
        _journey(f"  reviewed: 2026-01-01\n  review_every_days: {10**299}\n"),
        "", "2026-11-28", 0, "next review due never",
    ),
    "dates-at-both-ends": (
        _journey(
            "  reviewed: 0001-01-01\n",
            "      initiatives:\n        - {id: i, name: I, status: planned, due: 0001-01-01}\n"
            + _metric("type: retention, current: 50, measured: 0001-01-01, history: "
                      "[{date: 0001-01-01, value: 1}, {date: 9999-12-31, value: 2}]"),
        ),
        "", "9999-12-31", 0, "next review due 0001-04-01",
    ),
    "largest-floats-in-an-open-range": (
        _journey("", _metric("type: score, target: 1e308, current: -1.7e308, history: "
                             "[{date: 2026-01-01, value: 1.7e308}]")),
        "", "2026-11-28", 0, "-1.7e+308",
    ),
    "largest-float-count": (
        _journey("", _metric("type: count, unit: seats, target: 1.7976931348623157e308, "
                             "current: 1e300")),
        "", "2026-11-28", 0, "1e+300 seats",
    ),
    "percent-metric-of-1e300-is-out-of-range": (
        _journey("", _metric("type: csat, target: 1e300")),
        "", "2026-11-28", 1, None,
    ),
    "emotion-of-300-digits-is-out-of-range": (
        _journey("", f"      emotion: {10**299}\n"),
        "", "2026-11-28", 1, None,
    ),
    "sample-size-of-300-digits": (
        _journey("") + f"evidence:\n  - {{id: e, name: E, type: survey, sample_size: {10**299}}}\n",
        "", "2026-11-28", 0, None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", EDGE_MAPS)
def test_edge_values_get_an_answer_in_validate_and_render(
    name: str, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    text, config, today, code, shown = EDGE_MAPS[name]
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "csjourney.toml").write_text(config, encoding="utf-8")

    checked = csj("validate", "--today", today, "map.yaml", cwd=tmp_path)
    rendered = csj("render", "-f", "md,html", "--today", today, "-o", "out", cwd=tmp_path)

    for result in (checked, rendered):
        assert "internal error" not in result.err + result.out
        assert "Traceback" not in result.err
    assert checked.code == code, checked.out
    if code == 1:  # the number is named short, at its place
        assert "error CSJ104" in checked.out
        assert max(len(line) for line in checked.out.splitlines()) < 200
        return
    assert rendered.code == 0, rendered.err
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").iterdir()]
    assert not any("nan" in page.split() or ",nan" in page for page in pages)
    if shown is not None:
        markdown = (tmp_path / "out" / "edge.md").read_text(encoding="utf-8")
        assert shown in markdown

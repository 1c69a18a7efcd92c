"""What each events statistic of a `measure` binding reads from a journey's funnel.

A stage's metric takes that stage's row; a journey-level metric takes the journey as
a whole: for `conversion`, the share of accounts entering the first stage that later
reach the last (JourneyCompletion); for a count or a time, the first stage's row,
where the journey starts. `segment` in the binding picks that segment's row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.measure.types import JourneyFunnel, StageRow
    from csjourney.model import MeasureBinding


def _percent(part: int, whole: int) -> float | None:
    return part / whole * 100 if whole else None


# What each events statistic reads from a stage's funnel row.
STAGE_STATISTICS: dict[str, Callable[[StageRow], float | None]] = {
    "visits": lambda row: row.visits,
    "accounts": lambda row: row.accounts,
    "conversion": lambda row: row.conversion,
    "median-days": lambda row: row.median_days,
    "p90-days": lambda row: row.p90_days,
    "backward": lambda row: _percent(row.backward, row.visits),
}


def events_value(funnel: JourneyFunnel, stage: str | None, binding: MeasureBinding) -> float | None:
    """The bound statistic's value (None: nothing to count in the window)."""
    segment = binding.segment
    if stage is None and binding.statistic == "conversion":
        done = [c for c in funnel.completion if c.segment == segment]
        return done[0].conversion if done else None
    if stage is None:
        if not funnel.stages:
            return None
        stage = funnel.stages[0].id
    rows = [r for r in funnel.stages if r.id == stage and r.segment == segment]
    return STAGE_STATISTICS[binding.statistic](rows[0]) if rows else None

"""The domain rules of a journey map, once: what lint, render and diff all mean by
"on target", "better", "next review due" and "48%".

Each rule is a plain function of the model (and, for the review date, the
workspace's configured interval), so a check and a view of the same map cannot
disagree: the lint rule that reports an off-target metric, the report's
on-target mark and diff's "better"/"worse" all call `metric_status` or
`is_better`. Defaults that are a property of a single field stay on the model
(`Metric.effective_direction`, `Stage.effective_phase` from `PHASE_OF_KIND`);
the rules that combine fields, or the model with the config, live here.
No heavy imports: lint and the CLI load this.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Literal

from csjourney.metric_types import METRIC_TYPES
from csjourney.values import add_days

if TYPE_CHECKING:
    from csjourney.model import Journey, Metric

Status = Literal["on-target", "off-target", "no-target", "no-data"]
NEVER = "never (after 9999-12-31)"  # a review due past the calendar's end


def lower_is_better(metric: Metric) -> bool:
    """The metric's own `direction` when set, else its type's default."""
    return metric.effective_direction == "lower-is-better"


def is_better(metric: Metric, old: float, new: float) -> bool:
    """Whether moving from `old` to `new` is an improvement for this metric."""
    return new < old if lower_is_better(metric) else new > old


def meets(metric: Metric, value: float, target: float) -> bool:
    """`value` is on the good side of `target`; exactly at the target counts as on it."""
    return value <= target if lower_is_better(metric) else value >= target


def metric_status(metric: Metric) -> Status:
    """`on-target`, `off-target`, `no-target` (nothing to compare) or `no-data`."""
    if metric.current is None:
        return "no-data"
    if metric.target is None:
        return "no-target"
    return "on-target" if meets(metric, metric.current, metric.target) else "off-target"


def review_interval(journey: Journey, default: int) -> int:
    """Days between reviews: the journey's `review_every_days` when the file sets it,
    else `default`, the workspace's configured `review-every-days`.

    The model fills in 90 when the key is absent; only an explicit value beats
    the config.
    """
    if "review_every_days" in journey.model_fields_set:
        return journey.review_every_days
    return default


def next_review(journey: Journey, default: int) -> dt.date | None:
    """The date the next review is due; None without `reviewed`, or past 9999-12-31."""
    if journey.reviewed is None:
        return None
    return add_days(journey.reviewed, review_interval(journey, default))


def next_review_text(journey: Journey, default: int) -> str | None:
    """The next review date as a reader sees it; None without `reviewed`."""
    if journey.reviewed is None:
        return None
    due = next_review(journey, default)
    return due.isoformat() if due is not None else NEVER


def number_text(value: float) -> str:
    """How a number reads in prose, wherever a reader meets it: lint messages, the
    reports and diff's sentences all call this. 12,500 / 4.1 / -3: thousands
    separated, at most two decimals, no trailing zeros; 1.2e+20 past 10^15.

    `values.number_text` is the other form, the number as the file writes it, for
    quoting the file (in backticks, or YAML a hint asks to write).
    """
    if abs(value) >= 1e15:  # 1e308 written out would be 309 digits across the page
        return f"{value:.3g}"
    # Whole within float noise; but a tiny non-zero value is not 0 (it falls to the last rule).
    if math.isclose(value, round(value), abs_tol=1e-9) and (round(value) != 0 or value == 0):
        return f"{round(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):  # not zero, only small: its first digits, never a false 0
        return f"{value:.2g}"
    return text


def days_text(days: int) -> str:
    """`1 day`, `12 days`, `1,200 days`: a count of days in prose."""
    return f"{number_text(days)} day{'' if days == 1 else 's'}"


def value_text(metric: Metric, value: float | None) -> str:
    """A value with its unit: `48%` for the percent types, `11 days`, `38` (NPS has no unit)."""
    if value is None:
        return "—"
    text = number_text(value)
    if METRIC_TYPES[metric.type].percent:
        return f"{text}%"
    return f"{text} {metric.unit}" if metric.unit else text

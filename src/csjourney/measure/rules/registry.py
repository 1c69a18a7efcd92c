"""The explicit list of measure findings, and lookup by code or name.

Adding one: write its module here, add its class to RULES, add cases under
tests/measure/cases/, then `make docs` (docs/rules.md). Codes are stable forever;
a retired finding's code is never reused.
"""

from __future__ import annotations

from csjourney.measure.rules.base import MeasureRule
from csjourney.measure.rules.journey_backflow import JourneyBackflow
from csjourney.measure.rules.measure_sample_small import MeasureSampleSmall
from csjourney.measure.rules.metric_measured_off_target import MetricMeasuredOffTarget
from csjourney.measure.rules.metric_unbound import MetricUnbound
from csjourney.measure.rules.stage_often_skipped import StageOftenSkipped
from csjourney.measure.rules.stage_unmapped import StageUnmapped
from csjourney.measure.rules.stage_unobserved import StageUnobserved

RULES: tuple[type[MeasureRule], ...] = (
    StageUnobserved,
    StageUnmapped,
    StageOftenSkipped,
    JourneyBackflow,
    MetricMeasuredOffTarget,
    MetricUnbound,
    MeasureSampleSmall,
)

_BY_KEY: dict[str, type[MeasureRule]] = {
    **{rule.code.upper(): rule for rule in RULES},
    **{rule.name: rule for rule in RULES},
}


def find_finding(key: str) -> type[MeasureRule] | None:
    """A measure finding by its code (any case) or its name."""
    key = key.strip()
    return _BY_KEY.get(key.upper()) or _BY_KEY.get(key.lower())


def unknown_finding(key: str) -> str:
    """Why `key` names no measure finding: what it names instead, or a 'did you mean'."""
    from csjourney.lint.registry import find_rule
    from csjourney.rulesinfo import find, key_hint

    other = find(key)
    if other is not None and find_rule(key) is not None:
        return f"`{key}` is the lint rule {other.code} {other.name}: set it in `[lint.severity]`"
    if other is not None:  # a structural or data check: always an error
        return f"`{key}` is the check {other.code} {other.name}: always an error, never off"
    hint = key_hint(key, [rule.code for rule in RULES], [rule.name for rule in RULES])
    return f"unknown measure finding `{key}`" + (f"; {hint}" if hint else "")

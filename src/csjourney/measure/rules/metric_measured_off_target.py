from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import lower_is_better, meets, value_text
from csjourney.lint.rule import Finding
from csjourney.measure.rules.base import MeasureRule
from csjourney.model import Initiative
from csjourney.structure import items_of
from csjourney.wording import named, plan_hint

if TYPE_CHECKING:
    from csjourney.measure.rules.base import MeasureContext


class MetricMeasuredOffTarget(MeasureRule):
    """A bound metric whose measured value is on the wrong side of its `target`.

    Why it matters:
    The lint rule metric-off-target (CSJ211) judges the `current` value typed
    in the map; this one judges what the data says now, over the window. A
    map can look on target while the measured value has slipped. Direction
    matters as in CSJ211: for a conversion, below the target is the gap; for
    a time in stage or a churn, above it. A metric's `direction` overrides the
    default of its type.

    Fails:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        metrics:
          - id: onboarding-conversion
            name: Accounts that move on from onboarding
            type: conversion
            target: 70
            measure: {from: events, statistic: conversion}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    acme,adoption,2026-11-16
    globex,onboarding,2026-11-03
    ```

    Passes:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        metrics:
          - id: onboarding-conversion
            name: Accounts that move on from onboarding
            type: conversion
            target: 70
            measure: {from: events, statistic: conversion}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    acme,adoption,2026-11-16
    globex,onboarding,2026-11-03
    globex,adoption,2026-11-20
    ```
    """

    code = "CSJ305"
    name = "metric-measured-off-target"
    severity = Severity.WARNING

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        for measure in ctx.journeys():
            improvers: dict[str, list[Initiative]] = {}
            for _node, initiative in items_of(measure.journey, Initiative):
                for metric_id in initiative.improves:
                    improvers.setdefault(metric_id, []).append(initiative)
            for measured in measure.values:
                metric, value, target = measured.metric, measured.value, measured.metric.target
                if value is None or target is None or meets(metric, value, target):
                    continue
                side, better = (
                    ("above", "lower") if lower_is_better(metric) else ("below", "higher")
                )
                yield Finding(
                    measure.file,
                    (*measured.loc, "id"),
                    f"metric {named(metric.name, metric.id)} measured "
                    f"{value_text(metric, value)} {ctx.window}, {side} its target of "
                    f"{value_text(metric, target)} ({better} is better)",
                    subject=metric.id,
                    hint=plan_hint(metric.id, improvers.get(metric.id, [])),
                    item_loc=measured.loc,
                )

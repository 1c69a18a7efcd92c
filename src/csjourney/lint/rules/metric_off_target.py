from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import lower_is_better, metric_status, value_text
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named, plan_hint

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext
    from csjourney.model import Initiative


class MetricOffTarget(Rule):
    """A metric whose `current` value is on the wrong side of its `target`.

    Why it matters:
    Being off target is normal; it is why targets exist. This rule collects
    the gaps in one list so a journey review can walk through them and check
    each has a plan. Direction matters: churn of 4.1% against a target of 3%
    is off target, and so is an 11-day time to value against a target of 7;
    for an activation rate, being below the target is the gap. A metric's
    `direction` overrides the default of its type.

    Fails:
    ```yaml
    metrics:
      - id: logo-churn
        name: Monthly logo churn
        type: churn          # lower is better
        target: 3
        current: 4.1
    ```

    Passes:
    ```yaml
    metrics:
      - id: logo-churn
        name: Monthly logo churn
        type: churn
        target: 3
        current: 2.6
    ```
    """

    code = "CSJ211"
    name = "metric-off-target"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        improvers: dict[tuple[str, str], list[Initiative]] = {}
        for _file, journey, _loc, initiative in ctx.initiatives():
            for metric_id in initiative.improves:
                improvers.setdefault((journey.id, metric_id), []).append(initiative)
        for file, journey, loc, metric in ctx.metrics():
            current, target = metric.current, metric.target
            if current is None or target is None or metric_status(metric) != "off-target":
                continue
            lower = lower_is_better(metric)
            side, better = ("above", "lower") if lower else ("below", "higher")
            yield Finding(
                file,
                (*loc, "current"),
                f"metric {named(metric.name, metric.id)} is off target: "
                f"current {value_text(metric, current)} is {side} the target of "
                f"{value_text(metric, target)} ({better} is better)",
                subject=metric.id,
                hint=plan_hint(metric.id, improvers.get((journey.id, metric.id), [])),
                item_loc=loc,
            )

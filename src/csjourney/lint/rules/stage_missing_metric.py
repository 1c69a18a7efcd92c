from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class StageMissingMetric(Rule):
    """A stage with no metric.

    Why it matters:
    Journey-wide figures such as NRR or logo churn move months after the
    cause. A stage metric (activation within 14 days, time to first value,
    weekly active accounts) is the early signal that tells the team which
    stage customers stall in, and whether an initiative there worked. A stage
    with no metric can only be judged by opinion.

    Fails:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
    ```

    Passes:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        metrics:
          - id: activation-rate
            name: Activated within 14 days
            type: activation
            target: 60
    ```
    """

    code = "CSJ202"
    name = "stage-missing-metric"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, stage in ctx.stages():
            if not stage.metrics:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"stage {named(stage.name, stage.id)} has no metric",
                    subject=stage.id,
                    hint="add a metric that shows customers succeed in this stage "
                    "(an activation rate, a time to value)",
                    item_loc=loc,
                )

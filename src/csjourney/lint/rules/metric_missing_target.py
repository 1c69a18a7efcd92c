from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class MetricMissingTarget(Rule):
    """A metric with no target.

    Why it matters:
    A number without a target cannot say whether things are going well: is
    48% activation a crisis or a record? The target is the success criterion
    the team agreed on, what initiatives are sized against, and what lets
    `metric-off-target` point out the gaps at each review.

    Fails:
    ```yaml
    metrics:
      - id: activation-rate
        name: Activated within 14 days
        type: activation
        current: 48
    ```

    Passes:
    ```yaml
    metrics:
      - id: activation-rate
        name: Activated within 14 days
        type: activation
        target: 60
        current: 48
    ```
    """

    code = "CSJ210"
    name = "metric-missing-target"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, metric in ctx.metrics():
            if metric.target is None:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"metric {named(metric.name, metric.id)} has no target",
                    subject=metric.id,
                    hint="set `target` to the value the team agrees means success",
                    item_loc=loc,
                )

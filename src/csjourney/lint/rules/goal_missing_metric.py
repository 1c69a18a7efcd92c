from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class GoalMissingMetric(Rule):
    """A goal with no metric.

    Why it matters:
    Goals are why the journey is mapped: "keep SMB churn under 3%", "grow
    expansion revenue". A goal with no metric cannot be tracked, so nobody
    can say whether the initiatives on the map are moving it, and it cannot
    be reported to leadership in the quarterly business review.

    Fails:
    ```yaml
    goals:
      - id: cut-smb-churn
        name: Keep monthly logo churn under 3%
    ```

    Passes:
    ```yaml
    goals:
      - id: cut-smb-churn
        name: Keep monthly logo churn under 3%
        metrics: [logo-churn]
    ```
    """

    code = "CSJ213"
    name = "goal-missing-metric"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, goal in ctx.goals():
            if not goal.metrics:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"goal {named(goal.name, goal.id)} has no metric",
                    subject=goal.id,
                    hint="list the metrics that show progress towards it under `metrics`",
                    item_loc=loc,
                )

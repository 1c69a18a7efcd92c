from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class StageMissingExitCriteria(Rule):
    """A stage with no exit criteria.

    Why it matters:
    Exit criteria say when a customer has actually succeeded in a stage ("first
    dashboard shared with a teammate"), not when the calendar says so. Without
    them, accounts are handed from onboarding to the account manager after a
    fixed number of days whether or not they got value, and each CSM judges
    "onboarded" differently, so stage metrics are not comparable.

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
        exit_criteria: First dashboard shared with a teammate
    ```
    """

    code = "CSJ203"
    name = "stage-missing-exit-criteria"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, stage in ctx.stages():
            if stage.exit_criteria is None:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"stage {named(stage.name, stage.id)} has no exit criteria",
                    subject=stage.id,
                    hint="set `exit_criteria` to the customer outcome that marks "
                    "the move to the next stage",
                    item_loc=loc,
                )

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class StageMissingTouchpoint(Rule):
    """A stage with no touchpoints.

    Why it matters:
    Touchpoints are where the company actually meets the customer. A stage the
    customer passes through with no touchpoint is a stretch of the journey
    where nobody is talking to them: either the map is incomplete, or there is
    a real gap in coverage (no welcome email, no check-in, no help article).

    Fails:
    ```yaml
    stages:
      - id: adoption
        name: Adoption
    ```

    Passes:
    ```yaml
    stages:
      - id: adoption
        name: Adoption
        touchpoints:
          - id: feature-tips
            name: In-app feature tips
            channel: in-app
    ```
    """

    code = "CSJ201"
    name = "stage-missing-touchpoint"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, stage in ctx.stages():
            if not stage.touchpoints:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"stage {named(stage.name, stage.id)} has no touchpoints",
                    subject=stage.id,
                    hint="add the channels where customers meet you in this stage",
                    item_loc=loc,
                )

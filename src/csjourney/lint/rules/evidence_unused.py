from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class EvidenceUnused(Rule):
    """Evidence that no pain point and no metric cites.

    Why it matters:
    Research only shapes the map when it is connected to it. A survey or
    interview round that nothing cites either revealed pain points that never
    made it onto the map, or is left over from an earlier version and makes
    the map look better researched than it is. Evidence is workspace-wide: a
    citation from any journey in the workspace counts.

    Fails:
    ```yaml
    evidence:
      - id: churn-interviews
        name: Churned customer interviews
        type: interview
    # no pain point lists it under `evidence`, no metric has it as `source`
    ```

    Passes:
    ```yaml
    evidence:
      - id: churn-interviews
        name: Churned customer interviews
        type: interview
    # ... and in a stage:
    pain_points:
      - id: surprise-invoice
        name: First invoice is higher than expected
        evidence: [churn-interviews]
    ```
    """

    code = "CSJ219"
    name = "evidence-unused"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if not ctx.complete:
            return  # a broken file may be the one that uses it
        cited = ctx.cited("evidence")
        for file, loc, item in ctx.evidence():
            if item.id not in cited:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"evidence {named(item.name, item.id)} is not cited "
                    "by any pain point or metric",
                    subject=item.id,
                    hint="cite it in a pain point's `evidence` or a metric's `source`, "
                    "or remove it",
                    item_loc=loc,
                )

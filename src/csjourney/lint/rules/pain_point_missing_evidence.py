from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class PainPointMissingEvidence(Rule):
    """A pain point that cites no evidence.

    Why it matters:
    Pain points decide where roadmap and CS time go. One with no evidence may
    be a single loud customer's complaint or the team's own assumption.
    Citing the survey, interview round or ticket analysis behind it lets
    others judge how widespread it is, and shows which pain points to re-check
    when that research is refreshed.

    Fails:
    ```yaml
    pain_points:
      - id: slow-data-connect
        name: Connecting data sources takes days
    ```

    Passes:
    ```yaml
    pain_points:
      - id: slow-data-connect
        name: Connecting data sources takes days
        evidence: [q3-onboarding-survey]
    ```
    """

    code = "CSJ205"
    name = "pain-point-missing-evidence"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, pain in ctx.pain_points():
            if not pain.evidence:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"pain point {named(pain.name, pain.id)} cites no evidence",
                    subject=pain.id,
                    hint="list the survey, interviews or ticket data that show it under `evidence`",
                    item_loc=loc,
                )

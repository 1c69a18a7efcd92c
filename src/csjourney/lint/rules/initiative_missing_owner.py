from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class InitiativeMissingOwner(Rule):
    """An initiative with no owner.

    Why it matters:
    Journey work crosses teams: a fix for slow onboarding may need product,
    support and CS. An initiative nobody owns is one every team assumes
    another is driving; it stays on the map for quarters while the pain point
    it addresses keeps costing renewals. An owner is who the review asks
    "where is this?".

    Fails:
    ```yaml
    initiatives:
      - id: guided-tour
        name: Guided product tour to the first dashboard
        addresses: [slow-data-connect]
    ```

    Passes:
    ```yaml
    initiatives:
      - id: guided-tour
        name: Guided product tour to the first dashboard
        addresses: [slow-data-connect]
        owner: product-growth
    ```
    """

    code = "CSJ206"
    name = "initiative-missing-owner"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, initiative in ctx.initiatives():
            if initiative.owner is None:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"initiative {named(initiative.name, initiative.id)} has no owner",
                    subject=initiative.id,
                    hint="set `owner` to the team or person accountable for delivering it",
                    item_loc=loc,
                )

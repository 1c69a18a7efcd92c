from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class InitiativeUnlinked(Rule):
    """An initiative that addresses no pain point and improves no metric.

    Why it matters:
    An initiative linked to a pain point can be weighed against the pain's
    severity; one linked to a metric can be judged after it ships. One linked
    to neither cannot be prioritised or evaluated: it is often a pet project,
    or the link to the customer problem only lives in someone's head.

    Fails:
    ```yaml
    initiatives:
      - id: new-welcome-video
        name: New welcome video
    ```

    Passes:
    ```yaml
    initiatives:
      - id: new-welcome-video
        name: New welcome video
        addresses: [slow-data-connect]
        improves: [activation-rate]
    ```
    """

    code = "CSJ208"
    name = "initiative-unlinked"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, initiative in ctx.initiatives():
            if not initiative.addresses and not initiative.improves:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"initiative {named(initiative.name, initiative.id)} addresses no pain point "
                    "and improves no metric",
                    subject=initiative.id,
                    hint="link it with `addresses: [PAIN-POINT]` or `improves: [METRIC]`",
                    item_loc=loc,
                )

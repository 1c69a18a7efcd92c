from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class TouchpointMissingOwner(Rule):
    """A touchpoint with no owner.

    Why it matters:
    Touchpoints are run by many teams: marketing sends the welcome email,
    product owns the setup wizard, support the help center. One nobody owns
    decays quietly (the activation email still shows last year's screens, the
    help article links to a retired feature) because no team feels it is
    theirs to fix, and nobody knows whom to ask when its metric drops.

    Fails:
    ```yaml
    touchpoints:
      - id: activation-email
        name: Activation email
        channel: email
    ```

    Passes:
    ```yaml
    touchpoints:
      - id: activation-email
        name: Activation email
        channel: email
        owner: lifecycle-marketing
    ```
    """

    code = "CSJ209"
    name = "touchpoint-missing-owner"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, touchpoint in ctx.touchpoints():
            if touchpoint.owner is None:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"touchpoint {named(touchpoint.name, touchpoint.id)} has no owner",
                    subject=touchpoint.id,
                    hint="set `owner` to the team or person who runs it",
                    item_loc=loc,
                )

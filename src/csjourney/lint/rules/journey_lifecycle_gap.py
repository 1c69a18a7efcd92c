from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.valuesets import POST_PURCHASE_KINDS
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class JourneyLifecycleGap(Rule):
    """A journey past the purchase that skips one of the post-purchase stage kinds.

    Why it matters:
    Customer success starts at the purchase and runs through onboarding,
    adoption, value realization, expansion, renewal and advocacy. A map that
    covers life after the sale but skips one of these usually skips it in
    practice too: no renewal stage means renewals are left to the billing
    system, no value-realization stage means nobody checks that customers got
    what they bought before asking them to renew. One finding per missing
    kind; a stage counts by its `kind`, or by its id when that is a standard
    kind. Journeys that map only the way to the purchase are not checked.

    Fails:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
      - id: weekly-use
        name: Weekly use
        kind: adoption
      # no value-realization, expansion, renewal or advocacy stage
    ```

    Passes:
    ```yaml
    stages:
      - {id: onboarding, name: Onboarding}
      - {id: weekly-use, name: Weekly use, kind: adoption}
      - {id: value-realization, name: Value realization}
      - {id: expansion, name: Expansion}
      - {id: renewal, name: Renewal}
      - {id: advocacy, name: Advocacy}
    ```
    """

    code = "CSJ217"
    name = "journey-lifecycle-gap"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, journey in ctx.journeys():
            stages = journey.stages
            if not any(stage.effective_phase == "post-purchase" for stage in stages):
                continue
            present = {stage.effective_kind for stage in stages}
            for kind in POST_PURCHASE_KINDS:
                if kind in present:
                    continue
                yield Finding(
                    file,
                    ("journey", "id"),
                    f"journey {named(journey.title, journey.id)} has post-purchase stages "
                    f"but no `{kind}` stage",
                    subject=kind,
                    hint=f"add a stage with `kind: {kind}`, or set that kind on the stage "
                    "that plays this part",
                    item_loc=("journey",),
                )

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding
from csjourney.measure.rules.base import MeasureRule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.measure.rules.base import MeasureContext


class StageUnobserved(MeasureRule):
    """A stage of the map that no customer entered in the window.

    Why it matters:
    A stage nobody visits is a step the team drew but customers do not take,
    or one the stage history records under another name. Either way the map
    and reality disagree: the funnel around it is not what the map says. It
    is reported only when a stage history is measured, for the stages of the
    journeys it covers.

    Fails:
    ```yaml
    stages:
      - {id: onboarding, name: Onboarding}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    ```

    Passes:
    ```yaml
    stages:
      - {id: onboarding, name: Onboarding}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    acme,adoption,2026-11-16
    ```
    """

    code = "CSJ301"
    name = "stage-unobserved"
    severity = Severity.WARNING

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        for seen in ctx.stages():
            if seen.row.visits:
                continue
            yield Finding(
                seen.file,
                (*seen.loc, "id"),
                f"stage {named(seen.stage.name, seen.stage.id)} had no visit {ctx.window}",
                subject=seen.stage.id,
                hint="check that the stage history records it under this id (map its name "
                "in `[measure.events] stages`), or remove the stage if customers no longer "
                "take it",
                item_loc=seen.loc,
            )

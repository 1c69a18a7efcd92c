from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding
from csjourney.measure.rules.base import MeasureRule, counted
from csjourney.suggest import best
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.measure.rules.base import MeasureContext


class StageUnmapped(MeasureRule):
    """A stage value in the stage history that is no stage of the journey.

    Why it matters:
    Customers take a step the map does not show, or the history names a
    stage differently from the map. Its visits are counted but belong to no
    stage, so they are nobody's next event: the funnel around the missing
    step reads as if customers jumped over it. The finding names the value
    and its visits in the window; map the value to a stage id in
    `[measure.events] stages`, or add the stage to the journey.

    Fails:
    ```yaml
    stages:
      - {id: onboarding, name: Onboarding}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    acme,Training,2026-11-09
    acme,adoption,2026-11-16
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

    code = "CSJ302"
    name = "stage-unmapped"
    severity = Severity.WARNING

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        for measure in ctx.journeys():
            if measure.funnel is None:
                continue
            journey = measure.journey
            ids = [stage.id for stage in journey.stages]
            for unmapped in measure.funnel.unmapped:
                near = best(unmapped.stage, ids)
                target = near.word if near else "stage-id"
                value = json.dumps(unmapped.stage, ensure_ascii=False)
                mapping = f"`[measure.events] stages = {{{value} = {json.dumps(target)}}}`"
                yield Finding(
                    measure.file,
                    ("journey", "id"),
                    f"stage '{unmapped.stage}' of the stage history "
                    f"({counted(unmapped.visits, 'visit')} {ctx.window}) is no stage of "
                    f"journey {named(journey.title, journey.id)}",
                    subject=unmapped.stage,
                    hint=f"if it is stage `{target}`, map it in csjourney.toml: {mapping}; "
                    "else add the stage to the journey"
                    if near
                    else f"map it to a stage in csjourney.toml ({mapping}), "
                    "or add the stage to the journey",
                    item_loc=("journey",),
                )

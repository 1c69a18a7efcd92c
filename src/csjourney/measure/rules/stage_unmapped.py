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
                written = ctx.mapped_from.get(unmapped.stage, ())
                near = best(unmapped.stage, ids)
                target = json.dumps(near.word if near else "stage-id")
                visits = f"({counted(unmapped.visits, 'visit')} {ctx.window})"
                where = f"journey {named(journey.title, journey.id)}"
                if written:  # the file says something else: the mapping is what to correct
                    values = " or ".join(f"'{value}'" for value in written)  # which, unknown
                    message = (
                        f"stage {values} of the stage history {visits} is mapped to "
                        f"'{unmapped.stage}', which is no stage of {where}"
                    )
                    pairs = ", ".join(
                        f"{json.dumps(value, ensure_ascii=False)} = {target}" for value in written
                    )
                    hint = f"correct `[measure.events] stages` (`{{{pairs}}}`), or add the stage"
                else:
                    message = (
                        f"stage '{unmapped.stage}' of the stage history {visits} is no stage "
                        f"of {where}"
                    )
                    value = json.dumps(unmapped.stage, ensure_ascii=False)
                    mapping = f"`[measure.events] stages = {{{value} = {target}}}`"
                    hint = (
                        f"if it is stage `{near.word}`, map it in csjourney.toml: {mapping}; "
                        "else add the stage to the journey"
                        if near
                        else f"map it to a stage in csjourney.toml ({mapping}), "
                        "or add the stage to the journey"
                    )
                yield Finding(
                    measure.file,
                    ("journey", "id"),
                    message,
                    subject=unmapped.stage,
                    hint=hint,
                    item_loc=("journey",),
                )

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import number_text
from csjourney.lint.rule import Finding
from csjourney.measure.rules.base import MeasureRule, percent_text
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.measure.rules.base import MeasureContext


class StageOftenSkipped(MeasureRule):
    """A stage that many customers jump over, going from the stage before it to a later one.

    Why it matters:
    The map says customers pass through this stage; the history says a good
    share of those leaving the stage before it go straight to a later one.
    The step may be optional, or merged with another in practice, or the
    history may not record it. The share is that of the previous stage's
    visits in the window whose next event is a stage after this one; it is
    reported above `[measure.options] skipped-share` (default 20 percent).
    The first stage has no stage before it and is never reported.

    Fails:
    ```yaml
    stages:
      - {id: onboarding, name: Onboarding}
      - {id: training, name: Training}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    acme,adoption,2026-11-16
    ```

    Passes:
    ```yaml
    stages:
      - {id: onboarding, name: Onboarding}
      - {id: training, name: Training}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    acme,training,2026-11-09
    acme,adoption,2026-11-16
    ```
    """

    code = "CSJ303"
    name = "stage-often-skipped"
    severity = Severity.WARNING

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        limit = ctx.options.skipped_share
        for seen in ctx.stages():
            if seen.previous is None or not seen.previous[1].visits:
                continue
            before, row = seen.previous
            jumped = row.forward - row.to_next  # next event past this stage
            share = jumped / row.visits * 100
            if share <= limit:
                continue
            yield Finding(
                seen.file,
                (*seen.loc, "id"),
                f"stage {named(seen.stage.name, seen.stage.id)} is often skipped {ctx.window}: "
                f"{percent_text(share)} of the visits to stage {named(before.name, before.id)} "
                f"went on to a later stage without it ({number_text(jumped)} of "
                f"{number_text(row.visits)}), more than the {percent_text(limit)} allowed",
                subject=seen.stage.id,
                hint="if customers may skip it, say so in its description or merge it with "
                "a neighbour; if not, check that the stage history records it; the "
                "threshold is `[measure.options] skipped-share`",
                item_loc=seen.loc,
            )

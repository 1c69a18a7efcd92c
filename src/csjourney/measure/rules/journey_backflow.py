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


class JourneyBackflow(MeasureRule):
    """A stage whose visits often go back to an earlier stage next.

    Why it matters:
    A journey map reads left to right; customers who return from adoption to
    onboarding, or from renewal to a rescue stage, are going round a loop the
    map does not show. Some backflow is normal; a lot of it points at an exit
    criterion that is not met, or a handover that fails. The share is that of
    the stage's visits in the window whose next event is an earlier stage; it
    is reported above `[measure.options] backflow-share` (default 10 percent).

    Fails:
    ```yaml
    stages:
      - {id: onboarding, name: Onboarding}
      - {id: adoption, name: Adoption}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    acme,adoption,2026-11-09
    acme,onboarding,2026-11-16
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
    acme,adoption,2026-11-09
    ```
    """

    code = "CSJ304"
    name = "journey-backflow"
    severity = Severity.WARNING

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        limit = ctx.options.backflow_share
        for seen in ctx.stages():
            row = seen.row
            if not row.visits:
                continue
            share = row.backward / row.visits * 100
            if share <= limit:
                continue
            yield Finding(
                seen.file,
                (*seen.loc, "id"),
                f"stage {named(seen.stage.name, seen.stage.id)} often sends customers back "
                f"{ctx.window}: {percent_text(share)} of its visits went back to an earlier "
                f"stage next ({number_text(row.backward)} of {number_text(row.visits)}), more "
                f"than the {percent_text(limit)} allowed",
                subject=seen.stage.id,
                hint="find out what sends customers back (an exit criterion not met, a "
                "handover that fails), or map the loop; the threshold is "
                "`[measure.options] backflow-share`",
                item_loc=seen.loc,
            )

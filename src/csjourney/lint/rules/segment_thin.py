from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class SegmentThin(Rule):
    """A segment with no needs and no goals.

    Why it matters:
    A segment described only by a name and firmographics says who the
    customers are, not what success means to them. Their needs and goals are
    what the stages' customer goals and exit criteria should trace back to;
    without them, a journey for "mid-market" is the team's guess at what
    mid-market customers want.

    Fails:
    ```yaml
    segments:
      - id: mid-market
        name: Mid-market
        attributes: {employees: 51-500}
    ```

    Passes:
    ```yaml
    segments:
      - id: mid-market
        name: Mid-market
        attributes: {employees: 51-500}
        needs:
          - Roll out to several departments without a consultant
    ```
    """

    code = "CSJ215"
    name = "segment-thin"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, loc, segment in ctx.segments():
            if not segment.needs and not segment.goals:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"segment {named(segment.name, segment.id)} has no needs and no goals",
                    subject=segment.id,
                    hint="add what these customers need and want to achieve "
                    "under `needs` and `goals`",
                    item_loc=loc,
                )

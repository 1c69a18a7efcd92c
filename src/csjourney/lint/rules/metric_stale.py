from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import days_text, number_text
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class MetricStale(Rule):
    """A metric whose `measured` date is older than the allowed age (default 120 days).

    Why it matters:
    A journey map is read as the current state of the customer experience.
    An activation rate measured two quarters ago may predate the onboarding
    redesign it is now used to judge, and decisions get made on a number
    that no longer holds. The age limit is `metric-stale-days` under
    `[lint.options]`; a metric is stale when it was measured more than that
    many days before today.

    Fails:
    ```yaml
    # with --today 2026-11-28 and the default limit of 120 days
    metrics:
      - id: activation-rate
        name: Activated within 14 days
        type: activation
        current: 48
        measured: 2026-05-31
    ```

    Passes:
    ```yaml
    # with --today 2026-11-28
    metrics:
      - id: activation-rate
        name: Activated within 14 days
        type: activation
        current: 51
        measured: 2026-10-31
    ```
    """

    code = "CSJ212"
    name = "metric-stale"
    severity = Severity.INFO

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        limit = ctx.options.metric_stale_days
        for file, _journey, loc, metric in ctx.metrics():
            if metric.measured is None:
                continue
            age = (ctx.today - metric.measured).days
            if age <= limit:
                continue
            yield Finding(
                file,
                (*loc, "measured"),
                f"metric {named(metric.name, metric.id)} was measured "
                f"{metric.measured.isoformat()}, "
                f"{days_text(age)} ago (the limit is {number_text(limit)})",
                subject=metric.id,
                hint="measure it again and update `current` and `measured`, "
                "or raise `metric-stale-days` under [lint.options]",
                item_loc=loc,
            )

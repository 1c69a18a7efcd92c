from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import days_text, next_review, review_interval
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class JourneyReviewOverdue(Rule):
    """A journey with no `reviewed` date, or whose last review is older than its interval.

    Why it matters:
    A journey map is a living document: products, pricing and customers
    change, and a map last checked against reality a year ago describes a
    journey customers no longer take. Teams then plan onboarding fixes for a
    wizard that was already replaced. The interval is the journey's
    `review_every_days` when set, else `review-every-days` under
    `[lint.options]` (default 90); the review is overdue once `reviewed` plus
    the interval is before today. A review that would fall due after
    9999-12-31, the end of the calendar, is never overdue.

    Fails:
    ```yaml
    # with --today 2026-11-28 and the default interval of 90 days
    journey:
      id: smb-self-serve
      reviewed: 2026-05-01
    ```

    Passes:
    ```yaml
    # with --today 2026-11-28
    journey:
      id: smb-self-serve
      reviewed: 2026-10-01
    ```
    """

    code = "CSJ216"
    name = "journey-review-overdue"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, journey in ctx.journeys():
            reviewed = journey.reviewed
            if reviewed is None:
                yield Finding(
                    file,
                    ("journey", "id"),
                    f"journey {named(journey.title, journey.id)} has no `reviewed` date",
                    subject=journey.id,
                    hint="check the map against current customer data, "
                    f"then set `reviewed: {ctx.today.isoformat()}`",
                    item_loc=("journey",),
                )
                continue
            interval = review_interval(journey, ctx.options.review_every_days)
            due = next_review(journey, ctx.options.review_every_days)
            if due is None or due >= ctx.today:  # None: due after 9999-12-31, so never
                continue
            yield Finding(
                file,
                ("journey", "reviewed"),
                f"journey {named(journey.title, journey.id)} was last reviewed "
                f"{reviewed.isoformat()}, "
                f"{days_text((ctx.today - reviewed).days)} ago; "
                f"a review was due by {due.isoformat()} (every {days_text(interval)})",
                subject=journey.id,
                hint="walk through the map with the teams that run its touchpoints, "
                "update what changed, then set `reviewed` to the review's date",
                item_loc=("journey",),
            )

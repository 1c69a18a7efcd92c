from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import days_text
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext

# Statuses that mean the initiative no longer has a deadline to meet.
CLOSED_STATUSES = frozenset({"done", "dropped"})


class InitiativeOverdue(Rule):
    """An initiative whose `due` date has passed and that is neither done nor dropped.

    Why it matters:
    A due date on a journey map is a promise to the customers stuck in that
    stage, and often to the account managers selling renewals on it. Once it
    passes unnoticed, the map claims a fix is coming that nobody is tracking.
    Either the work shipped and the status is stale, or it slipped and the
    pain point needs a new plan. Both are worth a look.

    Fails:
    ```yaml
    # with --today 2027-02-15
    initiatives:
      - id: guided-tour
        name: Guided product tour to the first dashboard
        status: in-progress
        due: 2027-01-31
    ```

    Passes:
    ```yaml
    # with --today 2027-02-15
    initiatives:
      - id: guided-tour
        name: Guided product tour to the first dashboard
        status: done
        due: 2027-01-31
    ```
    """

    code = "CSJ207"
    name = "initiative-overdue"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, initiative in ctx.initiatives():
            due = initiative.due
            if due is None or due >= ctx.today or initiative.status in CLOSED_STATUSES:
                continue
            late = (ctx.today - due).days
            yield Finding(
                file,
                (*loc, "due"),
                f"initiative {named(initiative.name, initiative.id)} was due {due.isoformat()} "
                f"({days_text(late)} ago) and is still `{initiative.status}`",
                subject=initiative.id,
                hint="set `status: done` or `dropped` if that is where it stands, "
                "or agree a new `due` date",
                item_loc=loc,
            )

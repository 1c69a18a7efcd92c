from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class PainPointUnaddressed(Rule):
    """A pain point that no initiative addresses (an error when it is critical).

    Why it matters:
    Mapping pain points is only useful if someone acts on them. A pain point
    with no initiative pointing at it through `addresses` is a known problem
    with no owner and no plan; a critical one is a churn risk the team has
    written down and then left alone.

    Fails:
    ```yaml
    pain_points:
      - id: slow-data-connect
        name: Connecting data sources takes days
        severity: critical
    ```

    Passes:
    ```yaml
    pain_points:
      - id: slow-data-connect
        name: Connecting data sources takes days
        severity: critical
    initiatives:
      - id: connector-concierge
        name: White-glove connector setup
        addresses: [slow-data-connect]
    ```
    """

    code = "CSJ204"
    name = "pain-point-unaddressed"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        addressed: dict[str, set[str]] = {}
        for _file, journey, _loc, initiative in ctx.initiatives():
            addressed.setdefault(journey.id, set()).update(initiative.addresses)
        for file, journey, loc, pain in ctx.pain_points():
            if pain.id in addressed.get(journey.id, set()):
                continue
            critical = pain.severity == "critical"
            label = "critical pain point" if critical else "pain point"
            yield Finding(
                file,
                (*loc, "id"),
                f"{label} {named(pain.name, pain.id)} is not addressed by any initiative",
                subject=pain.id,
                hint=f"add an initiative with `addresses: [{pain.id}]`",
                severity=Severity.ERROR if critical else None,
                item_loc=loc,
            )

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import value_text
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext
    from csjourney.lint.rule import Loc
    from csjourney.model import Metric
    from csjourney.workspace import SourceFile


class RetentionInconsistent(Rule):
    """A journey whose NRR `current` is below its GRR `current`.

    Why it matters:
    Gross revenue retention counts what customers kept paying after
    downgrades and churn; net revenue retention adds expansion on top. NRR
    therefore can never be below GRR for the same customers and period. When
    the map says it is, one of the figures is mis-entered, measured over a
    different cohort, or swapped with the other, and renewal forecasts and
    board reporting built on the map inherit the mistake.

    Fails:
    ```yaml
    metrics:
      - {id: net-retention, name: Net revenue retention, type: nrr, current: 86}
      - {id: gross-retention, name: Gross revenue retention, type: grr, current: 91}
    ```

    Passes:
    ```yaml
    metrics:
      - {id: net-retention, name: Net revenue retention, type: nrr, current: 104}
      - {id: gross-retention, name: Gross revenue retention, type: grr, current: 91}
    ```
    """

    code = "CSJ220"
    name = "retention-inconsistent"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        # Keyed by journey id: ids are unique in a workspace.
        nrr: dict[str, list[tuple[SourceFile, Loc, Metric]]] = {}
        grr: dict[str, list[Metric]] = {}
        for file, journey, loc, metric in ctx.metrics():
            if metric.current is None:
                continue
            if metric.type == "nrr":
                nrr.setdefault(journey.id, []).append((file, loc, metric))
            elif metric.type == "grr":
                grr.setdefault(journey.id, []).append(metric)
        for journey_id, net_metrics in nrr.items():
            gross = max(grr.get(journey_id, []), key=lambda m: m.current or 0.0, default=None)
            if gross is None or gross.current is None:
                continue
            for file, loc, net in net_metrics:
                if net.current is None or net.current >= gross.current:
                    continue
                yield Finding(
                    file,
                    (*loc, "current"),
                    f"NRR metric {named(net.name, net.id)} is {value_text(net, net.current)}, "
                    f"below GRR metric {named(gross.name, gross.id)} at "
                    f"{value_text(gross, gross.current)}; "
                    "net retention includes "
                    "expansion on top of gross retention, so it cannot be lower",
                    subject=net.id,
                    hint="check that both figures cover the same customers and period; "
                    "one of them is likely mis-entered",
                    item_loc=loc,
                )

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding
from csjourney.measure.rules.base import MeasureRule
from csjourney.statistics import STATISTICS
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.measure.rules.base import MeasureContext
    from csjourney.model import Metric


def _binding_hint(metric: Metric) -> str:
    fitting = [s for s in STATISTICS.values() if s.fits_type(metric.type)]
    if not fitting:
        return (
            f"no statistic of the stage history or the survey export fits type "
            f"`{metric.type}`: keep its `current` and `measured` up to date by hand, or set "
            '`metric-unbound = "off"` in `[measure.severity]`'
        )
    first = fitting[0]
    return (
        f"bind it to its data, e.g. `measure: {{from: {first.source}, statistic: "
        f"{first.name}}}` (docs/measure.md lists the statistics), or keep it as a known "
        "assumption"
    )


class MetricUnbound(MeasureRule):
    """A metric no data feeds: its value is typed by hand (no `measure` binding).

    Why it matters:
    A hand-typed value is an assumption until someone measures it, and
    assumptions are what make journey maps drift from reality. This finding
    lists them when a measurement runs, so a review can bind the ones the
    stage history or the survey export can feed (`measure: {from: ...,
    statistic: ...}`) and knowingly keep the rest. It is information, not a
    fault: set it `off` in `[measure] severity` if the list is not wanted.

    Fails:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        metrics:
          - {id: onboarding-conversion, name: Onboarding conversion, type: conversion}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    ```

    Passes:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        metrics:
          - id: onboarding-conversion
            name: Onboarding conversion
            type: conversion
            measure: {from: events, statistic: conversion}
    ```
    ```csv
    account_id,stage,timestamp
    acme,onboarding,2026-11-02
    ```
    """

    code = "CSJ306"
    name = "metric-unbound"
    severity = Severity.INFO

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        if ctx.measured.events is None and ctx.measured.responses is None:
            return  # nothing measured: that every metric is typed by hand is news to no one
        for measure, loc, metric in ctx.metrics():
            if metric.measure is not None:
                continue
            yield Finding(
                measure.file,
                (*loc, "id"),
                f"metric {named(metric.name, metric.id)} is typed by hand: no data feeds it "
                "(it has no `measure` binding)",
                subject=metric.id,
                hint=_binding_hint(metric),
                item_loc=loc,
            )

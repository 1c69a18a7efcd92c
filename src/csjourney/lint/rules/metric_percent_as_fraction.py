from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import value_text
from csjourney.lint.rule import Finding, Rule
from csjourney.metric_types import METRIC_TYPES
from csjourney.values import number_text as number
from csjourney.wording import metric_type_word, named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext
    from csjourney.lint.rule import Loc
    from csjourney.metric_types import MetricType
    from csjourney.model import Metric


def _values(metric: Metric) -> list[tuple[Loc, str, float]]:
    """Every value of the metric with its path below the metric and its key: the value
    shown first in the message (`current`, else `target`...) comes first."""
    found: list[tuple[Loc, str, float]] = [
        ((key,), key, value)
        for key in ("current", "target", "baseline")
        if (value := getattr(metric, key)) is not None
    ]
    found += [(("history", i, "value"), "value", p.value) for i, p in enumerate(metric.history)]
    return found


def _fraction_top(kind: MetricType) -> float:
    """The largest value that still reads as a fraction: 1 for 0-100 percent, 10 for NRR
    (up to 1000 percent), so NRR written as `1.08` is caught too."""
    return kind.high / 100


def _in_percent(value: float) -> str:
    """`0.825` as `82.5`: scaled in decimal, so `0.07` gives `7`, not `7.000000000000001`."""
    return number(float(Decimal(repr(value)) * 100))


class MetricPercentAsFraction(Rule):
    """A percent metric whose values are all written as fractions (`0.82` for 82%).

    Why it matters:
    CSAT, retention, activation, churn and the other percent types are written
    out of 100: `current: 82` is 82%. A figure copied from a spreadsheet as
    `0.82` is valid (it is inside 0 to 100), so the map passes and the report
    shows a CSAT of 0.82%, an alarming number nobody meant, and every target
    comparison is off by a factor of 100. The rule fires when every value of
    the metric (`current`, `target`, `baseline` and each `history` value) is at
    most 1, or at most 10 for NRR, which runs to 1000%. One value above that
    says the metric is written in percent, so nothing is reported. Values that
    are all 0 or 1 are not reported either: 0% and 1% are real figures, and a
    fraction of exactly 0 or 1 cannot be told from them. A metric that really
    is below 1% (a monthly churn of 0.8%) can keep its values with a
    suppression comment that says so.

    Fails:
    ```yaml
    metrics:
      - id: onboarding-csat
        name: Onboarding CSAT
        type: csat
        target: 0.9
        current: 0.82
    ```

    Passes:
    ```yaml
    metrics:
      - id: onboarding-csat
        name: Onboarding CSAT
        type: csat
        target: 90
        current: 82
    ```
    """

    code = "CSJ222"
    name = "metric-percent-as-fraction"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for file, _journey, loc, metric in ctx.metrics():
            kind = METRIC_TYPES[metric.type]
            if not kind.percent:
                continue
            values = _values(metric)
            if not values:
                continue
            if any(value > _fraction_top(kind) for _, _, value in values):
                continue  # written in percent
            if all(value in (0, 1) for _, _, value in values):
                continue  # 0% and 1%, or 0 and 1 as fractions: cannot tell
            # The first value that is not 0 or 1 is the clearest example to show.
            where, key, value = next(v for v in values if v[2] not in (0, 1))
            # As written, and as the reports show it (rounded to two places, with `%`).
            shown, seen, meant = number(value), value_text(metric, value), _in_percent(value)
            yield Finding(
                file,
                (*loc, *where),
                f"metric {named(metric.name, metric.id)} looks like a fraction: "
                f"{key} {shown} shows as {seen}, but {metric_type_word(metric.type)} values "
                f"are percentages ({kind.range_text}); did you mean {meant}?",
                subject=metric.id,
                hint=f"write its values in percent: `{key}: {meant}`, "
                "and the metric's other values the same way",
                item_loc=loc,
            )

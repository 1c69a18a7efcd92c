from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.domain import number_text
from csjourney.lint.rule import Finding
from csjourney.measure.rules.base import MeasureRule, counted
from csjourney.measure.types import SCALES
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.measure.rules.base import MeasureContext
    from csjourney.measure.run import MetricValue

# Points on a 0-100 scale of one point of each survey's own scale: NPS and CSAT are
# already in points; a CES answer is 1 to 7, so a CES point is 100/6 of them.
_POINTS = {"nps": 1.0, "csat": 1.0, "ces": 100 / (SCALES["ces"][1] - SCALES["ces"][0])}


def _margin_points(value: MetricValue, statistic: str) -> float:
    """The margin in points of a 0-100 scale (infinite when none can be computed)."""
    if value.margin is None:
        return math.inf
    return value.margin * _POINTS[statistic]


class MeasureSampleSmall(MeasureRule):
    """A survey metric measured from too few answers to trust its value.

    Why it matters:
    An NPS of 40 from twelve answers could as well be 10 or 70. The finding
    is reported when the 95% margin of error exceeds
    `[measure.options] sample-margin` points (default 10), so a value within
    the noise is not read as a change. A CES margin is on its 1 to 7 scale
    and is compared as points of the scale's width (0.6 is 10 points). Fewer
    answers than `[measure.options] sample-min` (default 30) are always too
    few: when every answer agrees the margin formula gives 0, yet a handful
    of answers cannot show that nobody disagrees. A survey metric with no
    answer in the window is reported too.

    Fails:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        metrics:
          - id: onboarding-csat
            name: Onboarding CSAT
            type: csat
            measure: {from: responses, statistic: csat}
    ```
    ```csv
    respondent_id,date,type,score,stage
    r1,2026-11-02,csat,5,onboarding
    r2,2026-11-03,csat,2,onboarding
    ```

    Passes:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        metrics:
          - id: onboarding-csat
            name: Onboarding CSAT
            type: csat
            measure: {from: responses, statistic: csat}
    ```
    ```toml
    # csjourney.toml: this team reads CSAT from 10 answers, to within 30 points
    [measure.options]
    sample-margin = 30
    sample-min = 10
    ```
    ```csv
    respondent_id,date,type,score,stage
    r1,2026-11-02,csat,5,onboarding
    r2,2026-11-03,csat,4,onboarding
    r3,2026-11-04,csat,5,onboarding
    r4,2026-11-05,csat,5,onboarding
    r5,2026-11-06,csat,4,onboarding
    r6,2026-11-07,csat,2,onboarding
    r7,2026-11-08,csat,5,onboarding
    r8,2026-11-09,csat,4,onboarding
    r9,2026-11-10,csat,3,onboarding
    r10,2026-11-11,csat,5,onboarding
    ```
    """

    code = "CSJ307"
    name = "measure-sample-small"
    severity = Severity.INFO

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        limit = ctx.options.sample_margin
        fewest = ctx.options.sample_min
        for measure in ctx.journeys():
            for value in measure.values:
                binding, n = value.metric.measure, value.n
                if binding is None or binding.statistic not in _POINTS or n is None:
                    continue  # not a survey score, or no survey export was read
                statistic = binding.statistic
                points = _margin_points(value, statistic)
                if points <= limit and n >= fewest:
                    continue
                metric = value.metric
                if not n:
                    what = f"has no answer {ctx.window}"
                elif points > limit and value.margin is not None:
                    what = (
                        f"rests on {counted(n, 'answer')} {ctx.window}: its margin of error, "
                        f"±{number_text(value.margin)}{_unit(statistic, points)}, is more than the "
                        f"{number_text(limit)} points allowed"
                    )
                else:
                    what = (
                        f"rests on only {counted(n, 'answer')} {ctx.window}: fewer than "
                        f"{number_text(fewest)} are too few to trust its margin of error"
                        " (`[measure.options] sample-min`)"
                    )
                yield Finding(
                    measure.file,
                    (*value.loc, "id"),
                    f"survey metric {named(metric.name, metric.id)} {what}",
                    subject=metric.id,
                    hint="collect more answers, widen the window (--since), or drop a "
                    "`touchpoint` or `segment` filter; the thresholds are "
                    "`[measure.options] sample-margin` and `sample-min`",
                    item_loc=value.loc,
                )


def _unit(statistic: str, points: float) -> str:
    if statistic == "ces":  # its own scale, and the points the threshold counts in
        return f" on the 1-7 scale ({number_text(points)} points of its width)"
    return " points"

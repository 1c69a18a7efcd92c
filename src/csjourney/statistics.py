"""The statistics a metric's `measure` binding can take, and which metric types each fits.

`csjourney measure` computes them (docs/measure.md defines each one); the
format names them. A statistic fits a type when its value means what the type
says and lies in the type's range: a funnel's conversion is a `conversion`
(or `activation`, `adoption`, `retention`) percentage, a time in stage is a
`duration`, a survey's NPS is an `nps`. `custom` takes any statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

_PERCENT_OF_ACCOUNTS = ("conversion", "activation", "adoption", "retention")


@dataclass(frozen=True, slots=True)
class Statistic:
    name: str
    source: str  # the `from` it is computed from: "events" or "responses"
    description: str
    fits: tuple[str, ...]  # the metric types it can feed, besides `custom`

    def fits_type(self, metric_type: str) -> bool:
        return metric_type == "custom" or metric_type in self.fits


STATISTICS: dict[str, Statistic] = {
    s.name: s
    for s in (
        Statistic("visits", "events", "events entering the stage in the window", ("count",)),
        Statistic("accounts", "events", "distinct accounts entering the stage", ("count",)),
        Statistic(
            "conversion",
            "events",
            "% of the stage's visits whose next stage is a later one",
            _PERCENT_OF_ACCOUNTS,
        ),
        Statistic("median-days", "events", "median days in the stage", ("duration",)),
        Statistic("p90-days", "events", "90th percentile of days in the stage", ("duration",)),
        Statistic("backward", "events", "% of the stage's visits that go back", ("churn",)),
        Statistic("nps", "responses", "Net Promoter Score of 0-10 answers", ("nps",)),
        Statistic("csat", "responses", "% of 1-5 answers that are 4 or 5", ("csat",)),
        Statistic("ces", "responses", "mean of 1-7 effort answers", ("ces",)),
        Statistic("responses", "responses", "number of survey responses", ("count",)),
    )
}


def _listed(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def binding_problems(metric_type: object, binding: dict[str, object]) -> list[tuple[str, str, str]]:
    """What is wrong with a metric's `measure` binding: (key, message, hint) for each problem.

    Works on the raw mapping; values of the wrong shape are the model's to report.
    """
    statistic = STATISTICS.get(str(binding.get("statistic")))
    source = binding.get("from")
    if statistic is None:
        return []
    if source in ("events", "responses") and statistic.source != source:
        fitting = [s.name for s in STATISTICS.values() if s.source == source]
        return [
            (
                "statistic",
                f"`{statistic.name}` is computed from `{statistic.source}`, not `{source}`",
                f"write `from: {statistic.source}`, or take a statistic of `{source}`: "
                + _listed(fitting),
            )
        ]
    problems = []
    if isinstance(metric_type, str) and not statistic.fits_type(metric_type):
        fitting = [s.name for s in STATISTICS.values() if s.fits_type(metric_type)]
        problems.append(
            (
                "statistic",
                f"`{statistic.name}` ({statistic.description}) cannot be the value of "
                f"a `{metric_type}` metric",
                (
                    f"statistics that fit a `{metric_type}` metric: {_listed(fitting)}; "
                    if fitting
                    else ""
                )
                + "or change the metric's `type`",
            )
        )
    if binding.get("touchpoint") is not None and statistic.source == "events":
        problems.append(
            (
                "touchpoint",
                "`touchpoint` narrows survey responses only: the stage history has no touchpoints",
                "remove `touchpoint`, or bind the metric to `responses`",
            )
        )
    return problems

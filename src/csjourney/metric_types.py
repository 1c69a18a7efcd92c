"""What each metric type means: its valid range and which way is better."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MetricType:
    name: str
    description: str
    low: float = -math.inf
    high: float = math.inf
    direction: str = "higher-is-better"
    percent: bool = False

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def range_text(self) -> str:
        if self.low == -math.inf and self.high == math.inf:
            return "any number"
        if self.high == math.inf:
            return f"at least {self.low:,g}"
        return f"{self.low:,g} to {self.high:,g}"


def _percent(name: str, description: str, direction: str = "higher-is-better") -> MetricType:
    return MetricType(name, description, 0, 100, direction, percent=True)


METRIC_TYPES: dict[str, MetricType] = {
    t.name: t
    for t in (
        MetricType("nps", "Net Promoter Score: % promoters minus % detractors", -100, 100),
        _percent("csat", "% of responses satisfied (4-5 on 1-5)"),
        MetricType("ces", "Customer Effort Score: mean agreement 1-7 that it was easy", 1, 7),
        _percent("retention", "% of customers retained"),
        _percent("activation", "% of new customers activated"),
        _percent("adoption", "% of customers actively using"),
        _percent("conversion", "% converting to the next step"),
        _percent("churn", "% of customers lost", "lower-is-better"),
        MetricType("nrr", "net revenue retention, %", 0, 1000, percent=True),
        _percent("grr", "gross revenue retention, %"),
        MetricType("count", "a count", 0),
        MetricType("currency", "an amount of money", 0),
        MetricType(
            "duration",
            "a time span (time to value, resolution time)",
            0,
            direction="lower-is-better",
        ),
        MetricType("score", "a score of your own"),
        MetricType("custom", "anything else"),
    )
}

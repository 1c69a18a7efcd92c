"""Measure journeys from what customers do: the engine behind `csjourney measure`.

`measure_events(source, journeys, window)` reads a stage history (CSV, Parquet or JSON
lines) and returns each journey's funnel per stage; `measure_responses(source,
selections, window)` reads survey answers and returns each selection's NPS, CSAT or CES
with its margin of error; both as plain frozen dataclasses
(csjourney.measure.types). The computation is written in Ibis and runs on DuckDB in
process by default; Ibis and DuckDB come with the `measure` extra and are imported
only when a measurement runs, so importing this package costs nothing.
Definitions: docs/measure.md.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csjourney.measure.events import measure_events
    from csjourney.measure.responses import measure_responses
    from csjourney.measure.types import (
        DataProblem,
        EventsMeasurement,
        EventSource,
        JourneyCompletion,
        JourneyFunnel,
        JourneyStages,
        ResponsesMeasurement,
        ResponseSource,
        Selection,
        StageRow,
        SurveyScore,
        UnmappedStage,
        Window,
    )

# The CLI imports csjourney.measure.command on every start: the names above load on
# first use, so `csjourney --version` does not build the engine's dataclasses.
_HOMES = {
    "measure_events": "csjourney.measure.events",
    "measure_responses": "csjourney.measure.responses",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES.get(name, "csjourney.measure.types")), name)


__all__ = [
    "DataProblem",
    "EventSource",
    "EventsMeasurement",
    "JourneyCompletion",
    "JourneyFunnel",
    "JourneyStages",
    "ResponseSource",
    "ResponsesMeasurement",
    "Selection",
    "StageRow",
    "SurveyScore",
    "UnmappedStage",
    "Window",
    "measure_events",
    "measure_responses",
]

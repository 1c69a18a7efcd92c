"""Measure journeys from what customers do: the engine behind `csjourney measure`.

`measure_events(source, journeys, window)` reads a stage history (CSV, Parquet or JSON
lines) and returns each journey's funnel per stage, as plain frozen dataclasses
(csjourney.measure.types). The computation is written in Ibis and runs on DuckDB in
process by default; Ibis and DuckDB come with the `measure` extra and are imported
only when a measurement runs, so importing this package costs nothing.
Definitions: docs/measure.md.
"""

from csjourney.measure.events import measure_events
from csjourney.measure.types import (
    DataProblem,
    EventsMeasurement,
    EventSource,
    JourneyCompletion,
    JourneyFunnel,
    JourneyStages,
    StageRow,
    UnmappedStage,
    Window,
)

__all__ = [
    "DataProblem",
    "EventSource",
    "EventsMeasurement",
    "JourneyCompletion",
    "JourneyFunnel",
    "JourneyStages",
    "StageRow",
    "UnmappedStage",
    "Window",
    "measure_events",
]

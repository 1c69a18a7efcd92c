"""`measure_events`: a stage history in, each journey's funnel and the data's problems out.

The entry point a CLI or a test calls. It prints nothing and returns plain data
(csjourney.measure.types); Ibis and the backend are imported only when it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from csjourney.measure import engine
from csjourney.measure.types import (
    DataProblem,
    EventsMeasurement,
    EventSource,
    JourneyStages,
    Window,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir


def measure_events(
    source: EventSource,
    journeys: Sequence[JourneyStages],
    window: Window | None = None,
    *,
    default_journey: str | None = None,
    by_segment: bool = False,
    backend: str | None = None,
    connection: Any = None,
) -> EventsMeasurement:
    """Read `source` and compute the funnel of each of `journeys`.

    Rows with no journey value belong to `default_journey` (the workspace's one journey);
    rows naming no journey of `journeys`, or none when there is no default, are reported
    and excluded. `backend` is an Ibis connection URL (default: an in-memory DuckDB);
    `connection` an already open Ibis connection, used instead.
    """
    from csjourney.measure.engine import DEFAULT_BACKEND, connect, in_utc
    from csjourney.measure.funnel import journey_funnel
    from csjourney.measure.reading import read_events

    window = window or Window()
    con = connection if connection is not None else connect(backend or DEFAULT_BACKEND)
    in_utc(con)
    read = read_events(con, source)
    problems = list(read.problems)
    excluded = read.rows_excluded
    events = read.table
    if events is not None:
        known = [journey.id for journey in journeys]
        events = events.mutate(journey=events.journey.fill_null(default_journey or ""))
        strays, stray_count = _stray_journeys(events, known, read.files, source)
        problems.extend(strays)
        excluded += stray_count
    funnels = []
    for journey in journeys:
        mine = None if events is None else events.filter(events.journey == journey.id)
        funnels.append(journey_funnel(mine, journey, window, by_segment))
    return EventsMeasurement(window, tuple(funnels), tuple(problems), read.rows_read, excluded)


def _stray_journeys(
    events: ir.Table, known: list[str], files: Sequence[str], source: EventSource
) -> tuple[list[DataProblem], int]:
    """One problem per file and journey value that names no known journey."""
    column = source.columns.get("journey", "journey")
    strays = events.filter(~events.journey.isin(known))
    grouped = strays.group_by(["file_index", "journey"]).aggregate(
        first=strays.row.min(), count=strays.count()
    )
    problems: list[DataProblem] = []
    total = 0
    for item in engine.rows(grouped.order_by(["file_index", "first"])):
        count = int(item["count"])
        total += count
        name = str(item["journey"])
        if name:
            message = f"names journey '{name}', which is not a journey here ({count} rows)"
        else:
            message = f"has no journey value and there is no default journey ({count} rows)"
        problems.append(
            DataProblem(
                files[int(item["file_index"])],
                int(item["first"]),
                column,
                message,
                "unknown-journey",
                count,
            )
        )
    return problems, total

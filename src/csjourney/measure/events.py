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
    UnmappedStage,
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
    unmapped: dict[str, tuple[UnmappedStage, ...]] = {}
    if events is not None:
        events = events.mutate(journey=events.journey.fill_null(default_journey or ""))
        strays, unmapped = _outside_funnels(events, journeys, window)
        column = source.columns.get("journey", "journey")
        stray_list, stray_count = stray_problems(strays, read.files, column)
        problems.extend(stray_list)
        excluded += stray_count
    funnels = []
    for journey in journeys:
        mine = None if events is None else events.filter(events.journey == journey.id)
        missed = unmapped.get(journey.id, ())
        funnels.append(journey_funnel(mine, journey, window, by_segment, missed))
    return EventsMeasurement(window, tuple(funnels), tuple(problems), read.rows_read, excluded)


def _outside_funnels(
    events: ir.Table, journeys: Sequence[JourneyStages], window: Window
) -> tuple[list[dict[str, Any]], dict[str, tuple[UnmappedStage, ...]]]:
    """The rows no funnel reads, in one scan: stray journeys, and each journey's unmapped.

    Strays are grouped by file and journey value (first row, count), for
    `stray_problems`; unmapped stage values by journey, with their events in the window.
    """
    import ibis

    from csjourney.measure.funnel import in_window

    known = [journey.id for journey in journeys]
    stray = ~events.journey.isin(known)
    unmapped = ibis.or_(
        *((events.journey == j.id) & ~events.stage.isin(list(j.stages)) for j in journeys)
    )
    outside = events.filter(stray | unmapped).mutate(
        stage=stray.ifelse(ibis.null("string"), events.stage),
        inside=in_window(events.ts, window).ifelse(1, 0),
    )
    grouped = outside.group_by(["file_index", "journey", "stage"]).aggregate(
        first=outside.row.min(), count=outside.count(), visits=outside.inside.sum()
    )
    found = engine.rows(grouped.order_by(["file_index", "first"]))
    strays = [item for item in found if item["journey"] not in known]
    visits: dict[str, dict[str, int]] = {}
    for item in found:
        if item["journey"] in known and item["visits"]:
            per_stage = visits.setdefault(item["journey"], {})
            per_stage[item["stage"]] = per_stage.get(item["stage"], 0) + int(item["visits"])
    return strays, {
        journey: tuple(
            UnmappedStage(stage, count)
            for stage, count in sorted(stages.items(), key=lambda pair: (-pair[1], pair[0]))
        )
        for journey, stages in visits.items()
    }


def _stray_journeys(
    events: ir.Table, known: list[str], files: Sequence[str], source: EventSource
) -> tuple[list[DataProblem], int]:
    """One problem per file and journey value that names no known journey."""
    strays = events.filter(~events.journey.isin(known))
    grouped = strays.group_by(["file_index", "journey"]).aggregate(
        first=strays.row.min(), count=strays.count()
    )
    found = engine.rows(grouped.order_by(["file_index", "first"]))
    return stray_problems(found, files, source.columns.get("journey", "journey"))


def stray_problems(
    found: Sequence[dict[str, Any]], files: Sequence[str], column: str
) -> tuple[list[DataProblem], int]:
    """Problems from rows of (file_index, journey, first, count), and their row total."""
    problems: list[DataProblem] = []
    total = 0
    for item in found:
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

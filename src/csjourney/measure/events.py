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

    from csjourney.measure.reading import Tally


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
    read = read_events(con, source, _outside_tally(journeys, window, default_journey))
    problems = list(read.problems)
    excluded = read.rows_excluded
    events = read.table
    unmapped: dict[str, tuple[UnmappedStage, ...]] = {}
    if events is not None:
        events = events.mutate(journey=events.journey.fill_null(default_journey or ""))
        strays, unmapped = _outside_funnels(read.groups, journeys)
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


def _outside_tally(
    journeys: Sequence[JourneyStages], window: Window, default_journey: str | None
) -> Tally:
    """The rows no funnel reads, found by the scan that counts each input's problems.

    A clean row naming no journey of `journeys` is a stray, keyed by its journey value
    alone; one of a journey at a stage the journey does not have is unmapped, keyed by
    both. Each group has its first row, its rows (`count`) and those in the window.
    """
    import ibis

    from csjourney.measure.funnel import in_window
    from csjourney.measure.reading import Tally

    known = [journey.id for journey in journeys]

    def keys(events: ir.Table, excluded: ir.BooleanValue) -> dict[str, ir.Value]:
        journey = events.journey.fill_null(default_journey or "")
        stray = ~journey.isin(known)
        unmapped = ibis.or_(*((journey == j.id) & _not_one_of(events.stage, j) for j in journeys))
        outside = ~excluded & (stray | unmapped)
        return {
            "outside_journey": outside.ifelse(journey, ibis.null("string")),
            "outside_stage": (outside & ~stray).ifelse(events.stage, ibis.null("string")),
        }

    def measures(keyed: ir.Table) -> dict[str, ir.Scalar]:
        inside = keyed.outside_journey.notnull() & in_window(keyed.ts, window)
        return {"first": keyed.row.min(), "count": keyed.count(), "visits": inside.sum()}

    return Tally(keys, measures)


def _not_one_of(stage: ir.StringValue, journey: JourneyStages) -> ir.BooleanValue:
    """Whether `stage` is no stage of `journey`.

    `CASE stage WHEN ...`, not `stage NOT IN (...)`: DuckDB evaluates an IN in a
    projection by every comparison, a CASE only up to the first that holds (half the
    time over 10^7 events).
    """
    import ibis

    if not journey.stages:
        return ibis.literal(True)
    result: ir.BooleanValue = stage.cases(*((s, False) for s in journey.stages), else_=True)
    return result


def _outside_funnels(
    groups: Sequence[dict[str, Any]], journeys: Sequence[JourneyStages]
) -> tuple[list[dict[str, Any]], dict[str, tuple[UnmappedStage, ...]]]:
    """The tally's groups as stray journeys and each journey's unmapped stage values.

    Strays as (file_index, journey, first, count) in file and row order, for
    `stray_problems`; unmapped stage values by journey, with their events in the window.
    """
    known = [journey.id for journey in journeys]
    found = sorted(groups, key=lambda item: (item["file_index"], item["first"]))
    strays = [
        {**item, "journey": item["outside_journey"]}
        for item in found
        if item["outside_journey"] not in known
    ]
    visits: dict[str, dict[str, int]] = {}
    for item in found:
        journey, stage = item["outside_journey"], item["outside_stage"]
        if journey in known and item["visits"]:
            per_stage = visits.setdefault(journey, {})
            per_stage[stage] = per_stage.get(stage, 0) + int(item["visits"])
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

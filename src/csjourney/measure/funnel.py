"""The stage funnel of each journey, as Ibis expressions over the clean events.

Definitions (docs/measure.md is their contract): a visit is an event entering a stage of
the journey, in the window by its own timestamp. Its next event is the same account's
following event at a stage of the journey, any time after, ordered by timestamp and then
by row order (file, then row), so ties keep the file's order. Events at a stage the
journey does not have are `unmapped`: counted, and nobody's next event.

Everything is computed by the backend (a window function `lead` over each account's
events, then grouped aggregates); only the small per-stage result comes back as rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from csjourney.measure import engine
from csjourney.measure.completion import completion, journey_completion
from csjourney.measure.types import (
    JourneyFunnel,
    JourneyStages,
    StageRow,
    UnmappedStage,
    Window,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

_DAY_MICROSECONDS = 86_400_000_000
_COUNTS = ("visits", "accounts", "to_next", "forward", "backward", "open")


def in_window(ts: ir.TimestampValue, window: Window) -> ir.BooleanValue:
    """Whether `ts` falls within the window's whole UTC days."""
    import ibis

    condition: ir.BooleanValue = ibis.literal(True)
    if window.since is not None:
        start = datetime.combine(window.since, time(), tzinfo=UTC)
        condition = condition & (ts >= ibis.literal(start, "timestamp('UTC')"))
    if window.until is not None:
        end = datetime.combine(window.until + timedelta(days=1), time(), tzinfo=UTC)
        condition = condition & (ts < ibis.literal(end, "timestamp('UTC')"))
    return condition


def ordered_events(events: ir.Table, stages: Sequence[str], *, segments: bool) -> ir.Table:
    """The journey's events at any time, each with its place in its account's sequence.

    Columns: `account_id`, `ts`, `segment` (only with `segments`), `pos` (the stage's
    index in journey order), `seq` (the event's place among the account's events, from
    1), `next_pos` and `next_ts` (its next event's stage position and time, null when it
    has none).
    """
    import ibis

    mapped = events.filter(events.stage.isin(list(stages)))
    position = mapped.stage.cases(*((stage, i) for i, stage in enumerate(stages)))
    mapped = mapped.mutate(pos=position.cast("int64"))
    order = ibis.window(
        group_by=mapped.account_id, order_by=[mapped.ts, mapped.file_index, mapped.row]
    )
    # Only what the counts and the completion read: the caller materialises this table,
    # and the journey, stage and row-order columns would double its size for nothing
    # (the segment, carried through the ordering, costs a tenth of it at 10^7 events).
    return mapped.select(
        "account_id",
        "ts",
        *(["segment"] if segments else []),
        "pos",
        seq=ibis.row_number().over(order) + 1,
        next_pos=mapped.pos.lead().over(order),
        next_ts=mapped.ts.lead().over(order),
    )


def visits_with_next(ordered: ir.Table, window: Window) -> ir.Table:
    """The visits in the window of `ordered_events`, with `days` to the next event."""
    visits = ordered.filter(in_window(ordered.ts, window))
    micros = visits.next_ts.delta(visits.ts, unit="microsecond")
    return visits.mutate(days=micros.cast("float64") / _DAY_MICROSECONDS)


def journey_funnel(
    events: ir.Table | None, journey: JourneyStages, window: Window, by_segment: bool
) -> JourneyFunnel:
    """The funnel of one journey from its events (None: no events at all)."""
    stages = list(journey.stages)
    if events is None:
        empty = tuple(_row(stage, None, {}, 0) for stage in stages)
        return JourneyFunnel(journey.id, empty, (), tuple(stages), completion(()))
    n = len(stages)
    # Ordered once on the backend; the counts, segment counts, skips and completion read
    # it. Kept: the window's events (the visits, the entries) and the last stage's at any
    # time (the completions); the rest only served as next events, now in each row.
    ordered = ordered_events(events, stages, segments=by_segment)
    kept = ordered.filter(in_window(ordered.ts, window) | (ordered.pos == n - 1)).cache()
    visits = visits_with_next(kept, window)
    found = _stage_counts(visits, ["pos"], n) + (
        _stage_counts(visits.filter(visits.segment.notnull()), ["pos", "segment"], n)
        if by_segment
        else []
    )
    skipped = _skips(found, n)
    by_key = {(int(r["pos"]), r.get("segment")): r for r in found}
    segments = sorted({seg for _, seg in by_key if seg is not None})
    rows: list[StageRow] = []
    for pos, stage in enumerate(stages):
        for segment in [None, *segments]:
            counts = by_key.get((pos, segment), {})
            rows.append(_row(stage, segment, counts, skipped.get((pos, segment), 0)))
    unvisited = tuple(s for pos, s in enumerate(stages) if (pos, None) not in by_key)
    through = completion(journey_completion(kept, n, window, by_segment))
    unmapped = _unmapped(events, stages, window)
    return JourneyFunnel(journey.id, tuple(rows), unmapped, unvisited, through)


def _stage_counts(visits: ir.Table, keys: list[str], n_stages: int) -> list[dict[str, Any]]:
    """Each group's counts and times, and `s{k}`: its visits whose next event jumps stage k."""

    def count(condition: ir.BooleanValue) -> ir.IntegerScalar:
        return condition.ifelse(1, 0).sum()

    # Only a stage with one before and one after can be jumped over: 1 to n-2.
    jumps = {
        f"s{k}": count((visits.pos < k) & (visits.next_pos > k)) for k in range(1, n_stages - 1)
    }
    table = visits.group_by(keys).aggregate(
        visits=visits.count(),
        accounts=visits.account_id.nunique(),
        to_next=count(visits.next_pos.notnull() & (visits.next_pos == visits.pos + 1)),
        forward=count(visits.next_pos.notnull() & (visits.next_pos > visits.pos)),
        backward=count(visits.next_pos.notnull() & (visits.next_pos < visits.pos)),
        open=count(visits.next_pos.isnull()),
        median_days=visits.days.quantile(0.5),
        p90_days=visits.days.quantile(0.9),
        **jumps,
    )
    return engine.rows(table)


def _skips(found: list[dict[str, Any]], n_stages: int) -> dict[tuple[int, Any], int]:
    """For each stage (and segment), the visits of earlier stages whose next jumped it.

    Summed over the stage groups of `_stage_counts`, in the same query as the counts.
    """
    result: dict[tuple[int, Any], int] = {}
    for item in found:
        for k in range(1, n_stages - 1):
            key = (k, item.get("segment"))
            result[key] = result.get(key, 0) + int(item[f"s{k}"] or 0)
    return result


def _unmapped(events: ir.Table, stages: list[str], window: Window) -> tuple[UnmappedStage, ...]:
    other = events.filter(~events.stage.isin(stages) & in_window(events.ts, window))
    counted = engine.rows(other.group_by("stage").aggregate(visits=other.count()))
    ordered = sorted(counted, key=lambda item: (-int(item["visits"]), str(item["stage"])))
    return tuple(UnmappedStage(str(item["stage"]), int(item["visits"])) for item in ordered)


def _row(stage: str, segment: str | None, counts: dict[str, Any], skipped: int) -> StageRow:
    values = {name: int(counts.get(name) or 0) for name in _COUNTS}
    visits = values["visits"]
    median = counts.get("median_days")
    p90 = counts.get("p90_days")
    return StageRow(
        id=stage,
        segment=segment,
        skipped=skipped,
        conversion=values["forward"] / visits * 100 if visits else None,
        median_days=None if median is None else float(median),
        p90_days=None if p90 is None else float(p90),
        **values,
    )

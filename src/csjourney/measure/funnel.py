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

from collections.abc import Callable, Sequence
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
#: More rows than any file has (2^40): file index and row number make one order key.
_ROWS_PER_FILE = 1 << 40
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


def ordered_events(
    events: ir.Table, stages: Sequence[str], window: Window, *, segments: bool
) -> ir.Table:
    """The journey's events from the window's start on, each with what follows it.

    Events before the window are left out before ordering (most of a long history):
    they come before every visit, so they are nobody's next event, and no entry's
    completion, which must come after the entry.

    Columns: `account_id`, `ts`, `segment` (only with `segments`), `pos` (the stage's
    index in journey order), `seq` (the event's place among the account's events kept,
    from 1), `next_pos` and `next_ts` (its next event's stage position and time, null when it
    has none). All three are window functions over one partition and order, so the
    backend sorts the events once.
    """
    import ibis

    mapped = events.filter(
        events.stage.isin(list(stages)) & in_window(events.ts, Window(window.since))
    )
    position = mapped.stage.cases(*((stage, i) for i, stage in enumerate(stages)))
    # Narrow rows sort faster and in less memory: a small position, and one order key
    # for the input order (file, then row) instead of two.
    within = mapped.file_index * _ROWS_PER_FILE + mapped.row
    # Only what the counts and the completion read: the journey and stage would only
    # widen the sorted rows (the segment, carried through, costs a tenth at 10^7 events).
    mapped = mapped.select(
        "account_id",
        "ts",
        *(["segment"] if segments else []),
        pos=position.cast("int16"),
        within=within,
    )
    order = ibis.window(group_by=mapped.account_id, order_by=[mapped.ts, mapped.within])
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
    import ibis

    visits = ordered.filter(in_window(ordered.ts, window))
    between = _MICROSECONDS.get(ibis.get_backend(visits).name, _microseconds_between)
    micros = between(visits.ts, visits.next_ts)
    return visits.mutate(days=micros.cast("float64") / _DAY_MICROSECONDS)


def _microseconds_between(start: ir.TimestampValue, end: ir.TimestampValue) -> ir.IntegerValue:
    return end.delta(start, unit="microsecond")


def _duckdb_microseconds_between(
    start: ir.TimestampValue, end: ir.TimestampValue
) -> ir.IntegerValue:
    # DuckDB's date_diff on UTC timestamps goes through the time zone calendar: sixty
    # times slower than the difference of the two instants' microseconds since 1970.
    from csjourney.measure.duckdb_functions import epoch_us

    return epoch_us(end) - epoch_us(start)


#: How a backend best computes the microseconds between two instants (default: delta).
_MICROSECONDS: dict[str, Callable[[Any, Any], Any]] = {"duckdb": _duckdb_microseconds_between}


def journey_funnel(
    events: ir.Table | None,
    journey: JourneyStages,
    window: Window,
    by_segment: bool,
    unmapped: tuple[UnmappedStage, ...] = (),
) -> JourneyFunnel:
    """The funnel of one journey from its events (None: no events at all).

    `unmapped`: its events at stages it does not have, counted with the other journeys'
    in one scan (events.measure_events).
    """
    stages = list(journey.stages)
    if events is None:
        empty = tuple(_row(stage, None, {}, 0) for stage in stages)
        return JourneyFunnel(journey.id, empty, (), tuple(stages), completion(()))
    n = len(stages)
    # One query: the backend orders the events once and streams them to the stage
    # counts and to the completion, joined to the first stage's rows.
    ordered = ordered_events(events, stages, window, segments=by_segment)
    visits = visits_with_next(ordered, window)
    stage_counts = _stage_counts(visits, n, by_segment)
    entries = journey_completion(ordered, visits, n, by_segment)
    joined = stage_counts.left_join(
        entries, [stage_counts.pos == 0, stage_counts.segment.identical_to(entries.segment)]
    )
    found = engine.rows(joined.drop("segment_right"))
    skipped = _skips(found, n)
    by_key = {(int(r["pos"]), r.get("segment")): r for r in found}
    segments = sorted({seg for _, seg in by_key if seg is not None})
    rows: list[StageRow] = []
    for pos, stage in enumerate(stages):
        for segment in [None, *segments]:
            counts = by_key.get((pos, segment), {})
            rows.append(_row(stage, segment, counts, skipped.get((pos, segment), 0)))
    unvisited = tuple(s for pos, s in enumerate(stages) if (pos, None) not in by_key)
    # The completion came with the first stage's rows: its entries are accounts entering.
    firsts = [by_key.get((0, segment), {}) for segment in [None, *segments]]
    through = completion([{**first, "accounts": first.get("entries")} for first in firsts])
    return JourneyFunnel(journey.id, tuple(rows), unmapped, unvisited, through)


def _stage_counts(visits: ir.Table, n_stages: int, by_segment: bool) -> ir.Table:
    """Each stage's counts and times, `segment` null (and each stage and segment's).

    Also `s{k}`: the group's visits whose next event jumps stage k.
    """
    import ibis

    overall = visits.group_by("pos").aggregate(**_measures(visits, n_stages))
    overall = overall.mutate(segment=ibis.null("string"))
    if not by_segment:
        return overall
    named = visits.filter(visits.segment.notnull())
    per_segment = named.group_by(["pos", "segment"]).aggregate(**_measures(named, n_stages))
    return overall.select(*per_segment.columns).union(per_segment)


def _measures(visits: ir.Table, n_stages: int) -> dict[str, ir.Scalar]:
    def count(condition: ir.BooleanValue) -> ir.IntegerScalar:
        return condition.ifelse(1, 0).sum()

    # Only a stage with one before and one after can be jumped over: 1 to n-2.
    jumps = {
        f"s{k}": count((visits.pos < k) & (visits.next_pos > k)) for k in range(1, n_stages - 1)
    }
    return {
        "visits": visits.count(),
        "accounts": visits.account_id.nunique(),
        "to_next": count(visits.next_pos.notnull() & (visits.next_pos == visits.pos + 1)),
        "forward": count(visits.next_pos.notnull() & (visits.next_pos > visits.pos)),
        "backward": count(visits.next_pos.notnull() & (visits.next_pos < visits.pos)),
        "open": count(visits.next_pos.isnull()),
        "median_days": visits.days.quantile(0.5),
        "p90_days": visits.days.quantile(0.9),
        **jumps,
    }


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

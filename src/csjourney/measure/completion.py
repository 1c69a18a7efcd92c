"""The journey as a whole: of the accounts entering its first stage, how many reach the last.

An account enters when it has a visit of the first stage in the window; its entry is
the first such visit (in its events' order: timestamp, then input order). It completes
when any of its events at the last stage comes after that entry, any time after the
window too. Per segment, an account counts in the segment of its entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from csjourney.measure import engine
from csjourney.measure.types import JourneyCompletion, Window

if TYPE_CHECKING:
    import ibis.expr.types as ir


def journey_completion(
    ordered: ir.Table, n_stages: int, window: Window, by_segment: bool
) -> list[dict[str, Any]]:
    """Rows of (segment, accounts, reached) from `funnel.ordered_events`' table.

    `ordered` needs only the window's first-stage events and the last stage's events,
    and their `segment` only `by_segment`.
    """
    from csjourney.measure.funnel import in_window

    firsts = ordered.filter((ordered.pos == 0) & in_window(ordered.ts, window))
    entry_segment = {"segment": firsts.segment.argmin(firsts.seq)} if by_segment else {}
    entries = firsts.group_by("account_id").aggregate(entry=firsts.seq.min(), **entry_segment)
    lasts = ordered.filter(ordered.pos == n_stages - 1)
    finals = lasts.group_by("account_id").aggregate(final=lasts.seq.max())
    joined = entries.left_join(finals, "account_id")
    done = (joined.final.notnull() & (joined.final > joined.entry)).ifelse(1, 0)
    joined = joined.mutate(done=done)
    keys = ["segment"] if by_segment else []
    # One query: per segment (no segment included), summed here for everybody.
    grouped = joined.group_by(keys) if keys else joined
    found = grouped.aggregate(accounts=joined.count(), reached=joined.done.sum())
    segments = engine.rows(found)
    overall = {name: sum(int(r[name] or 0) for r in segments) for name in ("accounts", "reached")}
    named = sorted(
        (r for r in segments if r.get("segment") is not None), key=lambda r: r["segment"]
    )
    return [overall, *named]


def completion(rows: Sequence[dict[str, Any]]) -> tuple[JourneyCompletion, ...]:
    """The overall completion first (zero without rows), then one per segment by name."""
    results: list[JourneyCompletion] = []
    for item in rows or [{}]:
        accounts = int(item.get("accounts") or 0)
        reached = int(item.get("reached") or 0)
        share = reached / accounts * 100 if accounts else None
        results.append(JourneyCompletion(item.get("segment"), accounts, reached, share))
    return tuple(results)

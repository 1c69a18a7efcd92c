"""The journey as a whole: of the accounts entering its first stage, how many reach the last.

An account enters when it has a visit of the first stage in the window; its entry is
the first such visit (in its events' order: timestamp, then input order). It completes
when any of its events at the last stage comes after that entry, any time after the
window too. Per segment, an account counts in the segment of its entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from csjourney.measure.types import JourneyCompletion

if TYPE_CHECKING:
    import ibis.expr.types as ir


def journey_completion(
    ordered: ir.Table, visits: ir.Table, n_stages: int, by_segment: bool
) -> ir.Table:
    """(segment, entries, reached): everybody's (segment null), and each named segment's.

    From `funnel.ordered_events`' table and its visits in the window: an expression,
    so the funnel's one query computes it from the same ordering as the stage counts.
    """
    import ibis

    firsts = visits.filter(visits.pos == 0)
    entry_segment = {"segment": firsts.segment.argmin(firsts.seq)} if by_segment else {}
    entries = firsts.group_by("account_id").aggregate(entry=firsts.seq.min(), **entry_segment)
    lasts = ordered.filter(ordered.pos == n_stages - 1)
    finals = lasts.group_by("account_id").aggregate(final=lasts.seq.max())
    joined = entries.left_join(finals, "account_id")
    joined = joined.mutate(
        done=(joined.final.notnull() & (joined.final > joined.entry)).ifelse(1, 0)
    )
    overall = joined.aggregate(entries=joined.count(), reached=joined.done.sum())
    overall = overall.mutate(segment=ibis.null("string"))
    if not by_segment:
        return overall
    named = joined.filter(joined.segment.notnull())
    per_segment = named.group_by("segment").aggregate(
        entries=named.count(), reached=named.done.sum()
    )
    return overall.select(*per_segment.columns).union(per_segment)


def completion(rows: Sequence[dict[str, Any]]) -> tuple[JourneyCompletion, ...]:
    """The overall completion first (zero without rows), then one per segment by name."""
    results: list[JourneyCompletion] = []
    for item in rows or [{}]:
        accounts = int(item.get("accounts") or 0)
        reached = int(item.get("reached") or 0)
        share = reached / accounts * 100 if accounts else None
        results.append(JourneyCompletion(item.get("segment"), accounts, reached, share))
    return tuple(results)

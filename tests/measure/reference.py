"""A plain-Python funnel, written from docs/measure.md's definitions, to check the engine.

It shares nothing with csjourney.measure but the result's field names: it parses the
timestamps itself, walks each account's events in order and counts.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from measure.measuresupport import Event

#: (stage, segment or None) → the row's numbers, as in measuresupport.row_values.
Rows = dict[tuple[str, str | None], tuple[object, ...]]


@dataclass(frozen=True)
class Reference:
    rows: Rows
    unmapped: list[tuple[str, int]]
    #: (segment, accounts entering the first stage in the window, reaching the last after)
    completion: list[tuple[str | None, int, int]]


def parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def quantile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, DuckDB quantile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def reference_funnel(
    files: Sequence[Sequence[Event]],
    stages: Sequence[str],
    since: date | None,
    until: date | None,
    by_segment: bool,
) -> Reference:
    """The expected rows (every stage, every segment), unmapped counts and completion."""
    start = datetime(since.year, since.month, since.day, tzinfo=UTC) if since else None
    end = (
        datetime(until.year, until.month, until.day, tzinfo=UTC) + timedelta(days=1)
        if until
        else None
    )

    def inside(moment: datetime) -> bool:
        return (start is None or moment >= start) and (end is None or moment < end)

    position = {stage: i for i, stage in enumerate(stages)}
    per_account: dict[str, list[tuple[datetime, int, int, int, str | None]]] = defaultdict(list)
    unmapped: Counter[str] = Counter()
    for file_index, events in enumerate(files):
        for row, (account, stage, stamp, segment) in enumerate(events):
            moment = parse(stamp)
            if stage not in position:
                if inside(moment):
                    unmapped[stage] += 1
                continue
            per_account[account].append((moment, file_index, row, position[stage], segment))

    visits: dict[tuple[int, str | None], list[tuple[str, int | None, float | None]]] = defaultdict(
        list
    )
    skipped: Counter[tuple[int, str | None]] = Counter()
    entered: Counter[str | None] = Counter()
    reached: Counter[str | None] = Counter()
    last = len(stages) - 1
    for account, history in per_account.items():
        history.sort(key=lambda e: (e[0], e[1], e[2]))
        entries = [i for i, e in enumerate(history) if e[3] == 0 and inside(e[0])]
        if entries:
            entry = entries[0]
            done = any(e[3] == last for e in history[entry + 1 :])
            for group in {None, history[entry][4] if by_segment else None}:
                entered[group] += 1
                reached[group] += done
        for i, (moment, _, _, pos, segment) in enumerate(history):
            if not inside(moment):
                continue
            following = history[i + 1] if i + 1 < len(history) else None
            next_pos = following[3] if following else None
            days = (following[0] - moment).total_seconds() / 86400 if following else None
            groups: list[str | None] = [None]
            if by_segment and segment is not None:
                groups.append(segment)
            for group in groups:
                visits[(pos, group)].append((account, next_pos, days))
                if next_pos is not None:
                    for k in range(pos + 1, next_pos):
                        skipped[(k, group)] += 1

    segments = sorted({seg for _, seg in visits if seg is not None})
    rows: Rows = {}
    for pos, stage in enumerate(stages):
        for segment in [None, *segments]:
            mine = visits.get((pos, segment), [])
            n = len(mine)
            forward = sum(1 for _, nxt, _ in mine if nxt is not None and nxt > pos)
            times = [d for _, _, d in mine if d is not None]
            rows[(stage, segment)] = (
                n,
                len({account for account, _, _ in mine}),
                sum(1 for _, nxt, _ in mine if nxt == pos + 1),
                forward,
                sum(1 for _, nxt, _ in mine if nxt is not None and nxt < pos),
                sum(1 for _, nxt, _ in mine if nxt is None),
                skipped[(pos, segment)],
                forward / n * 100 if n else None,
                quantile(times, 0.5),
                quantile(times, 0.9),
            )
    ordered = sorted(unmapped.items(), key=lambda item: (-item[1], item[0]))
    named = sorted(group for group in entered if group is not None)
    completion = [(group, entered[group], reached[group]) for group in [None, *named]]
    return Reference(rows, ordered, completion)

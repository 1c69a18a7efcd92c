"""Helpers for the measure tests: write a small stage history, measure it, compare rows."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from csjourney.measure import (
    EventsMeasurement,
    EventSource,
    JourneyFunnel,
    JourneyStages,
    StageRow,
    Window,
    measure_events,
)

#: The journey most cases use: four stages in this order.
STAGES = ("a", "b", "c", "d")
HEADER = ("account_id", "stage", "timestamp", "segment")
#: A row of a test log: account, stage, timestamp text, segment (or None: no value).
Event = tuple[str, str, str, str | None]


def write_csv(
    path: Path, rows: Sequence[Sequence[str | None]], header: Sequence[str] = HEADER
) -> Path:
    """Rows as a CSV file under `header`; None is an empty cell."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if value is None else value for value in row])
    return path


def write_jsonl(
    path: Path, rows: Sequence[Sequence[str | None]], header: Sequence[str] = HEADER
) -> Path:
    """Rows as JSON lines, one object per row with `header`'s keys."""
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(dict(zip(header, row, strict=True))) + "\n")
    return path


def write_parquet(path: Path, events: Sequence[Event]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {name: [event[i] for event in events] for i, name in enumerate(HEADER)}
    pq.write_table(pa.table(columns), path)
    return path


def measure(
    paths: Sequence[Path | str],
    window: Window | None = None,
    *,
    stages: Sequence[str] = STAGES,
    by_segment: bool = False,
    stage_map: dict[str, str] | None = None,
) -> EventsMeasurement:
    source = EventSource([str(p) for p in paths], stages=stage_map or {})
    journey = JourneyStages("j", list(stages))
    return measure_events(source, [journey], window, default_journey="j", by_segment=by_segment)


def only_funnel(result: EventsMeasurement) -> JourneyFunnel:
    assert len(result.journeys) == 1
    return result.journeys[0]


def row_values(row: StageRow) -> tuple[object, ...]:
    """A row's numbers in the JSON order, without its id and segment."""
    return (
        row.visits, row.accounts, row.to_next, row.forward, row.backward, row.open,
        row.skipped, row.conversion, row.median_days, row.p90_days,
    )  # fmt: skip

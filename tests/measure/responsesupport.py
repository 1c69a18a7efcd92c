"""Helpers for the survey-response tests: write answers as CSV, JSON lines or Parquet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csjourney.measure.responses import measure_responses
from csjourney.measure.types import ResponsesMeasurement, ResponseSource, Selection, Window
from measure import measuresupport

HEADER = ("respondent_id", "date", "type", "score", "stage", "touchpoint", "segment")
#: One answer: respondent, date text, type, score text, stage, touchpoint, segment.
Answer = tuple[str, str, str, str, str | None, str | None, str | None]


def answer(
    score: int | str,
    kind: str = "nps",
    *,
    day: str = "2024-03-01",
    stage: str | None = None,
    touchpoint: str | None = None,
    segment: str | None = None,
    who: str = "r",
) -> Answer:
    return (who, day, kind, str(score), stage, touchpoint, segment)


def write_csv(path: Path, answers: Sequence[Answer], header: Sequence[str] = HEADER) -> Path:
    return measuresupport.write_csv(path, answers, header)


def write_jsonl(path: Path, answers: Sequence[Answer]) -> Path:
    return measuresupport.write_jsonl(path, answers, HEADER)


def write_parquet(path: Path, answers: Sequence[Answer]) -> Path:
    """Parquet as a warehouse writes it: a real date column and integer scores."""
    from datetime import date

    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, object] = {
        name: [row[i] for row in answers] for i, name in enumerate(HEADER)
    }
    columns["date"] = pa.array([date.fromisoformat(row[1]) for row in answers], pa.date32())
    columns["score"] = pa.array([int(row[3]) for row in answers], pa.int64())
    pq.write_table(pa.table(columns), path)
    return path


def measure(
    paths: Sequence[Path | str],
    selections: Sequence[Selection],
    window: Window | None = None,
    columns: dict[str, str] | None = None,
) -> ResponsesMeasurement:
    source = ResponseSource([str(p) for p in paths], columns or {})
    return measure_responses(source, selections, window, default_journey="j")

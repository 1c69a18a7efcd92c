"""The engine against the plain-Python reference on a generated log of thousands of events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csjourney.measure import Window
from measure.generated import STAGES, generate
from measure.measuresupport import measure, only_funnel, row_values, write_csv
from measure.reference import reference_funnel


@pytest.mark.parametrize(
    "window",
    [Window(), Window(date(2024, 2, 1), date(2024, 3, 31))],
    ids=["all-time", "february-march"],
)
def test_engine_matches_the_reference_over_a_glob_of_two_files(
    tmp_path: Path, window: Window
) -> None:
    events = generate(1500)
    assert len(events) > 4000
    half = len(events) // 2
    parts = [events[:half], events[half:]]
    for i, part in enumerate(parts):
        write_csv(tmp_path / f"events-{i}.csv", part)
    result = measure([str(tmp_path / "events-*.csv")], window, stages=STAGES, by_segment=True)
    assert result.problems == ()
    assert result.rows_read == len(events)
    funnel = only_funnel(result)
    reference = reference_funnel(parts, STAGES, window.since, window.until, True)
    expected = reference.rows
    got = {(row.id, row.segment): row_values(row) for row in funnel.stages}
    assert list(got) == list(expected)
    for key, values in expected.items():
        assert got[key] == pytest.approx(values, rel=1e-9, abs=1e-9), key
    assert [(u.stage, u.visits) for u in funnel.unmapped] == reference.unmapped
    completion = [(c.segment, c.accounts, c.reached) for c in funnel.completion]
    assert completion == reference.completion
    assert 0 < completion[0][2] < completion[0][1]
    # The log exercises every kind of move the definitions tell apart.
    overall = [got[(stage, None)] for stage in STAGES]
    for column in (2, 4, 5, 6):  # to_next, backward, open, skipped
        assert sum(int(str(values[column])) for values in overall) > 0
    assert any(values[3] != values[2] for values in overall)  # forward beyond to_next

"""The example workspace's exports are what their generator writes, byte for byte, and
follow the maps: every stage value is a stage of its journey or one of the few unmapped
names the generator adds on purpose, and every bound metric measures near the `current`
its map states over the demo's window (`csjourney measure --today 2026-11-30`)."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

DATA = ROOT / "examples" / "b2b-saas" / "data"
EXPORTS = ("stage-history.csv", "survey-responses.csv")

# How far a bound metric's measured value may sit from its map's `current`: the
# generator's drift (up to 2.5 points of conversion, 10% of a duration, 5 of NPS,
# 2.5 of CSAT, 0.25 of CES) plus the sampling noise of a 90-day window.
TOLERANCE = {"conversion": 6.0, "nps": 10.0, "csat": 6.0, "ces": 0.4}
DURATION_TOLERANCE = 0.2  # median-days: a share of `current`
NPS_MIN_ANSWERS = 30  # a relationship NPS rests on dozens of answers, not one
# (metric id, statistic, current, measured, n, margin) of a bound metric
Value = tuple[str, str, float, float, int | None, float | None]


def _generate(out: Path) -> None:
    subprocess.run(
        [sys.executable, str(DATA / "generate.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )


def test_the_generator_is_deterministic_and_the_committed_exports_are_its_output(
    tmp_path: Path,
) -> None:
    _generate(tmp_path / "first")
    _generate(tmp_path / "second")
    for name in EXPORTS:
        written = (tmp_path / "first" / name).read_bytes()
        assert written == (tmp_path / "second" / name).read_bytes(), f"{name} differs run to run"
        assert written == (DATA / name).read_bytes(), (
            f"{name} is stale: run examples/b2b-saas/data/generate.py"
        )
        assert (DATA / name).stat().st_size < 2_000_000, f"{name} is too big for an example"


def test_the_stage_history_has_what_measure_must_handle() -> None:
    with (DATA / "stage-history.csv").open(encoding="utf-8", newline="") as data:
        rows = list(csv.DictReader(data))
    accounts = {row["account_id"] for row in rows}
    assert len(accounts) > 3000
    assert {row["journey"] for row in rows} == {
        "smb-digital-cs",
        "mid-market-scaled-cs",
        "enterprise-named-csm",
    }
    stages = {row["stage"] for row in rows}
    assert {"trial-extension", "win-back"} <= stages  # steps the maps miss
    assert "onboarding" in stages


@pytest.fixture(scope="module")
def demo_values() -> list[Value]:
    """Every bound metric's value over the demo window, as `measure` computes it."""
    from csjourney.core import Options, run
    from csjourney.measure.run import measure_workspace
    from csjourney.measure.types import Window

    report = run([ROOT / "examples" / "b2b-saas"], Options(lint=False))
    measured = measure_workspace(report, None, Window(dt.date(2026, 9, 2), dt.date(2026, 11, 30)))
    assert not measured.diagnostics, "the example exports have data problems"
    values: list[Value] = []
    for journey in measured.journeys:
        for value in journey.values:
            binding, current = value.metric.measure, value.metric.current
            assert binding is not None and current is not None and value.value is not None, (
                f"{value.metric.id}: nothing measured ({value.note})"
            )
            values.append(
                (value.metric.id, binding.statistic, current, value.value, value.n, value.margin)
            )
    assert len(values) >= 10  # every journey's bound metrics are there
    return values


def test_each_bound_metric_measures_near_its_maps_current(
    demo_values: list[Value],
) -> None:
    off = []
    for metric, statistic, current, value, _, _ in demo_values:
        if statistic == "median-days":
            allowed = DURATION_TOLERANCE * current
        else:
            allowed = TOLERANCE[statistic]
        if abs(value - current) > allowed:
            off.append(f"{metric} ({statistic}): measured {value:.2f}, map says {current}")
    assert not off, "the example data no longer follows the maps: " + "; ".join(off)


def test_the_measured_values_drift_both_ways_and_nps_rests_on_dozens(
    demo_values: list[Value],
) -> None:
    # Not a copy of the maps: some metrics come out higher than the map, some lower.
    assert any(value > current for _, _, current, value, _, _ in demo_values)
    assert any(value < current for _, _, current, value, _, _ in demo_values)
    for metric, statistic, _, _, n, _ in demo_values:
        if statistic == "nps":
            assert n is not None and n >= NPS_MIN_ANSWERS, f"{metric}: only {n} answers"

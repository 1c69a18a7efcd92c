"""The backend is chosen by URL, and a missing extra is a message, not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from csjourney.measure import EventSource, JourneyStages, measure_events
from csjourney.measure.engine import EngineError
from measure.generated import STAGES, generate
from measure.measuresupport import measure, only_funnel, write_csv


def test_a_backend_url_runs_the_same_computation(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", generate(200, seed=3))
    in_memory = measure([path], stages=STAGES, by_segment=True)
    source = EventSource([str(path)])
    on_file = measure_events(
        source,
        [JourneyStages("j", list(STAGES))],
        default_journey="j",
        by_segment=True,
        backend=f"duckdb:///{tmp_path / 'history.duckdb'}",
    )
    assert (tmp_path / "history.duckdb").exists()
    assert only_funnel(on_file) == only_funnel(in_memory)
    assert only_funnel(in_memory).stages[0].visits > 50


def test_the_machine_time_zone_changes_nothing(tmp_path: Path) -> None:
    # Naive timestamps are UTC whatever TZ says: run the same log under two zones.
    path = write_csv(tmp_path / "events.csv", generate(100, seed=4))
    script = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from measure.measuresupport import measure, only_funnel\n"
        "from measure.generated import STAGES\n"
        f"print(repr(only_funnel(measure([{str(path)!r}], stages=STAGES))))\n"
    )
    outputs = []
    for zone in ("UTC", "Pacific/Kiritimati"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            env={"TZ": zone, "PATH": "/usr/bin:/bin"},
            cwd=Path(__file__).resolve().parents[2],
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert "visits=" in outputs[0]


def test_without_the_extra_measuring_says_how_to_install_it() -> None:
    script = (
        "import sys\n"
        "sys.modules['ibis'] = None  # as if the measure extra were not installed\n"
        "from csjourney.measure.engine import EngineMissing, connect\n"
        "try:\n"
        "    connect()\n"
        "except EngineMissing as missing:\n"
        "    print(missing)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == (
        "measuring needs the measure extra: pip install 'csjourney[measure]'"
    )


@pytest.mark.parametrize("backend", ["nosuch://", "duckdb:///no/such/dir/x.duckdb"])
def test_a_bad_backend_url_is_an_engine_error_naming_it(backend: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", [])
    with pytest.raises(EngineError) as raised:
        measure_events(EventSource([str(path)]), [JourneyStages("j", ["a"])], backend=backend)
    assert str(raised.value).startswith(f"cannot connect to the backend {backend!r}: ")


def test_a_broken_install_is_raised_not_reported_as_bad_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csjourney.measure import rawread

    def broken(*args: object) -> None:
        raise ImportError("numpy.core.multiarray failed to import")

    monkeypatch.setattr(rawread, "read_file", broken)
    path = write_csv(tmp_path / "events.csv", [("x", "a", "2024-01-01", None)])
    with pytest.raises(ImportError):
        measure([path])

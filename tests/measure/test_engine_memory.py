"""A DuckDB csjourney opens has bounded memory and its own spill folder; the URL's settings win."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from csjourney.measure import measure_events
from csjourney.measure.engine import DUCKDB_MEMORY_CAP, connect
from csjourney.measure.types import EventSource, JourneyStages
from measure.generated import STAGES, generate
from measure.measuresupport import measure, only_funnel, write_csv

_MB = 1 << 20


def _settings(con: object) -> tuple[int, str]:
    """The connection's memory limit in bytes and its spill folder."""
    sql = "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
    limit, folder = con.raw_sql(sql).fetchone()  # type: ignore[attr-defined]
    number, unit = str(limit).split()
    scale = {"KiB": 1 << 10, "MiB": _MB, "GiB": 1 << 30, "TiB": 1 << 40}[unit]
    return int(float(number) * scale), str(folder)


@pytest.mark.parametrize(
    ("url", "most", "least", "own_folder"),
    [
        ("duckdb://", DUCKDB_MEMORY_CAP, 1, True),
        ("duckdb://?memory_limit=3GB", 3_000_000_000, 2_500_000_000, True),
        ("duckdb://?memory_limit=200MB&threads=1", 200_000_000, 150_000_000, True),
        ("duckdb://?temp_directory=SPILL", DUCKDB_MEMORY_CAP, 1, False),
    ],
)
def test_duckdb_memory_is_bounded_unless_the_url_says(
    url: str, most: int, least: int, own_folder: bool, tmp_path: Path
) -> None:
    spill = str(tmp_path / "spill")
    limit, folder = _settings(connect(url.replace("SPILL", spill)))
    assert least <= limit <= most
    if own_folder:  # never DuckDB's ".tmp" in the user's working folder
        assert folder == os.path.join(tempfile.gettempdir(), f"csjourney-duckdb-{os.getpid()}")
    else:
        assert folder == spill


def test_a_database_file_url_keeps_its_path_with_the_settings(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", generate(150, seed=5))
    database = tmp_path / "history.duckdb"
    on_file = measure_events(
        EventSource([str(path)]),
        [JourneyStages("j", list(STAGES))],
        default_journey="j",
        backend=f"duckdb:///{database}?threads=1",
    )
    assert database.exists()
    assert only_funnel(on_file) == only_funnel(measure([path], stages=STAGES))


def test_a_url_with_its_own_limits_gives_the_same_numbers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", generate(3000, seed=11))
    tight = measure_events(
        EventSource([str(path)]),
        [JourneyStages("j", list(STAGES))],
        default_journey="j",
        by_segment=True,
        backend="duckdb://?memory_limit=64MB&threads=1",
    )
    assert only_funnel(tight) == only_funnel(measure([path], stages=STAGES, by_segment=True))
    assert only_funnel(tight).stages[0].visits > 100


def test_a_long_duckdb_query_draws_no_progress_bar_on_stdout(
    capfd: pytest.CaptureFixture[str],
) -> None:
    con = connect()
    # Long enough (seconds) for DuckDB's bar, which it prints from its own C++ code.
    sql = "SELECT count(DISTINCT md5(range::VARCHAR)) FROM range(12000000)"
    assert con.raw_sql(sql).fetchone()[0] == 12_000_000
    assert "remaining" not in capfd.readouterr().out

"""Arguments shared by the commands: `--today` is a YYYY-MM-DD date and nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney.cliargs import parse_today
from csjourney.errors import UsageError

# What Python 3.11's date.fromisoformat also accepts, and other near misses.
NOT_A_DATE = ["20261201", "2026-W48-2", "2026W482", "2026-12-1", " 2026-12-01", "2026-12-01T00",
              "2026-02-30", "\u0662\u0660\u0662\u0666-12-01", "today", ""]  # fmt: skip


@pytest.mark.parametrize("value", NOT_A_DATE)
def test_today_accepts_only_yyyy_mm_dd(value: str) -> None:
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        parse_today(value)


def test_today_reads_a_real_date() -> None:
    assert parse_today("2026-12-01") == dt.date(2026, 12, 1)


@pytest.mark.parametrize("command", ["validate", "render"])
def test_a_bad_today_is_a_usage_error_on_the_command_line(
    command: str, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    (tmp_path / "map.yaml").write_text("csjourney: 1\n", encoding="utf-8")
    args = ["--out", str(tmp_path / "out")] if command == "render" else []

    result = csj(command, "--today", "2026-W48-2", *args, "map.yaml", cwd=tmp_path)

    assert result.code == 2
    assert "--today expects a date as YYYY-MM-DD" in result.err

"""The example workspace's exports are what their generator writes, byte for byte, and
follow the maps: every stage value is a stage of its journey or one of the few unmapped
names the generator adds on purpose."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

DATA = ROOT / "examples" / "b2b-saas" / "data"


def test_the_committed_exports_are_the_generators_output(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(DATA / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("stage-history.csv", "survey-responses.csv"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"{name} is stale: run examples/b2b-saas/data/generate.py"
        )


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

"""The measure extra stays out of start-up: only a measurement imports Ibis and DuckDB.

Each check runs a fresh interpreter and lists which engine modules ended up loaded, so
an import of ibis, duckdb, pyarrow or pandas creeping into a CLI path fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FULL_EXAMPLE

ENGINE_MODULES = ("ibis", "duckdb", "pyarrow", "pandas", "sqlglot")

_PROBE = """
import json, sys
{body}
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({modules!r}))
print(json.dumps(loaded))
"""


def _engine_modules_after(body: str) -> list[str]:
    script = _PROBE.format(body=body, modules=ENGINE_MODULES)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_validate_imports_no_engine() -> None:
    body = f"""
from csjourney.cli import main
sys.argv = ["csjourney", "validate", {str(FULL_EXAMPLE)!r}]
try:
    main()
except SystemExit as done:
    assert done.code == 0, done.code
"""
    assert _engine_modules_after(body) == []


def test_importing_the_measure_package_imports_no_engine() -> None:
    assert _engine_modules_after("import csjourney.measure") == []


def test_a_measurement_does_import_the_engine(tmp_path: Path) -> None:
    # The probe can see the engine: the two checks above would notice it.
    log = tmp_path / "events.csv"
    log.write_text("account_id,stage,timestamp\nx,a,2024-01-01\n", encoding="utf-8")
    body = f"""
from csjourney.measure import EventSource, JourneyStages, measure_events
measure_events(EventSource([{str(log)!r}]), [JourneyStages("j", ["a"])], default_journey="j")
"""
    assert {"ibis", "duckdb"} <= set(_engine_modules_after(body))

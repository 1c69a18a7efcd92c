"""scripts/mutate.py, run for real on a throwaway package: a mutant the tests catch is
killed, one they miss is SURVIVED and fails the run, unless it is listed as equivalent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "mutate.py"
PACKAGE = '''\
def at_least(value: int, limit: int) -> bool:
    """Whether `value` reaches `limit`."""
    return value >= limit
'''
# Far from the limit on both sides: `>=` -> `>` goes unnoticed, `return None` does not.
TESTS = """\
from tiny import at_least


def test_above() -> None:
    assert at_least(5, 3)


def test_below() -> None:
    assert not at_least(2, 3)
"""
RETURN = "tiny:at_least:2.12:return-None"
COMPARE = "tiny:at_least:2.18:compare[>=->>]"


def _project(tmp_path: Path, equivalent: str = "") -> Path:
    (tmp_path / "src" / "tiny").mkdir(parents=True)
    (tmp_path / "src" / "tiny" / "__init__.py").write_text(PACKAGE, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_tiny.py").write_text(TESTS, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.pytest.ini_options]\n", encoding="utf-8")
    targets = tmp_path / "targets.toml"
    targets.write_text(
        'package = "tiny"\n[[target]]\nmodule = "tiny"\nfunctions = ["at_least"]\n'
        'tests = ["tests/test_tiny.py"]\n' + equivalent,
        encoding="utf-8",
    )
    return targets


def _mutate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--root", str(tmp_path), *args]
    # The tiny project needs no pytest plugin; loading hypothesis's costs a second a run.
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60, env=env)


def test_a_caught_mutant_is_killed_and_a_missed_one_survives(tmp_path: Path) -> None:
    targets = _project(tmp_path)
    table = tmp_path / "mutants.md"
    result = _mutate(tmp_path, "--targets", str(targets), "--markdown", str(table))
    assert result.returncode == 1, result.stdout + result.stderr
    lines = dict(line.split("  ", 1) for line in result.stdout.splitlines() if "  " in line)
    assert lines[RETURN] == "killed by tests/test_tiny.py::test_above"
    assert lines[COMPARE].startswith("SURVIVED tiny/__init__.py:3:")
    assert "'return value > limit'" in lines[COMPARE]
    assert "2 mutants: 1 killed (0 by timeout), 0 equivalent, 1 survived" in result.stdout
    assert "shadow check: the test process, a subprocess import tiny" in result.stdout
    assert f"| `{COMPARE}` | tiny/__init__.py:3 |" in table.read_text(encoding="utf-8")
    # The mutants were made in a copy: the package itself is byte for byte as written.
    assert (tmp_path / "src" / "tiny" / "__init__.py").read_text(encoding="utf-8") == PACKAGE


def test_a_listed_equivalent_passes_the_run_with_its_reason(tmp_path: Path) -> None:
    listed = f'[[equivalent]]\nid = "{COMPARE}"\nsnippet = ">="\nreason = "never at the limit"\n'
    result = _mutate(tmp_path, "--targets", str(_project(tmp_path, listed)), "--only", COMPARE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{COMPARE}  equivalent: never at the limit" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "tiny:nothing"], "no mutant id starts with tiny:nothing"),
        (["--jobs", "0"], "--jobs must be at least 1"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = _mutate(tmp_path, "--targets", str(_project(tmp_path)), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_list_shows_the_mutants_without_running_them(tmp_path: Path) -> None:
    result = _mutate(tmp_path, "--targets", str(_project(tmp_path)), "--list")
    assert result.returncode == 0, result.stderr
    assert f"{COMPARE}  tiny/__init__.py:3  'return value >= limit' -> 'return value > limit'" in (
        result.stdout
    )
    assert result.stdout.rstrip().endswith("2 mutants") and "shadow" not in result.stdout

"""The code stays ruff- and mypy-clean: CI enforces it, not good intentions."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_check_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
    # The configuration covers the tests as well as the package, every file of both.
    checked = re.search(r"in (\d+) source files", result.stdout)
    assert checked, result.stdout
    every = [*(ROOT / "src" / "csjourney").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    assert int(checked[1]) == len(every), result.stdout

"""Shared test helpers: run the CLI in-process, find the examples and test data.

Everything the suite reads lives in this repository: a clone with nothing beside it
passes `make test`.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
# A complete single-file map through all nine lifecycle stages.
FULL_EXAMPLE = EXAMPLES / "b2c-subscription" / "meal-kit.yaml"
TEST_DATA = ROOT / "tests" / "data"
SARIF_SCHEMA = TEST_DATA / "sarif-schema-2.1.0.json"  # the official OASIS schema; see README


@cache
def benchmark_generator() -> ModuleType:
    """benchmarks/generate.py, the maps the benchmarks time (a script, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class CliResult:
    code: int
    out: str
    err: str


Csj = Callable[..., CliResult]  # the `csj` fixture: run the CLI in-process


@contextmanager
def _chdir(path: Path | None) -> Iterator[None]:
    previous = Path.cwd()
    if path is not None:
        os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@pytest.fixture
def file_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From here on, each time `csjourney.reading` reads a file's bytes: the cap it read to."""
    from csjourney import reading

    reads: list[int] = []
    real = reading._read_to_end

    def counted(read_some: Callable[[int], bytes], max_bytes: int) -> bytes:
        reads.append(max_bytes)
        return real(read_some, max_bytes)

    monkeypatch.setattr(reading, "_read_to_end", counted)
    return reads


@pytest.fixture
def csj(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `csjourney ARGS...` in-process, as the console script does."""
    from csjourney.cli import main

    def run(*args: str | Path, cwd: Path | None = None) -> CliResult:
        capsys.readouterr()
        with _chdir(cwd):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exit_:
                code = (
                    exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
                )
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def git_status_of_new(folder: Path) -> str:
    """`git status --porcelain` of a fresh repository at `folder`: what a commit would take."""
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

"""Time `csjourney measure` on 10^5 to 10^7 events against a SQL floor and pandas.

    .venv/bin/python benchmarks/bench_measure.py [--sizes 1e5,1e6,1e7] [--repeat 3]

For each size a seeded Parquet history (measure_data.py) and its map are written once
to `--cache` and reused. Three programs then compute the same funnel, each as a fresh
process: `csjourney measure MAP --events FILE --format json` (the user's command,
start-up and map validation included), one hand-written DuckDB query (the floor) and
the pandas code a user would write instead (measure_queries.py). Their answers must
agree, number for number, or the run stops (exit 2): a benchmark of wrong answers is
worthless. Figures are the median wall time of `--repeat` rounds after an untimed
warm-up round, and each program's peak resident memory (the largest of its runs).
The table is printed and written to `--markdown`. Exit status 0 when the goals are
met, 1 when one is missed, 2 when a program failed or the answers differ.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import measure_data as data
from measured import run_measured

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # the virtualenv's scripts sit beside its python
CACHE = Path(tempfile.gettempdir()) / "csjourney-bench-measure"
RESULTS = HERE / "results" / "measure.md"
PROGRAMS = ("csjourney", "sql", "pandas")
PACKAGES = ("csjourney", "duckdb", "ibis-framework", "pyarrow", "pandas", "numpy")
FLOATS = ("conversion", "median_days", "p90_days")
# Goals (issue 11), judged at the largest size measured.
FLOOR_RATIO, PANDAS_SPEEDUP, MEMORY_GROWTH = 1.5, 5.0, 2.0
_DROPPED = ("PYTHONDONTWRITEBYTECODE", "FORCE_COLOR", "CSJOURNEY_DEBUG")


@dataclass
class Runs:
    """One program's runs at one size: wall and CPU seconds, peak resident memory (bytes)."""

    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system, every thread
    peak: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


class Failed(Exception):
    """A program failed or answered differently; the message says which and how."""


def commands(history: Path, journey_map: Path) -> dict[str, list[str]]:
    window = ["--since", data.SINCE.isoformat(), "--until", data.UNTIL.isoformat()]
    queries = [sys.executable, str(HERE / "measure_queries.py")]
    shared = [str(history), "--journey", data.JOURNEY, "--stages", ",".join(data.STAGES)]
    return {
        "csjourney": [str(BIN / "csjourney"), "measure", str(journey_map), "--events",
                      str(history), "--format", "json", *window],
        "sql": [*queries, "sql", *shared, *window],
        "pandas": [*queries, "pandas", *shared, *window],
    }  # fmt: skip


def run(argv: list[str]) -> tuple[float, float, int, str]:
    """Wall and CPU seconds, own peak resident bytes and standard output of one fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    elapsed, cpu, peak, done = run_measured(argv, ROOT, env)
    if done.returncode != 0:
        problems = done.stderr.decode(errors="replace")
        last = " | ".join(problems.strip().splitlines()[-3:])
        raise Failed(f"`{' '.join(argv[:3])} ...` exited {done.returncode}: {last}")
    return elapsed, cpu, peak, done.stdout.decode()


def funnel(program: str, output: str) -> dict[str, Any]:
    """The journey's stages (overall rows) and unmapped values from a program's JSON."""
    found = json.loads(output)
    if program == "csjourney":
        # Findings (an unmapped stage is a warning) are expected; a data error is not.
        errors = [d for d in found["diagnostics"] if d["severity"] == "error"]
        if errors:
            raise Failed(f"csjourney reported an error: {errors[0]['message']}")
        journey = found["journeys"][0]
        stages = [row for row in journey["stages"] if row["segment"] is None]
        return {"stages": stages, "unmapped": journey["unmapped"]}
    return {"stages": found["stages"], "unmapped": found["unmapped"]}


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Where `actual` differs from `expected`: counts exactly, times and shares to 1e-9."""
    found: list[str] = []
    if actual["unmapped"] != expected["unmapped"]:
        found.append(f"unmapped: {actual['unmapped']} instead of {expected['unmapped']}")
    if [r["id"] for r in actual["stages"]] != [r["id"] for r in expected["stages"]]:
        return [*found, "the stages differ"]
    for want, got in zip(expected["stages"], actual["stages"], strict=True):
        for key, value in want.items():
            other = got.get(key)
            if key in FLOATS and value is not None and other is not None:
                same = math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-12)
            else:
                same = value == other and type(value) is type(other)
            if not same:
                found.append(f"{want['id']} {key}: {other!r} instead of {value!r}")
    return found


def measure_size(events: int, cache: Path, repeat: int, warm_up: bool) -> dict[str, Runs]:
    """Every program's runs on the history of `events` rows; Failed if one disagrees."""
    history = data.cached_history(cache, events)
    argvs = commands(history, data.write_map(cache))
    runs = {program: Runs() for program in PROGRAMS}
    for round_ in range(repeat + warm_up):
        label = " (warm-up)" if warm_up and not round_ else ""
        print(f"{events:,} events: round {round_ + 1 - warm_up}/{repeat}{label}", file=sys.stderr)
        answers = {}
        for program, argv in argvs.items():
            seconds, cpu, peak, output = run(argv)
            answers[program] = funnel(program, output)
            runs[program].peak = max(runs[program].peak, peak)
            if round_ >= warm_up:
                runs[program].seconds.append(seconds)
                runs[program].cpu.append(cpu)
        for program in ("sql", "pandas"):
            wrong = differences(answers["csjourney"], answers[program])
            if wrong:
                raise Failed(f"{program} and csjourney disagree at {events:,} events: "
                             + "; ".join(wrong[:5]))  # fmt: skip
    return runs


Goal = tuple[str, str, str, str, bool | None]  # goal, wall, cpu, limit, met (None: reference)


def goals(results: dict[int, dict[str, Runs]]) -> list[Goal]:
    """The issue's goals at the largest size (memory: from the smallest to the largest)."""
    largest, smallest = max(results), min(results)
    top = results[largest]

    def ratio(a: str, b: str) -> tuple[float, float]:
        return top[a].median / top[b].median, top[a].cpu_median / top[b].cpu_median

    floor, floor_cpu = ratio("csjourney", "sql")
    speedup, speedup_cpu = ratio("pandas", "csjourney")
    found: list[Goal] = [
        (f"csjourney / SQL floor at {largest:,}", f"{floor:.2f}x", f"{floor_cpu:.2f}x",
         f"<= {FLOOR_RATIO:g}x", floor <= FLOOR_RATIO),
        (f"pandas / csjourney at {largest:,}", f"{speedup:.2f}x", f"{speedup_cpu:.2f}x",
         f">= {PANDAS_SPEEDUP:g}x", speedup >= PANDAS_SPEEDUP),
    ]  # fmt: skip
    if largest > smallest:
        for program, limit in (("csjourney", MEMORY_GROWTH), ("sql", None)):
            growth = top[program].peak / results[smallest][program].peak
            label = f"{program} peak memory, {largest:,} / {smallest:,} events"
            verdict = None if limit is None else growth <= limit
            found.append((label, f"{growth:.2f}x", "", f"<= {limit:g}x" if limit else "", verdict))
    return found


def _versions() -> str:
    found = []
    for package in PACKAGES:
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} not installed")
    return ", ".join(found)


def table(results: dict[int, dict[str, Runs]], load: tuple[float, float]) -> str:
    """The figures and goals as Markdown (which reads as plain text too)."""
    mb = 1024 * 1024
    lines = [
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {_versions()}",
        f"load average {load[0]:.2f} before, {load[1]:.2f} after; window "
        f"{data.SINCE} to {data.UNTIL}, {len(data.STAGES)} stages; seconds are wall time "
        "(CPU time in brackets), medians",
        "",
        "| events | csjourney s | SQL floor s | pandas s | csjourney / SQL | pandas / csjourney "
        "| csjourney MB | SQL MB | pandas MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for events, runs in sorted(results.items()):
        cs, sql, pandas = (runs[p] for p in PROGRAMS)
        times = " | ".join(f"{r.median:.2f} ({r.cpu_median:.2f})" for r in (cs, sql, pandas))
        lines.append(
            f"| {events:,} | {times} | {cs.median / sql.median:.2f} "
            f"| {pandas.median / cs.median:.2f} "
            f"| {cs.peak / mb:.0f} | {sql.peak / mb:.0f} | {pandas.peak / mb:.0f} |"
        )
    lines += ["", "| goal | wall | cpu | limit | |", "|---|---:|---:|---:|---|"]
    for label, wall, cpu, limit, met in goals(results):
        verdict = "reference" if met is None else ("met" if met else "MISSED")
        lines.append(f"| {label} | {wall} | {cpu} | {limit} | {verdict} |")
    return "\n".join(lines) + "\n"


def _size(text: str) -> int:
    value = float(text)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a number of events: {text}")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1e5,1e6,1e7", help="events per history, e.g. 1e5,1e6")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per size")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where histories are kept")
    parser.add_argument("--markdown", type=Path, default=RESULTS, help="where the table goes")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({_size(s) for s in args.sizes.split(",")})
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    before = os.getloadavg()[0]
    try:
        results = {n: measure_size(n, args.cache, args.repeat, args.warm_up) for n in sizes}
    except Failed as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    text = table(results, (before, os.getloadavg()[0]))
    sys.stdout.write(text)
    command = "benchmarks/bench_measure.py " + " ".join(sys.argv[1:] if argv is None else argv)
    args.markdown.parent.mkdir(parents=True, exist_ok=True)
    args.markdown.write_text(f"# `csjourney measure` benchmark\n\n`{command.strip()}`\n\n{text}")
    return 0 if all(met is not False for *_, met in goals(results)) else 1


if __name__ == "__main__":
    raise SystemExit(main())

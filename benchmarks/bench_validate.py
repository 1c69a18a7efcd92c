"""Time `csjourney validate` on a generated workspace against check-jsonschema and a bare parse.

    .venv/bin/python benchmarks/bench_validate.py [--maps 500] [--repeat 3] [--json]

Every figure is the wall time of a whole process (start-up counts), the median
of `--repeat` rounds that run each command in turn, after one untimed warm-up
round that fills the OS file cache and the bytecode caches. Every run must
exit 0: a command that fails is reported as failed, never as fast. Exit
status: 0 when every goal is met, 1 when one is missed, 2 when a command
failed or a tool is missing. The generated files stay in benchmarks/.work/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

try:
    from generate import DEFAULT_SEED, REFERENCE_DATE, generate_workspace, journey_text, prepare
except ModuleNotFoundError as missing:  # csjourney is not importable: not the dev virtualenv
    print(f"error: {missing}; run .venv/bin/python benchmarks/bench_validate.py", file=sys.stderr)
    raise SystemExit(2) from None

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
COMMITTED_SCHEMA = ROOT / "schemas" / "csjourney-v1.schema.json"
BIN = Path(sys.executable).parent  # the virtualenv's scripts sit beside its python
TODAY = ["--today", REFERENCE_DATE.isoformat()]  # date-based lint rules: same answer any day
PACKAGES = (
    "csjourney", "check-jsonschema", "jsonschema", "ruamel.yaml", "ruamel.yaml.clib", "pydantic",
    "pydantic-core",
)  # fmt: skip

# The floor: libyaml through ruamel.yaml's C parser, building plain Python data
# and checking nothing. Refuses to run on the pure-Python parser.
BARE_PARSE = """
import sys
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
if yaml.Parser.__name__ != "CParser":  # from ruamel.yaml.clib or ruamel.yaml.clibz
    sys.exit(f"ruamel.yaml uses {yaml.Parser!r}, not the C parser")
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle.read())
"""


@dataclass
class Timing:
    label: str
    argv: list[str]
    samples: list[float] = field(default_factory=list)  # wall seconds
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process
    failure: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


@dataclass(frozen=True)
class Goal:
    label: str
    value: float  # by wall time: what the goal is about
    limit: float
    unit: str
    cpu: float  # the same figure by CPU time, steadier on a busy machine

    @property
    def met(self) -> bool:
        return self.value <= self.limit


# PYTHONDONTWRITEBYTECODE would make every run recompile csjourney's sources (an
# editable install has no bytecode until first import), which no real install does.
_DROPPED = ("PYTHONDONTWRITEBYTECODE", "FORCE_COLOR", "CSJOURNEY_DEBUG")


def _environment() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in _DROPPED}, "NO_COLOR": "1"}


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(argv: list[str]) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    """Wall and CPU seconds of one run. CPU time barely moves when other work
    shares the machine, so it is reported beside the wall time the goals use."""
    cpu, start = _cpu_of_children(), time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=_environment(), capture_output=True, check=False)
    return time.perf_counter() - start, _cpu_of_children() - cpu, done


def _failure(done: subprocess.CompletedProcess[bytes]) -> str:
    output = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
    return f"exit {done.returncode}: " + " | ".join(output[-3:])


def run_once(timing: Timing, record: bool) -> None:
    """One run of `timing`'s command; a failure ends its measurement."""
    if timing.failure is None:
        elapsed, cpu, done = _run(timing.argv)
        if done.returncode != 0:
            timing.failure = _failure(done)
        elif record:
            timing.samples.append(elapsed)
            timing.cpu.append(cpu)


def measure(timings: list[Timing], repeat: int, log: bool) -> None:
    """A warm-up round, then `repeat` timed rounds of every command in turn.

    Interleaving the commands, rather than repeating each in a row, spreads any
    change in the machine's load over all of them alike, so the ratios hold.
    """
    for round_ in range(repeat + 1):
        if log:
            print(f"round {round_}/{repeat}" + (" (warm-up)" if not round_ else ""),
                  file=sys.stderr, flush=True)  # fmt: skip
        for timing in timings:
            run_once(timing, record=round_ > 0)


def _die(message: str) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        hint = "pip install -e '.[bench]'" if name == "check-jsonschema" else "pip install -e ."
        _die(f"{path} not found; run with the dev virtualenv's python ({hint})")
    return str(path)


def _schema(csjourney: str) -> Path:
    """The committed schema, or one generated from the models when it is not there yet."""
    if COMMITTED_SCHEMA.is_file():
        return COMMITTED_SCHEMA
    generated = WORK / "csjourney-v1.schema.json"
    done = _run([csjourney, "schema", "-o", str(generated)])[2]
    if done.returncode != 0:
        _die(f"`csjourney schema` failed ({_failure(done)})")
    return generated


def sanity_check(csjourney: str, checker: str, schema: Path) -> None:
    """Both validators must reject a broken map, or timing them compares nothing."""
    broken = WORK / "broken"
    prepare(broken)
    text = journey_text(1, standalone=True).replace("  stages:", "  stagez:", 1)
    (broken / "map.yaml").write_text(text)
    for argv in ([csjourney, "validate", str(broken), "--no-lint"],
                 [checker, "--schemafile", str(schema), str(broken / "map.yaml")]):  # fmt: skip
        done = _run(argv)[2]
        if done.returncode != 1:
            _die(f"`{' '.join(argv)}` should reject a map with an unknown key (exit 1), "
                 f"not {_failure(done)}")  # fmt: skip


def _machine() -> dict[str, Any]:
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "packages": versions}  # fmt: skip


@dataclass
class Result:
    machine: dict[str, Any]
    workspace: dict[str, Any]
    timings: dict[str, Timing]
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after

    def goals(self) -> list[Goal]:
        """The issue's goals, for the figures that were measured, by wall and by CPU time."""
        ok = {key: t for key, t in self.timings.items() if t.failure is None}

        def ratio(label: str, a: str, b: str, limit: float) -> Goal:
            wall, cpu = ok[a].median / ok[b].median, ok[a].cpu_median / ok[b].cpu_median
            return Goal(label, wall, limit, "x", cpu)

        found = []
        for key, what in (("validate_no_lint", "validate --no-lint"), ("validate", "validate")):
            if key in ok and "check_jsonschema" in ok:
                found.append(ratio(f"{what} / check-jsonschema", key, "check_jsonschema", 0.5))
            if key in ok and "bare_parse" in ok:
                found.append(ratio(f"{what} / bare C parse", key, "bare_parse", 2.0))
        if "validate" in ok and "validate_no_lint" in ok:
            overhead = ratio("lint overhead on validate", "validate", "validate_no_lint", 20)
            found.append(Goal(overhead.label, 100 * (overhead.value - 1), 20, "%",
                              100 * (overhead.cpu - 1)))  # fmt: skip
        for key, label, limit in (("version", "csjourney --version", 0.1),
                                  ("one_map", "validate one map", 0.4)):  # fmt: skip
            if key in ok:
                found.append(Goal(label, ok[key].median, limit, "s", ok[key].cpu_median))
        return found

    def table(self) -> str:
        space, machine = self.workspace, self.machine
        lines = [
            f"workspace: {space['files']} files ({space['maps']} maps, {space['map_kb']} KB per "
            f"map); schema: {space['schema']}",
            f"machine: {machine['cpus']} CPUs, Python {machine['python']}, "
            f"load average {self.load[0]:.2f} before, {self.load[1]:.2f} after",
            "",
            f"{'command':<46} {'median':>8} {'min':>8} {'max':>8} {'cpu':>8}",
        ]
        for timing in self.timings.values():
            if timing.failure:
                lines.append(f"{timing.label:<46} FAILED  {timing.failure}")
            else:
                samples = timing.samples
                figures = (timing.median, min(samples), max(samples), timing.cpu_median)
                lines.append(f"{timing.label:<46}" + "".join(f" {f:>7.3f}s" for f in figures))
        lines += ["", f"{'goal (wall time; cpu time for reference)':<46} {'wall':>8} "
                  f"{'cpu':>8} {'limit':>8}"]  # fmt: skip
        for goal in self.goals():
            unit = "" if goal.unit == "x" else goal.unit
            measured = "".join(f" {f'{v:.2f}{unit}':>8}" for v in (goal.value, goal.cpu))
            verdict = "met" if goal.met else "MISSED"
            lines.append(f"{goal.label:<46}{measured} {f'{goal.limit:g}{unit}':>8}  {verdict}")
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        timings = {
            key: {"command": t.label, "median": None if t.failure else round(t.median, 4),
                  "samples": [round(x, 4) for x in t.samples],
                  "cpu": [round(x, 4) for x in t.cpu], "failure": t.failure}
            for key, t in self.timings.items()
        }  # fmt: skip
        goals = [{"goal": g.label, "value": round(g.value, 4), "cpu": round(g.cpu, 4),
                  "limit": g.limit, "unit": g.unit, "met": g.met}
                 for g in self.goals()]  # fmt: skip
        return json.dumps({"machine": self.machine, "load_average": self.load,
                           "workspace": self.workspace, "timings": timings, "goals": goals},
                          indent=2) + "\n"  # fmt: skip


def run_benchmark(maps: int, repeat: int, seed: int, log: bool) -> Result:
    csjourney, checker = _tool("csjourney"), _tool("check-jsonschema")
    workspace = WORK / f"workspace-{maps}"
    files = generate_workspace(workspace, maps, seed=seed)
    single = WORK / "single"
    prepare(single)
    (single / "map.yaml").write_text(journey_text(1, seed=seed, standalone=True))
    schema = _schema(csjourney)
    sanity_check(csjourney, checker, schema)
    names = [str(f) for f in files]
    validate, target, one_map = [csjourney, "validate"], str(workspace), str(single / "map.yaml")
    commands = {
        "validate_no_lint": ("csjourney validate --no-lint", [*validate, target, "--no-lint"]),
        "validate": ("csjourney validate (with lint)", [*validate, target]),
        "check_jsonschema": ("check-jsonschema", [checker, "--schemafile", str(schema), *names]),
        "bare_parse": ("bare C parse (ruamel.yaml)", [sys.executable, "-c", BARE_PARSE, *names]),
        "version": ("csjourney --version", [csjourney, "--version"]),
        "one_map": ("csjourney validate ONE_MAP (standalone)", [*validate, one_map]),
        "map_in_workspace": (f"validate ONE_MAP in a {maps}-map workspace", [*validate, names[1]]),
    }  # fmt: skip
    before = os.getloadavg()[0]
    timings = {
        key: Timing(label, argv + TODAY if argv[:2] == validate else argv)
        for key, (label, argv) in commands.items()
    }
    measure(list(timings.values()), repeat, log)
    sizes = [f.stat().st_size for f in files]
    space = {"maps": maps, "files": len(files), "seed": seed, "bytes": sum(sizes),
             "map_kb": round(sum(sizes[1:]) / maps / 1024, 1),
             "schema": str(schema.relative_to(ROOT))}  # fmt: skip
    return Result(_machine(), space, timings, (before, os.getloadavg()[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark `csjourney validate`.")
    parser.add_argument("--maps", type=int, default=500, help="journey maps to generate")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per command")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if args.maps < 1 or args.repeat < 1:
        parser.error("--maps and --repeat must be at least 1")
    try:
        result = run_benchmark(args.maps, args.repeat, args.seed, log=not args.json)
    except FileExistsError as error:
        _die(str(error))
    sys.stdout.write(result.as_json() if args.json else result.table())
    if any(t.failure for t in result.timings.values()):
        raise SystemExit(2)
    raise SystemExit(0 if all(g.met for g in result.goals()) else 1)


if __name__ == "__main__":
    main()

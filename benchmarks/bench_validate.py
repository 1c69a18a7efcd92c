"""Time `csjourney validate` against check-jsonschema and the floors of reading YAML in Python.

    .venv/bin/python benchmarks/bench_validate.py [--sizes 100,500,2000] [--repeat 3] [--json]

At each size (`--maps N` is one size) a workspace of N generated maps is written and
every command is timed over it: validate with and without lint, check-jsonschema,
three floors that read the same files and check nothing (validate_floors.py), one
named file inside the workspace (the pre-commit case) and the same file alone.
Every figure is a whole process (start-up counts): the median of `--repeat` rounds
that run each command in turn, after one untimed warm-up round that fills the OS
file cache and the bytecode caches, with its CPU time and peak RSS. Every run must
exit 0: a command that fails is reported as failed, never as fast. Exit status: 0
when every goal is met, 1 when one is missed, 2 when a command failed or a tool is
missing. The generated files stay in benchmarks/.work/.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import NoReturn

from measured import run_measured

try:
    from generate import DEFAULT_SEED, REFERENCE_DATE, generate_workspace, journey_text, prepare
    from validate_report import Goal, SizeRun, Timing, as_json, goals, table
except ModuleNotFoundError as missing:  # csjourney is not importable: not the dev virtualenv
    print(f"error: {missing}; run .venv/bin/python benchmarks/bench_validate.py", file=sys.stderr)
    raise SystemExit(2) from None

__all__ = ["Goal", "Timing", "measure", "run_once"]  # for other benchmarks that time commands

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
FLOORS = Path(__file__).resolve().with_name("validate_floors.py")
COMMITTED_SCHEMA = ROOT / "schemas" / "csjourney-v1.schema.json"
BIN = Path(sys.executable).parent  # the virtualenv's scripts sit beside its python
TODAY = ["--today", REFERENCE_DATE.isoformat()]  # date-based lint rules: same answer any day
SIZES = "100,500,2000"
PACKAGES = (
    "csjourney", "check-jsonschema", "jsonschema", "ruamel.yaml", "ruamel.yaml.clib", "pydantic",
    "pydantic-core", "PyYAML",
)  # fmt: skip

# PYTHONDONTWRITEBYTECODE would make every run recompile csjourney's sources (an
# editable install has no bytecode until first import), which no real install does.
# CSJOURNEY_CACHE_DIR would move the cache away from where bench_scale.py clears it.
_DROPPED = ("PYTHONDONTWRITEBYTECODE", "FORCE_COLOR", "CSJOURNEY_DEBUG", "CSJOURNEY_CACHE_DIR")


def _environment() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in _DROPPED}, "NO_COLOR": "1"}


def _run_measured(argv: list[str]) -> tuple[float, float, int, subprocess.CompletedProcess[bytes]]:
    """One run's wall and CPU seconds and its own peak RSS (measured.py says how). CPU
    time barely moves when other work shares the machine, so it is reported beside the
    wall time the goals use."""
    return run_measured(argv, ROOT, _environment())


def _run(argv: list[str]) -> tuple[float, float, subprocess.CompletedProcess[bytes]]:
    elapsed, cpu, _, done = _run_measured(argv)
    return elapsed, cpu, done


def _failure(done: subprocess.CompletedProcess[bytes]) -> str:
    output = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
    return f"exit {done.returncode}: " + " | ".join(output[-3:])


def run_once(timing: Timing, record: bool) -> None:
    """One run of `timing`'s command, between its untimed `before` and `after` steps; a
    failure (another exit status than expected, or output short of `expect`) ends its
    measurement, and a command that cannot run here is never started."""
    if timing.failure is not None or timing.skipped is not None:
        return
    if timing.before is not None:
        timing.before()
    environment = _environment() | timing.env
    elapsed, cpu, rss, done = run_measured(timing.argv, timing.cwd or ROOT, environment)
    if timing.after is not None:
        timing.after()
    said = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != timing.exit_code:
        timing.failure = _failure(done)
    elif timing.expect is not None and said != timing.expect:
        timing.failure = f"printed {said[:40]!r}, not {timing.expect!r}: it did not read every file"
    elif record:
        timing.samples.append(elapsed)
        timing.cpu.append(cpu)
        timing.rss.append(rss)
    timing.output = done.stdout


def measure(timings: list[Timing], repeat: int, log: bool, warm_up: bool = True) -> None:
    """A warm-up round, then `repeat` timed rounds of every command in turn.

    Interleaving the commands, rather than repeating each in a row, spreads any
    change in the machine's load over all of them alike, so the ratios hold.
    """
    for round_ in range(0 if warm_up else 1, repeat + 1):
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


def _schema(csjourney: str, work: Path) -> Path:
    """The committed schema, or one generated from the models when it is not there yet."""
    if COMMITTED_SCHEMA.is_file():
        return COMMITTED_SCHEMA
    generated = work / "csjourney-v1.schema.json"
    done = _run([csjourney, "schema", "-o", str(generated)])[2]
    if done.returncode != 0:
        _die(f"`csjourney schema` failed ({_failure(done)})")
    return generated


def sanity_check(csjourney: str, checker: str, schema: Path, work: Path) -> None:
    """Both validators must reject a broken map, or timing them compares nothing."""
    broken = work / "broken"
    prepare(broken)
    text = journey_text(1, standalone=True).replace("  stages:", "  stagez:", 1)
    (broken / "map.yaml").write_text(text)
    for argv in ([csjourney, "validate", str(broken), "--no-lint"],
                 [checker, "--schemafile", str(schema), str(broken / "map.yaml")]):  # fmt: skip
        done = _run(argv)[2]
        if done.returncode != 1:
            _die(f"`{' '.join(argv)}` should reject a map with an unknown key (exit 1), "
                 f"not {_failure(done)}")  # fmt: skip


def _machine() -> dict[str, object]:
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "packages": versions}  # fmt: skip


def _alone(work: Path, workspace: Path, named: Path) -> Path:
    """The named file's bytes at the same place in a workspace of its own, beside the
    library it refers to: the pre-commit case's yardstick."""
    alone = work / "alone"
    prepare(alone)
    shutil.copyfile(workspace / "library.yaml", alone / "library.yaml")
    copy = alone / named.relative_to(workspace)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(named, copy)
    return copy


def commands(maps: int, work: Path, seed: int) -> tuple[dict[str, Timing], dict[str, object]]:
    """Every command at one size, and the workspace it reads."""
    csjourney, checker = _tool("csjourney"), _tool("check-jsonschema")
    workspace = work / f"workspace-{maps}"
    files = generate_workspace(workspace, maps, seed=seed)
    single = work / "single"
    prepare(single)
    (single / "map.yaml").write_text(journey_text(1, seed=seed, standalone=True))
    schema = _schema(csjourney, work)
    sanity_check(csjourney, checker, schema, work)
    names = [str(f) for f in files]
    validate, target, one_map = [csjourney, "validate"], str(workspace), str(single / "map.yaml")
    floor = [sys.executable, str(FLOORS)]
    listed = {
        "validate_no_lint": ("csjourney validate --no-lint", [*validate, target, "--no-lint"]),
        "validate": ("csjourney validate (with lint)", [*validate, target]),
        "check_jsonschema": ("check-jsonschema", [checker, "--schemafile", str(schema), *names]),
        "bare_parse": ("floor: ruamel.yaml C safe load", [*floor, "ruamel", *names]),
        "pyyaml_events": ("floor: PyYAML C event stream", [*floor, "events", *names]),
        "pyyaml_csafe": ("floor: PyYAML CSafeLoader", [*floor, "csafe", *names]),
        "version": ("csjourney --version", [csjourney, "--version"]),
        "one_map": ("csjourney validate ONE_MAP (standalone)", [*validate, one_map]),
        "map_in_workspace": (f"validate ONE_MAP in a {maps}-map workspace", [*validate, names[1]]),
        "map_alone": ("validate ONE_MAP alone (library beside it)",
                      [*validate, str(_alone(work, workspace, files[1]))]),
    }  # fmt: skip
    timings = {
        key: Timing(label, argv + TODAY if argv[:2] == validate else argv)
        for key, (label, argv) in listed.items()
    }
    for key in ("bare_parse", "pyyaml_events", "pyyaml_csafe"):
        timings[key].expect = str(len(files))
    sizes = [f.stat().st_size for f in files]
    shown = schema.relative_to(ROOT) if schema.is_relative_to(ROOT) else schema
    space = {"maps": maps, "files": len(files), "seed": seed, "bytes": sum(sizes),
             "map_kb": round(sum(sizes[1:]) / maps / 1024, 1),
             "schema": str(shown)}  # fmt: skip
    return timings, space


def run_size(maps: int, repeat: int, seed: int, log: bool, work: Path, warm_up: bool) -> SizeRun:
    timings, space = commands(maps, work, seed)
    before = os.getloadavg()[0]
    if log:
        print(f"{maps} maps:", file=sys.stderr, flush=True)
    measure(list(timings.values()), repeat, log, warm_up)
    return SizeRun(space, timings, (before, os.getloadavg()[0]))


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of map counts: {text!r}") from None
    if sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"a size must be at least 1 map: {text!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark `csjourney validate`.")
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--sizes", type=_sizes, default=_sizes(SIZES),
                       help=f"maps per workspace, comma-separated (default {SIZES})")  # fmt: skip
    sizes.add_argument("--maps", type=int, help="one size: journey maps to generate")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per command")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--work", type=Path, default=WORK, help="where workspaces are written")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if (args.maps is not None and args.maps < 1) or args.repeat < 1:
        parser.error("--maps and --repeat must be at least 1")
    chosen = args.sizes if args.maps is None else [args.maps]
    try:
        work, log = args.work.resolve(), not args.json
        runs = [run_size(n, args.repeat, args.seed, log, work, args.warm_up) for n in chosen]
    except FileExistsError as error:
        _die(str(error))
    machine = _machine()
    sys.stdout.write(as_json(machine, runs) if args.json else table(machine, runs))
    if any(t.failure for run in runs for t in run.timings.values()):
        return 2
    return 0 if all(g.met is not False for g in goals(runs)) else 1


if __name__ == "__main__":
    raise SystemExit(main())

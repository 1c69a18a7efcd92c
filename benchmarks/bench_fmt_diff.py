"""Time `csjourney fmt --check` and `csjourney diff --git` against `validate` on the same maps.

    .venv/bin/python benchmarks/bench_fmt_diff.py [--maps 500] [--changed 5] [--repeat 3]
        [--baseline OLD/src]

On a generated workspace (benchmarks/generate.py) committed to a real git
repository, with `--changed` of its maps then edited (a journey renamed), it
times side by side, in one run:

* `validate DIR`, the yardstick;
* `fmt --check DIR` on the maps as generated (every one would be reformatted);
* `fmt --check DIR` on the same maps already formatted (nothing to do);
* `diff --git HEAD .` in the repository (what a CI job runs on a pull request).

Each figure is the median of `--repeat` rounds that run every command in turn
after an untimed warm-up run of validate: wall time of the whole process, and its CPU
time (steadier on a shared machine). The ratios to `validate` are what the
goals are about (issue 13: fmt --check <= 2x, diff --git <= 1.3x).
`--baseline DIR` also runs every command with `PYTHONPATH=DIR` (another
checkout's src/, e.g. from `git worktree add`), in the same rounds, and
checks that both give the same output. Exit 0 when every goal is met, 1 when
one is missed, 2 when a command failed or the outputs differ.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    from generate import REFERENCE_DATE, generate_workspace
except ModuleNotFoundError as missing:  # csjourney is not importable: not the dev virtualenv
    print(f"error: {missing}; run .venv/bin/python benchmarks/bench_fmt_diff.py", file=sys.stderr)
    raise SystemExit(2) from None

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "fmt-diff"
CSJOURNEY = str(Path(sys.executable).parent / "csjourney")
TODAY = ["--today", REFERENCE_DATE.isoformat()]
GOALS = {"fmt --check": 2.0, "diff --git": 1.3}  # at most this many times validate
_DROPPED = ("PYTHONDONTWRITEBYTECODE", "FORCE_COLOR", "CSJOURNEY_DEBUG", "PYTHONPATH")


@dataclass
class Command:
    label: str
    argv: list[str]
    cwd: Path
    exit_code: int  # what a correct run exits with
    pythonpath: str | None = None  # None: the installed csjourney
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    output: bytes | None = None
    failure: str | None = None

    def run(self, record: bool) -> None:
        if self.failure is not None:
            return
        env = {k: v for k, v in os.environ.items() if k not in _DROPPED} | {"NO_COLOR": "1"}
        # Each code version keeps its own cache: alternating versions over one folder,
        # each would prune the other's entries and every run would start cold.
        env["CSJOURNEY_CACHE_DIR"] = str(self.cwd.parent / "cache" / self.cwd.name)
        if self.pythonpath is not None:
            env["PYTHONPATH"] = self.pythonpath
            env["CSJOURNEY_CACHE_DIR"] += "-baseline"
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [CSJOURNEY, *self.argv], cwd=self.cwd, env=env, capture_output=True, check=False
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != self.exit_code:
            tail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            self.failure = f"exit {done.returncode}: " + " | ".join(tail[-3:])
        elif record:
            self.wall.append(elapsed)
            self.cpu.append(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime)
        self.output = done.stdout


def _git(repository: Path, *args: str) -> None:
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    subprocess.run(["git", *identity, *args], cwd=repository, check=True, capture_output=True)


def prepare(maps: int, changed: int, work: Path = WORK) -> tuple[Path, Path]:
    """The generated workspace as a git repository with `changed` maps edited, and a
    formatted copy of it, in `work` (replaced). Returns (repository, formatted copy)."""
    if work.exists():
        shutil.rmtree(work)
    repository, formatted = work / "repo", work / "formatted"
    files = generate_workspace(repository, maps)
    shutil.copytree(repository, formatted)
    subprocess.run([CSJOURNEY, "fmt", str(formatted)], check=True, capture_output=True)
    _git(repository, "init", "-q")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "generated")
    journeys = files[1:]
    step = max(1, len(journeys) // max(1, changed))
    for path in journeys[::step][:changed]:
        text = path.read_text()
        start = text.index("\n  title: ") + len("\n  title: ")
        end = text.index("\n", start)
        path.write_text(text[:end] + " (revised)" + text[end:])
    return repository, formatted


def commands(repository: Path, formatted: Path, pythonpath: str | None) -> list[Command]:
    suffix = "" if pythonpath is None else " (baseline)"
    return [
        Command("validate" + suffix, ["validate", ".", *TODAY], repository, 0, pythonpath),
        Command("fmt --check" + suffix, ["fmt", "--check", "."], repository, 1, pythonpath),
        Command(
            "fmt --check, formatted" + suffix, ["fmt", "--check", "."], formatted, 0, pythonpath
        ),
        Command(
            "diff --git" + suffix, ["diff", "--git", "HEAD", ".", *TODAY], repository, 0, pythonpath
        ),
    ]


def report(groups: list[list[Command]]) -> int:
    status = 0
    print(f"{'command':34} {'wall s':>8} {'cpu s':>8} {'÷ validate':>11} {'cpu ÷ validate':>15}")
    for group in groups:
        failed = [c for c in group if c.failure]
        for command in failed:
            print(f"{command.label:34} FAILED {command.failure}")
            status = 2
        if failed:
            continue
        base_wall, base_cpu = statistics.median(group[0].wall), statistics.median(group[0].cpu)
        for command in group:
            wall, cpu = statistics.median(command.wall), statistics.median(command.cpu)
            ratio, cpu_ratio = wall / base_wall, cpu / base_cpu
            goal = GOALS.get(command.label)
            verdict = "" if goal is None else (" ok" if ratio <= goal else f" > goal {goal}x")
            if goal is not None and ratio > goal and status == 0:
                status = 1
            print(f"{command.label:34} {wall:8.2f} {cpu:8.2f} {ratio:10.2f}x {cpu_ratio:14.2f}x"
                  f"{verdict}")  # fmt: skip
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--maps", type=int, default=500)
    parser.add_argument("--changed", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another checkout's src/ to compare with")
    args = parser.parse_args()
    repository, formatted = prepare(args.maps, args.changed)
    groups = [commands(repository, formatted, None)]
    if args.baseline is not None:
        groups.append(commands(repository, formatted, str(args.baseline.resolve())))
    print(f"{args.maps} maps, {args.changed} changed since HEAD; medians of {args.repeat} rounds")
    for round_ in range(args.repeat + 1):
        print(f"round {round_}/{args.repeat}" + (" (warm-up)" if not round_ else ""),
              file=sys.stderr, flush=True)  # fmt: skip
        # The warm-up (OS file cache, bytecode) runs each version's validate only: a
        # minute of fmt would teach the caches nothing more.
        for at in range(len(groups[0]) if round_ else 1):  # alternate versions per command
            for group in groups:
                group[at].run(record=round_ > 0)
    status = report(groups)
    if len(groups) == 2:
        for new, old in zip(*groups, strict=True):
            if new.output != old.output and not (new.failure or old.failure):
                print(f"OUTPUT DIFFERS from the baseline: {new.label}")
                status = 2
        if status != 2:
            print("same output as the baseline for every command")
    return status


if __name__ == "__main__":
    sys.exit(main())

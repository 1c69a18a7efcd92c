"""Time `csjourney render` on the largest example map grown 1x, 4x and 16x.

    .venv/bin/python benchmarks/bench_render.py [--repeat 3]
    .venv/bin/python benchmarks/bench_render.py --workspace --base /tmp/render-base --repeat 5

With `--workspace`, the whole-workspace case instead: `csjourney render DIR -f svg`
(or `--formats`) over a generated workspace of `--journeys` maps (generate.py),
with the code before a change (`--base`, a checkout of it) and this tree's, side
by side, the outputs compared byte for byte (`compare` says how). Exit status 1
when this tree takes more than half the time before on an engine, 2 when the
outputs differ.

The largest example journey (by bytes) has its stages repeated k times, with
ids suffixed so the map stays valid, in a copy of its workspace under
benchmarks/.work/. For each size the figures are the best of `--repeat` runs,
in-process, of: building the DOT source of both views; the Markdown and HTML
reports without diagrams (all our own code, in CPU time); and SVG of both
views with each Graphviz engine found (layout included, wall time). Loading and validation are not
timed: `bench_validate.py` covers them. Exit status 1 when our own code grows
worse than linearly (time per stage at 16x over 1.5 times that at 1x).
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generate import REFERENCE_DATE, generate_workspace
from ruamel.yaml import YAML

from csjourney.core import Options, run
from csjourney.model import Journey
from csjourney.render.engine import Engine, bundled_engine, system_engine
from csjourney.render.flowview import flow_dot
from csjourney.render.formats import LAYOUT_FORMATS
from csjourney.render.mapview import map_dot
from csjourney.render.pipeline import RenderOptions, render_workspace

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "render"
SCALES = (1, 4, 16)
LINEAR_SLACK = 1.5
_REFERENCES = ("touchpoints", "addresses", "improves")  # item lists that name journey ids


def largest_example() -> Path:
    candidates = [p for p in (ROOT / "examples").rglob("*.yaml") if "journey:" in p.read_text()]
    return max(candidates, key=lambda p: (p.stat().st_size, p.as_posix()))


_ITEMS = ("touchpoints", "pain_points", "initiatives", "metrics")


def _suffixed(stage: dict[str, Any], copy_number: int, local: set[str]) -> dict[str, Any]:
    """A copy of a stage whose ids, and references to ids in `local` (the
    stages' own items), end in `-c<n>`; journey-wide metrics stay shared."""
    stage = copy.deepcopy(stage)
    suffix = f"-c{copy_number}"
    stage["id"] += suffix
    stage["name"] = f"{stage['name']} ({copy_number})"
    for key in _ITEMS:
        for item in stage.get(key, []):
            item["id"] += suffix
            for reference in _REFERENCES:
                if key != "touchpoints" and reference in item:
                    item[reference] = [t + suffix if t in local else t for t in item[reference]]
    return stage


def grown_workspace(source: Path, scale: int) -> Path:
    """A copy of `source`'s workspace with its journey `scale` times as long."""
    roots = [d for d in source.parents if (d / "csjourney.toml").exists()]
    workspace = roots[0] if roots else source.parent
    target = WORK / f"x{scale}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(workspace, target)
    data = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    stages = data["journey"]["stages"]
    local = {item["id"] for stage in stages for key in _ITEMS for item in stage.get(key, [])}
    data["journey"]["stages"] = [
        stage if n == 1 else _suffixed(stage, n, local)
        for n in range(1, scale + 1)
        for stage in stages
    ]
    # JSON is YAML: no need for a YAML writer, and dates become ISO strings.
    grown = target / source.relative_to(workspace)
    grown.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    return target


def best_of(
    repeat: int, action: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    timings = []
    for _ in range(repeat):
        start = clock()
        action()
        timings.append(clock() - start)
    return min(timings)


def _dot_sources(journeys: list[Journey]) -> None:
    for journey in journeys:
        map_dot(journey, {}, {})
        flow_dot(journey, {}, {})


def measure(
    directory: Path, engines: list[Engine], repeat: int
) -> tuple[int, float, list[float]] | None:
    """(stages, KB, [DOT s, md+html s, svg s per engine]) of one grown workspace."""
    report = run([directory], Options(today=REFERENCE_DATE))
    errors = [d for d in report.diagnostics if d.severity.label == "error"]
    if errors:
        print(f"{directory.name}: the grown map is invalid: {errors[0].message}", file=sys.stderr)
        return None
    journeys = [j for _, j in report.workspace.journeys()]
    stages = sum(len(j.stages) for j in journeys)
    size = sum(p.stat().st_size for p in directory.rglob("*.yaml")) / 1024
    reports = RenderOptions(("md", "html"))
    # Our code is timed in CPU time, which a busy machine disturbs far less than
    # wall time; the engines run in other processes, so they get wall time.
    cpu = time.process_time
    timings = [
        best_of(repeat, functools.partial(_dot_sources, journeys), cpu),
        best_of(repeat, functools.partial(render_workspace, report.workspace, [], reports), cpu),
    ]
    for engine in engines:
        svg = RenderOptions(("svg",), engine=engine)
        timings.append(
            best_of(repeat, functools.partial(render_workspace, report.workspace, [], svg))
        )
    return stages, size, timings


# The CLI as the console script runs it, from whichever source tree PYTHONPATH names.
_CLI = "import sys; from csjourney.cli import main; sys.argv[0] = 'csjourney'; sys.exit(main())"
# An editable install without bytecode would recompile on every start; no real one does.
_DROPPED = ("PYTHONDONTWRITEBYTECODE", "FORCE_COLOR", "CSJOURNEY_DEBUG")
HALF = 0.5  # issue 13: 100 journeys to SVG in at most half of the time before


def _timed(argv: list[str], source: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the CLI and every `dot` it waited for: wait4) of one run."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    env["PYTHONPATH"] = str(source)
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise RuntimeError(f"exit {child.returncode}: {' '.join(argv[3:])}\n{error[-800:]}")
    return wall, usage.ru_utime + usage.ru_stime


def _differences(before: Path, after: Path) -> list[str]:
    """Files that are not byte-identical (or exist on one side only)."""
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    return [
        name
        for name in names
        if not ((before / name).is_file() and (after / name).is_file())
        or not filecmp.cmp(before / name, after / name, shallow=False)
    ]


def compare(journeys: int, base: Path | None, repeat: int, formats: str = "svg") -> int:
    """`render DIR -f FORMATS` with the code in `base` and this tree's, alternating, per engine.

    Every timed run is a fresh process. An untimed round comes first (file cache,
    bytecode); then each round runs every command once, in turn, so the load of a
    shared machine hits both alike; medians of `repeat` rounds. The two outputs of
    each engine are compared byte for byte.
    """
    if base is None or not (base / "src" / "csjourney").is_dir():
        print("--workspace needs --base: a checkout of the code before, e.g.\n"
              "  git worktree add /tmp/render-base HEAD", file=sys.stderr)  # fmt: skip
        return 2
    directory = WORK.parent / f"render-workspace-{journeys}"
    generate_workspace(directory, journeys)
    sides = {"before": base.resolve() / "src", "after": ROOT / "src"}
    found = (system_engine(), bundled_engine())
    layout = {f for f in formats.split(",") if f in LAYOUT_FORMATS}
    engines = [e.kind for e in found if e is not None and layout <= e.formats]
    command = [sys.executable, "-c", _CLI, "render", str(directory), "-f", formats]
    today = ["--today", REFERENCE_DATE.isoformat()]
    outputs = {(k, side): WORK.parent / f"render-out-{k}-{side}" for k in engines for side in sides}
    for out in outputs.values():  # nothing left from an earlier run can look identical
        shutil.rmtree(out, ignore_errors=True)
    runs = {
        key: [*command, "--engine", key[0], *today, "--out", str(out)]
        for key, out in outputs.items()
    }
    times: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in runs}
    for round_number in range(repeat + 1):
        print(f"round {round_number}/{repeat}", file=sys.stderr)
        for key, argv in runs.items():
            measured = _timed(argv, sides[key[1]])
            if round_number:  # round 0 only warms up
                times[key].append(measured)
    print(f"`csjourney render DIR -f {formats}`, {journeys} journeys, medians of {repeat} rounds")
    print(f"{'engine':<8} {'before s':>9} {'after s':>8} {'ratio':>6}"
          f" {'before cpu':>11} {'after cpu':>10} {'ratio':>6}  identical")  # fmt: skip
    worst = 0.0
    for kind in engines:
        wall = [statistics.median(t[0] for t in times[kind, side]) for side in sides]
        cpu = [statistics.median(t[1] for t in times[kind, side]) for side in sides]
        differ = _differences(*(outputs[kind, side] for side in sides))
        worst = max(worst, wall[1] / wall[0])
        same = "yes" if not differ else f"NO: {len(differ)} files, {differ[0]}..."
        print(f"{kind:<8} {wall[0]:>9.2f} {wall[1]:>8.2f} {wall[1] / wall[0]:>6.2f}"
              f" {cpu[0]:>11.2f} {cpu[1]:>10.2f} {cpu[1] / cpu[0]:>6.2f}  {same}")  # fmt: skip
        if differ:
            return 2
    print(f"goal: after <= {HALF} x before on every engine: {'met' if worst <= HALF else 'MISSED'}")
    return 0 if worst <= HALF else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workspace", action="store_true", help="time a whole workspace")
    parser.add_argument("--journeys", type=int, default=100)
    parser.add_argument("--base", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--formats", default="svg", help="with --workspace: render -f FORMATS")
    args = parser.parse_args()
    if args.workspace:
        return compare(args.journeys, args.base, args.repeat, args.formats)
    source = largest_example()
    engines = [e for e in (system_engine(), bundled_engine()) if e is not None]
    print(f"largest example: {source.relative_to(ROOT)} ({source.stat().st_size / 1024:.1f} KB)")
    print("engines: " + (", ".join(e.label for e in engines) or "none found"))
    header = f"{'size':>5} {'stages':>6} {'KB':>6} {'DOT ms':>8} {'md+html ms':>11}"
    header += "".join(f" {'svg ' + e.kind + ' ms':>15}" for e in engines)
    print(header)
    per_stage: dict[str, list[float]] = {"dot": [], "reports": []}
    for scale in SCALES:
        measured = measure(grown_workspace(source, scale), engines, args.repeat)
        if measured is None:
            return 2
        stages, size, timings = measured
        per_stage["dot"].append(timings[0] / stages)
        per_stage["reports"].append(timings[1] / stages)
        ours = f"{timings[0] * 1000:>8.1f} {timings[1] * 1000:>11.1f}"
        layouts = "".join(f" {t * 1000:>15.0f}" for t in timings[2:])
        print(f"{scale:>4}x {stages:>6} {size:>6.0f} {ours}{layouts}")
    worst = max(values[-1] / values[0] for values in per_stage.values())
    verdict = "linear" if worst <= LINEAR_SLACK else "WORSE THAN LINEAR"
    print(f"our code, time per stage at 16x / at 1x: {worst:.2f} ({verdict})")
    return 0 if worst <= LINEAR_SLACK else 1


if __name__ == "__main__":
    raise SystemExit(main())

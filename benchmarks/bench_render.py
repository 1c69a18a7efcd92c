"""Time `csjourney render` on the largest example map grown 1x, 4x and 16x.

    .venv/bin/python benchmarks/bench_render.py [--repeat 3]

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
import functools
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generate import REFERENCE_DATE
from ruamel.yaml import YAML

from csjourney.core import Options, run
from csjourney.model import Journey
from csjourney.render.engine import Engine, bundled_engine, system_engine
from csjourney.render.flowview import flow_dot
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
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

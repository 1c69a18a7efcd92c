"""The goals, the table and the JSON of bench_validate.py, from its measured runs.

Ratios are taken between commands of the same size, which ran in the same rounds:
the machine's load moves absolute times, much less their ratios.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MIB = 1024 * 1024


@dataclass
class Timing:
    label: str
    argv: list[str]
    samples: list[float] = field(default_factory=list)  # wall seconds
    cpu: list[float] = field(default_factory=list)  # user + system seconds of the process
    rss: list[int] = field(default_factory=list)  # peak resident bytes of the process
    failure: str | None = None
    expect: str | None = None  # the standard output a run must give (the floors' file count)
    # For commands other than validate (bench_scale.py): the exit status a correct run
    # gives, where it runs, extra environment, and steps around each run (untimed).
    exit_code: int = 0
    cwd: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    before: Callable[[], None] | None = None
    after: Callable[[], None] | None = None
    skipped: str | None = None  # why it cannot run here (a flag this csjourney lacks)
    output: bytes | None = None  # standard output of the last run, to compare with others

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def rss_mib(self) -> float:
        return statistics.median(self.rss) / MIB if self.rss else 0.0


@dataclass(frozen=True)
class Goal:
    label: str
    value: float  # by wall time (or MiB): what the goal is about
    limit: float | None  # None: a reference figure, judged by nobody
    unit: str
    cpu: float | None = None  # the same figure by CPU time, steadier on a busy machine
    on_cpu: bool = False  # judged on the CPU figure (a goal stated in CPU time)

    @property
    def met(self) -> bool | None:
        if self.limit is None:
            return None
        judged = self.cpu if self.on_cpu and self.cpu is not None else self.value
        return judged <= self.limit


@dataclass
class SizeRun:
    """Every command over one generated workspace, measured in the same rounds."""

    workspace: dict[str, Any]
    timings: dict[str, Timing]
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after

    def ok(self, key: str) -> Timing | None:
        timing = self.timings.get(key)
        if timing is None or timing.failure or timing.skipped or not timing.samples:
            return None
        return timing

    def per_map(self) -> dict[str, float]:
        """Milliseconds per map, and "net" of `csjourney --version`'s start-up; peak RSS
        per map above the start-up's (KiB): what flat scaling is judged on."""
        maps, start = self.workspace["maps"], self.ok("version")
        found: dict[str, float] = {}
        for key in ("validate", "validate_no_lint", "pyyaml_events", "check_jsonschema"):
            timing = self.ok(key)
            if timing is not None:
                found[f"{key}_ms"] = 1000 * timing.median / maps
                if start is not None and key.startswith("validate"):
                    found[f"{key}_net_ms"] = 1000 * (timing.median - start.median) / maps
                    found[f"{key}_net_cpu_ms"] = (
                        1000 * (timing.cpu_median - start.cpu_median) / maps
                    )
        validate = self.ok("validate")
        if validate is not None and start is not None:
            found["validate_mib"] = validate.rss_mib
            found["validate_kib_per_map"] = 1024 * (validate.rss_mib - start.rss_mib) / maps
        return found


def ratio(run: SizeRun, label: str, a: str, b: str, limit: float | None) -> Goal | None:
    first, second = run.ok(a), run.ok(b)
    if first is None or second is None:
        return None
    wall, cpu = first.median / second.median, first.cpu_median / second.cpu_median
    return Goal(label, wall, limit, "x", cpu)


def size_goals(run: SizeRun) -> list[Goal]:
    """The goals judged at one size: bench_validate's own, then issue 13's."""
    at = f" at {run.workspace['maps']} maps"
    found = []
    for key, what in (("validate_no_lint", "validate --no-lint"), ("validate", "validate")):
        found.append(ratio(run, f"{what} / check-jsonschema{at}", key, "check_jsonschema", 0.5))
        found.append(ratio(run, f"{what} / ruamel C safe load{at}", key, "bare_parse", 2.0))
    overhead = ratio(run, f"lint overhead on validate{at}", "validate", "validate_no_lint", 0)
    if overhead is not None and overhead.cpu is not None:
        found.append(Goal(overhead.label, 100 * (overhead.value - 1), 20, "%",
                          100 * (overhead.cpu - 1)))  # fmt: skip
    found.append(ratio(run, f"validate / PyYAML C event stream{at}", "validate",
                        "pyyaml_events", 3.0))  # fmt: skip
    found.append(ratio(run, f"validate / PyYAML CSafeLoader{at}", "validate", "pyyaml_csafe",
                        None))  # fmt: skip
    found.append(ratio(run, f"ONE_MAP in the workspace / alone{at}", "map_in_workspace",
                        "map_alone", 2.0))  # fmt: skip
    validate = run.ok("validate")
    if validate is not None and run.workspace["maps"] >= 5000:  # issue 13: 5,000 maps
        found.append(Goal(f"validate peak RSS{at}", validate.rss_mib, 400, " MiB"))
    return [goal for goal in found if goal is not None]


def _pooled(runs: list[SizeRun], key: str, label: str, limit: float) -> Goal | None:
    """A size-free command (start-up, one map) over the samples of every size."""
    timings = [t for run in runs if (t := run.ok(key)) is not None]
    if not timings:
        return None
    wall = statistics.median([s for t in timings for s in t.samples])
    cpu = statistics.median([s for t in timings for s in t.cpu])
    return Goal(label, wall, limit, "s", cpu)


def flat_goal(runs: list[SizeRun], limit: float | None) -> Goal | None:
    """validate's net per-map cost at the largest size over the smallest's (two sizes or more)."""
    small, large = runs[0].per_map(), runs[-1].per_map()
    if len(runs) < 2 or "validate_net_ms" not in small or "validate_net_ms" not in large:
        return None
    label = f"net per-map cost, {runs[-1].workspace['maps']} / {runs[0].workspace['maps']} maps"
    wall = large["validate_net_ms"] / small["validate_net_ms"]
    cpu = large["validate_net_cpu_ms"] / small["validate_net_cpu_ms"]
    return Goal(label, wall, limit, "x", cpu)


def goals(runs: list[SizeRun]) -> list[Goal]:
    found: list[Goal | None] = [goal for run in runs for goal in size_goals(run)]
    found.append(_pooled(runs, "version", "csjourney --version", 0.1))
    found.append(_pooled(runs, "one_map", "validate one map", 0.4))
    found.append(flat_goal(runs, 1.2))  # "flat": within 20%
    return [goal for goal in found if goal is not None]


def timing_lines(run: SizeRun) -> list[str]:
    space, width = run.workspace, max([46, *(len(t.label) for t in run.timings.values())])
    lines = [
        f"at {space['maps']} maps ({space['files']} files, {space['bytes'] / MIB:.1f} MiB; "
        f"load average {run.load[0]:.2f} before, {run.load[1]:.2f} after)",
        f"{'command':<{width}} {'median':>8} {'min':>8} {'max':>8} {'cpu':>8} {'peak MiB':>9}",
    ]
    for timing in run.timings.values():
        if timing.failure or timing.skipped:
            said = f"FAILED  {timing.failure}" if timing.failure else f"n/a ({timing.skipped})"
            lines.append(f"{timing.label:<{width}} {said}")
            continue
        samples = timing.samples
        figures = (timing.median, min(samples), max(samples), timing.cpu_median)
        lines.append(f"{timing.label:<{width}}" + "".join(f" {f:>7.3f}s" for f in figures)
                     + f" {timing.rss_mib:>9.1f}")  # fmt: skip
    return [*lines, ""]


def per_map_lines(runs: list[SizeRun]) -> list[str]:
    columns = (("validate_ms", "validate"), ("validate_net_ms", "net"),
               ("validate_no_lint_net_ms", "no-lint net"), ("pyyaml_events_ms", "C events"),
               ("check_jsonschema_ms", "jsonschema"), ("validate_mib", "peak MiB"),
               ("validate_kib_per_map", "KiB/map"))  # fmt: skip
    lines = [
        "per map: ms per map (net: less `csjourney --version`); validate's peak RSS, "
        "and per map above start-up's",
        f"{'maps':>6}" + "".join(f" {title:>11}" for _, title in columns),
    ]
    for run in runs:
        figures = run.per_map()
        cells = (f"{figures[key]:.2f}" if key in figures else "-" for key, _ in columns)
        lines.append(f"{run.workspace['maps']:>6}" + "".join(f" {c:>11}" for c in cells))
    return [*lines, ""]


def goal_lines(found: list[Goal]) -> list[str]:
    """The goal table: each goal by wall time, by CPU time, its limit and the verdict."""
    width = max([54, *(len(goal.label) for goal in found)])
    lines = [f"{'goal (wall time; cpu time for reference)':<{width}} {'wall':>8} {'cpu':>8} "
             f"{'limit':>8}"]  # fmt: skip
    for goal in found:
        unit = "" if goal.unit == "x" else goal.unit
        cells = [f"{goal.value:.2f}{unit}", "" if goal.cpu is None else f"{goal.cpu:.2f}{unit}"]
        limit = "" if goal.limit is None else f"{goal.limit:g}{unit}"
        verdict = {None: "reference", True: "met", False: "MISSED"}[goal.met]
        verdict += " (on cpu)" if goal.on_cpu and goal.met is not None else ""
        lines.append(f"{goal.label:<{width}}" + "".join(f" {c:>8}" for c in cells)
                     + f" {limit:>8}  {verdict}")  # fmt: skip
    return lines


def table(machine: dict[str, Any], runs: list[SizeRun]) -> str:
    space = runs[-1].workspace
    lines = [
        f"workspaces: {', '.join(str(r.workspace['maps']) for r in runs)} maps "
        f"({space['map_kb']} KB per map) and a library; schema: {space['schema']}",
        f"machine: {machine['cpus']} CPUs, Python {machine['python']}",
        "",
    ]
    for run in runs:
        lines += timing_lines(run)
    lines += per_map_lines(runs)
    lines += goal_lines(goals(runs))
    return "\n".join(lines) + "\n"


def timings_json(run: SizeRun) -> dict[str, Any]:
    return {
        key: {"command": t.label,
              "median": None if t.failure or not t.samples else round(t.median, 4),
              "samples": [round(x, 4) for x in t.samples], "cpu": [round(x, 4) for x in t.cpu],
              "peak_rss_mib": round(t.rss_mib, 1), "peak_rss": t.rss, "failure": t.failure,
              "skipped": t.skipped}
        for key, t in run.timings.items()
    }  # fmt: skip


def goals_json(found: list[Goal]) -> list[dict[str, Any]]:
    return [{"goal": g.label, "value": round(g.value, 4),
             "cpu": None if g.cpu is None else round(g.cpu, 4), "limit": g.limit,
             "unit": g.unit.strip(), "met": g.met, "on_cpu": g.on_cpu}
            for g in found]  # fmt: skip


def as_json(machine: dict[str, Any], runs: list[SizeRun]) -> str:
    """The largest size at the top level, as before `--sizes`; every size under by_size."""
    by_size = {
        str(run.workspace["maps"]): {
            "workspace": run.workspace, "load_average": run.load, "timings": timings_json(run),
            "per_map": {key: round(value, 4) for key, value in run.per_map().items()},
        }
        for run in runs
    }  # fmt: skip
    goal_list = goals_json(goals(runs))
    load = (runs[0].load[0], runs[-1].load[1])
    return json.dumps({"machine": machine, "load_average": load,
                       "sizes": [run.workspace["maps"] for run in runs],
                       "workspace": runs[-1].workspace, "timings": timings_json(runs[-1]),
                       "goals": goal_list, "by_size": by_size}, indent=2) + "\n"  # fmt: skip

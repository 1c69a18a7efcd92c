"""The goals and the table of bench_scale.py: issue 13's acceptance rows, from its sections.

A goal is judged (met or MISSED) only at the size the issue states it for (2,000 maps for
the named file and the event-stream floor, 5,000 for memory and both cores, 500 for fmt
and diff, 100 journeys for render); at any other size, as with --quick, the same ratio is
printed as a reference, so a smoke run never claims a goal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import validate_report as report
from validate_report import Goal, SizeRun, ratio

LIMIT_MIB = 400  # issue 13: peak memory at 5,000 maps, no cache


@dataclass
class Section:
    """One part of the run: its commands over one workspace, measured in the same rounds,
    the groups of commands whose output must be the same, and other checks of honesty."""

    name: str  # precommit, sizes, fmt-diff, render (or failed: it could not be prepared)
    title: str
    run: SizeRun
    agree: list[tuple[str, ...]] = field(default_factory=list)
    checks: list[Callable[[], str | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def verify(self) -> None:
        """Record every disagreement between outputs that must be the same, and every
        failed check: such a run measured something else than it says."""
        for group in self.agree:
            ran = [t for key in group if (t := self.run.ok(key)) is not None]
            for other in ran[1:]:
                if other.output != ran[0].output:
                    where = _first_difference(ran[0].output or b"", other.output or b"")
                    self.problems.append(f"{other.label}: output differs from {ran[0].label}"
                                         f" ({where})")  # fmt: skip
        self.problems += [found for check in self.checks if (found := check()) is not None]

    def failed(self) -> bool:
        return bool(self.problems) or any(t.failure for t in self.run.timings.values())


def _first_difference(first: bytes, second: bytes) -> str:
    lines = zip(first.splitlines(), second.splitlines(), strict=False)
    for number, (a, b) in enumerate(lines, 1):
        if a != b:
            return f"line {number}: {a[:60]!r} vs {b[:60]!r}"
    return f"{len(first.splitlines())} lines vs {len(second.splitlines())}"


def _at(limit: float, size: int, stated: int) -> float | None:
    return limit if size == stated else None


def _precommit(run: SizeRun) -> list[Goal | None]:
    maps = run.workspace["maps"]
    at = f" at {maps} maps"
    return [
        ratio(run, f"named file, warm cache / alone{at}", "warm", "alone", _at(2, maps, 2000)),
        ratio(run, f"named file edited, warm cache / alone{at}", "edited", "alone",
              _at(2, maps, 2000)),
        ratio(run, f"named file, cold cache / --no-cache{at}", "cold", "no_cache",
              _at(1, maps, 2000)),  # "with a cold cache no slower than today"
        ratio(run, f"named file, --no-cache / alone{at}", "no_cache", "alone", None),
        ratio(run, f"named file, CLI defaults / alone{at}", "defaults", "alone", None),
    ]  # fmt: skip


def _size(run: SizeRun) -> list[Goal | None]:
    maps = run.workspace["maps"]
    at = f" at {maps} maps"
    jsonschema = ratio(run, f"validate / check-jsonschema, by CPU{at}", "validate",
                       "check_jsonschema", _at(0.39, maps, 5000))  # fmt: skip
    found = [
        ratio(run, f"validate --jobs 2 / --jobs 1{at}", "jobs2", "jobs1", _at(0.6, maps, 5000)),
        None if jsonschema is None else Goal(jsonschema.label, jsonschema.value, jsonschema.limit,
                                             "x", jsonschema.cpu, on_cpu=True),
        ratio(run, f"validate / PyYAML C event stream{at}", "validate", "pyyaml_events",
              _at(3, maps, 2000)),
    ]  # fmt: skip
    # One process holds everything with --jobs 1; a pool's peak is its largest process,
    # so only a run in one process is judged.
    for key, what in (("jobs1", "--jobs 1"), ("validate", "default --jobs"), ("jobs2", "--jobs 2")):
        if (timing := run.ok(key)) is not None:
            limit = _at(LIMIT_MIB, maps, 5000) if key != "jobs2" else None
            found.append(Goal(f"validate peak RSS ({what}){at}", timing.rss_mib, limit, " MiB"))
            break
    return found


def _fmt_diff(run: SizeRun) -> list[Goal | None]:
    maps = run.workspace["maps"]
    at = f" at {maps} maps"
    rows = (("fmt_generated", "fmt --check as generated, cold", 2.0),
            ("fmt_cold", "fmt --check formatted, cold", 2.0),
            ("fmt_warm", "fmt --check formatted, warm", 0.5),
            ("diff", f"diff --git, {run.workspace.get('changed')} changed", 1.3))  # fmt: skip
    return [ratio(run, f"{what} / validate{at}", key, "validate", _at(limit, maps, 500))
            for key, what, limit in rows]  # fmt: skip


def _render(run: SizeRun) -> list[Goal | None]:
    journeys = run.workspace["maps"]
    at = f" at {journeys} journeys"
    return [
        ratio(run, f"render -f svg / before (--render-base){at}", "render", "render_before",
              _at(0.5, journeys, 100)),
        ratio(run, f"render -f svg / validate{at}", "render", "validate", None),
    ]  # fmt: skip


def scale_goals(sections: list[Section]) -> list[Goal]:
    by_kind = {"precommit": _precommit, "sizes": _size, "fmt-diff": _fmt_diff, "render": _render}
    found = [goal for section in sections if (judge := by_kind.get(section.name))
             for goal in judge(section.run)]  # fmt: skip
    runs = [section.run for section in sections if section.name == "sizes"]
    if runs:
        smallest, largest = runs[0].workspace["maps"], runs[-1].workspace["maps"]
        found.append(report.flat_goal(runs, 1.2 if smallest <= 100 and largest >= 5000 else None))
    return [goal for goal in found if goal is not None]


def scale_table(sections: list[Section], machine: dict[str, Any]) -> str:
    lines = [f"machine: {machine['cpus']} CPUs, Python {machine['python']}, "
             f"csjourney {machine['packages'].get('csjourney')}", ""]  # fmt: skip
    for section in sections:
        lines.append(f"== {section.title}")
        if section.name != "failed":
            lines += report.timing_lines(section.run)[:-1]
        lines += [f"FAILED: {problem}" for problem in section.problems]
        lines.append("")
    runs = [section.run for section in sections if section.name == "sizes"]
    if runs:
        lines += report.per_map_lines(runs)
    lines += report.goal_lines(scale_goals(sections))
    return "\n".join(lines) + "\n"


def scale_json(sections: list[Section], machine: dict[str, Any]) -> str:
    """Every section's commands with their samples, the per-map figures, and the goals."""
    runs = [section.run for section in sections if section.name == "sizes"]
    found = {
        "machine": machine,
        "sections": [{"section": s.name, "title": s.title, "workspace": s.run.workspace,
                      "load_average": s.run.load, "timings": report.timings_json(s.run),
                      "problems": s.problems} for s in sections],
        "per_map": {str(run.workspace["maps"]): run.per_map() for run in runs},
        "goals": report.goals_json(scale_goals(sections)),
    }  # fmt: skip
    return json.dumps(found, indent=2) + "\n"

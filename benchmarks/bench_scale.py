"""Every acceptance row of issue 13 ("Scale") in one run, side by side, medians.

    .venv/bin/python benchmarks/bench_scale.py [--quick] [--sizes 100,500,2000,5000] [--repeat 3]
        [--precommit-maps 2000] [--fmt-maps 500] [--changed 5] [--render-journeys 100]
        [--render-base CHECKOUT] [--sections precommit,sizes,fmt-diff,render]

Sections, each over its own generated workspace (generate.py), each timed in its own
interleaved rounds (bench_validate.measure: an untimed warm-up round, then every
command in turn, `--repeat` times), every program a fresh process started through
measured.py (its own wall, CPU and peak RSS):

* precommit: one named file of a 2,000-map workspace, alone (its bytes in a workspace
  of their own), with a cold cache (removed before each run), a warm one (file
  unchanged; file edited by one line before the run), with --no-cache, and as the CLI
  runs by default; ratios to alone.
* sizes: `validate --no-cache` at each size, with `--jobs 1` and `--jobs 2`,
  check-jsonschema over the same files and PyYAML's C event stream; per-map cost.
* fmt-diff: validate, `fmt --check` cold (as generated, and formatted) and warm, and
  `diff --git HEAD .` with `--changed` maps edited in a real repository (bench_fmt_diff).
* render: `render -f svg` of `--render-journeys` maps, against validate of the same
  maps, and against another checkout's code (`--render-base`) with the outputs compared.

The cache and --jobs flags come and go with the csjourney under test: the script reads
`validate --help` and `fmt --help`, and a row that needs a flag the CLI lacks prints
"n/a (flag not available: FLAG)". Outputs that must agree are compared (--jobs 1 and
2; cold, warm and uncached runs of one file; fmt cold and warm; render before and
after); a difference is a failure. Exit 0 when every judged goal is met, 1 when one
is missed, 2 when a command failed, disagreed, or a tool is missing.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import bench_fmt_diff
    import bench_validate
    from bench_validate import FLOORS, TODAY, WORK
    from generate import generate_workspace
    from scale_report import Section, scale_goals, scale_json, scale_table
    from scale_steps import CacheSpot, OneLineEdit
    from validate_report import SizeRun, Timing
except ModuleNotFoundError as missing:  # csjourney is not importable: not the dev virtualenv
    print(f"error: {missing}; run .venv/bin/python benchmarks/bench_scale.py", file=sys.stderr)
    raise SystemExit(2) from None

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ("--no-cache", "--cache-dir", "--jobs")
NOT_AVAILABLE = "flag not available"
SECTIONS = ("precommit", "sizes", "fmt-diff", "render")
FULL = {"sizes": "100,500,2000,5000", "precommit_maps": 2000, "fmt_maps": 500,
        "render_journeys": 100, "repeat": 3}  # fmt: skip
QUICK = {"sizes": "20,100", "precommit_maps": 100, "fmt_maps": 50, "render_journeys": 10,
         "repeat": 1}  # fmt: skip
# The CLI as its console script runs it, from the source tree PYTHONPATH names (render).
CLI = "import sys; from csjourney.cli import main; sys.argv[0] = 'csjourney'; sys.exit(main())"


def offered_flags(help_text: str) -> set[str]:
    """The scale flags a command's --help lists (`--no-cache`, not `--no-cache-dir`)."""
    return {flag for flag in FLAGS if re.search(rf"(?<![\w-]){flag}(?![\w-])", help_text)}


def cli_flags(csjourney: str, command: str) -> set[str]:
    env = bench_validate._environment() | {"COLUMNS": "200", "TERM": "dumb"}  # one line per option
    done = subprocess.run([csjourney, command, "--help"], capture_output=True, text=True,
                          env=env, check=False)  # fmt: skip
    return offered_flags(done.stdout)


def row(label: str, argv: list[str], needs: tuple[str, ...] = (), offered: set[str] | None = None,
        **fields: Any) -> Timing:  # fmt: skip
    """A command, marked n/a when it needs a flag that `offered` (the CLI's) lacks."""
    timing = Timing(label, argv, **fields)
    missing = [flag for flag in needs if flag not in (offered or set())]
    if missing:
        timing.skipped = f"{NOT_AVAILABLE}: {', '.join(missing)}"
    return timing


def _uncached(offered: set[str]) -> list[str]:
    """`--no-cache` where the CLI has a cache: the yardsticks never depend on one."""
    return ["--no-cache"] if "--no-cache" in offered else []


def _space(maps: int, files: list[Path], **extra: Any) -> dict[str, Any]:
    return {"maps": maps, "files": len(files), "bytes": sum(f.stat().st_size for f in files),
            **extra}  # fmt: skip


def precommit(csjourney: str, maps: int, work: Path, offered: set[str]) -> Section:
    workspace = work / f"precommit-{maps}"
    files = generate_workspace(workspace, maps)
    named, cache = files[1], CacheSpot(workspace, work / "cache-precommit", offered)
    alone = bench_validate._alone(work / "precommit-alone", workspace, named)
    edit = OneLineEdit(named)
    validate = [csjourney, "validate", *TODAY]
    cached, needs = [*validate, *cache.args, str(named)], ("--no-cache",)
    timings = {
        # Alone, without a cache where the CLI has one: what the one file itself costs.
        "alone": row("named file alone (its library beside it)",
                     [*validate, *_uncached(offered), str(alone)]),
        "cold": row("in the workspace, cold cache (removed first)", cached, needs, offered,
                    before=cache.clear),
        "warm": row("in the workspace, warm cache, file unchanged", cached, needs, offered),
        "edited": row("in the workspace, warm cache, file edited (one line)", cached, needs,
                      offered, before=edit.change, after=edit.restore),
        "no_cache": row("in the workspace, --no-cache", [*validate, "--no-cache", str(named)],
                        needs, offered),
        "defaults": row("in the workspace, the CLI's defaults", [*validate, str(named)]),
    }  # fmt: skip
    title = f"pre-commit: one named file of a {maps}-map workspace"
    section = Section("precommit", title, SizeRun(_space(maps, files), timings),
                      [("cold", "warm", "no_cache", "defaults")])  # fmt: skip
    section.checks.append(lambda: _cache_check(cache, timings["warm"]))
    uncached = [*validate, *_uncached(offered), str(named)]
    section.checks.append(lambda: _edit_check(edit, timings["edited"], uncached))
    return section


def _edit_check(edit: OneLineEdit, edited: Timing, uncached: list[str]) -> str | None:
    """The warm run of the edited file must say what a run without the cache says of
    the same text: a cache that missed the edit would be fast and wrong."""
    if edited.skipped or edited.failure or edit.last is None:
        return None
    edit.path.write_bytes(edit.last)
    try:
        env = bench_validate._environment()
        done = subprocess.run(uncached, capture_output=True, env=env, cwd=ROOT, check=False)
    finally:
        edit.restore()
    if done.stdout != edited.output:
        return f"{edited.label}: output differs from --no-cache on the same text"
    return None


def _cache_check(cache: CacheSpot, warm: Timing) -> str | None:
    if warm.skipped is None and warm.failure is None and not cache.written():
        return f"{warm.label}: no cache entry was written in {cache.directory}"
    return None


def sizes(csjourney: str, maps: int, work: Path, offered: set[str]) -> Section:
    workspace = work / f"workspace-{maps}"
    files = generate_workspace(workspace, maps)
    names = [str(f) for f in files]
    validate = [csjourney, "validate", *TODAY, str(workspace), *_uncached(offered)]
    what = "validate --no-cache" if _uncached(offered) else "validate (this CLI has no cache)"
    schema = str(bench_validate._schema(csjourney, work))
    checker = bench_validate._tool("check-jsonschema")
    floor = [sys.executable, str(FLOORS), "events", *names]
    timings = {
        "validate": row(f"csjourney {what}", validate),
        "jobs1": row(f"{what} --jobs 1", [*validate, "--jobs", "1"], ("--jobs",), offered),
        "jobs2": row(f"{what} --jobs 2", [*validate, "--jobs", "2"], ("--jobs",), offered),
        "check_jsonschema": row("check-jsonschema", [checker, "--schemafile", schema, *names]),
        "pyyaml_events": row("floor: PyYAML C event stream", floor, expect=str(len(files))),
        "version": row("csjourney --version", [csjourney, "--version"]),
    }  # fmt: skip
    run = SizeRun(_space(maps, files), timings)
    return Section("sizes", f"{maps} maps, no cache", run, [("validate", "jobs1", "jobs2")])


def fmt_diff(csjourney: str, maps: int, changed: int, work: Path,
             offered: dict[str, set[str]]) -> Section:  # fmt: skip
    repository, formatted = bench_fmt_diff.prepare(maps, changed, work / "fmt-diff")
    files = sorted(repository.rglob("*.yaml"))
    fmt = offered["fmt"]
    spots = {key: CacheSpot(place, work / f"cache-fmt-{key}", fmt)
             for key, place in (("generated", repository), ("formatted", formatted))}  # fmt: skip
    check = [csjourney, "fmt", "--check"]
    plain = _uncached(offered["validate"])
    at_repository: dict[str, Any] = {"cwd": repository}
    timings = {
        "validate": row("validate" + " --no-cache" * bool(plain),
                        [csjourney, "validate", ".", *plain, *TODAY], **at_repository),
        "fmt_generated": row("fmt --check, as generated, cold cache",
                             [*check, *spots["generated"].args, "."], exit_code=1,
                             before=spots["generated"].clear, **at_repository),
        "fmt_cold": row("fmt --check, formatted, cold cache",
                        [*check, *spots["formatted"].args, "."], cwd=formatted,
                        before=spots["formatted"].clear),
        "fmt_warm": row("fmt --check, formatted, warm (nothing changed)",
                        [*check, *spots["formatted"].args, "."], ("--no-cache",), fmt,
                        cwd=formatted),
        "diff": row(f"diff --git HEAD . ({changed} of {maps} changed)",
                    [csjourney, "diff", "--git", "HEAD", ".", *TODAY], **at_repository),
    }  # fmt: skip
    title = f"fmt and diff on {maps} maps"
    section = Section("fmt-diff", title, SizeRun(_space(maps, files, changed=changed), timings),
                      [("fmt_cold", "fmt_warm")])  # fmt: skip
    section.checks.append(lambda: _cache_check(spots["formatted"], timings["fmt_warm"]))
    return section


def render(csjourney: str, journeys: int, work: Path, base: Path | None,
           offered: set[str]) -> Section:  # fmt: skip
    workspace = work / f"render-{journeys}"
    files = generate_workspace(workspace, journeys)
    plain = _uncached(offered)
    validate = [csjourney, "validate", str(workspace), *plain, *TODAY]
    timings = {"validate": row("validate" + " --no-cache" * bool(plain), validate)}
    sides = {"render": ("render -f svg", ROOT / "src")}
    if base is not None:
        sides["render_before"] = (f"render -f svg, the code in {base}", base / "src")
    outputs = {key: work / f"render-out-{key}" for key in sides}
    for key, (label, source) in sides.items():
        argv = [sys.executable, "-c", CLI, "render", str(workspace), "-f", "svg", *TODAY,
                "--out", str(outputs[key])]  # fmt: skip
        timings[key] = row(label, argv, env={"PYTHONPATH": str(source)},
                           before=_emptied(outputs[key]))  # fmt: skip
    section = Section("render", f"render -f svg of {journeys} journeys",
                      SizeRun(_space(journeys, files), timings))  # fmt: skip
    if base is not None:
        section.checks.append(lambda: _same_files(outputs["render_before"], outputs["render"]))
    return section


def _emptied(folder: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def _same_files(before: Path, after: Path) -> str | None:
    from bench_render import _differences  # imports csjourney's renderer: only when compared

    if not (before.is_dir() and after.is_dir()):
        return None  # a failed render is reported as such
    differ = _differences(before, after)
    return f"render output differs from the base: {differ[:3]}" if differ else None


def run_sections(args: argparse.Namespace, log: bool) -> list[Section]:
    csjourney, work = bench_validate._tool("csjourney"), args.work.resolve()
    bench_validate._tool("check-jsonschema")
    offered = {command: cli_flags(csjourney, command) for command in ("validate", "fmt")}
    if log:
        print(f"flags offered: {offered}", file=sys.stderr, flush=True)
    builders: list[tuple[str, Callable[[], Section]]] = []
    chosen = set(args.sections)
    if "precommit" in chosen:
        maps = args.precommit_maps
        builders.append((f"precommit at {maps} maps", functools.partial(
            precommit, csjourney, maps, work, offered["validate"])))  # fmt: skip
    if "sizes" in chosen:
        builders += [(f"sizes at {n} maps", functools.partial(
            sizes, csjourney, n, work, offered["validate"])) for n in args.sizes]  # fmt: skip
    if "fmt-diff" in chosen:
        builders.append((f"fmt-diff at {args.fmt_maps} maps", functools.partial(
            fmt_diff, csjourney, args.fmt_maps, args.changed, work, offered)))  # fmt: skip
    if "render" in chosen:
        builders.append((f"render at {args.render_journeys} journeys", functools.partial(
            render, csjourney, args.render_journeys, work, args.render_base,
            offered["validate"])))  # fmt: skip
    return [_measured(name, build, args, log) for name, build in builders]


def _measured(name: str, build: Callable[[], Section], args: argparse.Namespace,
              log: bool) -> Section:  # fmt: skip
    """A section built and measured; one that cannot be built (its workspace could not
    be prepared: `fmt` of the formatted copy failed, a disk full) is a failure."""
    try:
        section = build()
    except (OSError, subprocess.CalledProcessError) as error:
        said = getattr(error, "stderr", None) or b""
        tail = said.decode("utf-8", "replace").strip().splitlines()[-1:] if said else []
        problem = " ".join([f"could not prepare it: {error}", *tail])
        run = SizeRun({"maps": 0, "files": 0, "bytes": 0}, {})
        return Section("failed", name, run, [], [], [problem])
    if log:
        print(section.title, file=sys.stderr, flush=True)
    before = os.getloadavg()[0]
    bench_validate.measure(list(section.run.timings.values()), args.repeat, log, args.warm_up)
    section.run.load = (before, os.getloadavg()[0])
    section.verify()
    return section


def _list(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        found = [part.strip() for part in text.split(",") if part.strip()]
        wrong = [part for part in found if part not in choices]
        if wrong or not found:
            raise argparse.ArgumentTypeError(f"choose from {', '.join(choices)}: {text!r}")
        return found

    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one round: a smoke run")
    sized = bench_validate._sizes
    parser.add_argument("--sizes", type=sized, help=f"maps per size row (default {FULL['sizes']})")
    for name in ("precommit-maps", "fmt-maps", "render-journeys", "repeat"):
        parser.add_argument(f"--{name}", type=int, help=f"default {FULL[name.replace('-', '_')]}")
    parser.add_argument("--changed", type=int, default=5, help="maps edited for diff --git")
    parser.add_argument("--render-base", type=Path, help="a checkout of the code before")
    parser.add_argument("--sections", type=_list(SECTIONS), default=list(SECTIONS))
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--work", type=Path, default=WORK / "scale", help="where files go")
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else FULL
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, sized(str(value)) if key == "sizes" else value)
    numbers = (args.precommit_maps, args.fmt_maps, args.render_journeys, args.repeat)
    if min(numbers) < 1 or not 1 <= args.changed <= args.fmt_maps:
        parser.error("counts must be at least 1, and --changed at most --fmt-maps")
    if args.render_base is not None and not (args.render_base / "src" / "csjourney").is_dir():
        parser.error(f"--render-base {args.render_base}: no src/csjourney there (a checkout, e.g. "
                     "`git worktree add /tmp/render-base HEAD`)")  # fmt: skip
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sections = run_sections(args, log=True)
    show = scale_json if args.json else scale_table
    sys.stdout.write(show(sections, bench_validate._machine()))
    if any(section.failed() for section in sections):
        return 2
    return 1 if any(goal.met is False for goal in scale_goals(sections)) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time `csjourney lsp` as an editor meets it: first load, diagnostics after an edit, completion.

    .venv/bin/python benchmarks/bench_lsp.py [--maps 500] [--edits 30] [--completions 30]
        [--work DIR] [--quick] [--markdown FILE] [--json]

On a generated workspace (benchmarks/generate.py, `--maps` journeys and the
library) it starts the real server over stdio (`csjourney lsp --stdio`, this
virtualenv's console script) with a small JSON-RPC client of its own, so the
figures include the framing and the pipe an editor's client goes through, and
opens one journey. Then:

* first load: from didOpen to the first publishDiagnostics of that file, which
  waits for the whole workspace to be read and checked (the server checks a
  file within the context of every other): once with the cache folder the
  fresh workspace starts without, then with a second server that finds the
  cache the first one wrote (the timed edits and completions use this one);
* after an edit: `--edits` incremental didChange notifications, each one
  retyping a touchpoint's channel (`web` -> `wep` and back); the time from
  sending it to the publishDiagnostics of that file. Each answer is checked:
  the misspelt channel must bring an unknown-channel finding (CSJ123) at the
  edited range and the restored one must take it away, so a stale answer (fast
  and wrong) fails the run;
* completion: `--completions` requests inside `segments: [` (the workspace's
  segments) and a pain point's `touchpoints: [` (the journey's touchpoints);
  each answer must offer the id that is written there.

Each figure is the median over its samples, with the slowest beside it. Every
edit waits for its answer and then a quiet pause (longer than the server's
debounce), so no two are merged into one check. Issue 14's goals are judged at
500 maps or more: diagnostics after an edit within 100 ms and completion within
50 ms (medians); at fewer maps they are printed as `reference`. Exit status: 0
when every judged goal is met, 1 when one is missed, 2 when the server failed,
gave a wrong answer or lacks a feature timed here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lspwire import Connection, Wire

try:
    from generate import REFERENCE_DATE, generate_workspace
except ModuleNotFoundError as missing:  # csjourney is not importable: not the dev virtualenv
    print(f"error: {missing}; run .venv/bin/python benchmarks/bench_lsp.py", file=sys.stderr)
    raise SystemExit(2) from None

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "lsp"
CSJOURNEY = str(Path(sys.executable).parent / "csjourney")
GOAL_MAPS = 500  # issue 14 states its goals for a 500-map workspace
GOALS = {"diagnostics after an edit": 0.100, "completion": 0.050}  # median, seconds
PAUSE = 0.15  # after each answer: past the server's debounce, so edits stay separate
# The cache goes where the workspace's own is (a cold first load is cold), and an
# editable install is not recompiled on every start, as no real installation is.
_DROPPED = ("PYTHONDONTWRITEBYTECODE", "FORCE_COLOR", "CSJOURNEY_DEBUG", "PYTHONPATH",
            "CSJOURNEY_CACHE_DIR")  # fmt: skip


@dataclass
class Figure:
    label: str
    samples: list[float] = field(default_factory=list)
    goal: float | None = None  # seconds, judged on the median
    judged: bool = False
    missing: str | None = None  # why there is no figure: the server lacks the feature

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def verdict(self) -> str:
        if self.missing is not None:
            return f"n/a ({self.missing})"
        if self.goal is None:
            return ""
        if not self.judged:
            return "reference"
        return "met" if self.median <= self.goal else "MISSED"


class BenchFailure(Exception):
    """The server failed, answered wrongly, or lacks a timed feature: no figure is worth it."""


def server_command() -> list[str]:
    return [CSJOURNEY, "lsp", "--stdio", "--today", REFERENCE_DATE.isoformat()]


def server_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in _DROPPED}


def position_after(text: str, marker: str, *, start: int = 0) -> tuple[int, int]:
    """The 0-based (line, character) just past the first `marker` at or after `start`.

    Generated maps are ASCII, so str indexes are UTF-16 units too.
    """
    index = text.index(marker, start) + len(marker)
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)


def range_of(line: int, character: int, length: int) -> dict[str, Any]:
    return {
        "start": {"line": line, "character": character},
        "end": {"line": line, "character": character + length},
    }


def check_edit_answer(diagnostics: list[dict[str, Any]], where: dict[str, Any], typo: bool) -> None:
    """An unknown-channel finding at the edited range exactly when the channel is misspelt."""
    found = [d for d in diagnostics if d.get("code") == "CSJ123" and d.get("range") == where]
    if typo and not found:
        raise BenchFailure("the misspelt channel brought no CSJ123 at the edited range")
    if not typo and found:
        raise BenchFailure("the restored channel still has its CSJ123: a stale answer")


def completion_labels(answer: Any) -> list[str]:
    items = answer.get("items", []) if isinstance(answer, dict) else answer or []
    return [str(item.get("label")) for item in items]


def run(args: argparse.Namespace) -> list[Figure]:
    files = generate_workspace(args.work, args.maps)
    journey = files[1]
    text = journey.read_text(encoding="utf-8")
    uri = journey.resolve().as_uri()
    figures = {
        "start": Figure("start and initialize (to the initialize answer)"),
        "load": Figure("first load, cold cache (didOpen to its diagnostics)"),
        "warm": Figure("first load, warm cache (a second server)"),
        "edit": Figure("diagnostics after an edit", goal=GOALS["diagnostics after an edit"]),
        "completion": Figure("completion", goal=GOALS["completion"]),
    }
    for figure in figures.values():
        figure.judged = args.maps >= GOAL_MAPS
    for load in ("load", "warm"):
        connection, capabilities = start(args.work, figures["start"])
        try:
            sent = connection.open(uri, text)
            _, arrived = connection.next_publication(uri, after=sent)
            figures[load].samples.append(arrived - sent)
            if load == "load":  # the cache the second server finds is this one's
                if not cache_entries(args.work):
                    raise BenchFailure("the first load wrote no cache entry: no warm row")
                continue
            _time_edits(connection, uri, text, args.edits, figures["edit"])
            if capabilities.get("completionProvider"):
                _time_completions(connection, uri, text, args.completions, figures["completion"])
            else:
                figures["completion"].missing = "the server offers no completionProvider"
        finally:
            connection.close()
    return list(figures.values())


def cache_entries(work: Path) -> list[Path]:
    """The entries of the workspace's cache folder (not its tag and .gitignore)."""
    folder = work / ".csjourney_cache"
    markers = ("CACHEDIR.TAG", ".gitignore")
    return [p for p in folder.rglob("*") if p.is_file() and p.name not in markers]


def start(work: Path, figure: Figure) -> tuple[Connection, dict[str, Any]]:
    """A new server, initialized on `work`; its start-up time added to `figure`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        server_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=work,
        env=server_env(),
    )
    connection = Connection(Wire(process))
    try:
        capabilities = connection.initialize(work.resolve().as_uri())
    except BaseException:
        connection.close()
        raise
    figure.samples.append(time.perf_counter() - started)
    return connection, capabilities


def _time_edits(connection: Connection, uri: str, text: str, count: int, figure: Figure) -> None:
    line, character = position_after(text, "channel: ", start=text.index("channel: web"))
    where = range_of(line, character, 3)
    for number in range(1, count + 1):
        typo = number % 2 == 1
        time.sleep(PAUSE)
        sent = connection.change(uri, number + 1, where, "wep" if typo else "web")
        diagnostics, arrived = connection.next_publication(uri, after=sent)
        check_edit_answer(diagnostics, where, typo)
        figure.samples.append(arrived - sent)
    if count % 2:  # leave the text as generated
        time.sleep(PAUSE)
        connection.change(uri, count + 2, where, "web")


def _time_completions(
    connection: Connection, uri: str, text: str, count: int, figure: Figure
) -> None:
    segments = (position_after(text, "segments: ["), "enterprise")
    pains = text.index("pain_points:")
    touchpoint = text[text.index("touchpoints: [", pains) + len("touchpoints: [") :].split("]")[0]
    touchpoints = (position_after(text, "touchpoints: [", start=pains), touchpoint.split(",")[0])
    time.sleep(PAUSE)
    for number in range(count):
        (line, character), expected = (segments, touchpoints)[number % 2]
        sent = time.perf_counter()
        answer = connection.request(
            "textDocument/completion",
            {
                "textDocument": {"uri": uri},
                "position": {"line": line, "character": character},
                "context": {"triggerKind": 2, "triggerCharacter": "["},
            },
        )
        figure.samples.append(time.perf_counter() - sent)
        labels = completion_labels(answer)
        if expected not in labels:
            raise BenchFailure(f"completion at {line + 1}:{character + 1} lacks {expected!r}")


def table(figures: list[Figure], maps: int) -> str:
    rows = [f"{'measure (' + str(maps) + ' maps)':52} {'median ms':>10} {'max ms':>8} {'n':>4} "
            f"{'goal ms':>8}  verdict"]  # fmt: skip
    for figure in figures:
        goal = f"{figure.goal * 1000:8.0f}" if figure.goal is not None else " " * 8
        if figure.missing is not None:
            rows.append(f"{figure.label:52} {figure.verdict}")
            continue
        rows.append(
            f"{figure.label:52} {figure.median * 1000:10.1f} {max(figure.samples) * 1000:8.1f} "
            f"{len(figure.samples):4d} {goal}  {figure.verdict}"
        )
    return "\n".join(rows)


def markdown(figures: list[Figure], args: argparse.Namespace, load: tuple[float, float]) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    lines = [
        "# `csjourney lsp`: latency in a generated workspace",
        "",
        f"`benchmarks/bench_lsp.py --maps {args.maps} --edits {args.edits} "
        f"--completions {args.completions}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"csjourney at {commit or 'unknown'}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f} before and {load[1]:.2f} after.",
        "",
        "| measure | median ms | max ms | samples | goal ms | |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for figure in figures:
        goal = f"{figure.goal * 1000:.0f}" if figure.goal is not None else ""
        if figure.missing is not None:
            lines.append(f"| {figure.label} | | | | {goal} | {figure.verdict} |")
            continue
        lines.append(
            f"| {figure.label} | {figure.median * 1000:.1f} | {max(figure.samples) * 1000:.1f} "
            f"| {len(figure.samples)} | {goal} | {figure.verdict} |"
        )
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--maps", type=int, default=None, help="journeys generated (500)")
    parser.add_argument("--edits", type=int, default=None, help="timed edits (30)")
    parser.add_argument("--completions", type=int, default=None, help="timed requests (30)")
    parser.add_argument("--work", type=Path, default=WORK, help="where the workspace is written")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20 maps, 4 of each")
    parser.add_argument("--markdown", type=Path, help="also write the figures to this file")
    parser.add_argument("--json", action="store_true", help="print the samples as JSON")
    args = parser.parse_args(argv)
    quick = {"maps": 20, "edits": 4, "completions": 4}
    full = {"maps": 500, "edits": 30, "completions": 30}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    before = os.getloadavg()[0]
    try:
        figures = run(args)
    except (BenchFailure, TimeoutError, OSError) as error:
        print(f"FAILED: {error}")
        return 2
    after = os.getloadavg()[0]
    if args.json:
        found = {f.label: {"samples": f.samples, "goal": f.goal, "verdict": f.verdict}
                 for f in figures}  # fmt: skip
        print(json.dumps({"maps": args.maps, "load": [before, after], "figures": found}, indent=2))
    else:
        print(table(figures, args.maps))
        print(f"load average {before:.2f} before, {after:.2f} after")
    if args.markdown is not None:
        args.markdown.write_text(markdown(figures, args, (before, after)), encoding="utf-8")
    if any(f.missing is not None for f in figures):
        return 2
    return 1 if any(f.verdict == "MISSED" for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())

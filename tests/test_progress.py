"""The progress bar: shown only to a person watching a long run, redrawn at most ten
times a second, and gone from the screen when the run ends.

The module is driven with an injected clock (no sleeping, no timed assertions),
and end to end the real CLI runs on a real pseudo-terminal, with a fake slow run:
core.run is wrapped to report files checked, the bar's clock to jump a second a call.
"""

from __future__ import annotations

import io
import os
import pty
import re
import shutil
import subprocess
import sys
import termios
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import EXAMPLES
from csjourney.progress import progress_wanted, terminal_progress

_CSI = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])")


def screen(output: str) -> list[str]:
    """What a terminal shows after `output`: lines, without colours, trailing blanks cut."""
    lines, row, column = [""], 0, 0
    position = 0
    while position < len(output):
        found = _CSI.match(output, position)
        if found:
            argument, command = found.groups()
            if command == "A":  # cursor up
                row = max(0, row - int(argument or 1))
            elif command == "K":  # erase (the whole line: rich sends 2K)
                lines[row] = ""
            position = found.end()
            continue
        char = output[position]
        position += 1
        if char == "\r":
            column = 0
        elif char == "\n":
            row, column = row + 1, 0
            lines.extend([""] * (row + 1 - len(lines)))
        else:
            line = lines[row].ljust(column)
            lines[row] = line[:column] + char + line[column + 1 :]
            column += 1
    return [line.rstrip() for line in lines if line.strip()]


class Step(NamedTuple):
    at: float  # seconds since the run started, on the injected clock
    what: str
    done: int
    total: int
    drawn: bool  # whether the bar is redrawn by this call


# One run per case: its calls in order; the screen is empty when each has ended.
RUNS: dict[str, list[Step]] = {
    "a fast run shows nothing": [
        Step(0.2, "checking", 1, 3, False),
        Step(0.5, "checking", 2, 3, False),
        Step(0.9, "checking", 3, 3, False),
    ],
    "a run finished before the delay shows nothing": [Step(0.99, "checking", 5, 5, False)],
    "shown once the run has lasted a second": [
        Step(0.5, "checking", 1, 4, False),
        Step(1.0, "checking", 2, 4, True),
        Step(1.5, "checking", 3, 4, True),
    ],
    "at most ten redraws a second": [
        Step(1.2, "checking", 1, 100, True),
        Step(1.25, "checking", 2, 100, False),
        Step(1.29, "checking", 3, 100, False),
        Step(1.3, "checking", 4, 100, True),
        Step(1.35, "checking", 5, 100, False),
    ],
    "the end of a phase erases it at once, even within the tenth": [
        Step(1.2, "checking", 1, 2, True),
        Step(1.21, "checking", 2, 2, True),
    ],
    "the next phase has a bar of its own": [
        Step(1.1, "checking", 1, 2, True),
        Step(1.2, "checking", 2, 2, True),
        Step(1.3, "rendering", 1, 3, True),
        Step(1.31, "rendering", 2, 3, False),
    ],
}


def _bar_line(stream: io.StringIO) -> str:
    shown = screen(stream.getvalue())
    return shown[-1] if shown else ""


@pytest.mark.parametrize("steps", RUNS.values(), ids=list(RUNS))
def test_when_the_bar_is_drawn_and_that_it_is_erased(steps: list[Step]) -> None:
    now = [0.0]
    stream = io.StringIO()
    with terminal_progress(stream, enabled=True, clock=lambda: now[0]) as progress:
        assert progress is not None
        for step in steps:
            before = len(stream.getvalue())
            now[0] = step.at
            progress(step.what, step.done, step.total)
            assert (len(stream.getvalue()) > before) is step.drawn, step
            if step.drawn and step.done < step.total:
                assert re.search(rf"{step.what} .*\b{step.done}/{step.total}$", _bar_line(stream))
    assert screen(stream.getvalue()) == []
    if not any(step.drawn for step in steps):
        assert stream.getvalue() == ""  # not even a hidden cursor: nothing at all


def test_an_error_in_the_run_still_erases_the_bar() -> None:
    now = [5.0]
    stream = io.StringIO()
    showing = terminal_progress(stream, enabled=True, clock=lambda: now[0])
    with pytest.raises(KeyboardInterrupt), showing as progress:
        assert progress is not None
        now[0] = 7.0
        progress("checking", 3, 10)
        assert "3/10" in _bar_line(stream)
        raise KeyboardInterrupt
    assert screen(stream.getvalue()) == []
    assert stream.getvalue().endswith("\x1b[2K")  # the cursor shown again, the line erased


def test_disabled_gives_no_callback_and_prints_nothing() -> None:
    stream = io.StringIO()
    with terminal_progress(stream, enabled=False) as progress:
        assert progress is None
    assert stream.getvalue() == ""


def test_text_from_elsewhere_in_the_phase_name_is_escaped() -> None:
    now = [0.0]
    stream = io.StringIO()
    with terminal_progress(stream, enabled=True, clock=lambda: now[0]) as progress:
        assert progress is not None
        now[0] = 2.0
        progress("checking \x1b[2J[bold]x[/bold]", 1, 2)
        assert "\\x1b[2J[bold]x[/bold]" in _bar_line(stream)  # shown, not obeyed


def test_rich_is_imported_only_when_the_bar_shows() -> None:
    script = (
        "import io, sys\n"
        "from csjourney.progress import terminal_progress\n"
        "now = [0.0]\n"
        "with terminal_progress(io.StringIO(), enabled=True, clock=lambda: now[0]) as p:\n"
        "    p('checking', 1, 9)\n"
        "    print('rich' in sys.modules)\n"
        "    now[0] = 1.5\n"
        "    p('checking', 2, 9)\n"
        "    print('rich' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]


def test_a_run_without_a_bar_never_imports_rich() -> None:
    script = (
        "import sys\n"
        "from csjourney.cli import main\n"
        "try:\n"
        f"    main(['validate', '-q', {str(EXAMPLES / 'minimal')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stderr.split() == ["False"]


GRAPHS = [f"digraph g{n} {{ a{n} -> b{n} }}" for n in range(5)]


@pytest.mark.parametrize("kind", ["system", "bundled"])
@pytest.mark.parametrize("broken", [None, 0, 3], ids=["all laid out", "first rejected", "fourth"])
def test_rendering_counts_every_diagram_up_to_the_total(kind: str, broken: int | None) -> None:
    from csjourney.render.engine import bundled_engine, system_engine
    from csjourney.render.layout import Job, run_jobs

    engine = system_engine() if kind == "system" else bundled_engine()
    assert engine is not None, f"the {kind} engine is needed: run scripts/system-deps.sh"
    sources = [
        ("digraph broken { a -> ; }" if n == broken else dot) for n, dot in enumerate(GRAPHS)
    ]
    jobs = [Job(f"graph {n}", dot, fmt) for n, dot in enumerate(sources) for fmt in ("svg", "png")]
    heard: list[tuple[str, int, int]] = []
    made = run_jobs(engine, jobs, lambda what, done, total: heard.append((what, done, total)))
    alone = run_jobs(engine, jobs)
    assert [repr(m) for m in made] == [repr(m) for m in alone]  # the same, told or not
    assert sum(isinstance(m, Exception) for m in made) == (0 if broken is None else 2)
    counts = [done for _, done, _ in heard]
    assert counts == sorted(counts) and len(set(counts)) == len(counts)  # always forward
    assert heard[-1] == ("rendering", len(jobs), len(jobs))  # the bar's last word: done
    assert {what for what, _, _ in heard} == {"rendering"}


class Watch(NamedTuple):
    tty: bool
    text_output: bool
    quiet: bool
    environ: dict[str, str]
    wanted: bool


TERMINAL = {"TERM": "xterm-256color"}
WATCHES: dict[str, Watch] = {
    "a person at a terminal": Watch(True, True, False, TERMINAL, True),
    "no TERM set at all": Watch(True, True, False, {}, True),
    "stderr not a terminal": Watch(False, True, False, TERMINAL, False),
    "--quiet": Watch(True, True, True, TERMINAL, False),
    "JSON, SARIF... output": Watch(True, False, False, TERMINAL, False),
    "CI=1": Watch(True, True, False, {**TERMINAL, "CI": "1"}, False),
    "CI=true": Watch(True, True, False, {**TERMINAL, "CI": "true"}, False),
    "empty CI": Watch(True, True, False, {**TERMINAL, "CI": ""}, True),
    "GitHub Actions": Watch(True, True, False, {**TERMINAL, "GITHUB_ACTIONS": "true"}, False),
    "TERM=dumb": Watch(True, True, False, {"TERM": "dumb"}, False),
}


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("watch", WATCHES.values(), ids=list(WATCHES))
def test_who_is_watching(watch: Watch) -> None:
    stream = _Stream(watch.tty)
    wanted = progress_wanted(
        stream, text_output=watch.text_output, quiet=watch.quiet, environ=watch.environ
    )
    assert wanted is watch.wanted


# The real CLI, with core.run reporting five files checked and the bar's clock a second
# further at each call: a run slow enough to show the bar, without waiting for one.
_SLOW_RUN = """
import functools, itertools, sys
import csjourney.core as core
import csjourney.progress as progress
ticks = itertools.count()
progress.terminal_progress = functools.partial(
    progress.terminal_progress, clock=lambda: float(next(ticks))
)
real_run = core.run
def slow_run(paths, options):
    for done in range(1, 6):
        if options.progress is not None:
            options.progress("checking", done, 5)
    return real_run(paths, options)
core.run = slow_run
from csjourney.cli import main
main(sys.argv[1:])
"""
SAAS = EXAMPLES / "b2b-saas"
MINIMAL = EXAMPLES / "minimal"


class Case(NamedTuple):
    args: list[str]
    environ: dict[str, str]
    tty: bool  # stderr a terminal
    shown: tuple[str, ...]  # the phases whose bar shows; () for none


CASES: dict[str, Case] = {
    "validate on a terminal": Case(["validate", "{saas}"], {}, True, ("checking",)),
    "validate --format json": Case(["validate", "-f", "json", "{saas}"], {}, True, ()),
    "validate --format sarif": Case(["validate", "-f", "sarif", "{saas}"], {}, True, ()),
    "validate --quiet": Case(["validate", "-q", "{saas}"], {}, True, ()),
    "validate under CI=1": Case(["validate", "{saas}"], {"CI": "1"}, True, ()),
    "validate with TERM=dumb": Case(["validate", "{saas}"], {"TERM": "dumb"}, True, ()),
    "validate --fix runs again with a bar": Case(
        ["validate", "--fix", "{saas}"], {}, True, ("checking",)
    ),
    "validate, stderr not a terminal": Case(["validate", "{saas}"], {}, False, ()),
    "fmt --check on a terminal": Case(["fmt", "--check", "{saas}"], {}, True, ("checking",)),
    "fmt under GitHub Actions": Case(
        ["fmt", "--check", "{saas}"], {"GITHUB_ACTIONS": "true"}, True, ()
    ),
    "render on a terminal": Case(
        ["render", "-f", "svg", "--engine", "system", "-o", "{out}", "{minimal}"],
        {},
        True,
        ("checking", "rendering"),
    ),
    "render under CI": Case(
        ["render", "-f", "svg", "--engine", "system", "-o", "{out}", "{minimal}"],
        {"CI": "true"},
        True,
        (),
    ),
}


def _run_on_terminal(args: list[str], environ: dict[str, str], tty: bool, cwd: Path) -> str:
    """stderr of the CLI, from a pseudo-terminal of 100 columns when `tty`."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS", "NO_COLOR")}
    env.update({"TERM": "xterm-256color", **environ})
    command = [sys.executable, "-c", _SLOW_RUN, *args]
    if not tty:
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
        assert result.returncode in (0, 1), result.stderr
        return result.stderr
    parent, child = pty.openpty()
    termios.tcsetwinsize(child, (30, 100))
    # The report to a file: a pipe nobody reads while the terminal is read would fill up.
    with (
        (cwd / "report").open("wb") as report,
        subprocess.Popen(command, stdout=report, stderr=child, env=env, cwd=cwd) as process,
    ):
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(parent, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(parent)
        assert process.wait(timeout=120) in (0, 1)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_the_bar_on_a_real_terminal(case: Case, tmp_path: Path) -> None:
    saas = tmp_path / "saas"
    shutil.copytree(SAAS, saas)  # --fix may write: never into the examples
    shutil.copytree(MINIMAL, tmp_path / "minimal")  # two diagrams: a render with a bar
    args = [
        a.format(saas=saas, minimal=tmp_path / "minimal", out=tmp_path / "out") for a in case.args
    ]
    err = _run_on_terminal(args, case.environ, case.tty, tmp_path)
    for phase in ("checking", "rendering"):
        assert (phase in err) is (phase in case.shown), err
    if case.shown:
        assert "/" in err and "━" in err  # a bar with its count
        assert not any(phase in line for line in screen(err) for phase in case.shown)
    else:
        assert "\x1b" not in err  # not a hidden cursor, not a colour: nothing drawn

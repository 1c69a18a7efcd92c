"""Laying out many diagrams at once (render/layout.py): each output exactly as a lone
engine run writes it, a rejected diagram named without losing the others, and DOT
built only for the formats that use it."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult
from csjourney.core import run
from csjourney.render import flowview, mapview
from csjourney.render.engine import Engine, EngineError, bundled_engine, system_engine
from csjourney.render.layout import Job, Layouts, run_alone, run_jobs
from csjourney.render.pipeline import RenderOptions, render_workspace

REAL_DOT = shutil.which("dot")
# Graphs of our own beside the examples': what the engines must keep apart in one process.
OWN_GRAPHS = {
    "clusters": "digraph clusters { subgraph cluster_b { b1 -> b2 } subgraph cluster_a { a1 } "
    "a1 -> b2 }",
    "anonymous": "digraph { z -> y -> x; x [shape=box] }",
    "html-label": 'digraph html { n [shape=plaintext label=<<TABLE><TR><TD ID="c">é</TD></TR>'
    "</TABLE>>] }",
}
BROKEN = "digraph broken { a -> ; }"


def _engine(kind: str) -> Engine:
    engine = system_engine() if kind == "system" else bundled_engine()
    assert engine is not None, f"the {kind} engine is needed: run scripts/system-deps.sh"
    return engine


def _example_dots() -> dict[str, str]:
    """Name -> DOT of both views of every example journey, and our own graphs."""
    report = run([EXAMPLES])
    artifacts = render_workspace(report.workspace, [], RenderOptions(("dot",)))
    return {a.name: a.data.decode() for a in artifacts} | OWN_GRAPHS


@pytest.mark.parametrize("kind", ["system", "bundled"])
def test_every_graph_comes_out_as_a_lone_run_makes_it(kind: str) -> None:
    engine = _engine(kind)
    formats = sorted(engine.formats)
    jobs = [Job(name, dot, fmt) for name, dot in _example_dots().items() for fmt in formats]
    made = run_jobs(engine, jobs)
    for job, data in zip(jobs, made, strict=True):
        assert data == run_alone(engine, job), f"{job.name} as {job.fmt} differs from a lone run"


@pytest.mark.parametrize("kind", ["system", "bundled"])
@pytest.mark.parametrize("position", [0, 2, 5])
def test_a_rejected_graph_is_named_and_the_others_are_made(kind: str, position: int) -> None:
    engine = _engine(kind)
    graphs = list(_example_dots().items())[:5]
    graphs.insert(position, ("the broken one", BROKEN))
    made = run_jobs(engine, [Job(name, dot, "svg") for name, dot in graphs])
    for (name, dot), data in zip(graphs, made, strict=True):
        if dot == BROKEN:
            assert isinstance(data, EngineError)
            assert "failed on the broken one: Error: <stdin>: syntax error in line 1" in str(data)
        else:
            assert data == run_alone(engine, Job(name, dot, "svg")), name


def _watched(kind: str, tmp_path: Path, batches: bool) -> tuple[Engine, Path]:
    """The engine behind a wrapper that logs each process's arguments, and the log."""
    engine = _engine(kind)
    log, wrapper = tmp_path / "calls.log", tmp_path / kind
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec {engine.executable} "$@"\n')
    wrapper.chmod(0o755)
    return Engine(kind, str(wrapper), engine.formats, batches=batches), log


def test_the_bundled_engine_lays_out_many_graphs_per_process(tmp_path: Path) -> None:
    watched, log = _watched("bundled", tmp_path, batches=True)
    graphs = list(_example_dots().items())
    jobs = [Job(name, dot, fmt) for name, dot in graphs for fmt in ("png", "svg")]
    made = run_jobs(watched, jobs)
    assert all(isinstance(data, bytes) for data in made)
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == min(len(graphs), os.cpu_count() or 1), calls
    assert all(call.startswith("-Tpng -Tsvg -O ") for call in calls)


def test_a_graph_is_laid_out_while_the_next_is_built(tmp_path: Path) -> None:
    # A process per graph (Graphviz 2.43): each starts when its graph is handed over,
    # not once every graph is built, and the outputs are what a lone run makes.
    watched, log = _watched("system", tmp_path, batches=False)
    graphs = list(_example_dots().items())[:3]
    with Layouts(watched) as layouts:
        for name, dot in graphs:
            before = len(log.read_text().splitlines()) if log.exists() else 0
            layouts.add([Job(name, dot, "svg"), Job(name, dot, "png")])
            deadline = time.monotonic() + 60
            while (len(log.read_text().splitlines()) if log.exists() else 0) == before:
                assert time.monotonic() < deadline, f"{name} was not started when added"
                time.sleep(0.01)
        made = layouts.results()
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == len(graphs) and all(c.startswith("-Tpng -Tsvg -O ") for c in calls)
    for (name, dot), svg in zip(graphs, made[::2], strict=True):
        assert svg == run_alone(_engine("system"), Job(name, dot, "svg")), name


def test_a_diagram_the_engine_rejects_is_named_and_every_other_file_is_written(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert REAL_DOT
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    # Rejects the flow view (its graph is `journey_flow`), DOT on stdin or in files.
    fake.write_text(
        '#!/bin/sh\nfor a in "$@"; do last=$a; done\n'
        'case "$*" in *" -O "*) src=$last;; *) src=$(mktemp); cat > "$src"; exec < "$src";; esac\n'
        'if grep -q "digraph journey_flow" "$src"; then\n'
        '  echo "Error: no flow today" >&2; exit 1\nfi\n'
        f'exec {REAL_DOT} "$@"\n'
    )
    fake.chmod(0o755)
    tools = Path(shutil.which("grep") or "/usr/bin/grep").parent
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{tools}")
    out = tmp_path / "out"
    result = csj("render", FULL_EXAMPLE, "--out", out, "-f", "svg,md,html")
    assert result.code == 2
    assert "1 diagram could not be laid out; the other files were written" in result.err
    assert (
        "failed on the flow view of freshbox-subscriber (svg): Error: no flow today" in result.err
    )
    assert "Traceback" not in result.err
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        ".csjourney-manifest.json",
        "freshbox-subscriber.html",
        "freshbox-subscriber.map.svg",
        "freshbox-subscriber.md",
        "index.html",
    ]
    assert "freshbox-subscriber.map.svg" in (out / ".csjourney-manifest.json").read_text()


# (formats, with an engine, whether the views' DOT is built)
DOT_NEEDS = [
    (("md",), True, False),
    (("mermaid",), True, False),
    (("md", "mermaid"), True, False),
    (("html",), False, False),  # no engine: the page has no diagrams to embed
    (("html",), True, True),
    (("dot",), False, True),
    (("svg",), True, True),
]


@pytest.mark.parametrize(("formats", "with_engine", "built"), DOT_NEEDS)
def test_dot_is_built_only_for_the_formats_that_use_it(
    formats: tuple[str, ...], with_engine: bool, built: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    for module, name in ((mapview, "map_dot"), (flowview, "flow_dot")):
        real = getattr(module, name)

        def counted(*args: object, _real: Callable[..., str] = real, _name: str = name) -> str:
            calls.append(_name)
            return _real(*args)

        monkeypatch.setattr(module, name, counted)
    engine = _engine("bundled") if with_engine else None
    report = run([FULL_EXAMPLE])
    artifacts = render_workspace(report.workspace, [], RenderOptions(formats, engine=engine))
    assert artifacts, "something is written"
    assert sorted(calls) == (["flow_dot", "map_dot"] if built else [])


@pytest.mark.parametrize("kind", ["system", "bundled"])
def test_two_diagrams_with_the_same_rejected_dot_are_each_named(kind: str) -> None:
    engine = _engine(kind)
    made = run_jobs(engine, [Job("the first", BROKEN, "svg"), Job("the second", BROKEN, "svg")])
    assert "failed on the first: Error" in str(made[0])
    assert "failed on the second: Error" in str(made[1])

"""Which Graphviz engine renders, what happens without one, and how it is run."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult
from render.render_support import colour_count, hide_engines, svg_text

REAL_DOT = shutil.which("dot")


def _fake_dot(directory: Path, body: str) -> Path:
    """A `dot` on PATH made of a shell script, to watch or break the engine."""
    directory.mkdir(exist_ok=True)
    script = directory / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_auto_uses_the_system_dot_when_present(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    assert REAL_DOT, "Graphviz `dot` is needed: run scripts/system-deps.sh"
    result = csj("render", FULL_EXAMPLE, "--out", tmp_path / "out", "-f", "svg,png,pdf")
    assert result.code == 0, result.err
    assert f"with Graphviz dot at {REAL_DOT}" in result.out
    png = (tmp_path / "out" / "freshbox-subscriber.map.png").read_bytes()
    assert colour_count(png) > 20, "the PNG is blank"


def test_without_system_dot_the_bundled_engine_renders_svg_and_png(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_engines(monkeypatch, tmp_path, bundled=False)
    out = tmp_path / "out"
    result = csj("render", FULL_EXAMPLE, "--out", out, "-f", "svg,png")
    assert result.code == 0, result.err
    assert "with graphviz-pure (bundled)" in result.out
    assert "Onboarding" in svg_text(out / "freshbox-subscriber.flow.svg")
    assert colour_count((out / "freshbox-subscriber.flow.png").read_bytes()) > 20


def test_pdf_without_system_dot_is_a_usage_error_that_says_what_to_install(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_engines(monkeypatch, tmp_path, bundled=False)
    result = csj("render", FULL_EXAMPLE, "--out", tmp_path / "out", "-f", "svg,pdf")
    assert result.code == 2
    assert "cannot write pdf" in result.err and "apt-get install graphviz" in result.err
    assert not (tmp_path / "out").exists(), "nothing is written when the request cannot be met"
    bundled = csj(
        "render", FULL_EXAMPLE, "--out", tmp_path / "b", "-f", "pdf", "--engine", "bundled"
    )
    assert bundled.code == 2 and "PDF needs the system Graphviz" in bundled.err


def test_engine_named_but_missing_is_a_usage_error(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_engines(monkeypatch, tmp_path, bundled=True)
    system = csj("render", FULL_EXAMPLE, "--out", tmp_path / "out", "--engine", "system")
    assert system.code == 2 and "`dot` is not on PATH" in system.err
    bundled = csj("render", FULL_EXAMPLE, "--out", tmp_path / "out", "--engine", "bundled")
    assert bundled.code == 2 and "graphviz-pure" in bundled.err


def test_no_engine_still_writes_the_reports_and_says_how_to_get_diagrams(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_engines(monkeypatch, tmp_path, bundled=True)
    out = tmp_path / "out"
    result = csj("render", FULL_EXAMPLE, "--out", out)
    assert result.code == 0, result.err
    assert "warning: skipped svg" in result.err and "apt-get install graphviz" in result.err
    assert sorted(p.name for p in out.iterdir()) == [
        ".csjourney-manifest.json",
        "freshbox-subscriber.html",
        "freshbox-subscriber.md",
        "index.html",
    ]
    assert ".svg" not in (out / "freshbox-subscriber.md").read_text(encoding="utf-8")
    page = (out / "freshbox-subscriber.html").read_text(encoding="utf-8")
    assert "The diagrams need Graphviz" in page and "Emotion curve" in page


def test_no_engine_and_an_explicit_diagram_format_is_a_usage_error(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hide_engines(monkeypatch, tmp_path, bundled=True)
    result = csj("render", FULL_EXAMPLE, "--out", tmp_path / "out", "-f", "md,svg")
    assert result.code == 2
    assert "no Graphviz engine found for svg" in result.err
    assert not (tmp_path / "out").exists()
    dot_only = csj("render", FULL_EXAMPLE, "--out", tmp_path / "dot", "-f", "dot,mermaid")
    assert dot_only.code == 0, "DOT and Mermaid need no layout engine"


def test_the_system_engine_runs_once_per_diagram_for_all_its_formats(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert REAL_DOT
    log = tmp_path / "calls.log"
    _fake_dot(tmp_path / "bin", f'echo "$@" >> {log}\nexec {REAL_DOT} "$@"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = csj("render", EXAMPLES, "--out", tmp_path / "out", "-f", "svg,png")
    assert result.code == 0, result.err
    calls = log.read_text(encoding="utf-8").splitlines()
    # Five journeys, two views: one process per graph writes both formats (Graphviz
    # 2.43 cannot lay out several graphs in one process as it does each alone).
    assert calls == ["-Tpng -Tsvg -O 0.gv"] * 10


def test_an_engine_failure_is_reported_not_raised(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_dot(tmp_path / "bin", 'echo "Error: syntax error in line 1" >&2\nexit 1')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = csj("render", FULL_EXAMPLE, "--out", tmp_path / "out", "-f", "svg")
    assert result.code == 2
    assert "2 diagrams could not be laid out" in result.err
    for view in ("map", "flow"):
        message = f"failed on the {view} view of freshbox-subscriber (svg): Error: syntax error"
        assert message in result.err
    assert "Traceback" not in result.err


def test_version_names_the_engine_in_use(
    csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert f"Graphviz engine: system dot ({REAL_DOT})" in csj("--version").out
    hide_engines(monkeypatch, tmp_path, bundled=False)
    assert "Graphviz engine: graphviz-pure 0.2" in csj("--version").out
    hide_engines(monkeypatch, tmp_path, bundled=True)
    assert "Graphviz engine: none found" in csj("--version").out

"""`csjourney render` on every example: the files it promises, with the right
structure, byte-identical on a second run, and the inputs left untouched."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult
from csjourney.core import run
from csjourney.model import Journey
from render.render_support import parse_mermaid_journey, svg_text

EXAMPLE_INPUTS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def _journeys(path: Path) -> list[Journey]:
    report = run([path])
    return [journey for _, journey in report.workspace.journeys()]


def _digest(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("example", EXAMPLE_INPUTS, ids=lambda p: p.name)
def test_default_render_writes_documented_files_with_real_structure(
    example: Path, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = csj("render", example, "--out", out)
    assert result.code == 0, result.err
    journeys = _journeys(example)
    assert journeys
    expected = {"index.html", ".csjourney-manifest.json"}  # the manifest of render --clean
    for journey in journeys:
        expected |= {f"{journey.id}.{suffix}" for suffix in ("map.svg", "flow.svg", "md", "html")}
    assert {p.name for p in out.iterdir()} == expected
    assert f"Open {out / 'index.html'}" in result.out

    for journey in journeys:
        for view in ("map", "flow"):
            text = svg_text(out / f"{journey.id}.{view}.svg")
            for stage in journey.stages:
                assert " ".join(stage.name.split()) in text, f"{stage.name!r} missing from {view}"
        markdown = (out / f"{journey.id}.md").read_text(encoding="utf-8")
        block = re.search(r"^```mermaid\n(.*?)^```$", markdown, re.DOTALL | re.MULTILINE)
        assert block, "no ```mermaid block in the Markdown report"
        _, sections = parse_mermaid_journey(block.group(1))
        assert len(sections) == len(journey.stages)
        for (section, tasks), stage in zip(sections, journey.stages, strict=True):
            assert section == stage.name.replace(":", "\u2236")
            assert len(tasks) == max(1, len(stage.touchpoints))
            assert all(1 <= score <= 5 for _, score, _ in tasks)
        assert f"]({journey.id}.map.svg)" in markdown and f"]({journey.id}.flow.svg)" in markdown
        page = (out / f"{journey.id}.html").read_text(encoding="utf-8")
        assert page.count("<svg") >= 3, "map, flow and the emotion curve are inline"
        assert journey.title.replace("&", "&amp;") in page
    index = (out / "index.html").read_text(encoding="utf-8")
    for journey in journeys:
        assert f'href="{journey.id}.html"' in index


def test_rendering_twice_gives_identical_bytes_with_each_engine(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    everything = "svg,png,dot,md,html,mermaid"
    for engine in ("system", "bundled"):
        first, second = tmp_path / f"{engine}-1", tmp_path / f"{engine}-2"
        for out in (first, second):
            result = csj("render", EXAMPLES, "--out", out, "-f", everything, "--engine", engine)
            assert result.code == 0, result.err
        assert _digest(first) == _digest(second), f"{engine}: output differs between runs"
        # Per journey: 2 views x (svg, png, dot), then md, mmd and html; plus index.html
        # and the manifest of render --clean.
        assert len(_digest(first)) == 5 * (2 * 3 + 3) + 2


def test_pdf_from_system_dot_is_repeatable(csj: Callable[..., CliResult], tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = csj("render", FULL_EXAMPLE, "--out", out, "-f", "pdf", "--engine", "system")
        assert result.code == 0, result.err
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))})
    assert sorted(outputs[0]) == ["freshbox-subscriber.flow.pdf", "freshbox-subscriber.map.pdf"]
    assert all(data.startswith(b"%PDF-") for data in outputs[0].values())
    assert outputs[0] == outputs[1]


def test_inputs_are_never_touched(csj: Callable[..., CliResult], tmp_path: Path) -> None:
    before = _digest(EXAMPLES)
    result = csj("render", EXAMPLES, "--out", tmp_path / "out", "-f", "svg,md,html,mermaid,dot")
    assert result.code == 0, result.err
    assert _digest(EXAMPLES) == before


def test_formats_and_views_select_exactly_those_files(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = csj("render", FULL_EXAMPLE, "--out", out, "--format", "dot,mermaid", "--view", "flow")
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == [
        ".csjourney-manifest.json",
        "freshbox-subscriber.flow.dot",
        "freshbox-subscriber.mmd",
    ]
    dot = (out / "freshbox-subscriber.flow.dot").read_text(encoding="utf-8")
    assert dot.startswith("digraph journey_flow {")
    mermaid = (out / "freshbox-subscriber.mmd").read_text(encoding="utf-8")
    assert mermaid.startswith("journey\n    title Freshbox meal-kit subscriber journey\n")


def test_html_pages_are_self_contained(csj: Callable[..., CliResult], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert csj("render", EXAMPLES, "--out", out, "-f", "html").code == 0
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 6
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        assert "<script" not in html
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), page.name
        assert "@media print" in html
        assert '<html lang="en">' in html
    journey_pages = [p for p in pages if p.name != "index.html"]
    assert all('role="img" aria-label=' in p.read_text(encoding="utf-8") for p in journey_pages)
    # No SVG files were asked for, so the pages must not link to any.
    assert not list(out.glob("*.svg"))
    assert ".svg" not in (out / "trial-to-paid.html").read_text(encoding="utf-8")

"""The HTML pages on paper, printed by Chromium (Playwright's `page.pdf()`), and
`--format page-pdf`, the journey page as a PDF file.

Every page of every example and of a 30-stage map, at A4 and at Letter: in the
print media at the paper's printable width, nothing is wider than the page (so
nothing is cut off on paper: the emotion curve and the diagrams scale to fit),
and the printed PDF has pages. Chromium comes from the system
(scripts/system-deps.sh installs it); without it these tests fail, by design.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FULL_EXAMPLE, ROOT, CliResult
from csjourney.render import pdf
from render.browser_support import browser
from render.print_support import render_pages

__all__ = ["browser"]  # the fixture, used by name

MM_PER_INCH, CSS_PX_PER_INCH = 25.4, 96
PAPERS = {"A4": 210.0, "Letter": 215.9}  # width in mm, portrait
STYLE = ROOT / "src" / "csjourney" / "render" / "templates" / "style.css"
# Every element reaching past the page's right edge, and every box whose content
# is wider than the page (it would scroll on screen, and is cut off on paper).
# SVG elements have no scroll box: their bounding box says where they are drawn.
OVERFLOWING = """width => [...document.querySelectorAll('body *')]
    .map(e => [e, Math.max(e.getBoundingClientRect().right,
                           e instanceof HTMLElement ? e.scrollWidth : 0)])
    .filter(([e, right]) => right > width + 1)
    .map(([e, right]) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') || ''}`
        + ` reaches ${Math.round(right)}px`)"""


def printable_width(paper: str) -> int:
    """CSS pixels between the margins of a portrait page."""
    return int((PAPERS[paper] - 2 * pdf.MARGIN_MM) / MM_PER_INCH * CSS_PX_PER_INCH)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def test_every_page_fits_the_paper_and_prints_to_pages(
    browser: Any, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    paths = render_pages(csj, tmp_path)
    assert len(paths) == 8  # examples: the index and five journeys; the long map: two
    margin = f"{pdf.MARGIN_MM}mm"
    page = browser.new_page()
    try:
        for path in paths:
            page.goto(path.as_uri(), wait_until="load")
            for paper in PAPERS:
                width = printable_width(paper)
                page.set_viewport_size({"width": width, "height": 1000})
                page.emulate_media(media="print")
                wide = page.evaluate(OVERFLOWING, width)
                assert wide == [], f"{path.name} on {paper} ({width}px): {wide}"
                for selector in ("svg.chart.curve", "svg.diagram"):  # scaled, so whole
                    for box in page.locator(selector).evaluate_all(
                        "all => all.map(e => e.getBoundingClientRect().width)"
                    ):
                        assert 0 < box <= width + 0.5, (path.name, selector, box)
                data = page.pdf(
                    format=paper, margin=dict.fromkeys(("top", "right", "bottom", "left"), margin)
                )
                assert data.startswith(b"%PDF-") and page_count(data) >= 1, (path.name, paper)
                if "long" in path.parent.name and path.name != "index.html":
                    assert page_count(data) > 2, "thirty stages fit on two pages?"
            page.emulate_media(media="screen")
    finally:
        page.close()


def test_the_print_margin_is_the_one_page_pdf_prints_with() -> None:
    css = STYLE.read_text(encoding="utf-8")
    assert re.search(r"@page\s*\{[^}]*\bmargin:\s*(\d+)mm", css)[1] == str(pdf.MARGIN_MM)  # type: ignore[index]


def _cli(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process: Playwright's sync API runs once per process."""
    command = [sys.executable, "-m", "csjourney", *map(str, args)]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_page_pdf_prints_each_journey_page_the_same_every_time(tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        result = _cli("render", FULL_EXAMPLE, "-o", tmp_path / run, "-f", "page-pdf", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / run).glob("[!.]*")})
    assert sorted(outputs[0]) == ["freshbox-subscriber.pdf"], "one PDF per journey, no index"
    data = outputs[0]["freshbox-subscriber.pdf"]
    assert outputs[0] == outputs[1], "two runs printed different bytes"
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert page_count(data) >= 3
    assert b"(D:19700101000000+00'00')" in data and b"/CreationDate (D:2" not in data
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "a" / "freshbox-subscriber.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Freshbox meal-kit subscriber journey" in text
    assert "Emotion curve" in text and "9. Advocacy" in text, "the last stage is on paper"
    # The page is portrait; the diagrams, wide, print on landscape pages of their own.
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(tmp_path / "a" / "freshbox-subscriber.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    sizes = re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)
    landscape = [int(n) for n, w, h in sizes if float(w) > float(h)]
    assert sizes and 1 not in landscape and landscape, sizes
    on_landscape = subprocess.run(
        ["pdftotext", "-f", str(landscape[0]), "-l", str(landscape[-1]),
         str(tmp_path / "a" / "freshbox-subscriber.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Journey map" in on_landscape and "Flow" in on_landscape, on_landscape[:300]


# --paper -> (width, height) of a portrait page in PDF points.
PAPER_POINTS = {"a4": (595.92, 842.88), "letter": (612.0, 792.0)}


@pytest.mark.parametrize("paper", sorted(PAPER_POINTS))
def test_page_pdf_prints_on_the_paper_asked_for(paper: str, tmp_path: Path) -> None:
    result = _cli("render", FULL_EXAMPLE, "-o", tmp_path, "-f", "page-pdf", "--paper", paper,
                  cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(tmp_path / "freshbox-subscriber.pdf")],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    sizes = {(float(w), float(h)) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+)", info)}
    width, height = PAPER_POINTS[paper]
    assert sizes == {(width, height), (height, width)}, sizes  # portrait, and the diagrams'


def test_an_unknown_paper_is_a_usage_error_with_the_choices(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    result = csj("render", FULL_EXAMPLE, "-o", tmp_path / "out", "-f", "page-pdf", "--paper", "a5")
    assert result.code == 2
    assert "--paper" in result.err and "a4" in result.err and "letter" in result.err
    assert not (tmp_path / "out").exists()


MISSING = {
    "no Playwright": ("find_spec", "needs Playwright, which is not installed"),
    "no Chromium": ("no_chromium", "needs a Chromium, and none was found"),
}


@pytest.mark.parametrize("case", MISSING)
def test_page_pdf_without_its_tools_says_what_to_install(
    case: str, csj: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch, message = MISSING[case]
    if patch == "find_spec":
        import importlib.util

        real = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util,
            "find_spec",
            lambda name, *a: None if name == "playwright" else real(name, *a),
        )
    else:
        monkeypatch.setattr(pdf, "_system_chromium", lambda: None)
        monkeypatch.setattr(pdf, "_bundled_chromium", lambda: tmp_path / "no-such-chromium")
    result = csj("render", FULL_EXAMPLE, "-o", tmp_path / "out", "-f", "html,page-pdf")
    assert result.code == 2, result.err
    assert message in result.err and "pip install playwright" in result.err, result.err
    assert "apt-get install chromium" in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists(), "refused before anything was written"

"""User text reaches every output as text: HTML, SVG (via DOT), Markdown, Mermaid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Csj
from csjourney.render.escape import (
    dot_html,
    md_cell,
    md_code,
    md_inline,
    wrap,
)
from csjourney.render.mermaid import mermaid_text
from render.render_support import (
    HOSTILE_SEGMENT,
    HOSTILE_STAGE,
    HOSTILE_TITLE,
    HOSTILE_TOUCHPOINT,
    SVG_NS,
    XSS,
    parse_mermaid_journey,
    svg_text,
    write_hostile_map,
)


def test_dot_html_turns_markup_into_entities() -> None:
    assert dot_html("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
    assert dot_html("bell\x07 and tab\t") == "bell and tab\t"


def test_markdown_cells_keep_table_shape_and_show_markup_as_text() -> None:
    assert md_cell("a | b\nc") == "a \\| b<br>c"
    assert md_inline("<script>*x*_y_ [l](u) `c`") == (
        "&lt;script&gt;\\*x\\*\\_y\\_ \\[l\\](u) \\`c\\`"
    )
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"


def test_mermaid_text_avoids_every_reserved_token() -> None:
    assert mermaid_text("Step 1: sign up; #2 %% done") == (
        "Step 1\u2236 sign up\uff1b \uff032 %\u200b% done"
    )
    assert mermaid_text("%%%") == "\u200b%\u200b%\u200b%"
    assert mermaid_text("Title sponsor").startswith("\u200b")
    assert mermaid_text("journey map").startswith("\u200b")
    assert mermaid_text("journeyman") == "journeyman"
    assert mermaid_text("Entitled users") == "Entitled users"
    assert mermaid_text("a<br>b <i>") == "a<\u200bbr>b <\u200bi>"
    assert mermaid_text("A, B", "actor") == "A\u201a B"
    assert mermaid_text("A: <b> & C", "title") == "A: \uff1cb> & C"
    assert mermaid_text("x: y", "section") == "x\u2236 y"
    assert mermaid_text("two\nlines") == "two lines"


def test_wrap_cuts_only_overlong_words_and_keeps_paragraphs() -> None:
    assert wrap("a well-known hyphenated word", 12) == ["a well-known", "hyphenated", "word"]
    assert wrap("https://example.com/long", 10) == ["https://ex", "ample.com/", "long"]
    assert wrap("one\ntwo", 40) == ["one", "two"]


@pytest.mark.parametrize("engine", ["system", "bundled"])
def test_hostile_names_reach_the_svg_as_text(engine: str, csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = csj(
        "render", write_hostile_map(tmp_path), "--out", out, "-f", "svg,dot", "--engine", engine
    )
    assert result.code == 0, result.err
    for view in ("map", "flow"):
        svg = out / f"hostile-map.{view}.svg"
        # Parsed as XML; compared without white space, which wrapping moves.
        text = "".join(svg_text(svg).split())
        names = (HOSTILE_TITLE, HOSTILE_STAGE, HOSTILE_TOUCHPOINT, "Renewal: & done", "Mail #2; %%")
        for name in (*names, "Pain <script>alert(5)</script> & 'single'"):
            assert "".join(name.split()) in text, (view, name)
        assert not [e for e in _elements(svg) if e in {"script", "img", "iframe", "b", "i"}]
        dot = (out / f"hostile-map.{view}.dot").read_text(encoding="utf-8")
        assert "<script>" not in dot and "&lt;script&gt;" in dot


def _elements(svg: Path) -> set[str]:
    import xml.etree.ElementTree as ET

    return {e.tag.removeprefix(SVG_NS) for e in ET.parse(svg).getroot().iter()}


def test_hostile_names_in_markdown_are_literal_and_tables_keep_their_columns(
    csj: Csj, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert csj("render", write_hostile_map(tmp_path), "--out", out, "-f", "md").code == 0
    markdown = (out / "hostile-map.md").read_text(encoding="utf-8")
    outside_code = re.sub(r"```mermaid\n.*?```", "", markdown, flags=re.DOTALL)
    assert "<script" not in outside_code and "<img" not in outside_code
    assert outside_code.startswith('# &lt;script&gt;alert(1)&lt;/script&gt; &amp; "quoted" \\|')
    assert "\n\\# not a heading" in outside_code and "\n\\- not a list" in outside_code
    for table in re.findall(r"(?:^\|.*\|\n)+", outside_code, flags=re.MULTILINE):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, f"a cell broke its table:\n{table}"


def test_markdown_renders_hostile_names_as_text_in_a_commonmark_renderer(
    csj: Csj, tmp_path: Path
) -> None:
    """markdown-it-py (CommonMark plus GFM tables, raw HTML allowed, as on GitHub
    before its sanitizer) must show every name as the text it is."""
    import html

    from markdown_it import MarkdownIt

    out = tmp_path / "out"
    assert csj("render", write_hostile_map(tmp_path), "--out", out, "-f", "md").code == 0
    rendered = (
        MarkdownIt("commonmark")
        .enable("table")
        .render((out / "hostile-map.md").read_text(encoding="utf-8"))
    )
    for tag in ("<script", "<img src=x", "<iframe", "<b>", "<i>", "<u>", "<em>"):
        assert tag not in rendered, tag
    assert f"<h1>{html.escape(HOSTILE_TITLE)}</h1>" in rendered
    assert f"<h3>1. {html.escape(HOSTILE_STAGE)} (no phase)</h3>" in rendered
    pain_row = re.search(r"<tr>\s*<td>🟥 critical</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", rendered)
    assert pain_row, "the pain point table lost its shape"
    assert pain_row.group(1) == html.escape(
        "Pain <script>alert(5)</script> & 'single'", quote=False
    )
    assert pain_row.group(2) == html.escape(HOSTILE_STAGE)


def test_hostile_names_in_mermaid_parse_as_the_tasks_they_are(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert csj("render", write_hostile_map(tmp_path), "--out", out, "-f", "mermaid").code == 0
    title, sections = parse_mermaid_journey((out / "hostile-map.mmd").read_text(encoding="utf-8"))
    back = str.maketrans(
        {"\u2236": ":", "\uff03": "#", "\uff1b": ";", "\uff1c": "<", "\u200b": None}
    )
    assert title.translate(back) == HOSTILE_TITLE
    assert [s.translate(back) for s, _ in sections] == [HOSTILE_STAGE, "Renewal: & done"]
    tasks = sections[0][1]
    assert [t.translate(back) for t, _, _ in tasks] == [
        HOSTILE_TOUCHPOINT,
        "journey title section: Title sponsor",
    ]
    assert tasks[0][1] == 1  # emotion -2 -> score 1
    # An actor list is split at commas, so a comma in a segment name is a look-alike.
    assert [a.translate(back) for a in tasks[0][2]] == [HOSTILE_SEGMENT.replace(",", "\u201a")]


def test_hostile_names_in_html_are_escaped_text(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = csj("render", write_hostile_map(tmp_path), "--out", out, "-f", "html,svg")
    assert result.code == 0, result.err
    for page in ("hostile-map.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<script" not in html and "<img" not in html and "<iframe" not in html
        assert 'href="javascript' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = (out / "hostile-map.html").read_text(encoding="utf-8")
    assert "&lt;em&gt;pts&lt;/em&gt;" in page  # a metric unit
    assert XSS not in page

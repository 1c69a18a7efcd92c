"""Markdown meant for a pull-request comment cannot be turned against its readers.

`diff --format markdown` and render's `.md` report carry names from maps. Each
hostile name below is put into a map, the real command makes the Markdown, and
a CommonMark renderer (markdown-it-py, with GFM tables) turns it into HTML;
the assertions are on that HTML, as GitHub would show it:
- no block (heading, list, HTML block, comment) starts inside a name;
- no HTML tag from a name survives;
- no text outside code that GitHub would turn into a mention (`@name`) or a
  link (`scheme://`, `www.`), which is how GitHub's autolinker reads text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import CliResult

Csj = Callable[..., CliResult]

HOSTILE = {
    "crlf-heading": "Onboarding\r\n# Injected heading",
    "cr-heading": "Onboarding\r# Injected heading",
    "blank-line-then-html": "Onboarding\n\n<div>Injected block</div>",
    "list-item": "Onboarding\r\n- injected item",
    "mention": "cc @alice and @acme/security-team",
    "email": "write to ops@example.com",
    "url": "see https://evil.example/login and http://x.example",
    "www": "visit www.evil.example today",
    "img-tag": "<img src=x onerror=alert(1)>",
    "script-tag": "<script>alert(1)</script>",
    "comment-hides-the-rest": "<!-- everything after this is hidden",
    "link-syntax": "[click me](https://evil.example)",
    "autolink-syntax": "<https://evil.example>",
    "math": "$\\begin{bmatrix}x\\end{bmatrix}$",
    "fence": "```\ncode fence",
    "table-pipe": "a | b | c",
    "entity": "&lt;b&gt; &#64;alice",
}

_MENTION = re.compile(r"(?<![\w`])@[A-Za-z0-9]")
_AUTOLINK = re.compile(r"(?:https?|ftp)://|\bwww\.", re.IGNORECASE)
_TAGS_WE_WRITE = {
    "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "b", "blockquote",
    "br", "img", "a", "hr",
}  # fmt: skip


class _Reader(HTMLParser):
    """The rendered page as GitHub's filters see it: tags, and text outside code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self.comments: list[str] = []
        self._code = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("code", "pre"):
            self._code += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre"):
            self._code -= 1
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if not self._code:
            self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _read(markdown: str) -> _Reader:
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    reader = _Reader()
    reader.feed(html)
    return reader


def _assert_inert(markdown: str, hostile: str) -> None:
    page = _read(markdown)
    assert not set(page.tags) - _TAGS_WE_WRITE, set(page.tags) - _TAGS_WE_WRITE
    assert "script" not in page.tags and not page.comments
    assert not [h for h in page.headings if h.startswith("Injected")], page.headings
    text = "".join(page.text)
    assert not _MENTION.search(text), _MENTION.findall(text)
    assert not _AUTOLINK.search(text), _AUTOLINK.findall(text)
    assert "injected item" not in [item.strip() for item in page.text]
    # What the reader sees still says what the map says (zero-width spaces aside).
    visible = text.replace("\u200b", "")
    for word in re.findall(r"[A-Za-z]{4,}", hostile):
        assert word in visible or word in markdown, word


def _workspace(root: Path, stage_name: str, title: str) -> Path:
    root.mkdir()
    (root / "csjourney.toml").write_text("", encoding="utf-8")
    stage = json.dumps(stage_name)
    journey_title = json.dumps(title)
    (root / "map.yaml").write_text(
        "csjourney: 1\njourney:\n  id: trial\n"
        f"  title: {journey_title}\n  segments: [smb]\n  reviewed: 2026-11-01\n"
        f"  stages:\n    - id: onboarding\n      name: {stage}\n"
        f"      description: {stage}\n"
        "      touchpoints:\n"
        f"        - {{id: setup, name: {stage}, channel: in-app, owner: growth}}\n"
        "segments:\n  - id: smb\n    name: Small businesses\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("name", HOSTILE)
def test_diff_markdown_keeps_hostile_names_inert(csj: Csj, tmp_path: Path, name: str) -> None:
    old = _workspace(tmp_path / "old", "Onboarding", "Trial")
    new = _workspace(tmp_path / "new", HOSTILE[name], HOSTILE[name])
    result = csj("diff", old, new, "--format", "markdown", "--today", "2026-11-28")
    assert result.code == 0, result.err
    assert "renamed stage" in result.out
    _assert_inert(result.out, HOSTILE[name])


def test_diff_markdown_folded_section_title_cannot_end_the_html_block(
    csj: Csj, tmp_path: Path
) -> None:
    # More than eight changes fold into <details> when several journeys change (here a
    # second one is added); the journey title is in raw HTML there.
    title = "Trial\n\n# Injected heading @alice https://evil.example"
    old = _workspace(tmp_path / "old", "Onboarding", "Trial")
    new = _workspace(tmp_path / "new", "Renamed", title)
    second = (new / "map.yaml").read_text(encoding="utf-8").split("segments:\n  - id")[0]
    (new / "second.yaml").write_text(second.replace("id: trial", "id: second"))
    text = (new / "map.yaml").read_text(encoding="utf-8")
    extra = "".join(
        f"        - {{id: t{i}, name: T{i}, channel: in-app, owner: growth}}\n" for i in range(10)
    )
    (new / "map.yaml").write_text(text.replace("segments:\n  - id", extra + "segments:\n  - id"))
    result = csj("diff", old, new, "--format", "markdown", "--today", "2026-11-28")
    assert "<details><summary>" in result.out
    _assert_inert(result.out, title)


@pytest.mark.parametrize("name", HOSTILE)
def test_render_markdown_report_keeps_hostile_names_inert(
    csj: Csj, tmp_path: Path, name: str
) -> None:
    workspace = _workspace(tmp_path / "ws", HOSTILE[name], HOSTILE[name])
    result = csj("render", workspace, "--format", "md", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    report = (tmp_path / "out" / "trial.md").read_text(encoding="utf-8")
    # The Mermaid block is code (GitHub draws it in a sandbox); the rest is prose.
    prose = re.sub(r"```mermaid\n.*?\n```\n", "", report, flags=re.DOTALL)
    _assert_inert(prose, HOSTILE[name])

"""Lint messages in the reports: `code` spans become <code> in HTML and stay code in
Markdown, names are escaped text, and no raw backtick reaches a reader."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from ruamel.yaml import YAML

from conftest import EXAMPLES, CliResult
from csjourney.core import Options, run
from csjourney.lint.registry import RULES
from csjourney.render.escape import code_spans, html_message, md_message

Csj = Callable[..., CliResult]
LINT_CASES = Path(__file__).parents[1] / "lint" / "cases"

SPANS = [
    ("metric `x` is off", [("metric ", False), ("x", True), (" is off", False)]),
    ("add `improves: [a, b]`, or", [("add ", False), ("improves: [a, b]", True), (", or", False)]),
    ("no backticks", [("no backticks", False)]),
    # A stray backtick in a name is text; the code span after it still is code.
    ("stage Don`t (s) has `x`", [("stage Don`t (s) has ", False), ("x", True)]),
    ("unclosed `code", [("unclosed `code", False)]),
    ("``a`b`` here", [("a`b", True), (" here", False)]),
    ("`` `x` ``", [("`x`", True)]),
    ("word`s` glued", [("word`s` glued", False)]),
    ("two\nlines", [("two lines", False)]),
]


@pytest.mark.parametrize(("message", "pieces"), SPANS)
def test_code_spans_split_a_message_into_text_and_code(
    message: str, pieces: list[tuple[str, bool]]
) -> None:
    assert code_spans(message) == pieces


def test_html_message_escapes_text_and_code_alike() -> None:
    html = str(html_message("stage <b>x</b> & `<script>` (s) has `a&b`"))
    assert html == (
        "stage &lt;b&gt;x&lt;/b&gt; &amp; <code>&lt;script&gt;</code> (s) has <code>a&amp;b</code>"
    )


def test_md_message_keeps_code_as_code_and_escapes_the_rest() -> None:
    assert md_message("stage *x* | @bob has `a|b`") == "stage \\*x\\* \\| @&#x200b;bob has `a\\|b`"


def _case_messages(tmp_path: Path) -> list[str]:
    """Every message and hint the lint case files produce, from every rule."""
    texts: list[str] = []
    yaml = YAML(typ="safe")
    for number, case_file in enumerate(sorted(LINT_CASES.glob("*.yaml"))):
        spec = yaml.load(case_file.read_text(encoding="utf-8"))
        for index, case in enumerate(spec["cases"]):
            root = tmp_path / f"{number}-{index}"
            for name, text in case["files"].items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_text(text, encoding="utf-8")
            (root / "csjourney.toml").write_text(case.get("config") or "", encoding="utf-8")
            today = case.get("today", spec.get("today"))
            options = Options(select=("ALL",), **({"today": today} if today else {}))
            for d in run([root], options).diagnostics:
                texts += [d.message, *([d.hint] if d.hint else [])]
    return texts


def test_no_lint_message_leaves_a_raw_backtick_in_a_report(tmp_path: Path) -> None:
    texts = _case_messages(tmp_path)
    assert len({t for t in texts}) > len(RULES) * 2
    for text in texts:
        prose = "".join(piece for piece, code in code_spans(text) if not code)
        assert "`" not in prose, text
        assert "`" not in str(html_message(text)), text


class _Cells(HTMLParser):
    """The findings table of a page: each message cell's text outside <code>, and its codes."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, Any]] = []
        self._in: dict[str, Any] | None = None
        self._code = False
        self._column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._column = 0
        elif tag == "td":
            self._column += 1
            if self._column == 4:
                self._in = {"text": "", "code": []}
                self.cells.append(self._in)
        elif tag == "code" and self._in is not None:
            self._code = True
            self._in["code"].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in = None
        elif tag == "code":
            self._code = False

    def handle_data(self, data: str) -> None:
        if self._in is None:
            return
        if self._code:
            self._in["code"][-1] += data
        else:
            self._in["text"] += data


def _findings_html(page: str) -> list[dict[str, Any]]:
    section = page.split('id="h-findings"', 1)[1]
    parser = _Cells()
    parser.feed(section)
    return parser.cells


def test_the_html_report_names_items_and_shows_code_as_code(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = csj("render", EXAMPLES / "b2b-saas", "--out", out, "-f", "html,md")
    assert result.code == 0, result.err
    cells = _findings_html((out / "enterprise-named-csm.html").read_text(encoding="utf-8"))
    assert cells and all("`" not in cell["text"] for cell in cells)
    first = next(c for c in cells if "(ent-exec-meetings)" in c["text"])
    assert first["text"].startswith(
        "metric First executive meetings per quarter (ent-exec-meetings) is off target: "
        "current 38 is below the target of 45 (higher is better)"
    )
    assert first["code"] == ["improves: [ent-exec-meetings]"]
    named = next(c for c in cells if "technical-account-managers" in c["text"])
    assert (
        "check that initiative Named technical account manager for top 30 accounts "
        in named["text"]
    )
    # The index lists the first findings of each journey the same way.
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "metric First executive meetings per quarter (ent-exec-meetings) is off" in index


def test_the_markdown_report_keeps_code_spans_as_code(csj: Csj, tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "csjourney.toml").write_text("", encoding="utf-8")
    (workspace / "map.yaml").write_text(
        "csjourney: 1\nsegments:\n  - {id: smb, name: Small business, needs: [Speed]}\n"
        "journey:\n  id: trial\n  title: Trial\n  segments: [smb]\n  reviewed: 2026-11-01\n"
        "  stages:\n    - id: onboarding\n      name: 'Pay `now` | *today*'\n"
        "      exit_criteria: Done\n"
        "      touchpoints: [{id: t, name: Tour, channel: in-app, owner: growth}]\n"
        "      metrics: [{id: m, name: Activated, type: activation, target: 60, current: 61}]\n"
        "      initiatives:\n        - {id: i, name: Fix it, owner: growth, status: planned,"
        " due: 2026-10-01, improves: [m]}\n",
        encoding="utf-8",
    )
    result = csj(
        "render", workspace, "--out", tmp_path / "out", "-f", "md", "--today", "2026-11-28"
    )
    assert result.code == 0, result.err
    report = (tmp_path / "out" / "trial.md").read_text(encoding="utf-8")
    findings = report.split("## Findings", 1)[1]
    assert "initiative Fix it (i) was due 2026-10-01 (58 days ago) and is still `planned`" in (
        findings
    )
    html = MarkdownIt("commonmark").enable("table").render(findings)
    assert "is still <code>planned</code>" in html
    assert "`" not in re.sub(r"<code>.*?</code>", "", html)

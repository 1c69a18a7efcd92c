"""The HTML report in a real browser: Debian's Chromium, driven by Playwright.

Every page loads with no console error and no request but its own, shows
something (the screenshot is not blank), and a map whose names are markup
shows them as text and runs nothing. Chromium comes from the system
(scripts/system-deps.sh installs it); without it this test fails, by design.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import EXAMPLES, CliResult
from render.browser_support import browser
from render.render_support import (
    HOSTILE_STAGE,
    HOSTILE_TITLE,
    HOSTILE_TOUCHPOINT,
    colour_count,
    write_hostile_map,
)

__all__ = ["browser"]  # the fixture, used by name


class Visit:
    """One page load with everything the page did recorded."""

    def __init__(self, context: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: self._console(message.type, message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(200)  # let anything deferred happen before we look

    def _console(self, kind: str, text: str) -> None:
        if kind == "error":
            self.errors.append(text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def _render(csj: Callable[..., CliResult], source: Path, out: Path) -> list[Path]:
    result = csj("render", source, "--out", out, "-f", "svg,md,html")
    assert result.code == 0, result.err
    return sorted(out.glob("*.html"))


def test_every_page_loads_cleanly_offline_and_shows_something(
    browser: Any, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    pages = _render(csj, EXAMPLES, tmp_path / "examples")
    assert len(pages) == 6  # the index and five journeys
    for path in pages:
        visit = Visit(browser, path)
        try:
            assert visit.errors == [], (path.name, visit.errors)
            assert visit.requests == [visit.url], (path.name, visit.requests)
            assert visit.page.locator("h1").count() == 1
            shot = visit.page.screenshot()
            assert colour_count(shot) > 20, f"{path.name} looks blank"
            if path.name != "index.html":
                assert visit.page.locator("svg.diagram").count() == 2, "map and flow inline"
                label = visit.page.locator("svg.diagram").first.get_attribute("aria-label")
                assert label and label.startswith("Journey map of ")
        finally:
            visit.page.close()


def test_markup_in_names_shows_as_text_and_runs_nothing(
    browser: Any, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    pages = _render(csj, write_hostile_map(tmp_path), tmp_path / "out")
    for path in pages:
        visit = Visit(browser, path)
        try:
            assert visit.dialogs == [], f"{path.name} ran a script: {visit.dialogs}"
            assert visit.errors == []
            assert visit.requests == [visit.url], "an injected tag made a request"
            page = visit.page
            assert page.evaluate("document.querySelectorAll('script, iframe, img').length") == 0
            if path.name == "index.html":
                assert HOSTILE_TITLE in page.inner_text("body")
                continue
            assert page.inner_text("h1") == HOSTILE_TITLE
            body = page.inner_text("body")
            for text in (HOSTILE_STAGE, HOSTILE_TOUCHPOINT, "Fix | it <u>now</u>"):
                assert text in body, text
            diagram = " ".join((page.locator("svg.diagram").first.text_content() or "").split())
            assert " ".join(HOSTILE_TITLE.split()) in diagram
        finally:
            visit.page.close()


def test_findings_show_code_in_a_code_font_and_no_backticks(
    browser: Any, csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    pages = _render(csj, EXAMPLES / "b2b-saas", tmp_path / "out")
    visit = Visit(browser, next(p for p in pages if p.name == "enterprise-named-csm.html"))
    try:
        card = visit.page.locator("section[aria-labelledby=h-findings]")
        text = card.inner_text()
        assert "metric First executive meetings per quarter (ent-exec-meetings) is off" in text
        assert "`" not in text
        code = card.locator("td span.muted code").first
        assert code.inner_text() == "improves: [ent-exec-meetings]"
        font = code.evaluate("element => getComputedStyle(element).fontFamily")
        body_font = visit.page.evaluate("getComputedStyle(document.body).fontFamily")
        assert font != body_font, "code in a message looks like the text around it"
    finally:
        visit.page.close()

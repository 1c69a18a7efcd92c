"""The live preview in a real browser: the real `csjourney serve` process, Chromium.

The index is opened once; the test then only edits files on disk and waits, never
reloading: a renamed journey shows within 2 s of the save, a broken map shows its
diagnostics in place of the report, and the fixed map brings the report back. The
page never requests anything but the server's own pages and event stream.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from render.browser_support import browser
from serve.serve_support import Served, workspace_copy

__all__ = ["browser"]  # the fixture, used by name

OLD_TITLE = "SMB digital customer success journey"
NEW_TITLE = "SMB self-serve journey, renamed while the page was open"
RELOAD_SECONDS = 2.0
# Chromium screenshots of both states, for a person to look at (kept in the test's tmp).
SHOTS = ("normal.png", "problems.png")


def _shows(page: Any, text: str, seconds: float, served: Served) -> float:
    """Seconds until the page's body contains `text` (an assertion after `seconds`)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.monotonic()
    try:
        page.wait_for_function(
            "text => document.body && document.body.innerText.includes(text)",
            arg=text,
            timeout=seconds * 1000,
            polling=50,
        )
    except PlaywrightTimeout:
        raise AssertionError(
            f"{text!r} not shown within {seconds} s; serve said:\n{served.output()}"
        ) from None
    return time.monotonic() - started


def _save(path: Path, text: str) -> None:
    """Write as an editor does: a new file renamed over the old one."""
    temporary = path.with_name(path.name + ".saving")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def test_a_saved_edit_a_broken_map_and_its_fix_show_without_a_reload(
    browser: Any, tmp_path: Path
) -> None:
    workspace = workspace_copy(tmp_path)
    journey = workspace / "journeys" / "smb.yaml"
    original = journey.read_text(encoding="utf-8")
    assert f"title: {OLD_TITLE}\n" in original
    with Served(workspace, cwd=tmp_path, tmpdir=tmp_path / "tmp") as served:
        page = browser.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto(served.url + "index.html", wait_until="load")
            assert page.locator("h1").count() == 1
            _shows(page, OLD_TITLE, 5, served)
            page.wait_for_timeout(300)  # the event stream is open before the first save

            _save(journey, original.replace(f"title: {OLD_TITLE}", f"title: {NEW_TITLE}"))
            took = _shows(page, NEW_TITLE, RELOAD_SECONDS, served)
            assert took < RELOAD_SECONDS
            assert OLD_TITLE not in page.inner_text("body")
            page.screenshot(path=str(tmp_path / SHOTS[0]), full_page=False)

            # A key indented under a scalar: a YAML error, which render refuses to draw.
            broken = original.replace("  owner: cs-ops", "  owner: cs-ops\n      oops: [", 1)
            _save(journey, broken)
            _shows(page, "The journey maps have errors", RELOAD_SECONDS, served)
            problems = page.inner_text("#csjourney-serve-problems")
            assert "smb.yaml:" in problems and "CSJ" in problems, problems
            assert NEW_TITLE not in page.inner_text("body"), "the last good render is kept"
            page.screenshot(path=str(tmp_path / SHOTS[1]), full_page=False)

            _save(journey, original)
            _shows(page, OLD_TITLE, RELOAD_SECONDS, served)
            assert page.locator("#csjourney-serve-problems").count() == 0
            assert page.locator("table").count() > 0, "the report itself is back"
        finally:
            page.close()
    assert errors == [], errors
    outside = [url for url in requests if not url.startswith(served.url)]
    assert outside == [], outside
    assert any(url.endswith("/__csjourney/events") for url in requests)

"""The real browser the page tests drive: Debian's Chromium through Playwright.

One fixture for every browser test, launched with the flags `render --format page-pdf`
uses (csjourney.render.pdf), so the tests print and look at pages the way the command
does. Chromium comes from the system (scripts/system-deps.sh installs it); without it
the tests fail, by design.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from csjourney.render.pdf import CHROMIUM_ARGS

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chromium context of its own per test module, 1280 x 900."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run scripts/system-deps.sh"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()

"""`--format page-pdf`: each journey's HTML page printed to `J.pdf` by Chromium,
driven by Playwright for Python. Both are optional: `require_chromium` says what
to install when either is missing, before anything is rendered.

The page is printed as a reader's browser prints it (the print stylesheet in
templates/style.css), on A4 or Letter (`--paper`) with the stylesheet's margins, the
diagrams on pages of their own turned landscape. Chromium writes the time of printing
into the PDF;
`_pin_dates` sets it to 1970-01-01 UTC, as the Graphviz PDFs have it, so the same
page gives the same bytes run after run.
Nothing here is imported until a PDF is asked for: Playwright is slow to import.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from csjourney.errors import UsageError

MARGIN_MM = 12  # the @page margin of templates/style.css (a test holds them equal)
# Where Chromium may be, first the system's (Debian and Ubuntu name it `chromium`).
SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# A headless print needs no GPU, network or profile sync; --no-sandbox lets it run
# as root in a container, where the sandbox cannot start.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL = (
    "install Playwright for Python (`pip install playwright`) and a Chromium "
    "(Debian/Ubuntu: `apt-get install chromium`; elsewhere: `playwright install chromium`)"
)


def _system_chromium() -> str | None:
    return next(filter(None, (shutil.which(name) for name in SYSTEM_CHROMIUMS)), None)


def require_chromium() -> str | None:
    """The Chromium to print with (None: Playwright's own), or a usage error saying
    what to install. Cheap when the system has one: nothing is started."""
    import importlib.util

    if importlib.util.find_spec("playwright") is None:
        raise UsageError(f"--format page-pdf needs Playwright, which is not installed: {INSTALL}")
    system = _system_chromium()
    if system is not None:
        return system
    if not _bundled_chromium().is_file():
        raise UsageError(f"--format page-pdf needs a Chromium, and none was found: {INSTALL}")
    return None


def _bundled_chromium() -> Path:
    """Where `playwright install chromium` puts its Chromium (there or not)."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            return Path(playwright.chromium.executable_path)
    except Error:  # Playwright's driver cannot start: no Chromium to print with either
        return Path()


# The dates Chromium's PDF writer (Skia) puts in the document information,
# `D:20261201205248+00'00'`: the cross-reference table counts bytes past them, so
# each becomes a date of the same length.
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9]{14}([+-][0-9]{2}'[0-9]{2}'|Z)?\)")


def _pin_dates(data: bytes) -> bytes:
    def pinned(match: re.Match[bytes]) -> bytes:
        zone = match.group(2) or b""
        epoch = b"+00'00'" if len(zone) == 7 else zone  # `Z` is UTC already
        return b"/" + match.group(1) + b" (D:19700101000000" + epoch + b")"

    return _DATE.sub(pinned, data)


def print_pages(pages: list[str], executable: str | None, paper: str = "A4") -> list[bytes]:
    """Each HTML page as a PDF on `paper` (A4, Letter), in order. A Chromium that fails
    is a usage error."""
    from playwright.sync_api import Error, sync_playwright

    margin = f"{MARGIN_MM}mm"
    out: list[bytes] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                for html in pages:
                    page.set_content(html, wait_until="load")
                    data = page.pdf(
                        format=paper,
                        print_background=True,
                        margin={"top": margin, "right": margin, "bottom": margin, "left": margin},
                        outline=True,
                        prefer_css_page_size=True,  # the diagrams' landscape pages
                        tagged=True,
                    )
                    out.append(_pin_dates(data))
            finally:
                browser.close()
    except Error as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "no message"
        raise UsageError(f"--format page-pdf: Chromium could not print the page: {first}") from None
    return out

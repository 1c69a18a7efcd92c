"""The output formats of `csjourney render` and the engines that draw them: the one
list `--format` and `--engine` offer.

`render --help`, the error for an unknown name, the pipeline and the engine
module all read these; docs/render.md lists each, and a test holds it to them.
Like render/views.py, this module imports nothing, since the CLI reads it on
every start. A new format is one entry here and its output in render/pipeline.py.
"""

from __future__ import annotations


class RenderFormat:
    """One output format. A plain class, as registry.Lazy is: making a NamedTuple
    or a dataclass class costs a few tenths of a millisecond on every start."""

    __slots__ = ("layout",)

    def __init__(self, *, layout: bool) -> None:
        self.layout = layout  # drawn by a Graphviz engine from each view's DOT


RENDER_FORMATS: dict[str, RenderFormat] = {
    "svg": RenderFormat(layout=True),
    "png": RenderFormat(layout=True),
    "pdf": RenderFormat(layout=True),
    "dot": RenderFormat(layout=False),
    "md": RenderFormat(layout=False),
    "html": RenderFormat(layout=False),
    "mermaid": RenderFormat(layout=False),
    # The journey's HTML page printed by Chromium (render/pdf.py): `J.pdf`.
    "page-pdf": RenderFormat(layout=False),
}
PAGE_PDF = "page-pdf"
# `--paper` choice -> the paper size Chromium prints `page-pdf` on (Playwright's names).
PAPERS: dict[str, str] = {"a4": "A4", "letter": "Letter"}
DEFAULT_FORMATS = ("svg", "md", "html")
LAYOUT_FORMATS = tuple(name for name, entry in RENDER_FORMATS.items() if entry.layout)

# `--engine` choice -> what it picks, for the help.
ENGINES: dict[str, str] = {
    "auto": "system when installed, else bundled",
    "system": "Graphviz `dot` on the PATH",
    "bundled": "graphviz-pure, installed with csjourney",
}

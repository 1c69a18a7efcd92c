"""The output formats of `csjourney diff`: the one list `--format` offers.

A format is a function from a Comparison to the text written; each is imported
only when asked for. A new format is its function (in diff/output.py or a module
of its own) and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from csjourney.registry import Lazy

if TYPE_CHECKING:
    from csjourney.diff.output import Comparison

DiffRenderer = Callable[["Comparison"], str]

DIFF_FORMATS: dict[str, Lazy[DiffRenderer]] = {
    "text": Lazy("csjourney.diff.output:render_text"),
    "markdown": Lazy("csjourney.diff.output:render_markdown"),
    "json": Lazy("csjourney.diff.output:render_json"),
}
DEFAULT_DIFF_FORMAT = "text"

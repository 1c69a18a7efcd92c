"""GitHub Actions workflow commands: each finding becomes an annotation on the PR diff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.safetext import display_path, printable

if TYPE_CHECKING:
    from csjourney.core import Report

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message part, as GitHub's toolkit escapes it; other controls shown escaped."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(text: str) -> str:
    """A property value (file=, title=...): also `:` and `,`, which separate properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        lines = []
        for d in report.diagnostics:
            properties = {
                "file": display_path(d.path),
                "line": str(d.span.line),
                "col": str(d.span.column),
                "endLine": str(d.span.end_line),
                "endColumn": str(d.span.end_column),
                "title": f"{d.code} {d.name}",
            }
            joined = ",".join(
                f"{key}={escape_property(value)}" for key, value in properties.items()
            )
            message = d.message + (f"\n{d.hint}" if d.hint else "")
            lines.append(f"::{_LEVELS[d.severity]} {joined}::{escape_data(message)}")
        return "".join(line + "\n" for line in lines)

"""`path:line:col: severity CODE message`, the form editors and CI logs link up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.safetext import display_path, printable

if TYPE_CHECKING:
    from csjourney.core import Report

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class TextReporter:
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        lines = []
        for d in report.diagnostics:
            location = _paint(f"{display_path(d.path)}:{d.line}:{d.column}:", "1", color)
            severity = _paint(d.severity.label, _COLORS[d.severity], color)
            code = _paint(f"{d.code}", "1", color)
            # One line each: a newline or ESC from a map must not forge or hide a finding.
            lines.append(f"{location} {severity} {code} {printable(d.message)}")
            if d.hint:
                lines.append(f"  {_paint('hint:', '2', color)} {printable(d.hint)}")
        lines.append(self.summary(report, color))
        return "\n".join(lines) + "\n"

    def summary(self, report: Report, color: bool) -> str:
        counts = report.summary()
        files = plural(counts["files"], "file")
        if not report.diagnostics:
            return _paint(f"All checks passed ({files}).", "32", color)
        parts = [
            plural(counts["errors"], "error"),
            plural(counts["warnings"], "warning"),
            plural(counts["infos"], "info"),
        ]
        return f"Found {', '.join(parts)} in {files}."

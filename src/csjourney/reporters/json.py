"""Machine-readable output: one object per diagnostic and a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csjourney.diagnostics import Severity
from csjourney.safetext import display_path, json_document

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diagnostics import Diagnostic


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": display_path(d.path),
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "code": d.code,
        "name": d.name,
        "severity": d.severity.label,
        "message": d.message,
        "hint": d.hint,
    }


class JsonReporter:
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        payload = {
            "diagnostics": [diagnostic_dict(d) for d in report.diagnostics],
            "summary": report.summary(),
        }
        return json_document(payload)

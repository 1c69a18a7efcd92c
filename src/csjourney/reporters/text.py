"""`path:line:col: severity CODE message`, the form editors and CI logs link up.

Options as ruff has them: `quiet` prints the findings and nothing else (no
summary, nothing at all on success), `show_source` adds the offending line
with a caret, and `statistics` prints one count per rule instead of each finding.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.safetext import display_path, printable

if TYPE_CHECKING:
    from pathlib import Path

    from csjourney.core import Report

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class TextReporter:
    quiet: bool = False
    show_source: bool = False
    statistics: bool = False

    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        lines = self._statistics(report) if self.statistics else self._findings(report, color)
        if not self.quiet:
            lines.append(self.summary(report, color))
        return "".join(f"{line}\n" for line in lines)

    def _findings(self, report: Report, color: bool) -> list[str]:
        from csjourney.reporters.excerpt import Sources, excerpt

        sources = Sources(report)
        lines = []
        shown: dict[Path, str] = {}  # a path as shown, once per file: thousands of findings
        for d in report.diagnostics:
            if d.path not in shown:
                shown[d.path] = display_path(d.path)
            location = _paint(f"{shown[d.path]}:{d.line}:{d.column}:", "1", color)
            severity = _paint(d.severity.label, _COLORS[d.severity], color)
            code = _paint(f"{d.code}", "1", color)
            # One line each: a newline or ESC from a map must not forge or hide a finding.
            lines.append(f"{location} {severity} {code} {printable(d.message)}")
            source = excerpt(d, sources) if self.show_source else None
            if source:
                text, caret = source
                lines += [text, _paint(caret, _COLORS[d.severity], color)]
            if d.hint:
                lines.append(f"  {_paint('hint:', '2', color)} {printable(d.hint)}")
        return lines

    def _statistics(self, report: Report) -> list[str]:
        """`12  CSJ211  metric-off-target`, most frequent first."""
        counts = Counter((d.code, d.name) for d in report.diagnostics)
        rows = sorted(counts.items(), key=lambda row: (-row[1], row[0]))
        width = len(str(max(counts.values(), default=0)))
        return [f"{count:>{width}}  {code}  {printable(name)}" for (code, name), count in rows]

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

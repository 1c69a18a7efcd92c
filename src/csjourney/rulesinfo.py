"""One catalogue of every code a diagnostic can carry: structural checks and lint rules.

Reporters that describe rules (SARIF), `csjourney rules` and docs/rules.md
read it, so a code is described the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from csjourney.diagnostics import STRUCTURAL_CODES, Severity

DOCS_URL = "https://github.com/csjourney/csjourney/blob/main/docs/"


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str  # full text: summary, why it matters, examples
    help_uri: str


def catalogue() -> list[RuleInfo]:
    from csjourney.lint.registry import RULES

    infos = [
        RuleInfo(
            c.code,
            c.name,
            c.severity,
            c.summary,
            c.summary,
            f"{DOCS_URL}errors.md#{c.code.lower()}-{c.name}",
        )
        for c in STRUCTURAL_CODES.values()
    ]
    infos += [
        RuleInfo(
            r.code,
            r.name,
            r.severity,
            r.summary(),
            r.doc(),
            f"{DOCS_URL}rules.md#{r.code.lower()}-{r.name}",
        )
        for r in RULES
    ]
    return sorted(infos, key=lambda info: info.code)

"""One catalogue of every code a diagnostic can carry: structural checks and lint rules.

Reporters that describe rules (SARIF), `csjourney rule CODE` and the docs
read it, so a code is described the same way everywhere: a lint rule by its
docstring, a structural code by its entry in `csjourney.errortexts`.
"""

from __future__ import annotations

from dataclasses import dataclass

from csjourney.diagnostics import STRUCTURAL_CODES, CodeInfo, Severity

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
    from csjourney.errortexts import texts
    from csjourney.lint.registry import RULES

    explained = texts()
    infos = [
        RuleInfo(
            c.code,
            c.name,
            c.severity,
            c.summary,
            explained.get(c.code, c.summary),
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


def structural_code(key: str) -> CodeInfo | None:
    """A structural check by its code (any case) or its name."""
    key = key.strip()
    return next(
        (c for c in STRUCTURAL_CODES.values() if key.upper() == c.code or key.lower() == c.name),
        None,
    )

"""One catalogue of every code a diagnostic can carry: structural and data checks, lint
rules and measure findings.

Reporters that describe rules (SARIF), `csjourney rules`, `csjourney rule CODE` and the
docs read it, so a code is described the same way everywhere: a lint rule or a measure
finding by its docstring, a structural code by its entry in `csjourney.errortexts`, a
data code by its entry in `csjourney.measure.datacodes`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from csjourney.diagnostics import STRUCTURAL_CODES, CodeInfo, Severity

DOCS_URL = "https://github.com/csjourney/csjourney/blob/main/docs/"
Kind = Literal["structural", "data", "lint", "measure"]
# What `csjourney rule` says a code is, by kind: checks are always on, the rest configurable.
_KIND_WORDS: dict[str, str] = {
    "structural": "structural check, severity",
    "data": "data check, severity",
    "lint": "default severity",
    "measure": "measure finding, default severity",
}


@dataclass(frozen=True, slots=True)
class RuleInfo:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str  # full text: summary, why it matters, examples
    help_uri: str
    kind: Kind = "lint"

    @property
    def configurable(self) -> bool:
        """Lint rules and measure findings take a severity; checks are always errors."""
        return self.kind in ("lint", "measure")


def catalogue() -> list[RuleInfo]:
    from csjourney.errortexts import texts
    from csjourney.lint.registry import RULES
    from csjourney.measure.datacodes import ENTRIES
    from csjourney.measure.rules.registry import RULES as MEASURE_RULES

    explained = texts()
    infos = [
        RuleInfo(
            c.code,
            c.name,
            c.severity,
            c.summary,
            explained.get(c.code, c.summary),
            f"{DOCS_URL}errors.md#{c.code.lower()}-{c.name}",
            "structural",
        )
        for c in STRUCTURAL_CODES.values()
    ]
    infos += [
        RuleInfo(
            d.code,
            d.name,
            d.severity,
            d.summary,
            d.explanation,
            f"{DOCS_URL}errors.md#{d.code.lower()}-{d.name}",
            "data",
        )
        for d in ENTRIES
    ]
    for kind, rules in (("lint", RULES), ("measure", MEASURE_RULES)):
        infos += [
            RuleInfo(
                r.code,
                r.name,
                r.severity,
                r.summary(),
                r.doc(),
                f"{DOCS_URL}rules.md#{r.code.lower()}-{r.name}",
                "lint" if kind == "lint" else "measure",
            )
            for r in rules
        ]
    return sorted(infos, key=lambda info: info.code)


def find(key: str, infos: Sequence[RuleInfo] | None = None) -> RuleInfo | None:
    """A code of the catalogue (or of `infos`) by its code, in any case, or its name."""
    key = key.strip()
    return next(
        (i for i in infos or catalogue() if key.upper() == i.code or key.lower() == i.name),
        None,
    )


def key_hint(key: str, codes: Sequence[str], names: Sequence[str]) -> str | None:
    """'did you mean ...?' for a misspelt name, or a code mistyped (`CSJ3O1`: a letter O)."""
    from csjourney.suggest import did_you_mean

    upper = key.strip().upper()
    if re.fullmatch(r"CSJ[0-9O]{3}", upper):
        fixed = upper[:3] + upper[3:].replace("O", "0")
        if fixed != upper and fixed in codes:
            return f"did you mean `{fixed}`?"
        return did_you_mean(upper, codes)
    return did_you_mean(key.strip().lower(), names)


def explanation(key: str) -> str:
    """What `csjourney rule KEY` prints: a heading line, then the code's documentation."""
    from csjourney.errors import UsageError
    from csjourney.errortexts import for_terminal

    infos = catalogue()
    info = find(key, infos)
    if info is None:
        hint = key_hint(key, [i.code for i in infos], [i.name for i in infos])
        raise UsageError(f"csjourney rule: unknown rule `{key}`" + (f"; {hint}" if hint else ""))
    doc = info.doc if info.kind in ("lint", "measure") else for_terminal(info.doc)
    heading = f"{info.code} {info.name} ({_KIND_WORDS[info.kind]}: {info.severity.label})"
    return f"{heading}\n\n{doc.rstrip()}"


def structural_code(key: str) -> CodeInfo | None:
    """A structural check by its code (any case) or its name."""
    key = key.strip()
    return next(
        (c for c in STRUCTURAL_CODES.values() if key.upper() == c.code or key.lower() == c.name),
        None,
    )

"""What a lint rule is: a stable code, a readable name, a default severity, a check.

The rule's docstring is its documentation (`csjourney rule CODE` prints it,
docs/rules.md is generated from it). It has a one-line summary, then the
sections `Why it matters:`, `Fails:` and `Passes:`, the last two each holding a
YAML example.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from csjourney.diagnostics import Severity, Span

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext
    from csjourney.workspace import SourceFile

Loc = tuple[str | int, ...]
DOC_SECTIONS = ("Why it matters:", "Fails:", "Passes:")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found; the linter turns it into a Diagnostic."""

    file: SourceFile
    loc: Loc  # the data path the finding points at (an `id` or the offending field)
    message: str
    subject: str | None = None  # the id of the item it is about
    hint: str | None = None
    severity: Severity | None = None  # overrides the rule's default for this finding
    item_loc: Loc | None = None  # the item's own path, for suppressions on its line
    span: Span | None = None  # for findings about text rather than data (comments)


class Documented:
    """A code, a name, a default severity, and a docstring that documents them.

    Lint rules and measure findings (csjourney.measure.rules) both are, so
    `csjourney rule`, SARIF and the generated docs read the two the same way.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0].strip()

    @classmethod
    def sections(cls) -> dict[str, str]:
        """The docstring split into summary, why, fails and passes."""
        text = cls.doc()
        pattern = "|".join(re.escape(s) for s in DOC_SECTIONS)
        parts = re.split(f"^({pattern})\\s*$", text, flags=re.MULTILINE)
        found = {"summary": parts[0].strip()}
        for header, body in zip(parts[1::2], parts[2::2], strict=True):
            found[header.rstrip(":").lower().replace(" it matters", "")] = body.strip()
        return found


class Rule(Documented):
    def check(self, ctx: LintContext) -> Iterator[Finding]:
        raise NotImplementedError

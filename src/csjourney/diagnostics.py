"""The one type every finding takes, from a YAML syntax error to a lint warning.

Structural checks (loading, the model, references) report with codes from
`STRUCTURAL_CODES`; lint rules carry their own code and name. Every reporter,
gate and suppression works on `Diagnostic` alone.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from csjourney.sourcemap import PathKey, SourceMap


class Severity(enum.IntEnum):
    """Ordered so that `severity >= threshold` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r}; expected one of: {choices}") from None


class Span(NamedTuple):
    """A 1-based region of a source file; end is exclusive of the last column.

    A named tuple rather than a dataclass: hundreds of thousands are made per
    run (one per key and item), and tuples are several times cheaper to build.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column + 1)


START_OF_FILE = Span(1, 1, 1, 1)


class Fix(NamedTuple):
    """An unambiguous correction: the scalar at `span`, which reads `old`, becomes `new`.

    Values, not text: the applier (csjourney.fixes) keeps the scalar's quoting.
    """

    span: Span
    old: str
    new: str

    @classmethod
    def at(
        cls, source: SourceMap, loc: PathKey, old: str, new: str, *, key: bool = False
    ) -> Fix | None:
        """The fix of the key (or value) at exactly `loc`; None when `loc` is not where it was read.

        Here rather than in csjourney.fixes: every validation builds fixes, and only
        `--fix` and `--diff` need the module that applies them.
        """
        position = source.entries.get(loc)
        if position is None or old == new:
            return None
        span = position.key if key else position.value
        return cls(span, old, new) if span is not None else None


# A run reports at most this many findings per file, then one line saying how
# many more there were: a pathological file must not flood a terminal or a CI log,
# and checks that produce findings may stop early once a file is past it.
MAX_FINDINGS_PER_FILE = 200


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    path: Path
    span: Span = START_OF_FILE
    hint: str | None = None
    # Lint-only: the id of the item the finding is about, used by `diff` to
    # match findings across versions when lines move.
    subject: str | None = field(default=None, compare=False)
    # Cross-item findings (duplicate ids, references): the kind of item whose id
    # is in question, so a run on some files can tell which others they affect.
    item_kind: str | None = field(default=None, compare=False)
    # What `validate --fix` may change: set only where the hint's "did you mean" is the one answer.
    fix: Fix | None = field(default=None, compare=False)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (str(self.path), self.span.line, self.span.column, self.code, self.message)


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    name: str
    summary: str
    severity: Severity = Severity.ERROR


def _codes(*rows: tuple[str, str, str] | tuple[str, str, str, Severity]) -> dict[str, CodeInfo]:
    return {row[1]: CodeInfo(*row) for row in rows}


# Stable codes of the structural checks. Never renumber: users pin them in CI
# configs and suppressions. docs/errors.md documents each one.
STRUCTURAL_CODES: dict[str, CodeInfo] = _codes(
    ("CSJ001", "yaml-syntax", "The file is not well-formed YAML."),
    ("CSJ002", "duplicate-key", "A mapping has the same key twice."),
    ("CSJ003", "unsupported-tag", "A YAML tag other than the core types (e.g. !!python/...)."),
    ("CSJ004", "alias-expansion", "Anchors and aliases expand too far, or refer to themselves."),
    ("CSJ005", "file-too-large", "The file is larger than the configured size cap."),
    ("CSJ006", "bad-encoding", "The file is not UTF-8 text (binary, or another encoding)."),
    ("CSJ007", "empty-file", "A file named explicitly holds no YAML document."),
    ("CSJ008", "multiple-documents", "The file holds more than one YAML document."),
    ("CSJ009", "not-a-mapping", "The top level of the file is not a mapping."),
    ("CSJ010", "missing-version", "A file named explicitly lacks `csjourney: 1`."),
    ("CSJ011", "unknown-version", "`csjourney:` names a format version this release cannot read."),
    ("CSJ012", "unreadable-file", "The file could not be read, or changed while it was read."),
    (
        "CSJ013",
        "missing-version-in-scan",
        "A scanned file looks like a journey map but lacks `csjourney: 1`.",
        Severity.WARNING,
    ),
    # Its severity is that of the worst finding it stands for, so the exit code holds.
    (
        "CSJ014",
        "too-many-findings",
        "More findings in one file than a report shows.",
        Severity.WARNING,
    ),
    ("CSJ101", "unknown-key", "A key the format does not define."),
    ("CSJ102", "missing-key", "A required key is absent."),
    ("CSJ103", "wrong-type", "A value has the wrong type (text where a number belongs...)."),
    ("CSJ104", "out-of-range", "A number outside its allowed range."),
    ("CSJ105", "invalid-choice", "A value outside its fixed set of choices."),
    ("CSJ106", "invalid-date", "A date that is not an ISO YYYY-MM-DD date."),
    ("CSJ107", "invalid-id", "An id that does not match ^[a-z0-9][a-z0-9_-]{0,63}$."),
    ("CSJ108", "blank-string", "A text value that is empty or only whitespace."),
    ("CSJ109", "history-order", "Metric history dates are not strictly increasing."),
    ("CSJ110", "empty-list", "A list that must have at least one item is empty."),
    ("CSJ111", "invalid-value", "A value the format rejects for another reason."),
    ("CSJ112", "statistic-mismatch", "A metric's `measure` statistic does not fit the metric."),
    ("CSJ120", "duplicate-id", "Two items share an id within the same scope."),
    ("CSJ121", "unknown-reference", "A reference to an id that does not exist."),
    ("CSJ122", "wrong-kind-reference", "A reference to an id of the wrong kind of item."),
    ("CSJ123", "unknown-channel", "A touchpoint channel that is neither built-in nor declared."),
    ("CSJ124", "segment-not-in-journey", "A segment that is not one of the journey's segments."),
    ("CSJ125", "channel-shadows-builtin", "A declared channel reuses a built-in channel id."),
)


def structural(
    name: str,
    message: str,
    path: Path,
    span: Span = START_OF_FILE,
    hint: str | None = None,
    item_kind: str | None = None,
    fix: Fix | None = None,
) -> Diagnostic:
    """Build a diagnostic for one of the structural checks, by name, at its severity."""
    info = STRUCTURAL_CODES[name]
    return Diagnostic(
        info.code, info.name, info.severity, message, path, span, hint, item_kind=item_kind, fix=fix
    )

"""One side of a comparison: a workspace loaded through `core.run`, with paths
made relative to the side's base directory so both sides name files alike.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from csjourney.diagnostics import STRUCTURAL_CODES, Diagnostic, Severity
from csjourney.workspace import SourceFile

_STRUCTURAL = {info.code for info in STRUCTURAL_CODES.values()}


@dataclass(slots=True)
class Side:
    label: str  # "OLD", "NEW", a git revision...
    base: Path  # resolved directory that relative paths start from
    files: list[tuple[Path, SourceFile]] = field(default_factory=list)  # (relative path, file)
    findings: list[tuple[Path, Diagnostic]] = field(default_factory=list)  # lint findings
    errors: list[tuple[Path, Diagnostic]] = field(default_factory=list)  # structural errors
    # When two differently named files are compared, OLD's name is read as NEW's.
    aliases: dict[Path, Path] = field(default_factory=dict)

    def relative(self, shown: Path) -> Path:
        absolute = (Path.cwd() / shown).resolve()
        relative = Path(os.path.relpath(absolute, self.base))
        return self.aliases.get(relative, relative)

    @property
    def broken_files(self) -> set[Path]:
        return {path for path, _ in self.errors}


def load(
    label: str, base: Path, paths: list[Path], today: dt.date, aliases: dict[Path, Path]
) -> Side:
    """Validate and lint `paths` (none: an empty side) and keep what the comparison needs."""
    from csjourney.core import Options, run

    side = Side(label, base.resolve(), aliases=aliases)
    if not paths:
        return side
    report = run(paths, Options(lint=True, today=today))
    side.files = [(side.relative(f.path), f) for f in report.workspace.files]
    for diagnostic in report.diagnostics:
        where = side.relative(diagnostic.path)
        if diagnostic.code in _STRUCTURAL and diagnostic.severity is Severity.ERROR:
            side.errors.append((where, diagnostic))
        elif diagnostic.code not in _STRUCTURAL:
            side.findings.append((where, diagnostic))
    return side


def workspace_without(side: Side, excluded: set[Path]) -> list[tuple[Path, SourceFile]]:
    """The side's files, leaving out those that fail to load on either side."""
    return [(path, file) for path, file in side.files if path not in excluded]

"""Decide, file by file, what `csjourney fmt` does: format, leave alone, or refuse.

A file is formatted only when it passes the structural checks (lint is not
run): a broken file is reported and never rewritten.
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass, field
from pathlib import Path

from csjourney.diagnostics import Diagnostic, Severity

# What the loader says about a named file that is not a journey map at all.


class Status(enum.Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    INVALID = "invalid"  # has errors: fix them first
    REFUSED = "refused"  # formatting would lose something


@dataclass(slots=True)
class Outcome:
    path: Path
    status: Status
    before: str = ""
    after: str = ""
    problems: list[str] = field(default_factory=list)
    stdin: bool = False  # read from `-`: there is no file to write back to

    def unified_diff(self) -> str:
        name = self.path.as_posix()
        lines = difflib.unified_diff(
            _editor_lines(self.before),
            _editor_lines(self.after),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        return "".join(lines)


# Lines as an editor counts them: str.splitlines would also break at NEL, LS, PS and more.
_EDITOR_LINE = re.compile(r".*?(?:\r\n|\r|\n)|.+\Z", re.DOTALL)


def _editor_lines(text: str) -> list[str]:
    return _EDITOR_LINE.findall(text)


def describe(diagnostic: Diagnostic) -> str:
    d = diagnostic
    return f"{d.path.as_posix()}:{d.line}:{d.column}: {d.severity.label} {d.code} {d.message}"


def plan(
    paths: list[Path],
    *,
    config_file: Path | None,
    only_journey_files: bool,
    stdin_filename: Path | None = None,
) -> list[Outcome]:
    """What formatting would do to every journey file under `paths`. Writes nothing."""
    from csjourney.core import Options, run
    from csjourney.fmt.formatter import FormatError, format_text

    options = Options(
        config_file=config_file,
        lint=False,
        only_journey_files=only_journey_files,
        stdin_filename=stdin_filename,
    )
    report = run(paths, options)
    outcomes = []
    for path in report.files:
        errors = [d for d in report.diagnostics_for(path) if d.severity is Severity.ERROR]
        if errors:
            outcomes.append(Outcome(path, Status.INVALID, problems=[describe(d) for d in errors]))
            continue
        if path not in report.texts:  # YAML that only looks like a map (CSJ013): not a map
            continue
        stdin = path == report.stdin
        # Standard input cannot be read twice: its text as checked.
        before = report.texts[path] if stdin else path.read_bytes().decode("utf-8")
        # (From a file, a byte-order mark stays: format_text keeps it.)
        try:
            after = format_text(before)
        except FormatError as error:
            outcomes.append(
                Outcome(path, Status.REFUSED, before, problems=[str(error)], stdin=stdin)
            )
            continue
        status = Status.UNCHANGED if after == before else Status.CHANGED
        outcomes.append(Outcome(path, status, before, after, stdin=stdin))
    return outcomes

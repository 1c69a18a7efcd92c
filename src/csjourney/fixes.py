"""`validate --fix` and `--diff`: apply the findings' unambiguous fixes as text edits.

A check that knows the one answer to its "did you mean" attaches a `Fix`
(the scalar at a span, its old value, the new one). Here each fix replaces
only those characters of the file, in the scalar's own quoting, so comments,
line endings, layout and everything else stay as they were. A fix is left
out when its text is not the plain, quoted or single-quoted old value (a tag,
an alias, an escape), when another fix claims the same characters, or when the
result would not parse. Nothing at module level is heavy: the CLI imports it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.diagnostics import Diagnostic, Fix

if TYPE_CHECKING:
    from csjourney.core import Report

# `--fix` runs again after each round, as long as a round fixes something and
# brings up new fixes (a key fixed to `channel` lets its value be checked).
MAX_ROUNDS = 5


@dataclass(frozen=True, slots=True)
class Fixed:
    text: str
    count: int  # findings fixed


def apply(text: str, diagnostics: Iterable[Diagnostic]) -> Fixed:
    """`text` with every usable fix of `diagnostics` applied."""
    starts = _line_starts(text)
    edits: dict[tuple[int, int], tuple[str, int]] = {}  # (start, end) -> (replacement, findings)
    refused: set[tuple[int, int]] = set()
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or fix.span.line != fix.span.end_line or fix.span.line > len(starts):
            continue
        start = starts[fix.span.line - 1] + fix.span.column - 1
        end = starts[fix.span.line - 1] + fix.span.end_column - 1
        replacement = _rendered(text[start:end], fix)
        where = (start, end)
        if replacement is None or (where in edits and edits[where][0] != replacement):
            refused.add(where)
        elif where in edits:
            edits[where] = (replacement, edits[where][1] + 1)
        else:
            edits[where] = (replacement, 1)
    chosen = sorted((where, edit) for where, edit in edits.items() if where not in refused)
    pieces, done, count = [], 0, 0
    for (start, end), (replacement, findings) in chosen:
        if start < done:  # overlapping edits: neither is the one answer
            continue
        pieces += [text[done:start], replacement]
        done, count = end, count + findings
    return Fixed("".join([*pieces, text[done:]]), count)


def _line_starts(text: str) -> list[int]:
    from csjourney.yamltext import EDITOR_LINE_BREAK

    return [0, *(match.end() for match in EDITOR_LINE_BREAK.finditer(text))]


def _rendered(written: str, fix: Fix) -> str | None:
    """The new value written as the old one was (plain, 'single' or "double" quoted)."""
    if written == fix.old and _plain_safe(fix.new):
        return fix.new
    if written == _single(fix.old) or (written == fix.old and not _plain_safe(fix.new)):
        return _single(fix.new)
    if written == f'"{fix.old}"' and not any(c in fix.old + fix.new for c in '\\"'):
        return f'"{fix.new}"'
    return None  # an escape, a tag, an anchor or alias: not a scalar we can rewrite safely


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _plain_safe(value: str) -> bool:
    """Whether `value` written plain reads back as this text (`null`, `12` would not)."""
    from csjourney.yamlscalars import resolve_plain

    simple = value[:1].isalnum() and all(c.isalnum() or c in "-_." for c in value)
    return simple and resolve_plain(value) == value


# -- the command -------------------------------------------------------------


def fix_or_diff(report: Report, rerun: Callable[[], Report], *, diff: bool, quiet: bool) -> Report:
    """`--fix`: write the fixes and return the report run again; `--diff`: print, exit 0/1."""
    from csjourney.errors import UsageError

    if diff:
        _show_diff(report, quiet=quiet)
    if report.stdin is not None:
        raise UsageError(
            "--fix writes files, and standard input is none: use --diff to see the fixes, "
            "or name the file"
        )
    total, files = 0, set()
    for _ in range(MAX_ROUNDS):
        fixed = _write_fixes(report)
        if not fixed:
            break
        total += sum(fixed.values())
        files |= set(fixed)
        report = rerun()
    if not quiet:
        remaining = len(report.diagnostics)
        if total:
            note = f"Fixed {_count(total, 'error')} in {_count(len(files), 'file')}"
            note += f"; {remaining} remaining." if remaining else "."
        else:
            note = "No fixes available" + (f" ({remaining} remaining)." if remaining else ".")
        sys.stderr.write(note + "\n")
    return report


def _fixed_texts(report: Report) -> dict[Path, tuple[str, Fixed]]:
    """Each reported file's text and its fixed text, for the files a fix changes."""
    from csjourney.yamlsource import YamlProblem, build

    changed = {}
    for path, text in report.texts.items():
        fixed = apply(text, report.diagnostics_for(path))
        if not fixed.count or fixed.text == text:
            continue
        try:
            build(fixed.text)
        except YamlProblem:  # never turn a readable file into a broken one
            continue
        changed[path] = (text, fixed)
    return changed


def _write_fixes(report: Report) -> dict[Path, int]:
    from csjourney.fsutil import WriteRefused, rewrite_file
    from csjourney.safetext import printable

    written = {}
    for path, (text, fixed) in _fixed_texts(report).items():
        try:
            rewrite_file(path, fixed.text, expected=text)
        except (WriteRefused, OSError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            sys.stderr.write(f"csjourney: error: cannot fix {printable(str(path))}: {reason}\n")
            continue
        written[path] = fixed.count
    return written


def _show_diff(report: Report, *, quiet: bool) -> None:
    """Print the fixes as a unified diff, change nothing, and exit 1 if there are any."""
    import difflib

    import typer

    from csjourney.safetext import write_styled

    changed = _fixed_texts(report)
    for path, (text, fixed) in changed.items():
        name = path.as_posix()
        lines = difflib.unified_diff(
            text.splitlines(), fixed.text.splitlines(), name, name, lineterm=""
        )
        write_styled("".join(f"{line}\n" for line in lines))
    count = sum(fixed.count for _, fixed in changed.values())
    if not quiet:
        where = f" in {_count(len(changed), 'file')}" if changed else ""
        sys.stderr.write(f"Would fix {_count(count, 'error')}{where}.\n")
    raise typer.Exit(1 if changed else 0)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"

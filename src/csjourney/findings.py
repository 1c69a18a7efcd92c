"""The per-file cap on findings: a pathological file must not flood a terminal or a CI log."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby

from csjourney.diagnostics import Diagnostic, structural


def cap_per_file(diagnostics: list[Diagnostic], limit: int) -> list[Diagnostic]:
    """Sorted, without repeats, at most `limit` per file plus one line for the rest.

    The line stands where the first finding left out would have, at the
    severity of the worst one left out, so the exit code does not change.
    """
    kept: list[Diagnostic] = []
    # Sorted by file first: each file's findings are one run of the sorted list.
    for _, run in groupby(_unique_sorted(diagnostics), key=lambda pair: pair[0]):
        found = [diagnostic for _, diagnostic in run]
        kept.extend(found[:limit])
        dropped = found[limit:]
        if not dropped:
            continue
        more = structural(
            "too-many-findings",
            f"{len(dropped):,} more finding{'s' if len(dropped) > 1 else ''} in this file "
            f"not shown, from here on (at most {limit:,} are shown per file)",
            found[0].path,
            dropped[0].span,
            hint="fix the findings above and run again, "
            "or raise `max-findings-per-file` in csjourney.toml",
        )
        kept.append(replace(more, severity=max(d.severity for d in dropped)))
    return kept


def _unique_sorted(diagnostics: list[Diagnostic]) -> list[tuple[str, Diagnostic]]:
    """By `Diagnostic.sort_key`, the first of equal findings kept, in a stable order;
    each with its file's name (a string compares faster than a path).

    Equal findings have equal sort keys, so a repeat can only be within a run of
    equal keys: comparing there spares hashing every finding (thousands per run).
    """
    keys = [d.sort_key() for d in diagnostics]
    unique: list[tuple[str, Diagnostic]] = []
    run: list[Diagnostic] = []  # the findings kept with the current key
    previous: tuple[str, int, int, str, str] | None = None
    for index in sorted(range(len(diagnostics)), key=keys.__getitem__):
        diagnostic = diagnostics[index]
        if keys[index] != previous:
            previous, run = keys[index], [diagnostic]
        elif diagnostic in run:
            continue
        else:
            run.append(diagnostic)
        unique.append((previous[0], diagnostic))
    return unique

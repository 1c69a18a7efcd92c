"""The per-file cap on findings: a pathological file must not flood a terminal or a CI log."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from csjourney.diagnostics import Diagnostic, structural


def cap_per_file(diagnostics: list[Diagnostic], limit: int) -> list[Diagnostic]:
    """Sorted, without repeats, at most `limit` per file plus one line for the rest.

    The line stands where the first finding left out would have, at the
    severity of the worst one left out, so the exit code does not change.
    """
    by_file: dict[Path, list[Diagnostic]] = defaultdict(list)
    for diagnostic in sorted(set(diagnostics), key=Diagnostic.sort_key):
        by_file[diagnostic.path].append(diagnostic)
    kept: list[Diagnostic] = []
    for path, found in by_file.items():
        kept.extend(found[:limit])
        dropped = found[limit:]
        if not dropped:
            continue
        more = structural(
            "too-many-findings",
            f"{len(dropped):,} more finding{'s' if len(dropped) > 1 else ''} in this file "
            f"not shown, from here on (at most {limit:,} are shown per file)",
            path,
            dropped[0].span,
            hint="fix the findings above and run again, "
            "or raise `max-findings-per-file` in csjourney.toml",
        )
        kept.append(replace(more, severity=max(d.severity for d in dropped)))
    return kept

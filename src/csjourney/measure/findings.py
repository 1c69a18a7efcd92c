"""The measure findings of a measured workspace, as diagnostics on the maps.

`measure_findings(measured, settings)` runs every registered finding
(csjourney.measure.rules.registry) over a `Measured`, at the severity
`[measure] severity` gives it (a name or code -> error, warning, info or off),
and locates each on the map item it is about through its file's source map.
Plain data out; nothing is printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from csjourney.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from csjourney.config import MeasureSettings
    from csjourney.measure.rules.base import MeasureRule
    from csjourney.measure.run import Measured

WHERE = "[measure] severity"


def measure_findings(measured: Measured, settings: MeasureSettings) -> list[Diagnostic]:
    """Every enabled finding about `measured`, sorted by file and position."""
    from csjourney.lint import Comments, diagnostic, suppressed
    from csjourney.lint.suppressions import parse
    from csjourney.measure.rules.base import MeasureContext
    from csjourney.measure.rules.registry import RULES, find_finding

    levels = severities(settings.severity)
    mapped: dict[str, list[str]] = {}
    for source in settings.events:
        for written, stage in source.stages.items():
            mapped.setdefault(stage, []).append(written)
    context = MeasureContext(measured, settings.options, {k: tuple(v) for k, v in mapped.items()})
    # `# csjourney: ignore[stage-unobserved] reason` silences a finding as it does a lint rule's.
    comments = {m.file.path: Comments(parse(m.file.text, m.file.source)) for m in measured.journeys}
    found: list[Diagnostic] = []
    for rule in RULES:
        level = levels.get(rule, rule.severity)
        if level is None:
            continue
        found += [
            diagnostic(rule, level, finding)
            for finding in rule().check(context)
            if not suppressed(finding, rule, comments[finding.file.path], find_finding)
        ]
    return sorted(found, key=Diagnostic.sort_key)


def severities(configured: Mapping[str, str]) -> dict[type[MeasureRule], Severity | None]:
    """The configured severity of each finding named (None: off), or a usage error."""
    from csjourney.errors import UsageError
    from csjourney.measure.rules.registry import find_finding, unknown_finding

    levels: dict[type[MeasureRule], Severity | None] = {}
    for key, level in configured.items():
        rule = find_finding(key)
        if rule is None:
            raise UsageError(f"{WHERE}: {unknown_finding(key)}")
        if level.strip().lower() == "off":
            levels[rule] = None
            continue
        try:
            levels[rule] = Severity.parse(level)
        except ValueError as error:
            raise UsageError(f"{WHERE} {key}: {error}") from None
    return levels

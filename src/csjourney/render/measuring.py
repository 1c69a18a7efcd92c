"""Render's measurement: which journeys get a "Measured" section, and their numbers.

A journey gets one when exports feed it: `render --events/--responses`, which stand
for every workspace of the run, or else its own workspace's `[measure]` inputs. The
numbers come from csjourney.measure.run.measure_workspace and the findings from
csjourney.measure.findings, what `measure` reads too, so the page, the report and
`csjourney measure` cannot disagree.
`has_inputs` reads only the config: without inputs render imports nothing of the engine.

A missing file named on the command line is a usage error, as for `measure`; one the
config names is a warning, and its journeys are drawn without it: the maps still
render where the exports are not (a docs build, a fresh clone), as a format whose
engine is missing is skipped with a warning unless it was asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.config import Config, MeasureSettings
    from csjourney.core import Report
    from csjourney.diagnostics import Diagnostic
    from csjourney.measure.types import Window
    from csjourney.render.measuredfacts import JourneyData


def has_inputs(report: Report, events: Sequence[str], responses: Sequence[str]) -> bool:
    """Whether any journey of the run is fed by an export (flags or config)."""
    return bool(events or responses) or any(
        c.measure.events or c.measure.responses for c in report.configs
    )


def _sources(settings: MeasureSettings) -> tuple[str, ...]:
    """The exports as the user named them: files and globs, or a backend's tables."""
    return tuple(
        name
        for item in (*settings.events, *settings.responses)
        for name in (item.path or [f"table {item.table}"])
    )


def _present(report: Report, warnings: list[str]) -> Report:
    """`report` with each config's inputs whose files are missing left out, and said."""
    from dataclasses import replace

    from csjourney.config import shown_path
    from csjourney.measure.reading import expand_paths
    from csjourney.measure.run import settings_for

    kept: dict[int, Config] = {}  # by id: workspaces share their Config object

    def without_missing(config: Config) -> Config:
        if id(config) in kept:
            return kept[id(config)]
        resolved, update = settings_for(config), {}
        for key in ("events", "responses"):
            inputs, present = getattr(resolved, key), []
            for at, item in enumerate(inputs):
                _, missing = expand_paths(item.path)
                if missing:
                    where = shown_path(config.source) if config.source else "the config"
                    warnings.append(
                        f"{where}: [measure.{key}] {missing[0].file}: no such file; "
                        "rendered without it"
                    )
                else:
                    present.append(getattr(config.measure, key)[at])
            update[key] = present
        measure = config.measure.model_copy(update=update)
        kept[id(config)] = config.model_copy(update={"measure": measure})
        return kept[id(config)]

    config_of = {path: without_missing(c) for path, c in report.config_of.items()}
    return replace(report, config_of=config_of)


def measure_for_render(
    report: Report,
    events: Sequence[str],
    responses: Sequence[str],
    window: Window,
    segment: str | None,
) -> tuple[dict[str, JourneyData], list[Diagnostic], list[str]]:
    """Journey id -> its data, for the journeys an export feeds; the data problems; and
    warnings (a config's export that is missing)."""
    from csjourney.config import Config
    from csjourney.measure.findings import measure_findings
    from csjourney.measure.run import measure_workspace, settings_for
    from csjourney.render.measuredfacts import JourneyData

    given: MeasureSettings | None = None
    warnings: list[str] = []
    if events or responses:  # the command line's exports stand for every workspace's
        given = settings_for(report.configs[0] if report.configs else Config(), events, responses)
    else:
        report = _present(report, warnings)
    measured = measure_workspace(report, given, window, by_segment=segment is not None)
    excluded = sum(
        part.rows_excluded for part in (measured.events, measured.responses) if part is not None
    )
    data: dict[str, JourneyData] = {}
    found: dict[int, list[Diagnostic]] = {}  # by the settings' config: its findings
    for item in measured.journeys:
        config = report.config_of.get(item.file.path) or Config()
        settings = given or settings_for(config)
        if not (settings.events or settings.responses):
            continue  # a workspace without exports: its pages stay as they were
        if id(config) not in found:  # each workspace's findings at its own severities
            found[id(config)] = measure_findings(measured, settings)
        # The worst first, each severity in the file's order: infos do not hide a warning.
        mine = tuple(
            sorted(
                (d for d in found[id(config)] if d.path == item.file.path),
                key=lambda d: (-d.severity, d.sort_key()),
            )
        )
        data[item.journey.id] = JourneyData(
            funnel=item.funnel,
            values=item.values,
            since=window.since,
            until=window.until,
            sources=_sources(settings),
            responses=bool(settings.responses),
            excluded=excluded,
            findings=mine,
        )
    return data, list(measured.diagnostics), warnings

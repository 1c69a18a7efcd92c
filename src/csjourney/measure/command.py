"""The `csjourney measure` command: check the maps, measure the exports, report.

Imported by the CLI on every start, so only typer and the light argument module are
imported at module level; the checks, the engine (Ibis, DuckDB) and the report load
inside the command. A map with errors is not measured; its findings are shown.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csjourney.cliargs import (
    ConfigOption,
    EventsOption,
    PathsArgument,
    ReportOutputOption,
    ResponsesOption,
    SinceOption,
    UntilOption,
)
from csjourney.errors import UsageError

if TYPE_CHECKING:
    from csjourney.config import MeasureSettings
    from csjourney.core import Report
    from csjourney.diagnostics import Diagnostic
    from csjourney.measure.run import Measured
    from csjourney.measure.update import UpdateResult

WINDOW_DAYS = 90  # the default window's days: csjourney.measure.run.WINDOW_DAYS (tested equal)


class MeasureFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class MeasureFailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class By(enum.StrEnum):
    segment = "segment"


def _check_files(option: str, patterns: list[str]) -> None:
    """A missing export is a usage error, as a missing map path is for validate."""
    from csjourney.measure.reading import expand_paths

    _, missing = expand_paths(patterns)
    if missing:
        raise UsageError(f"{option}: no such file: {missing[0].file}")


def _settings(checked: Report, events: list[str], responses: list[str]) -> MeasureSettings | None:
    """The command line's exports for every workspace; None: each workspace's own config."""
    from csjourney.config import Config
    from csjourney.measure.run import settings_for

    configs = checked.configs or [Config()]
    if events or responses:
        return settings_for(configs[0], events, responses)
    if not any(c.measure.events or c.measure.responses for c in configs):
        raise UsageError(
            "nothing to measure: name the stage history with --events FILE or the survey "
            "export with --responses FILE, or set [measure.events] in csjourney.toml"
        )
    return None


def _output(
    output_format: MeasureFormat,
    checked: Report,
    measured: Measured | None,
    window_days: tuple[str, str],
    by_segment: bool,
    updated: UpdateResult | None = None,
) -> str:
    from csjourney.diagnostics import Severity
    from csjourney.measure import report as measured_report
    from csjourney.reporters.json import diagnostic_dict
    from csjourney.safetext import json_document

    diagnostics = checked.diagnostics
    if output_format is MeasureFormat.json:
        found = [diagnostic_dict(d) for d in diagnostics]
        if measured is None:
            span = {"since": window_days[0], "until": window_days[1]}
            return json_document({"window": span, "journeys": [], "diagnostics": found})
        document = measured_report.report_json(measured, by_segment, found)
        if updated is not None:
            document["update"] = _update_json(updated)
        return json_document(document)
    table = "" if measured is None else measured_report.FORMATS[output_format](measured, by_segment)
    if updated is not None:  # what --update wrote, as `csjourney diff` says it
        table += "\n" + updated.diff(output_format.value)
    if output_format is MeasureFormat.markdown:
        return table + measured_report.findings_markdown(diagnostics)
    from csjourney.reporters.text import TextReporter

    findings = TextReporter().render(checked, color=False, fail_on=Severity.ERROR)
    return table + ("\n" if table else "") + findings


def _update_json(updated: UpdateResult) -> dict[str, object]:
    from csjourney.safetext import display_path

    return {
        "files": [display_path(f.path) for f in updated.files],
        "refused": [{"path": display_path(p), "reason": why} for p, why in updated.refused],
        "changes": updated.changes(),
    }


def measure(
    paths: PathsArgument = None,
    events: EventsOption = None,
    responses: ResponsesOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    today: Annotated[
        str | None,
        typer.Option(
            help=f"The day the default window ends ({WINDOW_DAYS} days; default: today, UTC).",
            metavar="DATE",
        ),
    ] = None,
    by: Annotated[
        By | None,
        typer.Option("--by", help="Also show each segment's funnel.", metavar="segment"),
    ] = None,
    output_format: Annotated[
        MeasureFormat, typer.Option("--format", "-f", help="Output format.")
    ] = MeasureFormat.text,
    output: ReportOutputOption = None,
    config: ConfigOption = None,
    fail_on: Annotated[
        MeasureFailOn, typer.Option(help="Lowest severity that makes the exit code 1.")
    ] = MeasureFailOn.error,
    update: Annotated[
        bool,
        typer.Option(
            "--update",
            help="Write each measured value into its map (current, measured, history), "
            "comments kept, and say what changed.",
        ),
    ] = False,
) -> None:
    """Measure each journey's funnel and bound metrics from the team's exports."""
    from csjourney.core import Options, run
    from csjourney.diagnostics import Severity
    from csjourney.measure.run import measure_workspace, window_of
    from csjourney.safetext import write_styled

    window = window_of(since, until, today)
    events_files, responses_files = list(events or []), list(responses or [])
    _check_files("--events", events_files)
    _check_files("--responses", responses_files)
    checked = run(list(paths or []), Options(config_file=config, lint=False))
    settings = _settings(checked, events_files, responses_files)
    journeys = [journey for _, journey in checked.workspace.journeys()]
    diagnostics: list[Diagnostic] = list(checked.diagnostics)
    measured = None
    if journeys and not checked.count(Severity.ERROR):
        from csjourney.measure.findings import measure_findings
        from csjourney.measure.run import settings_for

        measured = measure_workspace(checked, settings, window, by is not None)
        # The findings' severities and thresholds: the run's first workspace decides.
        rules = settings or settings_for(checked.configs[0])
        from csjourney.findings import cap_per_file

        found = [*measured.diagnostics, *measure_findings(measured, rules)]
        # A history with hundreds of unmapped values must not flood a CI log either.
        diagnostics += cap_per_file(found, checked.configs[0].max_findings_per_file)
    updated = None
    if update and measured is not None:
        from csjourney.measure.update import update_maps

        updated = update_maps(measured, checked)
        for path, why in updated.refused:
            sys.stderr.write(f"csjourney: error: {path}: not updated: {why}\n")
    checked.diagnostics = diagnostics
    days = (str(window.since), str(window.until))
    text = _output(output_format, checked, measured, days, by is not None, updated)
    if output_format is MeasureFormat.text and not journeys and not diagnostics:
        sys.stderr.write("csjourney: warning: no journeys found to measure\n")
    if output is None:
        write_styled(text)
    else:
        from csjourney.fsutil import write_output

        data = [Path(f) for f in (*events_files, *responses_files) if Path(f).is_file()]
        write_output(output, text, inputs=[*checked.files, *data])
    worst = max((d.severity for d in diagnostics), default=None)
    failed = worst is not None and worst >= Severity.parse(fail_on.value)
    raise typer.Exit(1 if failed or (updated is not None and updated.refused) else 0)

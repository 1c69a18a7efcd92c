"""The `csjourney measure` command: check the maps, measure the stage history, report.

Imported by the CLI on every start, so only typer and the light argument module are
imported at module level; the checks, the engine (Ibis, DuckDB) and the report load
inside the command. A map with errors is not measured; its findings are shown.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csjourney.cliargs import ConfigOption, PathsArgument, ReportOutputOption

if TYPE_CHECKING:
    from csjourney.measure.types import EventsMeasurement, Window
    from csjourney.model import Journey

WINDOW_DAYS = 90  # the default window: this many whole days up to --today


class MeasureFormat(enum.StrEnum):
    text = "text"
    json = "json"


class MeasureFailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class By(enum.StrEnum):
    segment = "segment"


def _day(option: str, value: str | None) -> dt.date | None:
    from csjourney.cliargs import parse_day

    return None if value is None else parse_day(option, value)


def window_of(since: str | None, until: str | None, today: str | None) -> Window:
    """Inclusive whole UTC days; by default the WINDOW_DAYS days up to --today."""
    from csjourney.errors import UsageError
    from csjourney.measure.types import Window

    end = _day("--until", until) or _day("--today", today) or dt.datetime.now(dt.UTC).date()
    start = _day("--since", since) or end - dt.timedelta(days=WINDOW_DAYS - 1)
    if start > end:
        raise UsageError(f"--since {start} is after the window's end {end}")
    return Window(start, end)


def _check_events(events: list[str]) -> None:
    """A missing events file is a usage error, as a missing map path is for validate."""
    from csjourney.errors import UsageError
    from csjourney.measure.reading import expand_paths

    if not events:
        raise UsageError("--events: name the stage history (a CSV, Parquet or JSON lines file)")
    _, missing = expand_paths(events)
    if missing:
        raise UsageError(f"--events: no such file: {missing[0].file}")


def _measure(
    events: list[str], journeys: list[Journey], window: Window, by_segment: bool
) -> EventsMeasurement:
    from csjourney.errors import UsageError
    from csjourney.measure.engine import EngineError
    from csjourney.measure.events import measure_events
    from csjourney.measure.types import EventSource, JourneyStages

    stages = [JourneyStages(j.id, [s.id for s in j.stages]) for j in journeys]
    default = journeys[0].id if len(journeys) == 1 else None
    try:
        result = measure_events(
            EventSource(events), stages, window, default_journey=default, by_segment=by_segment
        )
    except EngineError as error:  # the extra is missing, or the backend cannot run
        raise UsageError(str(error)) from None
    # Several journeys and a history that names none: every row is an orphan.
    orphans = [
        p
        for p in result.problems
        if p.code == "unknown-journey" and p.message.startswith("has no journey")
    ]
    seen = any(r.visits for f in result.journeys for r in f.stages) or any(
        f.unmapped for f in result.journeys
    )
    if default is None and orphans and not seen:
        names = ", ".join(j.id for j in journeys)
        raise UsageError(
            f"--events: the stage history names no journey and the workspace has "
            f"{len(journeys)} ({names}): add a `journey` column"
        )
    return result


def measure(
    paths: PathsArgument = None,
    events: Annotated[
        list[str] | None,
        typer.Option(
            "--events",
            help="The stage history: a CSV, Parquet or JSON lines file, or a glob of them.",
            metavar="FILE",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="First day of the window (YYYY-MM-DD, UTC).", metavar="DATE")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Last day of the window (YYYY-MM-DD; default: --today).", metavar="DATE"),
    ] = None,
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
) -> None:
    """Measure each journey's funnel from the stage history, and each bound metric."""
    from csjourney.core import Options, run
    from csjourney.diagnostics import Diagnostic, Severity
    from csjourney.measure import report as measured
    from csjourney.reporters.json import diagnostic_dict
    from csjourney.reporters.text import TextReporter
    from csjourney.safetext import json_document, write_styled

    window = window_of(since, until, today)
    files = list(events or [])
    _check_events(files)
    checked = run(list(paths or []), Options(config_file=config, lint=False))
    journeys = [journey for _, journey in checked.workspace.journeys()]
    diagnostics: list[Diagnostic] = list(checked.diagnostics)
    result = None
    if journeys and not checked.count(Severity.ERROR):
        segments = by is not None or measured.needs_segments(journeys)
        result = _measure(files, journeys, window, segments)
        diagnostics += [measured.data_diagnostic(p) for p in result.problems]
    checked.diagnostics = diagnostics
    if output_format is MeasureFormat.json:
        found = [diagnostic_dict(d) for d in diagnostics]
        if result is None:
            span = {"since": str(window.since), "until": str(window.until)}
            payload: object = {"window": span, "journeys": [], "diagnostics": found}
        else:
            payload = measured.report_json(result, journeys, by is not None, found)
        text = json_document(payload)
    else:
        findings = TextReporter().render(checked, color=False, fail_on=Severity.ERROR)
        table = "" if result is None else measured.report_text(result, journeys, by is not None)
        text = table + ("\n" if table else "") + findings
        if not journeys and not checked.diagnostics:
            sys.stderr.write("csjourney: warning: no journeys found to measure\n")
    if output is None:
        write_styled(text)
    else:
        from csjourney.fsutil import write_output

        write_output(output, text, inputs=[*checked.files, *map(Path, files)])
    worst = max((d.severity for d in diagnostics), default=None)
    raise typer.Exit(1 if worst is not None and worst >= Severity.parse(fail_on.value) else 0)

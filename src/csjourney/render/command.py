"""The `csjourney render` command: parse the options, run the checks, render,
write the files atomically, say what to open.

Only typer, pathlib, typing and the registries of views, formats and engines
(render/views.py and render/formats.py, which import no view and no engine) are
imported at module level: the CLI imports this module on every start, including
`csjourney --version`. Every list the help and the errors show is a registry's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csjourney.cliargs import (
    ConfigOption,
    EventsOption,
    PathsArgument,
    ResponsesOption,
    SinceOption,
    UntilOption,
    parse_today,
)
from csjourney.render.formats import DEFAULT_FORMATS, ENGINES, PAPERS, RENDER_FORMATS
from csjourney.render.views import VIEWS

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diagnostics import Diagnostic
    from csjourney.render.engine import Engine
    from csjourney.render.measuredfacts import JourneyData


def _choices(values: list[str] | None, known: tuple[str, ...], option: str) -> tuple[str, ...]:
    """`svg,png` or repeated options -> ('svg', 'png'); unknown names are usage errors."""
    from csjourney.errors import UsageError
    from csjourney.suggest import did_you_mean

    chosen: list[str] = []
    for value in values or []:
        for name in (part.strip().lower() for part in value.split(",")):
            if not name:
                continue
            if name not in known:
                hint = did_you_mean(name, known)
                raise UsageError(
                    f"{option}: unknown value `{name}`"
                    + (f"; {hint}" if hint else "")
                    + f" (choose from: {', '.join(known)})"
                )
            if name not in chosen:
                chosen.append(name)
    if values is not None and not chosen:
        raise UsageError(f"{option}: give at least one of: {', '.join(known)}")
    return tuple(chosen)


def _check_segment(report: Report, segment: str) -> None:
    from csjourney.errors import UsageError
    from csjourney.suggest import did_you_mean

    known = sorted({s.id for _, _, s in report.workspace.segments()})
    if segment not in known:
        hint = did_you_mean(segment, known)
        listed = ", ".join(known) or "none are defined"
        raise UsageError(
            f"--segment: unknown segment `{segment}`"
            + (f"; {hint}" if hint else "")
            + f" (segments: {listed})"
        )
    if not any(segment in j.segments for _, j in report.workspace.journeys()):
        raise UsageError(f"--segment: no journey is for segment `{segment}`")


def review_intervals(report: Report) -> dict[Path, int]:
    """Each journey file's `review-every-days`, from the config it was checked with, so
    the reports give the next review date the lint rule checks."""
    return {
        file.path: report.config_of[file.path].lint.options.review_every_days
        for file, _journey in report.workspace.journeys()
        if file.path in report.config_of
    }


def workspace_roots(report: Report) -> dict[Path, Path | None]:
    """Each loaded file's workspace root: a journey names its own workspace's segments
    and channels, whatever other workspaces the run rendered."""
    return {
        file.path: report.config_of[file.path].root
        for file in report.workspace.files
        if file.path in report.config_of
    }


def measured_for(
    report: Report,
    events: list[str],
    responses: list[str],
    window: tuple[str | None, str | None, str | None],
    segment: str | None,
) -> tuple[dict[str, JourneyData], list[Diagnostic]]:
    """Journey id -> its "Measured" data, and the exports' problems; nothing without exports.

    The window is checked either way (a bad --since is a mistake with or without data);
    without --events, --responses or `[measure]` inputs, nothing of the engine is imported.
    """
    from csjourney.measure.run import window_of
    from csjourney.render.measuring import has_inputs, measure_for_render

    span = window_of(*window)
    if not has_inputs(report, events, responses):
        return {}, []
    data, problems, warnings = measure_for_render(report, events, responses, span, segment)
    for warning in warnings:
        typer.echo(f"csjourney: warning: {warning}", err=True)
    return data, problems


def engine_for(
    choice: str, formats: tuple[str, ...], explicit: bool
) -> tuple[Engine | None, tuple[str, ...]]:
    """The engine to use and the formats it leaves; warns about what it drops."""
    from csjourney.render.engine import EngineError, find_engine, missing_message, unsupported

    engine = find_engine(choice)
    missing = unsupported(engine, formats)
    if missing and explicit:
        raise EngineError(missing_message(engine, missing))
    if missing:
        typer.echo(
            f"csjourney: warning: skipped {', '.join(missing)}: {missing_message(engine, missing)}",
            err=True,
        )
    return engine, tuple(f for f in formats if f not in missing)


def render(
    paths: PathsArgument = None,
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Folder to write the rendered files into (created when missing). "
            "It is --out, not --output: render writes a folder of files, not one report.",
            file_okay=False,
            metavar="DIR",
        ),
    ] = Path("out"),
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Comma-separated: {','.join(RENDER_FORMATS)}.",
            show_default=",".join(DEFAULT_FORMATS),
            metavar="FORMATS",
        ),
    ] = None,
    views: Annotated[
        list[str] | None,
        typer.Option(
            "--view",
            help=f"Comma-separated: {','.join(VIEWS)}.",
            show_default=",".join(VIEWS),
            metavar="VIEWS",
        ),
    ] = None,
    segment: Annotated[
        str | None,
        typer.Option(
            "--segment", help="Render each journey as this segment sees it.", metavar="ID"
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="Graphviz engine: " + "; ".join(f"{k} = {v}" for k, v in ENGINES.items()) + ".",
            metavar=f"<{'|'.join(ENGINES)}>",  # as typer shows a choice
        ),
    ] = "auto",
    config: ConfigOption = None,
    no_lint: Annotated[
        bool, typer.Option("--no-lint", help="Do not run or show lint rules.")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            help="Date that date-based lint rules measure against, and the last day of the "
            "measured window (YYYY-MM-DD; default: today).",
            metavar="DATE",
        ),
    ] = None,
    events: EventsOption = None,
    responses: ResponsesOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            help="Remove the files an earlier render wrote into --out that this one does "
            "not write (as recorded in DIR/.csjourney-manifest.json); nothing else.",
        ),
    ] = False,
    paper: Annotated[
        str,
        typer.Option(
            "--paper",
            help="Paper the journey pages of --format page-pdf are printed on.",
            metavar=f"<{'|'.join(PAPERS)}>",  # as typer shows a choice
        ),
    ] = "a4",
) -> None:
    """Render journey maps: map and flow diagrams, Markdown, Mermaid and HTML reports."""
    import dataclasses
    import sys

    from csjourney.core import Options, run
    from csjourney.diagnostics import Severity
    from csjourney.errors import UsageError
    from csjourney.fsutil import atomic_write
    from csjourney.progress import progress_wanted, terminal_progress
    from csjourney.render.manifest import update_manifest
    from csjourney.render.pipeline import LayoutFailed, RenderOptions, render_workspace
    from csjourney.reporters import get_reporter

    chosen_formats = _choices(formats, tuple(RENDER_FORMATS), "--format") or DEFAULT_FORMATS
    chosen_views = _choices(views, tuple(VIEWS), "--view") or tuple(VIEWS)
    (engine_choice,) = _choices([engine], tuple(ENGINES), "--engine") or ("auto",)
    (paper_choice,) = _choices([paper.lower()], tuple(PAPERS), "--paper") or ("a4",)
    date = parse_today(today)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out: {out} exists and is not a directory")

    # A bar per phase, each erased before anything else is printed (render has no --quiet).
    wanted = progress_wanted(sys.stderr, text_output=True, quiet=False)
    with terminal_progress(sys.stderr, enabled=wanted) as progress:
        checks = Options(config_file=config, lint=not no_lint, today=date, progress=progress)
        report = run(list(paths or []), checks)
    # Structural errors leave a file out of the workspace, so it cannot be drawn; lint
    # findings, of any severity, are part of what the reports show.
    broken = report.workspace.broken
    structural = [
        d for d in report.diagnostics if d.severity is Severity.ERROR and d.path in broken
    ]
    if structural:
        shown = dataclasses.replace(report, diagnostics=structural)
        typer.echo(
            get_reporter("text").render(shown, color=False, fail_on=Severity.ERROR),
            nl=False,
            err=True,
        )
        typer.echo("csjourney: nothing rendered: fix the errors above first.", err=True)
        raise typer.Exit(1)
    if not any(True for _ in report.workspace.journeys()):
        raise UsageError("no journey maps found (files with `csjourney: 1` and a `journey:` key)")
    if segment is not None:
        _check_segment(report, segment)

    measured, problems = measured_for(
        report, list(events or []), list(responses or []), (since, until, today), segment
    )
    found_engine, chosen_formats = engine_for(
        engine_choice, chosen_formats, explicit=formats is not None
    )
    options = RenderOptions(
        chosen_formats,
        chosen_views,
        segment,
        found_engine,
        review_intervals(report),
        workspace_roots(report),
        measured,
        linted=not no_lint,
        paper=PAPERS[paper_choice],
    )
    # The exports' problems are findings on the data files: the overview page lists them.
    failed: LayoutFailed | None = None
    try:
        with terminal_progress(sys.stderr, enabled=wanted) as progress:
            options = dataclasses.replace(options, progress=progress)
            artifacts = render_workspace(
                report.workspace, [*report.diagnostics, *problems], options
            )
    except LayoutFailed as error:  # the diagrams the engine rejected are named; write the rest
        artifacts, failed = error.artifacts, error
    for artifact in artifacts:
        atomic_write(out / artifact.name, artifact.data)
    written = {a.name: a.data for a in artifacts}  # a failed render removes nothing
    cleanup = update_manifest(out, written, clean=clean and failed is None)
    for warning in cleanup.warnings:
        typer.echo(f"csjourney: warning: {warning}", err=True)
    if failed is not None:
        raise failed

    if problems:
        shown = dataclasses.replace(report, diagnostics=problems)
        typer.echo(
            get_reporter("text").render(shown, color=False, fail_on=Severity.ERROR),
            nl=False,
            err=True,
        )
        typer.echo(
            f"csjourney: {len(problems)} data problem{'' if len(problems) == 1 else 's'} "
            "(the rows were left out of the Measured section); rendered anyway.",
            err=True,
        )
    lint_errors = report.count(Severity.ERROR)
    if lint_errors:
        typer.echo(
            f"csjourney: {lint_errors} lint error{'' if lint_errors == 1 else 's'} "
            "(listed in the reports); rendered anyway.",
            err=True,
        )
    engine_note = f" with {found_engine.label}" if found_engine else ""
    count = f"{len(artifacts)} file{'' if len(artifacts) == 1 else 's'}"
    typer.echo(f"Wrote {count} to {out}/{engine_note}.")
    if cleanup.removed:
        gone = len(cleanup.removed)
        typer.echo(
            f"Removed {gone} file{'' if gone == 1 else 's'} an earlier render wrote: "
            + ", ".join(cleanup.removed)
        )
    opener = next(
        (a.name for a in artifacts if a.name == "index.html"),
        artifacts[0].name if artifacts else "",
    )
    if opener:
        typer.echo(f"Open {out / opener}")

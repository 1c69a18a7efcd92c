"""One build of the preview: check the workspace, render it as `render --format html,svg`
would, write the files into a fresh folder of the temporary one.

The steps are render's own (csjourney.render.command and csjourney.render.pipeline):
the same checks, the same refusal when a file has structural errors, the same
"Measured" sections from the exports the config names, the same engine choice. What
differs is where the outcome goes: a refusal or any other problem becomes the text of
the error page (validate's text for the findings), not an exit code, since the server
keeps running and the next save may fix it.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.serve.server import Build

if TYPE_CHECKING:
    from csjourney.core import Report

PREVIEW_FORMATS = ("html", "svg")  # the reports and the pictures they link to


@dataclass(frozen=True, slots=True)
class BuildSettings:
    paths: tuple[Path, ...]
    config: Path | None = None
    lint: bool = True


@dataclass(slots=True)
class Outcome:
    build: Build
    summary: str  # one line for the terminal
    # What the run read beyond the named paths: workspace roots and the exports'
    # patterns (absolute), so the watcher sees a library or an export change too.
    roots: list[Path] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)


def build_site(settings: BuildSettings, folder: Path) -> Outcome:
    """Render into `folder` (created); the outcome says what to serve."""
    from csjourney.errors import UsageError

    report: Report | None = None
    try:
        report = _checked(settings)
        problems = _structural_problems(report)
        if problems is not None:
            return _refused(problems, report, "structural errors: nothing rendered")
        files = _render(report, settings, folder)
    except UsageError as error:  # a config mistake, no journeys, an engine failure
        return _refused(f"csjourney: error: {error}\n", report, f"error: {error}")
    pages = sum(1 for name in files if name.endswith(".html"))
    return Outcome(Build(files), f"rendered {pages} pages", *_watched(report))


def _checked(settings: BuildSettings) -> Report:
    from csjourney.core import Options, run

    # No cache: render keeps the models, which the cache does not hold, and the
    # preview writes nothing into the workspace.
    options = Options(config_file=settings.config, lint=settings.lint, cache=False)
    return run(list(settings.paths), options)


def _structural_problems(report: Report) -> str | None:
    """Validate's text for the errors that stop `render`, or None when there are none."""
    from csjourney.diagnostics import Severity
    from csjourney.reporters import get_reporter

    broken = report.workspace.broken
    structural = [
        d for d in report.diagnostics if d.severity is Severity.ERROR and d.path in broken
    ]
    if not structural:
        return None
    shown = dataclasses.replace(report, diagnostics=structural)
    return get_reporter("text").render(shown, color=False, fail_on=Severity.ERROR)


def _render(report: Report, settings: BuildSettings, folder: Path) -> dict[str, Path]:
    """Render's steps, in render's order; the files written, by name."""
    from csjourney.errors import UsageError
    from csjourney.render.command import engine_for, measured_for, review_intervals, workspace_roots
    from csjourney.render.pipeline import RenderOptions, render_workspace
    from csjourney.render.views import VIEWS

    if not any(True for _ in report.workspace.journeys()):
        raise UsageError("no journey maps found (files with `csjourney: 1` and a `journey:` key)")
    measured, data_problems = measured_for(report, [], [], (None, None, None), None)
    engine, formats = engine_for("auto", PREVIEW_FORMATS, explicit=False)
    options = RenderOptions(
        formats,
        tuple(VIEWS),
        None,
        engine,
        review_intervals(report),
        workspace_roots(report),
        measured,
        linted=settings.lint,
    )
    artifacts = render_workspace(report.workspace, [*report.diagnostics, *data_problems], options)
    folder.mkdir(parents=True)
    files: dict[str, Path] = {}
    for artifact in artifacts:
        target = folder / artifact.name
        target.write_bytes(artifact.data)
        files[artifact.name] = target
    return files


def _refused(text: str, report: Report | None, summary: str) -> Outcome:
    roots, exports = _watched(report) if report is not None else ([], [])
    return Outcome(Build(problems=text), summary, roots, exports)


def _watched(report: Report) -> tuple[list[Path], list[str]]:
    """The workspace roots of the run and its exports' path patterns, absolute."""
    roots: list[Path] = []
    exports: list[str] = []
    for config in report.configs:
        if config.root is not None and config.root not in roots:
            roots.append(Path(config.root).absolute())
        if config.source is None:
            continue
        base = Path(config.source).absolute().parent
        for item in (*config.measure.events, *config.measure.responses):
            exports.extend(str(base / pattern) for pattern in item.path)
    return roots, exports


def remove_quietly(folder: Path) -> None:
    """Remove an old build's folder; a file a request still reads may hold it up on
    some systems, which is no reason to stop the preview."""
    try:
        shutil.rmtree(folder)
    except OSError as error:
        sys.stderr.write(f"csjourney: warning: could not remove {folder}: {error}\n")

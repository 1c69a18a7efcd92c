"""Run the measure findings over a small workspace written into a folder.

A case names its files (maps and csjourney.toml), its stage history and survey
export as CSV text, and the window; `findings_of` checks the maps, measures them
the way `csjourney measure` does (measure_workspace) and returns the findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from csjourney.core import Options, run
from csjourney.diagnostics import Diagnostic
from csjourney.measure.findings import measure_findings
from csjourney.measure.types import Window

#: The window of every case that names none: the 90 days up to 2026-11-30.
WINDOW = Window(dt.date(2026, 9, 2), dt.date(2026, 11, 30))


def findings_of(
    folder: Path,
    files: Mapping[str, str],
    *,
    events: str | None = None,
    responses: str | None = None,
    inputs_in_config: bool = False,
    window: Window = WINDOW,
) -> list[Diagnostic]:
    """The measure findings of `files`, measured from `events` and `responses` (CSV text).

    The exports are handed over as the command line's --events/--responses would, or,
    with `inputs_in_config`, left to the `[measure]` inputs of the case's csjourney.toml.
    """
    from csjourney.config import Config
    from csjourney.measure.run import measure_workspace, settings_for

    for name, text in {"csjourney.toml": "", **files}.items():
        (folder / name).write_text(text, encoding="utf-8")
    exports: dict[str, list[str]] = {"events": [], "responses": []}
    given: dict[str, str | None] = {"events": events, "responses": responses}
    for kind, rows in given.items():
        if rows is not None:
            (folder / f"{kind}.csv").write_text(rows, encoding="utf-8")
            exports[kind] = [] if inputs_in_config else [str(folder / f"{kind}.csv")]
    report = run([folder], Options(lint=False))
    problems = [(d.path.name, d.line, d.code, d.message) for d in report.diagnostics]
    assert not problems, f"the case is not a valid workspace: {problems}"
    config = report.configs[0] if report.configs else Config()
    settings = settings_for(config, **exports)
    measured = measure_workspace(report, settings, window)
    bad_data = [(d.path.name, d.line, d.code, d.message) for d in measured.diagnostics]
    assert not bad_data, f"the case's data has problems: {bad_data}"
    return measure_findings(measured, settings)

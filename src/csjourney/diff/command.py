"""`csjourney diff`: what a change means for the journeys, not which YAML lines moved."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from csjourney.cliargs import (
    CacheDirOption,
    NoCacheOption,
    ReportOutputOption,
    TodayOption,
    parse_today,
)
from csjourney.diff.formats import DEFAULT_DIFF_FORMAT, DIFF_FORMATS

DiffFormat = enum.StrEnum("DiffFormat", {name: name for name in DIFF_FORMATS})  # type: ignore[misc]
_DEFAULT = DiffFormat(DEFAULT_DIFF_FORMAT)


def diff(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="OLD and NEW (two files or two directories); with --git, the paths to compare.",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git", metavar="REF", help="Compare the working tree with git revision REF."
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Output format.")
    ] = _DEFAULT,
    output: ReportOutputOption = None,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit 1 when there are changes (like `git diff --exit-code`)."
        ),
    ] = False,
    today: TodayOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Compare two versions of journey maps by id: stages, touchpoints, metrics, findings...

    Exit 0 (with --exit-code: 1 when anything changed); 1 when either side has
    files that do not load; 2 on usage errors.
    """
    import sys

    from csjourney.diff.compare import compare_git, compare_paths
    from csjourney.diff.sides import Caching
    from csjourney.errors import UsageError
    from csjourney.fsutil import write_output

    day = parse_today(today)
    given = list(paths or [])
    caching = Caching(enabled=not no_cache, folder=cache_dir)
    if git is not None:
        comparison = compare_git(git, given, day, caching)
    elif len(given) == 2:
        comparison = compare_paths(given[0], given[1], day, caching)
    else:
        raise UsageError(
            "diff needs OLD and NEW (two files or two directories), or --git REF [PATHS]..."
        )
    text = DIFF_FORMATS[output_format.value].load()(comparison)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text, inputs=[*given, *comparison.inputs()])
    if comparison.broken():
        raise typer.Exit(1)
    raise typer.Exit(1 if exit_code and comparison.changes else 0)

"""`csjourney fmt`: rewrite journey maps in the one canonical layout."""

from __future__ import annotations

from typing import Annotated

import typer

from csjourney.cliargs import ConfigOption, PathsArgument


def fmt(
    paths: PathsArgument = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; list the files that would change and exit 1 if any."
        ),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Change nothing; print the changes as a unified diff.")
    ] = False,
    only_journey_files: Annotated[
        bool,
        typer.Option(
            "--only-journey-files",
            help="Skip named files that are not journey maps (no `csjourney:` key), like a "
            "directory scan does.",
        ),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Format journey maps: canonical key order, 2-space indentation, stable list style.

    Comments, blank lines and quoting are kept. A file with errors is reported
    and left untouched. Exit 1 when --check finds a file to change or a file
    cannot be formatted.
    """
    import sys

    from csjourney.fmt.files import Status, plan
    from csjourney.fsutil import atomic_write
    from csjourney.reporters.text import plural

    outcomes = plan(list(paths or []), config_file=config, only_journey_files=only_journey_files)
    write = not (check or diff)
    for outcome in outcomes:
        name = outcome.path.as_posix()
        if outcome.status is Status.INVALID:
            sys.stderr.write("".join(f"{line}\n" for line in outcome.problems))
            sys.stderr.write(f"{name}: not formatted: fix the errors above first\n")
        elif outcome.status is Status.REFUSED:
            sys.stderr.write(f"{name}: not formatted: {outcome.problems[0]}\n")
        elif outcome.status is Status.CHANGED:
            if diff:
                sys.stdout.write(outcome.unified_diff())
            if check:
                sys.stdout.write(f"would reformat {name}\n")
            if write:
                atomic_write(outcome.path, outcome.after)
                sys.stdout.write(f"reformatted {name}\n")
    changed = sum(o.status is Status.CHANGED for o in outcomes)
    unchanged = sum(o.status is Status.UNCHANGED for o in outcomes)
    failed = len(outcomes) - changed - unchanged
    if not diff:
        verb = "would be reformatted" if check else "reformatted"
        summary = f"{plural(changed, 'file')} {verb}, {unchanged} unchanged"
        sys.stdout.write(summary + (f", {failed} not formatted" if failed else "") + ".\n")
    raise typer.Exit(1 if failed or (check and changed) else 0)

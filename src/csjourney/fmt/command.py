"""`csjourney fmt`: rewrite journey maps in the one canonical layout."""

from __future__ import annotations

from typing import Annotated

import typer

from csjourney.cliargs import (
    CacheDirOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    PathsArgument,
    StdinFilenameOption,
)


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
    stdin_filename: StdinFilenameOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    jobs: JobsOption = None,
) -> None:
    """Format journey maps: canonical key order, 2-space indentation, stable list style.

    Comments, blank lines and quoting are kept. A file with errors is reported
    and left untouched. Exit 1 when --check finds a file to change or a file
    cannot be formatted. `-` formats standard input to standard output.
    """
    import sys

    from csjourney.fmt.files import Status, plan
    from csjourney.fsutil import WriteRefused, rewrite_file
    from csjourney.progress import progress_wanted, terminal_progress
    from csjourney.reporters.text import plural
    from csjourney.safetext import display_path, printable, write_data

    # fmt has no --quiet and prints text; the bar is gone before the first line is.
    wanted = progress_wanted(sys.stderr, text_output=True, quiet=False)
    with terminal_progress(sys.stderr, enabled=wanted) as progress:
        outcomes = plan(
            list(paths or []),
            config_file=config,
            only_journey_files=only_journey_files,
            stdin_filename=stdin_filename,
            cache=not no_cache,
            cache_dir=cache_dir,
            jobs=jobs,
            progress=progress,
            answer_only=check and not diff,  # --check alone needs no formatted text
        )
    write = not (check or diff)
    # `fmt -` is a filter, as in ruff: the formatted text and nothing else on stdout.
    filtering = write and any(o.stdin for o in outcomes)
    not_written = 0
    for outcome in outcomes:
        name = display_path(outcome.path)
        if filtering and outcome.stdin and outcome.status in (Status.CHANGED, Status.UNCHANGED):
            write_data(outcome.after)  # the map itself: exact, never escaped
            continue
        if outcome.status is Status.INVALID:
            sys.stderr.write("".join(f"{printable(line)}\n" for line in outcome.problems))
            sys.stderr.write(f"{name}: not formatted: fix the errors above first\n")
        elif outcome.status is Status.REFUSED:
            sys.stderr.write(f"{name}: not formatted: {printable(outcome.problems[0])}\n")
        elif outcome.status is Status.CHANGED:
            if diff:
                sys.stdout.write(outcome.unified_diff())
            if check:
                sys.stdout.write(f"would reformat {name}\n")
            if write:
                try:
                    rewrite_file(outcome.path, outcome.after, expected=outcome.before)
                except (WriteRefused, OSError) as error:
                    reason = error.strerror if isinstance(error, OSError) else str(error)
                    sys.stderr.write(f"{name}: not formatted: cannot write: {reason}\n")
                    not_written += 1
                    continue
                sys.stdout.write(f"reformatted {name}\n")
    changed = sum(o.status is Status.CHANGED for o in outcomes) - not_written
    unchanged = sum(o.status is Status.UNCHANGED for o in outcomes)
    failed = len(outcomes) - changed - unchanged
    if not diff and not filtering:
        verb = "would be reformatted" if check else "reformatted"
        summary = f"{plural(changed, 'file')} {verb}, {unchanged} unchanged"
        sys.stdout.write(summary + (f", {failed} not formatted" if failed else "") + ".\n")
    raise typer.Exit(1 if failed or (check and changed) else 0)

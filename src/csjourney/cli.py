"""The command line: parse arguments, call the core, pick a reporter. Nothing else.

Heavy modules (pydantic, ruamel.yaml, jinja2) are imported inside
the commands that need them, so `csjourney --version` and `--help` stay fast.
"""

from __future__ import annotations

import enum
import gc
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from csjourney.cliargs import (
    CacheDirOption,
    Color,
    ColorOption,
    ConfigOption,
    JobsOption,
    NoCacheOption,
    PathsArgument,
    ReportOutputOption,
    StdinFilenameOption,
    TodayOption,
    parse_today,
    rule_list,
    use_color,
    validate_format,
)
from csjourney.errors import UsageError
from csjourney.fsutil import output_path
from csjourney.registry import Lazy
from csjourney.reporters import REPORTERS

if TYPE_CHECKING:
    from csjourney.core import Report

app = typer.Typer(
    name="csjourney",
    help="Customer success journey maps as code: validate, lint, render and diff YAML maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    # `-h` as ruff, yamllint and most tools take it; subcommands inherit it.
    context_settings={"help_option_names": ["-h", "--help"]},
)

OutputFormat = enum.Enum("OutputFormat", {name: name for name in REPORTERS}, type=str)  # type: ignore[misc]


def _version_callback(value: bool) -> None:
    if value:
        from csjourney.versioninfo import describe

        typer.echo(describe())
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Customer success journey maps as code."""


def _emit(text: str, output: Path | None, inputs: Iterable[Path] = ()) -> None:
    """Print `text`, or write it to `--output`, which must not be one of `inputs`."""
    if output is None:
        from csjourney.safetext import write_styled

        write_styled(text)  # the text reporter's colours are the only escapes let through
        return
    from csjourney.fsutil import write_output

    write_output(output, text, inputs=inputs)


def _files_read(report: Report) -> list[Path]:
    """What a run read: `--output` may replace none of these."""
    configs = [config.source for config in report.configs if config.source is not None]
    return [*report.files, *configs]


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


@app.command()
def validate(
    paths: PathsArgument = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: text; github inside GitHub Actions).",
            show_default=False,
        ),
    ] = None,
    output: ReportOutputOption = None,
    config: ConfigOption = None,
    no_lint: Annotated[
        bool, typer.Option("--no-lint", help="Run only the structural checks.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            help="Run only these rules (codes or names, comma-separated; ALL for all).",
            metavar="RULE",
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(help="Skip these rules (codes or names, comma-separated).", metavar="RULE"),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option(help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")
    ] = False,
    today: TodayOption = None,
    only_journey_files: Annotated[
        bool,
        typer.Option(
            "--only-journey-files",
            help="Skip named files without `csjourney:` instead of reporting them (pre-commit).",
        ),
    ] = False,
    stdin_filename: StdinFilenameOption = None,
    color: ColorOption = Color.auto,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print the findings only: no summary, nothing on success."
        ),
    ] = False,
    statistics: Annotated[
        bool,
        typer.Option("--statistics", help="Print how many findings each rule has, not each one."),
    ] = False,
    show_source: Annotated[
        bool,
        typer.Option("--show-source", help="Show the offending line, a caret under the column."),
    ] = False,
    fix: Annotated[bool, typer.Option(help="Apply the fixes that are the one answer.")] = False,
    diff: Annotated[bool, typer.Option(help="Print what --fix would change, as a diff.")] = False,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
    jobs: JobsOption = None,
) -> None:
    """Check journey maps: structure, references, and (unless --no-lint) lint rules."""
    import dataclasses

    from csjourney.core import Options, run
    from csjourney.diagnostics import Severity
    from csjourney.progress import progress_wanted, terminal_progress
    from csjourney.reporters import get_reporter
    from csjourney.reporters.text import TextReporter

    options = Options(
        config_file=config,
        lint=not no_lint,
        today=parse_today(today),
        select=rule_list(select),
        ignore=rule_list(ignore) or (),
        only_journey_files=only_journey_files,
        stdin_filename=stdin_filename,
        cache=not no_cache,
        cache_dir=cache_dir,
        jobs=jobs,
        keep_models=False,  # the reporters read findings and texts, never the models
    )
    _check_rule_names(options)
    name = validate_format(output_format, statistics=statistics, show_source=show_source)
    # The bar only where the text report goes: a JSON or SARIF run is read by a program.
    wanted = progress_wanted(sys.stderr, text_output=name == "text", quiet=quiet)

    def checked() -> Report:
        with terminal_progress(sys.stderr, enabled=wanted) as progress:
            return run(list(paths or []), dataclasses.replace(options, progress=progress))

    report = checked()
    if fix or diff:
        from csjourney.fixes import fix_or_diff

        report = fix_or_diff(report, checked, diff=diff, quiet=quiet)
    if not report.files and not only_journey_files and not quiet:
        # Like ruff's "No Python files found": a scan of the wrong folder is no success.
        sys.stderr.write(
            "csjourney: warning: no journey files found "
            "(a journey file is a .yaml or .yml file with `csjourney: 1`)\n"
        )
    threshold = Severity.parse(fail_on.value)
    reporter = get_reporter(name)
    if isinstance(reporter, TextReporter):
        reporter = TextReporter(quiet=quiet, show_source=show_source, statistics=statistics)
    text = reporter.render(report, color=use_color(color, output), fail_on=threshold)
    _emit(text, output, inputs=_files_read(report))
    _note_workspace(report, name, quiet)
    worst = report.worst()
    failed = worst is not None and worst >= threshold and not exit_zero
    raise typer.Exit(1 if failed else 0)


def _note_workspace(report: Report, name: str, quiet: bool) -> None:
    """On stderr, in text output: report streams (JSON, SARIF...) keep their schema."""
    note = report.workspace_note()
    if note and name == "text" and not quiet:
        sys.stderr.write(note + "\n")


def _check_rule_names(options: object) -> None:
    from csjourney.lint.registry import resolve_all

    resolve_all(getattr(options, "select", None) or (), "--select")
    resolve_all(getattr(options, "ignore", ()), "--ignore")


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the schema to this file.",
            parser=output_path,
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the journey map format."""
    from csjourney.schema import schema_text

    _emit(schema_text(), output)


# Commands that live with their feature. Each module imports only light modules
# (typer, pathlib) at top level; the work happens inside the command function.
# The feature commands: each module is imported here, since typer needs every
# command's parameters to build `--help`. A new command is a module and a line.
_COMMANDS: dict[str, Lazy[Callable[..., None]]] = {
    "rules": Lazy("csjourney.rulecommands:list_rules"),
    "rule": Lazy("csjourney.rulecommands:explain_rule"),
    "diff": Lazy("csjourney.diff.command:diff"),
    "fmt": Lazy("csjourney.fmt.command:fmt"),
    "init": Lazy("csjourney.scaffold.command:init"),
    "render": Lazy("csjourney.render.command:render"),
    "measure": Lazy("csjourney.measure.command:measure"),
    "lsp": Lazy("csjourney.lsp.command:lsp"),
    "serve": Lazy("csjourney.serve.command:serve"),
}


def _register_commands() -> None:
    for name, command in _COMMANDS.items():
        app.command(name)(command.load())


_register_commands()


def _fail(message: str, hint: str | None = None) -> NoReturn:
    from csjourney.safetext import printable_lines

    # Messages quote names from maps and paths: escaped even if stderr is not guarded.
    sys.stderr.write(f"csjourney: error: {printable_lines(message)}\n")
    if hint:
        sys.stderr.write(f"{hint}\n")
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors exit 2 with a message, never a traceback.

    Everything printed goes through SafeWriter: no control character from a map
    or a file name reaches the terminal raw, whichever code printed it.
    """
    from csjourney import interrupts
    from csjourney.safetext import guard_standard_streams

    if argv is None:  # a process of its own: Ctrl+C is ours to handle (see interrupts)
        interrupts.install()
    original = guard_standard_streams()
    try:
        _run(sys.argv[1:] if argv is None else argv)
    finally:
        sys.stdout, sys.stderr = original
        if argv is None:
            # The process ends now. Its last garbage collection would walk everything
            # the run built (tens of milliseconds for a large workspace) for cycles
            # there are not; frozen objects are left to reference counting.
            gc.freeze()


def _help_hint(argv: list[str]) -> str:
    from csjourney.clierrors import help_hint

    names = [c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands]
    return help_hint(argv, names)


def _run(argv: list[str]) -> None:
    from typer._click import exceptions as click_errors

    from csjourney.interrupts import requested

    try:
        # Not standalone: click's own error printing is replaced by ours below.
        code = app(args=argv, prog_name="csjourney", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as error:
        error.show()  # `csjourney` alone: the help, as before
        raise SystemExit(2) from None
    except click_errors.UsageError as error:
        from csjourney.clierrors import describe

        _fail(describe(error), _help_hint(argv))
    except UsageError as error:
        if requested():  # a backend's error on Ctrl+C ("Query interrupted") is no mistake
            _fail("interrupted")
        # A mistake in an option points at the help; a missing file or a config mistake does not.
        _fail(str(error), _help_hint(argv) if str(error).startswith("-") else None)
    except click_errors.ClickException as error:  # not a usage error: a file click opened
        _fail(error.format_message())
    except (KeyboardInterrupt, typer.Abort):
        _fail("interrupted")
    except OSError as error:  # the file system said no: a path or permission problem, not a bug
        where = f"{error.filename}: " if error.filename else ""
        _fail(f"{where}{error.strerror or error}")
    except SystemExit:
        raise
    except Exception as error:  # a bug of ours: say so plainly, keep the detail on request
        if requested():
            _fail("interrupted")
        if os.environ.get("CSJOURNEY_DEBUG"):
            raise
        _fail(
            f"internal error: {type(error).__name__}: {error}\n"
            "Please report this; set CSJOURNEY_DEBUG=1 to see the traceback."
        )
    if requested():  # swallowed on the way (an engine's error turned into a finding)
        _fail("interrupted")
    raise SystemExit(code if isinstance(code, int) else 0)

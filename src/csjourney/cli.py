"""The command line: parse arguments, call the core, pick a reporter. Nothing else.

Heavy modules (pydantic, ruamel.yaml, jinja2, graphviz) are imported inside
the commands that need them, so `csjourney --version` and `--help` stay fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from csjourney import __version__
from csjourney.errors import UsageError
from csjourney.reporters import REPORTERS

app = typer.Typer(
    name="csjourney",
    help="Customer success journey maps as code: validate, lint, render and diff YAML maps.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

OutputFormat = enum.Enum("OutputFormat", {name: name for name in REPORTERS}, type=str)  # type: ignore[misc]

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Journey files or directories (default: the current directory).", show_default=False),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Use this csjourney.toml or pyproject.toml.", dir_okay=False)
]


def _version_callback(value: bool) -> None:
    if value:
        from csjourney.versioninfo import describe

        typer.echo(describe())
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Customer success journey maps as code."""


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today expects a date as YYYY-MM-DD, not {value!r}") from None


def _use_color(output: Path | None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR"))


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from csjourney.fsutil import atomic_write

    atomic_write(output, text)


@app.command()
def validate(
    paths: PathsArgument = None,
    output_format: Annotated[
        OutputFormat | None, typer.Option("--format", "-f", help="Output format.", show_default="text")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    config: ConfigOption = None,
    no_lint: Annotated[bool, typer.Option("--no-lint", help="Run only the structural checks.")] = False,
    today: Annotated[
        str | None, typer.Option(help="Date that date-based rules measure against (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Check journey maps: structure, references, and (unless --no-lint) lint rules."""
    from csjourney.core import Options, run
    from csjourney.diagnostics import Severity
    from csjourney.reporters import get_reporter

    options = Options(config_file=config, lint=not no_lint, today=_today(today))
    report = run(list(paths or []), options)
    name = output_format.value if output_format else "text"
    _emit(get_reporter(name).render(report, color=_use_color(output)), output)
    raise typer.Exit(1 if report.worst() is Severity.ERROR else 0)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the schema to this file.")] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of the journey map format."""
    from csjourney.schema import schema_text

    _emit(schema_text(), output)


# Commands that live with their feature. Each module imports only light modules
# (typer, pathlib) at top level; the work happens inside the command function.
_COMMANDS: dict[str, str] = {
}


def _register_commands() -> None:
    import importlib

    for name, target in _COMMANDS.items():
        module_name, function_name = target.split(":")
        app.command(name)(getattr(importlib.import_module(module_name), function_name))


_register_commands()


def _fail(message: str) -> NoReturn:
    sys.stderr.write(f"csjourney: error: {message}\n")
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: usage errors exit 2 with a message, never a traceback."""
    try:
        app(args=argv, prog_name="csjourney", standalone_mode=True)
    except UsageError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail("interrupted")
    except SystemExit:
        raise
    except Exception as error:  # a bug of ours: say so plainly, keep the detail on request
        if os.environ.get("CSJOURNEY_DEBUG"):
            raise
        _fail(
            f"internal error: {type(error).__name__}: {error}\n"
            "Please report this; set CSJOURNEY_DEBUG=1 to see the traceback."
        )

"""Command-line arguments shared by several commands, declared once.

Imported at start-up by every command module, so it imports nothing heavy.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from csjourney.errors import UsageError


def _readable_argument_types() -> None:
    """Arguments with a metavar show it alone in --help, as options do.

    Typer appends the Python type to every argument (`PATH <list[Path]>`);
    a user reads `PATH`, and the help text says what it takes.
    """
    shown = typer.core.TyperArgument.display_type_rich

    def display_type_rich(self: typer.core.TyperArgument, ctx: typer.Context) -> str | None:
        return None if self.metavar is not None else shown(self, ctx)

    typer.core.TyperArgument.display_type_rich = display_type_rich  # type: ignore[method-assign,assignment]


_readable_argument_types()

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Journey files or directories (default: the current directory); "
        "`-` reads standard input.",
        show_default=False,
        metavar="PATH",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Use this csjourney.toml or pyproject.toml.",
        dir_okay=False,
        metavar="FILE",
    ),
]
StdinFilenameOption = Annotated[
    Path | None,
    typer.Option(
        "--stdin-filename",
        help="The name of the file read from `-` (standard input): used in reports, "
        "and to find its workspace and configuration.",
        metavar="PATH",
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        help="Date that date-based lint rules measure against (YYYY-MM-DD; default: today).",
        metavar="DATE",
    ),
]


class Color(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour the text report: auto (on a terminal, unless NO_COLOR is set; "
        "FORCE_COLOR forces it), always, or never. Files from --output are never coloured.",
    ),
]


def use_color(choice: Color, output: Path | None) -> bool:
    """Whether to colour what goes to standard output (https://no-color.org)."""
    if output is not None or choice is Color.never:
        return False
    if choice is Color.always:
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def parse_today(value: str | None) -> dt.date:
    """The `--today` date; a malformed one is a usage error."""
    if value is None:
        return dt.date.today()
    # Only YYYY-MM-DD: fromisoformat alone also takes 20261201 and 2026-W48-2.
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today expects a date as YYYY-MM-DD, not {value!r}") from None

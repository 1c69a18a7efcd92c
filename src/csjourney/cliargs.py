"""Command-line arguments shared by several commands, declared once.

Imported at start-up by every command module, so it imports nothing heavy.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from csjourney.errors import UsageError

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Journey files or directories (default: the current directory).",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Use this csjourney.toml or pyproject.toml.", dir_okay=False),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        help="Date that date-based lint rules measure against (YYYY-MM-DD; default: today).",
        metavar="DATE",
    ),
]


def parse_today(value: str | None) -> dt.date:
    """The `--today` date; a malformed one is a usage error."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today expects a date as YYYY-MM-DD, not {value!r}") from None

"""Command-line arguments shared by several commands, declared once.

Imported at start-up by every command module, so it imports nothing heavy.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated

import typer

from csjourney.errors import UsageError

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Journey files or directories (default: the current directory); "
        "`-` reads standard input.",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="Use this csjourney.toml or pyproject.toml.", dir_okay=False),
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

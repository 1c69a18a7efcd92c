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
from csjourney.fsutil import output_path


def _placeholder(param: typer.core._TyperParameter) -> str:
    """What --help shows for a value: a word a user reads, never a Python type.

    Typer shows the annotation (`<Path>`, `<list[Path]>`, `<str>`); a parameter
    without a metavar gets FILE, DIR or PATH for a path, else its name in capitals.
    """
    if param.metavar is not None:
        return param.metavar
    descriptor = param.type_descriptor
    if descriptor.is_path:
        kind = str(getattr(descriptor, "path_type", "path")).upper()
        return kind if kind in ("FILE", "DIR") else "PATH"
    return (param.name or "value").upper().replace("_", "-")


def _readable_placeholders() -> None:
    """Patch Typer's help once, at the mechanism, for every command.

    Choices keep Typer's `<a|b|c>` (it lists the accepted values); every other
    value shows `_placeholder`. An argument's name column is its placeholder,
    so no type follows it, and the usage line reads `csjourney rule RULE`.
    """
    parameter = typer.core._TyperParameter
    display_type = parameter.display_type

    def readable_type(self: typer.core._TyperParameter, ctx: typer.Context) -> str:
        if self.metavar is None and self.type_descriptor.is_choice:
            return display_type(self, ctx)
        return _placeholder(self)

    def argument_name(self: typer.core._TyperParameter) -> str:
        return _placeholder(self)

    def argument_usage(self: typer.core.TyperArgument) -> str:
        name = _placeholder(self) if self.required else f"[{_placeholder(self)}]"
        return name + ("..." if self.nargs != 1 else "")

    parameter.display_type = readable_type  # type: ignore[method-assign,assignment]
    argument = typer.core.TyperArgument
    argument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    argument.display_name_raw = property(argument_name)  # type: ignore[assignment,method-assign]
    argument._usage_display_name = argument_usage  # type: ignore[method-assign]


_readable_placeholders()

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
# `-o FILE` wherever a command writes a report (render has `--out DIR` instead).
ReportOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the report to this file.",
        parser=output_path,
        metavar="FILE",
    ),
]
TodayOption = Annotated[
    str | None,
    typer.Option(
        help="Date that date-based lint rules measure against (YYYY-MM-DD; default: today).",
        metavar="DATE",
    ),
]

# The exports and the window of `measure` and of render's Measured section.
EventsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--events",
        help="The stage history: a CSV, Parquet or JSON lines file, or a glob of them "
        "(default: [measure.events] in csjourney.toml).",
        metavar="FILE",
    ),
]
ResponsesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--responses",
        help="The survey responses: a CSV, Parquet or JSON lines file, or a glob of them "
        "(default: [measure.responses]).",
        metavar="FILE",
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(help="First day of the measured window (YYYY-MM-DD, UTC).", metavar="DATE"),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        help="Last day of the measured window (YYYY-MM-DD; default: --today).", metavar="DATE"
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


def parse_day(option: str, value: str) -> dt.date:
    """A date option's value; anything but YYYY-MM-DD is a usage error."""
    # Only YYYY-MM-DD: fromisoformat alone also takes 20261201 and 2026-W48-2.
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} expects a date as YYYY-MM-DD, not {value!r}") from None


def parse_today(value: str | None) -> dt.date:
    """The `--today` date; a malformed one is a usage error."""
    return dt.date.today() if value is None else parse_day("--today", value)


def parse_jobs(value: str) -> int:
    """The parser of `--jobs`: a whole number of processes, 1 or more."""
    number = value.strip()
    if not re.fullmatch(r"[0-9]+", number) or int(number) < 1:
        from csjourney.safetext import printable

        raise UsageError(f"--jobs: expects a whole number, 1 or more, not '{printable(value)}'")
    return int(number)


def parse_cache_dir(value: str) -> Path:
    """The parser of `--cache-dir` and CSJOURNEY_CACHE_DIR: a folder, made when missing."""
    if os.path.exists(value) and not os.path.isdir(value):
        from csjourney.safetext import printable

        raise UsageError(
            f"--cache-dir (or CSJOURNEY_CACHE_DIR): {printable(value)} is a file, not a folder"
        )
    return Path(value)


# The scale settings of the commands that check a whole workspace (validate, fmt).
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Check every file afresh: neither read nor write the cache of earlier results.",
    ),
]
CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        help="Keep the cache in this folder (default: .csjourney_cache at the workspace root, "
        "or `cache-dir` in csjourney.toml).",
        envvar="CSJOURNEY_CACHE_DIR",
        parser=parse_cache_dir,
        metavar="DIR",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        help="Check files in up to N processes (default: one per CPU, when the workspace is "
        "large enough to gain from it; 1 checks in this process).",
        parser=parse_jobs,
        metavar="N",
        show_default=False,
    ),
]


def rule_list(values: list[str] | None) -> tuple[str, ...] | None:
    """`--select a,b --select c` -> ("a", "b", "c")."""
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def validate_format(chosen: object, *, statistics: bool, show_source: bool) -> str:
    """validate's reporter: --format, else the default; --statistics and --show-source
    are text output."""
    # Inside GitHub Actions, annotations on the pull request are what people see.
    default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    name: str = getattr(chosen, "value", "") or default
    text_only = [
        flag for flag, on in (("--statistics", statistics), ("--show-source", show_source)) if on
    ]
    if text_only and name != "text":
        if chosen is None:  # only the GitHub Actions default: the user asked for text
            return "text"
        raise UsageError(f"{text_only[0]} prints text; it cannot be used with --format {name}")
    return name

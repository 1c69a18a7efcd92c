"""Workspace root discovery and configuration (`csjourney.toml` / `[tool.csjourney]`).

A config mistake is a usage error (exit 2) with a "did you mean", never a
silently ignored key: a typo in `ignore` must not switch a rule off unnoticed.
`configcheck` lists every mistake at once, each at its line.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from csjourney.diagnostics import MAX_FINDINGS_PER_FILE
from csjourney.errors import UsageError
from csjourney.loader import DEFAULT_MAX_BYTES

CONFIG_FILE = "csjourney.toml"
DEFAULT_REVIEW_EVERY_DAYS = 90  # also the default of a journey's own `review_every_days`


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, alias_generator=_kebab)


class LintOptions(_Section):
    metric_stale_days: Annotated[int, Field(gt=0)] = 120
    review_every_days: Annotated[int, Field(gt=0)] = DEFAULT_REVIEW_EVERY_DAYS


class LintConfig(_Section):
    select: list[str] | None = None
    ignore: list[str] = []
    severity: dict[str, str] = {}
    options: LintOptions = LintOptions()
    per_file_ignores: dict[str, list[str]] = {}


class _Input(_Section):
    """One export `measure` reads: files (`path`, one or a list of globs, relative to the
    config's folder) or a table of the backend (`table`); `columns` maps a logical column
    to the file's own name; rows without a journey column belong to `journey`."""

    path: list[str] = []
    table: str | None = None
    columns: dict[str, str] = {}
    journey: str | None = None

    logical_columns: ClassVar[str] = ""  # the csjourney.measure.types tuple naming them

    @field_validator("path", mode="before")
    @classmethod
    def _one_path(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("columns")
    @classmethod
    def _known_columns(cls, columns: dict[str, str]) -> dict[str, str]:
        from csjourney.measure import types
        from csjourney.suggest import did_you_mean

        known: tuple[str, ...] = getattr(types, cls.logical_columns)
        for name in columns:
            if name not in known:
                hint = did_you_mean(name, known)
                raise ValueError(
                    f"`{name}` is not a column csjourney reads"
                    + (f"; {hint}" if hint else "")
                    + f' (columns: {", ".join(known)}); write `{{{known[0]} = "Your column"}}`'
                )
        return columns

    @model_validator(mode="after")
    def _path_or_table(self) -> _Input:
        if bool(self.path) == bool(self.table):
            raise ValueError(
                "give the export's files as `path`, or a table of the backend "
                "as `table` (one of the two)"
            )
        return self


class EventsInput(_Input):
    logical_columns = "EVENT_COLUMNS"
    stages: dict[str, str] = {}  # a stage value in the history -> the stage's id


class ResponsesInput(_Input):
    logical_columns = "RESPONSE_COLUMNS"


def _inputs(value: object) -> object:
    """`[measure.events]` is one input; `[[measure.events]]`, one per file or journey."""
    return [value] if isinstance(value, dict) else value


Percent = Annotated[float, Field(ge=0, le=100)]


class MeasureOptions(_Section):
    skipped_share: Percent = 20  # % of the previous stage's visits that jump over a stage
    backflow_share: Percent = 10  # % of a stage's visits whose next event is an earlier stage
    sample_margin: Annotated[float, Field(gt=0)] = 10  # points of a survey score's margin
    # Fewer answers than this are too few whatever the margin says: with one promoter the
    # NPS margin formula gives 0, the normal approximation failing, not certainty.
    sample_min: Annotated[int, Field(gt=0)] = 30


class MeasureSettings(_Section):
    backend: str = "duckdb://"
    events: list[EventsInput] = []
    responses: list[ResponsesInput] = []
    severity: dict[str, str] = {}
    options: MeasureOptions = MeasureOptions()

    _events_inputs = field_validator("events", mode="before")(_inputs)
    _responses_inputs = field_validator("responses", mode="before")(_inputs)


class Config(_Section):
    max_file_size: Annotated[int, Field(gt=0)] = DEFAULT_MAX_BYTES
    max_findings_per_file: Annotated[int, Field(gt=0)] = MAX_FINDINGS_PER_FILE
    exclude: list[str] = []
    # Where the per-file cache lives, relative to the root (default `.csjourney_cache`).
    cache_dir: Annotated[str, Field(min_length=1)] | None = None
    lint: LintConfig = LintConfig()
    measure: MeasureSettings = MeasureSettings()
    # Where the config was read from, and the workspace root it defines.
    source: Path | None = Field(default=None, exclude=True)
    root: Path | None = Field(default=None, exclude=True)


def shown_path(source: Path) -> str:
    """A config's path as the user would type it: relative when below the working directory."""
    try:
        return Path(os.path.abspath(source)).relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(source)


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """The TOML data and its text (to locate mistakes by line)."""
    shown = shown_path(path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        at = re.search(r" \(at line (\d+), column (\d+)\)$", str(error))
        where = f"{shown}:{at.group(1)}:{at.group(2)}" if at else shown
        reason = str(error)[: at.start()] if at else str(error)
        raise UsageError(f"{where}: not valid TOML: {reason}") from None
    except UnicodeDecodeError as error:  # TOML is UTF-8 by definition
        before = error.object[: error.start]
        line, column = before.count(b"\n") + 1, error.start - before.rfind(b"\n")
        raise UsageError(
            f"{shown}:{line}:{column}: byte 0x{error.object[error.start]:02x} is not UTF-8; "
            "save the file as UTF-8 (TOML files are UTF-8 text)"
        ) from None
    except OSError as error:
        raise UsageError(f"{shown}: cannot read: {error.strerror or error}") from None


def _table(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The csjourney settings in `path` (None when the file has none), and its text."""
    data, text = _read_toml(path)
    if path.name == CONFIG_FILE:
        return data, text
    tool = data.get("tool")
    section = tool.get("csjourney") if isinstance(tool, dict) else None
    return (section if isinstance(section, dict) else None), text


def root_marker(directory: Path) -> Path | None:
    """The file that makes `directory` a workspace root: its csjourney.toml, else a
    pyproject.toml with a [tool.csjourney] table; None when it is not a root."""
    candidate = directory / CONFIG_FILE
    if candidate.is_file():
        return candidate
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file() and _table(pyproject)[0] is not None:
        return pyproject
    return None


def find_root(start: Path) -> tuple[Path, Path] | None:
    """(root directory, config file) of the nearest workspace above `start`."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        marker = root_marker(directory)
        if marker is not None:
            return directory, marker
    return None


def is_nested_root(directory: Path) -> bool:
    """Whether a folder met in a workspace scan is a workspace of its own.

    Its files belong to it, not to the workspace above (each file belongs to
    the nearest root), so the scan of the outer root leaves the folder out. A
    pyproject.toml that cannot be read makes no root here: it is reported when
    a file below it is checked, since finding that file's root reads it.
    """
    try:
        return root_marker(directory) is not None
    except UsageError:
        return False


def parse(
    settings: dict[str, Any], source: Path | None, root: Path | None, text: str = ""
) -> Config:
    from csjourney import configcheck

    try:
        config = Config.model_validate(settings)
    except ValidationError as error:
        configcheck.check(settings, error, source, text)
        raise UsageError(str(error)) from None  # not reached: check raises for any error
    configcheck.check(settings, None, source, text)  # rule names and severities
    return config.model_copy(update={"source": source, "root": root})


def load(explicit: Path | None, start: Path) -> Config:
    """The config for a run: `--config FILE`, else the nearest one above `start`."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"config file not found: {explicit}")
        table, text = _table(explicit)
        if table is None:
            raise UsageError(f"{explicit}: has no [tool.csjourney] table")
        return parse(table, explicit, explicit.resolve().parent, text)
    found = find_root(start)
    if found is None:
        return Config()
    root, source = found
    table, text = _table(source)
    return parse(table or {}, source, root, text)


def known_keys(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Config
    for part in loc:
        if str(part).isdigit():  # an entry of a list of tables: its own keys
            continue
        field = model.model_fields.get(str(part).replace("-", "_"))
        annotation = field.annotation if field else None
        if getattr(annotation, "__origin__", None) is list:
            annotation = annotation.__args__[0]  # type: ignore[union-attr]
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [_kebab(name) for name in model.model_fields if name not in ("source", "root")]

"""Workspace root discovery and configuration (`csjourney.toml` / `[tool.csjourney]`).

A config mistake is a usage error (exit 2) with a "did you mean", never a
silently ignored key: a typo in `ignore` must not switch a rule off unnoticed.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from csjourney.diagnostics import MAX_FINDINGS_PER_FILE
from csjourney.errors import UsageError
from csjourney.loader import DEFAULT_MAX_BYTES
from csjourney.suggest import did_you_mean

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


class Config(_Section):
    max_file_size: Annotated[int, Field(gt=0)] = DEFAULT_MAX_BYTES
    max_findings_per_file: Annotated[int, Field(gt=0)] = MAX_FINDINGS_PER_FILE
    exclude: list[str] = []
    lint: LintConfig = LintConfig()
    # Where the config was read from, and the workspace root it defines.
    source: Path | None = Field(default=None, exclude=True)
    root: Path | None = Field(default=None, exclude=True)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError as error:  # TOML is UTF-8 by definition
        before = error.object[: error.start]
        line, column = before.count(b"\n") + 1, error.start - before.rfind(b"\n")
        raise UsageError(
            f"{path}:{line}:{column}: byte 0x{error.object[error.start]:02x} is not UTF-8; "
            "save the file as UTF-8 (TOML files are UTF-8 text)"
        ) from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror or error}") from None


def _table(path: Path) -> dict[str, Any] | None:
    """The csjourney settings in `path`, or None when the file has none."""
    data = _read_toml(path)
    if path.name == CONFIG_FILE:
        return data
    tool = data.get("tool")
    section = tool.get("csjourney") if isinstance(tool, dict) else None
    return section if isinstance(section, dict) else None


def find_root(start: Path) -> tuple[Path, Path] | None:
    """(root directory, config file) of the nearest workspace above `start`."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return directory, candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _table(pyproject) is not None:
            return directory, pyproject
    return None


def parse(settings: dict[str, Any], source: Path | None, root: Path | None) -> Config:
    try:
        config = Config.model_validate(settings)
    except ValidationError as error:
        raise UsageError(_explain(error, source)) from None
    return config.model_copy(update={"source": source, "root": root})


def load(explicit: Path | None, start: Path) -> Config:
    """The config for a run: `--config FILE`, else the nearest one above `start`."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"config file not found: {explicit}")
        table = _table(explicit)
        if table is None:
            raise UsageError(f"{explicit}: has no [tool.csjourney] table")
        return parse(table, explicit, explicit.resolve().parent)
    found = find_root(start)
    if found is None:
        return Config()
    root, source = found
    return parse(_table(source) or {}, source, root)


def _explain(error: ValidationError, source: Path | None) -> str:
    where = f"{source}: " if source else ""
    lines = []
    for detail in error.errors(include_url=False):
        loc = ".".join(str(part) for part in detail["loc"])
        if detail["type"] == "extra_forbidden":
            known = _known_keys(detail["loc"][:-1])
            hint = did_you_mean(str(detail["loc"][-1]), known)
            lines.append(f"{where}unknown setting `{loc}`" + (f"; {hint}" if hint else ""))
        else:
            lines.append(f"{where}`{loc}`: {detail['msg']}")
    return "\n".join(lines)


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    model: type[BaseModel] = Config
    for part in loc:
        field = model.model_fields.get(str(part).replace("-", "_"))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [_kebab(name) for name in model.model_fields if name not in ("source", "root")]

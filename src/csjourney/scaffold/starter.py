"""The files of a starter workspace, rendered from the templates shipped in the package.

`templates/<name>/` holds the journey maps of each starter (Jinja2, for the
dates); `templates/common/` the files every starter shares, copied as they
are (the CI workflow contains `${{ ... }}` that Jinja must not touch). The
JSON Schema comes from `csjourney schema`, so the editor checks maps against
the installed version of the format.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

from csjourney.errors import UsageError

TEMPLATES = ("saas", "subscription", "minimal")
SCHEMA_FILE = PurePosixPath("schemas/csjourney-v1.schema.json")
# Shared files, and where they go. Kept without a leading dot in the package
# because package-data globs skip hidden files.
COMMON = {
    "csjourney.toml": "csjourney.toml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github-workflow.yml": ".github/workflows/csjourney.yml",
}
# How far ahead the example initiatives are due, so none is overdue on day one.
DUE_SOON_DAYS, DUE_LATER_DAYS = 90, 180


@dataclass(frozen=True, slots=True)
class StarterFile:
    path: PurePosixPath  # relative to the workspace directory
    content: str


def _templates() -> Traversable:
    return resources.files("csjourney.scaffold").joinpath("templates")


def _walk(directory: Traversable, prefix: PurePosixPath) -> list[tuple[PurePosixPath, Traversable]]:
    found = []
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            found += _walk(entry, prefix / entry.name)
        elif entry.is_file():
            found.append((prefix / entry.name, entry))
    return found


def starter_files(template: str, today: dt.date) -> list[StarterFile]:
    """Every file of the `template` starter, rendered for `today`, in a stable order."""
    import jinja2

    from csjourney.schema import schema_text

    if template not in TEMPLATES:
        raise UsageError(f"unknown template {template!r}; choose one of: {', '.join(TEMPLATES)}")
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    files = [StarterFile(SCHEMA_FILE, schema_text())]
    for source, target in COMMON.items():
        files.append(
            StarterFile(
                PurePosixPath(target), _templates().joinpath("common", source).read_text("utf-8")
            )
        )
    for path, entry in _walk(_templates().joinpath(template), PurePosixPath()):
        schema = posixpath.relpath(SCHEMA_FILE.as_posix(), path.parent.as_posix())
        content = environment.from_string(entry.read_text("utf-8")).render(
            today=today.isoformat(),
            due_soon=(today + dt.timedelta(days=DUE_SOON_DAYS)).isoformat(),
            due_later=(today + dt.timedelta(days=DUE_LATER_DAYS)).isoformat(),
            schema=schema,
        )
        files.append(StarterFile(path, content))
    return sorted(files, key=lambda f: f.path)

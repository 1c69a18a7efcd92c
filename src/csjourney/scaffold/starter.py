"""The files of a starter workspace, rendered from the templates shipped in the package.

`templates/<name>/` holds the journey maps of each starter (Jinja2, for the
dates); `templates/common/` the files every starter shares. Those are Jinja2
too, but with `[[ ... ]]` for variables: the CI workflow contains GitHub's
`${{ ... }}`, which must reach the file untouched. They get the install spec
(how CI and pre-commit install csjourney) already quoted for YAML and the
shell by `install_values`, so a template never quotes anything itself. The
JSON Schema comes from `csjourney schema`, so the editor checks maps against
the installed version of the format.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shlex
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

from csjourney.cache import CACHE_DIR
from csjourney.errors import UsageError
from csjourney.scaffold import DEFAULT_INSTALL

TEMPLATES = ("saas", "subscription", "minimal")
SCHEMA_FILE = PurePosixPath("schemas/csjourney-v1.schema.json")
# Shared files, and where they go. Kept without a leading dot in the package
# because package-data globs skip hidden files.
COMMON = {
    "csjourney.toml": "csjourney.toml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github-workflow.yml": ".github/workflows/csjourney.yml",
}
# What init adds to the workspace's .gitignore: the cache is each clone's own.
GITIGNORE = ".gitignore"
GITIGNORE_BLOCK = f"# csjourney's cache: safe to delete, never worth committing\n{CACHE_DIR}/\n"
# Lines that ignore it already (the cache folder ignores itself too; this tells git up front).
_IGNORED_ALREADY = {f"{lead}{CACHE_DIR}{end}".encode() for lead in ("", "/") for end in ("", "/")}
# A spec is one pip argument written into YAML: no line break or control character,
# and not an option (pip would take `-e .` or `--pre` as its own flags).
_BAD_SPEC = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]|^\s*-|^\s*$")
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


def _yaml_scalar(text: str) -> str:
    """`text` as a YAML value: plain when YAML 1.1 (PyYAML, so pre-commit) and 1.2
    (GitHub) both read it back as the same string, else double-quoted (JSON's
    string syntax is YAML's): `yes` is a boolean to one, `a #b` a comment to both."""
    import json

    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    for version in ((1, 1), (1, 2)):
        yaml = YAML(typ="safe", pure=True)
        yaml.version = version
        try:
            if yaml.load(f"key: {text}\n") != {"key": text}:
                return json.dumps(text)
        except YAMLError:  # the plain form does not even parse
            return json.dumps(text)
    return text


def install_spec(text: str) -> str:
    """`text` checked as what CI and pre-commit install csjourney from: a requirement
    (`csjourney==0.2.0`), a git URL (`csjourney @ git+https://...@v0.2.0`) or a wheel."""
    spec = text.strip()
    if _BAD_SPEC.search(spec):
        raise UsageError(
            f"--install {spec!r}: give one pip requirement, URL or wheel path, e.g."
            " --install 'csjourney @ git+https://github.com/OWNER/csjourney@vX.Y.Z'"
        )
    return spec


def pip_command(spec: str) -> str:
    """The shell command that installs `spec`, as the CI workflow runs it."""
    return f"pip install {shlex.quote(install_spec(spec))}"


def install_values(spec: str) -> dict[str, str]:
    """The variables of the common templates, each ready to paste where it goes."""
    spec = install_spec(spec)
    return {
        "install": spec,
        "install_command": _yaml_scalar(pip_command(spec)),
        "install_requirement": _yaml_scalar(spec),
    }


def starter_files(
    template: str, today: dt.date, install: str = DEFAULT_INSTALL
) -> list[StarterFile]:
    """Every file of the `template` starter, rendered for `today`, with CI and
    pre-commit installing csjourney from `install`, in a stable order."""
    import jinja2

    from csjourney.schema import schema_text

    if template not in TEMPLATES:
        raise UsageError(f"unknown template {template!r}; choose one of: {', '.join(TEMPLATES)}")
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    common = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
    )
    values = install_values(install)
    files = [StarterFile(SCHEMA_FILE, schema_text())]
    for source, target in COMMON.items():
        text = _templates().joinpath("common", source).read_text("utf-8")
        files.append(StarterFile(PurePosixPath(target), common.from_string(text).render(values)))
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


def gitignore_addition(existing: bytes | None) -> bytes:
    """What to append to a .gitignore holding `existing` (None: no file yet) so that
    git ignores the cache: nothing when a line already does, else the block, in the
    file's own line endings, after a line break if its last line has none."""
    if existing is None:
        return GITIGNORE_BLOCK.encode()
    lines = {line.rstrip(b"\r").strip() for line in existing.split(b"\n")}
    if lines & _IGNORED_ALREADY:
        return b""
    newline = b"\r\n" if b"\r\n" in existing else b"\n"
    block = GITIGNORE_BLOCK.encode().replace(b"\n", newline)
    return (newline if existing and not existing.endswith(b"\n") else b"") + block

"""`csjourney init`: a starter workspace that validates, renders and runs in CI."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from csjourney.scaffold import DEFAULT_INSTALL


class Template(enum.StrEnum):
    saas = "saas"
    subscription = "subscription"
    minimal = "minimal"


def init(
    directory: Annotated[
        Path,
        typer.Argument(
            help="Where to create the workspace (created when missing).", file_okay=False
        ),
    ] = Path("."),
    template: Annotated[
        Template,
        typer.Option(
            "--template", "-t", help="B2B SaaS, consumer subscription, or the bare minimum."
        ),
    ] = Template.saas,
    install: Annotated[
        str,
        typer.Option(
            "--install",
            metavar="SPEC",
            help="What the CI workflow and the pre-commit hooks install csjourney from: a pip"
            " requirement, a git URL ('csjourney @ git+https://...@vX.Y.Z') or a wheel.",
        ),
    ] = DEFAULT_INSTALL,
) -> None:
    """Create a starter workspace: library, one journey, csjourney.toml, pre-commit and CI configs.

    Existing files are never overwritten: if any file of the starter exists
    already, nothing is written and the command exits 2. An existing .gitignore
    is only extended, with the cache folder's line when it lacks one.
    """
    import datetime as dt
    import sys

    from csjourney.errors import UsageError
    from csjourney.fsutil import atomic_write
    from csjourney.scaffold.starter import install_spec, pip_command, starter_files

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a directory")
    spec = install_spec(install)
    files = starter_files(template.value, dt.date.today(), spec)
    taken = [f.path.as_posix() for f in files if (directory / f.path).exists()]
    if taken:
        raise UsageError(
            f"{directory}: these files exist already, so nothing was written: {', '.join(taken)}"
        )
    for file in files:
        atomic_write(directory / file.path, file.content)
    ignored = _ignore_the_cache(directory)
    shown = directory.as_posix()
    sys.stdout.write(f"Created a {template.value} starter workspace in {shown}:\n")
    sys.stdout.writelines(f"  {file.path.as_posix()}\n" for file in files)
    if ignored:
        sys.stdout.write(f"  {ignored}\n")
    sys.stdout.write(
        "Next: replace the example content with your own, then run\n"
        f"  csjourney validate {shown}\n"
        f"  csjourney render {shown} --out {shown}/out\n"
        f"CI and pre-commit install csjourney with: {pip_command(spec)}\n"
    )
    if spec == DEFAULT_INSTALL:
        sys.stdout.write(
            "  csjourney is not on PyPI yet: until it is, run init with --install and a git URL"
            " or a wheel, or change that line in .github/workflows/csjourney.yml and"
            " .pre-commit-config.yaml\n"
        )


def _ignore_the_cache(directory: Path) -> str:
    """Make the workspace's .gitignore ignore the cache; what was done, for the file list.

    A .gitignore of the user's own is appended to, never rewritten: its lines,
    encoding and line endings stay. One that cannot be written is said on stderr
    and left alone (the cache folder ignores itself anyway): the starter is written.
    """
    import sys

    from csjourney.fsutil import atomic_write
    from csjourney.safetext import printable
    from csjourney.scaffold.starter import GITIGNORE, gitignore_addition

    path = directory / GITIGNORE
    try:
        existing = path.read_bytes() if path.exists() or path.is_symlink() else None
        addition = gitignore_addition(existing)
        if existing is None:
            atomic_write(path, addition)
            return GITIGNORE
        if not addition:
            return ""
        with open(path, "ab") as handle:
            handle.write(addition)
    except OSError as error:
        reason = printable(error.strerror or str(error))
        sys.stderr.write(f"csjourney: warning: {GITIGNORE}: not extended: {reason}\n")
        return ""
    return f"{GITIGNORE} (extended)"

"""Load the two sides of `csjourney diff` (two paths, or a git revision and the working tree)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from csjourney.diff.changes import compare
from csjourney.diff.output import Comparison
from csjourney.diff.sides import load
from csjourney.errors import UsageError


def compare_paths(old: Path, new: Path, today: dt.date) -> Comparison:
    """OLD and NEW are two files, or two directories (each a workspace)."""
    for path in (old, new):
        if not path.exists():
            raise UsageError(f"no such file or directory: {path}")
    if old.is_dir() != new.is_dir():
        raise UsageError("OLD and NEW must both be files or both be directories")
    if old.is_dir():
        old_side = load(str(old), old, [old], today, {})
        new_side = load(str(new), new, [new], today, {})
    else:
        # Two versions of one file may be named differently; read OLD's name as NEW's.
        aliases = {Path(old.name): Path(new.name)}
        old_side = load(str(old), old.resolve().parent, [old], today, aliases)
        new_side = load(str(new), new.resolve().parent, [new], today, {})
    return Comparison(old_side, new_side, compare(old_side, new_side))


def _scopes(paths: list[Path], root: Path) -> tuple[list[str], list[Path]]:
    """What to take from the revision: each path, and the workspace (csjourney.toml) holding it."""
    from csjourney.config import find_root

    scopes: list[str] = []
    relative: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            raise UsageError(f"--git: {path} is outside the repository at {root}")
        relative.append(resolved.relative_to(root))
        scopes.append(relative[-1].as_posix())
        found = find_root(resolved if resolved.exists() else resolved.parent)
        if found is not None and found[0].is_relative_to(root):
            scopes.append(found[0].relative_to(root).as_posix())
    return sorted(set(scopes)), relative


def compare_git(ref: str, paths: list[Path], today: dt.date) -> Comparison:
    """The working tree's `paths` against the same paths at git revision `ref`."""
    from csjourney.diff.gitrev import materialize, repository_root

    root = repository_root(Path.cwd())
    paths = paths or [Path(".")]
    scopes, relative = _scopes(paths, root)
    with tempfile.TemporaryDirectory(prefix="csjourney-diff-") as temporary:
        snapshot = Path(temporary)
        materialize(ref, root, scopes, snapshot)
        old_paths = [snapshot / rel for rel in relative if (snapshot / rel).exists()]
        new_paths = [path for path in paths if path.exists()]
        old_side = load(ref, snapshot, old_paths, today, {})
        new_side = load("working tree", root, new_paths, today, {})
        return Comparison(old_side, new_side, compare(old_side, new_side))

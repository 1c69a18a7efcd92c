"""Load the two sides of `csjourney diff` (two paths, or a git revision and the working tree)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from csjourney.core import without_cyclic_gc
from csjourney.diff.changes import compare
from csjourney.diff.output import Comparison
from csjourney.diff.sides import DEFAULT_CACHING, Caching, Side, load
from csjourney.errors import UsageError
from csjourney.loader import sharing_parses
from csjourney.reading import sharing_contents
from csjourney.resultshare import sharing_results


def compare_paths(
    old: Path, new: Path, today: dt.date, caching: Caching = DEFAULT_CACHING
) -> Comparison:
    """OLD and NEW are two files, or two directories (each a workspace)."""
    for path in (old, new):
        if not path.exists():
            raise UsageError(f"no such file or directory: {path}")
    if old.is_dir() != new.is_dir():
        raise UsageError("OLD and NEW must both be files or both be directories")
    # The files both sides hold with the same bytes are checked once.
    with without_cyclic_gc(), sharing_contents(), sharing_parses(), sharing_results():
        if old.is_dir():
            old_side = load(str(old), old, [old], today, {}, caching=caching)
            new_side = load(str(new), new, [new], today, {}, caching=caching)
        else:
            # Two versions of one file may be named differently; read OLD's name as NEW's.
            aliases = {Path(old.name): Path(new.name)}
            old_side = load(str(old), old.resolve().parent, [old], today, aliases, caching=caching)
            new_side = load(str(new), new.resolve().parent, [new], today, {}, caching=caching)
        # Within the block: the changed files' models come from the parses just made.
        return Comparison(old_side, new_side, compare(old_side, new_side))


@dataclass(frozen=True, slots=True)
class _Target:
    given: Path  # as named on the command line (working tree)
    relative: Path  # from the repository root


def _targets(paths: list[Path], root: Path) -> tuple[list[_Target], list[str]]:
    """Each path, and what to take from the revision: the paths and their workspaces."""
    targets, scopes = [], set()
    for path in paths:
        resolved = path.resolve()
        if not resolved.is_relative_to(root):
            raise UsageError(f"--git: {path} is outside the repository at {root}")
        targets.append(_Target(path, resolved.relative_to(root)))
        scopes.add(targets[-1].relative.as_posix())
        # A path gone from the working tree is looked up from the nearest folder left.
        home = _workspace(root, targets[-1].relative, lambda p: p.exists())
        if home is not None:
            scopes.add(home.as_posix())
    return targets, sorted(scopes)


def _workspace(base: Path, relative: Path, present: Callable[[Path], bool]) -> Path | None:
    """The folder (relative to `base`) of the csjourney.toml holding `base / relative`."""
    from csjourney.config import find_root

    existing = base / relative
    while not present(existing) and existing != base:
        existing = existing.parent
    found = find_root(existing)
    if found is None or not found[0].is_relative_to(base):
        return None
    return found[0].relative_to(base)


def _side_paths(
    base: Path, targets: list[_Target], here: list[bool], other_base: Path
) -> list[Path]:
    """What to load on one side: each target that is there, else the workspace it is in
    on the other side, when that folder is here: a file added or removed is then
    compared with its workspace around it, not with nothing."""
    paths: list[Path] = []
    for target, present in zip(targets, here, strict=True):
        if present:
            paths.append(base / target.relative)
            continue
        home = _workspace(other_base, target.relative, os.path.lexists)
        if home is not None and (base / home).is_dir():
            paths.append(base / home)
    return paths


def compare_git(
    ref: str, paths: list[Path], today: dt.date, caching: Caching = DEFAULT_CACHING
) -> Comparison:
    """The working tree's `paths` against the same paths at git revision `ref`.

    A path only in the working tree is added; one only at `ref` is removed; one
    in neither is a usage error.
    """
    from csjourney.diff.gitrev import materialize, repository_root

    root = repository_root(Path.cwd())
    targets, scopes = _targets(paths or [Path(".")], root)
    # The files both sides hold with the same bytes are checked once: the working tree
    # first, from the cache, and the revision borrows its results.
    with (
        without_cyclic_gc(),
        tempfile.TemporaryDirectory(prefix="csjourney-diff-") as temporary,
        sharing_contents(),
        sharing_parses(),
        sharing_results(),
    ):
        snapshot = Path(temporary).resolve()
        materialize(ref, root, scopes, snapshot)
        in_old = [os.path.lexists(snapshot / t.relative) for t in targets]
        in_new = [os.path.lexists(t.given) for t in targets]
        for target, old, new in zip(targets, in_old, in_new, strict=True):
            if not old and not new:
                raise UsageError(
                    f"--git: {target.given} matches no journey file or folder, neither in "
                    f"the working tree nor in {ref}"
                )
        scope = [t.relative for t in targets]

        def old_side() -> Side:
            return load(
                ref,
                snapshot,
                _side_paths(snapshot, targets, in_old, root),
                today,
                {},
                snapshot_of=ref,
                scope=scope,
            )

        try:
            new_side = load(
                "working tree",
                root,
                _side_paths(root, targets, in_new, snapshot),
                today,
                {},
                scope=scope,
                caching=caching,
            )
        except UsageError:
            old_side()  # the revision's own usage error, when it has one, is said first
            raise
        revision = old_side()
        return Comparison(revision, new_side, compare(revision, new_side))

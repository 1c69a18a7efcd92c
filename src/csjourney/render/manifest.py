"""What `render` wrote into `--out`, so `render --clean` removes only files of ours.

Every render records in `DIR/.csjourney-manifest.json` each file it has written
there and a SHA-256 of its bytes. `--clean` then removes the files an earlier render
recorded that this one did not write, and only those still exactly as written:

- a file that changed since (someone edited it), or is no longer a regular file
  (a symbolic link, a folder), is kept, with a warning, and forgotten;
- an entry that is not a plain name of a file csjourney writes (`..`, a path, an
  absolute path, a dot file) is ignored with a warning: no entry reaches outside DIR;
- a manifest that cannot be read (not JSON, not our layout) is ignored with a
  warning, nothing is removed and a new one is written. A broken record of what we
  wrote should never make us delete, nor cost the render it is only a detail of:
  the warnings say what was left, the exit code stays the render's.

Without `--clean` nothing is removed and the files recorded before stay recorded.
Symbolic links are never followed. The manifest is deterministic (sorted, no
dates) and written atomically, last, after the removals.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".csjourney-manifest.json"
_KIND = "csjourney render manifest"
_NOTE = "Files csjourney render wrote here; render --clean removes those a later render does not."
# The names render writes: `J.ext`, `J.V.ext`, `_index.html`... (pipeline.base_name):
# a plain file name, never a dot file, so never `..`, a path or the manifest itself.
_OUR_NAME = re.compile(r"[a-z0-9_][a-z0-9_.-]{0,254}")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")


@dataclass
class Cleanup:
    """What a render did to the files of earlier renders, to tell the user."""

    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def manifest_bytes(files: dict[str, str]) -> bytes:
    """The manifest for name -> digest: the same bytes for the same files."""
    document = {"kind": _KIND, "version": 1, "note": _NOTE, "files": dict(sorted(files.items()))}
    return (json.dumps(document, indent=2, ensure_ascii=True) + "\n").encode()


def read_manifest(out: Path, warnings: list[str]) -> dict[str, str]:
    """The files an earlier render recorded in `out` (name -> digest); nothing when
    there is no manifest, and nothing, with a warning, when it cannot be trusted."""
    path = out / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            warnings.append(f"{path} is not a regular file; it was ignored")
            return {}
        document = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        warnings.append(f"{path} cannot be read ({error}); it was ignored and nothing removed")
        return {}
    files = document.get("files") if isinstance(document, dict) else None
    if not (isinstance(document, dict) and document.get("kind") == _KIND) or not isinstance(
        files, dict
    ):
        warnings.append(f"{path} is not a csjourney render manifest; it was ignored")
        return {}
    recorded = {}
    for name, recorded_digest in files.items():
        if not _OUR_NAME.fullmatch(name) or not isinstance(recorded_digest, str):
            warnings.append(f"{path}: entry {name!r} is not a file render writes; ignored")
        elif not _DIGEST.fullmatch(recorded_digest):
            warnings.append(f"{path}: entry {name!r} has no valid sha256; ignored")
        else:
            recorded[name] = recorded_digest
    return recorded


def _current_digest(path: Path) -> str | None:
    """The digest of `path` if it is a regular file (never through a symlink)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        hasher = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            hasher.update(chunk)
        return "sha256:" + hasher.hexdigest()
    finally:
        os.close(fd)


def _remove_stale(out: Path, stale: dict[str, str], cleanup: Cleanup) -> None:
    for name, recorded in sorted(stale.items()):
        path = out / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue  # already gone
        except OSError as error:
            cleanup.warnings.append(f"kept {path}: {error.strerror or error}")
            continue
        if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
            cleanup.warnings.append(f"kept {path}: it is no longer a file csjourney wrote")
        elif _current_digest(path) != recorded:
            cleanup.warnings.append(f"kept {path}: it changed since csjourney wrote it")
        else:
            try:
                path.unlink()
            except OSError as error:
                cleanup.warnings.append(f"kept {path}: cannot remove it ({error.strerror})")
                continue
            cleanup.removed.append(name)


def update_manifest(out: Path, written: dict[str, bytes], *, clean: bool) -> Cleanup:
    """After a render wrote `written` (name -> bytes) into `out`: with `clean`, remove
    the files of earlier renders it did not write; then record what is ours now."""
    from csjourney.fsutil import atomic_write

    cleanup = Cleanup()
    previous = read_manifest(out, cleanup.warnings)
    files = {name: digest(data) for name, data in written.items()}
    stale = {name: d for name, d in previous.items() if name not in files}
    if clean:
        _remove_stale(out, stale, cleanup)
    else:
        cleanup.warnings.clear()  # nothing is removed: a bad manifest is just replaced
        files |= {name: d for name, d in stale.items() if os.path.lexists(out / name)}
    atomic_write(out / MANIFEST, manifest_bytes(files))
    return cleanup

"""Writing files without losing anything: the content, or what the file was.

Three kinds of write, one function each:
- `atomic_write`: files we own (rendered output): a temporary file beside the
  target, fsync, rename; a reader never sees half a file.
- `rewrite_file`: a user's file we edit (`fmt`). It stays the same file: mode,
  owner and group kept, a symlink written through to its target, hard links
  kept (written in place, as a rename would split them), a read-only file
  refused. Bytes are written as given: line endings are never converted.
- `write_output`: a report named with `--output`. A character device or FIFO
  (`/dev/stdout`, `/dev/null`, `>(cmd)`) is written to, never replaced; a
  directory, a block device or one of the run's input files is a usage error.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

_BOM = "\ufeff"


class WriteRefused(Exception):
    """A file we were asked to edit must not be written; the message says why."""


def _encode(content: str | bytes) -> bytes:
    # backslashreplace: a surrogate that slipped through can never abort a write.
    return content.encode("utf-8", "backslashreplace") if isinstance(content, str) else content


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot; the rename is still atomic
    finally:
        os.close(fd)


def _temporary_beside(path: Path, data: bytes) -> str:
    import tempfile  # not at the top: the CLI imports this module on every start

    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    data = _encode(content)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_beside(path, data)
    try:
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _write_in_place(path: Path, data: bytes) -> None:
    with open(path, "r+b") as handle:
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


def _replace_keeping_identity(path: Path, data: bytes, st: os.stat_result) -> None:
    """Atomic replace with the old file's owner, group and mode; in place when a
    rename would lose something (hard links, an owner we cannot give)."""
    if st.st_nlink > 1:
        _write_in_place(path, data)
        return
    try:
        temporary = _temporary_beside(path, data)
    except PermissionError:  # a directory we may not create in: the file itself we may write
        _write_in_place(path, data)
        return
    try:
        try:
            os.chown(temporary, st.st_uid, st.st_gid)  # before chmod: chown clears setuid
        except PermissionError:
            Path(temporary).unlink(missing_ok=True)
            _write_in_place(path, data)
            return
        os.chmod(temporary, stat.S_IMODE(st.st_mode))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def _editable(path: Path) -> tuple[Path, os.stat_result]:
    """The real file behind `path` and its status, or WriteRefused saying why not."""
    real = Path(os.path.realpath(path))  # through symlinks: the link itself stays
    try:
        st = os.stat(real)
    except FileNotFoundError:
        raise WriteRefused("the file no longer exists") from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteRefused("it is now a directory")
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused("it is not a regular file")
    # The mode bits, not only access(): root may write anything, but a file marked
    # read-only says its owner does not want it changed.
    if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise WriteRefused("the file is read-only")
    return real, st


def rewrite_file(path: Path, text: str, *, expected: str | None = None) -> None:
    """Replace the content of the user's file `path` with `text`, keeping the file.

    `expected` is the content the new text was made from: when the file no longer
    holds it, someone changed it meanwhile, and it is left alone. A UTF-8 BOM
    the file starts with is kept.
    """
    real, st = _editable(path)
    current = real.read_bytes()
    seen = {current.decode(codec, "replace") for codec in ("utf-8", "utf-8-sig")}
    if expected is not None and expected not in seen:
        raise WriteRefused("the file changed while it was being formatted")
    if current.startswith(_BOM.encode()) and not text.startswith(_BOM):
        text = _BOM + text
    _replace_keeping_identity(real, _encode(text), st)


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _stream_for(st: os.stat_result) -> object | None:
    """sys.stdout or sys.stderr when `st` is the file they already write to."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if _same_file(os.fstat(stream.fileno()), st):
                return stream
        except (OSError, ValueError, AttributeError):
            continue
    return None


def _input_stats(inputs: Iterable[Path]) -> list[os.stat_result]:
    found = []
    for path in inputs:
        try:
            found.append(os.stat(path))
        except OSError:
            continue
    return found


def output_path(value: str) -> Path:
    """The parser of every `--output` option: `name/` means a directory, which a
    Path would forget, so it is refused here, before anything runs."""
    from csjourney.errors import UsageError
    from csjourney.safetext import printable

    if value.endswith(("/", os.sep)) or value in (".", ".."):
        raise UsageError(f"--output: {printable(value)} names a directory; give a file name")
    return Path(value)


def write_output(target: Path, text: str, *, inputs: Iterable[Path] = ()) -> None:
    """Write a report to `--output` TARGET (`-` is standard output)."""
    from csjourney.errors import UsageError
    from csjourney.safetext import display_path

    raw = os.fspath(target)
    if raw == "-":
        sys.stdout.write(text)
        return
    shown = display_path(raw)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is None:
        atomic_write(target, text)
        return
    stream = _stream_for(st)
    if stream is not None:
        stream.write(text)  # type: ignore[attr-defined]
        stream.flush()  # type: ignore[attr-defined]
        return
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise UsageError(f"--output: {shown} is a directory; give a file name")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        with open(target, "wb") as handle:  # a device or pipe: write to it, never replace it
            handle.write(_encode(text))
        return
    if not stat.S_ISREG(mode):
        kind = "a block device" if stat.S_ISBLK(mode) else "not a regular file"
        raise UsageError(f"--output: {shown} is {kind}; give a file name")
    if any(_same_file(st, other) for other in _input_stats(inputs)):
        raise UsageError(
            f"--output: {shown} is one of the files this run reads; "
            "writing the report there would replace it"
        )
    try:
        real, current = _editable(target)
    except WriteRefused as refusal:
        raise UsageError(f"--output: {shown}: {refusal}") from None
    _replace_keeping_identity(real, _encode(text), current)

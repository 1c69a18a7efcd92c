"""A preview session: temporary folder, first build, server, then build on every save.

Each build goes into a folder of its own inside the temporary one and is published
whole, so a page never gets half of one build and half of the next; the folder of
the build before is removed once the new one is served. Ctrl+C ends the session
from wherever the main thread is (watching or building): the server stops, the
temporary folder is removed, and the command exits 0.

What is watched: folders, not files, since editors save by writing a new file and
renaming it over the old one, which a watch on the file itself loses. The folders
are the named paths (a named file's folder), the workspace roots the last build
found (a library beside the journeys folder) and the folders of the exports the
config names. A change counts when it is a map (`.yaml`, `.yml`), a config file
(csjourney.toml, pyproject.toml) or an export the config names; watchfiles' default
filter already drops editors' swap and backup files and folders such as .git.
"""

from __future__ import annotations

import glob
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney import interrupts
from csjourney.serve.server import Build, Published, start_server
from csjourney.serve.site import BuildSettings, Outcome, build_site, remove_quietly

if TYPE_CHECKING:
    from watchfiles import Change

MAP_SUFFIXES = (".yaml", ".yml")
CONFIG_NAMES = ("csjourney.toml", "pyproject.toml")


class Session:
    def __init__(self, settings: BuildSettings, scratch: Path, published: Published) -> None:
        self.settings = settings
        self.scratch = scratch
        self.published = published
        self.stop = threading.Event()
        self._count = 0
        self._served: Path | None = None  # the folder of the build being served
        self.last: Outcome | None = None

    def rebuild(self, reason: str) -> None:
        """Build into a new folder, publish it, remove the one before; say it in one line."""
        self._count += 1
        folder = self.scratch / f"build-{self._count}"
        started = time.perf_counter()
        try:
            outcome = build_site(self.settings, folder)
        except Exception as error:  # a bug of ours: on the page, and the session goes on
            interrupts.raise_if_requested()
            text = f"csjourney: internal error: {type(error).__name__}: {error}\n"
            outcome = Outcome(Build(problems=text), f"internal error: {error}")
        # Ctrl+C while the build ran, which the backend may have turned into an error
        # that the build reported as the maps' problem: stop, publishing nothing.
        interrupts.raise_if_requested()
        self.published.publish(outcome.build)
        previous, self._served = self._served, folder if outcome.build.problems is None else None
        if previous is not None:
            remove_quietly(previous)
        seconds = time.perf_counter() - started
        _say(f"{time.strftime('%H:%M:%S')} {reason}: {outcome.summary} ({seconds:.1f} s)")
        self.last = outcome

    def folders(self) -> list[Path]:
        roots, exports = (self.last.roots, self.last.exports) if self.last else ([], [])
        return watched_folders(self.settings.paths, roots, exports)

    def watch(self) -> None:
        """Build after each save until Ctrl+C; restart the watch when the folders change."""
        from watchfiles import watch

        while not self.stop.is_set():
            folders = self.folders()
            exports = self.last.exports if self.last else []
            moved = False
            for changes in watch(
                *folders,
                watch_filter=MapFilter(exports, [self.scratch]),
                debounce=400,
                step=30,
                stop_event=self.stop,
                raise_interrupt=True,
            ):
                self.rebuild(f"saved {describe(changes)}")
                if self.folders() != folders:
                    moved = True  # a new workspace root or export folder: watch it too
                    break
            if not moved:
                return


def run_session(
    settings: BuildSettings,
    host: str,
    port: int,
    shown: str,
    opener: Callable[[str], object] | None,
) -> None:
    """Serve until Ctrl+C; a usage error when the port cannot be listened on."""
    from csjourney.errors import UsageError

    published = Published()
    try:
        server = start_server(host, port, published)
    except OSError as error:
        where = f"{host}:{port}"
        raise UsageError(f"--port: cannot listen on {where}: {error.strerror or error}") from None
    scratch = Path(tempfile.mkdtemp(prefix="csjourney-serve-"))
    session = Session(settings, scratch, published)
    # `kill` and a closed terminal stop the server as Ctrl+C does: the temporary
    # folder removed, exit 0 (Python's default for them would leave the folder).
    interrupts.install("SIGINT", "SIGTERM", "SIGHUP")
    try:
        session.rebuild("first render")
        _say(f"Serving {shown} at {server.url} (Ctrl+C to stop)")
        if opener is not None:
            opener(server.url)
        session.watch()
    except KeyboardInterrupt:
        interrupts.handled()  # Ctrl+C is how a session ends: exit 0
        _say("Stopped.")
    finally:
        session.stop.set()
        session.published.close()
        server.shutdown()
        server.server_close()
        remove_quietly(scratch)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def watched_folders(
    paths: Iterable[Path], roots: Iterable[Path], exports: Iterable[str]
) -> list[Path]:
    """The existing folders to watch, none inside another (the watch is recursive)."""
    candidates: list[Path] = []
    for path in paths:
        absolute = path.absolute()
        candidates.append(absolute if absolute.is_dir() else absolute.parent)
    candidates.extend(root.absolute() for root in roots)
    for pattern in exports:
        candidates.append(_fixed_part(pattern))
    existing = sorted({c for c in candidates if c.is_dir()})
    return [c for c in existing if not any(o != c and c.is_relative_to(o) for o in existing)]


def _fixed_part(pattern: str) -> Path:
    """The folder above a pattern's first wildcard (`data/*.csv` -> `data`), or a file's."""
    parts = Path(pattern).parts
    first = next((i for i, part in enumerate(parts) if glob.has_magic(part)), None)
    return Path(pattern).parent if first is None else Path(*parts[:first])


class MapFilter:
    """watchfiles' `watch_filter`: maps, configs and the named exports, nothing else.

    `ignored` holds the temporary folder: were it ever inside a watched folder, the
    preview's own writes would trigger builds without end.
    """

    def __init__(self, exports: Iterable[str], ignored: Iterable[Path]) -> None:
        from watchfiles import DefaultFilter

        self._exports = list(exports)
        self._ignored = [str(path.absolute()) for path in ignored]
        self._default = DefaultFilter()

    def __call__(self, change: Change, path: str) -> bool:
        if any(path == ignored or path.startswith(ignored + os.sep) for ignored in self._ignored):
            return False
        if not self._default(change, path):
            return False
        name = Path(path).name
        if name.endswith(MAP_SUFFIXES) or name in CONFIG_NAMES:
            return True
        return any(fnmatchcase(path, pattern) for pattern in self._exports)


def describe(changes: Iterable[tuple[object, str]]) -> str:
    """The files saved, for the terminal line: `smb.yaml` or `3 files`."""
    names = sorted({Path(path).name for _, path in changes})
    return names[0] if len(names) == 1 else f"{len(names)} files"

"""Where the Graphviz engines are, found cheaply (no process is started), so
that `csjourney --version` can name the engine and still start in ~50 ms.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

BUNDLED_NAME = "graphviz-pure"


def find_dot() -> str | None:
    """The system Graphviz `dot` on PATH."""
    return shutil.which("dot")


def find_bundled() -> str | None:
    """graphviz-pure on PATH, or beside this interpreter (a venv that is not on PATH)."""
    found = shutil.which(BUNDLED_NAME)
    if found:
        return found
    for directory in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = directory / BUNDLED_NAME
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def bundled_version() -> str | None:
    """The installed graphviz-pure version, read from its dist-info folder name:
    `importlib.metadata` would cost ~30 ms of imports at every `--version`."""
    for base in sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}):
        for entry in sorted(Path(base).glob("graphviz_pure-*.dist-info")):
            return entry.name.removeprefix("graphviz_pure-").removesuffix(".dist-info")
    return None


def describe_engine() -> str:
    """One line for `--version`: the engine `--engine auto` would use."""
    dot = find_dot()
    if dot:
        return f"Graphviz engine: system dot ({dot})"
    bundled = find_bundled()
    if bundled:
        version = bundled_version()
        return f"Graphviz engine: graphviz-pure {version or ''} (bundled; no PDF)".replace(
            "  ", " "
        )
    from csjourney.render.formats import RENDER_FORMATS

    # From the registry, so a new format that needs no layout is named here too.
    drawn = [name for name, entry in RENDER_FORMATS.items() if not entry.layout]
    return f"Graphviz engine: none found (render writes {', '.join(drawn)} only)"

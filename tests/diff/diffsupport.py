"""Two versions of a workspace for `csjourney diff` tests, built from the meal-kit example.

The single-file map is split into a library file (segments, evidence) and a journey
file, so that moves between files can be tested; each test edits a copy.
"""

from __future__ import annotations

import copy
import io
import subprocess
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from conftest import FULL_EXAMPLE
from csjourney.yamlsource import build

Data = dict[str, Any]
JOURNEY_FILE = "journeys/freshbox.yaml"


def example_workspace() -> dict[str, Data]:
    """{file name: data} of the meal-kit example as a two-file workspace."""
    data = build(FULL_EXAMPLE.read_text(encoding="utf-8")).data
    library = {"csjourney": 1, "segments": data["segments"], "evidence": data["evidence"]}
    journey = {"csjourney": 1, "journey": data["journey"]}
    return {"library.yaml": library, JOURNEY_FILE: copy.deepcopy(journey)}


def dump(data: Data) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def write_workspace(directory: Path, files: dict[str, Data], header: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "csjourney.toml").write_text("")
    for name, data in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + dump(data), encoding="utf-8")
    return directory


def stage(files: dict[str, Data], stage_id: str) -> Data:
    stages: list[Data] = files[JOURNEY_FILE]["journey"]["stages"]
    return next(s for s in stages if s["id"] == stage_id)


def item(files: dict[str, Data], collection: str, item_id: str) -> Data:
    for each in files[JOURNEY_FILE]["journey"]["stages"]:
        for entry in each.get(collection, []):
            if entry["id"] == item_id:
                found: Data = entry
                return found
    raise KeyError(item_id)


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` as a fixed author; its standard output."""
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def example_repo(root: Path, others: dict[str, str]) -> Path:
    """A git repository whose first commit holds the example workspace in maps/ and `others`."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write_workspace(root / "maps", example_workspace())
    for name, text in others.items():
        (root / name).write_text(text)
    commit(root, "maps")
    return root

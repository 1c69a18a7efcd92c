"""The `Fails:` and `Passes:` examples of each measure finding's docstring, run: what
`csjourney rule` shows and docs/rules.md publishes must be true of the finding.

An example is a `stages:` fragment of a journey (```yaml), the rows of a stage history
or a survey export (```csv: a `timestamp` column makes it the stage history), and at
will the workspace's csjourney.toml (```toml). The fragment goes into a skeleton map
with one segment; the window is the 90 days up to 2026-11-30.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from csjourney.measure.rules.base import MeasureRule
from csjourney.measure.rules.registry import RULES
from measure.findingsupport import findings_of

SKELETON = """\
csjourney: 1
segments: [{id: smb, name: SMB}]
journey:
  id: example-journey
  title: Example journey
  segments: [smb]
"""


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def _examples() -> list[Any]:
    params = []
    for rule in RULES:
        sections = rule.sections()
        for part, fails in (("fails", True), ("passes", False)):
            params.append(pytest.param(rule, sections[part], fails, id=f"{rule.name}::{part}"))
    return params


@pytest.mark.parametrize(("rule", "section", "fails"), _examples())
def test_docstring_example(
    rule: type[MeasureRule], section: str, fails: bool, tmp_path: Path
) -> None:
    (fragment,) = _blocks(section, "yaml")
    exports: dict[str, str] = {}
    for rows in _blocks(section, "csv"):
        header = rows.split("\n", 1)[0].split(",")
        exports["events" if "timestamp" in header else "responses"] = rows
    assert exports, "an example shows the rows that make it fail or pass"
    indented = "".join(f"  {line}\n" if line else "\n" for line in fragment.splitlines())
    files = {"map.yaml": SKELETON + indented, "csjourney.toml": "".join(_blocks(section, "toml"))}
    found = findings_of(
        tmp_path, files, events=exports.get("events"), responses=exports.get("responses")
    )
    codes = [d.code for d in found]
    assert (rule.code in codes) is fails, f"{rule.code} {'not ' if fails else ''}reported:\n" + (
        "\n".join(f"{d.code} {d.message}" for d in found)
    )


def test_every_example_shows_a_map_and_its_data() -> None:
    for rule in RULES:
        for part in ("fails", "passes"):
            section = rule.sections()[part]
            assert len(_blocks(section, "yaml")) == 1 and _blocks(section, "csv"), (rule, part)

"""The measure findings, case by case: maps, a stage history and survey answers in, each
finding expected at its file, line and column, with its severity and words of its message.

The cases are data (cases/*.yaml, their format at the top of cases/stages.yaml); this
function runs each one the way `csjourney measure` does, and every finding reported
must be expected, so a finding that fires where it should not fails too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from csjourney.measure.rules.registry import RULES, find_finding
from csjourney.measure.types import Window
from measure.findingsupport import WINDOW, findings_of

CASES = Path(__file__).parent / "cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}::{case['name']}"))
    return params


def _window(given: dict[str, dt.date] | None) -> Window:
    return WINDOW if given is None else Window(given.get("since"), given.get("until"))


def _words(text: str) -> str:
    return " ".join(text.split())  # a message in the case file may wrap


@pytest.mark.parametrize("case", _cases())
def test_finding_case(case: dict[str, Any], tmp_path: Path) -> None:
    files: dict[str, str] = case["files"]
    found = findings_of(
        tmp_path,
        files,
        events=case.get("events"),
        responses=case.get("responses"),
        inputs_in_config=case.get("inputs_in_config", False),
        window=_window(case.get("window")),
    )
    first = next(name for name in files if name != "csjourney.toml")
    expected = case["expect"] or []
    defaults = {}
    for e in expected:
        rule = find_finding(e["code"])
        assert rule is not None, f"unknown finding {e['code']} in the case"
        defaults[e["code"]] = rule.severity.label
    want = sorted(
        (
            e.get("file", first),
            e["line"],
            e["column"],
            e["code"],
            e.get("severity") or defaults[e["code"]],
        )
        for e in expected
    )
    got = sorted((d.path.name, d.line, d.column, d.code, d.severity.label) for d in found)
    assert got == want, "\n".join(f"{d.line}:{d.column} {d.code} {d.message}" for d in found)
    for e in expected:
        at = [d for d in found if (d.line, d.column, d.code) == (e["line"], e["column"], e["code"])]
        if "message" in e:
            assert any(_words(e["message"]) in d.message for d in at), [d.message for d in at]
        if "hint" in e:
            assert any(_words(e["hint"]) in (d.hint or "") for d in at), [d.hint for d in at]


def test_every_finding_has_a_case_where_it_is_reported() -> None:
    reported = {e["code"] for case in _cases() for e in case.values[0]["expect"] or []}
    assert reported == {rule.code for rule in RULES}

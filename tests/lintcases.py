"""The lint rule cases (tests/lint/cases, one YAML file per rule), as pytest parameters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

CASES_DIR = Path(__file__).parent / "lint" / "cases"
DEFAULT_TODAY = dt.date(2026, 11, 28)


def load_cases() -> list[Any]:
    """(spec, case) for every case of every rule's file, named `rule-file::case name`."""
    params = []
    for case_file in sorted(CASES_DIR.glob("*.yaml")):
        spec = YAML(typ="safe").load(case_file.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec, case, id=f"{case_file.stem}::{case['name']}"))
    return params


def write_case(spec: dict[str, Any], case: dict[str, Any], folder: Path) -> dt.date:
    """The case's files and csjourney.toml written into `folder`; the date it is judged on."""
    for name, text in case["files"].items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = case.get("config", spec.get("config"))
    (folder / "csjourney.toml").write_text(config or "", encoding="utf-8")
    today: dt.date = case.get("today", spec.get("today", DEFAULT_TODAY))
    return today

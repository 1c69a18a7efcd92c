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

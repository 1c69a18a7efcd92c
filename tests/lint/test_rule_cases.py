"""Data-driven lint rule tests (sqlfluff-style): one YAML file of cases per rule.

Each case writes its files into a fresh workspace, runs the linter with the
case's rule selected, and compares the findings with the expected lines,
columns, codes and severities: every expectation names its column, so a rule
that points at the wrong key or value of the right line fails. Case maps must
be structurally valid, so a typo in a case cannot pass as "no finding".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from csjourney.core import Options, run
from csjourney.lint.registry import RULES, find_rule
from lintcases import CASES_DIR, load_cases, write_case


def _code(key: str) -> str:
    rule = find_rule(key)
    assert rule is not None, f"unknown rule {key!r} in case file"
    return rule.code


@pytest.mark.parametrize(("spec", "case"), load_cases())
def test_rule_case(spec: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    rule = find_rule(spec["rule"])
    assert rule is not None, f"unknown rule {spec['rule']!r} in case file"
    today = write_case(spec, case, tmp_path)
    select = tuple(case.get("select", spec.get("select", [rule.name])))
    report = run([tmp_path], Options(select=select, today=today))

    structural = [d for d in report.diagnostics if not d.code.startswith("CSJ2")]
    assert not structural, (
        f"case map is not valid: {[(d.code, d.line, d.message) for d in structural]}"
    )
    selected_codes = {_code(key) for key in select}
    got = sorted(
        (d.path.name, d.line, d.column, d.code, d.severity.label)
        for d in report.diagnostics
        if d.code in selected_codes
    )
    default_file = next(iter(case["files"]))
    expected = sorted(
        (
            Path(e.get("file", default_file)).name,
            e["line"],
            e["column"],
            _code(e.get("rule", spec["rule"])),
            e.get("severity", rule.severity.label),
        )
        for e in case.get("expect") or []
    )
    assert got == expected
    for e in case.get("expect") or []:
        there = [d for d in report.diagnostics if (d.line, d.column) == (e["line"], e["column"])]
        if "message" in e:
            messages = [d.message for d in there]
            assert any(e["message"] in m for m in messages), messages
        if "hint" in e:
            hints = [d.hint or "" for d in there]
            assert any(e["hint"] in h for h in hints), hints


def test_every_rule_has_a_case_file_with_a_failing_and_a_passing_case() -> None:
    for rule in RULES:
        case_file = CASES_DIR / f"{rule.name}.yaml"
        assert case_file.is_file(), f"no case file for {rule.code} {rule.name}"
        spec = YAML(typ="safe").load(case_file.read_text(encoding="utf-8"))
        expectations = [bool(case.get("expect")) for case in spec["cases"]]
        assert True in expectations, f"{rule.name}: no failing case"
        assert False in expectations, f"{rule.name}: no passing case"

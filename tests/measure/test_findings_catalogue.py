"""Measure findings and data codes are documented like lint rules: one catalogue for
`csjourney rules`, `csjourney rule CODE`, SARIF and the docs; configured by name or code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, Csj
from csjourney.errors import UsageError
from csjourney.measure.datacodes import ENTRIES, DataCode
from csjourney.measure.findings import severities
from csjourney.measure.rules.base import MeasureRule
from csjourney.measure.rules.registry import RULES
from csjourney.measure.run import data_diagnostic
from csjourney.measure.types import DataProblem
from csjourney.rulesinfo import catalogue


def test_codes_and_names_are_unique_across_every_kind_of_code() -> None:
    infos = catalogue()
    assert len({i.code for i in infos}) == len(infos)
    assert len({i.name for i in infos}) == len(infos), "`csjourney rule NAME` must be one code"
    assert [r.code for r in RULES] == [f"CSJ30{n}" for n in range(1, len(RULES) + 1)]
    kinds = {i.code: i.kind for i in infos}
    assert {kinds[r.code] for r in RULES} == {"measure"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_each_docstring_has_every_part(rule: type[MeasureRule]) -> None:
    sections = rule.sections()
    assert sections["summary"] and len(sections.get("why", "")) > 80
    for part in ("fails", "passes"):
        assert "```yaml" in sections[part] and "```csv" in sections[part], part


def test_rule_explains_a_measure_finding_by_code_and_by_name(csj: Csj) -> None:
    by_code, by_name = csj("rule", "CSJ303"), csj("rule", "stage-often-skipped")
    assert by_code.code == 0 and by_code.out == by_name.out
    assert by_code.out.startswith(
        "CSJ303 stage-often-skipped (measure finding, default severity: warning)\n\n"
        "A stage that many customers jump over"
    )
    assert "Why it matters:" in by_code.out and "skipped-share" in by_code.out
    assert "```yaml\nstages:\n" in by_code.out and "```csv\naccount_id,stage,timestamp\n" in (
        by_code.out
    )


def test_rule_explains_a_data_code(csj: Csj) -> None:
    result = csj("rule", "CSJ406")
    assert result.code == 0
    assert result.out.startswith("CSJ406 bad-timestamp (data check, severity: error)\n\n")
    assert "What it means: the value (quoted in the message) cannot be read" in result.out
    assert "```csv\naccount_id,stage,timestamp\nacme,onboarding,02/11/2026\n```" in result.out


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("stage-often-skiped", "did you mean `stage-often-skipped`?"),
        ("CSJ3O3", "did you mean `CSJ303`?"),
        ("bad-timestmp", "did you mean `bad-timestamp`?"),
    ],
)
def test_rule_suggests_measure_and_data_codes(csj: Csj, key: str, hint: str) -> None:
    result = csj("rule", key)
    assert result.code == 2
    assert f"csjourney rule: unknown rule `{key}`; {hint}" in result.err


def test_rules_lists_the_measure_findings_with_their_default_severity(csj: Csj) -> None:
    lines = csj("rules").out.splitlines()
    for rule in RULES:
        (line,) = [line for line in lines if line.startswith(rule.code)]
        assert re.match(rf"{rule.code}  {rule.name} +{rule.severity.label} +\S", line)


def test_docs_measure_md_lists_every_finding_with_its_rule_doc() -> None:
    text = (ROOT / "docs" / "measure.md").read_text(encoding="utf-8")
    findings = text[text.index("\n## Findings\n") :]
    for rule in RULES:
        anchor = f"rules.md#{rule.code.lower()}-{rule.name}"
        assert f"[{rule.code}]({anchor})" in findings and f"`{rule.name}`" in findings
    assert "## CSJ307 measure-sample-small" in (ROOT / "docs" / "rules.md").read_text("utf-8")


def test_severities_by_name_or_code_and_off() -> None:
    levels = severities({"stage-unobserved": "error", "csj306": "off", "CSJ307": " Warning "})
    by_code = {rule.code: level.label if level else None for rule, level in levels.items()}
    assert by_code == {"CSJ301": "error", "CSJ306": None, "CSJ307": "warning"}


@pytest.mark.parametrize(
    ("configured", "message"),
    [
        ({"stage-unobservd": "off"}, "unknown measure finding `stage-unobservd`; did you mean"),
        ({"CSJ211": "off"}, "`CSJ211` is the lint rule CSJ211 metric-off-target"),
        ({"CSJ301": "loud"}, "[measure] severity CSJ301: unknown severity 'loud'"),
    ],
)
def test_severities_refuse_what_they_cannot_apply(configured: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError) as raised:
        severities(configured)
    assert message in str(raised.value)


MAP = """\
csjourney: 1
segments: [{id: smb, name: SMB}]
journey: {id: j, title: J, segments: [smb], stages: [{id: a, name: A}]}
"""
CONFIG = """\
[measure]
backend = "duckdb://"

[measure.severity]
stage-often-skiped = "error"
CSJ3O6 = "off"
metric-off-target = "info"
CSJ406 = "off"
journey-backflow = "loud"
"""


def test_config_check_names_each_unknown_measure_finding_at_its_line(
    csj: Csj, tmp_path: Path
) -> None:
    (tmp_path / "csjourney.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    result = csj("validate", tmp_path, cwd=tmp_path)
    assert result.code == 2
    assert result.err.splitlines()[1:] == [
        "csjourney.toml:5: [measure.severity]: unknown measure finding `stage-often-skiped`; "
        "did you mean `stage-often-skipped`?",
        "csjourney.toml:6: [measure.severity]: unknown measure finding `CSJ3O6`; "
        "did you mean `CSJ306`?",
        "csjourney.toml:7: [measure.severity]: `metric-off-target` is the lint rule CSJ211 "
        "metric-off-target: set it in `[lint.severity]`",
        "csjourney.toml:8: [measure.severity]: `CSJ406` is the check CSJ406 bad-timestamp: "
        "always an error, never off",
        'csjourney.toml:9: [measure.severity] journey-backflow = "loud": unknown severity '
        '(choose from: error, warning, info, off); e.g. `journey-backflow = "warning"`',
    ]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.code)
def test_each_kind_of_data_problem_is_reported_under_its_code_and_name(entry: DataCode) -> None:
    """What the engines report is named as `csjourney rule` and docs/errors.md explain it."""
    kind = (entry.kind or entry.name) if entry is not ENTRIES[0] else "a-kind-from-the-future"
    problem = DataProblem("events.csv", 7, "stage", "is wrong", kind)
    found = data_diagnostic(problem)
    assert (found.code, found.name, found.severity.label) == (entry.code, entry.name, "error")
    assert (found.line, found.message) == (7, "row 7: is wrong")

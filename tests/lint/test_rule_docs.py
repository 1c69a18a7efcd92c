"""Rule documentation is part of the product: complete, explained, and in date."""

from __future__ import annotations

import pytest

from conftest import ROOT, CliResult, Csj
from csjourney.lint.docs import rules_markdown
from csjourney.lint.registry import RULES
from csjourney.lint.rule import Rule


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_docstring_has_every_part(rule: type[Rule]) -> None:
    sections = rule.sections()
    assert sections["summary"], "one-line summary missing"
    assert len(sections.get("why", "")) > 80, "'Why it matters:' missing or too thin"
    for part in ("fails", "passes"):
        assert "```yaml" in sections.get(part, ""), f"'{part}' example missing"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert rule.code.startswith("CSJ2") and len(rule.code) == 6
        assert rule.name == rule.name.lower() and " " not in rule.name


def test_docs_rules_md_is_in_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "docs/rules.md is out of date: run `make docs`"


def test_rule_command_explains_by_code_and_by_name(csj: Csj) -> None:
    by_code: CliResult = csj("rule", "CSJ201")
    by_name: CliResult = csj("rule", "stage-missing-touchpoint")
    assert by_code.code == 0
    assert by_code.out == by_name.out
    assert "Why it matters:" in by_code.out and "```yaml" in by_code.out


def test_rule_command_unknown_rule_suggests(csj: Csj) -> None:
    result: CliResult = csj("rule", "stage-missing-tuchpoint")
    assert result.code == 2
    assert "did you mean `stage-missing-touchpoint`" in result.err


def test_rules_command_lists_every_rule(csj: Csj) -> None:
    result: CliResult = csj("rules")
    assert result.code == 0
    for rule in RULES:
        assert rule.code in result.out and rule.name in result.out

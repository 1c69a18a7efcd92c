"""docs/errors.md and `csjourney rule CODE` explain every structural and data code, from one
text."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from conftest import ROOT, CliResult
from csjourney.diagnostics import STRUCTURAL_CODES, CodeInfo
from csjourney.measure.datacodes import DATA_CODES, ENTRIES, OTHER_DATA_CODE, DataCode

ERRORS_DOC = ROOT / "docs" / "errors.md"
# Problems with the file itself, not with its YAML: there is no bad YAML to show.
NO_YAML_EXAMPLE = {"CSJ005", "CSJ006", "CSJ012", "CSJ111"}


def _sections() -> dict[str, tuple[str, str]]:
    """code -> (heading, body), from `### CSJ101 unknown-key` headings."""
    text = ERRORS_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### (CSJ\d{3})\b(.*)$", text, flags=re.MULTILINE)
    return {
        code: (heading.strip(), body)
        for code, heading, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)
    }


def test_every_structural_code_has_a_heading_named_after_it() -> None:
    sections = _sections()
    for info in STRUCTURAL_CODES.values():
        assert info.code in sections, f"docs/errors.md has no `### {info.code}` heading"
        assert sections[info.code][0] == info.name
    assert list(sections) == sorted(sections), "codes are documented in order"
    assert set(sections) == {info.code for info in STRUCTURAL_CODES.values()} | {
        entry.code for entry in ENTRIES
    }


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.code)
def test_each_data_code_has_a_heading_and_says_how_to_fix_it(entry: DataCode) -> None:
    heading, body = _sections()[entry.code]
    assert heading == entry.name
    assert entry.code.startswith("CSJ4") and entry.severity.label == "error"
    assert "**What it means:**" in body and "**How to fix:**" in body


def test_every_kind_of_data_problem_has_its_own_code() -> None:
    """Each kind the engines report (docs/measure.md's tables) maps to a code of its own."""
    measure_doc = (ROOT / "docs" / "measure.md").read_text(encoding="utf-8")
    tables = re.findall(r"^\| code \| what \|\n\|[- |]+\|\n((?:\|.*\n)+)", measure_doc, re.M)
    kinds = {kind for table in tables for kind in re.findall(r"^\| `([a-z-]+)` \|", table, re.M)}
    assert kinds and kinds <= set(DATA_CODES), kinds - set(DATA_CODES)
    assert len(set(DATA_CODES.values())) == len(DATA_CODES)
    assert OTHER_DATA_CODE not in DATA_CODES.values()


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.code)
def test_csjourney_rule_explains_every_data_code(csj: Csj, entry: DataCode) -> None:
    by_code, by_name = csj("rule", entry.code.lower()), csj("rule", entry.name)
    assert by_code.code == 0, by_code.err
    assert by_code.out == by_name.out
    assert by_code.out.startswith(f"{entry.code} {entry.name} (data check, severity: error)\n\n")
    assert "What it means:" in by_code.out and "How to fix:" in by_code.out
    assert "**" not in by_code.out


@pytest.mark.parametrize("info", STRUCTURAL_CODES.values(), ids=lambda i: i.code)
def test_each_code_says_what_it_means_and_how_to_fix_it(info: CodeInfo) -> None:
    code = info.code
    body = _sections()[code][1]
    assert "**What it means:**" in body
    assert "**How to fix:**" in body
    if code not in NO_YAML_EXAMPLE:
        assert "```yaml\n" in body, f"{code}: no bad YAML example"


def test_the_committed_page_is_the_generated_one() -> None:
    from csjourney.errortexts import errors_markdown

    assert ERRORS_DOC.read_text(encoding="utf-8") == errors_markdown(), (
        "docs/errors.md is out of date: edit src/csjourney/errortexts/ and run `make docs`"
    )


def test_every_structural_code_has_exactly_one_text() -> None:
    from csjourney.errortexts import texts

    assert set(texts()) == {info.code for info in STRUCTURAL_CODES.values()}


Csj = Callable[..., CliResult]


@pytest.mark.parametrize("info", STRUCTURAL_CODES.values(), ids=lambda i: i.code)
@pytest.mark.parametrize("by", ["code", "lowercase code", "name"])
def test_csjourney_rule_explains_every_structural_code(csj: Csj, info: CodeInfo, by: str) -> None:
    key = {"code": info.code, "lowercase code": info.code.lower(), "name": info.name}[by]
    result = csj("rule", key)
    assert result.code == 0, result.err
    head = f"{info.code} {info.name} (structural check, severity: {info.severity.label})\n\n"
    assert result.out.startswith(head)
    assert "What it means:" in result.out and "How to fix:" in result.out
    assert "**" not in result.out and "](#" not in result.out  # Markdown made plain


def test_rule_prints_the_page_text(csj: Csj) -> None:
    """The terminal text is the page's section, with emphasis and links made plain."""
    out = csj("rule", "CSJ121").out
    assert "What it means: an id is mentioned (in `segments`, `touchpoints`," in out
    assert "```yaml\npain_points:\n" in out
    assert "[CSJ" not in csj("rule", "CSJ010").out
    assert "(see CSJ013)" in " ".join(csj("rule", "CSJ010").out.split())


def test_rule_still_explains_lint_rules(csj: Csj) -> None:
    result = csj("rule", "CSJ201")
    assert result.out.startswith("CSJ201 stage-missing-touchpoint (default severity: warning)")


def test_an_unknown_code_is_still_a_usage_error(csj: Csj) -> None:
    result = csj("rule", "CSJ999")
    assert result.code == 2
    assert result.err.startswith("csjourney: error: csjourney rule: unknown rule `CSJ999`")


def test_a_structural_code_in_ignore_says_it_cannot_be_ignored(csj: Csj) -> None:
    result = csj("validate", "--ignore", "unknown-key", str(ROOT / "examples"))
    assert result.code == 2
    assert (
        "--ignore: `unknown-key` is the structural check CSJ101 unknown-key, not a lint rule: "
        "it cannot be selected or ignored" in result.err
    )


def test_rules_all_lists_structural_codes_too(csj: Csj) -> None:
    configurable, everything = csj("rules").out, csj("rules", "--all").out
    assert "CSJ101" not in configurable and "CSJ201" in configurable
    assert "CSJ406" not in configurable and "CSJ303" in configurable
    assert "CSJ001  yaml-syntax" in everything and "CSJ201" in everything
    assert "CSJ406  bad-timestamp" in everything
    checks = len(STRUCTURAL_CODES) + len(ENTRIES)
    assert len(everything.splitlines()) == len(configurable.splitlines()) + checks

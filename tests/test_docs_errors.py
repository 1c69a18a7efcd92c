"""docs/errors.md explains every structural error code, in a fixed shape."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from csjourney.diagnostics import STRUCTURAL_CODES, CodeInfo

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
    assert set(sections) <= {info.code for info in STRUCTURAL_CODES.values()}


@pytest.mark.parametrize("info", STRUCTURAL_CODES.values(), ids=lambda i: i.code)
def test_each_code_says_what_it_means_and_how_to_fix_it(info: CodeInfo) -> None:
    code = info.code
    body = _sections()[code][1]
    assert "**What it means:**" in body
    assert "**How to fix:**" in body
    if code not in NO_YAML_EXAMPLE:
        assert "```yaml\n" in body, f"{code}: no bad YAML example"

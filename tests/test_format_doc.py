"""Every YAML example in docs/format.md is written the way `csjourney fmt` writes it.

A reader copies these examples; if `fmt` would rewrite one, the docs teach an
order (or a layout) the tool does not keep. The convention for the blocks:
- a block that starts with `csjourney: 1` (after comment lines) is a whole
  file, formatted as it is;
- any other block is a fragment of a file, and its first key says where it
  sits: a key of the file (`segments`, `journey`), of the journey (`stages`,
  `goals`, `metrics`) or of a stage (`touchpoints`, `pain_points`,
  `initiatives`), looked up in the model in that order. The fragment is put
  in place inside a minimal file, formatted, and taken out again;
- a block that holds `...` placeholders is a sketch of the layout, not data:
  only its keys are compared, in order and at their depth.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from conftest import ROOT
from csjourney.fmt.formatter import format_text
from csjourney.model import Journey, JourneyFile, Stage

FORMAT_DOC = ROOT / "docs" / "format.md"
_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.DOTALL | re.MULTILINE)
_FIRST_KEY = re.compile(r"^([a-z_]+):", re.MULTILINE)
_KEY = re.compile(r"^( *)(?:- )?([a-z_]+):", re.MULTILINE)
_PLACEHOLDER = re.compile(r":\s+(?:\.\.\.|\[\.\.\.\])\s*(?:#|$)", re.MULTILINE)

# Where a fragment goes: the lines that lead to its level, and that level's indent.
_LEVELS = (
    (JourneyFile, ["csjourney: 1"], 0),
    (Journey, ["csjourney: 1", "journey:"], 2),
    (Stage, ["csjourney: 1", "journey:", "  stages:", "    - id: wrapper-stage"], 6),
)


def _blocks() -> list[tuple[int, str]]:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in _BLOCK.finditer(text)]


def _is_whole_file(block: str) -> bool:
    code = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    return bool(code) and code[0].split("#")[0].strip() == "csjourney: 1"


def _as_fmt_writes(block: str) -> str:
    if _is_whole_file(block):
        return format_text(block)
    first = _FIRST_KEY.search(block)
    assert first, "a fragment must start with a key"
    level = next((lv for lv in _LEVELS if first.group(1) in lv[0].model_fields), None)
    assert level, f"`{first.group(1)}` is not a key of a file, journey or stage"
    _model, lead, indent = level
    head = "\n".join(lead) + "\n"
    formatted = format_text(head + textwrap.indent(block, " " * indent))
    assert formatted.startswith(head), "the fragment moved above its wrapper"
    return textwrap.dedent(formatted.removeprefix(head))


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(block, id=f"line-{line}")
        for line, block in _blocks()
        if not _PLACEHOLDER.search(block)
    ],
)
def test_format_md_examples_are_in_the_canonical_form(block: str) -> None:
    assert _as_fmt_writes(block) == block


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(block, id=f"line-{line}")
        for line, block in _blocks()
        if _PLACEHOLDER.search(block)
    ],
)
def test_format_md_sketches_list_their_keys_in_the_canonical_order(block: str) -> None:
    assert _KEY.findall(format_text(block)) == _KEY.findall(block)


def test_the_examples_are_found() -> None:
    blocks = _blocks()
    assert len(blocks) >= 12
    assert sum(not _PLACEHOLDER.search(block) for _, block in blocks) == len(blocks) - 1

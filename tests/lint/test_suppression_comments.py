"""Which lines of a file hold suppression comments, as YAML sees comments.

The rule cases (cases/suppression-unused.yaml) show the effect on findings;
this table pins the parsing itself, including characters a YAML case file
could not carry: line ends are only CR, LF and CRLF, as in an editor.
"""

from __future__ import annotations

import pytest

from csjourney.lint.suppressions import parse
from csjourney.yamlsource import build

COMMENT = "# csjourney: ignore[touchpoint-missing-owner] accepted"

# name: (file text, lines whose suppression comment counts)
CASES: dict[str, tuple[str, list[int]]] = {
    "own-line": (f"csjourney: 1\n{COMMENT}\na: 1\n", [2]),
    "end-of-line": (f"csjourney: 1\na: 1  {COMMENT}\n", [2]),
    "in-literal-block": (f"csjourney: 1\na: |\n  text\n  {COMMENT}\nb: 1\n", []),
    "in-block-after-blank-line": (f"csjourney: 1\na: >\n  text\n\n  {COMMENT}\nb: 1\n", []),
    "after-block-ends": (f"csjourney: 1\na: |\n  text\n{COMMENT}\nb: 1\n", [4]),
    "block-header": (f"csjourney: 1\na: |  {COMMENT}\n  text\n", [2]),
    "double-quoted": (f'csjourney: 1\na: "text\n  {COMMENT}"\n', []),
    "single-quoted": (f"csjourney: 1\na: 'text {COMMENT}'\n", []),
    "plain-with-hash": ("csjourney: 1\na: x#csjourney:ignore[touchpoint-missing-owner]\n", []),
    "in-a-key": (f'csjourney: 1\n"k {COMMENT}": 1\n', []),
    "in-flow-sequence": (f"csjourney: 1\na: [\n  {COMMENT}\n  x]\n", [3]),
    "in-empty-flow-mapping": (f"csjourney: 1\na: {{\n  {COMMENT}\n  }}\n", [3]),
    "crlf": (f"csjourney: 1\r\na: |\r\n  text\r\n  {COMMENT}\r\n{COMMENT}\r\nb: 1\r\n", [5]),
    "cr-only": (f"csjourney: 1\r{COMMENT}\ra: 1\r", [2]),
    "line-separator-in-text": (f"csjourney: 1\na: one\u2028two\x85three\n{COMMENT}\n", [3]),
}


@pytest.mark.parametrize("name", CASES)
def test_only_real_comments_count(name: str) -> None:
    text, lines = CASES[name]
    assert [c.line for c in parse(text, build(text).source)] == lines

"""What `validate` says about the format version and the top level, word for word.

`csjourney:` must be the integer 1: `true` (which Python counts as 1), `1.0` and
`"1"` are each rejected with a message naming what was written, and a file whose
top level is not a mapping says what it is instead. (tests/cases/structural pins
where each of these is reported; this table pins what it says.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Csj

BODY = "segments:\n  - {id: smb, name: Small}\n"
# A version that cannot be read stops the file there: the misspelt `nmae` goes unreported.
TYPO = "segments:\n  - {id: smb, name: Small, nmae: x}\n"
WHOLE = "`csjourney:` must be the format version as a whole number (1), not "
WRITE = "write `csjourney: 1`"
TOP = "; a journey file is a mapping of keys"
START = "start the file with `csjourney: 1`"
# (the file, then code, line, column, message and hint of its one finding)
CASES = [
    ("csjourney: true\n" + TYPO, "CSJ011", 1, 12, WHOLE + "`true`", WRITE),
    ("csjourney: false\n" + BODY, "CSJ011", 1, 12, WHOLE + "`false`", WRITE),
    ("csjourney: !!bool true\n" + BODY, "CSJ011", 1, 12, WHOLE + "`true`", WRITE),
    ("csjourney: 1.0\n" + BODY, "CSJ011", 1, 12, WHOLE + "the number `1.0`", WRITE),
    ('csjourney: "1"\n' + BODY, "CSJ011", 1, 12, WHOLE + 'the text "1"', WRITE),
    ("csjourney: [1]\n" + BODY, "CSJ011", 1, 12, WHOLE + "a list", WRITE),
    ("csjourney: {v: 1}\n" + BODY, "CSJ011", 1, 12, WHOLE + "a mapping", WRITE),
    ("csjourney:\n" + BODY, "CSJ011", 1, 11, WHOLE + "an empty value", WRITE),
    ("csjourney: 2026-01-01\n" + BODY, "CSJ011", 1, 12, WHOLE + "a date", WRITE),
    (
        "csjourney: 2\n" + TYPO, "CSJ011", 1, 12,
        "unknown format version `csjourney: 2`; this release reads version 1",
        "upgrade csjourney, or set `csjourney: 1`",
    ),
    (
        BODY, "CSJ010", 1, 1, "not a journey file: missing `csjourney: 1`",
        "add `csjourney: 1` as the first line",
    ),
    # A version whose own value is rejected (a tag that does not fit) is reported once, as that.
    (
        'csjourney: !!int "x"\n' + TYPO, "CSJ003", 1, 12,
        "the tag `!!int` does not fit the value `x`, which is not a whole number",
        "remove the tag, or write the value the tag names",
    ),
    # ...which a readable version reports.
    (
        "csjourney: 1\n" + TYPO, "CSJ101", 3, 28, "unknown key `nmae` in segment Small (smb)",
        "did you mean `name`? (`name` is already set here: keep one of the two)",
    ),
    ("hello\n", "CSJ009", 1, 1, "the top level is a text value" + TOP, START),
    ("- a\n", "CSJ009", 1, 1, "the top level is a list" + TOP, START),
    ("42\n", "CSJ009", 1, 1, "the top level is the number `42`" + TOP, START),
    ("true\n", "CSJ009", 1, 1, "the top level is `true`" + TOP, START),
    ("2026-01-01\n", "CSJ009", 1, 1, "the top level is a date" + TOP, START),
    # A rejected value is no kind at all: said after the tag's own finding.
    ("!custom 3\n", "CSJ009", 1, 1, "the top level is a value" + TOP, START),
]  # fmt: skip
TAG = "YAML tag `!custom` is not allowed; journey maps use plain values only"
# Findings before the one in the table, by the file.
BEFORE = {
    "!custom 3\n": [("CSJ003", 1, 1, TAG, "remove the tag; nothing in a journey map needs one")]
}


@pytest.mark.parametrize(("text", "code", "line", "column", "message", "hint"), CASES)
def test_what_validate_says_about_the_version_and_the_top_level(
    csj: Csj, tmp_path: Path, text: str, code: str, line: int, column: int, message: str, hint: str
) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    result = csj("validate", "map.yaml", "-f", "json", cwd=tmp_path)
    found = [
        (d["code"], d["line"], d["column"], d["message"], d["hint"])
        for d in json.loads(result.out)["diagnostics"]
    ]
    assert found == [*BEFORE.get(text, []), (code, line, column, message, hint)]
    assert result.code == 1

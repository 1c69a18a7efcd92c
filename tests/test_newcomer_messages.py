"""Issue 9, section 6: what a newcomer now reads for mistakes that used to leave them stuck.

Each test asserts the text a user sees on the terminal, not internals.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult

Csj = Callable[..., CliResult]

LIBRARY = "csjourney: 1\nsegments:\n" + "".join(
    f"  - {{id: seg-{n}, name: Segment {n}}}\n" for n in range(25)
)
SEGMENTS = ", ".join(f"seg-{n}" for n in range(25))
JOURNEY = (
    f"csjourney: 1\njourney:\n  id: j\n  title: J\n  segments: [{SEGMENTS}]\n  stages:\n"
    "    - id: a\n      name: A\n"
)
NOTE = (
    "note: no csjourney.toml or [tool.csjourney] found above journeys/j.yaml: only the named "
    "files were loaded, so ids defined elsewhere are unknown; run from the workspace, or add "
    "csjourney.toml at its root (`csjourney init` makes one)\n"
)


def _maps(root: Path, *, config: bool) -> Path:
    (root / "library").mkdir(parents=True)
    (root / "journeys").mkdir()
    (root / "library" / "segments.yaml").write_text(LIBRARY, encoding="utf-8")
    (root / "journeys" / "j.yaml").write_text(JOURNEY, encoding="utf-8")
    if config:
        (root / "csjourney.toml").write_text("", encoding="utf-8")
    return root


def test_a_journey_checked_without_its_workspace_says_so_once(csj: Csj, tmp_path: Path) -> None:
    """25 unknown segments (the library is one folder up, not loaded): one note, with the fix."""
    root = _maps(tmp_path, config=False)
    result = csj("validate", "--no-lint", "journeys/j.yaml", cwd=root)
    assert result.code == 1
    assert result.out.count("error CSJ121 no segment has the id") == 25
    assert result.err == NOTE


def test_with_its_workspace_the_same_journey_passes_and_there_is_no_note(
    csj: Csj, tmp_path: Path
) -> None:
    root = _maps(tmp_path, config=True)
    result = csj("validate", "--no-lint", "journeys/j.yaml", cwd=root)
    assert result.code == 0, result.out
    assert "note:" not in result.err


def test_no_note_when_references_resolve(csj: Csj, tmp_path: Path) -> None:
    root = _maps(tmp_path, config=False)
    result = csj("validate", "--no-lint", "journeys/j.yaml", "library/segments.yaml", cwd=root)
    assert result.code == 0, result.out
    assert result.err == ""


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_machine_formats_keep_their_streams_clean(
    csj: Csj, tmp_path: Path, output_format: str
) -> None:
    root = _maps(tmp_path, config=False)
    result = csj("validate", "--no-lint", "-f", output_format, "journeys/j.yaml", cwd=root)
    assert result.code == 1
    json.loads(result.out)  # the report alone, still valid JSON
    assert "note:" not in result.out and "note:" not in result.err


def test_quiet_prints_only_the_findings(csj: Csj, tmp_path: Path) -> None:
    root = _maps(tmp_path, config=False)
    result = csj("validate", "-q", "--no-lint", "journeys/j.yaml", cwd=root)
    assert result.err == ""


# (the map, the finding line and hint line a user reads). Raw parser words for
# tabs, list dashes and quotes become what to type instead, at the slip's line:col.
HEAD = "csjourney: 1\njourney:\n  id: x\n"
TAB = (
    "error CSJ001 a tab character indents this line; YAML indents with spaces only",
    "  hint: replace the tab with spaces, lining the line up with the keys around it",
)
SYNTAX = {
    "one tab-indented line": (HEAD + "\ttitle: y\n", "4:1", *TAB),
    "a tab after spaces": (HEAD + "  \ttitle: y\n", "4:3", *TAB),
    "a tab in a list": (HEAD + "  title: y\n  stages:\n    - id: a\n\t  name: A\n", "7:1", *TAB),
    "a tab before a dash": (HEAD + "  title: y\n  stages:\n\t- id: a\n", "6:1", *TAB),
    "a tab in a block of text": (HEAD + "  title: |\n\t  text\n", "5:1", *TAB),
    "a line holding only a tab": (HEAD + "  title: y\n\t\n  owner: z\n", "5:1", *TAB),
    "no space after the colon": (
        HEAD + "  title:Growth\n  owner: z\n",
        "4:3",
        "error CSJ001 no space after the colon of `title:`",
        "  hint: write `title: Growth`",
    ),
    "text after a closing quote": (
        HEAD + '  title: "Growth" self-serve\n',
        "4:19",
        "error CSJ001 text follows the closing double quote of a quoted value",
        "  hint: put the whole value in one pair of quotes; inside single quotes write a quote "
        "twice (`'it''s'`), or use double quotes (`\"it's\"`)",
    ),
    "an apostrophe in single quotes": (
        HEAD + "  title: 'it's'\n",
        "4:14",
        "error CSJ001 text follows the closing single quote of a quoted value",
        "  hint: put the whole value in one pair of quotes; inside single quotes write a quote "
        "twice (`'it''s'`), or use double quotes (`\"it's\"`)",
    ),
    "a list item after the key": (
        HEAD + "  segments: - smb\n",
        "4:13",
        "error CSJ001 a list item (`- `) cannot follow a key on its line "
        "(YAML: block sequence entries are not allowed in this context)",
        "  hint: put each `- item` on a line of its own, indented below the key, "
        "or write the list in brackets: `segments: [smb, mid-market]`",
    ),
    "a list item among keys": (
        HEAD + "  title: y\n  - stages\n",
        "5:3",
        "error CSJ001 a list item (`- `) among the keys of a mapping",
        "  hint: remove the dash, or indent the item under the key whose list it belongs to",
    ),
    "a value with a colon": (
        HEAD + "  title: Growth: self-serve\n",
        "4:16",
        "error CSJ001 unexpected `: ` (a colon and a space) "
        "(YAML: mapping values are not allowed in this context)",
        "  hint: put a value that contains `: ` in quotes, "
        "or line this key up with the keys around it",
    ),
    "a tag handle": (
        HEAD + "  title: !a!b y\n",
        "4:10",
        "error CSJ001 `!` starts a YAML tag "
        "(YAML: found undefined tag handle, while parsing a node)",
        "  hint: put the value in quotes",
    ),
    "a backtick": (
        HEAD + "  title: `y`\n",
        "4:10",
        "error CSJ001 a value cannot start with `` ` ``",
        "  hint: put the value in quotes",
    ),
}


@pytest.mark.parametrize("case", SYNTAX)
def test_syntax_slips_get_plain_advice_at_their_place(csj: Csj, tmp_path: Path, case: str) -> None:
    text, where, message, hint = SYNTAX[case]
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    result = csj("validate", "--no-lint", "map.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[:2] == [f"map.yaml:{where}: {message}", hint]


def test_rule_explains_the_structural_code_it_printed(csj: Csj) -> None:
    """It used to say: unknown rule `CSJ101`; did you mean `CSJ211`?"""
    result = csj("rule", "CSJ101")
    assert result.code == 0
    assert result.out.startswith(
        "CSJ101 unknown-key (structural check, severity: error)\n\n"
        "What it means: a key the format does not define, usually a typo."
    )
    assert csj("rule", "unknown-key").out == result.out

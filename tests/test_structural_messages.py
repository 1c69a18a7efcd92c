"""The structural messages a newcomer reads (issue 9, section 6), as `validate` prints them.

One table: a map with one everyday mistake, and the lines the text report must hold, word for
word. Also: how many findings a mistake gives (one root cause, one finding), and the article
helper every message that builds "a {word}" uses (items are named by `wording.named`,
tested in tests/test_wording.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CliResult
from csjourney.values import with_article

HEAD = """\
csjourney: 1
segments:
  - {id: mid-market, name: Mid-market ops teams}
  - {id: ent, name: Enterprise}
  - {id: smb1, name: Small one}
  - {id: smb2, name: Small two}
journey:
  id: j
  title: J
"""
STAGES = "  segments: [mid-market]\n  stages:\n"


@dataclass(frozen=True)
class Case:
    name: str
    body: str  # after HEAD
    lines: tuple[str, ...]  # each must be a line of the output
    findings: int  # how many the text report counts


CASES = [
    Case(
        "a touchpoint written as four list items is one finding that says dash",
        STAGES + "    - id: onboarding\n      name: Onboarding\n      touchpoints:\n"
        "        - id: setup\n        - name: Setup wizard\n        - channel: email\n"
        "        - owner: growth\n",
        (
            "map.yaml:15:11: error CSJ102 touchpoint Setup wizard (setup) is split over 4 list "
            "items (lines 15-18)",
            "  hint: each touchpoint is one list item: only its first key starts with a dash "
            "(`- `); remove the dashes before the others and line them up under the first key",
        ),
        1,
    ),
    Case(
        "a split item that still lacks a key says which",
        STAGES + "    - id: onboarding\n      name: Onboarding\n      touchpoints:\n"
        "        - id: setup\n        - name: Setup wizard\n",
        (
            "map.yaml:15:11: error CSJ102 touchpoint Setup wizard (setup) is split over 2 list "
            "items (lines 15-16); even together they lack `channel`",
        ),
        1,
    ),
    Case(
        "a missing dash before the next item is one duplicate key with the advice",
        STAGES + "    - id: onboarding\n      name: Onboarding\n      touchpoints:\n"
        "        - id: a\n          name: A\n          channel: email\n"
        "          id: b\n          name: B\n          channel: chat\n",
        (
            "map.yaml:18:11: error CSJ002 duplicate key `id` (first at line 15)",
            "  hint: if this line starts the next item, put a dash (`- `) before `id`",
        ),
        1,
    ),
    Case(
        "a mapping where the list of touchpoints belongs",
        STAGES + "    - id: onboarding\n      name: Onboarding\n      touchpoints:\n"
        "        id: a\n        name: A\n        channel: email\n",
        (
            "map.yaml:15:9: error CSJ103 `touchpoints` must be a list, not a mapping",
            "  hint: each touchpoint is one list item: start it with a dash and a space (`- `), "
            "and indent its keys under it",
        ),
        1,
    ),
    Case(
        "a list where the journey's keys belong",
        "",  # HEAD's journey, rewritten below
        (
            "map.yaml:8:3: error CSJ103 `journey` must be a mapping of keys, not a list",
            "  hint: `journey` holds keys, not a list: remove the dash (`- `) before its first key",
        ),
        1,
    ),
    Case(
        "two dashes before an item",
        STAGES + "    - - id: onboarding\n        name: Onboarding\n",
        (
            "map.yaml:12:7: error CSJ103 stage 1 must be a mapping of keys, not a list",
            "  hint: this item starts with two dashes (`- - `): remove one of them",
        ),
        1,
    ),
    Case(
        "a stage written as a word counts from 1",
        STAGES + "    - id: a\n      name: A\n    - onboarding\n",
        (
            "map.yaml:14:7: error CSJ103 stage 2 must be a mapping of keys, not text `onboarding`",
            "  hint: write the stage as keys and values after its dash: `- id: ...`, then "
            "`name: ...` on the next line, lined up under `id`",
        ),
        1,
    ),
    Case(
        "items are named by name and id, or by their number from 1",
        STAGES + "    - id: onboarding\n      name: Onboarding\n      nmae: x\n"
        "    - name: Adoption\n    - {}\n",
        (
            "map.yaml:14:7: error CSJ101 unknown key `nmae` in stage Onboarding (onboarding)",
            "map.yaml:15:7: error CSJ102 stage Adoption is missing required key `id`",
            "map.yaml:16:7: error CSJ102 stage 3 is missing required key `id`",
        ),
        4,
    ),
    Case(
        "a name where an id goes suggests that item's id",
        "  segments: [Mid-market ops teams]\n  stages:\n    - {id: s, name: S}\n",
        (
            "map.yaml:10:14: error CSJ107 `segments` takes segment ids, not names: "
            "`Mid-market ops teams` is the name of segment `mid-market`",
            "  hint: did you mean `mid-market`?",
        ),
        1,
    ),
    Case(
        "a name in other case and spacing is still that item's name",
        "  segments: [mid-market OPS  teams]\n  stages:\n    - {id: s, name: S}\n",
        (
            "map.yaml:10:14: error CSJ107 `segments` takes segment ids, not names: "
            "`mid-market OPS  teams` is the name of segment `mid-market`",
            "  hint: did you mean `mid-market`?",
        ),
        1,
    ),
    Case(
        "a misspelt name suggests the id of the closest name",
        "  segments: [Enterprize]\n  stages:\n    - {id: s, name: S}\n",
        (
            "map.yaml:10:14: error CSJ107 `Enterprize` is not a valid id: use lowercase letters, "
            "digits, `-` and `_`, starting with a letter or digit, at most 64 characters",
            "  hint: did you mean `ent`?",
        ),
        1,
    ),
    Case(
        "a name that is also a valid id finds its item",
        "  segments: [enterprise]\n  stages:\n    - {id: s, name: S}\n",
        (
            "map.yaml:10:14: error CSJ121 no segment has the id `enterprise`",
            "  hint: did you mean `ent`?",
        ),
        1,
    ),
    Case(
        "no id that does not exist is suggested",
        "  segments: [Nobody at all]\n  stages:\n    - {id: s, name: S}\n",
        ("  hint: write the id of a segment here, not its name",),
        1,
    ),
    Case(
        "two ids equally close are both named",
        "  segments: [smb]\n  stages:\n    - {id: s, name: S}\n",
        (
            "map.yaml:10:14: error CSJ121 no segment has the id `smb`",
            "  hint: did you mean `smb1` or `smb2`?",
        ),
        1,
    ),
    Case(
        "an NPS metric takes 'an'",
        STAGES + "    - id: s\n      name: S\n      metrics:\n"
        "        - {id: m, name: M, type: nps, target: 500}\n",
        (
            "map.yaml:15:47: error CSJ104 `target` 500 is outside the range of an `nps` metric "
            "(-100 to 100)",
        ),
        1,
    ),
]


def _text(case: Case) -> str:
    if case.name.startswith("a list where the journey"):
        return HEAD.replace("  id: j\n  title: J\n", "  - id: j\n    title: J\n")
    return HEAD + case.body


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_user_reads(case: Case, tmp_path: Path, csj: Callable[..., CliResult]) -> None:
    (tmp_path / "csjourney.toml").write_text("")
    (tmp_path / "map.yaml").write_text(_text(case))
    result = csj("validate", "--no-lint", "map.yaml", cwd=tmp_path)
    lines = result.out.splitlines()
    for expected in case.lines:
        assert expected in lines, result.out
    count = "1 error" if case.findings == 1 else f"{case.findings} errors"
    assert lines[-1] == f"Found {count}, 0 warnings, 0 infos in 1 file.", result.out
    assert "stage 0" not in result.out and "#" not in result.out


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("NPS metric", "an NPS metric"),
        ("`nps` metric", "an `nps` metric"),
        ("`nrr` metric", "an `nrr` metric"),
        ("`csat` metric", "a `csat` metric"),
        ("CSAT", "a CSAT"),
        ("SLA", "an SLA"),
        ("initiative", "an initiative"),
        ("evidence item", "an evidence item"),
        ("`activation` metric", "an `activation` metric"),
        ("segment", "a segment"),
        ("user", "a user"),
        ("one-off", "a one-off"),
        ("hour", "an hour"),
        ("`ces` metric", "a `ces` metric"),
        ("8-week plan", "an 8-week plan"),
        ("11-day gap", "an 11-day gap"),
        ("110-day gap", "a 110-day gap"),
    ],
)
def test_with_article(word: str, expected: str) -> None:
    assert with_article(word) == expected

"""The cursor contexts of tests/lsp/test_yamlcontext.py: a map being typed, and where its cursor is.

Each case is a text with `<C>` where the cursor stands, and what
`yamlcontext.context_at` must say: the Loc, the role, the partial word, and
(when given) the other keys of the mapping or items of the list. Most are
half-typed lines that do not parse: the usual state of a file as completion
sees it.
"""

from __future__ import annotations

from dataclasses import dataclass

from csjourney.structure import Loc

CURSOR = "<C>"

HEAD = """\
csjourney: 1
journey:
  id: smb
  title: SMB
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
"""


@dataclass(frozen=True)
class Case:
    name: str
    text: str  # with CURSOR in it
    loc: Loc | None  # None: no context there (a comment)
    role: str = "key"
    partial: str = ""
    present: frozenset[str] | None = None  # None: not checked
    flow: bool = False

    def split(self) -> tuple[str, int, int]:
        """The text without the marker, and the marker's 1-based line and column."""
        before, _, _ = self.text.partition(CURSOR)
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return self.text.replace(CURSOR, ""), line, column


def _stage(body: str) -> str:
    """`body` as keys of the first stage of HEAD's journey."""
    return HEAD + "".join(f"      {line}" if line else line for line in body.splitlines(True))


STAGE: Loc = ("journey", "stages", 0)
TOUCHPOINTS = (*STAGE, "touchpoints")

CASES = [
    Case(
        "half-typed key in a stage",
        _stage("touc<C>\n"),
        STAGE,
        "key",
        "touc",
        frozenset({"id", "name"}),
    ),
    Case(
        "blank line in a stage, keys below it count",
        _stage("<C>\nexit_criteria: Shared\n"),
        STAGE,
        "key",
        "",
        frozenset({"id", "name", "exit_criteria"}),
    ),
    Case(
        "flow touchpoint's channel, parses",
        _stage("touchpoints:\n  - {id: a, name: A, channel: em<C>}\n"),
        (*TOUCHPOINTS, 0, "channel"),
        "value",
        "em",
        flow=True,
    ),
    Case(
        "block touchpoint's empty channel",
        _stage("touchpoints:\n  - id: a\n    name: A\n    channel: <C>\n"),
        (*TOUCHPOINTS, 0, "channel"),
        "value",
    ),
    Case(
        "second touchpoint's channel, half-typed",
        _stage("touchpoints:\n  - id: a\n    channel: email\n  - id: b\n    channel: ph<C>\n"),
        (*TOUCHPOINTS, 1, "channel"),
        "value",
        "ph",
    ),
    Case(
        "unclosed flow list of addresses",
        _stage("initiatives:\n  - id: fix\n    addresses: [slow-setup, <C>\n"),
        (*STAGE, "initiatives", 0, "addresses", 1),
        "item",
        "",
        frozenset({"slow-setup"}),
        True,
    ),
    Case(
        "closed flow list, partial id, parses",
        _stage("initiatives:\n  - id: fix\n    name: Fix\n    addresses: [slow-setup, fa<C>]\n"),
        (*STAGE, "initiatives", 0, "addresses", 1),
        "item",
        "fa",
        frozenset({"slow-setup"}),
        True,
    ),
    Case(
        "empty flow list",
        _stage("segments: [<C>]\n"),
        (*STAGE, "segments", 0),
        "item",
        "",
        frozenset(),
        True,
    ),
    Case(
        "block list of ids, new item",
        _stage("segments:\n  - smb\n  - <C>\n"),
        (*STAGE, "segments", 1),
        "item",
        "",
        frozenset({"smb"}),
    ),
    Case(
        "block list of ids, half-typed item",
        _stage("segments:\n  - smb\n  - ent<C>\nname: x\n"),
        (*STAGE, "segments", 1),
        "item",
        "ent",
    ),
    Case(
        "a dash in a list of touchpoints starts a touchpoint's keys",
        _stage("touchpoints:\n  - id: a\n    name: A\n  - <C>\n"),
        (*TOUCHPOINTS, 1),
        "key",
    ),
    Case(
        "right after a list's dash, before its space: the dash is no word",
        _stage("touchpoints:\n  -<C>\n"),
        (*TOUCHPOINTS, 0),
        "key",
        "",
        frozenset(),
    ),
    Case(
        "cursor inside an existing key",
        _stage("touchpoints:\n  - id: a\n    chan<C>nel: email\n"),
        (*TOUCHPOINTS, 0),
        "key",
        "chan",
        frozenset({"id"}),
    ),
    Case(
        "first key after a dash",
        _stage("touchpoints:\n  - i<C>d: a\n    name: A\n"),
        (*TOUCHPOINTS, 0),
        "key",
        "i",
        frozenset({"name"}),
    ),
    Case(
        "top level, start of a line",
        "csjourney: 1\n<C>\njourney:\n  id: x\n",
        (),
        "key",
        "",
        frozenset({"csjourney", "journey"}),
    ),
    Case(
        "top level, half-typed", "csjourney: 1\nseg<C>", (), "key", "seg", frozenset({"csjourney"})
    ),
    Case("a comment", _stage("# seg<C>ments\n"), None),
    Case("a comment after a value", _stage("name: x # chan<C>\n"), None),
    Case(
        "inside a block scalar, parses",
        _stage("description: |\n  some tex<C>t\n"),
        (*STAGE, "description"),
        "value",
        "tex",
    ),
    Case(
        "after a block scalar whose text looks like keys",
        "journey:\n  description: |\n    touchpoints: not a key\n  tit<C>\n",
        ("journey",),
        "key",
        "tit",
        frozenset({"description"}),
    ),
    Case(
        "compact list, dashes at the key's column",
        "journey:\n  stages:\n  - id: a\n    name: A\n  - id: b\n    na<C>\n",
        ("journey", "stages", 1),
        "key",
        "na",
        frozenset({"id"}),
    ),
    Case(
        "compact list, a key after it",
        "journey:\n  stages:\n  - id: a\n  - id: b\n  tit<C>\n",
        ("journey",),
        "key",
        "tit",
        frozenset({"stages"}),
    ),
    Case(
        "unclosed flow mapping, a key",
        _stage("touchpoints:\n  - {id: a, cha<C>\n"),
        (*TOUCHPOINTS, 0),
        "key",
        "cha",
        frozenset({"id"}),
        True,
    ),
    Case(
        "unclosed flow mapping, a value",
        _stage("touchpoints:\n  - {id: a, channel: <C>\n"),
        (*TOUCHPOINTS, 0, "channel"),
        "value",
        "",
        flow=True,
    ),
    Case(
        "a measure binding's segment",
        _stage("metrics:\n  - id: m\n    measure:\n      from: events\n      segment: s<C>\n"),
        (*STAGE, "metrics", 0, "measure", "segment"),
        "value",
        "s",
    ),
    Case(
        "a measure binding's keys",
        _stage("metrics:\n  - id: m\n    measure:\n      from: events\n      st<C>\n"),
        (*STAGE, "metrics", 0, "measure"),
        "key",
        "st",
        frozenset({"from"}),
    ),
    Case(
        "a quoted value being typed",
        _stage('touchpoints:\n  - id: a\n    channel: "em<C>\n'),
        (*TOUCHPOINTS, 0, "channel"),
        "value",
        "em",
    ),
    Case(
        "a pain point's block list of touchpoints, in the second pain point",
        _stage(
            "pain_points:\n  - id: p\n    name: P\n  - id: q\n    touchpoints:\n"
            "      - a\n      - <C>\n"
        ),
        (*STAGE, "pain_points", 1, "touchpoints", 1),
        "item",
        "",
        frozenset({"a"}),
    ),
    Case(
        "the next stage, after nested lists",
        _stage("touchpoints:\n  - id: a\n    segments:\n      - smb\n")
        + "    - id: adoption\n      <C>\n",
        ("journey", "stages", 1),
        "key",
        "",
        frozenset({"id"}),
    ),
    Case(
        "a metric's type",
        _stage("metrics:\n  - id: m\n    name: M\n    type: ac<C>\n"),
        (*STAGE, "metrics", 0, "type"),
        "value",
        "ac",
    ),
    Case(
        "a journey segment in a flow list after others, parses",
        "csjourney: 1\njourney:\n  segments: [smb, ent<C>]\n",
        ("journey", "segments", 1),
        "item",
        "ent",
        frozenset({"smb"}),
        True,
    ),
]

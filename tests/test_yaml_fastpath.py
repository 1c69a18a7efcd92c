"""The YAML build's fast path builds exactly what the builder's general handlers build.

`yamlsource._parse` handles plain keys, plain values and untagged collections
inline and hands every other event to `yamlbuilder.Builder`; with
`inline=False` the builder handles them all. Over real maps, the repository's
structural cases and generated YAML full of what the fast path must hand over
(anchors, aliases, merge keys, tags, duplicates, quoted escapes, line breaks
libyaml alone sees), both give the same data, positions and issues, or the
same problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from csjourney.yamlsource import YamlProblem, _parse
from csjourney.yamltext import prepare

ROOT = Path(__file__).parent
CASES = ROOT / "cases"


def _outcome(text: str, inline: bool) -> tuple[Any, ...]:
    """What a build of `text` gives (the rewrites pass aside: both paths share it)."""
    try:
        builder = _parse(prepare(text), inline=inline)
    except YamlProblem as problem:
        return ("problem", problem.name, problem.message, problem.span, problem.hint)
    issues = [(i.name, i.message, i.span, i.path, i.hint) for i in builder.issues]
    data = repr(builder.root) if builder.root_set else "<none>"
    return ("built", data, dict(builder.source.entries), issues, builder.quoted)


def _same(text: str) -> None:
    assert _outcome(text, True) == _outcome(text, False), text


def _files() -> list[Path]:
    found = [*EXAMPLES.rglob("*.yaml"), *CASES.rglob("*.yaml"), *CASES.rglob("*.yml")]
    return sorted(found)


def test_there_are_files_to_compare() -> None:
    assert len(_files()) > 20


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_a_repository_file_builds_the_same_both_ways(path: Path) -> None:
    _same(path.read_text(encoding="utf-8", errors="replace"))


KEYS = ["id", "name", "<<", "a", "id", "'<<'", '"x"', "? k", "!!str k", "&k key"]
VALUES = [
    "1", "abc", "~", "", "!!int 3", "!!str 4", "!foo x", "*a", "*b", "&a v", "&b 2", "1e999",
    "0x" + "f" * 300, "2026-01-01", '"q\\ud83d\\ude00"', "[1, 2]", "{k: v}", "&a {k: v}",
    "!!map {k: v}", "!x [1]", "'it''s'", '"\\u2028"', "a\u2028b", "nps", "true", "-.5",
]  # fmt: skip
HEADS = ["", "", "", " &a", " &b", " !!map", " !tag", " !!seq"]


@st.composite
def _node(draw: st.DrawFn, depth: int = 0, indent: int = 0) -> str:
    choice = draw(st.integers(0, 9))
    if depth > 3 or choice < 4:
        return " " + draw(st.sampled_from(VALUES)) + "\n"
    head = draw(st.sampled_from(HEADS)) + "\n"
    pad = " " * (indent + 2)
    count = draw(st.integers(0, 4))
    if choice < 7:
        keys = [draw(st.sampled_from(KEYS)) for _ in range(count)]
        return head + "".join(pad + k + ":" + draw(_node(depth + 1, indent + 2)) for k in keys)
    return head + "".join(pad + "-" + draw(_node(depth + 1, indent + 2)) for _ in range(count))


@st.composite
def _document(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4))
    return "".join(key + ":" + draw(_node()) for key in keys)


@settings(max_examples=1500, deadline=None)
@given(_document())
def test_generated_yaml_builds_the_same_both_ways(text: str) -> None:
    _same(text)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="ab:-[]{}&*!<>#'\" \n\t,?|0123456789.~\u2028\\u", max_size=40))
def test_yaml_shaped_noise_builds_the_same_both_ways(text: str) -> None:
    _same(text)

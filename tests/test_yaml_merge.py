"""YAML merge keys (`<<`), as the YAML 1.1 merge-key type defines them.

A merge supplies the keys a mapping does not write itself: a key written in
the mapping wins wherever it stands (before or after `<<`), of several merged
mappings the first that has a key wins, and values are not merged deeply. A
merged key is located where it is written, in the anchored mapping, so a
finding about it points at text the user can edit. (tests/cases/structural
holds the malformed merges: quoted, twice, of a non-mapping.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from csjourney.diagnostics import Span
from csjourney.yamlsource import build

Csj = Callable[..., CliResult]
BASE = "base: &base {name: Base, owner: growth, tags: {a: 1}}\n"
B = {"name": "Base", "owner": "growth", "tags": {"a": 1}}
# (text after BASE, the mapping `item` must load as)
CASES = [
    ("item:\n  <<: *base\n  id: x\n", {**B, "id": "x"}),
    ("item:\n  <<: *base\n  owner: cs\n", {**B, "owner": "cs"}),
    ("item:\n  owner: cs\n  <<: *base\n", {**B, "owner": "cs"}),
    ("item: {<<: *base, name: Mine}\n", {**B, "name": "Mine"}),
    ("item:\n  <<: [{owner: first}, *base]\n", {**B, "owner": "first"}),
    ("item:\n  <<: [*base, {owner: 2nd, id: y}]\n  name: Mine\n", {**B, "id": "y", "name": "Mine"}),
    ("item:\n  <<: *base\n  tags: {b: 2}\n", {**B, "tags": {"b": 2}}),
    ("item:\n  <<: {}\n  id: x\n", {"id": "x"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_merge_supplies_only_the_keys_the_mapping_lacks(text: str, expected: Any) -> None:
    document = build(BASE + text)
    assert document.data["item"] == expected
    assert document.data["base"] == B, "the anchored mapping is left as written"


def test_a_merged_key_is_located_where_it_is_written() -> None:
    document = build(BASE + "item:\n  <<: *base\n  owner: cs\n")
    assert document.source.locate(("item", "name")) == document.source.locate(("base", "name"))
    assert document.source.locate(("item", "name")).line == 1
    assert document.source.locate(("item", "owner")) == Span(4, 10, 4, 12)


MAP = """\
csjourney: 1
segments:
  - {id: smb, name: Small business}
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      touchpoints:
        - &email {id: welcome, name: Welcome email, channel: email, owner: lifecycle}
        - <<: *email
          id: reminder
          name: Reminder email
        - <<: *email
          id: nudge
          name: Nudge
          channel: in-app
          owner: {bogus: 1}
"""


def test_a_map_reads_merged_keys_as_its_own(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    result = csj("validate", "map.yaml", "--no-lint", cwd=tmp_path)
    # The reminder's merged owner and channel are valid; the nudge's own owner replaces
    # the merged one and is reported at its own place, not at the anchor's.
    assert result.code == 1
    assert "map.yaml:20:18:" in result.out, result.out
    assert result.out.count(" error ") == 1, result.out


# What `<<` cannot merge, and where that is said: at the value given to it.
NOT_MAPPINGS = [
    ("a: 1\n<<: 3\n", Span(2, 5, 2, 6)),
    ("a:\n  <<: [{x: 1}, 2]\n", Span(2, 7, 2, 18)),
    ("base: &b [1, 2]\nitem:\n  <<: *b\n", Span(3, 7, 3, 9)),
]


@pytest.mark.parametrize(("text", "span"), NOT_MAPPINGS, ids=[c[0] for c in NOT_MAPPINGS])
def test_merging_anything_but_mappings_is_a_syntax_error(text: str, span: Span) -> None:
    from csjourney.yamlsource import YamlProblem

    with pytest.raises(YamlProblem) as raised:
        build(text)
    assert (raised.value.name, raised.value.message) == ("yaml-syntax", "`<<` merges only mappings")
    assert raised.value.span == span

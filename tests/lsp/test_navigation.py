"""Rename's plan without a server: exact edits, the scalars' quoting kept, every refusal.

The end-to-end tests (tests/lsp/test_navigation_server.py) send the same
requests to the real `csjourney lsp`; here the rules are pinned one by one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Csj
from csjourney.diagnostics import Span
from csjourney.lsp.index import Index, Occurrence, Symbol
from csjourney.lsp.navigation import RenameRefused, renamable, rename_edits, target
from lsp.navcases import apply_spans, copy_example, findings, load_workspace, write_case

Planned = dict[str, list[tuple[tuple[int, ...], str]]]


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _index(root: Path) -> Index:
    summaries, loaded = load_workspace(root)
    return Index.build(summaries, loaded.get)


def _plan(root: Path, file: str, line: int, column: int, new_id: str) -> Planned:
    index = _index(root)
    symbol = renamable(index.at(root / file, line, column))
    edits = rename_edits(index, symbol, new_id, _read, lambda p: p.relative_to(root).as_posix())
    return {
        path.relative_to(root).as_posix(): [(tuple(span), text) for span, text in changes]
        for path, changes in edits.items()
    }


def _apply(root: Path, file: str, line: int, column: int, new_id: str) -> None:
    index = _index(root)
    symbol = renamable(index.at(root / file, line, column))
    for path, changes in rename_edits(index, symbol, new_id, _read).items():
        path.write_text(apply_spans(path.read_text(encoding="utf-8"), changes), encoding="utf-8")


@pytest.fixture
def case(tmp_path: Path) -> Path:
    return write_case(tmp_path / "case")


def test_a_segment_is_renamed_where_defined_and_everywhere_it_is_named(case: Path) -> None:
    assert _plan(case, "library.yaml", 3, 10, "small-business") == {
        "library.yaml": [((3, 9, 3, 12), "small-business")],
        "onboarding.yaml": [
            ((5, 14, 5, 17), "small-business"),
            ((14, 22, 14, 25), "small-business"),
        ],
    }


def test_from_a_reference_the_same_rename_keeps_each_scalars_quotes(case: Path) -> None:
    assert _plan(case, "renewal.yaml", 13, 21, "quarterly-review") == {
        "library.yaml": [((11, 9, 11, 12), "quarterly-review")],
        "onboarding.yaml": [((13, 20, 13, 25), "'quarterly-review'")],
        "renewal.yaml": [((13, 20, 13, 23), "quarterly-review")],
    }
    assert _plan(case, "onboarding.yaml", 5, 20, "mid-size") == {
        "library.yaml": [((5, 9, 5, 12), "mid-size")],
        "onboarding.yaml": [((5, 19, 5, 24), '"mid-size"')],
        "renewal.yaml": [((5, 14, 5, 17), "mid-size")],
    }


def test_an_id_that_would_read_as_a_number_is_quoted(case: Path) -> None:
    assert _plan(case, "onboarding.yaml", 19, 16, "2024") == {
        "onboarding.yaml": [((19, 15, 19, 19), "'2024'"), ((27, 23, 27, 27), "'2024'")],
    }


def test_a_journey_item_is_renamed_in_its_own_journey_only(case: Path) -> None:
    assert _plan(case, "onboarding.yaml", 21, 31, "hello") == {
        "onboarding.yaml": [((15, 15, 15, 22), "hello"), ((21, 30, 21, 37), "hello")],
    }
    assert _plan(case, "renewal.yaml", 11, 16, "notice") == {
        "renewal.yaml": [((11, 15, 11, 22), "notice"), ((17, 25, 17, 32), "notice")],
    }


def test_the_same_id_again_changes_nothing(case: Path) -> None:
    assert _plan(case, "library.yaml", 3, 10, "smb") == {}


@pytest.mark.parametrize(
    ("file", "line", "column", "new_id", "message"),
    [
        (
            "library.yaml",
            3,
            10,
            "Small Business",
            "`Small Business` is not a valid id: use lowercase letters, digits, `-` and `_`, "
            "starting with a letter or digit, at most 64 characters",
        ),
        ("library.yaml", 3, 10, "-smb", "`-smb` is not a valid id"),
        ("library.yaml", 3, 10, "x" * 65, "is not a valid id"),
        ("library.yaml", 3, 10, "mid", "`mid` is already the id of a segment at library.yaml:5"),
        (
            "library.yaml",
            3,
            10,
            "survey",
            "`survey` is already the id of an evidence item at library.yaml:8",
        ),
        ("library.yaml", 11, 10, "email", "`email` is already the id of a built-in channel"),
        (
            "onboarding.yaml",
            21,
            31,
            "slow",
            "`slow` is already the id of a pain point at onboarding.yaml:19",
        ),
        ("onboarding.yaml", 3, 8, "renewal", "`renewal` is already the id of a journey"),
    ],
)
def test_a_rename_is_refused_with_the_reason(
    case: Path, file: str, line: int, column: int, new_id: str, message: str
) -> None:
    with pytest.raises(RenameRefused) as refused:
        _plan(case, file, line, column, new_id)
    assert message in str(refused.value)


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (1, 1, "nothing to rename here"),  # on `csjourney:`
        (21, 48, "no touchpoint has the id `ghost`, so there is nothing to rename"),
        (21, 40, "no touchpoint has the id `survey`"),  # the wrong kind resolves to nothing
        (17, 21, "`email` is a built-in channel and cannot be renamed"),
    ],
)
def test_nothing_renamable_under_the_cursor_is_refused(
    case: Path, line: int, column: int, message: str
) -> None:
    found = _index(case).at(case / "onboarding.yaml", line, column)
    with pytest.raises(RenameRefused) as refused:
        renamable(found)
    assert message in str(refused.value)


def test_an_escaped_scalar_is_not_rewritten_and_nothing_is(case: Path) -> None:
    journey = case / "onboarding.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace('[smb, "mid"]', '[smb, "mi\\x64"]'), encoding="utf-8")
    with pytest.raises(RenameRefused) as refused:
        _plan(case, "library.yaml", 5, 10, "mid-size")
    assert str(refused.value) == (
        "the id `mid` at onboarding.yaml:5 is written in a way a rename does not rewrite "
        "(an escape, a tag or an alias): rename it by hand"
    )


def test_target_is_the_item_defined_or_referred_to(case: Path) -> None:
    index = _index(case)
    defined = index.at(case / "library.yaml", 3, 9)
    reference = index.at(case / "onboarding.yaml", 14, 23)
    assert isinstance(reference, Occurrence)
    assert target(defined) == target(reference) == index.definition("segment", "smb")
    assert target(index.at(case / "onboarding.yaml", 21, 48)) is None
    assert target(None) is None


@pytest.mark.parametrize(
    ("file", "span", "new_id"),
    [
        ("library.yaml", Span(96, 9, 96, 30), "churn-interviews"),  # evidence, four files
        ("library.yaml", Span(125, 9, 125, 22), "slack"),  # a declared channel
        ("library.yaml", Span(9, 9, 9, 12), "small-business"),  # a segment
        ("journeys/smb.yaml", Span(50, 15, 50, 35), "pricing-unclear"),  # a pain point
    ],
)
def test_after_a_rename_validate_reports_what_it_did_before(
    csj: Csj, tmp_path: Path, file: str, span: Span, new_id: str
) -> None:
    """The same findings, but for the id in their messages: no reference broke."""
    saas = copy_example("b2b-saas", tmp_path)
    symbol = _index(saas).at(saas / file, span.line, span.column)
    assert isinstance(symbol, Symbol) and tuple(symbol.span) == tuple(span)
    uses = len(_index(saas).occurrences(symbol))
    before = findings(csj, saas)
    _apply(saas, file, span.line, span.column, new_id)
    index = _index(saas)
    renamed = index.at(saas / file, span.line, span.column)
    assert isinstance(renamed, Symbol) and (renamed.kind, renamed.id) == (symbol.kind, new_id)
    assert len(index.occurrences(renamed)) == uses > 0
    assert index.definition(symbol.kind, symbol.id, symbol.journey) is None
    word = re.compile(rf"(?<![a-z0-9_-]){re.escape(symbol.id)}(?![a-z0-9_-])")
    expected = [(code, path, line, word.sub(new_id, text)) for code, path, line, text in before]
    assert findings(csj, saas) == sorted(expected)

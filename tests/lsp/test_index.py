"""The id index over real workspaces: definitions, references, candidates, exact spans.

The spans are written out, and each is also checked against the file's text
(the id scalar, quotes included, is what the span covers), so a test fails
both when a position moves and when it lands beside the id.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from csjourney.diagnostics import Span
from csjourney.loader import LoadedFile
from csjourney.lsp.index import BUILTIN_PATH, Index, Occurrence, Symbol, index_of
from csjourney.references import References, resolve
from csjourney.valuesets import BUILTIN_CHANNELS
from lsp.navcases import copy_example, load_workspace, write_case

Place = tuple[str, tuple[int, ...]]  # (file relative to the workspace, span)


def _index(root: Path, *, with_data: bool = True) -> Index:
    summaries, loaded = load_workspace(root)
    return Index.build(summaries, loaded.get if with_data else None)


def _written(path: Path, span: Span) -> str:
    assert span.line == span.end_line
    line = path.read_text(encoding="utf-8").splitlines()[span.line - 1]
    return line[span.column - 1 : span.end_column - 1]


def _places(root: Path, found: list[Occurrence]) -> list[Place]:
    for occurrence in found:
        assert _written(occurrence.path, occurrence.span).strip("'\"") == occurrence.value
    return [(o.path.relative_to(root).as_posix(), tuple(o.span)) for o in found]


@pytest.fixture(scope="module")
def saas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example("b2b-saas", tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_case(tmp_path_factory.mktemp("index") / "case")


def test_a_shared_evidence_item_is_found_in_every_journey_that_cites_it(saas: Path) -> None:
    index = _index(saas)
    symbol = index.definition("evidence", "churn-interviews-2026")
    assert symbol is not None
    assert (symbol.path, tuple(symbol.span)) == (saas / "library.yaml", (96, 9, 96, 30))
    assert _written(symbol.path, symbol.span) == "churn-interviews-2026"
    assert symbol.name == "Churned and contracted customer interviews, H1 2026"
    assert symbol.journey is None
    found = index.occurrences(symbol)
    assert _places(saas, found) == [
        ("journeys/enterprise.yaml", (84, 22, 84, 43)),
        ("journeys/mid-market.yaml", (110, 48, 110, 69)),
        ("journeys/mid-market.yaml", (159, 22, 159, 43)),
        ("journeys/mid-market.yaml", (236, 22, 236, 43)),
        ("journeys/smb.yaml", (270, 47, 270, 68)),
    ]
    assert {o.field for o in found} == {"evidence"}
    assert found[0].journey == "enterprise-named-csm"


def test_a_declared_channel_and_its_uses(saas: Path) -> None:
    index = _index(saas)
    symbol = index.definition("channel", "slack-connect")
    assert symbol is not None and tuple(symbol.span) == (125, 9, 125, 22)
    assert _places(saas, index.occurrences(symbol)) == [
        ("journeys/enterprise.yaml", (114, 20, 114, 33)),
        ("journeys/mid-market.yaml", (97, 20, 97, 33)),
    ]


def test_a_pain_point_is_found_where_its_own_journey_addresses_it(saas: Path) -> None:
    smb = saas / "journeys" / "smb.yaml"
    index = _index(saas)
    symbol = index.definition("pain point", "seat-pricing-unclear", "smb-digital-cs")
    assert symbol is not None
    assert (symbol.path, tuple(symbol.span)) == (smb, (50, 15, 50, 35))
    assert symbol.journey == "smb-digital-cs"
    assert _places(saas, index.occurrences(symbol)) == [("journeys/smb.yaml", (59, 23, 59, 43))]
    assert index.occurrences(symbol)[0].field == "addresses"
    # Outside its journey the id names nothing: journey items are not shared.
    assert index.definition("pain point", "seat-pricing-unclear", "enterprise-named-csm") is None
    assert index.definition("pain point", "seat-pricing-unclear") is None


def test_without_the_files_data_only_the_summaries_references_are_known(saas: Path) -> None:
    """`summarize` leaves out references to the journey's own items: the data fills them in."""
    index = _index(saas, with_data=False)
    symbol = index.definition("pain point", "seat-pricing-unclear", "smb-digital-cs")
    assert symbol is not None
    assert index.occurrences(symbol) == []
    shared = index.definition("evidence", "churn-interviews-2026")
    assert shared is not None and len(index.occurrences(shared)) == 5


def test_at_finds_the_id_under_the_cursor_on_either_edge(saas: Path) -> None:
    smb = saas / "journeys" / "smb.yaml"
    index = _index(saas)
    for column in (15, 25, 35):  # first character, inside, just past the last
        found = index.at(smb, 50, column)
        assert isinstance(found, Symbol) and found.id == "seat-pricing-unclear"
    assert index.at(smb, 50, 14) is None  # the space before the id
    assert index.at(smb, 50, 36) is None
    reference = index.at(smb, 59, 30)
    assert isinstance(reference, Occurrence)
    assert (reference.value, reference.field, tuple(reference.span)) == (
        "seat-pricing-unclear",
        "addresses",
        (59, 23, 59, 43),
    )
    assert reference.symbol == index.at(smb, 50, 15)
    library = index.at(saas / "library.yaml", 9, 10)
    assert isinstance(library, Symbol) and (library.kind, library.id) == ("segment", "smb")
    assert index.at(saas / "library.yaml", 10, 10) is None  # a name, not an id


def test_a_built_in_channel_is_defined_nowhere_and_used_everywhere(saas: Path) -> None:
    index = _index(saas)
    meeting = index.definition("channel", "meeting")
    assert meeting is not None and meeting.builtin and meeting.path == BUILTIN_PATH
    found = index.occurrences(meeting)
    assert [o.path.name for o in found] == ["enterprise.yaml"] * 6 + ["mid-market.yaml"] * 5
    assert _places(saas, found)[:2] == [
        ("journeys/enterprise.yaml", (49, 20, 49, 27)),
        ("journeys/enterprise.yaml", (76, 20, 76, 27)),
    ]
    assert all(o.symbol == meeting and o.field == "channel" for o in found)


def test_candidates_are_the_fields_kind_in_the_fields_scope(saas: Path) -> None:
    smb = saas / "journeys" / "smb.yaml"
    index = _index(saas)
    assert [s.id for s in index.candidates(smb, "pain point")] == [
        "seat-pricing-unclear",
        "connector-auth-failures",
        "blank-canvas",
        "involuntary-churn",
    ]
    assert [s.id for s in index.candidates(smb, "segment")] == ["smb", "mid-market", "enterprise"]
    channels = index.candidates(smb, "channel")
    assert [s.id for s in channels] == ["qbr", "slack-connect", *BUILTIN_CHANNELS]
    assert [s.builtin for s in channels[:3]] == [False, False, True]
    stages = index.candidates(saas / "journeys" / "enterprise.yaml", "stage")
    assert [s.id for s in stages][:2] == ["awareness", "consideration"]
    assert all(s.journey == "enterprise-named-csm" for s in stages)


def test_every_reference_resolves_as_validate_resolves_it(case: Path, saas: Path) -> None:
    """An occurrence resolves to nothing exactly where `resolve` reports the reference."""
    for root in (case, saas):
        summaries, loaded = load_workspace(root)
        index = Index.build(summaries, loaded.get)
        reported = {(d.path, tuple(d.span)) for d in resolve(summaries, [])}
        for path in loaded:
            for occurrence in index.references_in(path):
                broken = (occurrence.path, tuple(occurrence.span)) in reported
                assert broken is (occurrence.symbol is None), occurrence
                if occurrence.symbol is not None:
                    assert occurrence.symbol.kind == occurrence.kind
                    assert occurrence.symbol.id == occurrence.value


def test_the_resolution_rules_case_by_case(case: Path) -> None:
    onboarding = case / "onboarding.yaml"
    index = _index(case)

    def target(line: int, column: int) -> tuple[str, str, str] | None:
        found = index.at(onboarding, line, column)
        assert isinstance(found, Occurrence)
        symbol = found.symbol
        return None if symbol is None else (symbol.kind, symbol.id, symbol.path.name)

    assert target(5, 20) == ("segment", "mid", "library.yaml")  # "mid", quoted
    assert target(13, 21) == ("channel", "qbr", "library.yaml")  # 'qbr'
    assert target(14, 22) == ("segment", "smb", "library.yaml")  # shared first for a segment
    assert target(17, 20) == ("channel", "email", "<built-in>")
    assert target(21, 25) == ("touchpoint", "smb", "onboarding.yaml")  # the journey's first
    assert target(21, 30) == ("touchpoint", "welcome", "onboarding.yaml")  # not renewal's
    assert target(21, 40) is None  # `survey` is evidence, not a touchpoint
    assert target(21, 50) is None  # `ghost` is no id
    assert target(23, 30) is None  # a name where an id belongs
    welcome = index.definition("touchpoint", "welcome", "renewal")
    assert welcome is not None and welcome.path.name == "renewal.yaml"
    assert _places(case, index.occurrences(welcome)) == [("renewal.yaml", (17, 25, 17, 32))]
    smb = index.definition("segment", "smb")
    assert smb is not None
    assert _places(case, index.occurrences(smb)) == [
        ("onboarding.yaml", (5, 14, 5, 17)),
        ("onboarding.yaml", (14, 22, 14, 25)),
    ]


def test_a_rename_is_refused_only_for_an_id_its_scope_already_holds(case: Path) -> None:
    index = _index(case)

    def holder(kind: str, old: str, new: str, journey: str | None = None) -> str | None:
        symbol = index.definition(kind, old, journey)
        assert symbol is not None
        taken = index.taken(symbol, new)
        return None if taken is None else f"{taken.kind} {taken.id}"

    assert holder("segment", "smb", "survey") == "evidence survey"  # shared ids are one scope
    assert holder("segment", "smb", "mid") == "segment mid"
    assert holder("segment", "smb", "welcome") is None  # a journey item's id: another scope
    assert holder("channel", "qbr", "email") == "channel email"  # a built-in
    assert holder("segment", "smb", "email") is None  # built-in channels take no segment id
    assert holder("touchpoint", "welcome", "slow", "onboarding") == "pain point slow"
    assert holder("touchpoint", "welcome", "late", "onboarding") is None  # renewal's
    assert holder("journey", "onboarding", "renewal") == "journey renewal"
    assert holder("journey", "onboarding", "activation") is None


def test_symbols_in_lists_a_files_definitions_in_order(case: Path) -> None:
    index = _index(case)
    assert [(s.kind, s.id) for s in index.symbols_in(case / "library.yaml")] == [
        ("segment", "smb"),
        ("segment", "mid"),
        ("evidence", "survey"),
        ("channel", "qbr"),
    ]
    renewal = index.symbols_in(case / "renewal.yaml")
    assert [(s.kind, s.id, s.journey) for s in renewal] == [
        ("journey", "renewal", None),
        ("stage", "renew", "renewal"),
        ("touchpoint", "welcome", "renewal"),
        ("pain point", "late", "renewal"),
    ]
    assert [tuple(s.span) for s in renewal] == [
        (3, 7, 3, 14),
        (7, 11, 7, 16),
        (11, 15, 11, 22),
        (15, 15, 15, 19),
    ]


class _Session:
    """What `index_of` reads from a session: summaries named relative to the root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        summaries, self._loaded = load_workspace(root)
        self.current = [replace(s, path=s.path.relative_to(root)) for s in summaries]
        self.reads: list[str] = []  # the files whose data was asked for, in order

    def summaries(self) -> list[References]:
        return list(self.current)

    def loaded(self, path: Path) -> LoadedFile | None:
        self.reads.append(path.name)
        return self._loaded.get(path)


def test_a_sessions_index_has_absolute_paths_and_is_rebuilt_only_after_a_check(
    case: Path,
) -> None:
    session = _Session(case)
    index = index_of(session)
    welcome = index.definition("touchpoint", "welcome", "onboarding")
    assert welcome is not None and welcome.path == case / "onboarding.yaml"
    found = index.at(case / "onboarding.yaml", 21, 30)  # read from the absolute path's data
    assert isinstance(found, Occurrence) and found.symbol == welcome
    assert index_of(session) is index
    session.current[1] = replace(session.current[1])  # the file was checked again
    assert index_of(session) is not index


def test_a_new_index_reads_again_only_the_files_checked_again(case: Path) -> None:
    session = _Session(case)
    email = index_of(session).definition("channel", "email")
    assert email is not None
    assert len(index_of(session).occurrences(email)) == 1
    assert session.reads == ["library.yaml", "onboarding.yaml", "renewal.yaml"]
    session.current[2] = replace(session.current[2])  # renewal.yaml was checked again
    session.reads.clear()
    assert len(index_of(session).occurrences(email)) == 1
    assert session.reads == ["renewal.yaml"]


def test_a_metric_and_evidence_in_a_single_file_workspace(tmp_path: Path) -> None:
    """b2c-subscription: shared items beside the journey; uses listed in file order."""
    b2c = copy_example("b2c-subscription", tmp_path)
    index = _index(b2c)
    meal_kit = b2c / "meal-kit.yaml"
    churn = index.definition("metric", "monthly-churn", "freshbox-subscriber")
    assert churn is not None and tuple(churn.span) == (298, 11, 298, 24)
    assert _places(b2c, index.occurrences(churn)) == [
        ("meal-kit.yaml", (252, 22, 252, 35)),  # an initiative's `improves`
        ("meal-kit.yaml", (296, 34, 296, 47)),  # a goal's `metrics`
    ]
    analytics = index.at(meal_kit, 364, 12)
    assert isinstance(analytics, Symbol) and analytics.kind == "evidence"
    assert analytics.journey is None and analytics.path == meal_kit
    assert _places(b2c, index.occurrences(analytics)) == [
        ("meal-kit.yaml", (114, 42, 114, 60)),
        ("meal-kit.yaml", (167, 19, 167, 37)),
        ("meal-kit.yaml", (192, 19, 192, 37)),
        ("meal-kit.yaml", (304, 15, 304, 33)),
    ]

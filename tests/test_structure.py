"""The structure of a map, as the models declare it and `csjourney.structure` reads it."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic.fields import FieldInfo

from csjourney.fieldtypes import ID_PATTERN, Ref
from csjourney.loader import load_file
from csjourney.model import JourneyFile
from csjourney.structure import Kind, kind_at, kinds, reference_at, walk

EXAMPLE = Path(__file__).parent.parent / "examples" / "b2c-subscription" / "meal-kit.yaml"


def _holds_ids(annotation: Any, metadata: list[Any] | None = None) -> bool:
    """Whether a field's type is an id or has ids inside (`Id`, `list[Id]`, `Id | None`)."""
    for meta in metadata or []:
        if getattr(meta, "pattern", None) == ID_PATTERN:
            return True
    if isinstance(annotation, FieldInfo):
        return _holds_ids(annotation.annotation, annotation.metadata)
    return any(_holds_ids(arg) for arg in typing.get_args(annotation))


def _fields() -> list[tuple[Kind, str, FieldInfo]]:
    return [
        (kind, name, info)
        for kind in kinds().values()
        for name, info in kind.model.model_fields.items()
    ]


@pytest.mark.parametrize(
    ("kind", "name", "info"), _fields(), ids=[f"{k.name}.{n}" for k, n, _ in _fields()]
)
def test_a_field_that_holds_ids_is_a_declared_reference(
    kind: Kind, name: str, info: FieldInfo
) -> None:
    holds_ids = _holds_ids(info.annotation, info.metadata)
    if name == "id":
        assert holds_ids and name not in kind.references
        return
    refs = [m for m in info.metadata if isinstance(m, Ref)]
    assert holds_ids == bool(refs), f"{kind.name}.{name}: an id field needs Ref(kind), and only one"
    assert (name in kind.references) == holds_ids


def test_every_declared_reference_names_a_kind_with_ids() -> None:
    for kind in kinds().values():
        for name, ref in kind.references.items():
            assert name in kind.model.model_fields
            assert ref.target in kinds(), f"{kind.name}.{name} points at unknown {ref.target!r}"
            assert kinds()[ref.target].scope is not None, f"{ref.target} items have no id"


def test_an_item_has_an_id_exactly_when_it_has_a_scope() -> None:
    for kind in kinds().values():
        assert ("id" in kind.keys) == (kind.scope is not None), kind.name


# Where ids are unique (docs/format.md §14).
FORMAT_SCOPES = {
    "segment": "workspace",
    "evidence": "workspace",
    "channel": "workspace",
    "journey": "journeys",
    **dict.fromkeys(
        ["stage", "touchpoint", "pain point", "initiative", "metric", "goal"], "journey"
    ),
}


def test_the_declared_scopes_are_the_formats() -> None:
    scopes = {kind.name: kind.scope for kind in kinds().values() if kind.scope}
    assert scopes == FORMAT_SCOPES


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        (("journey", "segments", 0), "segment"),
        (("journey", "stages", 2, "segments", 1), "segment"),
        (("journey", "stages", 0, "touchpoints", 3, "channel"), "channel"),
        (("journey", "stages", 0, "pain_points", 0, "evidence", 0), "evidence"),
        (("journey", "stages", 0, "metrics", 0, "source"), "evidence"),
        (("journey", "metrics", 0, "source"), "evidence"),
        (("journey", "goals", 1, "metrics", 0), "metric"),
        # Not a reference's id: the list itself, a name, an index missing, an unknown key.
        (("journey", "segments"), None),
        (("journey", "stages", 0, "touchpoints", 3, "name"), None),
        (("journey", "stages", "segments", 0), None),
        (("journey", "stages", 0, "touchpoints", 3, "channel", 0), None),
        (("segments", 0, "id"), None),
        (("journey", "nope", 0), None),
    ],
)
def test_reference_at(loc: tuple[str | int, ...], expected: str | None) -> None:
    found = reference_at(loc)
    assert (found.target if found else None) == expected


def test_kind_at_names_the_item_at_a_path() -> None:
    assert kind_at(()) is kinds()["file"]
    assert kind_at(("journey", "stages", 1, "pain_points", 0)) is kinds()["pain point"]
    assert kind_at(("journey", "metrics", 0, "history", 2)) is kinds()["history entry"]
    assert kind_at(("journey", "stages", 1, "segments")) is None


def test_walk_yields_every_item_once_with_its_path_and_position() -> None:
    loaded = load_file(EXAMPLE, explicit=True)
    assert loaded is not None
    assert isinstance(loaded.data, dict)
    model = JourneyFile.model_validate(loaded.data)
    raw = [(n.kind.name, n.loc) for n in walk(loaded.data, file=loaded)]
    validated = [(n.kind.name, n.loc) for n in walk(model)]
    assert raw == validated  # the same walk over raw data and over models
    assert len(set(validated)) == len(validated)
    journey = loaded.data["journey"]
    expected_stages = len(journey["stages"])
    assert sum(1 for kind, _ in raw if kind == "stage") == expected_stages
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for node in walk(loaded.data, file=loaded):
        if node.kind.scope is None:
            continue
        line = text[node.span.line - 1]
        assert str(node.value["id"]) in line, (node.loc, line)  # the item starts at its id


def test_walk_skips_what_the_model_reports_in_raw_data() -> None:
    data = {"journey": {"stages": ["not a stage", {"id": "a", "touchpoints": "oops"}]}}
    found = [(n.kind.name, n.loc) for n in walk(data)]
    assert found == [
        ("file", ()),
        ("journey", ("journey",)),
        ("stage", ("journey", "stages", 1)),
    ]


def test_every_statistic_the_format_names_is_defined_once() -> None:
    from csjourney.statistics import STATISTICS
    from csjourney.valuesets import MetricType, StatisticName

    assert list(STATISTICS) == list(typing.get_args(StatisticName))
    for statistic in STATISTICS.values():
        assert statistic.source in ("events", "responses")
        assert set(statistic.fits) <= set(typing.get_args(MetricType))


def test_docs_format_references_table_lists_every_declared_reference() -> None:
    """docs/format.md §15 says where each reference looks; it must name every one."""
    text = (Path(__file__).parent.parent / "docs" / "format.md").read_text(encoding="utf-8")
    section = text.split("## 15. References", 1)[1].split("\n## ", 1)[0]
    owners = {"metric's `measure`": "measure binding"}
    listed = set()
    for row in section.splitlines():
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if len(cells) == 4 and cells[1].startswith("`"):
            for where in cells[0].split(", "):
                listed.add((owners.get(where, where), cells[1].strip("`")))
    declared = {(kind.name, name) for kind in kinds().values() for name in kind.references}
    assert listed == declared

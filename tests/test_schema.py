"""The committed JSON Schema: in date with the models, strict, and true to the examples.

Editors (yaml-language-server) and other tools validate maps with
schemas/csjourney-v1.schema.json, so it must accept every valid map we ship
and reject what `csjourney validate` rejects for shape.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, FULL_EXAMPLE, ROOT, CliResult
from csjourney import model
from csjourney.metric_types import METRIC_TYPES
from csjourney.structure import kind_of
from csjourney.valuesets import BUILTIN_CHANNELS

SCHEMA_FILE = ROOT / "schemas" / "csjourney-v1.schema.json"
MAPS = sorted(EXAMPLES.rglob("*.yaml"))


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        _schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _as_json(value: Any) -> Any:
    """YAML data as a JSON document would hold it: dates become ISO strings."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _load(text: str) -> Any:
    return _as_json(YAML(typ="safe").load(text))


def _objects(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object of the format (not the `if`/`then` conditions, which only constrain)."""
    if isinstance(node, dict):
        if "properties" in node and node.get("type") == "object":
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{where}/{index}")


def test_committed_schema_matches_the_models(csj: Callable[..., CliResult]) -> None:
    result = csj("schema")
    assert result.code == 0
    assert result.out == SCHEMA_FILE.read_text(encoding="utf-8"), (
        f"{SCHEMA_FILE.relative_to(ROOT)} is out of date with the models; "
        "regenerate it with `make schema` and commit it"
    )


def test_schema_output_file_is_the_same_text(tmp_path: Path, csj: Callable[..., CliResult]) -> None:
    result = csj("schema", "--output", "out/schema.json", cwd=tmp_path)
    assert result.code == 0
    assert result.out == ""
    written = (tmp_path / "out" / "schema.json").read_text(encoding="utf-8")
    assert written == SCHEMA_FILE.read_text(encoding="utf-8")


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_object_of_the_format_forbids_unknown_keys() -> None:
    objects = dict(_objects(_schema()))
    assert len(objects) >= 12  # the file and every item kind
    loose = [
        where for where, node in objects.items() if node.get("additionalProperties") is not False
    ]
    assert not loose


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_every_shipped_map_satisfies_the_schema(path: Path) -> None:
    document = _load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(document)]
    assert not errors


BAD_FRAGMENTS = {
    "unknown key": ("      name: Onboarding\n", "      name: Onboarding\n      touchpionts: []\n"),
    "empty optional key": ("  owner: retention-team (Head of Customer Experience)\n", "  owner:\n"),
    "blank text": ("  title: Freshbox meal-kit subscriber journey\n", '  title: "  "\n'),
    "emotion out of range": ("      emotion: -1\n", "      emotion: -3\n"),
    "unknown stage kind": ("    - id: onboarding\n", "    - id: onboarding\n      kind: onboard\n"),
    "invalid id": ("  id: freshbox-subscriber\n", "  id: Freshbox Subscriber\n"),
    "impossible date": ("  reviewed: 2026-10-21\n", '  reviewed: "2026-02-30"\n'),
    "version 2": ("csjourney: 1\n", "csjourney: 2\n"),
    "NPS of 150": ("      type: nps\n      target: 35\n", "      type: nps\n      target: 150\n"),
    "CSAT of 101": (
        "          type: csat\n          target: 90\n",
        "          type: csat\n          target: 101\n",
    ),
    "history value out of range": (
        "{date: 2026-05-31, value: 12.8}",
        "{date: 2026-05-31, value: -1}",
    ),
    "unknown channel id form": ("          channel: ads\n", "          channel: Paid Ads\n"),
}


@pytest.mark.parametrize("mistake", BAD_FRAGMENTS)
def test_a_map_with_a_mistake_fails_the_schema(mistake: str) -> None:
    valid, invalid = BAD_FRAGMENTS[mistake]
    text = FULL_EXAMPLE.read_text(encoding="utf-8")
    assert valid in text, "the example changed; update the fragment"
    document = _load(text.replace(valid, invalid, 1))
    assert not _validator().is_valid(document)


def test_every_property_has_a_description() -> None:
    """yaml-language-server shows these on hover, as docs/format.md promises."""
    undescribed = [
        f"{where}/properties/{key}"
        for where, node in _objects(_schema())
        for key, prop in node["properties"].items()
        if not str(prop.get("description", "")).strip()
    ]
    assert not undescribed


def test_every_allowed_value_has_a_description() -> None:
    enums = [node for _, node in _walk(_schema()) if "enum" in node]
    assert len(enums) >= 8  # kind, phase, severity, status, evidence and metric types, ...
    for node in enums:
        for keyword in ("enumDescriptions", "markdownEnumDescriptions"):
            described = node.get(keyword, [])
            assert len(described) == len(node["enum"]), (node["enum"], keyword)
            assert all(text.strip() for text in described)


# docs/format.md's tables, per section: the schema object each one describes.
DOC_SECTIONS = {
    "Top level": "#",
    "`journey`": "#/$defs/Journey",
    "Segment": "#/$defs/Segment",
    "Stage": "#/$defs/Stage",
    "Touchpoint": "#/$defs/Touchpoint",
    "Pain point": "#/$defs/PainPoint",
    "Initiative": "#/$defs/Initiative",
    "Metric": "#/$defs/Metric",
    "Goal": "#/$defs/Goal",
    "Evidence": "#/$defs/Evidence",
    "Channel": "#/$defs/Channel",
    "`measure`": "#/$defs/MeasureBinding",
}


def _doc_tables() -> Iterator[tuple[str, list[list[str]]]]:
    """(section title, rows of its key table) from docs/format.md."""
    section, rows, in_table = "", [], False
    for line in (ROOT / "docs" / "format.md").read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"## \d+\. (.+)|### (.+)", line):
            section = heading[1] or heading[2]
        elif line.startswith("| key |"):
            in_table = section in DOC_SECTIONS
        elif in_table and line.startswith("| `"):
            rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
        elif in_table and not line.startswith("|"):
            yield section, rows
            rows, in_table = [], False


def _plain(cell: str) -> str:
    """A table cell as the schema words it: no links, bold, or pointers into the page."""
    cell = re.sub(r",? see \[§\d+\]\([^)]*\)| \(below\)", "", cell)
    cell = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", cell)
    return cell.replace("**", "").strip()


DOC_TABLES = dict(_doc_tables())


def test_docs_format_has_a_table_for_every_section() -> None:
    assert set(DOC_TABLES) == set(DOC_SECTIONS)


@pytest.mark.parametrize("section", DOC_SECTIONS)
def test_descriptions_say_what_docs_format_says(section: str) -> None:
    node = _resolve(_schema(), DOC_SECTIONS[section])
    rows = DOC_TABLES[section]
    assert [row[0].strip("`") for row in rows] == list(node["properties"]), "keys or their order"
    for row in rows:
        key, default, note = row[0].strip("`"), _plain(row[-2]), _plain(row[-1])
        prop = node["properties"][key]
        description = prop["description"]
        values = [v.strip("`") for v in note.split(", ")]
        if note and not note.startswith("see ") and values != prop.get("enum"):
            assert note in description, f"{section} `{key}`"
        if len(row) == 5 and default not in ("—", "see below", "`[]`"):  # the default column
            assert default.strip("`") in (description, str(prop.get("default"))) or (
                f"default: {default}" in description
            ), f"{section} `{key}` default"


_ID_TYPE = re.compile(r"(list of )?([a-z][a-z ]*?) ids?")


def test_the_references_are_the_ones_docs_format_lists() -> None:
    """A key whose type is `X id` or `list of X ids` in docs/format.md is a declared reference."""
    documented, declared = {}, {}
    for section, pointer in DOC_SECTIONS.items():
        name = pointer.rpartition("/")[2]
        kind = kind_of(getattr(model, "JourneyFile" if name == "#" else name))
        for row in DOC_TABLES[section]:
            found = _ID_TYPE.fullmatch(row[1])
            if found and row[1] != "id":
                documented[kind.name, row[0].strip("`")] = (found[2], bool(found[1]))
        for name, ref in kind.references.items():
            declared[kind.name, name] = (ref.target, ref.many)
    assert documented == declared
    assert len(declared) >= 12  # the table parser found the format's references


def _resolve(schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    node = schema
    for part in pointer.removeprefix("#").strip("/").split("/"):
        if part:
            node = node[part]
    return node


def _walk(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield "", node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _range_cases() -> Iterator[tuple[str, str, float, bool]]:
    """Each bounded type's bounds and the numbers just past them, in every value field."""
    for name, metric_type in METRIC_TYPES.items():
        for bound, step in ((metric_type.low, -1), (metric_type.high, 1)):
            if math.isfinite(bound):
                for field in ("target", "current", "baseline", "history"):
                    yield name, field, bound, True
                    yield name, field, bound + step, False
        if not math.isfinite(metric_type.low) or not math.isfinite(metric_type.high):
            yield name, "current", 1e9 if math.isfinite(metric_type.low) else -1e9, True


@pytest.mark.parametrize(("type_name", "field", "value", "ok"), list(_range_cases()))
def test_metric_values_must_lie_in_their_types_range(
    type_name: str, field: str, value: float, ok: bool
) -> None:
    metric: dict[str, Any] = {"id": "m", "name": "A metric", "type": type_name}
    if field == "history":
        metric["history"] = [{"date": "2026-01-31", "value": value}]
    else:
        metric[field] = value
    document = _load(MINIMAL_MAP)
    document["journey"]["metrics"] = [metric]
    assert _validator().is_valid(document) is ok


MINIMAL_MAP = """\
csjourney: 1
segments: [{id: smb, name: Small business}]
journey:
  id: j
  title: A journey
  segments: [smb]
  stages: [{id: onboarding, name: Onboarding}]
"""


@pytest.mark.parametrize(
    ("channel", "ok"),
    [
        ("email", True),
        ("review-site", True),
        ("slack-connect", True),
        ("Slack", False),
        ("", False),
    ],
)
def test_channels_are_built_in_or_declared_ids(channel: str, ok: bool) -> None:
    document = _load(MINIMAL_MAP)
    touchpoint = {"id": "t", "name": "A touchpoint", "channel": channel}
    document["journey"]["stages"][0]["touchpoints"] = [touchpoint]
    assert _validator().is_valid(document) is ok


def test_built_in_channels_are_offered_with_their_meaning() -> None:
    channel = _schema()["$defs"]["Touchpoint"]["properties"]["channel"]
    (builtin,) = [branch for branch in channel["anyOf"] if "enum" in branch]
    assert builtin["enum"] == list(BUILTIN_CHANNELS)

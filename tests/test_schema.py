"""The committed JSON Schema: in date with the models, strict, and true to the examples.

Editors (yaml-language-server) and other tools validate maps with
schemas/csjourney-v1.schema.json, so it must accept every valid map we ship
and reject what `csjourney validate` rejects for shape.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, FULL_EXAMPLE, ROOT, CliResult

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
    if isinstance(node, dict):
        if "properties" in node:
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
}


@pytest.mark.parametrize("mistake", BAD_FRAGMENTS)
def test_a_map_with_a_mistake_fails_the_schema(mistake: str) -> None:
    valid, invalid = BAD_FRAGMENTS[mistake]
    text = FULL_EXAMPLE.read_text(encoding="utf-8")
    assert valid in text, "the example changed; update the fragment"
    document = _load(text.replace(valid, invalid, 1))
    assert not _validator().is_valid(document)

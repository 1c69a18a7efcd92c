"""`csjourney init`: each starter validates clean, renders, is formatted, and never overwrites."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from conftest import CliResult
from csjourney.schema import schema_text
from csjourney.yamlsource import build

Csj = Callable[..., CliResult]
TEMPLATES = ["saas", "subscription", "minimal"]
SHARED_FILES = {
    ".github/workflows/csjourney.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "csjourney.toml",
    "library.yaml",
    "schemas/csjourney-v1.schema.json",
}


def files_under(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()}


@pytest.fixture(params=TEMPLATES)
def starter(request: pytest.FixtureRequest, csj: Csj, tmp_path: Path) -> Path:
    target = tmp_path / "journeys-repo"
    result = csj("init", str(target), "--template", request.param)
    assert result.code == 0, result.err
    assert f"Created a {request.param} starter workspace in {target}" in result.out
    return target


def test_starter_has_every_promised_file(starter: Path) -> None:
    found = files_under(starter)
    assert found >= SHARED_FILES
    journeys = [name for name in found - SHARED_FILES]
    assert len(journeys) == 1 and journeys[0].startswith("journeys/")


def test_starter_validates_with_no_error_and_no_warning(csj: Csj, starter: Path) -> None:
    result = csj("validate", str(starter), "--format", "json")
    assert result.code == 0, result.out
    summary = json.loads(result.out)["summary"]
    assert (summary["files"], summary["errors"], summary["warnings"]) == (2, 0, 0)
    # The infos left are the ones that teach: metrics off target with an initiative on them.
    names = {d["name"] for d in json.loads(result.out)["diagnostics"]}
    assert names <= {"metric-off-target"}


def test_starter_has_a_journey_through_every_standard_stage(starter: Path) -> None:
    from csjourney.valuesets import STAGE_KINDS

    (journey_file,) = (starter / "journeys").glob("*.yaml")
    data = build(journey_file.read_text()).data["journey"]
    assert [s["id"] for s in data["stages"]] == [k for k in STAGE_KINDS if k != "custom"]
    assert any(s.get("touchpoints") for s in data["stages"])
    assert any(s.get("pain_points") for s in data["stages"])
    assert any(s.get("initiatives") for s in data["stages"])
    assert all(s.get("metrics") for s in data["stages"])


def test_starter_dates_are_current(starter: Path) -> None:
    today = dt.date.today()
    (journey_file,) = (starter / "journeys").glob("*.yaml")
    data = build(journey_file.read_text()).data["journey"]
    assert data["reviewed"] == today
    dues = [i["due"] for s in data["stages"] for i in s.get("initiatives", [])]
    assert dues and all(due > today for due in dues)


def test_starter_is_already_formatted_and_renders(csj: Csj, starter: Path) -> None:
    assert csj("fmt", "--check", str(starter)).code == 0
    out = starter / "out"
    result = csj("render", str(starter), "--out", str(out), "--format", "md,html,svg")
    assert result.code == 0, result.err
    (journey_file,) = (starter / "journeys").glob("*.yaml")
    journey_id = build(journey_file.read_text()).data["journey"]["id"]
    for name in (f"{journey_id}.md", f"{journey_id}.html", f"{journey_id}.map.svg", "index.html"):
        assert (out / name).stat().st_size > 0, name


def test_editor_schema_line_points_at_the_installed_format(starter: Path) -> None:
    schema_file = starter / "schemas" / "csjourney-v1.schema.json"
    assert schema_file.read_text() == schema_text()
    schema = json.loads(schema_file.read_text())
    for path in [starter / "library.yaml", *(starter / "journeys").glob("*.yaml")]:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == schema_file.resolve()
        data = json.loads(json.dumps(build(path.read_text()).data, default=str))
        jsonschema.validate(data, schema)


def test_init_refuses_to_overwrite_and_writes_nothing(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("# mine\n")
    result = csj("init", str(tmp_path), "--template", "minimal")
    assert result.code == 2
    assert "these files exist already, so nothing was written: csjourney.toml" in result.err
    assert files_under(tmp_path) == {"csjourney.toml"}
    assert (tmp_path / "csjourney.toml").read_text() == "# mine\n"


def test_init_in_the_current_directory_and_bad_arguments(csj: Csj, tmp_path: Path) -> None:
    assert csj("init", cwd=tmp_path).code == 0
    assert "journeys/customer-journey.yaml" in files_under(tmp_path)
    assert csj("init", "--template", "enterprise", str(tmp_path / "x")).code == 2
    (tmp_path / "a-file").write_text("")
    not_a_dir = csj("init", str(tmp_path / "a-file"))
    assert not_a_dir.code == 2

"""A folder with its own root marker below a workspace root is a workspace of its own.

Each file belongs to the workspace of its nearest root (csjourney.toml, or a
pyproject.toml with [tool.csjourney]), as ruff and pre-commit users expect of
nested configs: a run over the outer folder checks both workspaces, each with
its own config, ids and references, and loads no file twice. One table of
folder layouts, each with the command run and what it must report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import Csj


def library(segment: str = "smb", name: str = "") -> str:
    name = name or f"Segment {segment}"
    return f"csjourney: 1\nsegments:\n  - {{id: {segment}, name: {name}}}\n"


def journey(journey_id: str, segment: str = "smb", reviewed: str = "") -> str:
    review = f"  reviewed: {reviewed}\n" if reviewed else ""
    return (
        f"csjourney: 1\njourney:\n  id: {journey_id}\n  title: Journey {journey_id}\n"
        f"  segments: [{segment}]\n{review}  stages:\n    - {{id: onboarding, name: Onboarding}}\n"
    )


TOML = "# workspace root\n"
PYPROJECT = "[project]\nname = 'maps'\n\n[tool.csjourney]\n"
# Each workspace of the layouts runs one rule of its own: which rule reports a file
# says which config checked it.
OUTER_RULE = '[lint]\nselect = ["CSJ201"]\n'  # stage-missing-touchpoint
INNER_RULE = '[lint]\nselect = ["CSJ202"]\n'  # stage-missing-metric


class Case(NamedTuple):
    files: dict[str, str]
    args: tuple[str, ...]
    expected: list[tuple[str, str]]  # (path, code) of every finding, sorted; [] = clean


CASES: dict[str, Case] = {
    "a reference to a segment defined only in the outer workspace does not resolve": Case(
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library(),
            "outer/team-b/csjourney.toml": TOML,
            "outer/team-b/journey.yaml": journey("team-b-journey"),
        },
        ("--no-lint", "outer"),
        [("outer/team-b/journey.yaml", "CSJ121")],
    ),
    "the same ids in both workspaces are no duplicates": Case(
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library(),
            "outer/journey.yaml": journey("onboarding-journey"),
            "outer/team-b/csjourney.toml": TOML,
            "outer/team-b/library.yaml": library(),
            "outer/team-b/journey.yaml": journey("onboarding-journey"),
        },
        ("--no-lint", "outer"),
        [],
    ),
    "a pyproject.toml with [tool.csjourney] makes a nested workspace too": Case(
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library(),
            "outer/journey.yaml": journey("onboarding-journey"),
            "outer/team-b/pyproject.toml": PYPROJECT,
            "outer/team-b/journey.yaml": journey("onboarding-journey"),
        },
        ("--no-lint", "outer"),
        [("outer/team-b/journey.yaml", "CSJ121")],
    ),
    "a pyproject.toml without [tool.csjourney] is no root: one workspace": Case(
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library(),
            "outer/journey.yaml": journey("onboarding-journey"),
            "outer/tools/pyproject.toml": "[project]\nname = 'tools'\n",
            "outer/tools/journey.yaml": journey("onboarding-journey"),
        },
        ("--no-lint", "outer"),
        [("outer/tools/journey.yaml", "CSJ120")],  # the second use of the journey id
    ),
    "a workspace two folders down is still its own": Case(
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library(),
            "outer/teams/b/csjourney.toml": TOML,
            "outer/teams/b/library.yaml": library(),
            "outer/teams/b/journey.yaml": journey("b-journey"),
            "outer/teams/journey.yaml": journey("teams-journey"),
        },
        ("--no-lint", "outer"),
        [],
    ),
    "naming a file of the outer workspace loads none of the nested one": Case(
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library(),
            "outer/journey.yaml": journey("onboarding-journey"),
            "outer/team-b/csjourney.toml": TOML,
            "outer/team-b/journey.yaml": journey("onboarding-journey", "ent"),
        },
        ("--no-lint", "outer/journey.yaml"),
        [],
    ),
    "naming a file of the nested workspace loads none of the outer one": Case(
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library("ent"),
            "outer/journey.yaml": journey("onboarding-journey", "ent"),
            "outer/team-b/csjourney.toml": TOML,
            "outer/team-b/journey.yaml": journey("onboarding-journey", "ent"),
        },
        ("--no-lint", "outer/team-b/journey.yaml"),
        [("outer/team-b/journey.yaml", "CSJ121")],
    ),
    "each workspace is linted once, with its own config": Case(
        {
            "outer/csjourney.toml": OUTER_RULE,
            "outer/library.yaml": library(),
            "outer/journey.yaml": journey("outer-journey"),
            "outer/team-b/csjourney.toml": INNER_RULE,
            "outer/team-b/library.yaml": library(),
            "outer/team-b/journey.yaml": journey("team-b-journey"),
        },
        ("outer",),
        [("outer/journey.yaml", "CSJ201"), ("outer/team-b/journey.yaml", "CSJ202")],
    ),
    "--config makes the whole run one workspace with that config": Case(
        {
            "outer/csjourney.toml": OUTER_RULE,
            "outer/library.yaml": library(),
            "outer/team-b/csjourney.toml": INNER_RULE,
            "outer/team-b/journey.yaml": journey("team-b-journey"),
        },
        ("--config", "outer/csjourney.toml", "outer"),
        [("outer/team-b/journey.yaml", "CSJ201")],  # smb resolves; the outer rule runs
    ),
}


def _write(base: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", CASES.values(), ids=list(CASES))
def test_each_file_belongs_to_the_workspace_of_its_nearest_root(
    case: Case, tmp_path: Path, csj: Csj
) -> None:
    _write(tmp_path, case.files)
    flags = ("-f", "json", "--fail-on", "info", "--today", "2026-11-02")
    result = csj("validate", *flags, *case.args, cwd=tmp_path)
    assert result.code == (1 if case.expected else 0), result.err or result.out
    found = sorted((d["path"], d["code"]) for d in json.loads(result.out)["diagnostics"])
    assert found == case.expected


def test_render_over_the_outer_folder_draws_each_workspace_with_its_own_config_and_names(
    tmp_path: Path, csj: Csj
) -> None:
    _write(
        tmp_path,
        {
            "outer/csjourney.toml": "[lint.options]\nreview-every-days = 30\n",
            "outer/library.yaml": library(name="Outer SMB"),
            "outer/journey.yaml": journey("outer-journey", reviewed="2026-10-01"),
            "outer/team-b/csjourney.toml": "[lint.options]\nreview-every-days = 10\n",
            "outer/team-b/library.yaml": library(name="Team B SMB"),
            "outer/team-b/journey.yaml": journey("team-b-journey", reviewed="2026-10-01"),
        },
    )
    out = tmp_path / "out"
    result = csj(
        "render", "outer", "--out", out, "-f", "md,html", "--today", "2026-10-02", cwd=tmp_path
    )
    assert result.code == 0, result.err
    # Both define segment `smb`: each journey's reports name the one of its own workspace.
    for journey_id, due, own, other in [
        ("outer-journey", "2026-10-31", "Outer SMB", "Team B SMB"),
        ("team-b-journey", "2026-10-11", "Team B SMB", "Outer SMB"),
    ]:
        for suffix in (".md", ".html"):
            text = (out / f"{journey_id}{suffix}").read_text(encoding="utf-8")
            assert due in text and own in text and other not in text, (journey_id, suffix)


def test_a_file_of_a_nested_workspace_is_loaded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csjourney.core import Options, run

    _write(
        tmp_path,
        {
            "outer/csjourney.toml": TOML,
            "outer/library.yaml": library(),
            "outer/team-b/csjourney.toml": TOML,
            "outer/team-b/library.yaml": library(),
            "outer/team-b/journey.yaml": journey("team-b-journey"),
        },
    )
    monkeypatch.chdir(tmp_path)
    report = run([Path("outer")], Options(lint=False))
    loaded = sorted(f.path.as_posix() for f in report.workspace.files)
    assert loaded == [
        "outer/library.yaml",
        "outer/team-b/journey.yaml",
        "outer/team-b/library.yaml",
    ]
    roots = {config.root: config for config in report.configs}
    (inner,) = (f for f in report.workspace.files if f.path.name == "journey.yaml")
    assert report.config_of[inner.path] is roots[(tmp_path / "outer" / "team-b").resolve()]

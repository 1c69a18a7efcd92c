"""The pre-commit hooks: run each hook's entry the way pre-commit would, on staged files."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, CliResult

Csj = Callable[..., CliResult]
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


HOOKS = {hook["id"]: hook for hook in load_yaml(HOOKS_FILE)}


def run_hook(csj: Csj, hook: dict[str, Any], workspace: Path, staged: list[str]) -> CliResult:
    """What pre-commit does: filter the staged files by `files`, append them to `entry`."""
    pattern = re.compile(hook["files"])
    passed = [name for name in staged if pattern.search(name)]
    command = shlex.split(hook["entry"])
    assert command[0] == "csjourney"
    arguments = command[1:] + (passed if hook.get("pass_filenames", True) else [])
    return csj(*arguments, cwd=workspace)


@pytest.fixture
def workspace(csj: Csj, tmp_path: Path) -> Path:
    assert csj("init", str(tmp_path), "--template", "saas").code == 0
    (tmp_path / ".gitlab-ci.yml").write_text("test:\n  script: [make test]\n")
    (tmp_path / "README.md").write_text("# maps\n")
    return tmp_path


JOURNEY = "journeys/customer-journey.yaml"
STAGED = [JOURNEY, ".gitlab-ci.yml", "README.md"]


def test_hooks_file_declares_both_hooks_for_yaml_files() -> None:
    assert set(HOOKS) == {"csjourney-validate", "csjourney-fmt"}
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is True
        # One run gets every staged file: parallel runs would each load the workspace.
        assert hook["require_serial"] is True
        pattern = re.compile(hook["files"])
        assert pattern.search("a/b.yaml") and pattern.search("c.yml")
        assert not pattern.search("README.md") and not pattern.search("x.yaml.bak")


def test_validate_hook_passes_a_good_map_next_to_other_yaml(csj: Csj, workspace: Path) -> None:
    # Only the journey is staged: its segments live in the unstaged library.yaml.
    result = run_hook(csj, HOOKS["csjourney-validate"], workspace, STAGED)
    assert result.code == 0, result.out + result.err


def test_validate_hook_fails_a_bad_map(csj: Csj, workspace: Path) -> None:
    path = workspace / JOURNEY
    path.write_text(path.read_text().replace("segments: [self-serve, ", "segments: [self-srve, "))
    result = run_hook(csj, HOOKS["csjourney-validate"], workspace, STAGED)
    assert result.code == 1
    assert "self-srve" in result.out


def test_fmt_hook_leaves_a_formatted_map_alone(csj: Csj, workspace: Path) -> None:
    before = (workspace / JOURNEY).read_text()
    result = run_hook(csj, HOOKS["csjourney-fmt"], workspace, STAGED)
    assert result.code == 0, result.err
    assert (workspace / JOURNEY).read_text() == before


def test_fmt_hook_rewrites_an_unformatted_map_so_pre_commit_fails(
    csj: Csj, workspace: Path
) -> None:
    path = workspace / JOURNEY
    messy = path.read_text().replace(
        "  owner: customer-success\n", "  owner:    customer-success\n"
    )
    messy = messy.replace(
        "  segments: [self-serve, sales-assisted]\n",
        "  segments:\n  - self-serve\n  - sales-assisted\n",
    )
    path.write_text(messy)
    result = run_hook(csj, HOOKS["csjourney-fmt"], workspace, STAGED)
    assert result.code == 0, result.err
    assert path.read_text() != messy  # pre-commit sees the change and stops the commit
    assert "  segments: [self-serve, sales-assisted]\n" in path.read_text()


def test_fmt_hook_fails_on_a_broken_map_and_leaves_it(csj: Csj, workspace: Path) -> None:
    path = workspace / JOURNEY
    broken = path.read_text().replace(
        "  owner: customer-success\n", "  ownr: customer-success\n", 1
    )
    path.write_text(broken)
    result = run_hook(csj, HOOKS["csjourney-fmt"], workspace, STAGED)
    assert result.code == 1
    assert path.read_text() == broken


def test_starter_pre_commit_config_runs_the_same_commands(workspace: Path) -> None:
    config = load_yaml(workspace / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {name: hook["entry"] for name, hook in hooks.items()} == {
        name: hook["entry"] for name, hook in HOOKS.items()
    }
    assert all(hooks[name]["files"] == HOOKS[name]["files"] for name in HOOKS)
    assert all(hooks[name]["require_serial"] is True for name in HOOKS)


LIBRARY = "library.yaml"
OTHER = "journeys/other.yaml"


@dataclass(frozen=True)
class Staged:
    """A change to the starter workspace, the files staged, and what the hook says."""

    name: str
    staged: tuple[str, ...]
    # (file, pattern, replacement): re.sub on the file; a missing file is first
    # copied from the starter journey.
    edits: tuple[tuple[str, str, str], ...]
    code: int  # of the hook
    located: str = ""  # in the output when blocked: "file:line:column: ... CODE"
    ci: int = 1  # of `csjourney validate` on the whole workspace, as CI runs it


RENAMED_SEGMENT = (LIBRARY, r"- id: self-serve\n", "- id: self-served\n")
HARMLESS = (LIBRARY, r"name: Self-serve teams", "name: Self-serve customers")
OTHER_ID = (OTHER, r"id: saas-customer-journey", "id: other-journey")
KIOSK = (OTHER, r"csjourney: 1\n", "csjourney: 1\nchannels:\n  - id: kiosk\n    name: Kiosk\n")

STAGED_CASES = [
    Staged("a harmless library change passes", (LIBRARY,), (HARMLESS,), 0, ci=0),
    Staged(
        "a library-only segment rename is blocked in the journey that uses it",
        (LIBRARY,),
        (RENAMED_SEGMENT,),
        1,
        "journeys/customer-journey.yaml:13:14: error CSJ121",
    ),
    Staged(
        "a library-only evidence rename is blocked",
        (LIBRARY,),
        ((LIBRARY, r"- id: onboarding-survey", "- id: day-30-survey"),),
        1,
        "journeys/customer-journey.yaml:102:22: error CSJ121",
    ),
    Staged(
        "a library that drops its whole evidence list is blocked",
        (LIBRARY,),
        ((LIBRARY, r"\nevidence:\n(.|\n)*", "\n"),),
        1,
        "journeys/customer-journey.yaml:102:22: error CSJ121",
    ),
    Staged(
        "a library change to a segment a stage also uses is blocked at the stage",
        (LIBRARY,),
        (RENAMED_SEGMENT,),
        1,
        "journeys/customer-journey.yaml:67:22: error CSJ121",
    ),
    Staged(
        "a new library file that redefines a segment is blocked at the first definition",
        ("segments.yaml",),
        (
            (
                "segments.yaml",
                r"(.|\n)*",
                "csjourney: 1\nsegments:\n  - id: self-serve\n    name: Again\n",
            ),
        ),
        1,
        "library.yaml:9:9: error CSJ120",
    ),
    Staged(
        "a staged journey that takes another journey's id is blocked",
        (OTHER,),
        ((OTHER, r"title: .*", "title: A copy"),),
        1,
        "journeys/customer-journey.yaml:10:7: error CSJ120",
    ),
    Staged(
        "a staged journey that declares channels answers for their users",
        (OTHER,),
        (OTHER_ID, KIOSK, (JOURNEY, r"channel: billing", "channel: kiosc")),
        1,
        "journeys/customer-journey.yaml:64:20: error CSJ123",
    ),
    # Not this commit's doing: an unstaged journey's own broken references.
    Staged(
        "a library change is not blamed for a journey-internal reference",
        (LIBRARY,),
        (HARMLESS, (JOURNEY, r"touchpoints: \[setup-checklist\]", "touchpoints: [setup]")),
        0,
    ),
    Staged(
        "a staged journey is not blamed for another journey's segment reference",
        (JOURNEY,),
        (OTHER_ID, (OTHER, r"segments: \[self-serve\]", "segments: [self-srve]")),
        0,
    ),
]


@pytest.mark.parametrize("case", STAGED_CASES, ids=[c.name for c in STAGED_CASES])
def test_validate_hook_reports_what_the_staged_files_cause(
    csj: Csj, workspace: Path, case: Staged
) -> None:
    for name, pattern, replacement in case.edits:
        path = workspace / name
        if not path.exists():
            path.write_text((workspace / JOURNEY).read_text())
        text = path.read_text()
        changed = re.sub(pattern, replacement, text, count=1)
        assert changed != text, f"{pattern!r} not found in {name}"
        path.write_text(changed)
    result = run_hook(csj, HOOKS["csjourney-validate"], workspace, [*case.staged, "README.md"])
    assert result.code == case.code, result.out + result.err
    assert case.located in result.out
    # CI fails on anything broken; the hook leaves out only what the staged files did not cause.
    assert csj("validate", cwd=workspace).code == case.ci


def test_junit_report_of_a_library_only_rename_fails_the_journey(csj: Csj, workspace: Path) -> None:
    from xml.etree import ElementTree as ET

    path = workspace / LIBRARY
    path.write_text(path.read_text().replace("- id: self-serve\n", "- id: self-served\n"))
    result = csj("validate", "--format", "junit", LIBRARY, cwd=workspace)
    assert result.code == 1
    suite = ET.fromstring(result.out)
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    failing = [case.get("name") for case in suite if case.find("failure") is not None]
    assert failing == [JOURNEY]

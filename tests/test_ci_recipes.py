"""Every `csjourney` command in docs/ci.md, run in a scratch git repository with a pull
request branch, the way the GitHub and GitLab jobs would run them."""

from __future__ import annotations

import json
import re
import shlex
import string
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import ROOT, SARIF_SCHEMA, CliResult

Csj = Callable[..., CliResult]
CI_DOC = ROOT / "docs" / "ci.md"
# What the CI systems would put in the variables the recipes use.
CI_VARIABLES = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", CI_DOC.read_text(encoding="utf-8"), re.DOTALL)


def csjourney_commands(block: str) -> list[str]:
    """The csjourney command lines of a GitHub workflow's `run:` or a GitLab job's scripts."""
    data: dict[str, Any] = YAML(typ="safe", pure=True).load(block)
    lines: list[str] = []
    for job in (data.get("jobs") or data).values():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps", []):
            lines += str(step.get("run", "")).splitlines()
        for key in ("before_script", "script"):
            lines += [str(line) for line in job.get(key, [])]
    return [line.strip() for line in lines if line.strip().startswith("csjourney ")]


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pull_request(csj: Csj, tmp_path: Path) -> Path:
    """A clone whose `feature` branch renames a stage; origin/main is the base."""
    origin, clone = tmp_path / "origin.git", tmp_path / "clone"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    assert csj("init", str(clone), "--template", "saas").code == 0
    git(clone, "add", ".")
    git(clone, "commit", "-q", "-m", "journey maps")
    git(clone, "push", "-q", "origin", "HEAD:main")
    git(clone, "checkout", "-q", "-b", "feature")
    journey = clone / "journeys" / "customer-journey.yaml"
    journey.write_text(journey.read_text().replace("name: Onboarding\n", "name: Getting started\n"))
    git(clone, "commit", "-q", "-am", "rename onboarding")
    git(clone, "fetch", "-q", "origin")
    return clone


def test_the_doc_has_a_github_and_a_gitlab_recipe() -> None:
    blocks = yaml_blocks()
    assert len(blocks) == 2
    assert "jobs" in YAML(typ="safe", pure=True).load(blocks[0])
    assert len(csjourney_commands(blocks[0])) == 4
    assert len(csjourney_commands(blocks[1])) == 3


def test_init_writes_the_documented_github_workflow(csj: Csj, tmp_path: Path) -> None:
    # With the default install spec; tests/scaffold/test_install_spec.py covers the others.
    assert csj("init", str(tmp_path), "--template", "minimal").code == 0
    written = tmp_path / ".github" / "workflows" / "csjourney.yml"
    assert yaml_blocks()[0] == written.read_text(encoding="utf-8")


@pytest.mark.parametrize("recipe", ["github", "gitlab"])
def test_every_documented_command_works(csj: Csj, pull_request: Path, recipe: str) -> None:
    block = yaml_blocks()[0 if recipe == "github" else 1]
    ran = []
    for line in csjourney_commands(block):
        arguments = shlex.split(string.Template(line).substitute(CI_VARIABLES))
        result = csj(*arguments[1:], cwd=pull_request)
        assert result.code == 0, f"{line}\n{result.out}{result.err}"
        ran.append((line, result))
    assert {line.split()[1] for line, _ in ran} == {"validate", "diff", "render"}

    reports = pull_request / "csjourney-reports"
    assert (reports / "index.html").stat().st_size > 0
    diff = (pull_request / "csjourney-diff.md").read_text()
    assert diff.startswith("### csjourney diff: `origin/main` → `working tree`")
    assert "renamed stage `onboarding`: **Onboarding** → **Getting started**" in diff
    if recipe == "github":
        annotations = next(r.out for line, r in ran if "--format github" in line)
        assert "::notice file=journeys/customer-journey.yaml," in annotations
        assert "::error" not in annotations
        sarif = json.loads((pull_request / "csjourney.sarif").read_text())
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
        assert sarif["runs"][0]["tool"]["driver"]["name"] == "csjourney"
    else:
        junit = ElementTree.parse(pull_request / "csjourney-junit.xml").getroot()
        assert junit.tag in ("testsuites", "testsuite")
        assert len(junit.findall(".//testcase")) == 2
        assert junit.find(".//failure") is None and junit.find(".//error") is None


DOCUMENTS = [ROOT / "README.md", ROOT / ".pre-commit-hooks.yaml", *sorted(ROOT.glob("docs/*.md"))]


def release_tags() -> set[str]:
    tags = subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True, check=False)
    return set(tags.stdout.split())


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_document_promises_a_release_tag_that_does_not_exist(document: Path) -> None:
    # A `rev:` or `@vN.N.N` must be the vX.Y.Z placeholder or a tag the repository has.
    text = document.read_text(encoding="utf-8")
    promised = set(re.findall(r"(?:rev:\s*|@)(v\d+\.\d+\.\d+)\b", text))
    assert promised <= release_tags(), f"{document.name} names tags that do not exist"

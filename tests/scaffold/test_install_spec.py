"""`csjourney init --install SPEC`: the CI workflow and the pre-commit config install
csjourney from exactly SPEC, whatever characters it holds, and init says so."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import CliResult

Csj = Callable[..., CliResult]
WORKFLOW = ".github/workflows/csjourney.yml"
PRE_COMMIT = ".pre-commit-config.yaml"

# Specs a team really writes, and the ones whose characters mean something to YAML
# (`#`, `: `, a leading quote or `[`, a word YAML reads as a boolean) or to the shell.
GOOD_SPECS = [
    "csjourney",
    "csjourney==0.2.0",
    "csjourney>=0.2,<0.3",
    "csjourney @ git+https://github.com/acme/csjourney@v0.2.0",
    "git+https://gitlab.example.com/tools/csjourney.git@v0.2.0#egg=csjourney",
    "/opt/wheels/csjourney-0.2.0-py3-none-any.whl",
    "/path with spaces/csjourney-0.2.0-py3-none-any.whl",
    "csjourney[extra] ; python_version >= '3.11'",
    "'quoted'",
    "[brackets]",
    "yes",
    "on",
    "010",
    "1.5",
    "key: value",
    "a #comment",
    "it's $HOME and `date`",
    "  csjourney==0.2.0  ",
]
BAD_SPECS = {
    "": "give one pip requirement",
    "   ": "give one pip requirement",
    "-e .": "give one pip requirement",
    "--pre csjourney": "give one pip requirement",
    "csjourney\nrm -rf /": "give one pip requirement",
    "csjourney\x1b[2J": "give one pip requirement",
}


def load(path: Path, version: tuple[int, int]) -> Any:
    yaml = YAML(typ="safe", pure=True)
    yaml.version = version
    return yaml.load(path.read_text(encoding="utf-8"))


def workflow(directory: Path) -> Any:
    return load(directory / WORKFLOW, (1, 2))  # GitHub's reading


def pre_commit_config(directory: Path) -> Any:
    """As pre-commit reads it (PyYAML: YAML 1.1), checked to mean the same in 1.2."""
    config = load(directory / PRE_COMMIT, (1, 1))
    assert config == load(directory / PRE_COMMIT, (1, 2))
    return config


def install_runs(document: Any) -> list[str]:
    """The install step of each job, in job order."""
    steps = [step for job in document["jobs"].values() for step in job["steps"]]
    return [step["run"] for step in steps if str(step.get("run", "")).startswith("pip ")]


def hook_requirements(config: Any) -> dict[str, list[str]]:
    return {
        hook["id"]: hook["additional_dependencies"]
        for repo in config["repos"]
        for hook in repo["hooks"]
    }


@pytest.mark.parametrize("spec", GOOD_SPECS)
def test_both_files_install_exactly_the_spec(csj: Csj, tmp_path: Path, spec: str) -> None:
    result = csj("init", str(tmp_path), "--template", "minimal", "--install", spec)
    assert result.code == 0, result.err
    wanted = spec.strip()
    runs = install_runs(workflow(tmp_path))
    assert len(runs) == len(workflow(tmp_path)["jobs"]) == 2  # every job installs it
    run = runs[0]
    assert all(shlex.split(each) == ["pip", "install", wanted] for each in runs)
    config = pre_commit_config(tmp_path)
    assert all(repo["repo"] == "local" for repo in config["repos"])
    assert hook_requirements(config) == {
        "csjourney-validate": [wanted],
        "csjourney-fmt": [wanted],
    }
    for hook in (h for repo in config["repos"] for h in repo["hooks"]):
        # pre-commit installs additional_dependencies only for an installable language.
        assert hook["language"] == "python"
    assert f"CI and pre-commit install csjourney with: {run}\n" in result.out


def test_default_is_the_package_index_name_and_init_says_it_is_not_there_yet(
    csj: Csj, tmp_path: Path
) -> None:
    result = csj("init", str(tmp_path))
    assert result.code == 0, result.err
    assert install_runs(workflow(tmp_path)) == ["pip install csjourney"] * 2
    assert set(map(tuple, hook_requirements(pre_commit_config(tmp_path)).values())) == {
        ("csjourney",)
    }
    assert "CI and pre-commit install csjourney with: pip install csjourney\n" in result.out
    assert "csjourney is not on PyPI yet" in result.out and "--install" in result.out


def test_a_chosen_spec_gets_no_not_on_pypi_advice(csj: Csj, tmp_path: Path) -> None:
    result = csj("init", str(tmp_path), "--install", "csjourney==0.2.0")
    assert result.code == 0, result.err
    assert "not on PyPI" not in result.out


@pytest.mark.parametrize("spec", list(BAD_SPECS))
def test_a_spec_that_is_not_one_pip_argument_is_refused_and_nothing_is_written(
    csj: Csj, tmp_path: Path, spec: str
) -> None:
    target = tmp_path / "maps"
    result = csj("init", str(target), "--install", spec)
    assert result.code == 2
    assert BAD_SPECS[spec] in result.err and "--install" in result.err
    assert "Traceback" not in result.err and "\x1b" not in result.err
    assert not target.exists()

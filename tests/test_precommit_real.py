"""The hooks as the real pre-commit runs them: `git commit` in a repository that uses them.

This repository (its working tree, committed into a throwaway clone, so what is
tested is the code as it stands) is the hook repository; pre-commit installs it
into an environment of its own, once for the module, from the package index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, CliResult

Csj = Callable[..., CliResult]
# What pip needs to install the package from the hook repository.
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
JOURNEY = "journeys/customer-journey.yaml"
LIBRARY = "library.yaml"


def git(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run git in `repo` as a fixed author; the result, failed or not."""
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
    return subprocess.run(
        ["git", *identity, *args], cwd=repo, capture_output=True, text=True, env=env
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A git repository holding this package as it stands; its path and commit."""
    repo = tmp_path_factory.mktemp("hookrepo")
    for name in PACKAGE_FILES:
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "src", repo / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for step in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "hooks"]):
        assert git(repo, *step).returncode == 0
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # One PRE_COMMIT_HOME for the module: the hook environment is installed once.
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home)}


@pytest.fixture
def repo(
    csj: Csj, tmp_path: Path, hook_repo: tuple[Path, str], environment: dict[str, str]
) -> Path:
    """A team's repository: the starter workspace, our hooks installed, first commit made."""
    assert csj("init", str(tmp_path), "--template", "saas").code == 0
    hooks, rev = hook_repo
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n"
        "      - id: csjourney-validate\n      - id: csjourney-fmt\n"
    )
    assert git(tmp_path, "init", "-q").returncode == 0
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(tmp_path, "add", "-A")
    first = git(tmp_path, "commit", "-m", "Starter maps", env=environment)
    # The starter commit goes through both hooks (every YAML file is staged).
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"csjourney validate\.+Passed", first.stdout + first.stderr)
    return tmp_path


@dataclass(frozen=True)
class Commit:
    name: str
    edits: tuple[tuple[str, str, str], ...]  # (file, old, new)
    staged: tuple[str, ...]
    passes: bool
    located: str = ""  # in pre-commit's output when blocked


CASES = [
    Commit(
        "a good change is committed",
        ((JOURNEY, "title: B2B SaaS", "title: Our SaaS"),),
        (JOURNEY,),
        passes=True,
    ),
    Commit(
        "a broken map is blocked with the located error",
        ((JOURNEY, "segments: [self-serve, ", "segments: [self-srve, "),),
        (JOURNEY,),
        passes=False,
        located="journeys/customer-journey.yaml:13:14: error CSJ121",
    ),
    Commit(
        "a library-only rename is blocked where the journey uses the old id",
        ((LIBRARY, "- id: self-serve\n", "- id: self-served\n"),),
        (LIBRARY,),
        passes=False,
        located="journeys/customer-journey.yaml:67:22: error CSJ121",
    ),
    Commit(
        "an unformatted map is blocked once, reformatted by the fmt hook",
        ((JOURNEY, "  owner: customer-success\n", "  owner:    customer-success\n"),),
        (JOURNEY,),
        passes=False,
        located="files were modified by this hook",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_git_commit_runs_the_hooks(repo: Path, environment: dict[str, str], case: Commit) -> None:
    for name, old, new in case.edits:
        path = repo / name
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new, 1))
    assert git(repo, "add", *case.staged).returncode == 0
    staged = git(repo, "diff", "--cached", "--name-only").stdout.split()
    assert staged == list(case.staged)
    before = git(repo, "rev-parse", "HEAD").stdout
    result = git(repo, "commit", "-m", case.name, env=environment)
    output = result.stdout + result.stderr
    assert (result.returncode == 0) is case.passes, output
    assert case.located in output
    committed = git(repo, "rev-parse", "HEAD").stdout != before
    assert committed is case.passes

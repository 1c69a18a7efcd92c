"""Installing, as an adopting team does: build the sdist and the wheel (the wheel from
the sdist, as `make dist` does), install the wheel into a fresh venv, `csjourney init`
with that wheel as the install spec, then run what the generated files run: the
workflow's steps as GitHub runs them on a push, and the real `pre-commit` on the
pre-commit config, which installs csjourney from the spec into its own environment.
Everything is built and installed under tmp_path; the repository is only read.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import ROOT

TOOLS = Path(sys.executable).parent  # build, twine and pre-commit come with the dev extra
JOURNEY = "journeys/customer-journey.yaml"
TIMEOUT = 300


@dataclass(frozen=True)
class Installed:
    dist: Path  # the sdist and the wheel
    wheel: Path
    venv: Path
    env: dict[str, str]  # the venv first on PATH, as a CI job after `pip install`


@dataclass(frozen=True)
class Breakage:
    name: str
    file: str
    old: str
    new: str
    code: str
    at: tuple[str, str]  # the error's file, and the text that starts where it points


BREAKAGES = [
    Breakage(
        "a reference typo",
        JOURNEY,
        "segments: [self-serve, ",
        "segments: [self-srve, ",
        "CSJ121",
        (JOURNEY, "self-srve"),
    ),
    Breakage(
        "a key typo",
        JOURNEY,
        "  owner: customer-success\n",
        "  ownr: customer-success\n",
        "CSJ101",
        (JOURNEY, "ownr"),
    ),
    Breakage(
        "a segment renamed in the library, reported where the journey uses it",
        "library.yaml",
        "- id: self-serve\n",
        "- id: self-served\n",
        "CSJ121",
        (JOURNEY, "self-serve, sales-assisted]"),
    ),
]


def run(
    command: list[str | Path], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=Adopter", "-c", "user.email=adopter@example.com"]
    return ok(run(["git", *identity, "-c", "core.hooksPath=/dev/null", *args], repo))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("dist")
    source = base / "source"  # a copy, so the build writes nothing into the clone
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "src", source / "src", ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    dist = base / "dist"
    ok(run([TOOLS / "python", "-m", "build", "--outdir", dist, source], base))
    (wheel,) = dist.glob("csjourney-*-py3-none-any.whl")
    venv = base / "venv"
    ok(run([sys.executable, "-m", "venv", venv], base))
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("VIRTUAL_ENV", None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    ok(run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], base, env))
    return Installed(dist, wheel, venv, env)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: its csjourney environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(installed: Installed, tmp_path: Path) -> Path:
    """The adopter's repository: `csjourney init` from the wheel, committed."""
    target = tmp_path / "maps"
    init = ok(
        run(
            ["csjourney", "init", target, "--template", "saas", "--install", installed.wheel],
            tmp_path,
            installed.env,
        )
    )
    assert f"CI and pre-commit install csjourney with: pip install {installed.wheel}\n" in init
    git(target, "init", "-q", "-b", "main")
    git(target, "add", ".")
    git(target, "commit", "-q", "-m", "journey maps")
    return target


def test_the_dist_files_pass_twine_and_the_wheel_holds_every_package_file(
    installed: Installed,
) -> None:
    ok(run([TOOLS / "twine", "check", "--strict", *installed.dist.iterdir()], installed.dist))
    package = ROOT / "src"
    wanted = {
        path.relative_to(package).as_posix()
        for path in (package / "csjourney").rglob("*")
        if path.is_file()
        and path.suffix != ".pyc"
        # Left by running csjourney inside the source tree (a scaffold template is a
        # workspace root): git ignores them, and so does the build.
        and not {"__pycache__", ".csjourney_cache"} & set(path.parts)
    }
    with zipfile.ZipFile(installed.wheel) as wheel:
        shipped = {
            name for name in wheel.namelist() if not name.split("/")[0].endswith(".dist-info")
        }
    assert wanted - shipped == set()  # templates, scaffold templates, data files, py.typed
    assert {
        "csjourney/py.typed",
        "csjourney/scaffold/templates/common/github-workflow.yml",
    } <= wanted


def push_steps(repo: Path) -> list[dict[str, Any]]:
    """The workflow's `run:` steps that a push to main runs (not the pull-request ones)."""
    workflow = YAML(typ="safe", pure=True).load(repo / ".github" / "workflows" / "csjourney.yml")
    steps = workflow["jobs"]["journeys"]["steps"]
    return [s for s in steps if "run" in s and "pull_request" not in str(s.get("if", ""))]


def run_step(
    step: dict[str, Any], repo: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    # GitHub's default shell on Linux is `bash -e {0}`, in the checkout, with these set.
    return run(
        ["bash", "-e", "-c", step["run"]], repo, {**env, "CI": "true", "GITHUB_ACTIONS": "true"}
    )


def pre_commit(repo: Path, home: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files` with no csjourney on PATH: the hooks must run the one
    pre-commit installs from the config's spec, as on a machine with none installed."""
    path = [p for p in env["PATH"].split(os.pathsep) if p and not (Path(p) / "csjourney").exists()]
    return run(
        [TOOLS / "pre-commit", "run", "--all-files", "--color", "never"],
        repo,
        {**env, "PATH": os.pathsep.join(path), "PRE_COMMIT_HOME": str(home)},
    )


def test_the_generated_workflow_and_pre_commit_config_pass_on_the_template(
    installed: Installed, repo: Path, pre_commit_home: Path
) -> None:
    steps = push_steps(repo)
    assert steps[0]["run"] == f"pip install {installed.wheel}"
    assert [s["run"].split()[:2] for s in steps[1:]] == [["csjourney", "validate"]] * 2 + [
        ["csjourney", "render"]
    ]
    for step in steps:
        output = ok(run_step(step, repo, installed.env))
        assert "::error" not in output
    assert (repo / "csjourney.sarif").stat().st_size > 0
    assert (repo / "csjourney-reports" / "index.html").stat().st_size > 0

    result = pre_commit(repo, pre_commit_home, installed.env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"csjourney validate\.+Passed", result.stdout), result.stdout
    assert re.search(r"csjourney fmt\.+Passed", result.stdout), result.stdout


def position(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.name for b in BREAKAGES])
def test_both_fail_with_the_located_error_on_a_broken_map(
    installed: Installed, repo: Path, pre_commit_home: Path, breakage: Breakage
) -> None:
    path = repo / breakage.file
    text = path.read_text(encoding="utf-8")
    assert breakage.old in text
    path.write_text(text.replace(breakage.old, breakage.new, 1), encoding="utf-8")
    git(repo, "add", ".")
    file, needle = breakage.at
    line, column = position((repo / file).read_text(encoding="utf-8"), needle)

    (validate,) = [s for s in push_steps(repo) if "--format github" in s["run"]]
    result = run_step(validate, repo, installed.env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"::error file={file},line={line},col={column}," in result.stdout
    assert f"title={breakage.code} " in result.stdout

    hooks = pre_commit(repo, pre_commit_home, installed.env)
    assert hooks.returncode == 1, hooks.stdout + hooks.stderr
    assert re.search(r"csjourney validate\.+Failed", hooks.stdout), hooks.stdout
    assert f"{file}:{line}:{column}: error {breakage.code} " in hooks.stdout
    assert "Traceback" not in hooks.stdout + hooks.stderr

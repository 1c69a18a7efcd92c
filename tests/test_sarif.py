"""SARIF for GitHub code scanning, checked the way GitHub takes it in.

Each scenario (a table below) is a folder laid out as a team would have it,
validated with `--format sarif --output`: the report must match the official
SARIF 2.1.0 schema, pass Microsoft's SARIF Multitool with GitHub's ingestion
rules (and the SARIF rules) without an error or a warning, and point every
result at its file by a path from the repository root, wherever the command
ran. Fingerprints must survive lines inserted above a finding.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, ROOT, SARIF_SCHEMA, CliResult
from npmtools import npm_tool

Csj = Callable[..., CliResult]
TODAY = ("--today", "2026-11-28")
BROKEN = (
    "csjourney: 1\nsegments:\n  - id: smb\n    name: Small businesses\n"
    "journey:\n  id: smb-journey\n  title: SMB journey\n  segments: [smb, mid]\n  stages:\n"
    "    - id: onboarding\n      name: Onboarding\n      touchpionts: []\n"
    "    - id: adoption\n      name: Adoption\n      touchpionts: []\n"
)
# Codes only a file named on the command line gets (a scan skips such files).
NAMED_CASES = tuple(
    f"structural/{name}"
    for name in ("empty-file.yaml", "not-a-mapping-list.yaml", "missing-version.yaml")
)
# Codes no file can produce: a read racing a change, and the fallback format 1 never needs.
NEVER_SEEN = {"CSJ012", "CSJ111"}
ODD_NAMES = [
    "release #2.yaml",
    "100% ?q=1.yaml",
    "a:b, c.yaml",
    "réunion ☕.yaml",
    os.fsdecode(b"caf\xe9.yaml"),
]


def _git_init(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)


def _examples(repo: Path) -> None:
    shutil.copytree(EXAMPLES, repo / "examples")


def _every_kind(repo: Path) -> None:
    """Every structural and lint rule case of the suite, and the examples, in one repository."""
    shutil.copytree(ROOT / "tests" / "cases" / "structural", repo / "structural")
    for spec_file in sorted((ROOT / "tests" / "lint" / "cases").glob("*.yaml")):
        spec = YAML(typ="safe").load(spec_file.read_text(encoding="utf-8"))
        for number, case in enumerate(spec["cases"]):
            workspace = repo / "lint" / spec_file.stem / str(number)  # one each: their ids clash
            for name, text in case["files"].items():
                (workspace / name).parent.mkdir(parents=True, exist_ok=True)
                (workspace / name).write_text(text, encoding="utf-8")
            config = case.get("config", spec.get("config")) or ""
            (workspace / "csjourney.toml").write_text(config, encoding="utf-8")
    _examples(repo)


def _subfolder(repo: Path) -> None:
    (repo / "journeys").mkdir()
    (repo / "journeys" / "csjourney.toml").write_text("", encoding="utf-8")
    (repo / "journeys" / "broken.yaml").write_text(BROKEN, encoding="utf-8")


def _odd_names(repo: Path) -> None:
    (repo / "maps").mkdir()
    (repo / "maps" / "csjourney.toml").write_text("", encoding="utf-8")
    for name in ODD_NAMES:
        (repo / "maps" / name).write_text(BROKEN, encoding="utf-8")


def _outside(repo: Path) -> None:
    _subfolder(repo)
    (repo.parent / "outside").mkdir()
    (repo.parent / "outside" / "csjourney.toml").write_text("", encoding="utf-8")
    (repo.parent / "outside" / "elsewhere.yaml").write_text(BROKEN, encoding="utf-8")


def _symlinked(repo: Path) -> None:
    _subfolder(repo)
    (repo / "linked").symlink_to("journeys")  # code scanning shows only the real path


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable[[Path], None]  # lays out the repository folder
    cwd: str  # where the command runs, relative to the repository folder
    args: tuple[str, ...]  # what it is given
    in_repo: frozenset[str] | None  # files results name, from the root (None: any in it)
    outside: frozenset[str] = frozenset()  # files outside it, relative to its parent
    git: bool = True  # False: no repository, the working directory is the root


SCENARIOS = [
    Scenario("clean", _examples, ".", (".", "--no-lint"), frozenset()),
    Scenario("examples", _examples, ".", (".",), None),
    Scenario("every-kind", _every_kind, ".", (".", *NAMED_CASES), None),
    Scenario("from-a-subfolder", _subfolder, "journeys", (".",),
             frozenset({"journeys/broken.yaml"})),
    Scenario("odd-file-names", _odd_names, "maps", (".",),
             frozenset(f"maps/{name}" for name in ODD_NAMES)),
    Scenario("a-file-outside-the-repository", _outside, "journeys",
             (".", "../../outside/elsewhere.yaml"), frozenset({"journeys/broken.yaml"}),
             frozenset({"outside/elsewhere.yaml"})),
    Scenario("through-a-symlink", _symlinked, ".", ("linked",),
             frozenset({"journeys/broken.yaml"})),
    Scenario("no-repository", _subfolder, "journeys", (".",), frozenset({"broken.yaml"}),
             git=False),
]  # fmt: skip


@dataclass(frozen=True)
class Run:
    scenario: Scenario
    repo: Path
    root: Path  # what the report's %SRCROOT% must be
    sarif: Path
    document: dict[str, Any]  # parsed JSON


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    from csjourney.cli import main

    found = {}
    for scenario in SCENARIOS:
        base = tmp_path_factory.mktemp(scenario.name.replace("-", ""))
        repo = base / "repo"
        repo.mkdir()
        if scenario.git:
            _git_init(repo)
        scenario.build(repo)
        sarif = base / f"{scenario.name}.sarif"
        with chdir(repo / scenario.cwd), contextlib.suppress(SystemExit):
            main(["validate", *scenario.args, *TODAY, "--format", "sarif", "--output", str(sarif)])
        root = repo if scenario.git else repo / scenario.cwd
        document = json.loads(sarif.read_text(encoding="utf-8"))
        found[scenario.name] = Run(scenario, repo, root, sarif, document)
    return found


def _results(run: Run) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = run.document["runs"][0]["results"]
    return results


def _file_of(artifact: dict[str, str], root: Path) -> Path:
    """The file an artifactLocation names, read as code scanning reads it."""
    parts = urlsplit(artifact["uri"])
    path = Path(os.fsdecode(unquote_to_bytes(parts.path)))
    if "uriBaseId" in artifact:
        assert artifact["uriBaseId"] == "%SRCROOT%" and not parts.scheme, artifact
        return root / path
    assert parts.scheme == "file" and path.is_absolute(), artifact
    return path


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_results_point_at_their_files_from_the_repository_root(
    runs: dict[str, Run], scenario: Scenario
) -> None:
    run = runs[scenario.name]
    jsonschema.validate(run.document, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    sarif_run = run.document["runs"][0]
    base = sarif_run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == run.root.as_uri() + "/", "the root, with the trailing slash the spec requires"
    named = set()
    for result in _results(run):
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        path = _file_of(artifact, run.root)
        assert path.is_file(), f"{artifact} names no file"
        named.add(path)
    if scenario.in_repo is None:  # a whole tree: every file is in the repository
        assert named and all(path.is_relative_to(run.repo) for path in named)
        assert all("uriBaseId" in r["locations"][0]["physicalLocation"]["artifactLocation"]
                   for r in _results(run))  # fmt: skip
    else:
        outside = {run.repo.parent / p for p in scenario.outside}
        assert named == {run.root / p for p in scenario.in_repo} | outside
    from csjourney.rulesinfo import catalogue

    if scenario.name == "every-kind":
        # `validate` reads no stage history: data checks and measure findings are `measure`'s.
        checked = {info.code for info in catalogue() if info.kind in ("structural", "lint")}
        missing = checked - {r["ruleId"] for r in _results(run)}
        assert missing == NEVER_SEEN, "a finding of every rule"


def test_every_rule_carries_the_help_github_shows(runs: dict[str, Run]) -> None:
    rules = runs["clean"].document["runs"][0]["tool"]["driver"]["rules"]
    from csjourney.rulesinfo import catalogue

    assert [rule["id"] for rule in rules] == [info.code for info in catalogue()]
    for rule in rules:
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip(), rule["id"]
        assert f"]({rule['helpUri']})" in rule["help"]["markdown"], "a link to the docs"
        assert rule["helpUri"].startswith("https://github.com/csjourney/csjourney/blob/main/docs/")
        assert 0 < len(rule["shortDescription"]["text"]) <= 1024
        assert 0 < len(rule["fullDescription"]["text"]) <= 1024
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        properties = rule["properties"]
        assert properties["tags"] and properties["precision"] in ("very-high", "high")
        assert properties["problem.severity"] in ("error", "warning", "recommendation")
    touchpoint = next(rule for rule in rules if rule["name"] == "stage-missing-touchpoint")
    assert "**Why it matters:**" in touchpoint["help"]["markdown"]
    assert "```yaml" in touchpoint["help"]["markdown"]
    assert "**" not in touchpoint["help"]["text"]


_MULTITOOL_LINE = re.compile(r": (error|warning) [A-Z]+\d+: ")


def _multitool(sarifs: list[Path], rule_kind: str, out: Path) -> list[str]:
    """The Multitool's errors and warnings about `sarifs`, one line each."""
    tool = npm_tool(".bin/sarif-multitool")
    # The npm wrapper hands its arguments to a shell: none of ours may need quoting.
    assert all(re.fullmatch(r"[\w./-]+", str(p)) for p in (*sarifs, out))
    command = [str(tool), "validate", "--rule-kind", rule_kind, "--log", "ForceOverwrite"]
    done = subprocess.run(
        [*command, "-o", str(out), *map(str, sarifs)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0 and "Analysis completed successfully" in done.stdout, (
        done.stdout + done.stderr
    )
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    problems = [
        f"{r['ruleId']} {r.get('level', 'warning')}: {r['message']}"
        for r in log["runs"][0]["results"]
        if r.get("level", "warning") in ("error", "warning")
    ]
    shown = [line for line in done.stdout.splitlines() if _MULTITOOL_LINE.search(line)]
    return (shown or problems) if problems else []  # the console says it best


@pytest.mark.parametrize("rule_kind", ["Gh", "Sarif"])
def test_the_sarif_multitool_finds_nothing_to_fix(
    runs: dict[str, Run], rule_kind: str, tmp_path: Path
) -> None:
    sarifs = [run.sarif for run in runs.values()]
    problems = _multitool(sarifs, rule_kind, tmp_path / "multitool.sarif")
    assert not problems, "\n".join(problems)


def _fingerprints(csj: Csj, cwd: Path, *args: str) -> dict[tuple[str, int, str], str]:
    document = json.loads(csj("validate", *args, "-f", "sarif", *TODAY, cwd=cwd).out)
    found: dict[tuple[str, int, str], list[str]] = {}
    for result in document["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        key = (result["ruleId"], region["startColumn"], result["message"]["text"])
        found.setdefault(key, []).append(result["partialFingerprints"]["csjourneyFinding/v1"])
    return {(rule, column, f"{text} #{n}"): fp for (rule, column, text), fps in found.items()
            for n, fp in enumerate(fps)}  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    _git_init(tmp_path)
    _subfolder(tmp_path)
    yield tmp_path


def test_fingerprints_survive_lines_inserted_above(csj: Csj, repo: Path) -> None:
    before = _fingerprints(csj, repo, "journeys")
    assert len(before) >= 3 and len(set(before.values())) == len(before), "one per finding"
    path = repo / "journeys" / "broken.yaml"
    path.write_text("# a comment\n\n# and another\n" + BROKEN, encoding="utf-8")
    after = _fingerprints(csj, repo, "journeys")
    assert after == before


def test_fingerprints_do_not_depend_on_the_working_directory(csj: Csj, repo: Path) -> None:
    assert _fingerprints(csj, repo / "journeys", ".") == _fingerprints(csj, repo, "journeys")


def test_identical_mistakes_on_identical_lines_get_their_own_fingerprints(
    csj: Csj, repo: Path
) -> None:
    # Both stages hold the same line `touchpionts: []`; a third finding moves with them.
    found = _fingerprints(csj, repo, "journeys")
    unknown = [fp for (rule, _, _), fp in found.items() if rule == "CSJ101"]
    assert len(unknown) == 2 and unknown[0] != unknown[1]


def test_a_changed_finding_gets_a_new_fingerprint(csj: Csj, repo: Path) -> None:
    before = _fingerprints(csj, repo, "journeys")
    path = repo / "journeys" / "broken.yaml"
    path.write_text(BROKEN.replace("touchpionts: []", "touchpoint: []", 1), encoding="utf-8")
    after = _fingerprints(csj, repo, "journeys")
    assert len(set(before.values()) - set(after.values())) == 1, "only the edited one changed"


def test_results_say_what_the_json_report_says_where_it_says_it(csj: Csj, repo: Path) -> None:
    sarif = json.loads(csj("validate", "journeys", "-f", "sarif", *TODAY, cwd=repo).out)
    plain = json.loads(csj("validate", "journeys", "-f", "json", *TODAY, cwd=repo).out)
    results, diagnostics = sarif["runs"][0]["results"], plain["diagnostics"]
    assert len(results) == len(diagnostics) >= 3
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, d in zip(results, diagnostics, strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert (result["ruleId"], result["level"]) == (d["code"], levels[d["severity"]])
        assert (region["startLine"], region["startColumn"]) == (d["line"], d["column"])
        assert result["message"]["text"] == d["message"] + (f" ({d['hint']})" if d["hint"] else "")
    unknown = [r for r in results if r["ruleId"] == "CSJ101"]
    assert [u["locations"][0]["physicalLocation"]["region"]["startLine"] for u in unknown] == [
        12,
        15,
    ]

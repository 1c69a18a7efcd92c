"""The CLI gives the same reports cold, warm, without the cache and with any --jobs
(issue 13), byte for byte; two processes can share one cold cache.

test_cache_equivalence.py compares core.run's results field by field; here it is what
users and CI read: JSON over examples/ with every cache and jobs flag, the reports that
quote source lines (text --show-source, SARIF) and the others, with findings in files
not named on the command line, and the cache folders a run leaves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cachesupport import TODAY, broken_generated_workspace, edit, example_workspace
from conftest import EXAMPLES, Csj, benchmark_generator


def _examples(target: Path) -> Path:
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".csjourney_cache"))
    return target


VALIDATE = ("validate", "--format", "json", "--today", TODAY.isoformat())
# (label, extra arguments, CSJOURNEY_CACHE_DIR or None), run in this order.
CLI_RUNS: list[tuple[str, tuple[str, ...], str | None]] = [
    ("cold", (), None),
    ("warm", (), None),
    ("--no-cache", ("--no-cache",), None),
    ("--jobs 1", ("--jobs", "1"), None),
    ("--jobs 2", ("--jobs", "2"), None),
    ("--cache-dir, cold", ("--cache-dir", "elsewhere"), None),
    ("--cache-dir, warm, -j 2", ("--cache-dir", "elsewhere", "-j", "2"), None),
    ("CSJOURNEY_CACHE_DIR", (), "from-env"),
    ("--no-cache, -j 2", ("--no-cache", "-j", "2"), None),
]


def test_cli_json_is_byte_identical_cold_warm_uncached_and_with_jobs(
    tmp_path: Path, csj: Csj, monkeypatch: pytest.MonkeyPatch
) -> None:
    """examples/ holds two workspaces and a map with no root (its note goes to stderr)."""
    _examples(tmp_path / "examples")
    monkeypatch.delenv("CSJOURNEY_CACHE_DIR", raising=False)
    results = {}
    for label, extra, env in CLI_RUNS:
        with monkeypatch.context() as patch:
            if env is not None:
                patch.setenv("CSJOURNEY_CACHE_DIR", str(tmp_path / env))
            results[label] = csj(*VALIDATE, *extra, "examples", cwd=tmp_path)
    want = results["cold"]
    assert want.code == 0 and want.out.startswith("{"), want.err
    for label, got in results.items():
        assert (got.code, got.out, got.err) == (want.code, want.out, want.err), label


REPORTS = [("text", "--show-source"), ("sarif",), ("gitlab",), ("junit",), ("github",)]


@pytest.mark.parametrize("report", REPORTS, ids=lambda report: "-".join(report))
def test_cli_reports_quoting_sources_are_byte_identical_cold_warm_and_uncached(
    report: tuple[str, ...], tmp_path: Path, csj: Csj, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library named, as pre-commit names it, renames a segment: the findings are in
    maps not named, whose lines the reports quote (and whose text a cached run never read)."""
    ws = example_workspace(tmp_path / "ws")
    edit(ws / "library.yaml", "  - id: smb\n", "  - id: smx\n")
    monkeypatch.delenv("CSJOURNEY_CACHE_DIR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    command = ("validate", "--format", *report, "--today", TODAY.isoformat(), "library.yaml")
    elsewhere = ("-j", "2", "--cache-dir", "elsewhere")
    extras = [(), (), ("--no-cache",), elsewhere, elsewhere]  # cold, warm, ..., cold, warm
    results = [csj(*command, *extra, cwd=ws) for extra in extras]
    want = results[0]
    assert want.code == 1 and "smb" in want.out, want.err
    assert ("segments: [smb]" in want.out) == (report[0] in ("text", "sarif"))  # quoted
    for extra, got in zip(extras, results, strict=True):
        assert (got.code, got.out, got.err) == (want.code, want.out, want.err), extra


def test_cli_cold_run_leaves_a_cache_where_the_warm_run_reads_it(
    tmp_path: Path, csj: Csj, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else "warm" above would be a second cold run. A map with no root is never cached."""
    examples = _examples(tmp_path / "examples")
    monkeypatch.delenv("CSJOURNEY_CACHE_DIR", raising=False)

    def entries(folder: Path) -> list[Path]:
        return list(folder.rglob("*.json")) if folder.is_dir() else []

    assert csj(*VALIDATE, "--no-cache", "examples", cwd=tmp_path).code == 0
    assert not list(tmp_path.rglob(".csjourney_cache"))
    assert csj(*VALIDATE, "examples", cwd=tmp_path).code == 0
    for workspace in ("b2b-saas", "b2c-subscription"):
        assert entries(examples / workspace / ".csjourney_cache"), workspace
    assert not (examples / "minimal" / ".csjourney_cache").exists()
    assert csj(*VALIDATE, "--cache-dir", "elsewhere", "examples", cwd=tmp_path).code == 0
    assert entries(tmp_path / "elsewhere")


def test_two_processes_on_one_cold_cache_both_succeed_alike(tmp_path: Path) -> None:
    """Started together, they write the same entries at once (a pre-commit hook and an
    editor, two CI steps); a third run then reads what they left."""
    here = tmp_path / "workspace"
    broken_generated_workspace(here, 40)
    day = benchmark_generator().REFERENCE_DATE.isoformat()
    command = [sys.executable, "-m", "csjourney", *VALIDATE[:-1], day, "."]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("CSJOURNEY_CACHE_DIR", None)
    runs = [
        subprocess.Popen(command, cwd=here, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in runs]  # reads both pipes as they fill
    results = [(p.returncode, *out) for p, out in zip(runs, outputs, strict=True)]
    third = subprocess.run(command, cwd=here, env=env, capture_output=True, timeout=120)
    results.append((third.returncode, third.stdout, third.stderr))
    assert results[0][0] == 1 and b'"CSJ' in results[0][1], results[0][2][-2000:]
    assert results[1] == results[0] and results[2] == results[0]
    assert (here / ".csjourney_cache").is_dir()

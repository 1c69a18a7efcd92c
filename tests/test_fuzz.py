"""Properties: no damage to a valid map makes validate, render, fmt or diff crash or hang.

Hypothesis takes every example map, damages one file the way people, tools and hostile
authors damage YAML (see fuzzsupport.py) and runs the real CLI in-process on it. Every
run must end with exit 0 or 1 (2 is for usage errors, which damage to a map is not),
with no traceback, no "internal error", nothing raw for a terminal to act on, and
within a time limit. CSJOURNEY_DEBUG is set so that a crash shows its traceback instead
of the friendly "internal error" line. The runs are derandomized: CI sees the same
examples every time, and a failure found once is found again.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from csjourney.fmt.comments import inventory
from csjourney.fmt.formatter import format_text
from csjourney.yamlsource import build
from fuzzsupport import (
    CARELESS,
    HOSTILE_KINDS,
    TODAY,
    assert_no_crash,
    cli,
    copy_workspaces,
    damage,
)

CODE = re.compile(r"^CSJ\d{3}$")
# Damage that mostly keeps a map loadable, so that render and diff reach their own work.
MOSTLY_VALID = ("set-field", "set-field", "set-field", "rename-id", "rename-journey",
                "hostile-value", "replace-value", "delete")  # fmt: skip
EVERYTHING = (*CARELESS, *HOSTILE_KINDS)


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,  # the CLI runs have their own time limit (fuzzsupport.SECONDS)
        derandomize=True,
        database=None,
        # The workspace copies are module-scoped and each example restores what it damaged.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """A private copy of every workspace (only its YAML and config), by original path."""
    return copy_workspaces(tmp_path_factory, "workspace")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


@pytest.fixture(scope="module", autouse=True)
def _debug_tracebacks() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSJOURNEY_DEBUG", "1")
        patch.delenv("GITHUB_ACTIONS", raising=False)
        yield


# Duplicate ids and broken references: what a damaged file can cause in the others.
CAUSED_ELSEWHERE = {"CSJ120", "CSJ121", "CSJ122", "CSJ123", "CSJ124"}


@fuzz(200)
@given(data=st.data(), output=st.sampled_from(["json", "json", "text"]))
def test_damaged_maps_give_located_diagnostics_never_a_crash(
    data: st.DataObject, output: str, workspaces: dict[Path, Path]
) -> None:
    with damage(data, workspaces, EVERYTHING) as damaged:
        file = damaged.source.file
        run = cli(damaged.workspace, "validate", "--format", output, "--today", TODAY, file)
    assert_no_crash(run, terminal_out=output == "text")
    if output == "text":
        summary = r"^(Found \d+ errors?, .* in \d+ files?|All checks passed \(1 file\))\.$"
        assert re.search(summary, run.out, re.MULTILINE), run.out[-500:]
        return
    diagnostics = json.loads(run.out)["diagnostics"]
    # Generous: YAML counts \r, NEL and the Unicode separators as line breaks too.
    last_line = len(damaged.text.decode("utf-8", "replace").splitlines()) + 1
    for d in diagnostics:
        assert CODE.match(d["code"]), d
        if d["path"] != file.as_posix():
            # Elsewhere, only what the named file breaks: users of an id it renamed...
            assert d["code"] in CAUSED_ELSEWHERE, d
            continue
        assert 1 <= d["line"] <= last_line, d
        assert d["column"] >= 1, d
        assert d["message"].strip(), d
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert run.code == (1 if errors else 0)
    for found in sorted({d["code"] for d in diagnostics}) or ["clean"]:
        event(found)  # `--hypothesis-show-statistics` shows what the damage led to


@fuzz(60)
@given(data=st.data())
def test_render_of_damaged_maps_writes_every_journey_or_explains(
    data: st.DataObject, workspaces: dict[Path, Path], scratch: Path
) -> None:
    from csjourney.core import run as load

    out = scratch / "out"
    shutil.rmtree(out, ignore_errors=True)
    with damage(data, workspaces, MOSTLY_VALID) as damaged:
        run = cli(damaged.workspace, "render", ".", "--out", out, "-f", "md,html,mermaid,dot",
                  "--today", TODAY)  # fmt: skip
        journeys = [j.id for _, j in load([damaged.workspace]).workspace.journeys()]
    if run.code == 2 and "no journey maps found" in run.err:
        assert not journeys  # the damage took the journey itself: a true answer
        return
    assert_no_crash(run, terminal_out=True)
    event(f"render exit {run.code}")
    if not out.exists():
        assert run.code == 1 and "nothing rendered" in run.err, run.err
        return
    assert [p.name for p in scratch.iterdir()] == ["out"], "a file escaped --out"
    written = sorted(out.iterdir())
    for path in written:
        path.read_text(encoding="utf-8")  # every output is UTF-8 text
    reports = [p for p in written if p.suffix == ".md"]
    pages = [p for p in written if p.suffix == ".html"]
    # Every journey keeps its own report and page, whatever its id, beside index.html.
    assert len(reports) == len(journeys), (journeys, [p.name for p in written])
    assert len(pages) == len(journeys) + 1 and (out / "index.html").is_file()


@fuzz(50)
@given(data=st.data())
def test_fmt_of_damaged_maps_keeps_data_and_comments_or_leaves_the_file(
    data: st.DataObject, workspaces: dict[Path, Path]
) -> None:
    with damage(data, workspaces, EVERYTHING) as damaged:
        target = damaged.workspace / damaged.source.file
        run = cli(damaged.workspace, "fmt", damaged.source.file)
        after = target.read_bytes()
    assert_no_crash(run, terminal_out=True)
    event(f"fmt exit {run.code}")
    if run.code == 1:
        assert after == damaged.text, "a file fmt could not format was changed"
        assert "not formatted" in run.err
        return
    before_text, after_text = damaged.text.decode("utf-8"), after.decode("utf-8")
    assert _comparable(build(after_text).data) == _comparable(build(before_text).data)
    assert inventory(after_text) == inventory(before_text)
    assert (f"reformatted {damaged.source.file.as_posix()}\n" in run.out) == (after != damaged.text)
    assert format_text(after_text) == after_text, "formatting again would change it"


def _comparable(value: Any) -> Any:
    """Loaded data with NaN made equal to itself (a damaged value can be `.nan`)."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


@fuzz(80)
@given(data=st.data(), output=st.sampled_from(["text", "json", "markdown"]))
def test_diff_against_a_damaged_map_reports_changes_or_what_does_not_load(
    data: st.DataObject, output: str, workspaces: dict[Path, Path]
) -> None:
    with damage(data, workspaces, MOSTLY_VALID) as damaged:
        old = damaged.source.workspace  # the pristine example, read only
        run = cli(damaged.workspace, "diff", old, ".", "-f", output, "--today", TODAY)
    assert_no_crash(run, terminal_out=output == "text")
    event(f"diff {output} exit {run.code}")
    if output == "json":
        payload = json.loads(run.out)
        assert bool(payload["errors"]) == (run.code == 1), payload["errors"]
        assert all(error["side"] != str(old) for error in payload["errors"])
    elif output == "markdown":
        assert run.out.startswith("### csjourney diff: ")

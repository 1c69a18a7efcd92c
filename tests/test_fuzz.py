"""Property: no mutation of a valid map makes `csjourney validate` crash.

Hypothesis takes the spec example and every example map, damages one file
the way people and tools damage YAML (deleted, duplicated or swapped lines,
values of another type, truncation, garbage bytes, broken indentation) and
runs the real CLI in-process on it. The run must end with exit 0, or exit 1
with every diagnostic located inside the file: never exit 2, never a
traceback. CSJOURNEY_DEBUG is set so that a crash shows its traceback
instead of the friendly "internal error" line.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, FULL_EXAMPLE
from csjourney.cli import main

CODE = re.compile(r"^CSJ\d{3}$")
TODAY = "2026-11-22"
# Values of every YAML type, and of none: what a slip of the keyboard or a bad merge leaves.
REPLACEMENTS = [
    "", "~", "null", "[]", "{}", "[a, b]", "{id: x}", "- item", "42", "-1", "0.5", "1e309",
    "-.inf", ".nan", "0x1F", "true", "no", "2026-02-30", "2026-13-01", "2026-10-01T10:00:00",
    '"   "', "''", "'unterminated", '"unterminated', "|", ">-", "&anchor value", "*missing",
    "!!python/object/apply:os.system [true]", "!custom x", "? complex", "@reserved", "`tick",
    "%", "#comment", "x" * 300, "sms", "web", "smb", "onboarding", "ÿ", "\t",
]  # fmt: skip


@dataclass(frozen=True)
class Source:
    workspace: Path  # copied from; the whole directory is the workspace
    file: Path  # the file to damage, relative to the workspace


def _sources() -> list[Source]:
    sources = [Source(FULL_EXAMPLE.parent, Path(FULL_EXAMPLE.name))]
    for workspace in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        for file in sorted(workspace.rglob("*.yaml")):
            sources.append(Source(workspace, file.relative_to(workspace)))
    return sources


SOURCES = _sources()


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """A private copy of every workspace (only its YAML and config), by original path."""
    copies = {}
    for index, workspace in enumerate(sorted({s.workspace for s in SOURCES})):
        copy = tmp_path_factory.mktemp(f"workspace{index}")
        for file in [*workspace.rglob("*.yaml"), *workspace.glob("csjourney.toml")]:
            target = copy / file.relative_to(workspace)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        copies[workspace] = copy
    return copies


@pytest.fixture(scope="module", autouse=True)
def _debug_tracebacks() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CSJOURNEY_DEBUG", "1")
        patch.delenv("GITHUB_ACTIONS", raising=False)
        yield


# -- mutations: each takes the file's lines (bytes, with line ends) ----------------------

Lines = list[bytes]
Mutation = Callable[[Lines], Lines]
MUTATION_KINDS = (
    "delete", "duplicate", "swap-lines", "swap-values", "replace-value", "truncate", "garbage",
    "indent", "dedent", "tab",
)  # fmt: skip


def _value_split(line: bytes) -> tuple[bytes, bytes] | None:
    """`  name: Onboarding\n` -> (b"  name: ", b"Onboarding\n")."""
    match = re.match(rb"^(\s*(?:- )?[\w-]+:\s)(.*\n?)$", line)
    return (match[1], match[2]) if match else None


@st.composite
def mutations(draw: st.DrawFn, size: int) -> Mutation:
    index = st.integers(0, max(size - 1, 0))
    kind = draw(st.sampled_from(MUTATION_KINDS))
    i, j = draw(index), draw(index)
    if kind == "delete":
        return lambda lines: lines[:i] + lines[i + 1 :]
    if kind == "duplicate":
        return lambda lines: lines[: i + 1] + lines[i:]
    if kind == "swap-lines":
        return lambda lines: _swapped(lines, i, j)
    if kind == "swap-values":
        return lambda lines: _values_swapped(lines, i, j)
    if kind == "replace-value":
        text = draw(st.sampled_from(REPLACEMENTS) | st.text(max_size=12))
        return lambda lines: _value_replaced(lines, i, text.encode("utf-8", "surrogatepass"))
    if kind == "truncate":
        fraction = draw(st.floats(0, 1))
        return lambda lines: _truncated(lines, fraction)
    if kind == "garbage":
        junk, at = draw(st.binary(min_size=1, max_size=8)), draw(st.integers(0, 200))
        return lambda lines: _garbage_inserted(lines, i, at, junk)
    shift = draw(st.integers(1, 4))
    return lambda lines: _reindented(lines, i, kind, shift)


def _swapped(lines: Lines, i: int, j: int) -> Lines:
    out = list(lines)
    if i < len(out) and j < len(out):
        out[i], out[j] = out[j], out[i]
    return out


def _values_swapped(lines: Lines, i: int, j: int) -> Lines:
    out = list(lines)
    if i < len(out) and j < len(out):
        a, b = _value_split(out[i]), _value_split(out[j])
        if a and b:
            out[i], out[j] = a[0] + b[1], b[0] + a[1]
    return out


def _value_replaced(lines: Lines, i: int, value: bytes) -> Lines:
    out = list(lines)
    if i < len(out):
        split = _value_split(out[i])
        out[i] = (split[0] if split else b"") + value + b"\n"
    return out


def _truncated(lines: Lines, fraction: float) -> Lines:
    text = b"".join(lines)
    return [text[: int(len(text) * fraction)]]


def _garbage_inserted(lines: Lines, i: int, at: int, junk: bytes) -> Lines:
    out = list(lines)
    if i < len(out):
        line = out[i]
        at = min(at, len(line))
        out[i] = line[:at] + junk + line[at:]
    return out


def _reindented(lines: Lines, i: int, kind: str, shift: int) -> Lines:
    out = list(lines)
    if i < len(out):
        if kind == "indent":
            out[i] = b" " * shift + out[i]
        elif kind == "dedent":
            out[i] = re.sub(rb"^ {1,%d}" % shift, b"", out[i])
        else:
            out[i] = b"\t" + out[i]
    return out


# -- the property ------------------------------------------------------------------------


def _validate(cwd: Path, target: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(cwd):
        try:
            main(["validate", "--format", "json", "--today", TODAY, str(target)])
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=300,
    deadline=None,
    # The workspace copies are module-scoped and each example restores what it damaged.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_damaged_maps_give_located_diagnostics_never_a_crash(
    data: st.DataObject, workspaces: dict[Path, Path]
) -> None:
    source = data.draw(st.sampled_from(SOURCES), label="source")
    workspace = workspaces[source.workspace]
    target = workspace / source.file
    original = target.read_bytes()
    lines = original.splitlines(keepends=True)
    damage = data.draw(st.lists(mutations(len(lines)), min_size=1, max_size=3), label="damage")
    for mutate in damage:
        lines = mutate(lines)
    damaged = b"".join(lines)
    target.write_bytes(damaged)
    try:
        code, out, err = _validate(workspace, source.file)
    finally:
        target.write_bytes(original)

    assert code in (0, 1), f"exit {code}: {err}"
    assert "Traceback" not in err
    diagnostics = json.loads(out)["diagnostics"]
    # Generous: YAML counts \r, NEL and the Unicode separators as line breaks too.
    last_line = len(damaged.decode("utf-8", "replace").splitlines()) + 1
    for d in diagnostics:
        assert CODE.match(d["code"]), d
        assert d["path"] == source.file.as_posix(), d  # only the named file is reported
        assert 1 <= d["line"] <= last_line, d
        assert d["column"] >= 1, d
        assert d["message"].strip(), d
    errors = [d for d in diagnostics if d["severity"] == "error"]
    assert code == (1 if errors else 0)
    for found in sorted({d["code"] for d in diagnostics}) or ["clean"]:
        event(found)  # `--hypothesis-show-statistics` shows what the damage led to

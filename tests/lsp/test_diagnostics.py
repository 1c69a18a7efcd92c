"""The published diagnostics are `validate`'s, for every structural and lint fixture.

Each case of tests/cases/structural and tests/lint/cases is written into a
workspace of its own (a csjourney.toml at its root, so the whole case is one
workspace), every YAML file of it is opened in the real server, and what the
server publishes must equal what `csjourney validate --format json
--only-journey-files` run at the case's root reports for that file: code,
range (converted to LSP positions over the text the editor holds), severity,
message with its hint, in the same order. `--only-journey-files` because an
editor opens every YAML file: the server treats them as `validate`'s scan
does, and leaves YAML that is no journey map alone.

Equal lists could both be empty: a case that expects a finding must also get
it from the server (`_expected_codes`).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from conftest import FULL_EXAMPLE, CliResult
from csjourney.diagnostics import Span
from csjourney.lint.registry import find_rule
from csjourney.loader import load_file
from csjourney.lsp.diagnostics import DEBOUNCE_SECONDS
from csjourney.lsp.positions import LineIndex
from lintcases import load_cases, write_case
from lsp.lspclient import TODAY, RecordingClient, Workspaces
from test_structural_cases import CASES_DIR, expectations

IN_MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")  # the module's one server

Described = tuple[str, int, int, int, int, int, str]
# Findings only a file named on the command line gets; an editor's file is found, as by a
# scan, which also leaves alone the YAML it does not load (`load_file` says None).
NAMED_ONLY = {"CSJ007", "CSJ010"}
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def editor_text(path: Path) -> str:
    """The text an editor shows for a file: UTF-8 without its BOM, else Latin-1."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def described(found: list[types.Diagnostic]) -> list[Described]:
    return [
        (
            str(d.code),
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            int(d.severity or 0),
            d.message,
        )
        for d in found
    ]


def as_published(reported: list[dict[str, Any]], text: str) -> list[Described]:
    """validate's JSON findings of one file, as the server should publish them."""
    lines = LineIndex(text)
    found = []
    for d in reported:
        span = Span(d["line"], d["column"], d["end_line"], d["end_column"])
        where = lines.range(span)
        message = d["message"] + (f"\nhint: {d['hint']}" if d["hint"] else "")
        found.append(
            (
                d["code"],
                where.start.line,
                where.start.character,
                where.end.line,
                where.end.character,
                int(_SEVERITY[d["severity"]]),
                message,
            )
        )
    return found


def validate_json(folder: Path, csj: Callable[..., CliResult]) -> dict[str, list[dict[str, Any]]]:
    """`validate --format json --only-journey-files` at `folder`: each file's findings."""
    result = csj(
        "validate",
        "--format",
        "json",
        "--only-journey-files",
        "--no-cache",
        "--today",
        TODAY,
        ".",
        cwd=folder,
    )
    assert result.code in (0, 1), result.err
    by_file: dict[str, list[dict[str, Any]]] = {}
    for diagnostic in json.loads(result.out)["diagnostics"]:
        by_file.setdefault(diagnostic["path"], []).append(diagnostic)
    return by_file


async def assert_same_as_validate(
    client: RecordingClient, folder: Path, csj: Callable[..., CliResult]
) -> dict[str, set[str]]:
    """Open each YAML file of `folder` alone; the codes published, by file."""
    expected = validate_json(folder, csj)
    codes: dict[str, set[str]] = {}
    files = sorted(p for p in folder.rglob("*.y*ml") if ".csjourney_cache" not in p.parts)
    for path in files:
        shown = path.relative_to(folder).as_posix()
        text = editor_text(path)
        found = await client.open(path, text)
        assert described(found) == as_published(expected.get(shown, []), text), shown
        assert all(d.source == "csjourney" for d in found)
        codes[shown] = {str(d.code) for d in found}
        assert await client.close(path) == []
    return codes


def _structural_cases() -> list[Path]:
    return sorted(p for p in CASES_DIR.iterdir() if p.is_dir() or p.suffix in (".yaml", ".yml"))


@pytest.mark.parametrize("case", _structural_cases(), ids=lambda p: p.name)
@IN_MODULE_LOOP
async def test_structural_case(
    case: Path, client: RecordingClient, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    folder = tmp_path / "case"
    if case.is_dir():
        shutil.copytree(case, folder, symlinks=True)
    else:
        folder.mkdir()
        shutil.copy(case, folder / case.name)
    if not (folder / "csjourney.toml").exists():
        (folder / "csjourney.toml").write_text("", encoding="utf-8")

    codes = await assert_same_as_validate(client, folder, csj)

    for expectation in expectations(case):
        shown, code = expectation.key[0], expectation.key[1]
        if code not in NAMED_ONLY and load_file(folder / shown, explicit=False) is not None:
            assert code in codes.get(shown, set()), f"{shown}: {code} not published"


@pytest.mark.parametrize(("spec", "case"), load_cases())
@IN_MODULE_LOOP
async def test_lint_case(
    spec: dict[str, Any],
    case: dict[str, Any],
    client: RecordingClient,
    tmp_path: Path,
    csj: Callable[..., CliResult],
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    today = write_case(spec, case, folder)

    codes = await assert_same_as_validate(client, folder, csj)

    plain = not any(key in source for key in ("config", "select") for source in (case, spec))
    if str(today) == TODAY and plain:
        # Judged on the server's day with the default settings: the expected findings show.
        default = next(iter(case["files"]))
        for expected in case.get("expect") or []:
            rule = find_rule(expected.get("rule", spec["rule"]))
            assert rule is not None
            shown = Path(expected.get("file", default)).as_posix()
            assert rule.code in codes.get(shown, set()), f"{shown}: {rule.code} not published"


def _lsp_range(line: int, character: int, end_line: int, end_character: int) -> dict[str, Any]:
    return {
        "start": {"line": line, "character": character},
        "end": {"line": end_line, "character": end_character},
    }


def _unknown_references(found: list[types.Diagnostic]) -> list[tuple[int, int, int]]:
    return [
        (d.range.start.line, d.range.start.character, d.range.end.character)
        for d in found
        if d.code == "CSJ121"
    ]


@IN_MODULE_LOOP
async def test_an_edit_publishes_its_error_and_the_fix_clears_it(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    journey = workspaces.b2b / "journeys" / "smb.yaml"
    text = journey.read_text(encoding="utf-8")
    before = described(await client.open(journey, text))

    broken = text.replace("  segments: [smb]\n", "  segments: [smbb]\n", 1)
    found = await client.replace(journey, broken, version=2)
    # Line 11 of the file, `smbb` from its 14th character: 0-based (10, 13) to (10, 17).
    assert _unknown_references(found) == [(10, 13, 17)]
    (unknown,) = [d for d in found if d.code == "CSJ121"]
    assert unknown.message == "no segment has the id `smbb`\nhint: did you mean `smb`?"
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert unknown.data == {
        "name": "unknown-reference",
        "hint": "did you mean `smb`?",
        "fix": {"old": "smbb", "new": "smb", "range": _lsp_range(10, 13, 10, 17)},
    }

    assert described(await client.replace(journey, text, version=3)) == before
    assert await client.close(journey) == []


@IN_MODULE_LOOP
async def test_a_library_edit_breaks_the_open_journey_that_uses_it(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    journey = workspaces.b2b / "journeys" / "smb.yaml"
    library = workspaces.b2b / "library.yaml"
    library_text = library.read_text(encoding="utf-8")
    assert _unknown_references(await client.open(journey)) == []
    await client.open(library, library_text)

    count = client.count(journey)
    client.change(library, library_text.replace("  - id: smb\n", "  - id: small-business\n"), 2)
    found = await client.published_after(journey, count)
    assert _unknown_references(found) == [(10, 13, 16)]  # `segments: [smb]` on line 11

    count = client.count(journey)
    client.change(library, library_text, 3)
    assert _unknown_references(await client.published_after(journey, count)) == []
    await client.close(library)
    await client.close(journey)


@IN_MODULE_LOOP
async def test_a_burst_of_keystrokes_makes_one_check_of_the_latest_text(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    journey = workspaces.b2b / "journeys" / "mid-market.yaml"
    text = journey.read_text(encoding="utf-8")
    await client.open(journey, text)
    count = client.count(journey)
    typed = ""
    for version, letter in enumerate("bogus", start=2):
        typed += letter
        client.change(journey, text + f"{typed}: 1\n", version)
    found = await client.published_after(journey, count)
    await asyncio.sleep(DEBOUNCE_SECONDS * 10)  # a second check would have published by now
    assert client.count(journey) == count + 1
    (unknown,) = [d.message for d in found if d.code == "CSJ101"]
    assert unknown.startswith("unknown key `bogus`")
    await client.close(journey)


@IN_MODULE_LOOP
async def test_positions_count_utf16_units_as_editors_do(
    client: RecordingClient, tmp_path: Path
) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    journey = tmp_path / "emoji.yaml"
    line = '    - {id: s1, name: "🚀🚀 Start", bogus: 1}'
    text = "csjourney: 1\njourney:\n  id: j\n  title: Launch\n  stages:\n" + line + "\n"
    found = await client.open(journey, text)
    (unknown,) = [d for d in found if d.code == "CSJ101"]
    # `bogus` is str index 33 of its line; each rocket is two UTF-16 units: 35 to 40.
    assert line.index("bogus") == 33
    assert (unknown.range.start.line, unknown.range.start.character) == (5, 35)
    assert (unknown.range.end.line, unknown.range.end.character) == (5, 40)
    await client.close(journey)


def test_line_index_converts_each_encoding_and_back() -> None:
    text = "a: 1\r\nb: '🚀é'\rc: x\n"
    for encoding, character in (("utf-16", 7), ("utf-8", 10), ("utf-32", 6)):
        lines = LineIndex(text, encoding)
        # Column 7 of line 2 is the closing quote, after the rocket and the é.
        assert lines.position(2, 7) == types.Position(line=1, character=character)
        assert lines.column(types.Position(line=1, character=character)) == (2, 7)
    lines = LineIndex(text)
    assert lines.position(3, 5) == types.Position(line=2, character=4)  # after a CR alone
    assert lines.position(1, 9) == types.Position(line=0, character=8)  # past the line's end
    inside = lines.column(types.Position(line=1, character=5))  # between the rocket's halves
    assert inside == (2, 5)


@IN_MODULE_LOOP
async def test_the_config_applies_as_in_validate(
    client: RecordingClient, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    shutil.copy(FULL_EXAMPLE, tmp_path / "map.yaml")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.yaml").write_text("csjourney: 1\nbogus: 1\n", encoding="utf-8")
    (tmp_path / "csjourney.toml").write_text(
        'exclude = ["drafts"]\nmax-findings-per-file = 3\n'
        '[lint.severity]\nmetric-off-target = "warning"\n',
        encoding="utf-8",
    )

    codes = await assert_same_as_validate(client, tmp_path, csj)

    assert codes == {"drafts/draft.yaml": set(), "map.yaml": {"CSJ211", "CSJ014"}}
    found = await client.open(tmp_path / "map.yaml")
    # Three findings shown, at the severity the config gives, then the line for the rest.
    assert [(d.code, d.severity) for d in found] == [
        *[("CSJ211", types.DiagnosticSeverity.Warning)] * 3,
        ("CSJ014", types.DiagnosticSeverity.Warning),
    ]
    await client.close(tmp_path / "map.yaml")

"""Code actions over real sessions: each edit, applied, gives what `validate --fix` writes,
or a file where the pain point is addressed and nothing else changed.

The findings are the server session's (`validate`'s checks), and the request's
diagnostics are what the server publishes for them: a quickfix for the wrong
range fails as a wrong text does.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from lsprotocol import types

from conftest import EXAMPLES, Csj
from csjourney.diagnostics import Diagnostic
from csjourney.lsp.actions import FIX_ALL_TITLE, code_actions
from csjourney.lsp.diagnostics import lsp_diagnostic
from csjourney.lsp.positions import LineIndex
from csjourney.lsp.session import workspace_of
from lsp.lspclient import RecordingClient, Workspaces

TODAY = dt.date(2026, 11, 15)


def _session_findings(path: Path, text: str) -> list[Diagnostic]:
    session = workspace_of(path.parent, TODAY)
    session.open(path, text)
    return session.diagnostics(path)


def _requested(path: Path, text: str) -> tuple[types.CodeActionParams, list[types.CodeAction]]:
    """The request a client sends with every diagnostic the server published, and its answer."""
    found = _session_findings(path, text)
    lines = LineIndex(text)
    start = types.Position(line=0, character=0)
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
        range=types.Range(start=start, end=start),
        context=types.CodeActionContext(diagnostics=[lsp_diagnostic(f, lines) for f in found]),
    )
    return params, code_actions(params, text, found)


def applied(text: str, edits: list[types.TextEdit]) -> str:
    """`text` with LSP text edits applied (UTF-16 positions), last first."""
    lines = LineIndex(text)

    def offset(position: types.Position) -> int:
        line, column = lines.column(position)
        return sum(len(row) for row in text.splitlines(keepends=True)[: line - 1]) + column - 1

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def _edits(action: types.CodeAction, path: Path) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    assert list(action.edit.changes) == [path.as_uri()]
    return list(action.edit.changes[path.as_uri()])


def _findings(csj: Csj, path: Path) -> list[dict[str, object]]:
    result = csj("validate", "--format", "json", "--today", str(TODAY), path, cwd=path.parent)
    found: list[dict[str, object]] = json.loads(result.out)["diagnostics"]
    return found


def _range(line: int, start: int, end: int) -> types.Range:
    """A range within one line, 0-based as LSP counts."""
    return types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=line, character=end),
    )


# -- the "did you mean" fixes ---------------------------------------------------


@pytest.fixture
def misspelt(tmp_path: Path) -> Path:
    """The b2b-saas example with a reference, a channel and a key each misspelt in smb.yaml."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "b2b-saas", root, ignore=shutil.ignore_patterns(".csjourney_cache"))
    path = root / "journeys" / "smb.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("touchpoints: [pricing-page]", "touchpoints: [pricing-pag]", 1)
    text = text.replace("channel: email", "channel: 'emial'", 1)
    text = text.replace("exit_criteria: Starts", "exit_critera: Starts", 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_each_fixable_finding_gets_its_quickfix_at_the_fix_span(misspelt: Path) -> None:
    text = misspelt.read_text(encoding="utf-8")
    params, actions = _requested(misspelt, text)
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert [(a.title, a.is_preferred) for a in quick] == [
        ("Change 'exit_critera' to 'exit_criteria'", True),
        ("Change 'pricing-pag' to 'pricing-page'", True),
        ("Change 'emial' to 'email'", True),
    ]
    edits = [(_edits(a, misspelt)[0], a.diagnostics) for a in quick]
    assert [(e.range, e.new_text) for e, _ in edits] == [
        (_range(42, 6, 18), "exit_criteria"),
        (_range(53, 24, 35), "pricing-page"),
        (_range(79, 19, 26), "'email'"),
    ]
    rows, ranges = text.splitlines(), [e.range for e, _ in edits]
    at = [rows[r.start.line][r.start.character : r.end.character] for r in ranges]
    assert at == ["exit_critera", "pricing-pag", "'emial'"]
    for _, diagnostics in edits:  # each names the one published diagnostic it fixes
        assert diagnostics is not None and len(diagnostics) == 1
        assert diagnostics[0] in params.context.diagnostics


def test_a_quickfix_writes_what_validate_fix_writes(misspelt: Path, csj: Csj) -> None:
    text = misspelt.read_text(encoding="utf-8")
    _, actions = _requested(misspelt, text)
    by_title = {a.title: a for a in actions}
    everything = by_title.pop(FIX_ALL_TITLE)
    assert everything.kind == types.CodeActionKind.SourceFixAll
    one_by_one = text
    for action in by_title.values():  # disjoint ranges: each applies to the original text
        one_by_one = applied(one_by_one, _edits(action, misspelt))
    csj("validate", "--no-lint", "--fix", misspelt, cwd=misspelt.parent)
    by_cli = misspelt.read_text(encoding="utf-8")
    assert by_cli != text
    assert one_by_one == by_cli
    assert applied(text, _edits(everything, misspelt)) == by_cli


def test_only_the_requested_diagnostic_gets_a_quickfix(misspelt: Path) -> None:
    text = misspelt.read_text(encoding="utf-8")
    params, _ = _requested(misspelt, text)
    channel = [d for d in params.context.diagnostics if d.code == "CSJ123"]
    only = [types.CodeActionKind.QuickFix]  # and no fix-all, which the lightbulb did not ask for
    params.context = types.CodeActionContext(diagnostics=channel, only=only)
    found = code_actions(params, text, _session_findings(misspelt, text))
    assert [a.title for a in found] == ["Change 'emial' to 'email'"]


# -- an initiative for an unaddressed pain point --------------------------------

INDENTED = """\
csjourney: 1
journey:
  id: trial
  title: Trial
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      exit_criteria: First report shared
      pain_points:
        - id: slow-setup
          name: Setup takes days
          severity: high
      initiatives:
        - id: guided-setup
          name: Guided setup
          addresses: [other-pain]
          owner: cs
      # the next stage starts here
    - id: adoption
      name: Adoption
      exit_criteria: Weekly use
      pain_points:
        - id: other-pain
          name: Other pain
segments:
  - id: smb
    name: Small businesses
"""

# Indentless sequences, no `initiatives` in the stage, a comment and a blank
# line before the next stage, a block scalar ending the stage, a journey owner.
INDENTLESS = """\
csjourney: 1
journey:
  id: trial
  title: Trial
  owner: cs-ops (Digital CS)
  segments: [smb]
  stages:
  - id: onboarding
    name: Onboarding
    exit_criteria: First report shared
    pain_points:
    - id: slow-setup
      name: "Setup: it takes days"
      severity: high
    description: |
      Two lines
      of text

  # the next stage starts here
  - id: adoption
    name: Adoption
    exit_criteria: Weekly use
segments:
- id: smb
  name: Small businesses
"""


def _address(tmp_path: Path, text: str, csj: Csj) -> tuple[str, types.CodeAction]:
    """The file after the one "add an initiative" action for slow-setup, checked by validate."""
    path = tmp_path / "map.yaml"
    path.write_bytes(text.encode("utf-8"))
    _, actions = _requested(path, text)
    adding = [a for a in actions if a.title.startswith("Add an") and "(slow-setup)" in a.title]
    assert len(adding) == 1
    after = applied(text, _edits(adding[0], path))
    path.write_bytes(after.encode("utf-8"))
    found = _findings(csj, path)
    assert not [f for f in found if f["code"] == "CSJ204" and f.get("subject") == "slow-setup"]
    assert not [f for f in found if str(f["code"]) < "CSJ200"], found  # no structural finding
    return after, adding[0]


def test_the_initiative_joins_the_stage_list_indented_as_it_is(tmp_path: Path, csj: Csj) -> None:
    after, action = _address(tmp_path, INDENTED, csj)
    assert action.title == "Add an initiative that addresses Setup takes days (slow-setup)"
    assert action.kind == types.CodeActionKind.QuickFix and not action.is_preferred
    assert after == INDENTED.replace(
        "          owner: cs\n",
        "          owner: cs\n"
        "        - id: address-slow-setup\n"
        "          name: Address Setup takes days\n"
        "          addresses: [slow-setup]\n",
    )


def test_a_stage_without_initiatives_gets_the_list(tmp_path: Path, csj: Csj) -> None:
    after, _ = _address(tmp_path, INDENTLESS, csj)
    assert after == INDENTLESS.replace(
        "      of text\n",
        "      of text\n"
        "    initiatives:\n"
        "    - id: address-slow-setup\n"
        '      name: "Address Setup: it takes days"\n'
        "      addresses: [slow-setup]\n"
        "      owner: cs-ops (Digital CS)\n",
        1,
    )
    codes = [f["code"] for f in _findings(csj, tmp_path / "map.yaml")]
    assert "CSJ206" not in codes  # initiative-missing-owner: the journey's owner holds it


def test_a_flow_list_gets_a_flow_item(tmp_path: Path, csj: Csj) -> None:
    text = INDENTED.replace(
        "      initiatives:\n"
        "        - id: guided-setup\n"
        "          name: Guided setup\n"
        "          addresses: [other-pain]\n"
        "          owner: cs\n",
        "      initiatives: []  # none yet\n",
    )
    after, _ = _address(tmp_path, text, csj)
    flow = '[{id: address-slow-setup, name: "Address Setup takes days", addresses: [slow-setup]}]'
    assert after == text.replace("[]  # none yet", f"{flow}  # none yet")


def test_the_new_id_is_fresh_and_the_last_line_may_lack_a_break(tmp_path: Path, csj: Csj) -> None:
    taken = INDENTED.replace("id: guided-setup", "id: address-slow-setup").replace(
        "    name: Small businesses\n", "    name: Small businesses"
    )
    taken = taken.replace("segments:\n  - id: smb", "segments:\n  - id: address-slow-setup-2")
    taken = taken.replace("segments: [smb]", "segments: [address-slow-setup-2]")
    after, _ = _address(tmp_path, taken, csj)
    assert "- id: address-slow-setup-3\n" in after
    assert after.endswith("    name: Small businesses")


def test_crlf_files_get_crlf_lines(tmp_path: Path, csj: Csj) -> None:
    after, _ = _address(tmp_path, INDENTED.replace("\n", "\r\n"), csj)
    assert "\r\n        - id: address-slow-setup\r\n          name: Address" in after
    assert "\n" not in after.replace("\r\n", "")


# -- through the real server ----------------------------------------------------


async def _actions_at(
    client: RecordingClient, path: Path, diagnostic: types.Diagnostic
) -> list[types.CodeAction]:
    """What an editor's lightbulb asks: the actions at one published diagnostic's range."""
    answer = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert answer is not None
    return [a for a in answer if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_offers_the_fixes_validate_fix_writes(
    client: RecordingClient, misspelt: Path, csj: Csj
) -> None:
    text = misspelt.read_text(encoding="utf-8")
    published = await client.open(misspelt, text)
    fixed = text
    for diagnostic in sorted(published, key=lambda d: (d.range.start.line,), reverse=True):
        offered = await _actions_at(client, misspelt, diagnostic)
        quick = [a for a in offered if a.kind == types.CodeActionKind.QuickFix]
        if diagnostic.code in ("CSJ101", "CSJ121", "CSJ123"):  # the three misspellings
            assert len(quick) == 1 and quick[0].is_preferred, diagnostic
            fixed = applied(fixed, _edits(quick[0], misspelt))
        else:
            assert quick == [], diagnostic
    await client.close(misspelt)
    csj("validate", "--no-lint", "--fix", misspelt, cwd=misspelt.parent)
    assert fixed == misspelt.read_text(encoding="utf-8") != text


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_adds_an_initiative_and_the_finding_goes(
    client: RecordingClient, workspaces: Workspaces, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(workspaces.b2b, root, ignore=shutil.ignore_patterns(".csjourney_cache"))
    path = root / "journeys" / "smb.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      initiatives:\n        - id: pricing-calculator")
    text = text[:start] + text[text.index("      metrics:\n", start) :]
    published = await client.open(path, text)
    unaddressed = [d for d in published if d.code == "CSJ204"]
    assert [(d.range, d.severity) for d in unaddressed] == [
        (_range(49, 14, 34), types.DiagnosticSeverity.Warning)
    ]
    offered = await _actions_at(client, path, unaddressed[0])
    assert [a.title for a in offered] == [
        "Add an initiative that addresses "
        "Seat limits and overage rules are hard to work out (seat-pricing-unclear)"
    ]
    after = applied(text, _edits(offered[0], path))
    assert after.count("- id: address-seat-pricing-unclear\n") == 1
    again = await client.replace(path, after)
    assert [d for d in again if d.code == "CSJ204"] == []
    assert {d.code for d in again} == {d.code for d in published} - {"CSJ204"}
    await client.close(path)

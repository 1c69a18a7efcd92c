"""Completion: the exact ids, keys and values offered at a cursor, and none of another kind.

The unit tests edit a copy of examples/b2b-saas/journeys/smb.yaml in memory
(usually leaving a half-typed line) and ask `offers` directly, with the
candidates the server uses; the end-to-end tests send the same kind of
requests to the real `csjourney lsp` and check the items and their edit
ranges (0-based, UTF-16).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types

from conftest import EXAMPLES
from csjourney.lsp.completion import Offer, candidates_in, offers
from csjourney.lsp.index import Index
from csjourney.metric_types import METRIC_TYPES
from csjourney.model import Journey, Touchpoint
from csjourney.valuesets import BUILTIN_CHANNELS
from lsp.lspclient import RecordingClient, Workspaces
from lsp.navcases import load_workspace

SMB = "journeys/smb.yaml"
SMB_PAIN_POINTS = [
    "seat-pricing-unclear",
    "connector-auth-failures",
    "blank-canvas",
    "involuntary-churn",
]
SMB_METRICS = [
    "smb-logo-churn", "smb-grr", "smb-nrr", "smb-guide-visitors", "smb-visit-to-trial",
    "smb-trial-to-paid", "smb-activation", "smb-time-to-first-dashboard", "smb-onboarding-ces",
    "smb-weekly-active", "smb-support-csat", "smb-multi-dashboard", "smb-upgrade-rate",
    "smb-renewal-rate", "smb-nps",
]  # fmt: skip
EVIDENCE = [
    "onboarding-survey-2026q3", "churn-interviews-2026", "product-usage-warehouse",
    "support-ticket-review-2026q3", "g2-reviews-2026", "relationship-nps-2026h2",
]  # fmt: skip


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("completion") / "b2b-saas"
    shutil.copytree(EXAMPLES / "b2b-saas", root)
    return root


@pytest.fixture(scope="module")
def index(workspace: Path) -> Index:
    summaries, loaded = load_workspace(workspace)
    return Index.build(summaries, loaded.get)


def _edited(workspace: Path, line: int, new: str) -> str:
    """smb.yaml's text with 1-based `line` replaced by `new`."""
    lines = (workspace / SMB).read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].strip(), "the line replaced holds something"
    lines[line - 1] = new
    return "\n".join(lines)


def _offers(workspace: Path, index: Index, line: int, new: str, column: int = 0) -> list[Offer]:
    """The offers at the end of `new` (or at `column`) once it replaces `line`."""
    text = _edited(workspace, line, new)
    candidates = candidates_in(text, line, workspace / SMB, lambda: index)
    return offers(text, line, column or len(new) + 1, candidates)[1]


def _labels(found: list[Offer]) -> list[str]:
    return [offer.label for offer in found]


def test_addresses_offers_this_journeys_pain_points_not_yet_listed(
    workspace: Path, index: Index
) -> None:
    found = _offers(workspace, index, 134, "          addresses: [connector-auth-failures, ")
    assert _labels(found) == ["seat-pricing-unclear", "blank-canvas", "involuntary-churn"]
    assert found[0] == Offer(
        "seat-pricing-unclear",
        "id",
        "seat-pricing-unclear",
        "Seat limits and overage rules are hard to work out",
        "pain point",
    )


def test_a_block_list_item_of_addresses_in_a_file_that_no_longer_parses(
    workspace: Path, index: Index
) -> None:
    text = _edited(workspace, 134, "          addresses:\n            - bla")
    text = text.replace("improves: [smb-activation, smb-onboarding-ces]", "improves: [smb-act")
    candidates = candidates_in(text, 135, workspace / SMB, lambda: index)
    found = offers(text, 135, 18, candidates)[1]
    assert _labels(found) == SMB_PAIN_POINTS


def test_the_journeys_segments_are_the_workspaces(workspace: Path, index: Index) -> None:
    found = _offers(workspace, index, 11, "  segments: [smb, ")
    assert [(o.label, o.detail, o.description) for o in found] == [
        ("mid-market", "Mid-market (scaled CSM)", "segment"),
        ("enterprise", "Enterprise (named CSM)", "segment"),
    ]


def test_after_a_list_fields_key_each_id_comes_as_a_flow_list(
    workspace: Path, index: Index
) -> None:
    found = _offers(workspace, index, 11, "  segments: ")
    assert [(o.label, o.insert) for o in found] == [
        ("smb", "[smb]"),
        ("mid-market", "[mid-market]"),
        ("enterprise", "[enterprise]"),
    ]


def test_a_library_files_new_segment_and_a_measure_binding() -> None:
    library = "csjourney: 1\nsegments:\n  - id: smb\n    name: Small\n  - \n"
    assert _labels(offers(library, 5, 5, lambda kind: [])[1])[:3] == ["id", "name", "description"]
    binding = "csjourney: 1\njourney:\n  metrics:\n    - id: m\n      measure:\n        from: "
    assert _labels(offers(binding, 6, 15, lambda kind: [])[1]) == ["events", "responses"]


def test_a_channel_is_a_declared_or_built_in_channel(workspace: Path, index: Index) -> None:
    found = _offers(workspace, index, 25, "          channel: ")
    assert _labels(found) == ["qbr", "slack-connect", *BUILTIN_CHANNELS]
    assert found[0].what == "id" and found[0].detail == "Quarterly business review"
    assert {o.what for o in found[2:]} == {"builtin"}


def test_evidence_improves_and_touchpoints_offer_their_own_kind(
    workspace: Path, index: Index
) -> None:
    assert _labels(_offers(workspace, index, 130, "          evidence: [")) == EVIDENCE
    assert _labels(_offers(workspace, index, 135, "          improves: [")) == SMB_METRICS
    touchpoints = _labels(_offers(workspace, index, 129, "          touchpoints: [s"))
    assert touchpoints[:3] == ["seo-guides", "peer-reviews", "pricing-page"]
    assert len(touchpoints) == 18 and not set(touchpoints) & set(SMB_METRICS + EVIDENCE)


def test_a_half_typed_key_offers_the_touchpoints_keys_not_written(
    workspace: Path, index: Index
) -> None:
    found = _offers(workspace, index, 26, "          au")
    assert _labels(found) == ["owner", "automated", "emotion", "segments", "description", "url"]
    assert found[1] == Offer(
        "automated",
        "key",
        "automated: ",
        None,
        "touchpoint",
        Touchpoint.model_fields["automated"].description,
    )


def test_a_key_already_followed_by_its_colon_is_replaced_alone(
    workspace: Path, index: Index
) -> None:
    found = _offers(workspace, index, 25, "          chan: search", column=15)
    assert _labels(found) == ["channel", "automated", "emotion", "segments", "description", "url"]
    assert found[0].insert == "channel"
    assert found[0].detail == "required"


def test_top_level_keys_and_a_new_list_items_keys(workspace: Path, index: Index) -> None:
    text = "csjourney: 1\n\njourney:\n  id: x\n"
    assert _labels(offers(text, 2, 1, lambda kind: [])[1]) == ["segments", "evidence", "channels"]
    text = _edited(workspace, 27, "        - \n        - id: peer-reviews")
    found = offers(text, 27, 11, lambda kind: [])[1]
    assert _labels(found) == [*Touchpoint.model_fields]
    rest_of_item = _offers(workspace, index, 27, "        - ")  # its other keys are below
    assert _labels(rest_of_item) == ["id", "automated", "emotion", "segments", "description", "url"]


def test_enum_values_come_from_the_models(workspace: Path, index: Index) -> None:
    assert _labels(_offers(workspace, index, 128, "          severity: ")) == [
        "low",
        "medium",
        "high",
        "critical",
    ]
    status = _offers(workspace, index, 137, "          status: pl")
    assert _labels(status) == ["idea", "planned", "in-progress", "done", "dropped"]
    assert _labels(_offers(workspace, index, 26, "          automated: ")) == ["true", "false"]
    types_offered = _offers(workspace, index, 149, "          type: ")
    assert _labels(types_offered) == list(METRIC_TYPES)
    activation = types_offered[list(METRIC_TYPES).index("activation")]
    assert activation.doc == (
        "% of new customers activated\n\nrange: 0 to 100; direction: higher-is-better"
    )


def test_an_offer_right_after_a_colon_or_a_dash_gets_its_space(
    workspace: Path, index: Index
) -> None:
    found = _offers(workspace, index, 128, "          severity:")
    assert [offer.insert for offer in found] == [" low", " medium", " high", " critical"]
    text = _edited(workspace, 27, "        -\n        - id: peer-reviews")
    after_dash = offers(text, 27, 10, lambda kind: [])[1]
    assert [offer.insert for offer in after_dash][:2] == [" id: ", " name: "]


def test_nothing_in_free_text_or_a_comment(workspace: Path, index: Index) -> None:
    assert _offers(workspace, index, 24, "          name: Reporting te") == []
    assert _offers(workspace, index, 24, "          # channel: ") == []


# -- through the server --------------------------------------------------------------------


async def _complete(
    client: RecordingClient, path: Path, line: int, character: int
) -> types.CompletionList:
    params = types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
        position=types.Position(line=line, character=character),
    )
    found = await client.text_document_completion_async(params)
    assert isinstance(found, types.CompletionList)
    return found


def _edits(found: types.CompletionList) -> list[tuple[str, tuple[int, int, int, int], str]]:
    result = []
    for item in found.items:
        edit = item.text_edit
        assert isinstance(edit, types.TextEdit)
        where = edit.range
        span = (where.start.line, where.start.character, where.end.line, where.end.character)
        result.append((item.label, span, edit.new_text))
    return result


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_completes_pain_points_in_a_half_typed_line(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    path = workspaces.b2b / SMB
    typed = "          addresses: [connector-auth-failures, bl"
    await client.open(path, _edited(workspaces.b2b, 134, typed))
    found = await _complete(client, path, 133, len(typed))
    word = (133, len(typed) - 2, 133, len(typed))
    assert _edits(found) == [
        (pain_point, word, pain_point)
        for pain_point in ["seat-pricing-unclear", "blank-canvas", "involuntary-churn"]
    ]
    assert {item.kind for item in found.items} == {types.CompletionItemKind.Reference}
    assert {item.documentation for item in found.items} == {None}
    first = found.items[0]
    assert first.detail == "Seat limits and overage rules are hard to work out"
    assert first.label_details == types.CompletionItemLabelDetails(description="pain point")

    await client.replace(path, _edited(workspaces.b2b, 11, "  segments: [smb, "), version=3)
    segments = await _complete(client, path, 10, 18)
    assert _edits(segments) == [
        ("mid-market", (10, 18, 10, 18), "mid-market"),
        ("enterprise", (10, 18, 10, 18), "enterprise"),
    ]
    await client.replace(path, _edited(workspaces.b2b, 11, "  seg"), version=4)
    keys = await _complete(client, path, 10, 5)
    described = next(item for item in keys.items if item.label == "segments")
    # This client declares no Markdown: the field's description comes as plain text.
    assert described.documentation == Journey.model_fields["segments"].description
    await client.close(path)


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_completes_keys_and_values_at_utf16_positions(
    markdown_client: RecordingClient, workspaces: Workspaces
) -> None:
    client = markdown_client
    path = workspaces.b2c / "meal-kit.yaml"
    text = path.read_text(encoding="utf-8")
    head, marker, rest = text.partition("      touchpoints:\n")
    assert marker
    line = head.count("\n") + 1  # 0-based: the line after `touchpoints:`
    typed = '        - {name: "Box 📦", channel: em'
    await client.open(path, f"{head}{marker}{typed}\n{rest}")
    found = await _complete(client, path, line, len(typed) + 1)  # the emoji is two units
    # Every channel is offered: the client filters them by what is typed.
    assert [item.label for item in found.items] == list(BUILTIN_CHANNELS)
    email = _edits(found)[BUILTIN_CHANNELS.index("email")]
    assert email == ("email", (line, len(typed) - 1, line, len(typed) + 1), "email")

    keyed = '        - {name: "Box 📦", seg'
    await client.replace(path, f"{head}{marker}{keyed}\n{rest}")
    keys = await _complete(client, path, line, len(keyed) + 1)
    assert [item.label for item in keys.items] == [
        "id", "channel", "owner", "automated", "emotion", "segments", "description", "url",
    ]  # fmt: skip
    segments = next(item for item in keys.items if item.label == "segments")
    assert segments.documentation == types.MarkupContent(
        kind=types.MarkupKind.Markdown, value=Touchpoint.model_fields["segments"].description or ""
    )
    await client.close(path)

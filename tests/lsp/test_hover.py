"""Hover: the exact Markdown and range for references, ids, keys, metric types and findings.

The unit tests ask `hover_markdown` about copies of examples/b2b-saas; the
end-to-end tests ask the real `csjourney lsp`, including the text of a
finding, which must end with what `csjourney rule CODE` prints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lsprotocol import types

from conftest import EXAMPLES
from csjourney.diagnostics import Span
from csjourney.lsp.hover import RULE, hover_markdown
from csjourney.lsp.index import Index
from csjourney.model import Initiative
from csjourney.rulesinfo import explanation
from lsp.lspclient import RecordingClient, Workspaces
from lsp.navcases import load_workspace

SMB = "journeys/smb.yaml"
ACTIVATION = "metric type `activation`: % of new customers activated\n\n"
ACTIVATION_RANGE = "range: 0 to 100; direction: `higher-is-better`"


def _copy(folder: Path) -> Path:
    root = folder / "b2b-saas"
    shutil.copytree(EXAMPLES / "b2b-saas", root)
    return root


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory.mktemp("hover"))


def _hover(root: Path, line: int, column: int, file: str = SMB) -> tuple[str, Span] | None:
    summaries, loaded = load_workspace(root)
    index = Index.build(summaries, loaded.get)
    path = root / file
    text = path.read_text(encoding="utf-8")

    def data_of(file: Path) -> object:
        return loaded[file].data if file in loaded else None

    def shown(file: Path) -> str:
        return file.relative_to(root).as_posix()

    return hover_markdown(path, text, line, column, index, [], data_of, shown)


def test_a_reference_shows_the_item_it_names(workspace: Path) -> None:
    # line 134: `          addresses: [connector-auth-failures]`
    assert _hover(workspace, 134, 30) == (
        "**pain point** `connector-auth-failures`: Data connector authorisation fails without "
        "a clear reason\n\ndefined at `journeys/smb.yaml:119`",
        Span(134, 23, 134, 46),
    )
    assert _hover(workspace, 11, 14) == (  # `  segments: [smb]`, in another file
        "**segment** `smb`: Small business (self-serve and low-touch)\n\n"
        "defined at `library.yaml:9`",
        Span(11, 14, 11, 17),
    )
    assert _hover(workspace, 111, 22) == (  # `channel: in-app`
        "**channel** `in-app`\n\nbuilt-in channel",
        Span(111, 20, 111, 26),
    )


def test_an_unknown_id_says_so(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    smb = root / SMB
    text = smb.read_text(encoding="utf-8")
    smb.write_text(text.replace("addresses: [connector-auth-failures]", "addresses: [ghost]"))
    assert _hover(root, 134, 25) == (
        "**pain point** `ghost`: no pain point has this id",
        Span(134, 23, 134, 28),
    )


def test_a_metric_shows_its_types_range_and_direction(workspace: Path) -> None:
    item = "**metric** `smb-activation`: Accounts activated within 14 days\n\n"
    assert _hover(workspace, 147, 20) == (  # where it is defined
        f"{item}defined at `journeys/smb.yaml:147`\n\n{ACTIVATION}{ACTIVATION_RANGE}",
        Span(147, 15, 147, 29),
    )
    assert _hover(workspace, 135, 22) == (  # `improves: [smb-activation, ...]`
        f"{item}defined at `journeys/smb.yaml:147`\n\n{ACTIVATION}{ACTIVATION_RANGE}",
        Span(135, 22, 135, 36),
    )
    assert _hover(workspace, 149, 20) == (  # `type: activation`
        f"{ACTIVATION}{ACTIVATION_RANGE}",
        Span(149, 17, 149, 27),
    )


def test_a_metric_that_sets_its_own_direction_says_both(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    smb = root / SMB
    lines = smb.read_text(encoding="utf-8").split("\n")
    assert lines[148] == "          type: activation"
    lines.insert(149, "          direction: lower-is-better")
    smb.write_text("\n".join(lines), encoding="utf-8")
    found = _hover(root, 147, 20)
    assert found is not None
    assert found[0].endswith(f"{ACTIVATION_RANGE} (this metric: `lower-is-better`)")


def test_a_key_shows_its_field_doc(workspace: Path) -> None:
    assert _hover(workspace, 134, 14) == (
        "**addresses** (initiative, optional)\n\n"
        f"{Initiative.model_fields['addresses'].description}",
        Span(134, 11, 134, 20),
    )
    assert _hover(workspace, 133, 13) == (
        f"**name** (initiative, required)\n\n{Initiative.model_fields['name'].description}",
        Span(133, 11, 133, 15),
    )


def test_a_key_in_a_file_that_does_not_parse_still_shows_its_doc(workspace: Path) -> None:
    summaries, loaded = load_workspace(workspace)
    index = Index.build(summaries, loaded.get)
    path = workspace / SMB
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[134] = "          improv"  # half-typed: the text no longer parses
    found = hover_markdown(
        path, "\n".join(lines), 134, 14, index, [], lambda file: None, lambda file: file.name
    )
    assert found == (
        "**addresses** (initiative, optional)\n\n"
        f"{Initiative.model_fields['addresses'].description}",
        Span(134, 11, 134, 20),
    )


def test_free_text_and_blank_space_show_nothing(workspace: Path) -> None:
    assert _hover(workspace, 133, 30) is None  # inside an initiative's name
    assert _hover(workspace, 6, 1) is None  # a blank line


# -- through the server --------------------------------------------------------------------


async def _hover_at(client: RecordingClient, path: Path, line: int, character: int) -> types.Hover:
    params = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
        position=types.Position(line=line, character=character),
    )
    found = await client.text_document_hover_async(params)
    assert isinstance(found, types.Hover)
    return found


def _range(found: types.Hover) -> tuple[int, int, int, int]:
    assert found.range is not None
    start, end = found.range.start, found.range.end
    return start.line, start.character, end.line, end.character


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_hovers_a_reference_with_its_item(
    markdown_client: RecordingClient, workspaces: Workspaces
) -> None:
    client = markdown_client
    path = workspaces.b2b / SMB
    await client.open(path)
    found = await _hover_at(client, path, 10, 14)  # `  segments: [smb]`
    assert found.contents == types.MarkupContent(
        kind=types.MarkupKind.Markdown,
        value="**segment** `smb`: Small business (self-serve and low-touch)\n\n"
        "defined at `library.yaml:9`",
    )
    assert _range(found) == (10, 13, 10, 16)
    await client.close(path)


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_hovers_a_finding_with_its_rules_text(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    path = workspaces.b2b / SMB
    text = path.read_text(encoding="utf-8")
    unaddressed = text.replace("addresses: [connector-auth-failures]", "addresses: [blank-canvas]")
    published = await client.open(path, unaddressed)
    finding = next(d for d in published if d.code == "CSJ204")
    start = finding.range.start
    found = await _hover_at(client, path, start.line, start.character + 1)
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.PlainText  # this client takes no Markdown
    item = (
        "**pain point** `connector-auth-failures`: Data connector authorisation fails without "
        "a clear reason\n\ndefined at `journeys/smb.yaml:119`"
    )
    assert (start.line, start.character) == (118, 14)  # the pain point's id
    sections = found.contents.value.split(RULE)
    assert sections[0] == item
    message, _, hint = finding.message.partition("\nhint: ")  # the message as published
    head = f"**CSJ204** `pain-point-unaddressed`: {message}\n\nhint: {hint}\n\n"
    assert sections[1].startswith(head)
    assert sections[1].endswith(f"`csjourney rule CSJ204`:\n\n{explanation('CSJ204')}")
    assert _range(found) == (118, 14, 118, 37)
    await client.close(path)


@pytest.mark.asyncio(loop_scope="module")
async def test_the_server_hovers_an_unknown_key_with_its_finding(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    path = workspaces.b2b / SMB
    text = path.read_text(encoding="utf-8")
    assert text.split("\n")[21] == "      touchpoints:"
    published = await client.open(path, text.replace("      touchpoints:", "      touchpionts:", 1))
    finding = next(d for d in published if d.code == "CSJ101")
    assert (finding.range.start.line, finding.range.start.character) == (21, 6)
    found = await _hover_at(client, path, 21, 9)
    assert isinstance(found.contents, types.MarkupContent)
    key, rule = found.contents.value.split(RULE)
    assert key == "`touchpionts` is no key of the format here"
    assert rule.startswith("**CSJ101** `unknown-key`: ")
    assert rule.endswith(f"`csjourney rule CSJ101`:\n\n{explanation('CSJ101')}")
    assert _range(found) == (21, 6, 21, 17)
    await client.close(path)

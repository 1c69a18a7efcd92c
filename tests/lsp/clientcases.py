"""A second kind of editor for the completion and hover tests: one that takes Markdown.

The shared client (lsp/lspclient.py) declares no completion or hover
capabilities, so the server answers it in plain text; this one declares
Markdown for both, as VS Code and Neovim do, and gets Markdown.
"""

from __future__ import annotations

from lsprotocol import types

from lsp.lspclient import RecordingClient, Workspaces, capabilities

FORMATS = [types.MarkupKind.Markdown, types.MarkupKind.PlainText]


def markdown_capabilities() -> types.ClientCapabilities:
    """The shared client's capabilities, with Markdown in completion items and hovers."""
    offered = capabilities()
    assert offered.text_document is not None
    item = types.ClientCompletionItemOptions(documentation_format=FORMATS)
    offered.text_document.completion = types.CompletionClientCapabilities(completion_item=item)
    offered.text_document.hover = types.HoverClientCapabilities(content_format=FORMATS)
    return offered


async def initialize_for_markdown(client: RecordingClient, workspaces: Workspaces) -> None:
    folders = workspaces.folders()
    await client.initialize_session(
        types.InitializeParams(
            capabilities=markdown_capabilities(), workspace_folders=folders, root_uri=folders[0].uri
        )
    )

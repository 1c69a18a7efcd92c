"""The editor integration, tested with the real yaml-language-server over LSP stdio.

docs/format.md promises completion, hover help and squiggles from
schemas/csjourney-v1.schema.json. These tests drive the pinned server that
`scripts/npm-tools.sh` installs (as `make test` does) the way an editor does:
Content-Length framed JSON-RPC over the server's stdin and stdout. Every wait
has a timeout, so a server that hangs fails the test instead of blocking it.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, CliResult
from csjourney.metric_types import METRIC_TYPES
from csjourney.model import Journey, JourneyFile, Metric, Stage, Touchpoint
from csjourney.valuesets import BUILTIN_CHANNELS
from npmtools import npm_tool

SCHEMA_FILE = ROOT / "schemas" / "csjourney-v1.schema.json"
MINIMAL = EXAMPLES / "minimal" / "journey.yaml"
TIMEOUT = 30.0  # seconds for any one answer; the server answers in well under one
SETTINGS: dict[str, Any] = {
    "validate": True,
    "hover": True,
    "completion": True,
    "schemaStore": {"enable": False},  # no network: only our schema
    "schemas": {SCHEMA_FILE.as_uri(): "**/by-settings/*.yaml"},
}


class LanguageServer:
    """A minimal LSP client: requests, notifications, and the diagnostics pushed to us."""

    def __init__(self, argv: list[str]) -> None:
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.opened: set[str] = set()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while line := stream.readline().strip():
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:  # end of output: the server exited
                self.inbox.put(None)
                return
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        answer = self._pump(lambda m: m.get("id") == self.next_id and "method" not in m)
        assert "error" not in answer, answer
        return answer.get("result")

    def _pump(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Handle what the server sends until `wanted` matches one message."""
        while True:
            try:
                message = self.inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"yaml-language-server: no answer in {TIMEOUT:g}s") from None
            if message is None:
                stderr = self.process.stderr.read().decode() if self.process.stderr else ""
                raise AssertionError(f"yaml-language-server exited: {stderr}")
            if message.get("method") == "textDocument/publishDiagnostics":
                self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
            elif "method" in message and "id" in message:  # a request to us, the editor
                self._send({"id": message["id"], "result": self._answer(message)})
            if wanted(message):
                return message

    @staticmethod
    def _answer(message: dict[str, Any]) -> Any:
        if message["method"] == "workspace/configuration":
            items = message["params"]["items"]
            return [SETTINGS if item.get("section") == "yaml" else {} for item in items]
        return None

    def open(self, path: Path, text: str) -> list[dict[str, Any]]:
        """Open a document as an editor does; return the diagnostics the server publishes."""
        uri = path.as_uri()
        if uri in self.opened:  # reopened with new text, as after an edit
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.opened.add(uri)
        self.diagnostics.pop(uri, None)
        document = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})
        self._pump(lambda _: uri in self.diagnostics)
        return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    server_script = npm_tool("yaml-language-server/bin/yaml-language-server")
    client = LanguageServer(["node", str(server_script), "--stdio"])
    try:
        capabilities = {
            "workspace": {"configuration": True},
            "textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"documentationFormat": ["markdown"]}},
            },
        }
        init = {"processId": None, "rootUri": ROOT.as_uri(), "capabilities": capabilities}
        info = client.request("initialize", init)["serverInfo"]
        assert info == {"name": "yaml-language-server", "version": "1.25.0"}
        client.notify("initialized", {})
        client.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})
        yield client
    finally:
        client.close()


def _position(text: str, line_text: str, column: int = 0) -> dict[str, int]:
    """The LSP position (0-based) `column` characters into the first line holding `line_text`."""
    lines = text.splitlines()
    line = next(i for i, each in enumerate(lines) if line_text in each)
    return {"line": line, "character": lines[line].index(line_text) + column}


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_example_gets_no_diagnostic(path: Path, server: LanguageServer) -> None:
    # Each finds the schema through its modeline, as users' files do (a wrong path is an error).
    assert server.open(path, path.read_text(encoding="utf-8")) == []


# A mistake typed into the minimal example: (text there, text typed instead).
MISTAKES = {
    "typo'd stage key": ("      exit_criteria: Opens", "      exit_critera: Opens"),
    "typo'd top-level key": ("\nsegments:\n", "\nchanels: []\nsegments:\n"),
    "typo'd touchpoint key": ("          owner: content-marketing", "          ower: x"),
    "activation above 100": ("          current: 42\n", "          current: 142\n"),
    "conversion below 0": ("          current: 15\n", "          current: -15\n"),
    "an NPS of 150": ("          type: count\n", "          type: nps\n          baseline: 150\n"),
    "emotion out of range": (
        "      name: Awareness\n",
        "      name: Awareness\n      emotion: 3\n",
    ),
    "unknown stage kind": ("      name: Decision\n", "      name: Decision\n      kind: decide\n"),
    "channel not an id": ("          channel: email\n", "          channel: E-mail\n"),
    "text for a number": ("  review_every_days: 365", "  review_every_days: yearly"),
    "missing stage name": ("      name: Consideration\n", ""),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_editor_flags_a_mistake_where_validate_does(
    mistake: str, server: LanguageServer, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    valid, typed = MISTAKES[mistake]
    original = MINIMAL.read_text(encoding="utf-8")
    assert valid in original, "the example changed; update the mistake"
    text = _editable(original).replace(valid, typed, 1)
    path = tmp_path / "journey.yaml"
    path.write_text(text, encoding="utf-8")

    flagged = server.open(path, text)
    assert _starts(flagged) == _validate_starts(csj, path), [d["message"] for d in flagged]
    assert all(d["severity"] == 1 for d in flagged)  # errors, not warnings


def test_a_map_associated_by_settings_is_checked(
    server: LanguageServer, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    """`yaml.schemas` in the editor's settings, instead of a modeline."""
    text = MINIMAL.read_text(encoding="utf-8").split("csjourney: 1", 1)[1]
    text = "csjourney: 1" + text.replace("  owner: growth-cs\n", "  ownr: growth-cs\n")
    path = tmp_path / "by-settings" / "journey.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    flagged = server.open(path, text)
    assert (_position(text, "ownr:")["line"] + 1, 3) in _starts(flagged)
    assert _starts(flagged) == _validate_starts(csj, path)


def _starts(diagnostics: list[dict[str, Any]]) -> set[tuple[int, int]]:
    """Where each diagnostic starts, 1-based as csjourney reports it."""
    return {
        (d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1) for d in diagnostics
    }


def _validate_starts(csj: Callable[..., CliResult], path: Path) -> set[tuple[int, int]]:
    result = csj("validate", "--no-lint", "--format", "json", path)
    assert result.code == 1, result.err
    return {(d["line"], d["column"]) for d in json.loads(result.out)["diagnostics"]}


HOVERS = [  # (line text, description the model gives that key)
    ("csjourney: 1", JourneyFile.model_fields["csjourney"].description),
    ("review_every_days:", Journey.model_fields["review_every_days"].description),
    ("exit_criteria: Opens", Stage.model_fields["exit_criteria"].description),
    ("channel: search", Touchpoint.model_fields["channel"].description),
    ("target: 20000", Metric.model_fields["target"].description),
]


@pytest.mark.parametrize(("line_text", "description"), HOVERS, ids=lambda v: str(v)[:20])
def test_hover_on_a_key_shows_its_description(
    line_text: str, description: str, server: LanguageServer
) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    server.open(MINIMAL, text)
    position = _position(text, line_text, 2)
    hover = server.request(
        "textDocument/hover", {"textDocument": {"uri": MINIMAL.as_uri()}, "position": position}
    )
    assert description and description in hover["contents"]["value"]


def test_hover_on_a_metric_type_says_what_it_measures(server: LanguageServer) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    server.open(MINIMAL, text)
    position = _position(text, "type: conversion", len("type: c"))
    hover = server.request(
        "textDocument/hover", {"textDocument": {"uri": MINIMAL.as_uri()}, "position": position}
    )
    assert METRIC_TYPES["conversion"].description in hover["contents"]["value"]


def _complete(
    server: LanguageServer, path: Path, text: str, position: dict[str, int]
) -> list[dict[str, Any]]:
    server.open(path, text)
    result = server.request(
        "textDocument/completion", {"textDocument": {"uri": path.as_uri()}, "position": position}
    )
    items: list[dict[str, Any]] = result["items"] if isinstance(result, dict) else result
    return items


def _editable(text: str) -> str:
    """The example's text with its modeline's schema path made absolute, for a copy elsewhere."""
    return text.replace("$schema=../../schemas/", f"$schema={ROOT.as_uri()}/schemas/", 1)


def test_completion_in_a_stage_offers_the_stage_keys(
    server: LanguageServer, tmp_path: Path
) -> None:
    original = MINIMAL.read_text(encoding="utf-8")
    text = _editable(original.replace("      name: Decision\n", "      name: Decision\n      \n"))
    below = _position(text, "      name: Decision")["line"] + 1  # the new, empty line
    items = _complete(server, tmp_path / "j.yaml", text, {"line": below, "character": 6})
    present = {"id", "name", "exit_criteria", "touchpoints", "metrics"}
    assert {item["label"] for item in items} == set(Stage.model_fields) - present


def test_completion_of_a_channel_offers_the_built_ins_with_their_meaning(
    server: LanguageServer, tmp_path: Path
) -> None:
    text = _editable(MINIMAL.read_text(encoding="utf-8").replace("channel: email", "channel: "))
    position = _position(text, "channel: ", len("channel: "))
    items = _complete(server, tmp_path / "j.yaml", text, position)
    offered = {item["label"]: item for item in items}
    assert set(BUILTIN_CHANNELS) <= set(offered)
    assert "help articles" in str(offered["help-center"].get("documentation"))

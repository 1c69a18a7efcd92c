"""The server's life and what it survives; and the `csjourney lsp` command around it.

Broken input never stops the server: after each mistake (malformed YAML, a
file deleted while open, a file outside any workspace, a config that is no
TOML, a URI that is no file) the next request is still answered, and no
traceback reaches stderr.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from conftest import FULL_EXAMPLE
from csjourney.filecheck import FileResult, Task, check_file
from csjourney.lint.registry import find_rule
from csjourney.lsp import session as session_module
from csjourney.lsp.command import MISSING_EXTRA
from csjourney.lsp.session import workspace_of
from lsp.lspclient import RecordingClient, Workspaces, make_client, server_config

IN_MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")  # the module's one server
Deleted, Created = types.FileChangeType.Deleted, types.FileChangeType.Created


async def still_answers(client: RecordingClient, tmp_path: Path) -> None:
    """The server is alive: a fresh file's diagnostics still come."""
    probe = tmp_path / "probe" / "probe.yaml"
    probe.parent.mkdir(exist_ok=True)
    found = await client.open(probe, "csjourney: 1\nbogus: 1\n")
    assert [d.code for d in found] == ["CSJ101"]
    await client.close(probe)


def test_initialize_advertises_every_feature_module(tmp_path: Path) -> None:
    async def capabilities() -> types.ServerCapabilities:
        client = make_client()
        await client.start_io(*server_config().server_command)
        started = await client.initialize_session(
            types.InitializeParams(capabilities=types.ClientCapabilities())
        )
        await client.shutdown_session()
        await client.stop()  # type: ignore[no-untyped-call]
        assert started.server_info is not None and started.server_info.name == "csjourney"
        return started.capabilities

    offered = asyncio.run(capabilities())
    sync = offered.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.change == types.TextDocumentSyncKind.Incremental
    assert sync.open_close and sync.save
    # One provider per module of FEATURES: navigation, completion, hover, actions.
    for provider in (
        offered.definition_provider,
        offered.references_provider,
        offered.rename_provider,
        offered.completion_provider,
        offered.hover_provider,
        offered.code_action_provider,
    ):
        assert provider


@IN_MODULE_LOOP
async def test_the_server_registers_its_file_watchers(client: RecordingClient) -> None:
    (registration,) = await client.registered()
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    watchers = registration.register_options["watchers"]  # type: ignore[index]
    assert [w["globPattern"] for w in watchers] == [
        "**/*.yaml",
        "**/*.yml",
        "**/csjourney.toml",
        "**/pyproject.toml",
    ]


@IN_MODULE_LOOP
async def test_malformed_yaml_is_a_diagnostic(client: RecordingClient, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    found = await client.open(broken, "csjourney: 1\njourney: [id: x\n")
    assert [(d.code, d.severity) for d in found] == [("CSJ001", types.DiagnosticSeverity.Error)]
    await client.close(broken)
    await still_answers(client, tmp_path)


@IN_MODULE_LOOP
async def test_a_library_deleted_on_disk_breaks_the_journeys_until_it_is_back(
    client: RecordingClient, workspaces: Workspaces
) -> None:
    library = workspaces.b2b / "library.yaml"
    journey = workspaces.b2b / "journeys" / "smb.yaml"
    saved = library.read_bytes()
    assert not [d for d in await client.open(journey) if d.code == "CSJ121"]

    library.unlink()
    count = client.count(journey)
    client.changed_on_disk((library, Deleted))
    found = await client.published_after(journey, count)
    assert "no segment has the id `smb`" in [d.message for d in found if d.code == "CSJ121"]

    library.write_bytes(saved)
    count = client.count(journey)
    client.changed_on_disk((library, Created))
    assert not [d for d in await client.published_after(journey, count) if d.code == "CSJ121"]
    await client.close(journey)


@IN_MODULE_LOOP
async def test_an_open_file_deleted_on_disk_keeps_its_buffer(
    client: RecordingClient, workspaces: Workspaces, tmp_path: Path
) -> None:
    journey = workspaces.b2b / "journeys" / "enterprise.yaml"
    saved = journey.read_bytes()
    text = saved.decode("utf-8")
    before = await client.open(journey, text)

    journey.unlink()
    count = client.count(journey)
    client.changed_on_disk((journey, Deleted))
    assert await client.published_after(journey, count) == before
    assert "CSJ101" in {d.code for d in await client.replace(journey, text + "bogus: 1\n")}
    assert await client.close(journey) == []
    journey.write_bytes(saved)
    client.changed_on_disk((journey, Created))
    await still_answers(client, tmp_path)


@IN_MODULE_LOOP
async def test_files_outside_any_workspace_are_checked_with_the_others_open_beside_them(
    client: RecordingClient, tmp_path: Path
) -> None:
    # No csjourney.toml above: like `validate a.yaml b.yaml`, only the open files count.
    library = tmp_path / "library.yaml"
    journey = tmp_path / "map.yaml"
    text = "csjourney: 1\njourney:\n  id: j\n  title: J\n  segments: [smb]\n  stages: []\n"
    found = await client.open(journey, text)
    assert [d.message for d in found if d.code == "CSJ121"] == ["no segment has the id `smb`"]
    count = client.count(journey)
    await client.open(library, "csjourney: 1\nsegments:\n  - {id: smb, name: Small}\n")
    found = await client.published_after(journey, count)
    assert not [d for d in found if d.code == "CSJ121"]
    await client.close(library)
    await client.close(journey)


@IN_MODULE_LOOP
async def test_a_config_that_is_no_toml_is_reported_and_the_maps_still_checked(
    client: RecordingClient, tmp_path: Path
) -> None:
    config = tmp_path / "csjourney.toml"
    config.write_text("[lint\nselect = 1\n", encoding="utf-8")
    journey = tmp_path / "map.yaml"
    found = await client.open(journey, "csjourney: 1\nbogus: 1\n")
    assert [d.code for d in found] == ["CSJ101"]  # checked with the default settings
    (said,) = [m for m in client.messages if "not valid TOML" in m.message]
    assert said.type == types.MessageType.Warning

    found = await client.open(config, config.read_text(encoding="utf-8"))
    (problem,) = found
    assert (problem.code, problem.range.start.line) == ("config", 0)
    assert problem.message.startswith("not valid TOML")

    config.write_text("[lint]\nignore = []\n", encoding="utf-8")
    count = client.count(config)
    client.changed_on_disk((config, types.FileChangeType.Changed))
    assert await client.published_after(config, count) == []
    await client.close(config)
    await client.close(journey)


@IN_MODULE_LOOP
async def test_a_document_that_is_no_file_is_left_alone(
    client: RecordingClient, tmp_path: Path
) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri="untitled:Untitled-1", language_id="yaml", version=1, text="csjourney: 1\n"
            )
        )
    )
    await still_answers(client, tmp_path)
    assert "untitled:Untitled-1" not in client.published


@IN_MODULE_LOOP
async def test_no_traceback_reached_stderr(client: RecordingClient) -> None:
    # After the mistakes above (this test runs after them), the server's stderr is clean.
    assert "Traceback" not in "".join(client.stderr)


def test_a_utf8_client_with_progress_gets_utf8_positions_and_a_load_notice(
    tmp_path: Path,
) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    journey = tmp_path / "map.yaml"
    text = 'csjourney: 1\njourney: {id: j, title: "né 🚀", bogus: 1, stages: []}\n'

    async def session() -> tuple[RecordingClient, str, list[types.Diagnostic]]:
        client = make_client()
        await client.start_io(*server_config().server_command)
        offered = types.ClientCapabilities(
            general=types.GeneralClientCapabilities(position_encodings=["utf-8"]),
            window=types.WindowClientCapabilities(work_done_progress=True),
        )
        started = await client.initialize_session(types.InitializeParams(capabilities=offered))
        found = await client.open(journey, text)
        await client.shutdown_session()
        await client.stop()  # type: ignore[no-untyped-call]
        return client, str(started.capabilities.position_encoding), found

    client, encoding, found = asyncio.run(session())
    assert encoding == "utf-8"
    (unknown,) = [d for d in found if d.code == "CSJ101"]
    # `bogus` is str index 32 of line 2; é is two bytes, the rocket four: 36 to 41.
    assert text.splitlines()[1].index("bogus") == 32
    assert (unknown.range.start.character, unknown.range.end.character) == (36, 41)
    ((begin, end),) = client.progress_reports.values()  # the first load, under a notice
    assert isinstance(begin, types.WorkDoneProgressBegin)
    assert begin.title == f"csjourney: checking {tmp_path.name}"
    assert isinstance(end, types.WorkDoneProgressEnd)
    assert end.message is not None and end.message.startswith("checked 1 file in ")


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_help_names_the_transport() -> None:
    done = _run("-m", "csjourney", "lsp", "--help")
    assert done.returncode == 0
    assert "--stdio" in done.stdout
    assert "language server" in done.stdout


def test_without_the_lsp_extra_the_command_says_how_to_get_it() -> None:
    script = (
        "import sys\n"
        "sys.modules['pygls'] = None\n"  # what `import pygls` meets without the extra
        "from csjourney.cli import main\n"
        "main(['lsp', '--stdio'])\n"
    )
    done = _run("-c", script)
    assert done.returncode == 2
    assert done.stderr == f"csjourney: error: {MISSING_EXTRA}\n"
    assert "Traceback" not in done.stderr


def test_a_raw_stdio_session_survives_a_malformed_message_and_exits_zero(tmp_path: Path) -> None:
    def message(payload: dict[str, object]) -> bytes:
        body = json.dumps(payload).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    messages: list[dict[str, object]] = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        # A client's mistake: params that are no didOpen's. pygls says so; no traceback.
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 5}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "csjourney", "lsp", "--stdio"],
        input=b"".join(message(m) for m in messages),
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"Content-Length: ")
    assert b'"name": "csjourney"' in done.stdout
    assert b"Traceback" not in done.stderr


_PROBE = """
import json, sys
sys.argv = ["csjourney", *{args!r}]
from csjourney.cli import main
try:
    main()
except SystemExit as done:
    assert done.code == 0, done.code
heavy = {{"pygls", "lsprotocol", "watchfiles", "pytest_lsp"}}
print(json.dumps(sorted({{n.split(".")[0] for n in sys.modules}} & heavy)))
"""


@pytest.mark.parametrize(
    "args", [["--version"], ["validate", str(FULL_EXAMPLE)]], ids=["version", "validate"]
)
def test_other_commands_do_not_import_the_language_server(args: list[str]) -> None:
    env = {**os.environ, "CSJOURNEY_DEBUG": "1"}
    done = _run("-c", _PROBE.format(args=args), env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


_STALE_AFTER_NOVEMBER = """csjourney: 1
segments: [{id: smb, name: Small business}]
journey:
  {id: j, title: J, segments: [smb], stages: [{id: onboarding, name: Onboarding}],
   metrics: [{id: activation, name: Activated, type: activation, measured: 2026-07-30}]}
"""


def test_a_new_day_judges_the_date_based_rules_again(tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    journey = tmp_path / "map.yaml"
    session = workspace_of(tmp_path, dt.date(2026, 8, 1))
    session.open(journey, _STALE_AFTER_NOVEMBER)
    stale = find_rule("metric-stale")
    assert stale is not None
    assert stale.code not in {d.code for d in session.diagnostics(journey)}

    session.today = dt.date(2026, 11, 28)  # the server ran past midnight, months of them

    assert stale.code in {d.code for d in session.diagnostics(journey)}


def test_a_check_that_fails_leaves_out_its_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(task: Task, *args: Any, **kwargs: Any) -> FileResult:
        if task.path.name == "bad.yaml":
            raise RuntimeError("a bug")
        return check_file(task, *args, **kwargs)

    monkeypatch.setattr(session_module, "check_file", failing)
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    session = workspace_of(tmp_path)
    session.open(good, "csjourney: 1\nbogus: 1\n")
    session.open(bad, "csjourney: 1\n")

    assert [d.code for d in session.diagnostics(good)] == ["CSJ101"]
    assert session.diagnostics(bad) == []
    assert [(path, str(error)) for path, error in session.failures] == [(bad, "a bug")]

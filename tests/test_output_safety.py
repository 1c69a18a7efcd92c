"""Output that cannot be turned against its reader, in every format.

A table of hostile texts (terminal escapes, CR, bidi controls, forged lines,
XML and workflow-command syntax...) is put where a map's text reaches a
report: an unknown key's name, quoted in the message. A second table does the
same with file names, including one that is not UTF-8. Every report format
is then checked as its consumer reads it: a terminal (no raw control
character), GitHub's workflow-command parser, an XML parser, JSON, the SARIF
schema and a URI parser.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit
from xml.dom import minidom
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import SARIF_SCHEMA, CliResult
from csjourney.reporters import REPORTERS
from csjourney.safetext import SafeWriter

Csj = Callable[..., CliResult]

# Written independently of csjourney.safetext: what must never reach a reader raw.
RAW_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e"
    "\u2060-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)

HOSTILE = {
    "clear-screen": "\x1b[2J\x1b[H",
    "osc-window-title": "\x1b]0;pwned\x07",
    "osc8-hyperlink": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "conceal": "\x1b[8mhidden",
    "carriage-return-overwrite": "real\rFAKE",
    "backspaces": "abc\x08\x08\x08xyz",
    "bell": "ring\x07",
    "nul": "a\x00b",
    "delete": "a\x7fb",
    "c1-csi": "\x9b2J",
    "next-line": "a\x85b",
    "bidi-override": "\u202egnp.exe",
    "bidi-isolate": "\u2066x\u2069",
    "zero-width-space": "a\u200bb",
    "line-separator": "a\u2028b",
    "noncharacter": "x\ufffe",
    "forged-finding": "x\nmap.yaml:1:1: error CSJ999 forged",
    "cdata-end": "]]> <![CDATA[ & <tag a='1'>",
    "workflow-command": "::error file=x::forged%0A::warning::y",
    "percent-escapes": "%0A%25%3A",
}

FORMATS = list(REPORTERS)  # every registered reporter; CHECKS must know each


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text` (JSON escapes are YAML ones)."""
    return json.dumps(text, ensure_ascii=True)


def _map(key: str | None, title: str = "title: Trial") -> str:
    """A map whose stage has the unknown key `key` (None: a valid map)."""
    unknown = "" if key is None else f"      {_yaml_string(key)}: 1\n"
    return (
        f"csjourney: 1\njourney:\n  id: trial\n  {title}\n  segments: [smb]\n"
        f"  stages:\n    - id: onboarding\n      name: Onboarding\n{unknown}"
        "segments:\n  - id: smb\n    name: Small businesses\n"
    )


_WORKFLOW_COMMAND = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _check_text(out: str, count: int) -> None:
    findings = [line for line in out.splitlines() if re.match(r"^\S.*:\d+:\d+: ", line)]
    assert len(findings) == count, out
    assert not any(line.startswith("map.yaml:1:1:") for line in out.splitlines()), out


def _check_github(out: str, count: int) -> None:
    lines = out.splitlines()
    assert len(lines) == count and all(_WORKFLOW_COMMAND.match(line) for line in lines), out
    for line in lines:
        match = _WORKFLOW_COMMAND.match(line)
        assert match is not None
        keys = [item.split("=", 1)[0] for item in match["props"].split(",")]
        assert keys == ["file", "line", "col", "endLine", "endColumn", "title"], line


def _check_json(out: str, count: int) -> None:
    assert len(json.loads(out)["diagnostics"]) == count


def _check_sarif(out: str, count: int) -> None:
    document = json.loads(out)
    jsonschema.validate(document, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert len(document["runs"][0]["results"]) == count


def _check_gitlab(out: str, count: int) -> None:
    assert len(json.loads(out)) == count


def _check_junit(out: str, count: int) -> None:
    suite = ET.fromstring(out.encode("utf-8"))
    minidom.parseString(out.encode("utf-8"))  # a second, DOM-building parser
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.text is not None
    assert len(failure.text.splitlines()) == count


CHECKS: dict[str, Callable[[str, int], None]] = {
    "text": _check_text,
    "github": _check_github,
    "json": _check_json,
    "sarif": _check_sarif,
    "junit": _check_junit,
    "gitlab": _check_gitlab,
}


def test_every_reporter_has_a_safety_check() -> None:
    assert set(CHECKS) == set(REPORTERS), "a new reporter needs its check here"


def _assert_safe(raw: bytes) -> str:
    text = raw.decode("utf-8")  # strict: every report is valid UTF-8
    assert not RAW_UNSAFE.findall(text), RAW_UNSAFE.findall(text)
    return text


def _validate(csj: Csj, workspace: Path, fmt: str, *paths: str) -> tuple[CliResult, str]:
    """Run once to stdout and once to `--output`; both must be safe and the same."""
    target = workspace.parent / f"report.{fmt}"
    shown = csj("validate", *paths, "--no-lint", "-f", fmt, cwd=workspace)
    written = csj("validate", *paths, "--no-lint", "-f", fmt, "-o", target, cwd=workspace)
    assert shown.code == written.code == 1, shown.err
    _assert_safe(shown.out.encode("utf-8", "surrogatepass"))
    _assert_safe(shown.err.encode("utf-8", "surrogatepass"))
    text = _assert_safe(target.read_bytes())
    assert text == shown.out
    return shown, text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_in_a_map_is_inert_in_every_format(
    csj: Csj, tmp_path: Path, name: str, fmt: str
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "csjourney.toml").write_text("", encoding="utf-8")
    (workspace / "map.yaml").write_text(_map(HOSTILE[name]), encoding="utf-8")
    _, text = _validate(csj, workspace, fmt, "map.yaml")
    CHECKS[fmt](text, 1)
    # Machine formats keep the exact text (as JSON escapes where unsafe).
    if fmt == "json":
        assert HOSTILE[name] in json.loads(text)["diagnostics"][0]["message"]
    if fmt == "sarif":
        assert HOSTILE[name] in json.loads(text)["runs"][0]["results"][0]["message"]["text"]
    if fmt == "gitlab":
        assert HOSTILE[name] in json.loads(text)[0]["description"]


def test_escapes_are_visible_and_name_the_character(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(_map("a\x1b[2J\u202eb\rc"), encoding="utf-8")
    result = csj("validate", "map.yaml", "--no-lint", cwd=tmp_path)
    assert "unknown key `a\\x1b[2J\\u202eb\\x0dc`" in result.out


FILE_NAMES = {
    "not-utf8": os.fsdecode(b"caf\xe9.yaml"),
    "space-and-hash": "release #2.yaml",
    "query-and-percent": "100% ?q=1.yaml",
    "colon-and-comma": "a:b, c.yaml",
    "non-ascii": "réunion ☕.yaml",
    "newline": "two\nlines.yaml",
    "escape": "esc\x1b[31m.yaml",
    "bidi": "bidi\u202eLMY.yaml",
    "carriage-return": "cr\rover.yaml",
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", FILE_NAMES)
def test_hostile_file_names_are_inert_in_every_format(
    csj: Csj, tmp_path: Path, case: str, fmt: str
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "csjourney.toml").write_text("", encoding="utf-8")
    name = FILE_NAMES[case]
    (workspace / name).write_text(_map("bogus"), encoding="utf-8")
    _, text = _validate(csj, workspace, fmt, ".")
    CHECKS[fmt](text, 1)
    if fmt == "sarif":
        location = json.loads(text)["runs"][0]["results"][0]["locations"][0]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        parts = urlsplit(uri)
        assert not (parts.scheme or parts.netloc or parts.query or parts.fragment), uri
        assert unquote_to_bytes(parts.path) == os.fsencode(name), "the URI names that file"
    if fmt == "gitlab":
        assert json.loads(text)[0]["location"]["path"] == name


def test_a_sarif_uri_outside_the_repository_is_an_absolute_file_uri(
    csj: Csj, tmp_path: Path
) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "ws" / "csjourney.toml").write_text("", encoding="utf-8")
    path = tmp_path / "ws" / "release #2.yaml"
    path.write_text(_map("bogus"), encoding="utf-8")
    result = csj("validate", path, "-f", "sarif", "--no-lint", cwd=tmp_path / "elsewhere")
    location = json.loads(result.out)["runs"][0]["results"][0]["locations"][0]
    artifact = location["physicalLocation"]["artifactLocation"]
    # No repository here: the root is the working directory, and the file is outside it.
    assert artifact == {"uri": (tmp_path / "ws").as_uri() + "/release%20%232.yaml"}
    assert unquote_to_bytes(urlsplit(artifact["uri"]).path) == os.fsencode(path)


def test_usage_errors_show_paths_escaped(csj: Csj, tmp_path: Path) -> None:
    result = csj("validate", "--config", "x\x1b]0;pwned\x07\u202e.toml", cwd=tmp_path)
    assert result.code == 2
    _assert_safe(result.err.encode("utf-8"))
    assert "x\\x1b]0;pwned\\x07\\u202e.toml" in result.err


def test_fmt_names_files_escaped(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    name = "esc\x1b[31m" + os.fsdecode(b"\xe9") + ".yaml"
    (tmp_path / name).write_text(_map(None, title="title:    Trial"), encoding="utf-8")
    for args in (("fmt", "--check", "."), ("fmt", "--diff", "."), ("fmt", ".")):
        result = csj(*args, cwd=tmp_path)
        _assert_safe(result.out.encode("utf-8", "surrogatepass"))
        _assert_safe(result.err.encode("utf-8", "surrogatepass"))
    assert "reformatted esc\\x1b[31m\\xe9.yaml" in result.out


def test_render_summary_lines_are_escaped(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(_map(None), encoding="utf-8")
    result = csj("render", ".", "--format", "md", "--out", "out\x1b]0;x\x07\u202e", cwd=tmp_path)
    assert result.code == 0, result.err
    _assert_safe(result.out.encode("utf-8"))
    assert "out\\x1b]0;x\\x07\\u202e" in result.out


def test_the_stream_guard_escapes_what_any_code_prints() -> None:
    text = "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[8mhidden \r\u202e" + "\udce9\n"
    escaped = "\\x1b]0;title\\x07 \\x1b[8mhidden \\x0d\\u202e\\xe9\n"
    sink = io.StringIO()
    writer = SafeWriter(sink)
    writer.write(text)
    assert sink.getvalue() == "\\x1b[31mred\\x1b[0m " + escaped, "plain writes pass no escape"
    sink.seek(0)
    sink.truncate()
    writer.write_styled(text)
    assert sink.getvalue() == "\x1b[31mred\x1b[0m " + escaped, "reports pass only our colours"
    with pytest.raises(TypeError):
        writer.write(b"bytes")  # type: ignore[arg-type]


def test_coloured_text_output_passes_only_our_colours(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(_map("\x1b[31mred \x1b[8mhidden"), encoding="utf-8")
    result = csj("validate", "map.yaml", "--no-lint", cwd=tmp_path)
    assert "\x1b[31merror\x1b[0m" in result.out, "our colours still reach the terminal"
    assert "unknown key `\\x1b[31mred \\x1b[8mhidden`" in result.out


def test_fmt_as_a_filter_prints_the_map_exactly(tmp_path: Path) -> None:
    # `fmt -` output is data (it replaces the file in an editor): never escaped,
    # even with CRLF and characters the terminal guard would escape.
    import subprocess
    import sys

    text = _map(None, title='title:    "Trial \u202e\u200b"').replace("\n", "\r\n")
    source = text.encode("utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("csjourney")), "fmt", "-"],
        input=source,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == source.replace(b"title:    ", b"title: ")


def test_fmt_diff_of_a_crlf_file_keeps_its_line_ends(csj: Csj, tmp_path: Path) -> None:
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    map_text = _map(None, title="title:    Trial").replace("\n", "\r\n")
    (tmp_path / "map.yaml").write_bytes(map_text.encode("utf-8"))
    result = csj("fmt", "--diff", "map.yaml", cwd=tmp_path)
    assert "\r\n" in result.out and "\\x0d" not in result.out
    _assert_safe(result.out.replace("\r\n", "\n").encode("utf-8"))


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "réunion.yaml").write_text(_map("clé → \u202e"), encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("csjourney")), "validate", ".", "--no-lint"],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert result.returncode == 1, result.stderr
    assert b"r\\xe9union.yaml:" in result.stdout
    assert b"unknown key `cl\\xe9 \\u2192 \\u202e`" in result.stdout

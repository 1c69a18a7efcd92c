"""YAML text that case files cannot hold: other encodings, built bytes, values checked.

The case files under cases/structural/yaml-*.yaml hold what a file can show
with its expectations in a comment; these need bytes made in Python (UTF-16
and UTF-32 cannot carry an ASCII comment header) or assert the values read,
which a user sees in every report and rendered page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CliResult
from csjourney.yamlsource import YamlProblem, build

MAP = "csjourney: 1\nsegments:\n  - {id: smb, name: Small businesses}\n"
TYPO = "csjourney: 1\nsegmentz: []\n"  # one finding, CSJ101 at 2:1, in any encoding


def _report(csj: Callable[..., CliResult], tmp_path: Path, data: bytes) -> list[dict[str, Any]]:
    path = tmp_path / "map.yaml"
    path.write_bytes(data)
    result = csj("validate", "--format", "json", "--no-lint", path, cwd=tmp_path)
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.code == 1, result.err
    diagnostics: list[dict[str, Any]] = json.loads(result.out)["diagnostics"]
    return diagnostics


ENCODINGS: dict[str, tuple[bytes, str]] = {
    # name: (file content, what the message must call it)
    "utf-32-le-bom": (TYPO.encode("utf-32"), "UTF-32"),  # its BOM starts with UTF-16 LE's
    "utf-32-be-bom": (b"\x00\x00\xfe\xff" + TYPO.encode("utf-32-be"), "UTF-32"),
    "utf-32-le": (TYPO.encode("utf-32-le"), "UTF-32"),
    "utf-32-be": (TYPO.encode("utf-32-be"), "UTF-32"),
    "utf-16-le-bom": (TYPO.encode("utf-16"), "UTF-16"),
    "utf-16-be-bom": (b"\xfe\xff" + TYPO.encode("utf-16-be"), "UTF-16"),
    "utf-16-le": (TYPO.encode("utf-16-le"), "UTF-16"),
    "utf-16-be": (TYPO.encode("utf-16-be"), "UTF-16"),
    "utf-16-le-bom-no-ascii": ("\u65e5\u672c".encode("utf-16"), "UTF-16"),
    "binary-with-zero-bytes": (b"\x01\x00\x02\x00\x03\x00garbage", "a binary file"),
}


@pytest.mark.parametrize("content,named", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_wide_encodings_are_named_right(
    content: bytes, named: str, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    [diagnostic] = _report(csj, tmp_path, content)
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == ("CSJ006", 1, 1)
    assert named in diagnostic["message"]
    other = {"UTF-16": "UTF-32", "UTF-32": "UTF-16"}.get(named)
    assert other is None or other not in diagnostic["message"]


POSITIONS: dict[str, tuple[bytes, str, int, int]] = {
    # name: (file content, code, line, column)
    "only-a-bom": (b"\xef\xbb\xbf", "CSJ007", 1, 1),
    "bom-then-cr-only": (b"\xef\xbb\xbf" + TYPO.replace("\n", "\r").encode(), "CSJ101", 2, 1),
    "latin1-after-cr-only-lines": (b"csjourney: 1\r\rname: caf\xe9\r", "CSJ006", 3, 10),
    "latin1-after-a-bom": (b"\xef\xbb\xbfname: caf\xe9\n", "CSJ006", 1, 10),
    "latin1-after-nel": ("csjourney: 1\nx: a\x85b".encode() + b" caf\xe9\n", "CSJ006", 2, 11),
    "control-character-after-ls": ("csjourney: 1\n# \u2028\nx: \x01\n".encode(), "CSJ001", 3, 4),
    "typo-after-a-200k-character-line": (
        (MAP + "journey: {title: " + "x" * 200_000 + ", idd: j}\n").encode(),
        "CSJ101",
        4,
        200_020,
    ),
    "key-longer-than-libyaml-allows": (
        (MAP + "k" * 2000 + ": v\n").encode(),
        "CSJ001",
        4,
        1,
    ),
}


@pytest.mark.parametrize("content,code,line,column", POSITIONS.values(), ids=POSITIONS.keys())
def test_positions_are_the_editors(
    content: bytes, code: str, line: int, column: int, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    found = [(d["code"], d["line"], d["column"]) for d in _report(csj, tmp_path, content)]
    assert (code, line, column) in found, found


VALUES: dict[str, tuple[str, Any]] = {
    # name: (YAML text of `v: ...`, the value read)
    "surrogate-pair": ('"\\ud83d\\ude00"', "\U0001f600"),
    "surrogate-pair-upper-case": ('"a\\uD83D\\uDE00b\\ud83d\\ude01"', "a\U0001f600b\U0001f601"),
    "surrogate-pair-multi-line": ('"one\n  \\ud83d\\ude00 two"', "one \U0001f600 two"),
    "pair-after-escaped-backslash": ('"\\\\\\ud83d\\ude00"', "\\\U0001f600"),
    "pair-letters-single-quoted": ("'\\ud83d\\ude00'", "\\ud83d\\ude00"),
    "pair-letters-plain": ("\\ud83d\\ude00", "\\ud83d\\ude00"),
    "pair-letters-block": ("|\n  \\ud83d\\ude00", "\\ud83d\\ude00\n"),
    "pair-escaped-backslashes": ('"\\\\ud83d\\\\ude00"', "\\ud83d\\ude00"),
    "nel-plain": ("a\x85b", "a\x85b"),
    "nel-double-quoted": ('"a\x85b"', "a\x85b"),
    "nel-escape": ('"\\x85 and \\N"', "\x85 and \x85"),
    "ls-ps-single-quoted": ("'a\u2028b\u2029c'", "a\u2028b\u2029c"),
    "nel-in-block": ("|\n  a\x85b", "a\x85b\n"),
    # A stand-in must not collide with what the text holds, written or escaped.
    "private-use-beside-nel": ('"\uf8ff\\uf8fe\x85"', "\uf8ff\uf8fe\x85"),
    "private-use-beside-pair": ('"\uf8ff\\uf8fe\\ud83d\\ude00"', "\uf8ff\uf8fe\U0001f600"),
    "int-tag-on-quoted": ('!!int "12"', 12),
    "float-tag-on-int": ("!!float 3", 3.0),
    "leading-zeros": ("0" * 5000 + "12", 12),
    "float-underflow": ("1e-999", 0.0),
    "largest-float": ("1.7976931348623157e308", 1.7976931348623157e308),
}


@pytest.mark.parametrize("written,expected", VALUES.values(), ids=VALUES.keys())
def test_values_read_as_yaml_1_2(written: str, expected: Any) -> None:
    document = build(f"v: {written}\n")
    assert document.data == {"v": expected}
    assert not document.issues
    assert type(document.data["v"]) is type(expected)


def test_nel_in_a_key_is_kept_and_keys_after_it_are_on_its_line() -> None:
    document = build("a\x85b: 1\nc: {d\u2028e: 2, f: 3}\n")
    assert document.data == {"a\x85b": 1, "c": {"d\u2028e": 2, "f": 3}}
    assert document.source.key_span(("c", "f"))[:2] == (2, 13)


def test_an_escape_that_is_no_character_points_at_its_backslash() -> None:
    with pytest.raises(YamlProblem) as raised:
        build('a: 1\nb: "x \\U0000D800"\n')
    assert raised.value.span[:2] == (2, 7)


def test_a_surrogate_pair_in_a_message_is_valid_utf8_output(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    """The decoded character reaches reports as itself, never as half a pair."""
    text = MAP.replace("id: smb", 'id: "smb\\ud83d\\ude80"')
    [diagnostic] = _report(csj, tmp_path, text.encode())
    assert diagnostic["code"] == "CSJ107"
    assert "smb\U0001f680" in diagnostic["message"]
    result = csj("validate", "--no-lint", tmp_path / "map.yaml", cwd=tmp_path)
    result.out.encode("utf-8")  # a lone surrogate would fail here
    assert "\U0001f680" in result.out


@pytest.mark.parametrize("command", ["validate", "render"])
def test_a_number_past_the_float_range_is_located_in_every_command(
    command: str, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    text = (
        MAP + "evidence:\n  - {id: e1, name: E1, type: survey, sample_size: " + "9" * 5000 + "}\n"
    )
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    extra = ["--out", str(tmp_path / "out")] if command == "render" else []
    result = csj(command, *extra, "map.yaml", cwd=tmp_path)
    assert result.code == 1, result.err
    assert "internal error" not in result.err + result.out
    assert "CSJ104" in result.out + result.err


# -- any mix of line ends, characters libyaml breaks lines at, and escapes ----------

_LETTERS = "abxyz\u00e9\U0001f600\x85\u2028\u2029"
_WORDS = st.text(alphabet=_LETTERS, min_size=1, max_size=6).filter(lambda w: w[0].isalpha())
_ESCAPES = {"\\ud83d\\ude00": "\U0001f600", "\\\\": "\\", "\\x85": "\x85", "\\u2028": "\u2028"}


@st.composite
def _scalars(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, as read) for a plain, single- or double-quoted scalar."""
    word = draw(_WORDS)
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "plain":
        return word, word
    if style == "single":
        return f"'{word}'", word
    escapes = draw(st.lists(st.sampled_from(sorted(_ESCAPES)), max_size=3))
    written = word + "".join(escapes)
    return f'"{written}"', word + "".join(_ESCAPES[e] for e in escapes)


@given(
    entries=st.lists(
        st.tuples(_WORDS, _scalars()), min_size=1, max_size=8, unique_by=lambda e: e[0]
    ),
    breaks=st.lists(st.sampled_from(["\n", "\r", "\r\n"]), min_size=8, max_size=8),
)
@settings(max_examples=150, deadline=None)
def test_every_key_and_value_stands_where_the_editor_shows_it(
    entries: list[tuple[str, tuple[str, str]]], breaks: list[str]
) -> None:
    lines = [f"{key}: {written}" for key, (written, _) in entries]
    text = "".join(line + end for line, end in zip(lines, breaks, strict=False))
    document = build(text)
    assert document.data == {key: read for key, (_, read) in entries}
    for number, (key, _) in enumerate(entries, start=1):
        assert document.source.key_span((key,))[:2] == (number, 1)
        assert document.source.locate((key,))[:2] == (number, len(key) + 3)


_FLOW_MAP = (
    "csjourney: 1\nsegments:\n"
    "  - {id: smb, name: \"Small \\ud83d\\ude80\", needs: [a, 'b c', {d: [e, f]}]}\n"
    "journey: {id: j, title: T, segments: [smb], stages: [{id: s, name: S}]}\n"
)


@pytest.mark.parametrize("end", ["\n", "\r", "\r\n"])
def test_a_map_cut_anywhere_is_data_or_a_located_syntax_error(end: str) -> None:
    """Every prefix: unclosed brackets and quotes at every depth, never a crash."""
    text = _FLOW_MAP.replace("\n", end)
    for cut in range(len(text) + 1):
        try:
            build(text[:cut])
        except YamlProblem as problem:
            assert problem.span.line >= 1 and problem.span.column >= 1
            assert text.count(end, 0, cut) + 1 >= problem.span.line, (cut, problem.message)

"""`csjourney fmt` keeps what an editor cares about: line endings, a BOM, `[]  # comment`.

Each case is a file written to disk (LF in the table, converted to the case's line
endings), run through the real `fmt`, and compared byte for byte with the expected file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult

Csj = Callable[..., CliResult]

UNFORMATTED = """\
journey:
    title: Trial to paid   # short
    id: trial
    segments: [designers]
    stages:
    -   name: Awareness
        id: awareness
        description: |
          First line
          second line
csjourney: 1
segments:
-   name: Designers
    id: designers
"""
FORMATTED = """\
csjourney: 1
journey:
  id: trial
  title: Trial to paid  # short
  segments: [designers]
  stages:
    - id: awareness
      name: Awareness
      description: |
        First line
        second line
segments:
  - id: designers
    name: Designers
"""
EMPTY_UNFORMATTED = """\
journey:
  stages:
    - name: Awareness
      id: awareness
      touchpoints: []  # none yet
      metrics: []   # to do
      # the next stage is planned
    - id: trial
      name: Trial
  id: trial
  title: Trial
  segments: [designers]
csjourney: 1
segments:
  - name: Designers
    id: designers
    attributes: {}  # filled in by the data team
    needs: []  # ask them
"""
EMPTY_FORMATTED = """\
csjourney: 1
journey:
  id: trial
  title: Trial
  segments: [designers]
  stages:
    - id: awareness
      name: Awareness
      touchpoints: []  # none yet
      metrics: []  # to do
    # the next stage is planned
    - id: trial
      name: Trial
segments:
  - id: designers
    name: Designers
    attributes: {}  # filled in by the data team
    needs: []  # ask them
"""


@dataclass(frozen=True)
class Case:
    name: str
    before: bytes
    after: bytes  # the file once `fmt` has run; `--check` fails exactly when it differs


def _ends(text: str, ending: str) -> bytes:
    return text.replace("\n", ending).encode()


def _mixed(text: str, first: str, rest: str) -> bytes:
    head, _, tail = text.partition("\n")
    return (head + first + tail.replace("\n", rest)).encode()


BOM = b"\xef\xbb\xbf"
CASES = [
    *(
        Case(f"formatted-{label}", _ends(FORMATTED, ending), _ends(FORMATTED, ending))
        for label, ending in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")]
    ),
    *(
        Case(f"unformatted-{label}", _ends(UNFORMATTED, ending), _ends(FORMATTED, ending))
        for label, ending in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")]
    ),
    Case("mixed-follows-first-crlf", _mixed(FORMATTED, "\r\n", "\n"), _ends(FORMATTED, "\r\n")),
    Case("mixed-follows-first-lf", _mixed(FORMATTED, "\n", "\r\n"), _ends(FORMATTED, "\n")),
    Case("bom-crlf-kept", BOM + _ends(FORMATTED, "\r\n"), BOM + _ends(FORMATTED, "\r\n")),
    Case("bom-unformatted", BOM + _ends(UNFORMATTED, "\n"), BOM + _ends(FORMATTED, "\n")),
    Case("empty-flow-with-comments", EMPTY_UNFORMATTED.encode(), EMPTY_FORMATTED.encode()),
    Case("empty-flow-formatted", EMPTY_FORMATTED.encode(), EMPTY_FORMATTED.encode()),
    Case("empty-flow-crlf", _ends(EMPTY_UNFORMATTED, "\r\n"), _ends(EMPTY_FORMATTED, "\r\n")),
    Case("full-example-crlf", _ends(FULL_EXAMPLE.read_text(), "\r\n"), b""),
    # NEL, LS and PS are text in YAML 1.2 (and to the loader), line breaks to ruamel.
    *(
        Case(
            f"{label}-is-text",
            UNFORMATTED.replace("Trial to paid", f"Trial{char}to paid").encode(),
            FORMATTED.replace("Trial to paid", f"Trial{char}to paid").encode(),
        )
        for label, char in [("nel", "\x85"), ("ls", "\u2028"), ("ps", "\u2029")]
    ),
    Case(
        "nel-in-quotes-and-comments",
        FORMATTED.replace("Trial to paid  # short", '"Trial\x85to paid"  # sh\x85ort').encode(),
        b"",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_fmt_keeps_line_endings_and_empty_collection_comments(
    csj: Csj, tmp_path: Path, case: Case
) -> None:
    expected = case.after or case.before
    path = tmp_path / "map.yaml"
    path.write_bytes(case.before)
    check = csj("fmt", "--check", path)
    assert check.code == (0 if expected == case.before else 1), check.out + check.err
    assert path.read_bytes() == case.before
    written = csj("fmt", path)
    assert written.code == 0, written.err
    assert path.read_bytes() == expected
    assert csj("fmt", "--check", path).code == 0


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_every_example_in_other_line_endings_is_already_formatted(
    csj: Csj, tmp_path: Path, ending: str
) -> None:
    for source in sorted(EXAMPLES.rglob("*.yaml")):
        copy = tmp_path / source.relative_to(EXAMPLES)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(source.read_text().replace("\n", ending).encode())
    result = csj("fmt", "--check", tmp_path)
    assert result.code == 0, result.out + result.err
    assert "would reformat" not in result.out


def test_diff_of_a_crlf_file_shows_only_real_changes(csj: Csj, tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    padded = FORMATTED.replace("  title: Trial to paid  #", "  title: T   #")
    path.write_bytes(_ends(padded, "\r\n"))
    result = csj("fmt", "--diff", path)
    assert result.code == 0, result.err
    changed = [line for line in result.out.split("\n") if line.startswith(("+", "-"))]
    assert changed[2:] == ["-  title: T   # short\r", "+  title: T  # short\r"]


def test_diff_breaks_lines_where_an_editor_does(csj: Csj, tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(UNFORMATTED.replace("Trial to paid", "Trial\u2028to paid"), encoding="utf-8")
    result = csj("fmt", "--diff", path)
    assert result.code == 0, result.err
    assert "+  title: Trial\\u2028to paid  # short\n" in result.out

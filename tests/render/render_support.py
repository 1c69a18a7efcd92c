"""Helpers for the render tests: read back what `csjourney render` wrote.

PNG decoding and the Mermaid journey grammar are re-implemented here (small,
from their specifications) so the tests check the outputs independently of
the code that made them.
"""

from __future__ import annotations

import re
import struct
import textwrap
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

SVG_NS = "{http://www.w3.org/2000/svg}"

# Every name a renderer must carry safely: HTML/XML markup, quotes, the DOT
# and Markdown table separators, Mermaid's `:` `;` `#` `%%`, and entities.
XSS = "<script>alert(1)</script>"
HOSTILE_TITLE = f'{XSS} & "quoted" | piped: yes; #1 %% &amp;'
HOSTILE_STAGE = 'Stage <b>one</b> | "two": & <img src=x onerror=alert(2)>'
HOSTILE_TOUCHPOINT = "Section call: `code` | <i>x</i> & #tag; 50%% off"
HOSTILE_SEGMENT = 'Segment "A", <script>alert(3)</script> | B: C'

HOSTILE_MAP = textwrap.dedent(
    f"""\
    csjourney: 1
    segments:
      - id: hostile
        name: '{HOSTILE_SEGMENT}'
    channels:
      - id: pigeon
        name: "Carrier <pigeon> & \\"friends\\""
    journey:
      id: hostile-map
      title: '{HOSTILE_TITLE}'
      description: "Line one <iframe src=//evil>\\n# not a heading\\n- not a list | pipe"
      owner: '<a href="javascript:alert(4)">owner</a>'
      segments: [hostile]
      stages:
        - id: first
          name: '{HOSTILE_STAGE}'
          customer_goal: "Goal with ]]> and <!-- comment --> and \\\\ backslash"
          emotion: -2
          exit_criteria: "Exit: \\"now\\" | later"
          touchpoints:
            - id: call
              name: '{HOSTILE_TOUCHPOINT}'
              channel: pigeon
            - id: title-task
              name: "journey title section: Title sponsor"
              channel: web
          pain_points:
            - id: pain
              name: "Pain <script>alert(5)</script> & 'single'"
              severity: critical
              touchpoints: [call]
          initiatives:
            - id: fix
              name: "Fix | it <u>now</u>"
              addresses: [pain]
              status: in-progress
          metrics:
            - id: score
              name: "Score <b>bold</b>"
              type: custom
              unit: "<em>pts</em>"
              target: 10
              current: 4
              history:
                - {{date: 2026-01-31, value: 2}}
                - {{date: 2026-02-28, value: 3}}
        - id: second
          name: "Renewal: & done"
          touchpoints:
            - id: mail
              name: "Mail #2; %% comment"
              channel: email
    """
)


def write_hostile_map(directory: Path) -> Path:
    """A valid workspace whose names try to break out of every output format."""
    path = directory / "maps" / "hostile.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(HOSTILE_MAP, encoding="utf-8")
    return path


def hide_engines(monkeypatch: pytest.MonkeyPatch, directory: Path, *, bundled: bool) -> None:
    """An empty PATH hides the system `dot`; with `bundled`, graphviz-pure too
    (it is also looked up beside the interpreter, which PATH does not cover)."""
    from csjourney.render import discovery

    empty = directory / "empty-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))
    if bundled:
        monkeypatch.setattr(discovery, "find_bundled", lambda: None)


def svg_text(path: Path) -> str:
    """All text of an SVG, parsed as XML, in document order, spaces normalized."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg", f"{path} is not an SVG document"
    parts = [element.text or "" for element in root.iter(f"{SVG_NS}text")]
    return " ".join(" ".join(parts).split())


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of raw pixel bytes) of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0, "only 8-bit non-interlaced PNGs are decoded here"
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    stride = width * channels
    raw = zlib.decompress(idat)
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                distances = (abs(estimate - left), abs(estimate - up), abs(estimate - corner))
                nearest = (left, up, corner)[distances.index(min(distances))]
                line[x] = (line[x] + nearest) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(row) for row in rows]


def colour_count(data: bytes, channels: int = 4, step: int = 7) -> int:
    """Distinct colours among sampled pixels: 1 means a blank picture."""
    width, _, rows = png_pixels(data)
    size = len(rows[0]) // width if rows else channels
    seen = set()
    for row in rows[::step]:
        for x in range(0, width, step):
            seen.add(row[x * size : x * size + size])
    return len(seen)


# Mermaid's journey lexer (journey.jison), rule by rule, in its order.
_TITLE = re.compile(r"title\s[^#\n;]+", re.IGNORECASE)
_SECTION = re.compile(r"section\s[^#:\n;]+", re.IGNORECASE)
_TASK_NAME = re.compile(r"[^#:\n;]+")
_TASK_DATA = re.compile(r":[^#\n;]+")


def parse_mermaid_journey(
    text: str,
) -> tuple[str, list[tuple[str, list[tuple[str, int, list[str]]]]]]:
    """(title, [(section, [(task, score, actors)])]) or AssertionError where
    Mermaid would fail or read a line differently from what was meant."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0].strip() == "journey", "first line must be `journey`"
    assert "%%" not in text, "`%%` starts a Mermaid comment"
    title = ""
    sections: list[tuple[str, list[tuple[str, int, list[str]]]]] = []
    for line in lines[1:]:
        body = line.strip()
        assert not body.lower().startswith("journey"), f"keyword `journey` again: {line!r}"
        if _TITLE.fullmatch(body):
            title = body[6:]
            continue
        if body.lower().startswith("section"):
            assert _SECTION.fullmatch(body), f"section name has a reserved character: {line!r}"
            sections.append((body[8:], []))
            continue
        name = _TASK_NAME.match(body)
        assert name, f"not a task line: {line!r}"
        data = body[name.end() :]
        assert _TASK_DATA.fullmatch(data), f"task data broken by a reserved character: {line!r}"
        pieces = data[1:].split(":")
        assert len(pieces) == 2, f"task must be `name: score: actors`: {line!r}"
        score = int(pieces[0])
        actors = [actor.strip() for actor in pieces[1].split(",")]
        assert sections, "task before any section"
        sections[-1][1].append((name.group(), score, actors))
    return title, sections

"""The Mermaid `journey` we write, read and drawn by the real mermaid 11 library.

tests/render/mermaid_parse.mjs loads mermaid (pinned in scripts/npm-tools.sh, with
jsdom for its DOM), parses each diagram, reads mermaid's own journey db and renders the
SVG. What it read is compared with the map as its YAML says, not with our renderer's
idea of it: one task per touchpoint with its whole name, its mapped score and its
segments as actors; a section per stage; the title; and the drawn texts without
literal markup. A failed npm install fails these tests: they never skip.
"""

from __future__ import annotations

import json
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from npmtools import NPM_TOOLS, npm_tool
from render.render_support import write_hostile_map

EXAMPLES = ROOT / "examples"
SCRIPT = Path(__file__).with_name("mermaid_parse.mjs")

# What a reader sees of the characters we write where the user's is syntax: the
# look-alikes read as the character, a zero-width space as nothing.
SEEN_AS = str.maketrans(
    {
        "\u2236": ":",  # ratio
        "\uff03": "#",  # fullwidth number sign
        "\uff1b": ";",  # fullwidth semicolon
        "\uff1c": "<",  # fullwidth less-than
        "\u201a": ",",  # single low-9 quotation mark
        "\u200b": None,
    }
)

# Names that are syntax somewhere in Mermaid or in what it does before and after parsing.
HOSTILE_NAMES = [
    "%leading percent",
    "%% looks like a comment",
    "%%{init: {'theme': 'forest'}}%% directive",
    "%%%",
    "50%%% off",
    "%{brace",
    "#hash at start",
    ": colon at start",
    "; semicolon at start",
    "ends with colon:",
    "first line<br>second line",
    "break <br/> and <BR >",
    '<a href="https://example.com">link</a>',
    "<b>bold</b> & <i>italic</i> &amp; &lt;",
    "journey",
    "journey-map",
    "journeyman",
    "title Title",
    "section Section",
    "accTitle: hidden",
    "accDescr { multi",
    "accDescr: short",
    "}%%",
    "a,b, c",
    "style x fill:#f00;",
    "#123;",
    "Ünïcødé 日本語 😀 mañana e\u0301",
    "Long " + "very " * 120 + "end",
    "CR\rLF\nTab\there",
]

_YAML = YAML(typ="safe")


def _hostile_workspace(directory: Path) -> Path:
    """A map whose title, stages, touchpoints and segments carry every hostile name."""
    names = HOSTILE_NAMES
    segments = [{"id": f"seg-{i}", "name": name} for i, name in enumerate(names[:8])]
    touchpoints = [
        {"id": f"tp-{i}", "name": name, "channel": "web", "emotion": i % 5 - 2}
        | ({"segments": [f"seg-{i % 8}"]} if i % 3 else {})
        for i, name in enumerate(names)
    ]
    stages = [
        {"id": f"stage-{i}", "name": name, "emotion": 1, "touchpoints": touchpoints[i::4]}
        for i, name in enumerate(names[:4])
    ]
    # A stage without touchpoints is drawn as one task named after its customer goal.
    stages.append({"id": "empty", "name": "journey", "customer_goal": "%% goal #1; x: y"})
    document = {
        "csjourney": 1,
        "segments": segments,
        "journey": {
            "id": "hostile-names",
            "title": "title %% <b>x</b> & y #1; z",
            "segments": [s["id"] for s in segments],
            "stages": stages,
        },
    }
    path = directory / "hostile-names" / "map.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@dataclass(frozen=True)
class Expected:
    title: str
    sections: list[str]
    tasks: list[tuple[str, str, int, list[str]]]  # section, name, score, actors


def _seen(text: str) -> str:
    """A name as a reader of one line sees it: white space runs as one space."""
    return " ".join(text.split())


def _expected(workspace: Path) -> dict[str, Expected]:
    """Journey id -> what Mermaid must read, from the YAML files of one workspace."""
    documents = [
        _YAML.load(p.read_text(encoding="utf-8")) for p in sorted(workspace.rglob("*.yaml"))
    ]
    names = {s["id"]: s["name"] for d in documents for s in d.get("segments", [])}
    journeys: dict[str, Expected] = {}
    for journey in (d["journey"] for d in documents if "journey" in d):
        sections, tasks = [], []
        for stage in journey["stages"]:
            section = _seen(stage["name"])
            sections.append(section)
            stage_segments = stage.get("segments") or journey.get("segments", [])
            items = stage.get("touchpoints") or [
                {"name": stage.get("customer_goal") or stage["name"]}
            ]
            for item in items:
                emotion = item.get("emotion", stage.get("emotion"))
                score = 3 if emotion is None else emotion + 3
                segments = item.get("segments") or stage_segments
                actors = [_seen(names.get(s, s)) for s in segments]
                tasks.append((section, _seen(item["name"]), score, actors))
        journeys[journey["id"]] = Expected(_seen(journey["title"]), sections, tasks)
    return journeys


def _mermaid(texts: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Diagram id -> what the real mermaid read and drew of it."""
    npm_tool("mermaid/package.json")
    npm_tool("jsdom/package.json")
    done = subprocess.run(
        ["node", str(SCRIPT), str(NPM_TOOLS)],
        input=json.dumps([{"id": k, "text": v} for k, v in texts.items()]),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return {result["id"]: result for result in json.loads(done.stdout)}


def _rendered(paths: list[Path], out: Path) -> dict[str, str]:
    """Journey id -> its `.mmd`, checked to be the Markdown report's ```mermaid block."""
    from csjourney.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["render", *map(str, paths), "--out", str(out), "-f", "mermaid,md"])
        raise SystemExit(0)
    assert exit_.value.code in (0, None), "render failed"
    diagrams = {}
    for mmd in sorted(out.glob("*.mmd")):
        text = mmd.read_text(encoding="utf-8")
        report = (out / f"{mmd.stem}.md").read_text(encoding="utf-8")
        assert f"```mermaid\n{text}```\n" in report, f"{mmd.name} is not the block of the report"
        diagrams[mmd.stem] = text
    return diagrams


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Expected, dict[str, Any]]]:
    """(journey id, what the YAML says, what mermaid read) for every example and hostile map."""
    work = tmp_path_factory.mktemp("mermaid")
    workspaces = [p for p in sorted(EXAMPLES.iterdir()) if p.is_dir()]
    workspaces += [write_hostile_map(work / "hostile").parents[1], _hostile_workspace(work).parent]
    expected: dict[str, Expected] = {}
    for workspace in workspaces:
        expected |= _expected(workspace)
    diagrams = _rendered(workspaces, work / "out")
    assert sorted(diagrams) == sorted(expected), "one .mmd per journey"
    read = _mermaid(diagrams)
    return [(journey, expected[journey], read[journey]) for journey in sorted(expected)]


def test_every_journey_covers_examples_and_hostile_maps(
    cases: list[tuple[str, Expected, dict[str, Any]]],
) -> None:
    journeys = {journey for journey, _, _ in cases}
    assert {"hostile-map", "hostile-names"} <= journeys and len(journeys) >= 6


def test_mermaid_parses_one_task_per_touchpoint_with_its_name_score_and_actors(
    cases: list[tuple[str, Expected, dict[str, Any]]],
) -> None:
    for journey, want, got in cases:
        assert "error" not in got, f"{journey}: mermaid could not parse it: {got.get('error')}"
        assert got["type"] == "journey"
        assert got["title"].translate(SEEN_AS) == want.title, journey
        assert [s.translate(SEEN_AS) for s in got["sections"]] == want.sections, journey
        tasks = [
            (
                t["section"].translate(SEEN_AS),
                t["name"].translate(SEEN_AS),
                t["score"],
                [a.translate(SEEN_AS) for a in t["actors"]],
            )
            for t in got["tasks"]
        ]
        assert tasks == want.tasks, journey
        actors = {a for _, _, _, task_actors in want.tasks for a in task_actors}
        assert {a.translate(SEEN_AS) for a in got["actors"]} == actors, journey


def test_mermaid_draws_every_name_as_text_without_literal_markup(
    cases: list[tuple[str, Expected, dict[str, Any]]],
) -> None:
    """The default renderer (foreignObject) and its SVG fallback (tspans) both show the
    whole name: no `<br>` we added, no entity DOMPurify made of the title."""
    for journey, want, got in cases:
        svg = got["svg"]
        assert [t.translate(SEEN_AS) for t in svg["title"]] == [want.title], journey
        assert [s.translate(SEEN_AS) for s in svg["sections"]] == want.sections, journey
        names = [name for _, name, _, _ in want.tasks]
        assert [t.translate(SEEN_AS) for t in svg["tasks"]] == names, journey
        assert [t.translate(SEEN_AS) for t in svg["task_tspans"]] == names, journey
        # The legend wraps an actor at spaces, a line per text, in mermaid's actor order.
        legend = {a for _, _, _, actors in want.tasks for a in actors}
        assert {a.translate(SEEN_AS) for a in got["actors"]} == legend, journey
        lines = " ".join(got["actors"]).translate(SEEN_AS).split()
        assert " ".join(svg["legend"]).translate(SEEN_AS).split() == lines, journey
        # Markup a reader would see: only where the map's own text has it.
        sources = " ".join([want.title, *want.sections, *names, *legend]).lower()
        drawn = " ".join(svg["all_text"]).translate(SEEN_AS).lower()
        for markup in ("<br", "&lt;", "&gt;", "&amp;", "&#"):
            assert markup in sources or markup not in drawn, (journey, markup)


def test_an_unfixed_name_really_breaks_mermaid() -> None:
    """The harness sees the failures the escaping prevents (so the tests above can fail)."""
    raw = textwrap.dedent(
        """\
        journey
            title A <b>&</b> B
            section S
              Wrapped<br>name: 3: Me
              %gone: 3: Me
        """
    )
    got = _mermaid({"raw": raw})["raw"]
    assert [t["name"] for t in got["tasks"]] == ["Wrapped<br>name"], "`%gone` is a comment"
    assert got["svg"]["tasks"] == ["Wrapped<br>name"], "the default renderer shows <br>"
    assert got["svg"]["title"] == ["A <b>&amp;</b> B"], "DOMPurify's entities are drawn"

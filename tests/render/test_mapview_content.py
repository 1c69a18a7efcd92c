"""What the map view says, read back from the SVG Graphviz drew.

Cases: every example, a 30-stage map (plain, hostile, seen by one segment, and
drawn by the bundled graphviz-pure), the hostile map, a stage of 30 pain points
one initiative addresses, and a segment none of whose stages apply. The
expectations come from the YAML itself, read here with a plain YAML parser,
never from csjourney's own facts: which initiative addresses which pain point
(the marks drawn on both), the goals band with each goal's metrics and their
on/off-target mark, the source mark on exactly the figures that have a source,
with the source in their tooltip. Each case is rendered twice: byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES
from csjourney.cli import main
from render.mapview_support import MapSvg, Mark, crowded_map, long_map
from render.render_support import XSS, write_hostile_map

SOURCE_MARK = "\u25c6"
LOWER_IS_BETTER = {"churn", "duration"}  # the types whose default direction is down (FORMAT.md)
MAX_SHOWN = 20  # marks an initiative draws; "+N more" says how many the tooltip adds
WORDS = {"on": "ON TARGET", "off": "OFF TARGET", "none": "NO TARGET", "nodata": "NOT MEASURED"}
Item = dict[str, Any]


@dataclass(frozen=True)
class Case:
    name: str
    segment: str | None = None
    engine: str = "system"  # the real Graphviz; "bundled" is graphviz-pure


CASES = [
    Case("b2b-saas"),
    Case("b2c-subscription"),
    Case("minimal"),
    Case("long-30"),
    Case("long-30-hostile"),
    Case("long-30", segment="seg-a"),
    Case("long-30", engine="bundled"),
    Case("hostile"),
    Case("crowded"),
    Case("no-stages", segment="seg-a"),  # the segment's goals still show
]

NO_STAGES = """\
csjourney: 1
segments: [{id: seg-a, name: A}, {id: seg-b, name: B}]
journey:
  id: split
  title: Only segment B has stages
  segments: [seg-a, seg-b]
  stages:
    - {id: only-b, name: Only B, segments: [seg-b]}
  metrics:
    - {id: nrr, name: Net revenue retention, type: nrr, target: 100, current: 97}
  goals:
    - {id: keep, name: Keep revenue, metrics: [nrr]}
"""


def _write_source(case: Case, directory: Path) -> Path:
    if case.name in ("b2b-saas", "b2c-subscription", "minimal"):
        return Path(shutil.copytree(EXAMPLES / case.name, directory / case.name))
    if case.name == "hostile":
        return write_hostile_map(directory).parent
    if case.name == "no-stages":
        (directory / "split").mkdir()
        (directory / "split" / "split.yaml").write_text(NO_STAGES, encoding="utf-8")
        return directory / "split"
    if case.name == "crowded":
        (directory / "crowded").mkdir()
        (directory / "crowded" / "crowded.yaml").write_text(crowded_map(), encoding="utf-8")
        return directory / "crowded"
    source = directory / "long" / "long.yaml"
    source.parent.mkdir(parents=True)
    source.write_text(long_map(30, hostile=case.name.endswith("hostile")), encoding="utf-8")
    return source.parent


def _render(source: Path, out: Path, case: Case) -> None:
    args = ["render", str(source), "--out", str(out), "--format", "svg,dot", "--view", "map"]
    args += ["--no-lint", "--engine", case.engine]
    args += ["--segment", case.segment] if case.segment else []
    try:
        main(args)
    except SystemExit as exit_:
        assert exit_.code in (0, None), f"render exited with {exit_.code}"


@dataclass
class Rendered:
    journeys: list[tuple[Item, MapSvg]]  # the journey as written, and its map
    evidence: dict[str, Item]
    segment: str | None


_RENDERED: dict[Case, Rendered] = {}


@pytest.fixture
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    case: Case = request.param
    if case not in _RENDERED:
        base = tmp_path_factory.mktemp("mapview")
        source = _write_source(case, base)
        _render(source, base / "out", case)
        _render(source, base / "again", case)
        yaml = YAML(typ="safe", pure=True)
        files = [yaml.load(p.read_text(encoding="utf-8")) for p in sorted(source.rglob("*.yaml"))]
        evidence = {e["id"]: e for f in files for e in f.get("evidence", [])}
        journeys = []
        for journey in (f["journey"] for f in files if "journey" in f):
            if case.segment and case.segment not in journey["segments"]:
                continue
            stem = journey["id"] + (f".{case.segment}" if case.segment else "")
            for suffix in ("svg", "dot"):  # the same map, byte for byte, every time
                first = (base / "out" / f"{stem}.map.{suffix}").read_bytes()
                assert first == (base / "again" / f"{stem}.map.{suffix}").read_bytes(), stem
            journeys.append((journey, MapSvg(base / "out" / f"{stem}.map.svg")))
        assert journeys, case
        _RENDERED[case] = Rendered(journeys, evidence, case.segment)
    return _RENDERED[case]


def _ids(case: Case) -> str:
    return (
        case.name
        + (f"@{case.segment}" if case.segment else "")
        + (f"-{case.engine}" if case.engine != "system" else "")
    )


each_case = pytest.mark.parametrize("rendered", CASES, ids=_ids, indirect=True)


def _shown(item: Item, segment: str | None) -> bool:
    return segment is None or not item.get("segments") or segment in item["segments"]


def _stages(journey: Item, segment: str | None) -> list[Item]:
    return [s for s in journey["stages"] if _shown(s, segment)]


def _items(stage: Item, key: str, segment: str | None) -> list[Item]:
    return [i for i in stage.get(key, []) if _shown(i, segment)]


def _plain(text: str) -> str:
    return " ".join(text.split())


@each_case
def test_each_initiative_shows_the_marks_of_the_pain_points_it_addresses(
    rendered: Rendered,
) -> None:
    segment = rendered.segment
    for journey, svg in rendered.journeys:
        pains: dict[str, Item] = {}
        for number, stage in enumerate(_stages(journey, segment), start=1):
            for pain in _items(stage, "pain_points", segment):
                pains[pain["id"]] = pain
                mark = re.match(r"P\d+[a-z]+", svg.get("pain", pain["id"]).text)
                assert mark and re.fullmatch(rf"P{number}[a-z]+", mark[0]), (pain, mark)
        drawn = svg.pain_marks()
        assert set(drawn.values()) == set(pains), "the map marks exactly its pain points"
        mark_of = {pain_id: mark for mark, pain_id in drawn.items()}
        addressed: dict[str, list[str]] = {}
        initiatives = [
            i for s in _stages(journey, segment) for i in _items(s, "initiatives", segment)
        ]
        for item in initiatives:
            cell = svg.get("initiative", item["id"])
            expected = {p for p in item.get("addresses", []) if p in pains}
            shown = [drawn[m] for m in svg.addressed_marks(cell)]
            assert len(shown) == len(set(shown)) == min(len(expected), MAX_SHOWN), cell
            assert set(shown) <= expected, (item, cell)
            if len(expected) > MAX_SHOWN:
                assert cell.text.endswith(f"+{len(expected) - MAX_SHOWN} more"), cell.text
            else:
                assert set(shown) == expected, (item, cell)
            for pain_id in expected:
                assert f"{mark_of[pain_id]} {_plain(pains[pain_id]['name'])}" in cell.tooltip
                addressed.setdefault(pain_id, []).append(_plain(item["name"]))
        assert {k.removeprefix("map-initiative-") for k in svg.marks if "initiative" in k} == {
            i["id"] for i in initiatives
        }
        for pain_id, pain in pains.items():
            cell = svg.get("pain", pain_id)
            assert cell.tooltip.startswith(f"{mark_of[pain_id]} · {_plain(pain['name'])}")
            for name in addressed.get(pain_id, []):
                assert name in cell.tooltip, (pain_id, name)
            assert ("no initiative yet" in cell.text) == (pain_id not in addressed), cell


def _status(metric: Item) -> str:
    current, target = metric.get("current"), metric.get("target")
    if current is None:
        return "nodata"
    if target is None:
        return "none"
    direction = metric.get("direction")
    lower = direction == "lower-is-better" or (
        direction is None and metric["type"] in LOWER_IS_BETTER
    )
    return "on" if (current <= target if lower else current >= target) else "off"


def _check_figure(cell: Mark, metric: Item, evidence: dict[str, Item]) -> None:
    """The status in words, the source mark exactly when there is a source, the source
    (name, kind, date, sample size) in the tooltip."""
    assert cell.text.count(WORDS[_status(metric)]) == 1, (metric["id"], cell.text)
    assert cell.tooltip.startswith(_plain(metric["name"])), cell.tooltip
    assert WORDS[_status(metric)].lower() in cell.tooltip
    source = metric.get("source")
    assert (SOURCE_MARK in cell.text) == bool(source), (metric["id"], cell.text)
    if not source:
        assert "no source given" in cell.tooltip
        return
    item = evidence[source]
    assert f"source: {_plain(item['name'])} (" in cell.tooltip, cell.tooltip
    facts = [item.get("date"), item.get("sample_size")]
    for shown in (cell.tooltip, cell.text):
        if isinstance(facts[0], dt.date):
            assert facts[0].isoformat() in shown, (shown, facts)
        if facts[1] is not None:
            assert f"n = {facts[1]:,}" in shown, (shown, facts)


@each_case
def test_goals_band_shows_each_goal_with_its_metrics_and_their_status(rendered: Rendered) -> None:
    segment = rendered.segment
    for journey, svg in rendered.journeys:
        metrics = {m["id"]: m for m in journey.get("metrics", [])}
        stage_metrics = {
            m["id"]: m for s in _stages(journey, segment) for m in s.get("metrics", [])
        }
        goals = [g for g in journey.get("goals", []) if _shown(g, segment)]
        cited: set[str] = set()
        for goal in goals:
            name = svg.get("goal", goal["id"])
            assert name.text == _plain(goal["name"]), name
            assert name.tooltip.startswith(_plain(goal["name"]))
            listed = [
                i for i in dict.fromkeys(goal.get("metrics", [])) if i in metrics | stage_metrics
            ]
            statuses = [_status((metrics | stage_metrics)[i]) for i in listed]
            judged = [s for s in statuses if s in ("on", "off")]
            if judged:
                tally = (
                    f"GOAL {judged.count('on')} of {len(judged)} on target {_plain(goal['name'])}"
                )
                assert tally in svg.text, tally
            for metric_id in listed:
                cell = svg.get("goal", f"{goal['id']}-{metric_id}")
                _check_figure(cell, (metrics | stage_metrics)[metric_id], rendered.evidence)
            cited.update(listed)
        for metric_id, metric in metrics.items():  # journey-level figures not in any goal
            assert svg.has("journey-metric", metric_id) == (metric_id not in cited), metric_id
            if metric_id not in cited:
                _check_figure(svg.get("journey-metric", metric_id), metric, rendered.evidence)


@each_case
def test_source_mark_is_on_exactly_the_figures_with_a_source(rendered: Rendered) -> None:
    segment = rendered.segment
    for journey, svg in rendered.journeys:
        metrics = {m["id"]: m for m in journey.get("metrics", [])}
        shown = [m for s in _stages(journey, segment) for m in s.get("metrics", [])]
        for metric in shown:
            _check_figure(svg.get("metric", metric["id"]), metric, rendered.evidence)
        known = metrics | {m["id"]: m for m in shown}
        goals = [g for g in journey.get("goals", []) if _shown(g, segment)]
        in_goals = [i for g in goals for i in dict.fromkeys(g.get("metrics", [])) if i in known]
        loose = [m for i, m in metrics.items() if i not in in_goals]
        figures = shown + [known[i] for i in in_goals] + loose
        sourced = sum(1 for m in figures if m.get("source"))
        # Each figure with a source carries one mark; the legend explains it once, and
        # each kind of mark only when the map uses it.
        assert svg.text.count(SOURCE_MARK) == sourced + bool(sourced), (journey["id"], sourced)
        key = f"{SOURCE_MARK} the figure has a source: its kind, date and sample size"
        assert (key in svg.text) == bool(sourced)
        pains = any(_items(s, "pain_points", segment) for s in _stages(journey, segment))
        assert ("P3a pain point a of stage 3: each initiative lists the marks" in svg.text) == pains


@pytest.mark.parametrize(
    "rendered", [Case("hostile"), Case("long-30-hostile")], ids=_ids, indirect=True
)
def test_hostile_names_stay_text_in_the_map(rendered: Rendered) -> None:
    for _, svg in rendered.journeys:
        for markup in ("<script", "<img", "<iframe", "<b>", "<em>"):
            assert markup not in svg.raw, markup
        assert XSS in svg.text, "the name is drawn as the text it is"
        assert any("<script>alert(" in m.tooltip for m in svg.marks.values()), "hovered as text"

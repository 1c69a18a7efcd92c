"""Goals, evidence, each figure's source and the index headline, in the HTML and
Markdown reports of every example (issue 12, items 1 and 2).

Each example is rendered once through the CLI; the pages are parsed (HTML into
an element tree, Markdown tables into cells) and compared with what the YAML
says, worked out independently in render/report_reading.py: values, on/off
target marks, trends, sample sizes and what cites each evidence item.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, Csj
from render import report_reading as rr
from render.render_support import HOSTILE_MAP, XSS

TODAY = dt.date(2027, 2, 20)  # some initiatives of the examples are overdue by then
CASES = ["b2b-saas", "b2c-subscription", "minimal"]

Render = Callable[[str], Path]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Render:
    """Example name -> the folder its HTML and Markdown were rendered into (once each)."""
    from csjourney.cli import main

    done: dict[str, Path] = {}

    def render(name: str) -> Path:
        if name not in done:
            out = tmp_path_factory.mktemp(f"render-{name}")
            args = ["render", str(EXAMPLES / name), "--out", str(out), "-f", "html,md"]
            with pytest.raises(SystemExit) as exit_:
                main([*args, "--today", TODAY.isoformat()])
            assert exit_.value.code in (0, 1, None), f"render {name} failed"
            done[name] = out
        return done[name]

    return render


def _journeys(name: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    return rr.load_workspace(EXAMPLES / name)


def _check_metric_cells(cells: list[str], metric: dict[str, Any], where: str | None) -> None:
    """Cells of a goal's or the metrics table's row: name, where, current, target,
    status, trend, measured, source (the shared column order of both reports)."""
    name, place, current, target, status, trend, measured, _source = cells
    assert name == metric["name"]
    if where is not None:
        assert place == where
    assert current == rr.shown(metric, metric.get("current"))
    assert target == rr.shown(metric, metric.get("target"))
    assert rr.status(metric) in status
    expected_trend = rr.trend(metric)
    if expected_trend is not None:
        assert expected_trend in trend
    else:
        assert "better" not in trend and "worse" not in trend
    assert measured == (str(metric["measured"]) if metric.get("measured") else "—")


def _check_source(text: str, metric: dict[str, Any], evidence: dict[str, dict[str, Any]]) -> None:
    if not metric.get("source"):
        assert "no source" in text
        return
    item = evidence[metric["source"]]
    assert item["name"] in text
    for piece in rr.evidence_facts(item):
        assert piece in text, (metric["id"], piece)


def _goal_metrics(journey: dict[str, Any]) -> dict[str, tuple[dict[str, Any], str]]:
    return {m["id"]: (m, where) for m, where in rr.metrics_of(journey)}


@pytest.mark.parametrize("name", CASES)
def test_each_goal_shows_its_metrics_with_status_trend_and_source(
    name: str, rendered: Render
) -> None:
    out = rendered(name)
    journeys, evidence = _journeys(name)
    for journey in journeys:
        by_id = _goal_metrics(journey)
        section = rr.parse_html(out / f"{journey['id']}.html").one(
            "section", aria_labelledby="h-goals"
        )
        md = rr.md_sections((out / f"{journey['id']}.md").read_text(encoding="utf-8"))
        assert "## Goals" in md
        if not journey.get("goals"):
            assert "No goals recorded" in section.text
        for goal in journey.get("goals", []):
            block = section.one("section", data_goal=goal["id"])
            metrics = [by_id[i] for i in goal.get("metrics", [])]
            on = sum(rr.status(m) == "on target" for m, _ in metrics)
            assert block.one("h3").text.startswith(goal["name"])
            assert f"{on} of {len(metrics)} metric" in block.one("h3").text
            rows = block.all("tr")[1:]
            assert [r.attrs["data-metric"] for r in rows] == goal.get("metrics", [])
            [table] = [
                lines for head, lines in md.items() if rr.md_unescape(head[4:]) == goal["name"]
            ]
            md_rows = rr.md_table(table)
            for (metric, where), row, md_row in zip(metrics, rows, md_rows, strict=True):
                cells = [c.text for c in row.cells()]
                _check_metric_cells(cells, metric, where)
                _check_source(cells[-1], metric, evidence)
                _check_metric_cells(list(md_row.values()), metric, where)
                _check_source(md_row["Source"], metric, evidence)


@pytest.mark.parametrize("name", CASES)
def test_every_metric_row_says_when_it_was_measured_and_from_what(
    name: str, rendered: Render
) -> None:
    out = rendered(name)
    journeys, evidence = _journeys(name)
    for journey in journeys:
        page = rr.parse_html(out / f"{journey['id']}.html")
        section = page.one("section", aria_labelledby="h-metrics")
        md_rows = rr.md_table(
            rr.md_sections((out / f"{journey['id']}.md").read_text(encoding="utf-8"))["## Metrics"]
        )
        metrics = rr.metrics_of(journey)
        assert len(md_rows) == len(metrics)
        for (metric, where), md_row in zip(metrics, md_rows, strict=True):
            row = section.one("tr", data_metric=metric["id"])
            name_, place, _baseline, *rest = [c.text for c in row.cells()]
            _check_metric_cells([name_, place, *rest], metric, where)
            _check_source(rest[-1], metric, evidence)
            _check_metric_cells(list(md_row.values()), metric, where)
            _check_source(md_row["Source"], metric, evidence)


@pytest.mark.parametrize("name", CASES)
def test_each_cited_evidence_item_shows_type_date_size_and_what_cites_it(
    name: str, rendered: Render
) -> None:
    out = rendered(name)
    journeys, evidence = _journeys(name)
    for journey in journeys:
        cited = rr.citations(journey)
        section = rr.parse_html(out / f"{journey['id']}.html").one(
            "section", aria_labelledby="h-evidence"
        )
        rows = section.all("tr")[1:]
        assert {r.attrs["data-evidence"] for r in rows} == set(cited)
        md = rr.md_sections((out / f"{journey['id']}.md").read_text(encoding="utf-8"))
        md_rows = rr.md_table(md["## Evidence"]) if cited else []
        assert len(md_rows) == len(cited)
        if not cited:
            assert "cites no evidence" in section.text
        for evidence_id, by in cited.items():
            item = evidence[evidence_id]
            row = section.one("tr", data_evidence=evidence_id)
            name_, kind, date, size, cites = row.cells()
            assert item["name"] in name_.text and evidence_id in name_.text
            assert kind.text == rr.TYPE_LABELS[item["type"]]
            assert date.text == str(item.get("date") or "—")
            expected_size = item.get("sample_size")
            assert size.text == (f"{expected_size:,}" if expected_size is not None else "—")
            listed = [li.text for li in cites.all("li")]
            assert sorted(re.sub(r" \([^()]*(\([^()]*\))?\)$", "", t) for t in listed) == sorted(by)
            [md_row] = [r for r in md_rows if f"{item['name']} ({evidence_id})" in r["Evidence"]]
            assert md_row["Type"] == kind.text and md_row["Collected"] == date.text
            assert md_row["Sample size"] == size.text
            for citation in by:
                assert citation in md_row["Cited by"]


@pytest.mark.parametrize("name", CASES)
def test_index_headline_lists_journey_level_metrics_with_marks_and_critical_pains(
    name: str, rendered: Render
) -> None:
    out = rendered(name)
    journeys, _ = _journeys(name)
    table = rr.parse_html(out / "index.html").one("table", **{"class": "headline"})
    assert len(table.all("tbody")) == len(journeys)
    for journey in journeys:
        group = table.one("tbody", data_journey=journey["id"])
        own = journey.get("metrics", [])
        rows = [r for r in group.all("tr") if "data-metric" in r.attrs]
        assert [r.attrs["data-metric"] for r in rows] == [m["id"] for m in own]
        if not own:
            assert "No journey-level metrics" in group.text
        for metric, row in zip(own, rows, strict=True):
            cells = [c for c in row.cells() if c.tag == "td" and "rowspan" not in c.attrs]
            name_, current, target, status, trend = (c.text for c in cells)
            assert name_.startswith(metric["name"])
            assert current == rr.shown(metric, metric.get("current"))
            assert target == rr.shown(metric, metric.get("target"))
            assert status == rr.status(metric)
            expected = rr.trend(metric)
            assert (expected or "no history") in trend
        critical = group.one("td", **{"class": "critical"})
        pains = [p.text for p in critical.all("p")]
        expected_pains = rr.open_critical(journey)
        assert len(pains) == len(expected_pains)
        assert all(p.startswith(e) for p, e in zip(pains, expected_pains, strict=True))
        _check_health(group.one("p", **{"class": "health small"}).text, journey)


def _check_health(line: str, journey: dict[str, Any]) -> None:
    statuses = [rr.status(m) for m, _ in rr.metrics_of(journey)]
    on, off = statuses.count("on target"), statuses.count("off target")
    assert f"{on} of {len(statuses)} metric" in line
    assert (f"{off} off target" in line) == bool(off)
    late = len(rr.overdue(journey, TODAY))
    assert (f"{late} overdue initiative" if late else "no overdue initiatives") in line
    due = journey["reviewed"] + dt.timedelta(days=journey.get("review_every_days", 90))
    word = "review overdue (was due" if due < TODAY else "next review due"
    assert f"{word} {due.isoformat()}" in line


@pytest.mark.parametrize("name", CASES)
def test_the_markdown_report_carries_the_same_health_line(name: str, rendered: Render) -> None:
    out = rendered(name)
    journeys, _ = _journeys(name)
    for journey in journeys:
        text = (out / f"{journey['id']}.md").read_text(encoding="utf-8")
        [line] = [rr.md_unescape(x) for x in text.splitlines() if x.startswith("**Health:**")]
        _check_health(line.replace("*", ""), journey)


# The hostile map, with goals, evidence (a `javascript:` URL) and a journey-level metric.
HOSTILE_EVIDENCE = 'Survey <script>alert(7)</script> | "n" & [x](javascript:alert(8))'
HOSTILE_GOAL = "Goal <img src=x onerror=alert(9)> | *bold* `code`"
HOSTILE_METRIC = "NRR <iframe src=//evil> | %% [l](u)"
_EXTRA = textwrap.dedent(
    f"""\
      goals:
        - id: hostile-goal
          name: '{HOSTILE_GOAL}'
          description: "<b>why</b> | # not a heading"
          metrics: [score, hostile-nrr]
      metrics:
        - id: hostile-nrr
          name: '{HOSTILE_METRIC}'
          type: nrr
          target: 110
          current: 104
          measured: 2026-09-30
          source: hostile-ev
    evidence:
      - id: hostile-ev
        name: '{HOSTILE_EVIDENCE}'
        type: survey
        date: 2026-09-30
        sample_size: 400
        url: "javascript:alert(10)"
    """
)


def _hostile_workspace(directory: Path) -> Path:
    """The hostile map (its journey is its last key) with `_EXTRA` added, and its
    critical pain point citing the hostile evidence."""
    pain = "          touchpoints: [call]\n"
    assert HOSTILE_MAP.count(pain) == 1
    text = HOSTILE_MAP.replace(pain, f"{pain}          evidence: [hostile-ev]\n") + _EXTRA
    path = directory / "maps" / "hostile.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


_MARKUP = {"script", "img", "iframe", "b", "i", "u", "em"}


def test_hostile_names_stay_text_in_goals_evidence_and_the_headline(
    csj: Csj, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = csj("render", _hostile_workspace(tmp_path), "--out", out, "-f", "html,md")
    assert result.code in (0, 1), result.err
    page = rr.parse_html(out / "hostile-map.html")
    index = rr.parse_html(out / "index.html")
    sections = [
        page.one("section", aria_labelledby="h-goals"),
        page.one("section", aria_labelledby="h-evidence"),
        page.one("section", aria_labelledby="h-metrics"),
        page.one("section", aria_labelledby="h-pains"),
        index.one("section", aria_labelledby="h-headline"),
    ]
    for section in sections:
        assert not [e.tag for e in section.all() if e.tag in _MARKUP]
        for link in section.all("a"):
            assert link.attrs["href"].startswith(("#", "hostile-map.html")), link.attrs
    goals, evidence, metrics, pains, headline = (s.text for s in sections)
    assert HOSTILE_GOAL in goals and HOSTILE_METRIC in goals and HOSTILE_EVIDENCE in goals
    assert HOSTILE_EVIDENCE in evidence and "javascript:alert(10)" in evidence  # as text
    assert "n = 400" in metrics and HOSTILE_EVIDENCE in pains
    assert HOSTILE_METRIC in headline and "Pain <script>alert(5)</script>" in headline
    md = (out / "hostile-map.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "<iframe" not in md
    # A link is `](` with an unescaped `]`; `\](` in an escaped name is text.
    assert not re.search(r"(?<!\\)\]\(<?\s*javascript", md, re.IGNORECASE)
    sections_md = rr.md_sections(md)
    [row] = rr.md_table(sections_md["## Evidence"])
    assert HOSTILE_EVIDENCE in row["Evidence"] and row["Sample size"] == "400"
    assert XSS not in md


def _ties(journey: dict[str, Any]) -> dict[str, list[str]]:
    """Pain point name -> the names of the initiatives that address it, from the YAML."""
    pains = {p["id"]: p["name"] for s in journey["stages"] for p in s.get("pain_points", [])}
    ties: dict[str, list[str]] = {name: [] for name in pains.values()}
    for stage in journey["stages"]:
        for initiative in stage.get("initiatives", []):
            for pain_id in initiative.get("addresses", []):
                ties[pains[pain_id]].append(initiative["name"])
    return ties


@pytest.mark.parametrize("name", CASES)
def test_each_pain_point_names_the_initiatives_that_address_it(name: str, rendered: Render) -> None:
    out = rendered(name)
    journeys, _ = _journeys(name)
    for journey in journeys:
        ties = _ties(journey)
        page = rr.parse_html(out / f"{journey['id']}.html")
        md = rr.md_sections((out / f"{journey['id']}.md").read_text(encoding="utf-8"))
        if not ties:
            assert "## Pain points" not in md
            continue
        rows = page.one("section", aria_labelledby="h-pains").all("tr")[1:]
        md_rows = rr.md_table(md["## Pain points"])
        assert len(rows) == len(md_rows) == len(ties)
        for row, md_row in zip(rows, md_rows, strict=True):
            cells = row.cells()
            [pain] = [p for p in ties if cells[1].text.startswith(p)]
            assert md_row["Pain point"] == pain
            for cell in (cells[4].text, md_row["Addressed by"]):
                if ties[pain]:
                    assert all(initiative in cell for initiative in ties[pain]), (pain, cell)
                    assert "nothing yet" not in cell
                else:
                    assert "nothing yet" in cell, (pain, cell)

"""The "Measured" section of `csjourney render`: a hand-worked log, the engine, the outputs.

One small journey (four stages, two segments) and a stage history of five accounts
worked by hand below: its numbers must appear in the Markdown report and the HTML page,
equal to the engine's (`csjourney measure --format json`) as the section rounds them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Csj

MAP = textwrap.dedent(
    """\
    csjourney: 1
    segments:
      - id: smb
        name: Small business
      - id: ent
        name: Enterprise
    journey:
      id: trial
      title: Trial journey
      segments: [smb, ent]
      metrics:
        - id: trial-nps
          name: Trial NPS
          type: nps
          target: 30
          measure: {from: responses, statistic: nps}
      stages:
        - id: signup
          name: Sign up
          metrics:
            - id: signup-conversion
              name: Sign-ups that move on
              type: conversion
              target: 70
              measure: {from: events, statistic: conversion}
        - id: setup
          name: Set <b>up</b> | now
          metrics:
            - id: setup-csat
              name: Set-up CSAT
              type: csat
              target: 80
              measure: {from: responses, statistic: csat}
        - id: use
          name: Daily use
        - id: pay
          name: Pay
    """
)

# a1 and a2 are smb, a3 and a4 ent. a2 jumps over setup; a4 goes back from setup to
# signup; a3 never moves on; a5's stage is not on the map (and its name is markup).
EVENTS = textwrap.dedent(
    """\
    account_id,stage,timestamp,segment
    a1,signup,2026-01-01T00:00:00Z,smb
    a1,setup,2026-01-03T00:00:00Z,smb
    a1,use,2026-01-04T00:00:00Z,smb
    a1,pay,2026-01-05T00:00:00Z,smb
    a2,signup,2026-01-02T00:00:00Z,smb
    a2,use,2026-01-06T00:00:00Z,smb
    a2,pay,2026-01-08T00:00:00Z,smb
    a3,signup,2026-01-03T00:00:00Z,ent
    a4,signup,2026-01-04T00:00:00Z,ent
    a4,setup,2026-01-05T00:00:00Z,ent
    a4,signup,2026-01-10T00:00:00Z,ent
    a4,setup,2026-01-11T00:00:00Z,ent
    a5,<script>alert(1)</script>,2026-01-07T00:00:00Z,ent
    """
)
RESPONSES = textwrap.dedent(
    """\
    respondent_id,date,type,score,stage
    r1,2026-01-03,csat,5,setup
    r2,2026-01-04,csat,4,setup
    r3,2026-01-05,csat,2,setup
    r4,2026-01-06,csat,5,setup
    r5,2026-01-06,nps,10,
    r6,2026-01-06,nps,9,
    r7,2026-01-07,nps,3,
    r8,2026-01-08,nps,7,
    """
)
WINDOW = ("--since", "2026-01-01", "--until", "2026-01-31")

# Worked by hand. Signup: 5 visits of 4 accounts; next events setup (2 days), use (4),
# none, setup (1), setup (1): 4 forward of 5 = 80%, days 1,1,2,4: median 1.5, p90
# 2 + 0.7*(4-2) = 3.4. Setup: 3 visits; use (1 day), back to signup (5 days), none:
# 33.3%, median 3, p90 4.6; skipped by a2: 1 of signup's 5 visits = 20%. Use: 2 visits,
# both to pay (1 and 2 days). Pay: the last stage, 2 open visits.
# Stage, visits, accounts, move on, back, open, median, p90, skipped.
FUNNEL = [
    ("1. Sign up", "5", "4", "80%", "0", "1", "1.5", "3.4", "0"),
    ("2. Set <b>up</b> | now", "3", "2", "33.3%", "1", "1", "3", "4.6", "1"),
    ("3. Daily use", "2", "2", "100%", "0", "0", "1.5", "1.9", "0"),
    ("4. Pay", "2", "2", "last stage", "0", "2", "—", "—", "0"),
]
# CSAT: 3 of 4 answers are 4-5: 75%, ± 1.96·√(.75·.25/4)·100 = 42.4 points. NPS: 2
# promoters and 1 detractor of 4: 25, ± 1.96·√((.25 + .1875 + .25)/4)·100 = 81.3 points.
METRICS = [
    ("Trial NPS", "Whole journey", "25", "4", "± 81.3 points", "❌ off target"),
    ("Sign-ups that move on", "Sign up", "80%", "—", "—", "✅ on target"),
    ("Set-up CSAT", "Set <b>up</b> | now", "75%", "4", "± 42.4 points", "❌ off target"),
]


def _workspace(tmp_path: Path, config: str = "") -> Path:
    root = tmp_path / "ws"
    (root / "data").mkdir(parents=True)
    (root / "csjourney.toml").write_text(config, encoding="utf-8")
    (root / "trial.yaml").write_text(MAP, encoding="utf-8")
    (root / "data" / "events.csv").write_text(EVENTS, encoding="utf-8")
    (root / "data" / "responses.csv").write_text(RESPONSES, encoding="utf-8")
    return root


def _render(csj: Csj, root: Path, out: Path, *extra: str) -> str:
    data = root / "data"
    result = csj(
        "render", root, "--out", out, "-f", "md,html", "--events", data / "events.csv",
        "--responses", data / "responses.csv", *WINDOW, *extra,
    )  # fmt: skip
    assert result.code == 0, result.err
    return result.err


def _md_rows(markdown: str, heading: str) -> list[tuple[str, ...]]:
    """The body rows of the first table after `heading`, cells unescaped for comparing."""
    part = markdown.split(f"\n{heading}\n", 1)[1].strip("\n").split("\n\n", 1)[0]
    rows = []
    for line in part.splitlines()[2:]:
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        text = [re.sub(r"\\(.)", r"\1", c.strip()).replace("&lt;", "<").replace("&gt;", ">")
                for c in cells]  # fmt: skip
        rows.append(tuple(text))
    return rows


class _Tables(HTMLParser):
    """The text of every cell of every table of the Measured section, by table."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.cell = False
        self.depth = 0
        self.tables: list[list[list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and ("class", "measured") in attrs:
            self.inside = True
        if not self.inside:
            return
        if tag == "section":
            self.depth += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th") and "gauge" not in (dict(attrs).get("class") or ""):
            self.tables[-1][-1].append("")  # a bar's cell has no text: left out
            self.cell = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = False
        if self.inside and tag == "section":
            self.depth -= 1
            self.inside = self.depth > 0

    def handle_data(self, data: str) -> None:
        if self.inside and self.cell:
            self.tables[-1][-1][-1] += data


def _html_tables(page: str) -> list[list[tuple[str, ...]]]:
    parser = _Tables()
    parser.feed(page)
    return [
        [
            tuple(" ".join(c.replace("\xa0", " ").replace("→", "").split()) for c in row)
            for row in table[1:]
        ]
        for table in parser.tables
    ]


def test_the_section_shows_the_hand_worked_numbers_in_markdown_and_html(
    csj: Csj, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    _render(csj, _workspace(tmp_path), out)
    markdown = (out / "trial.md").read_text(encoding="utf-8")
    funnel = [(r[0], *r[2:]) for r in _md_rows(markdown, "### Funnel")]
    assert funnel == FUNNEL
    rows = _md_rows(markdown, "### Bound metrics")
    # Four answers: measure's measure-sample-small finding marks both survey metrics.
    assert [r[3] for r in rows] == ["4 ⚠️ few", "—", "4 ⚠️ few"]
    few = [(r[0], r[1], r[2], r[3].split()[0], r[4], r[7]) for r in rows]
    assert few == METRICS
    assert "- **50%** of the accounts entering the first stage reached the last." in markdown
    assert "- Not on the map: `<script>alert(1)</script>`, 1 visit." in markdown
    # measure's findings, the worst first, each severity in the file's order.
    findings = _md_rows(markdown, "### What the data says about the map")
    # The log's unmapped stage (on the journey), the NPS and the CSAT under target, a
    # third of setup's visits going back (journey-backflow); then the small samples.
    assert [(r[0], r[1], r[2]) for r in findings] == [
        ("warning", "`CSJ302`", "8"), ("warning", "`CSJ305`", "12"),
        ("warning", "`CSJ304`", "26"), ("warning", "`CSJ305`", "29"),
        ("info", "`CSJ307`", "12"), ("info", "`CSJ307`", "29"),
    ]  # fmt: skip
    assert "CSJ303" not in markdown  # 1 of 5 sign-ups skip setup: 20%, not above 20%
    page = (out / "trial.html").read_text(encoding="utf-8")
    funnel_html, metrics_html, findings_html = _html_tables(page)
    assert funnel_html == FUNNEL
    assert [r[3] for r in metrics_html] == ["4 (few)", "—", "4 (few)"]
    shown = [(r[0], r[1], r[2], r[3].split()[0], r[4], r[7]) for r in metrics_html]
    assert shown == [(*m[:5], m[5][2:]) for m in METRICS]
    assert [r[1] for r in findings_html] == [r[1].strip("`") for r in findings]


def test_the_numbers_are_the_engines(csj: Csj, tmp_path: Path) -> None:
    """Every funnel figure of the page is the engine's, as the section rounds it."""
    import json

    from csjourney.render.measuredfacts import figure

    root = _workspace(tmp_path)
    out = tmp_path / "out"
    _render(csj, root, out)
    result = csj("measure", root, "--events", root / "data" / "events.csv", *WINDOW, "-f", "json")
    engine = json.loads(result.out)["journeys"][0]
    page = (out / "trial.html").read_text(encoding="utf-8")
    shown = _html_tables(page)[0]
    assert len(shown) == len(engine["stages"])
    for row, stage in zip(shown, engine["stages"], strict=True):
        expected = [figure(stage[k]) for k in ("visits", "accounts")]
        assert list(row[1:3]) == expected
        assert list(row[4:6]) == [figure(stage["backward"]), figure(stage["open"])]
        assert list(row[6:8]) == [figure(stage["median_days"]), figure(stage["p90_days"])]
        assert row[8].split()[0] == figure(stage["skipped"])
    # The bars: visits relative to the busiest stage, as the engine counts them.
    widths = [
        float(w) for w in re.findall(r'class="meter"[^>]*><span style="width:([\d.]+)%', page)
    ]
    busiest = max(s["visits"] for s in engine["stages"])
    assert widths == [round(s["visits"] / busiest * 100, 1) for s in engine["stages"]]


def test_rendering_twice_gives_identical_files(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    first, second = tmp_path / "one", tmp_path / "two"
    _render(csj, root, first)
    _render(csj, root, second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_without_exports_there_is_no_section(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert csj("render", _workspace(tmp_path), "--out", out, "-f", "md,html").code == 0
    assert "Measured" not in (out / "trial.md").read_text(encoding="utf-8")
    assert "Measured" not in (out / "trial.html").read_text(encoding="utf-8")


def test_render_without_exports_imports_no_engine(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    probe = textwrap.dedent(
        f"""\
        import sys
        from csjourney.cli import main
        try:
            main(["render", {str(root)!r}, "--out", {str(tmp_path / "out")!r}, "-f", "md,html"])
        except SystemExit as done:
            assert done.code == 0, done.code
        engines = {{"ibis", "duckdb", "pyarrow", "pandas", "sqlglot"}}
        print(sorted({{name.split(".")[0] for name in sys.modules}} & engines))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_config_inputs_and_options_feed_the_section(csj: Csj, tmp_path: Path) -> None:
    config = textwrap.dedent(
        """\
        [measure.events]
        path = "data/events.csv"

        [measure.options]
        skipped-share = 15
        """
    )
    root = _workspace(tmp_path, config)
    out = tmp_path / "out"
    result = csj("render", root, "--out", out, "-f", "md", *WINDOW)
    assert result.code == 0, result.err
    markdown = (out / "trial.md").read_text(encoding="utf-8")
    assert [(r[0], *r[2:]) for r in _md_rows(markdown, "### Funnel")] == [
        (*FUNNEL[0][:8], "0"),
        (*FUNNEL[1][:8], "1 ⚠️"),
        *FUNNEL[2:],
    ]
    # The mark is measure's stage-often-skipped finding, listed below the metrics.
    assert "| warning | `CSJ303` |" in markdown
    # No survey export: the survey metrics say so instead of a number.
    assert (
        "| Set-up CSAT | Set &lt;b&gt;up&lt;/b&gt; \\| now | no survey export given |" in markdown
    )


def test_segment_shows_that_segments_funnel(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _render(csj, _workspace(tmp_path), out, "--segment", "smb")
    funnel = _md_rows((out / "trial.smb.md").read_text(encoding="utf-8"), "### Funnel")
    # a1 and a2 only: both sign up and move on; a2 jumps over setup.
    assert [r[2] for r in funnel] == ["2", "1", "2", "2"]
    # The findings judge the whole journey: they mark no segment's row.
    assert funnel[0][4] == "100%" and funnel[1][9] == "1"


def test_a_journey_the_data_does_not_name_says_so(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "data" / "events.csv").write_text(
        "account_id,stage,timestamp\na1,signup,2025-06-01T00:00:00Z\n", encoding="utf-8"
    )
    (root / "data" / "responses.csv").write_text(RESPONSES.splitlines()[0] + "\n", "utf-8")
    out = tmp_path / "out"
    _render(csj, root, out)
    markdown = (out / "trial.md").read_text(encoding="utf-8")
    assert "_No data for this journey in the window:" in markdown
    assert "### Funnel" not in markdown


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a9,signup,not-a-date", "row 14: "),
        ("a9,,2026-01-02T00:00:00Z", "row 14: "),
    ],
)
def test_a_data_problem_is_reported_and_the_rest_is_rendered(
    csj: Csj, tmp_path: Path, row: str, message: str
) -> None:
    root = _workspace(tmp_path)
    (root / "data" / "events.csv").write_text(EVENTS + row + ",smb\n", encoding="utf-8")
    out = tmp_path / "out"
    err = _render(csj, root, out)
    assert "Traceback" not in err and "internal error" not in err
    assert "events.csv:14:" in err and message in err
    assert "1 data problem (the rows were left out of the Measured section); rendered" in err
    markdown = (out / "trial.md").read_text(encoding="utf-8")
    assert [(r[0], *r[2:]) for r in _md_rows(markdown, "### Funnel")] == FUNNEL
    assert "1 row with a data problem was left out" in markdown
    assert "events.csv" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--events", "missing.csv"), "--events / [measure.events]: no such file: missing.csv"),
        (("--responses", "nope.csv"), "no such file: nope.csv"),
        (("--events", "data/events.csv", "--since", "2026-02-01", "--until", "2026-01-01"),
         "--since 2026-02-01 is after the window's end 2026-01-01"),
        (("--events", "data/events.csv", "--until", "2026-13-01"), "--until"),
        (("--since", "2026-02-30"), "--since"),  # checked without any export too
    ],
)  # fmt: skip
def test_usage_mistakes_exit_2_with_a_message(
    csj: Csj, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    root = _workspace(tmp_path)
    result = csj("render", ".", "--out", tmp_path / "out", *args, cwd=root)
    assert result.code == 2, result.err
    assert message in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_the_markdown_stays_valid_commonmark_with_tables(csj: Csj, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    out = tmp_path / "out"
    _render(csj, _workspace(tmp_path), out)
    markdown = (out / "trial.md").read_text(encoding="utf-8")
    section = markdown.split("## Measured", 1)[1]
    for table in re.findall(r"(?:^\|.*\|\n)+", section, flags=re.MULTILINE):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, f"a cell broke its table:\n{table}"
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script" not in html and "<b>" not in html
    assert "<h2>Measured</h2>" in html and html.count("<table>") >= 2
    assert "<td>2. Set &lt;b&gt;up&lt;/b&gt; | now</td>" in html
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in html


def test_only_journeys_an_export_feeds_get_a_section(csj: Csj, tmp_path: Path) -> None:
    """Two workspaces rendered at once: the one without exports renders as it did."""
    fed = _workspace(tmp_path / "fed", '[measure.events]\npath = "data/events.csv"\n')
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "csjourney.toml").write_text("", encoding="utf-8")
    (plain / "other.yaml").write_text(MAP.replace("id: trial", "id: other"), encoding="utf-8")
    alone, both = tmp_path / "alone", tmp_path / "both"
    assert csj("render", plain, "--out", alone, "-f", "md,html", *WINDOW).code == 0
    result = csj("render", tmp_path / "fed", plain, "--out", both, "-f", "md,html", *WINDOW)
    assert result.code == 0, result.err
    assert fed.exists() and "## Measured" in (both / "trial.md").read_text(encoding="utf-8")
    for name in ("other.md", "other.html"):
        assert (both / name).read_bytes() == (alone / name).read_bytes(), name


def test_markup_in_the_data_is_text_on_the_page(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _render(csj, _workspace(tmp_path), out)
    page = (out / "trial.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<b>up" not in page
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>, 1 visit." in page


@pytest.mark.parametrize(
    ("percent", "drawn"),
    [(100.0, "█" * 20), (50.0, "█" * 10), (2.6, "█"), (2.4, "▏"), (0.1, "▏"), (0.0, "")],
)
def test_the_markdown_bar_has_a_block_per_five_percent(percent: float, drawn: str) -> None:
    from csjourney.render.measuredmd import bar

    assert bar(percent) == drawn


def test_a_missing_export_the_config_names_is_a_warning(csj: Csj, tmp_path: Path) -> None:
    """The maps still render where the exports are not (a docs build, a fresh clone);
    an export named on the command line must exist (test_usage_mistakes_exit_2...)."""
    config = (
        '[measure.events]\npath = "data/events.csv"\n\n[measure.responses]\npath = "gone.csv"\n'
    )
    root = _workspace(tmp_path, config)
    out = tmp_path / "out"
    result = csj("render", root, "--out", out, "-f", "md", *WINDOW)
    assert result.code == 0, result.err
    assert "warning: " in result.err and "[measure.responses] " in result.err
    assert "gone.csv: no such file; rendered without it" in result.err
    markdown = (out / "trial.md").read_text(encoding="utf-8")
    assert [(r[0], *r[2:]) for r in _md_rows(markdown, "### Funnel")] == FUNNEL
    assert "no survey export given" in markdown
    (root / "data" / "events.csv").unlink()
    result = csj("render", root, "--out", out, "-f", "md", *WINDOW)
    assert result.code == 0 and result.err.count("no such file; rendered without it") == 2
    assert "## Measured" not in (out / "trial.md").read_text(encoding="utf-8")

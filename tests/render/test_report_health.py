"""The health line of a journey (index and Markdown report) against lint's own
overdue rules, which links a report makes, and byte-identical output."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES, Csj
from csjourney.render.goalfacts import link_target
from render import report_reading as rr

TODAY = "2027-02-20"


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.com/report", True),
        ("HTTP://example.com", True),
        ("  https://example.com/padded  ", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("https://example.com/a b", False),  # a space would end the link early
        ("//evil.example", False),
        ("Confluence > Research > Q3", False),
        ("mailto:research@example.com", False),
    ],
)
def test_only_web_addresses_become_links(url: str, linked: bool) -> None:
    assert (link_target(url) is not None) == linked
    if linked:
        assert link_target(url) == url.strip()


# (reviewed, review_every_days, initiatives as (status, due), --today, more render options)
# -> parts of the line.
_HEALTH_CASES = [
    ("2026-01-10", 90, [("in-progress", "2026-03-01")], "2026-03-02",
     [], ["1 overdue initiative ", "next review due 2026-04-10"]),
    ("2026-01-10", 90, [("in-progress", "2026-03-01"), ("planned", "2026-02-01")], "2026-05-01",
     [], ["2 overdue initiatives", "review overdue (was due 2026-04-10)"]),
    ("2026-01-10", 30, [("done", "2026-01-01"), ("dropped", "2026-01-01")], "2026-02-09",
     [], ["no overdue initiatives", "next review due 2026-02-09"]),
    (None, 90, [("idea", None)], "2030-01-01", [], ["no overdue initiatives", "never reviewed"]),
    # Without lint nothing was checked: the line must not claim "no overdue initiatives".
    ("2026-01-10", 90, [("in-progress", "2026-03-01")], "2026-03-02", ["--no-lint"],
     ["overdue initiatives not checked (--no-lint)", "next review due 2026-04-10"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("reviewed", "every", "initiatives", "today", "options", "parts"), _HEALTH_CASES
)
def test_health_line_counts_overdue_initiatives_and_the_review_as_lint_does(
    reviewed: str | None,
    every: int,
    initiatives: list[tuple[str, str | None]],
    today: str,
    options: list[str],
    parts: list[str],
    csj: Csj,
    tmp_path: Path,
) -> None:
    items = "".join(
        f"        - {{id: i{n}, name: Initiative {n}, status: {status}"
        + (f", due: {due}" if due else "")
        + "}\n"
        for n, (status, due) in enumerate(initiatives)
    )
    path = tmp_path / "map.yaml"
    path.write_text(
        "csjourney: 1\nsegments: [{id: s, name: S}]\njourney:\n  id: j\n  title: J\n"
        "  segments: [s]\n"
        + (f"  reviewed: {reviewed}\n" if reviewed else "")
        + f"  review_every_days: {every}\n  stages:\n    - id: onboarding\n"
        "      name: Onboarding\n      metrics:\n"
        "        - {id: m1, name: M1, type: csat, target: 80, current: 85}\n"
        "        - {id: m2, name: M2, type: churn, target: 3, current: 4}\n"
        "        - {id: m3, name: M3, type: csat}\n"
        f"      initiatives:\n{items}",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = csj("render", path, "--out", out, "-f", "html,md", "--today", today, *options)
    assert result.code in (0, 1), result.err
    group = rr.parse_html(out / "index.html").one("tbody", data_journey="j")
    line = group.one("p", **{"class": "health small"}).text + " "
    for part in ["1 of 3 metrics on target", "1 off target", *parts]:
        assert part in line, (part, line)
    md_line = [x for x in (out / "j.md").read_text(encoding="utf-8").splitlines() if "Health" in x]
    assert all(p.strip() in md_line[0] for p in parts)
    if options:
        assert "no overdue" not in line and "no overdue" not in md_line[0]


def test_the_new_sections_render_byte_identically_twice(csj: Csj, tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        assert csj("render", EXAMPLES / "b2c-subscription", "--out", out, "-f", "html,md",
                   "--today", TODAY, "--no-lint").code == 0  # fmt: skip
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]

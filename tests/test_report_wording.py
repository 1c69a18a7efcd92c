"""Issue 9, section 6: what a newcomer reads in lint output and reports.

Each test runs the real command and asserts the text a user sees: a percent
written as a fraction is questioned, items are named by name with the id in
parentheses (ids to type stay code), and stages are numbered from 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLES, CliResult

Csj = Callable[..., CliResult]

FRACTION_MAP = """\
csjourney: 1
segments:
  - {id: smb, name: Small business, needs: [Reports without help]}
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  reviewed: 2026-11-01
  stages:
    - id: onboarding
      name: Onboarding
      exit_criteria: First report shared
      touchpoints:
        - {id: wizard, name: Setup wizard, channel: in-app, owner: growth}
      metrics:
        - id: onboarding-csat
          name: Onboarding CSAT
          type: csat
          target: 0.9
          current: 0.82
"""


def _workspace(root: Path, text: str) -> Path:
    root.mkdir()
    (root / "csjourney.toml").write_text("", encoding="utf-8")
    (root / "map.yaml").write_text(text, encoding="utf-8")
    return root


def test_a_csat_written_as_a_fraction_gets_a_warning_asking_for_the_percent(
    csj: Csj, tmp_path: Path
) -> None:
    workspace = _workspace(tmp_path / "ws", FRACTION_MAP)
    result = csj("validate", ".", "--select", "CSJ222", cwd=workspace)
    assert result.code == 0, result.err  # a warning: below the default --fail-on error
    assert result.out.splitlines()[:2] == [
        "map.yaml:20:20: warning CSJ222 metric Onboarding CSAT "
        "(onboarding-csat) looks like a fraction: current 0.82 shows as 0.82%, but CSAT "
        "values are percentages (0 to 100); did you mean 82?",
        "  hint: write its values in percent: `current: 82`, and the metric's other values "
        "the same way",
    ]
    # ...because the report would indeed show it as 0.82%.
    out = tmp_path / "out"
    assert csj("render", workspace, "--out", out, "-f", "md").code == 0
    assert "| Onboarding CSAT | Onboarding | 0.82% | 0.9% |" in (out / "smb-journey.md").read_text(
        encoding="utf-8"
    )


def test_the_same_metric_in_percent_passes(csj: Csj, tmp_path: Path) -> None:
    fixed = FRACTION_MAP.replace("target: 0.9", "target: 90").replace("0.82", "82")
    result = csj("validate", _workspace(tmp_path / "ws", fixed), "--select", "CSJ222")
    assert result.code == 0 and "CSJ222" not in result.out


def test_findings_name_items_by_name_with_the_id_in_parentheses(csj: Csj) -> None:
    result = csj("validate", EXAMPLES / "b2b-saas", "--today", "2026-12-01")
    lines = result.out.splitlines()
    at = next(i for i, line in enumerate(lines) if "ent-exec-meetings" in line)
    assert lines[at].endswith(
        "info CSJ211 metric First executive meetings per quarter (ent-exec-meetings) is off "
        "target: current 38 is below the target of 45 (higher is better)"
    )
    # In the hint the id is what to type, so it stays code.
    assert lines[at + 1] == (
        "  hint: add an initiative with `improves: [ent-exec-meetings]`, or revisit the target"
    )
    # An initiative the hint points at is named too.
    assert (
        "  hint: check that initiative Named technical account manager for top 30 accounts "
        "(technical-account-managers) will close the gap, or revisit the target" in lines
    )
    assert not re.search(r"(metric|stage|initiative|segment|journey) `", result.out)


def test_stages_are_numbered_from_1_in_every_report(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = csj("render", EXAMPLES / "minimal", "--out", out, "-f", "md,html,svg")
    assert result.code == 0, result.err
    [markdown] = out.glob("*.md")
    headings = re.findall(r"^### (\d+)\. ", markdown.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings and headings[0] == "1"
    assert headings == [str(n) for n in range(1, len(headings) + 1)]
    [page] = [p for p in out.glob("*.html") if p.name != "index.html"]
    html = page.read_text(encoding="utf-8")
    assert re.findall(r'<h3 id="stage-(\d+)">(\d+)\. ', html)[0] == ("1", "1")
    [svg] = out.glob("*.map.svg")
    assert re.search(r">1\. </text>", svg.read_text(encoding="utf-8"))
    assert not re.search(r">0\. </text>", svg.read_text(encoding="utf-8"))

"""The next review date a reader sees is the one lint checks.

The reports once ignored `review-every-days` in csjourney.toml: lint said a
review was due 2026-10-31 while the report said 2026-12-30. Each case renders
(Markdown and HTML) and lints the same map and reads the date back from all three.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CliResult

Csj = Callable[..., CliResult]
TODAY = "2027-06-01"  # late enough that every case below is overdue, so lint names the date


def write_workspace(root: Path, journey_id: str, config: int | None, own: int | None) -> Path:
    root.mkdir(parents=True)
    options = f"[lint.options]\nreview-every-days = {config}\n" if config else ""
    (root / "csjourney.toml").write_text(options, encoding="utf-8")
    every = f"\n  review_every_days: {own}" if own else ""
    text = textwrap.dedent(
        f"""\
        csjourney: 1
        segments:
          - id: {journey_id}-smb
            name: SMB
        journey:
          id: {journey_id}
          title: Journey {journey_id}
          segments: [{journey_id}-smb]
          reviewed: 2026-10-01@EVERY
          stages:
            - id: onboarding
              name: Onboarding
        """
    ).replace("@EVERY", every)
    (root / "map.yaml").write_text(text, encoding="utf-8")
    return root


def lint_dates(csj: Csj, *args: str | Path) -> dict[str, str]:
    """Journey title -> the date CSJ216 says the review was due by."""
    result = csj("validate", *args, "--today", TODAY)
    found = re.findall(
        r"journey (Journey \S+) \(\S+\) was last reviewed .*? due by (\S+) \(every", result.out
    )
    return dict(found)


def rendered_dates(csj: Csj, out: Path, *args: str | Path) -> dict[str, tuple[str, str]]:
    """Journey id -> the next review date as the Markdown and the HTML report show it."""
    result = csj("render", *args, "-o", out, "-f", "md,html", "--today", TODAY)
    assert result.code == 0, result.err
    dates = {}
    for page in out.glob("*.md"):
        md = re.search(r"next review due (\S+?)\.", page.read_text(encoding="utf-8"))
        html = re.search(
            r"next review due (\S+?)\s*<", page.with_suffix(".html").read_text(encoding="utf-8")
        )
        assert md and html, page
        dates[page.stem] = (md.group(1), html.group(1))
    return dates


# the config's review-every-days, the journey's own review_every_days, the date due
CASES = [
    (30, None, "2026-10-31"),  # the example: the config's interval
    (None, None, "2026-12-30"),  # neither: the default of 90 days
    (30, 90, "2026-12-30"),  # the journey's own value wins, even when it is the default
    (30, 7, "2026-10-08"),
    (120, None, "2027-01-29"),
]


@pytest.mark.parametrize(("config", "own", "due"), CASES)
def test_reports_and_lint_give_the_same_next_review_date(
    csj: Csj, tmp_path: Path, config: int | None, own: int | None, due: str
) -> None:
    workspace = write_workspace(tmp_path / "ws", "j", config, own)
    assert lint_dates(csj, workspace) == {"Journey j": due}
    assert rendered_dates(csj, tmp_path / "out", workspace) == {"j": (due, due)}


def test_each_workspace_rendered_at_once_keeps_its_own_interval(csj: Csj, tmp_path: Path) -> None:
    """Three workspaces in one run: each journey's date comes from its own csjourney.toml."""
    paths = [
        write_workspace(tmp_path / name, name, config, None)
        for name, config in (("monthly", 30), ("bimonthly", 60), ("plain", None))
    ]
    expected = {"monthly": "2026-10-31", "bimonthly": "2026-11-30", "plain": "2026-12-30"}
    assert lint_dates(csj, *paths) == {f"Journey {k}": v for k, v in expected.items()}
    rendered = rendered_dates(csj, tmp_path / "out", *paths)
    assert rendered == {k: (v, v) for k, v in expected.items()}


def test_an_explicit_config_sets_the_interval_for_every_journey(csj: Csj, tmp_path: Path) -> None:
    first = write_workspace(tmp_path / "a", "a", None, None)
    second = write_workspace(tmp_path / "b", "b", None, None)
    (tmp_path / "shared").mkdir()
    config = tmp_path / "shared" / "csjourney.toml"
    config.write_text("[lint.options]\nreview-every-days = 45\n", encoding="utf-8")
    args = (first, second, "--config", config)
    assert lint_dates(csj, *args) == {"Journey a": "2026-11-15", "Journey b": "2026-11-15"}
    rendered = rendered_dates(csj, tmp_path / "out", *args)
    assert rendered == {"a": ("2026-11-15",) * 2, "b": ("2026-11-15",) * 2}

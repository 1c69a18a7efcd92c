"""The domain rules mean the same thing in lint, render and diff.

Each rule of `csjourney.domain` is pinned by a small table of cases, then the
same meaning is checked where a user sees it: a metric exactly at its target
raises no CSJ211, shows "on target" in both reports, and reaching the target
resolves CSJ211 in `csjourney diff`; diff's better/worse follows a metric's
own `direction` over its type's default.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from csjourney import domain
from csjourney.model import Journey, Metric

Csj = Callable[..., CliResult]
TODAY = "2026-11-28"


def metric(type_: str, *, direction: str | None = None, **values: Any) -> Metric:
    data: dict[str, Any] = {"id": "m", "name": "M", "type": type_}
    data.update((key, value) for key, value in values.items() if value is not None)
    if direction is not None:
        data["direction"] = f"{direction}-is-better"
    return Metric.model_validate(data)


# type, direction override, target, current, status
STATUS_CASES = [
    ("activation", None, 60, 60, "on-target"),  # exactly at target is on target
    ("activation", None, 60, 59.9, "off-target"),
    ("activation", None, 60, 61, "on-target"),
    ("churn", None, 3, 3, "on-target"),  # lower is better, exactly at target
    ("churn", None, 3, 3.1, "off-target"),
    ("churn", None, 3, 2.6, "on-target"),
    ("duration", None, 7, 11, "off-target"),
    ("activation", "lower", 60, 50, "on-target"),  # own direction beats the type's
    ("activation", "lower", 60, 70, "off-target"),
    ("churn", "higher", 3, 4, "on-target"),
    ("churn", "higher", 3, 2, "off-target"),
    ("count", "lower", 0, 0, "on-target"),
    ("nps", None, 30, None, "no-data"),
    ("nps", None, None, 30, "no-target"),
    ("nps", None, None, None, "no-data"),
]


@pytest.mark.parametrize(("type_", "direction", "target", "current", "status"), STATUS_CASES)
def test_metric_status(
    type_: str, direction: str | None, target: float | None, current: float | None, status: str
) -> None:
    found = domain.metric_status(metric(type_, direction=direction, target=target, current=current))
    assert found == status


# type, direction override, old, new, better?
BETTER_CASES = [
    ("activation", None, 40, 50, True),
    ("activation", None, 50, 40, False),
    ("churn", None, 5, 4, True),
    ("churn", None, 4, 5, False),
    ("duration", None, 11, 7, True),
    ("activation", "lower", 40, 50, False),  # explicit lower on a higher-is-better type
    ("activation", "lower", 50, 40, True),
    ("churn", "higher", 4, 5, True),  # explicit higher on a lower-is-better type
    ("duration", "higher", 11, 7, False),
    ("activation", None, 50, 50, False),  # no change is neither better...
    ("churn", None, 4, 4, False),  # ...whichever way is better
]


@pytest.mark.parametrize(("type_", "direction", "old", "new", "better"), BETTER_CASES)
def test_is_better(type_: str, direction: str | None, old: float, new: float, better: bool) -> None:
    assert domain.is_better(metric(type_, direction=direction), old, new) is better


def journey(reviewed: str | None, every: int | None) -> Journey:
    data: dict[str, Any] = {
        "id": "j",
        "title": "J",
        "segments": ["smb"],
        "stages": [{"id": "onboarding", "name": "Onboarding"}],
    }
    if reviewed is not None:
        data["reviewed"] = reviewed
    if every is not None:
        data["review_every_days"] = every
    return Journey.model_validate(data)


# reviewed, the journey's review_every_days, the config's interval, interval, next review text
REVIEW_CASES = [
    ("2026-10-01", None, 30, 30, "2026-10-31"),  # the config's interval
    ("2026-10-01", None, 90, 90, "2026-12-30"),
    ("2026-10-01", 90, 30, 90, "2026-12-30"),  # set in the file, even to the default: it wins
    ("2026-10-01", 10, 30, 10, "2026-10-11"),
    ("2024-02-28", 1, 90, 1, "2024-02-29"),  # a leap day
    ("9999-12-01", 60, 90, 60, domain.NEVER),  # past the calendar's end
    ("2026-10-01", 3_000_000, 90, 3_000_000, domain.NEVER),
    (None, 10, 30, 10, None),  # never reviewed: no next date
]


@pytest.mark.parametrize(("reviewed", "every", "default", "interval", "text"), REVIEW_CASES)
def test_next_review(
    reviewed: str | None, every: int | None, default: int, interval: int, text: str | None
) -> None:
    j = journey(reviewed, every)
    assert domain.review_interval(j, default) == interval
    assert domain.next_review_text(j, default) == text
    due = domain.next_review(j, default)
    assert (due.isoformat() if due else None) == (text if text != domain.NEVER else None)


# type, unit, value, text
VALUE_CASES = [
    ("activation", None, 48, "48%"),
    ("churn", None, 4.1, "4.1%"),
    ("nrr", None, 108.5, "108.5%"),
    ("nps", None, 38, "38"),
    ("duration", "days", 11, "11 days"),
    ("currency", "USD", 12500, "12,500 USD"),
    ("count", None, 0.125, "0.12"),
    ("score", None, 1e20, "1e+20"),
    ("score", None, 1e15, "1e+15"),  # from 10^15 on, in exponent form
    ("score", None, -1e15, "-1e+15"),
    ("score", None, 999_999_999_999_999, "999,999,999,999,999"),
    ("count", None, 4.001, "4"),  # rounds to a whole number: no trailing `.`
    ("count", None, 2.9999999999, "3"),
    ("activation", None, -0.0, "0%"),  # YAML's -0.0 is zero: no minus sign
    ("count", None, 1e-10, "1e-10"),  # tiny, not zero: never shown as 0
    ("count", None, -1e-10, "-1e-10"),
    ("csat", None, None, "—"),
]


@pytest.mark.parametrize(("type_", "unit", "value", "text"), VALUE_CASES)
def test_value_text(type_: str, unit: str | None, value: float | None, text: str) -> None:
    assert domain.value_text(metric(type_, unit=unit), value) == text


def write_map(
    directory: Path, activation: float, churn: float, *, up: str = "", down: str = ""
) -> Path:
    """A map with an activation metric (target 60, direction `up` when given) and a churn
    metric (target 3, direction `down` when given)."""
    directory.mkdir(parents=True, exist_ok=True)
    own_up = f"\n{' ' * 10}direction: {up}" if up else ""
    own_down = f"\n{' ' * 10}direction: {down}" if down else ""
    (directory / "csjourney.toml").write_text("", encoding="utf-8")
    (directory / "map.yaml").write_text(
        textwrap.dedent(
            f"""\
            csjourney: 1
            segments:
              - id: smb
                name: SMB
            journey:
              id: j
              title: J
              segments: [smb]
              reviewed: 2026-11-01
              stages:
                - id: onboarding
                  name: Onboarding
                  metrics:
                    - id: activation
                      name: Activated
                      type: activation
                      target: 60
                      current: {activation}@UP
                    - id: churn
                      name: Churn
                      type: churn
                      target: 3
                      current: {churn}@DOWN
            """
        )
        .replace("@UP", own_up)
        .replace("@DOWN", own_down),
        encoding="utf-8",
    )
    return directory


def test_exactly_at_target_is_on_target_in_lint_and_both_reports(csj: Csj, tmp_path: Path) -> None:
    workspace = write_map(tmp_path / "ws", activation=60, churn=3)
    lint = csj("validate", workspace, "--today", TODAY)
    assert "CSJ211" not in lint.out, lint.out
    out = tmp_path / "out"
    result = csj("render", workspace, "-o", out, "-f", "md,html", "--today", TODAY)
    assert result.code == 0, result.err
    markdown = (out / "j.md").read_text(encoding="utf-8")
    assert re.search(r"\| Activated \|.*\| ✅ on target \|", markdown), markdown
    assert re.search(r"\| Churn \|.*\| ✅ on target \|", markdown), markdown
    html = (out / "j.html").read_text(encoding="utf-8")
    assert html.count('<td class="on-target">on target</td>') == 2
    assert "off target</td>" not in html


def test_just_off_target_is_off_target_in_lint_and_both_reports(csj: Csj, tmp_path: Path) -> None:
    workspace = write_map(tmp_path / "ws", activation=59.5, churn=3.5)
    lint = csj("validate", workspace, "--today", TODAY)
    assert lint.out.count("CSJ211") == 2, lint.out
    out = tmp_path / "out"
    csj("render", workspace, "-o", out, "-f", "md,html", "--today", TODAY)
    assert (out / "j.md").read_text(encoding="utf-8").count("❌ off target") == 2
    html = (out / "j.html").read_text(encoding="utf-8")
    assert html.count('<td class="off-target">off target</td>') == 2


def diff_json(csj: Csj, old: Path, new: Path) -> list[dict[str, Any]]:
    result = csj("diff", old, new, "--format", "json", "--today", TODAY)
    assert result.code == 0, result.out + result.err
    found: list[dict[str, Any]] = json.loads(result.out)["changes"]
    return found


def test_reaching_the_target_exactly_resolves_off_target_in_diff(csj: Csj, tmp_path: Path) -> None:
    old = write_map(tmp_path / "old", activation=59, churn=3.2)
    new = write_map(tmp_path / "new", activation=60, churn=3)
    found = diff_json(csj, old, new)
    resolved = [c for c in found if c["kind"] == "finding" and c["id"] == "CSJ211"]
    assert [c["action"] for c in resolved] == ["resolved", "resolved"]
    verdicts = {c["id"]: c["verdict"] for c in found if c.get("field") == "current"}
    assert verdicts == {"activation": "better", "churn": "better"}


@pytest.mark.parametrize(
    ("direction", "old_churn", "new_churn", "verdict"),
    [
        ("", 4, 3, "better"),  # churn: lower is better by default
        ("higher-is-better", 4, 3, "worse"),  # its own direction reverses it
        ("higher-is-better", 3, 4, "better"),
        ("lower-is-better", 3, 4, "worse"),  # explicit, same as the default
    ],
)
def test_diff_verdict_follows_the_metrics_own_direction(
    csj: Csj, tmp_path: Path, direction: str, old_churn: float, new_churn: float, verdict: str
) -> None:
    old = write_map(tmp_path / "old", activation=50, churn=old_churn, down=direction)
    new = write_map(tmp_path / "new", activation=50, churn=new_churn, down=direction)
    found = [c for c in diff_json(csj, old, new) if c.get("field") == "current"]
    assert [(c["id"], c["verdict"]) for c in found] == [("churn", verdict)]


@pytest.mark.parametrize(("direction", "verdict"), [("", "worse"), ("lower-is-better", "better")])
def test_diff_verdict_lower_on_a_higher_is_better_type(
    csj: Csj, tmp_path: Path, direction: str, verdict: str
) -> None:
    old = write_map(tmp_path / "old", activation=50, churn=3, up=direction)
    new = write_map(tmp_path / "new", activation=40, churn=3, up=direction)
    found = [c for c in diff_json(csj, old, new) if c.get("field") == "current"]
    assert [(c["id"], c["verdict"]) for c in found] == [("activation", verdict)]


@pytest.mark.parametrize(("written", "shown"), [("0.825", "0.82%"), ("0.8333", "0.83%")])
def test_a_fraction_warning_quotes_the_percent_the_report_shows(
    csj: Csj, tmp_path: Path, written: str, shown: str
) -> None:
    """CSJ222 says what a percent metric "shows as": the text the report shows."""
    workspace = write_map(tmp_path / "ws", activation=60, churn=3)
    path = workspace / "map.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("target: 60\n", "target: 0.9\n").replace("current: 60", f"current: {written}"),
        encoding="utf-8",
    )
    lint = csj("validate", workspace, "--today", TODAY)
    assert f"current {written} shows as {shown}, but" in lint.out, lint.out
    out = tmp_path / "out"
    csj("render", workspace, "-o", out, "-f", "md", "--today", TODAY)
    assert re.search(
        rf"\| Activated \|.*\| {re.escape(shown)} \|", (out / "j.md").read_text(encoding="utf-8")
    )


# type, unit, history values then current, what the chart's accessible name says
TREND_CASES = [
    ("nrr", None, [112, 118], "2 values, from 112% to 118%"),
    ("churn", None, [4.9, 4.4, 4.1], "3 values, from 4.9% to 4.1%"),
    ("currency", "USD", [1234567, 1500000], "2 values, from 1,234,567 USD to 1,500,000 USD"),
    ("nps", None, [31, 38], "2 values, from 31 to 38"),
]


@pytest.mark.parametrize(("type_", "unit", "values", "description"), TREND_CASES)
def test_a_sparkline_says_its_values_as_the_table_writes_them(
    type_: str, unit: str | None, values: list[float], description: str
) -> None:
    from csjourney.render.charts import sparkline

    *earlier, current = values
    history = [{"date": f"2026-0{i + 1}-01", "value": v} for i, v in enumerate(earlier)]
    spark = sparkline(metric(type_, unit=unit, current=current, history=history))
    assert spark is not None
    assert spark.description == description

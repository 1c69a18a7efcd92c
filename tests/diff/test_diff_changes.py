"""`csjourney diff OLD NEW`: every kind of change, found by id, in every output format."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from diff.diffsupport import (
    JOURNEY_FILE,
    Data,
    dump,
    example_workspace,
    item,
    stage,
    write_workspace,
)

Csj = Callable[..., CliResult]
TODAY = "2026-11-22"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return write_workspace(tmp_path / "old", example_workspace())


def diff(csj: Csj, old: Path, new: Path, *args: str) -> CliResult:
    return csj("diff", str(old), str(new), "--today", TODAY, *args)


def changes(csj: Csj, old: Path, new: Path) -> list[dict[str, Any]]:
    result = diff(csj, old, new, "--format", "json")
    assert result.code == 0, result.out + result.err
    found: list[dict[str, Any]] = json.loads(result.out)["changes"]
    return found


def new_version(tmp_path: Path, edit: Callable[[dict[str, Data]], None]) -> Path:
    files = example_workspace()
    edit(files)
    return write_workspace(tmp_path / "new", files)


def test_identical_workspaces_have_no_change(csj: Csj, old: Path, tmp_path: Path) -> None:
    same = new_version(tmp_path, lambda files: None)
    result = diff(csj, old, same, "--exit-code")
    assert result.code == 0
    assert result.out == f"csjourney diff {old} → {same}: 0 changes\n"
    assert "No change to the journey maps." in diff(csj, old, same, "-f", "markdown").out


def test_stage_renamed_keeps_its_id(csj: Csj, old: Path, tmp_path: Path) -> None:
    new = new_version(tmp_path, lambda f: stage(f, "onboarding").update(name="Getting started"))
    found = changes(csj, old, new)
    assert [(c["action"], c["kind"], c["id"], c["old"], c["new"]) for c in found] == [
        ("renamed", "stage", "onboarding", "Onboarding", "Getting started")
    ]
    text = diff(csj, old, new).out
    assert '  ~ renamed stage onboarding: "Onboarding" → "Getting started"\n' in text


def test_stage_reorder_is_one_change_not_removals(csj: Csj, old: Path, tmp_path: Path) -> None:
    def swap(files: dict[str, Data]) -> None:
        stages = files[JOURNEY_FILE]["journey"]["stages"]
        stages[1], stages[2] = stages[2], stages[1]

    found = changes(csj, old, new_version(tmp_path, swap))
    assert len(found) == 1
    (change,) = found
    assert change["action"] == "reordered"
    assert change["old"][:3] == ["awareness", "consideration", "decision"]
    assert change["new"][:3] == ["awareness", "decision", "consideration"]


def test_stages_added_and_removed(csj: Csj, old: Path, tmp_path: Path) -> None:
    def edit(files: dict[str, Data]) -> None:
        stages = files[JOURNEY_FILE]["journey"]["stages"]
        stages[:] = [s for s in stages if s["id"] != "expansion"]
        stages.append({"id": "win-back", "name": "Win-back", "kind": "custom"})

    found = {
        (c["action"], c["kind"], c["id"]) for c in changes(csj, old, new_version(tmp_path, edit))
    }
    assert ("removed", "stage", "expansion") in found
    assert ("added", "stage", "win-back") in found
    # The expansion stage's own items go with it.
    assert ("removed", "touchpoint", "add-on-market") in found
    assert not any(action == "reordered" for action, _, _ in found)


def test_touchpoints_added_removed_and_moved_between_stages(
    csj: Csj, old: Path, tmp_path: Path
) -> None:
    def edit(files: dict[str, Data]) -> None:
        onboarding, adoption = stage(files, "onboarding"), stage(files, "adoption")
        value = stage(files, "value-realization")
        onboarding["touchpoints"].append(
            {"id": "cooking-webinar", "name": "Live first-box cooking webinar", "channel": "event"}
        )
        moved = next(t for t in adoption["touchpoints"] if t["id"] == "skip-week")
        adoption["touchpoints"].remove(moved)
        onboarding["touchpoints"].append(moved)
        value["touchpoints"] = [t for t in value["touchpoints"] if t["id"] != "monthly-recap"]

    new = new_version(tmp_path, edit)
    found = changes(csj, old, new)
    summary = {(c["action"], c["id"], c["where"]) for c in found if c["kind"] == "touchpoint"}
    assert summary == {
        ("added", "cooking-webinar", "onboarding"),
        ("moved", "skip-week", "onboarding"),
        ("removed", "monthly-recap", "value-realization"),
    }
    text = diff(csj, old, new).out
    assert (
        '+ added touchpoint cooking-webinar "Live first-box cooking webinar" in stage onboarding'
        in text
    )
    assert (
        '> moved touchpoint skip-week "One-tap skip-a-week in the app": stage adoption → onboarding'
        in text
    )
    assert (
        '- removed touchpoint monthly-recap "Monthly recap email with meals cooked and money saved"'
        " from stage value-realization" in text
    )


def test_pain_point_and_initiative_field_changes(csj: Csj, old: Path, tmp_path: Path) -> None:
    def edit(files: dict[str, Data]) -> None:
        pain = item(files, "pain_points", "missing-ingredients")
        pain["severity"] = "critical"
        pain["touchpoints"] = ["care-chatbot", "delivery-sms"]
        item(files, "initiatives", "live-tracking")["status"] = "done"
        goal = files[JOURNEY_FILE]["journey"]["goals"][0]
        goal["metrics"] = ["box-5-retention", "monthly-churn", "subscriber-nps"]

    new = new_version(tmp_path, edit)
    found = changes(csj, old, new)
    fields = {(c["kind"], c["id"], c["field"], str(c["old"]), str(c["new"])) for c in found}
    assert fields == {
        ("pain point", "missing-ingredients", "severity", "high", "critical"),
        (
            "pain point",
            "missing-ingredients",
            "touchpoints",
            "['care-chatbot']",
            "['care-chatbot', 'delivery-sms']",
        ),
        ("initiative", "live-tracking", "status", "planned", "done"),
        (
            "goal",
            "goal-survive-discount-cliff",
            "metrics",
            "['box-5-retention', 'monthly-churn']",
            "['box-5-retention', 'monthly-churn', 'subscriber-nps']",
        ),
    }
    text = diff(csj, old, new).out
    assert (
        'initiative live-tracking "Live courier tracking link in the delivery SMS":'
        " status planned → done" in text
    )
    assert "touchpoints +delivery-sms\n" in text


def test_metric_changes_are_marked_better_or_worse_by_direction(
    csj: Csj, old: Path, tmp_path: Path
) -> None:
    def edit(files: dict[str, Data]) -> None:
        item(files, "metrics", "active-pickers")["current"] = 71  # higher is better: worse
        item(files, "metrics", "order-to-delivery")["current"] = 4.2  # duration, lower is better
        journey_metrics = files[JOURNEY_FILE]["journey"]["metrics"]
        journey_metrics[1]["target"] = 30  # subscriber-nps
        journey_metrics[0]["current"] = 11.6  # monthly-churn up: worse
        item(files, "metrics", "menu-page-visits")["direction"] = "lower-is-better"

    new = new_version(tmp_path, edit)
    found = {(c["id"], c["field"]): c for c in changes(csj, old, new) if c["kind"] == "metric"}
    assert found["active-pickers", "current"]["verdict"] == "worse"
    assert found["order-to-delivery", "current"]["verdict"] == "better"
    assert found["monthly-churn", "current"]["verdict"] == "worse"
    target = found["subscriber-nps", "target"]
    assert (target["old"], target["new"]) == (35, 30)
    assert target["verdict"] is None
    direction = found["menu-page-visits", "direction"]
    assert (direction["old"], direction["new"]) == ("higher-is-better", "lower-is-better")
    text = diff(csj, old, new).out
    assert (
        'metric active-pickers "Subscribers picking their own recipes by week 3":'
        " current 74 → 71 (worse)" in text
    )
    assert 'metric subscriber-nps "Subscriber NPS": target 35 → 30\n' in text
    assert "monthly-churn" in text and "(journey-wide)" not in text  # a field change names no place


def test_goals_journeys_and_library_items(csj: Csj, old: Path, tmp_path: Path) -> None:
    def edit(files: dict[str, Data]) -> None:
        journey = files[JOURNEY_FILE]["journey"]
        journey["title"] = "Freshbox subscriber journey"
        journey["goals"].append(
            {"id": "grow-nps", "name": "Grow NPS", "metrics": ["subscriber-nps"]}
        )
        files["library.yaml"]["evidence"][0]["sample_size"] = 10000
        files["library.yaml"]["channels"] = [{"id": "office-hours", "name": "Office hours"}]
        files["journeys/other.yaml"] = {
            "csjourney": 1,
            "journey": {
                "id": "freshbox-gifting",
                "title": "Gift boxes",
                "segments": ["busy-families"],
                "stages": [{"id": "renewal", "name": "Renewal"}],
            },
        }

    found = {
        (c["action"], c["kind"], c["id"], c["field"])
        for c in changes(csj, old, new_version(tmp_path, edit))
    }
    assert ("renamed", "journey", "freshbox-subscriber", "title") in found
    assert ("added", "goal", "grow-nps", None) in found
    assert ("changed", "evidence", "cancel-flow-survey-2026", "sample_size") in found
    assert ("added", "channel", "office-hours", None) in found
    assert ("added", "journey", "freshbox-gifting", None) in found


def test_moving_items_between_files_is_not_removal_plus_addition(
    csj: Csj, old: Path, tmp_path: Path
) -> None:
    def edit(files: dict[str, Data]) -> None:
        segments = files["library.yaml"].pop("segments")
        files["segments.yaml"] = {"csjourney": 1, "segments": segments}
        files["journeys/subscriber.yaml"] = files.pop(JOURNEY_FILE)

    found = changes(csj, old, new_version(tmp_path, edit))
    assert [(c["action"], c["kind"], c["id"], c["old"], c["new"]) for c in found] == [
        ("moved", "segment", "busy-families", "library.yaml", "segments.yaml"),
        ("moved", "segment", "home-cooks", "library.yaml", "segments.yaml"),
        ("moved", "journey", "freshbox-subscriber", JOURNEY_FILE, "journeys/subscriber.yaml"),
    ]


def test_two_differently_named_files_compare_as_one(csj: Csj, tmp_path: Path) -> None:
    files = example_workspace()
    single = {**files["library.yaml"], **files[JOURNEY_FILE]}
    (tmp_path / "v1.yaml").write_text(dump(single))
    stage(files, "renewal")["name"] = "Renewal"
    (tmp_path / "v2.yaml").write_text(dump({**files["library.yaml"], **files[JOURNEY_FILE]}))
    found = changes(csj, tmp_path / "v1.yaml", tmp_path / "v2.yaml")
    assert [(c["action"], c["id"]) for c in found] == [("renamed", "renewal")]


def test_lint_findings_introduced_and_resolved_match_without_lines(
    csj: Csj, old: Path, tmp_path: Path
) -> None:
    def edit(files: dict[str, Data]) -> None:
        del item(files, "initiatives", "live-tracking")["owner"]  # introduces CSJ206
        item(files, "metrics", "referral-share")["current"] = 22  # resolves its metric-off-target

    files = example_workspace()
    edit(files)
    # A header pushes every line down: findings that only moved must not show.
    new = write_workspace(tmp_path / "new", files, header="# a header\n# of two lines\n")
    found = [c for c in changes(csj, old, new) if c["kind"] == "finding"]
    introduced = [(c["id"], c["name"]) for c in found if c["action"] == "introduced"]
    resolved = [(c["id"], c["name"]) for c in found if c["action"] == "resolved"]
    assert introduced == [("CSJ206", "initiative-missing-owner")]
    assert resolved == [("CSJ211", "metric-off-target")]
    markdown = diff(csj, old, new, "-f", "markdown").out
    assert "findings: 1 new, 1 resolved" in markdown
    assert "#### Lint findings" in markdown
    assert "introduced warning `CSJ206` initiative-missing-owner" in markdown


def test_a_finding_whose_wording_drifts_is_the_same_finding(csj: Csj, tmp_path: Path) -> None:
    def measured(day: str) -> Callable[[dict[str, Data]], None]:
        return lambda files: files[JOURNEY_FILE]["journey"]["metrics"][1].update(
            measured=dt.date.fromisoformat(day)  # subscriber-nps, on target
        )

    old = write_workspace(tmp_path / "old", _edited(measured("2026-01-10")))
    new = write_workspace(tmp_path / "new", _edited(measured("2026-02-10")))
    found = changes(csj, old, new)
    assert [(c["kind"], c["field"]) for c in found] == [("metric", "measured")]
    old_text = csj("validate", str(old), "--today", TODAY).out
    assert "CSJ212" in old_text  # stale on both sides, with different ages in the message


def _edited(edit: Callable[[dict[str, Data]], None]) -> dict[str, Data]:
    files = example_workspace()
    edit(files)
    return files


def test_exit_code_option(csj: Csj, old: Path, tmp_path: Path) -> None:
    new = new_version(tmp_path, lambda f: stage(f, "renewal").update(emotion=0))
    assert diff(csj, old, new).code == 0
    assert diff(csj, old, new, "--exit-code").code == 1


def test_a_broken_new_version_is_shown_and_not_read_as_removals(
    csj: Csj, old: Path, tmp_path: Path
) -> None:
    new = new_version(tmp_path, lambda f: stage(f, "renewal").update(name="Renewal"))
    journey = new / JOURNEY_FILE
    journey.write_text(journey.read_text().replace("channel: email", "channel: [email]", 1))
    result = diff(csj, old, new)
    assert result.code == 1
    assert f"does not load: {JOURNEY_FILE}:" in result.out
    assert "removed" not in result.out
    markdown = diff(csj, old, new, "-f", "markdown")
    assert markdown.code == 1
    assert "> [!CAUTION]" in markdown.out and f"`{JOURNEY_FILE}:" in markdown.out
    payload = json.loads(diff(csj, old, new, "-f", "json").out)
    assert payload["errors"][0]["side"] == str(new)
    assert payload["errors"][0]["path"] == JOURNEY_FILE


def test_markdown_escapes_names_and_shows_the_only_journey_open(
    csj: Csj, old: Path, tmp_path: Path
) -> None:
    # tests/diff/test_markdown_limits.py covers folding with several journeys.
    def edit(files: dict[str, Data]) -> None:
        stage(files, "decision")["name"] = "<b>Deal</b> | *won* $5 [link](x)"
        stage(files, "decision")["customer_goal"] = "Buy | <i>now</i>"
        onboarding = stage(files, "onboarding")
        for number in range(10):
            onboarding["touchpoints"].append(
                {"id": f"extra-{number}", "name": f"Extra {number}", "channel": "web"}
            )

    new = new_version(tmp_path, edit)
    markdown = diff(csj, old, new, "-f", "markdown").out
    assert "**&lt;b&gt;Deal&lt;/b&gt; \\| \\*won\\* \\$5 \\[link\\](x)**" in markdown
    assert "<b>Deal</b>" not in markdown
    assert (
        "`customer_goal` Order the first box with the discount, knowing how to cancel"
        " → Buy \\| &lt;i&gt;now&lt;/i&gt;" in markdown
    )
    heading = "#### Journey `freshbox-subscriber`: Freshbox meal-kit subscriber journey\n"
    assert markdown.count("- \N{HEAVY PLUS SIGN} added touchpoint") == 10
    assert markdown.index(heading) < markdown.index("extra-9")
    assert "<details>" not in markdown[: markdown.index("extra-9")]


def test_output_file_and_usage_errors(csj: Csj, old: Path, tmp_path: Path) -> None:
    new = new_version(tmp_path, lambda f: stage(f, "renewal").update(name="Renew"))
    target = tmp_path / "out" / "diff.md"
    result = diff(csj, old, new, "-f", "markdown", "-o", str(target))
    assert result.code == 0 and result.out == ""
    assert target.read_text().startswith("### csjourney diff: ")
    assert csj("diff", str(old)).code == 2
    mixed = csj("diff", str(old), str(new / "library.yaml"))
    assert mixed.code == 2 and "both be files or both be directories" in mixed.err
    missing = csj("diff", str(old), str(tmp_path / "nope"))
    assert missing.code == 2 and "no such file or directory" in missing.err
    assert csj("diff", str(old), str(new), "--today", "soon").code == 2


def test_a_metric_bound_to_data_is_one_change_that_names_the_binding(
    csj: Csj, old: Path, tmp_path: Path
) -> None:
    def bind(files: dict[str, Data]) -> None:
        item(files, "metrics", "checkout-conversion")["measure"] = {
            "statistic": "conversion",
            "from": "events",
        }

    new = new_version(tmp_path, bind)
    found = changes(csj, old, new)
    assert [(c["action"], c["id"], c["field"], c["old"], c["new"]) for c in found] == [
        (
            "changed",
            "checkout-conversion",
            "measure",
            None,
            {"from": "events", "statistic": "conversion"},
        )
    ]
    text = diff(csj, old, new).out
    assert "measure (none) → from: events, statistic: conversion\n" in text, text

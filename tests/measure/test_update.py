"""`measure --update`'s writer: the measured values go into the maps, nothing else changes.

Data-driven: each map under update_cases/ declares, in its leading comments, the
window's last day (`# until: DAY`) and the measured values (`# value: METRIC [NUMBER]`,
no number: measured without data). `<name>.after.yaml` is the map expected after the
update, byte for byte; without one the map must not be written at all. Every case is
run with LF, CRLF and CR line endings and with a byte-order mark, then run again to
show the second run writes nothing. The other tests hold the file (mode, symlinks,
errors, layouts left alone), the diff and the whole pipeline on a real stage history.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import EXAMPLES, Csj
from csjourney.core import Options, Report, run
from csjourney.measure.run import JourneyMeasure, Measured, MetricValue, bound_metrics
from csjourney.measure.types import Window
from csjourney.measure.update import UpdateResult, update_maps, written_value
from csjourney.model import Journey, Metric
from measure.measuresupport import write_csv

CASES = Path(__file__).parent / "update_cases"
_VALUE = re.compile(r"^# value: (?P<id>\S+)(?: (?P<number>\S+))?$", re.MULTILINE)
_UNTIL = re.compile(r"^# until: (\S+)$", re.MULTILINE)
# Each case as written on disk: its line endings, and a UTF-8 byte-order mark.
VARIANTS: dict[str, Callable[[str], str]] = {
    "lf": lambda text: text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "cr": lambda text: text.replace("\n", "\r"),
    "bom": lambda text: "\ufeff" + text,
}


def case_names() -> list[str]:
    return sorted(p.stem for p in CASES.glob("*.yaml") if not p.stem.endswith(".after"))


def declared(text: str) -> tuple[dt.date, dict[str, float | None]]:
    values = {
        m["id"]: None if m["number"] is None else float(m["number"]) for m in _VALUE.finditer(text)
    }
    return dt.date.fromisoformat(_UNTIL.findall(text)[0]), values


def measured(
    paths: list[Path], until: dt.date, values: Mapping[str, float | None]
) -> tuple[Measured, Report]:
    """What `measure` would give for these maps, with the values given instead of computed."""
    report = run(paths, Options(lint=False))
    journeys = []
    for file, journey in report.workspace.journeys():
        found = tuple(
            MetricValue(journey.id, stage, metric, loc, values[metric.id])
            for stage, loc, metric in bound_metrics(journey)
            if metric.id in values
        )
        journeys.append(JourneyMeasure(file, journey, None, found))
    window = Window(until - dt.timedelta(days=89), until)
    return Measured(window, tuple(journeys), None, None, ()), report


def update(paths: list[Path], until: dt.date, values: Mapping[str, float | None]) -> UpdateResult:
    return update_maps(*measured(paths, until, values))


def formatted(csj: Csj, path: Path) -> bool:
    return csj("fmt", "--check", str(path)).code == 0


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("name", case_names())
def test_update_writes_the_expected_map(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, variant: str
) -> None:
    monkeypatch.chdir(tmp_path)
    before = (CASES / f"{name}.yaml").read_text(encoding="utf-8")
    after_file = CASES / f"{name}.after.yaml"
    expected = after_file.read_text(encoding="utf-8") if after_file.exists() else before
    until, values = declared(before)
    path = Path("journey.yaml")
    on_disk = VARIANTS[variant]
    path.write_bytes(on_disk(before).encode())
    was_formatted = formatted(csj, path)

    result = update([path], until, values)

    assert result.refused == ()
    assert path.read_bytes().decode() == on_disk(expected)
    assert [f.path for f in result.files] == ([path] if expected != before else [])
    check = csj("validate", "--no-lint", str(path))
    assert check.code == 0, check.out
    if was_formatted:
        assert formatted(csj, path), csj("fmt", "--diff", str(path)).out
    # A second run with the same data writes nothing: not even the same bytes again.
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    again = update([path], until, values)
    assert again.files == () and again.refused == ()
    assert path.stat().st_mtime_ns == stamp - 10**9
    assert again.diff() == f"csjourney diff maps → measured {until}: 0 changes\n"
    assert again.changes() == []


def test_the_cases_are_mostly_in_fmt_layout(csj: Csj) -> None:
    # The fmt-layout guarantee above is only tested by cases that start formatted.
    clean = [name for name in case_names() if formatted(csj, CASES / f"{name}.yaml")]
    assert len(clean) >= len(case_names()) - 2, clean


FIRST = CASES / "first-point.yaml"
VALUES = {"signup-conv": 63.84615384615385}
UNTIL = dt.date(2026, 11, 30)


def first_map(directory: Path, name: str = "journey.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    shutil.copyfile(FIRST, path)
    return path


def test_the_file_keeps_its_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = first_map(Path("."))
    path.chmod(0o640)
    assert update([path], UNTIL, VALUES).files
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_symlinked_map_updates_its_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    target = first_map(Path("shared"))
    link = Path("maps") / "journey.yaml"
    link.parent.mkdir()
    link.symlink_to(Path("..") / target)
    assert [f.path for f in update([Path("maps")], UNTIL, VALUES).files] == [link]
    assert link.is_symlink()
    assert "current: 63.8  # typed from the Q3 deck" in target.read_text()


def test_a_read_only_map_is_refused_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = first_map(Path("."))
    path.chmod(0o444)
    result = update([path], UNTIL, VALUES)
    assert result.files == () and result.refused == ((path, "the file is read-only"),)
    assert path.read_text() == FIRST.read_text()


# A second journey of the workspace with an error (the segment is the first map's).
BROKEN = (
    FIRST.read_text()
    .replace("type: conversion", "type: conversoin")
    .replace("signup-conv", "other-conv")
    .replace("id: onboarding", "id: other")
    .replace("segments:\n  - id: smb\n    name: SMB\n", "")
)


def test_a_file_with_a_structural_error_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    good = first_map(Path("."), "good.yaml")
    broken = Path("broken.yaml")
    broken.write_text(BROKEN)
    result = update([good, broken], UNTIL, {**VALUES, "other-conv": 50.0})
    assert [f.path for f in result.files] == [good]
    assert broken.read_text() == BROKEN


def test_a_map_broken_after_it_was_measured_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = first_map(Path("."))
    measurement, _ = measured([path], UNTIL, VALUES)
    path.write_text(FIRST.read_text().replace("type: conversion", "type: conversoin"))
    broken = path.read_text()
    # With the run that found the error, and without: the file changed since it was read.
    after_check = run([path], Options(lint=False))
    assert update_maps(measurement, after_check).refused == ((path, "it has errors"),)
    assert update_maps(measurement).refused == ((path, "the file changed since it was measured"),)
    assert path.read_text() == broken


def test_nothing_is_written_in_a_dry_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = first_map(Path("."))
    result = update_maps(*measured([path], UNTIL, VALUES), write=False)
    assert result.files[0].after != FIRST.read_text()
    assert path.read_text() == FIRST.read_text()


TWO_METRICS = """\
csjourney: 1
journey:
  id: onboarding
  title: Onboarding
  segments: [smb]
  stages:
    - id: signup
      name: Sign up
      metrics:
        - id: conv
          name: Signup conversion
          type: conversion
          current: 60
          measure: {from: events, statistic: conversion}
        - id: days
          name: Days to sign up
          type: duration
          current: 3
          measure: {from: events, statistic: median-days}
        - id: steady
          name: Steady conversion
          type: conversion
          current: 40
          measured: 2026-11-30
          measure: {from: events, statistic: conversion}
          history:
            - {date: 2026-11-30, value: 40}
segments:
  - id: smb
    name: SMB
"""


def test_the_diff_names_each_changed_metric_as_better_or_worse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("journey.yaml")
    path.write_text(TWO_METRICS)
    result = update([path], UNTIL, {"conv": 63.84, "days": 4.25, "steady": 40.04})
    assert result.files[0].metrics == ("conv", "days")
    text = result.diff()
    assert text.startswith("csjourney diff maps → measured 2026-11-30: 6 changes\n")
    assert '~ metric conv "Signup conversion": current 60 → 63.8 (better)' in text
    assert '~ metric days "Days to sign up": current 3 → 4.3 (worse)' in text  # lower is better
    assert '~ metric conv "Signup conversion": measured (none) → 2026-11-30' in text
    assert '~ metric days "Days to sign up": history 0 → 1 points' in text
    assert "steady" not in text
    assert "`current` 60 → 63.8 (**better**)" in result.diff("markdown")
    assert '"verdict": "worse"' in result.diff("json")
    verdicts = {(c["id"], c["field"]): c["verdict"] for c in result.changes()}
    assert verdicts[("conv", "current")] == "better" and verdicts[("days", "current")] == "worse"


@pytest.mark.parametrize(
    ("statistic", "value", "written"),
    [
        ("conversion", 63.84615384615385, 63.8),
        ("conversion", 49.96, 50),
        ("median-days", 4.25, 4.3),
        ("nps", -12.25, -12.3),
        ("visits", 2.5, 3),
        ("nps", -0.04, 0),
        ("ces", 5.4558823, 5.5),
        ("median-days", 0.04, 0),
        ("visits", 411.99999999999994, 412),
        ("accounts", 7.0, 7),
        ("responses", 120.0, 120),
    ],
)
def test_written_values_are_rounded_for_reading(
    statistic: str, value: float, written: float
) -> None:
    number = written_value(statistic, value)
    assert number == written and type(number) is type(written)


def test_measure_then_update_round_trips_on_a_real_stage_history(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csjourney.measure.run import measure_workspace, settings_for

    monkeypatch.chdir(tmp_path)
    Path("csjourney.toml").write_text("")
    path = first_map(Path("."))
    events = write_csv(
        Path("events.csv"),
        [
            ("a", "signup", "2026-11-01T00:00:00", None),
            ("a", "live", "2026-11-02T00:00:00", None),
            ("b", "signup", "2026-11-03T00:00:00", None),
            ("c", "signup", "2026-11-04T00:00:00", None),
        ],
    )
    window = Window(dt.date(2026, 9, 2), UNTIL)

    def measure_and_update() -> UpdateResult:
        report = run([Path(".")], Options(lint=False))
        settings = settings_for(report.configs[0], [str(events)])
        return update_maps(measure_workspace(report, settings, window), report)

    first = measure_and_update()
    assert [f.path for f in first.files] == [path]
    text = path.read_text()
    assert "current: 33.3  # typed from the Q3 deck\n\n          measured: 2026-11-30\n" in text
    assert "- {date: 2026-11-30, value: 33.3}" in text
    assert "current 60 → 33.3 (worse)" in first.diff()
    assert csj("fmt", "--check", ".").code == 0
    assert csj("validate", "--no-lint", ".").code == 0
    stamp = path.stat().st_mtime_ns
    second = measure_and_update()
    assert second.files == () and second.refused == ()
    assert path.read_text() == text and path.stat().st_mtime_ns == stamp


# Maps these edits must not change, and why: the file is left alone and reported.
REFUSED = {
    # `&c` marks the value `baseline` repeats: a new `current` would break `*c`.
    "anchored-current": (
        "current: 60  # typed from the Q3 deck",
        "current: &c 60\n          baseline: *c",
    ),
    # Another metric repeats this one's history (`*h`): a new point would change both.
    "shared-history": (
        "statistic: conversion}\n    - id: live\n      name: Live\n",
        "statistic: conversion}\n          history: &h\n            - {date: 2026-10-31, value: 50}"
        "\n    - id: live\n      name: Live\n      metrics:\n        - id: live-conv\n"
        "          name: Live conversion\n          type: conversion\n          history: *h\n",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_map_these_edits_cannot_change_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    old, new = REFUSED[name]
    path = first_map(Path("."))
    text = path.read_text().replace(old, new)
    path.write_text(text)
    result = update([path], UNTIL, VALUES)
    assert result.files == ()
    ((where, reason),) = result.refused
    assert where == path and ("signup-conv" in reason or "by hand" in reason), reason
    assert path.read_text() == text


def test_the_example_workspace_updates_in_place_and_stays_clean(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The b2b-saas example, measured from its own exports: every bound metric written,
    every comment kept, still formatted and valid, and a second run writes nothing."""
    from csjourney.fmt.comments import inventory
    from csjourney.measure.run import measure_workspace

    shutil.copytree(EXAMPLES / "b2b-saas", tmp_path / "ws")
    monkeypatch.chdir(tmp_path / "ws")
    maps = sorted(Path("journeys").glob("*.yaml"))
    before = {path: path.read_text(encoding="utf-8") for path in maps}
    window = Window(UNTIL - dt.timedelta(days=89), UNTIL)

    def measure_and_update() -> UpdateResult:
        report = run([Path(".")], Options(lint=False))
        return update_maps(measure_workspace(report, None, window), report)

    result = measure_and_update()
    assert result.refused == ()
    assert sorted(f.path for f in result.files) == maps
    assert sum(len(f.metrics) for f in result.files) == 11  # every bound metric had data
    for path in maps:
        after = path.read_text(encoding="utf-8")
        assert inventory(after) == inventory(before[path])  # every comment, once
        assert after.count("\n\n") == before[path].count("\n\n")  # and every blank line
    assert csj("fmt", "--check", ".").code == 0
    assert csj("validate", ".").code == 0
    written = {path: path.stat().st_mtime_ns for path in maps}
    assert measure_and_update().files == ()
    assert {path: path.stat().st_mtime_ns for path in maps} == written


EXAMPLE_MAPS = sorted(
    p.relative_to(EXAMPLES)
    for p in EXAMPLES.glob("**/*.yaml")
    if re.search(r"^journey:", p.read_text(encoding="utf-8"), re.MULTILINE)
)


def _in_range(metric_type: str) -> float:
    """A value inside the type's range with two decimals to round (not a round number)."""
    from csjourney.metric_types import METRIC_TYPES

    kind = METRIC_TYPES[metric_type]
    if math.isfinite(kind.low) and math.isfinite(kind.high):
        return kind.low + (kind.high - kind.low) * 0.42371
    return (kind.low if math.isfinite(kind.low) else 0) + 42.371


def every_metric(journey: Journey) -> Iterator[tuple[tuple[str | int, ...], Metric]]:
    """Each metric of the journey with its data path: the journey's own, then by stage."""
    for index, metric in enumerate(journey.metrics):
        yield ("journey", "metrics", index), metric
    for at, stage in enumerate(journey.stages):
        for index, metric in enumerate(stage.metrics):
            yield ("journey", "stages", at, "metrics", index), metric


@pytest.mark.parametrize("example", EXAMPLE_MAPS, ids=str)
def test_every_metric_of_every_example_map_can_be_written(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: Path
) -> None:
    """Every metric of the real maps, bound or not, as if measured: this run's day, then an
    older one between the points of the histories. Each is a text edit fmt agrees with."""
    from csjourney.fmt.comments import inventory
    from csjourney.model import MeasureBinding

    workspace = example.parts[0]
    shutil.copytree(EXAMPLES / workspace, tmp_path / workspace)
    monkeypatch.chdir(tmp_path / workspace)
    path = Path(*example.parts[1:])
    original = path.read_text(encoding="utf-8")
    binding = MeasureBinding.model_validate({"from": "events", "statistic": "conversion"})
    for day in (UNTIL, dt.date(2026, 6, 15)):
        report = run([path], Options(lint=False))
        ((file, journey),) = [(f, j) for f, j in report.workspace.journeys() if f.path == path]
        values = [
            MetricValue(journey.id, None, bound, loc, _in_range(metric.type))
            for loc, metric in every_metric(journey)
            for bound in [metric.model_copy(update={"measure": binding})]
        ]
        assert values
        window = Window(day - dt.timedelta(days=89), day)
        measurement = Measured(
            window, (JourneyMeasure(file, journey, None, tuple(values)),), None, None, ()
        )
        result = update_maps(measurement, report)
        assert result.refused == () and [f.path for f in result.files] == [path]
        assert len(result.files[0].metrics) == len(values)
        assert csj("fmt", "--check", str(path)).code == 0
        assert csj("validate", "--no-lint", str(path)).code == 0
        assert inventory(path.read_text(encoding="utf-8")) == inventory(original)
        # The same values again, measured from the map as now written: nothing to write.
        rerun = run([path], Options(lint=False))
        (now,) = [f for f in rerun.workspace.files if f.path == path]
        again = update_maps(
            replace(measurement, journeys=(replace(measurement.journeys[0], file=now),))
        )
        assert again.files == () and again.refused == ()

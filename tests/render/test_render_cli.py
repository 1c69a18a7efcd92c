"""The `render` command line: options, segment filtering, errors and findings."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult
from csjourney.core import run
from render.render_support import parse_mermaid_journey, write_hostile_map

MEAL_KIT = EXAMPLES / "b2c-subscription"
HOME_COOKS_ONLY = "Food podcast sponsorship with a promo code"


def test_unknown_format_view_and_engine_are_usage_errors_with_suggestions(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = csj("render", FULL_EXAMPLE, "--out", out, "--format", "svg,htlm")
    assert result.code == 2
    assert "--format: unknown value `htlm`; did you mean `html`?" in result.err
    view = csj("render", FULL_EXAMPLE, "--out", out, "--view", "maps")
    assert view.code == 2 and "did you mean `map`?" in view.err
    engine = csj("render", FULL_EXAMPLE, "--out", out, "--engine", "sytem")
    assert engine.code == 2 and "did you mean `system`?" in engine.err
    empty = csj("render", FULL_EXAMPLE, "--out", out, "--format", ",")
    assert empty.code == 2 and "give at least one of" in empty.err
    assert not out.exists()


def test_repeated_and_comma_separated_formats_combine(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = csj(
        "render", FULL_EXAMPLE, "--out", out, "-f", "MD", "-f", "mermaid,md", "--view", "map"
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == [
        ".csjourney-manifest.json",
        "freshbox-subscriber.md",
        "freshbox-subscriber.mmd",
    ]
    # Without svg among the formats, the report links no picture.
    report = (out / "freshbox-subscriber.md").read_text(encoding="utf-8")
    assert "](freshbox-subscriber" not in report


def test_segment_filter_renders_the_journey_as_that_segment_sees_it(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = csj(
        "render", MEAL_KIT, "--out", out, "--segment", "busy-families", "-f", "md,mermaid,html"
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == [
        ".csjourney-manifest.json",
        "freshbox-subscriber.busy-families.html",
        "freshbox-subscriber.busy-families.md",
        "freshbox-subscriber.busy-families.mmd",
        "index.html",
    ]
    markdown = (out / "freshbox-subscriber.busy-families.md").read_text(encoding="utf-8")
    assert HOME_COOKS_ONLY not in markdown
    _, sections = parse_mermaid_journey(
        (out / "freshbox-subscriber.busy-families.mmd").read_text(encoding="utf-8")
    )
    actors = {actor for _, tasks in sections for _, _, names in tasks for actor in names}
    assert actors == {"Busy families"}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="freshbox-subscriber.busy-families.html"' in index
    assert "as seen by segment <code>busy-families</code>" in index

    unfiltered = tmp_path / "all"
    assert csj("render", MEAL_KIT, "--out", unfiltered, "-f", "md").code == 0
    assert HOME_COOKS_ONLY in (unfiltered / "freshbox-subscriber.md").read_text(encoding="utf-8")


def test_segment_filter_skips_journeys_for_other_segments(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = csj("render", EXAMPLES / "b2b-saas", "--out", out, "--segment", "smb", "-f", "md")
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == [
        ".csjourney-manifest.json",
        "smb-digital-cs.smb.md",
    ]


def test_unknown_or_unused_segment_is_a_usage_error(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    typo = csj("render", MEAL_KIT, "--out", tmp_path / "out", "--segment", "busy-familes")
    assert typo.code == 2
    assert "unknown segment `busy-familes`; did you mean `busy-families`?" in typo.err
    assert not (tmp_path / "out").exists()
    extra = tmp_path / "extra-segment.yaml"
    extra.write_text("csjourney: 1\nsegments:\n  - id: agencies\n    name: Agencies\n")
    unused = csj("render", FULL_EXAMPLE, extra, "--out", tmp_path / "out", "--segment", "agencies")
    assert unused.code == 2 and "no journey is for segment `agencies`" in unused.err


def test_structural_errors_stop_the_render_with_exit_1(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        FULL_EXAMPLE.read_text(encoding="utf-8").replace("touchpoints:", "touchpionts:", 1),
        encoding="utf-8",
    )
    result = csj("render", broken, "--out", tmp_path / "out")
    assert result.code == 1
    assert "CSJ101" in result.err and "did you mean `touchpoints`?" in result.err
    assert "nothing rendered" in result.err
    assert not (tmp_path / "out").exists()


def test_bad_output_directory_and_empty_input_are_usage_errors(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("x", encoding="utf-8")
    assert csj("render", FULL_EXAMPLE, "--out", a_file).code == 2
    library = tmp_path / "library"
    library.mkdir()
    (library / "segments.yaml").write_text(
        "csjourney: 1\nsegments:\n  - id: smb\n    name: Small\n", encoding="utf-8"
    )
    result = csj("render", library, "--out", tmp_path / "out")
    assert result.code == 2 and "no journey maps found" in result.err
    assert csj("render", FULL_EXAMPLE, "--out", tmp_path / "o", "--today", "soon").code == 2


def test_journey_ids_that_collide_across_workspaces_are_refused(
    csj: Callable[..., CliResult], tmp_path: Path
) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "csjourney.toml").write_text("", encoding="utf-8")
        (tmp_path / name / "map.yaml").write_text(FULL_EXAMPLE.read_text(encoding="utf-8"))
    result = csj("render", tmp_path / "one", tmp_path / "two", "--out", tmp_path / "out")
    assert result.code == 2 and "journey id `freshbox-subscriber` is used in both" in result.err


def test_lint_findings_show_in_the_reports(csj: Callable[..., CliResult], tmp_path: Path) -> None:
    source = write_hostile_map(tmp_path)
    report = run([source])
    codes = sorted({d.code for d in report.diagnostics})
    assert codes, "the hostile map is expected to draw some lint findings"
    out = tmp_path / "out"
    assert csj("render", source, "--out", out, "-f", "md,html").code == 0
    markdown = (out / "hostile-map.md").read_text(encoding="utf-8")
    findings = markdown.split("## Findings", 1)[1]
    assert sorted(set(re.findall(r"`(CSJ\d+)`", findings))) == codes
    page = (out / "hostile-map.html").read_text(encoding="utf-8")
    assert all(f"<code>{code}</code>" in page for code in codes)

    quiet = tmp_path / "quiet"
    assert csj("render", source, "--out", quiet, "-f", "md", "--no-lint").code == 0
    assert "No lint findings." in (quiet / "hostile-map.md").read_text(encoding="utf-8")

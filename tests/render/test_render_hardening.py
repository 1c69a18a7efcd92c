"""`csjourney render` on odd and hostile maps: file names, lint errors, huge texts,
many items, and PDFs made in other time zones.

Maps are small ones written here (as JSON, which is YAML) or the meal-kit example.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult
from csjourney.errors import UsageError
from csjourney.render.pipeline import base_name
from render.render_support import SVG_NS, png_pixels, svg_text

Csj = Callable[..., CliResult]
TODAY = "2026-11-22"
Data = dict[str, Any]


def small_map(journey_id: str = "trial") -> Data:
    return {
        "csjourney": 1,
        "segments": [{"id": "smb", "name": "Small businesses"}],
        "channels": [{"id": "portal", "name": "Customer portal"}],
        "journey": {
            "id": journey_id,
            "title": "Trial to paid",
            "owner": "growth",
            "segments": ["smb"],
            "stages": [
                {
                    "id": "onboarding",
                    "name": "Onboarding",
                    "customer_goal": "See value",
                    "exit_criteria": "First report",
                    "emotion": -1,
                    "customer_feeling": "Unsure",
                    "touchpoints": [{"id": "wizard", "name": "Setup wizard", "channel": "portal"}],
                    "pain_points": [
                        {"id": "slow", "name": "Slow import", "touchpoints": ["wizard"]}
                    ],
                    "initiatives": [{"id": "fast", "name": "Faster import", "addresses": ["slow"]}],
                    "metrics": [
                        {
                            "id": "ttv",
                            "name": "Time to value",
                            "type": "custom",
                            "unit": "days",
                            "target": 10,
                            "current": 12,
                        }
                    ],
                }
            ],
        },
    }


def write_map(directory: Path, data: Data, name: str = "map.yaml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "csjourney.toml").touch()
    (directory / name).write_text(json.dumps(data, indent=1), encoding="utf-8")
    return directory


# --- file names ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("journey_id", "base"),
    [
        ("index", "_index"),  # would overwrite the overview page
        ("con", "_con"),  # Windows device names, whatever follows the dot
        ("nul", "_nul"),
        ("com1", "_com1"),
        ("lpt9", "_lpt9"),
        ("aux", "_aux"),
        ("prn", "_prn"),
        ("indexes", "indexes"),  # near misses keep their names
        ("con-call", "con-call"),
        ("com10", "com10"),
        ("index_", "index_"),
    ],
)
def test_every_journey_keeps_its_own_page(
    csj: Csj, tmp_path: Path, journey_id: str, base: str
) -> None:
    maps = write_map(tmp_path / "maps", small_map(journey_id))
    out = tmp_path / "out"
    result = csj("render", maps, "--out", out, "-f", "md,html,dot", "--today", TODAY)
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            f"{base}.html",
            f"{base}.md",
            f"{base}.map.dot",
            f"{base}.flow.dot",
            "index.html",
            ".csjourney-manifest.json",
        ]  # the record render --clean reads
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{base}.html"' in index
    assert "Trial to paid" in index
    page = (out / f"{base}.html").read_text(encoding="utf-8")
    assert "Trial to paid" in page and 'href="index.html"' in page


def test_a_segment_page_of_a_reserved_id_is_prefixed_too(csj: Csj, tmp_path: Path) -> None:
    maps = write_map(tmp_path / "maps", small_map("index"))
    out = tmp_path / "out"
    result = csj("render", maps, "--out", out, "-f", "html", "--segment", "smb")
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == [
        ".csjourney-manifest.json",
        "_index.smb.html",
        "index.html",
    ]


@pytest.mark.parametrize(
    ("journey_id", "segment"),
    [("../up", None), ("a/b", None), ("ok", "../up"), ("ok", "a\\b"), ("", None), ("ok", ".")],
)
def test_names_that_are_not_plain_file_names_are_refused(
    journey_id: str, segment: str | None
) -> None:
    with pytest.raises(UsageError, match="cannot be used in a file name"):
        base_name(journey_id, segment)


@pytest.mark.parametrize("segment", ["../../escaped", "/tmp/x", "SMB"])
def test_a_segment_that_is_not_an_id_never_reaches_the_disk(
    csj: Csj, tmp_path: Path, segment: str
) -> None:
    maps = write_map(tmp_path / "maps", small_map())
    result = csj("render", maps, "--out", tmp_path / "out", "--segment", segment)
    assert result.code == 2
    assert "unknown segment" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]


def test_ids_differing_only_in_case_cannot_exist(csj: Csj, tmp_path: Path) -> None:
    """On a case-insensitive disk `Index.html` would be `index.html`: such ids are errors."""
    maps = write_map(tmp_path / "maps", small_map("Index"))
    result = csj("render", maps, "--out", tmp_path / "out")
    assert result.code == 1
    assert "map.yaml:" in result.err
    assert not (tmp_path / "out").exists()


# --- lint errors render, structural errors do not -------------------------------


def test_lint_findings_of_severity_error_still_render_and_are_listed(
    csj: Csj, tmp_path: Path
) -> None:
    shutil.copy(FULL_EXAMPLE, tmp_path / "meal-kit.yaml")
    (tmp_path / "csjourney.toml").write_text('[lint.severity]\nmetric-off-target = "error"\n')
    lint = csj("validate", tmp_path, "--today", TODAY)
    assert lint.code == 1
    lines = sorted(int(m) for m in re.findall(r"meal-kit\.yaml:(\d+):\d+: error CSJ211", lint.out))
    assert lines, lint.out
    out = tmp_path / "out"
    result = csj("render", tmp_path, "--out", out, "-f", "md,html", "--today", TODAY)
    assert result.code == 0, result.err
    assert f"{len(lines)} lint errors" in result.err
    markdown = (out / "freshbox-subscriber.md").read_text(encoding="utf-8")
    findings = markdown.split("## Findings", 1)[1]
    rows = re.findall(r"^\| error \| `CSJ211` \| (\d+) \| metric ", findings, re.MULTILINE)
    assert sorted(int(r) for r in rows) == lines
    page = (out / "freshbox-subscriber.html").read_text(encoding="utf-8")
    found = re.findall(
        r'<td class="finding-error">error</td><td><code>CSJ211</code></td>'
        r'<td class="num">(\d+)</td>',
        page,
    )
    assert sorted(int(n) for n in found) == lines
    assert f'<span class="off-target">{len(lines)} errors</span>' in page  # the summary card


def test_structural_errors_still_stop_the_render(csj: Csj, tmp_path: Path) -> None:
    broken = small_map("broken")
    broken["journey"]["stages"][0]["emotion"] = "very bad"
    write_map(tmp_path, small_map("fine"), "fine.yaml")
    write_map(tmp_path, broken, "broken.yaml")
    (tmp_path / "csjourney.toml").write_text('[lint.severity]\nmetric-off-target = "error"\n')
    out = tmp_path / "out"
    result = csj("render", tmp_path, "--out", out, "--today", TODAY)
    assert result.code == 1
    assert re.search(r"broken\.yaml:\d+:\d+: error CSJ103 ", result.err), result.err
    assert "nothing rendered: fix the errors above first" in result.err
    assert not out.exists()


# --- long texts: cut in the diagrams, whole in tooltips and reports -------------


def _stage(data: Data) -> Data:
    stage: Data = data["journey"]["stages"][0]
    return stage


BOTH, MAP = ("map", "flow"), ("map",)
# Each text field, how to set it, and the views that draw it.
FIELDS: dict[str, tuple[Callable[[Data, str], None], tuple[str, ...]]] = {
    "journey-title": (lambda d, t: d["journey"].update(title=t), BOTH),
    "journey-owner": (lambda d, t: d["journey"].update(owner=t), MAP),
    "segment-name": (lambda d, t: d["segments"][0].update(name=t), BOTH),
    "channel-name": (lambda d, t: d["channels"][0].update(name=t), BOTH),
    "stage-name": (lambda d, t: _stage(d).update(name=t), BOTH),
    "customer-goal": (lambda d, t: _stage(d).update(customer_goal=t), MAP),
    "exit-criteria": (lambda d, t: _stage(d).update(exit_criteria=t), MAP),
    "customer-feeling": (lambda d, t: _stage(d).update(customer_feeling=t), MAP),
    "touchpoint-name": (lambda d, t: _stage(d)["touchpoints"][0].update(name=t), BOTH),
    "pain-point-name": (lambda d, t: _stage(d)["pain_points"][0].update(name=t), BOTH),
    "initiative-name": (lambda d, t: _stage(d)["initiatives"][0].update(name=t), BOTH),
    "metric-name": (lambda d, t: _stage(d)["metrics"][0].update(name=t), MAP),
    "metric-unit": (lambda d, t: _stage(d)["metrics"][0].update(unit=t), MAP),
}
# Drawn once on one line at the top: cut, with no item to hang a tooltip on.
NO_TOOLTIP = {"journey-title", "journey-owner", "segment-name"}


@dataclass(frozen=True)
class Long:
    field: str
    words: bool  # words that wrap, or one unbroken run (a URL, a pasted blob)

    @property
    def name(self) -> str:
        return f"{self.field}-{'words' if self.words else 'run'}"

    def text(self, length: int) -> str:
        unit = "Renewal " if self.words else "u"
        return (unit * (length // len(unit) + 1))[:length].strip() + " END"


LONG_CASES = [Long(field, words) for field in FIELDS for words in (True, False)]


def _render_svgs(csj: Csj, directory: Path, data: Data) -> dict[str, Path]:
    maps = write_map(directory / "maps", data)
    out = directory / "out"
    result = csj("render", maps, "--out", out, "-f", "svg,md", "--today", TODAY)
    assert result.code == 0, result.err
    return {view: out / f"trial.{view}.svg" for view in ("map", "flow")} | {"md": out / "trial.md"}


def _size(svg: Path) -> tuple[str, str]:
    root = ET.parse(svg).getroot()
    return root.attrib["width"], root.attrib["height"]


def _tooltips(svg: Path, *, marks: bool = True) -> list[str]:
    """The tooltips of `svg`; without `marks`, not those of the map's marks (the cells
    with a `map-` id: ties, figures, goals), which always have one."""
    root = ET.parse(svg).getroot()
    key = "{http://www.w3.org/1999/xlink}title"
    skip: set[int] = set()
    if not marks:
        groups = (g for g in root.iter(f"{SVG_NS}g") if g.get("id", "").startswith("a_map-"))
        skip = {id(a) for g in groups for a in g.iter(f"{SVG_NS}a")}
    return [a.attrib[key] for a in root.iter(f"{SVG_NS}a") if key in a.attrib and id(a) not in skip]


@pytest.mark.parametrize(
    "case", LONG_CASES, ids=lambda c: f"{c.field}-{'words' if c.words else 'run'}"
)
def test_a_long_text_cannot_grow_a_diagram(csj: Csj, tmp_path: Path, case: Long) -> None:
    setter, views = FIELDS[case.field]
    outputs = {}
    for length in (3_000, 100_000):
        data = small_map()
        setter(data, case.text(length))
        outputs[length] = _render_svgs(csj, tmp_path / str(length), data)
    start = " ".join(case.text(3_000).split())[:1_000]
    for view in ("map", "flow"):
        short, huge = outputs[3_000][view], outputs[100_000][view]
        assert _size(short) == _size(huge), f"{view}: the picture grew with the text"
        if view not in views:
            continue
        shown = svg_text(short)
        assert " END" not in shown, f"{view}: the whole text is drawn"
        assert "\u2026" in shown, f"{view}: no ellipsis where the text is cut"
        if case.field not in NO_TOOLTIP:
            assert any(start in tip for tip in _tooltips(short)), f"{view}: no tooltip"
    report = outputs[3_000]["md"].read_text(encoding="utf-8")
    assert "END" in report, "the report must keep the whole text"


def test_the_issue_example_a_3000_character_unit_makes_a_small_png(
    csj: Csj, tmp_path: Path
) -> None:
    data = small_map()
    FIELDS["metric-unit"][0](data, "u" * 3_000)
    maps = write_map(tmp_path / "maps", data)
    out = tmp_path / "out"
    result = csj("render", maps, "--out", out, "-f", "png", "--today", TODAY)
    assert result.code == 0, result.err
    for view in ("map", "flow"):
        width, height, _ = png_pixels((out / f"trial.{view}.png").read_bytes())
        assert width < 2_000 and height < 2_000, (view, width, height)


def test_a_thousand_touchpoints_in_a_stage_stay_within_the_pixel_bound(
    csj: Csj, tmp_path: Path
) -> None:
    data = small_map()
    _stage(data)["touchpoints"] = [
        {"id": f"t{n}", "name": f"Touchpoint {n}", "channel": "portal"} for n in range(1_000)
    ]
    _stage(data)["pain_points"][0]["touchpoints"] = ["t0"]
    maps = write_map(tmp_path / "maps", data)
    out = tmp_path / "out"
    result = csj("render", maps, "--out", out, "-f", "png", "--engine", "bundled")
    assert result.code == 0, result.err
    for view in ("map", "flow"):
        header = (out / f"trial.{view}.png").read_bytes()[16:24]
        width, height = int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
        assert max(width, height) <= 32_640, (view, width, height)


# --- PDF: the same bytes in every time zone -------------------------------------


def test_pdfs_are_the_same_in_every_time_zone(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    for zone in ("UTC", "Pacific/Kiritimati", "America/St_Johns"):
        monkeypatch.setenv("TZ", zone)
        out = tmp_path / zone.replace("/", "-")
        result = csj("render", FULL_EXAMPLE, "--out", out, "-f", "pdf", "--engine", "system")
        assert result.code == 0, result.err
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))})
    assert outputs[0] == outputs[1] == outputs[2]
    for data in outputs[0].values():
        assert b"/CreationDate (D:19700101000000Z)" in data


def test_no_text_of_the_examples_is_cut(csj: Csj, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = csj("render", EXAMPLES, "--out", out, "-f", "svg", "--today", TODAY)
    assert result.code == 0, result.err
    pictures = sorted(out.glob("*.svg"))
    assert len(pictures) == 10
    for picture in pictures:
        assert "\u2026" not in svg_text(picture), picture.name
        assert not _tooltips(picture, marks=False), picture.name  # a tooltip there: a cut

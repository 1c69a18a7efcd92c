"""What the print and chart browser tests share: a long map, Chromium, pages.

`write_long_map` makes a 30-stage journey whose stage names are long, wide
(capitals, `W`, CJK) or one unbreakable word, with every emotion level and a
stage without one, and a metric with history: the charts' hardest case.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLES, CliResult

EMOTION_WORDS = {2: "+2 very positive", 1: "+1 positive", 0: "0 neutral", -1: "-1 negative",
                 -2: "-2 very negative", None: "not recorded"}  # fmt: skip
LONG_NAMES = [
    "Renewal conversation with the economic buyer and procurement",
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
    "Onboardingkickoffwithoutanyspacesatall",
    "MMMM WWWW MMMM WWWW MMMM",
    "契約更新の打ち合わせと価格交渉",
    "Día de activación — configuración",
]


def long_stage(index: int) -> tuple[str, int | None]:
    """Stage `index` (0-based) of the long map: its name and emotion."""
    name = f"{LONG_NAMES[index % len(LONG_NAMES)]} {index + 1}"
    emotion = None if index == 4 else (index % 5) - 2
    return name, emotion


def write_long_map(root: Path, stages: int = 30) -> Path:
    """A workspace at `root` with one journey of `stages` stages; returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "csjourney.toml").write_text("", encoding="utf-8")
    lines = []
    for index in range(stages):
        name, emotion = long_stage(index)
        lines.append(f"    - id: s{index + 1}\n      name: {name!r}")
        if emotion is not None:
            lines.append(f"      emotion: {emotion}")
    metric = textwrap.indent(
        textwrap.dedent(
            """\
            metrics:
              - id: activation
                name: Activation
                type: activation
                target: 55
                current: 60
                measured: 2026-10-01
                history:
                  - {date: 2026-06-01, value: 40}
                  - {date: 2026-08-01, value: 50}
            """
        ),
        "      ",
    )
    text = (
        "csjourney: 1\nsegments:\n  - {id: smb, name: Small business}\n"
        "journey:\n  id: long-journey\n  title: Thirty stages with long names\n"
        "  segments: [smb]\n  stages:\n" + "\n".join(lines) + "\n" + metric
    )
    (root / "long.yaml").write_text(text, encoding="utf-8")
    return root


def render_pages(csj: Callable[..., CliResult], tmp_path: Path) -> list[Path]:
    """Every HTML page of every example and of the 30-stage map, rendered."""
    pages = []
    for name, source in (("examples", EXAMPLES), ("long", write_long_map(tmp_path / "long"))):
        out = tmp_path / f"out-{name}"
        result = csj("render", source, "--out", out, "-f", "svg,html", "--today", "2026-11-30")
        assert result.code == 0, result.err
        pages.extend(sorted(out.glob("*.html")))
    return pages

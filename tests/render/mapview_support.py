"""Helpers for the map view tests: a long map to draw, and the map's SVG read back.

`long_map(30)` is a workspace file of `stages` stages (cut into bands of ten by
the map) with what makes ties hard to read: initiatives that address pain points
many stages and bands away, one that addresses twelve, pain points nobody
addresses, pain points of one segment only, goals citing journey- and
stage-level metrics, and figures with and without a source. With `hostile`,
every name it adds tries to break out of the SVG.

`MapSvg` reads the picture the way a reader's browser does: each mark the map
draws is a Graphviz cell with an `ID` (`map-pain-ID`, `map-initiative-ID`,
`map-metric-ID`, `map-goal-GOAL`, `map-goal-GOAL-METRIC`, `map-journey-metric-ID`);
Graphviz writes it as `<g id="a_...">` around the cell's link, whose
`xlink:title` is the tooltip and whose `<text>` elements are what is drawn.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from render.render_support import SVG_NS, XSS

XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"
SEVERITIES = ("critical", "high", "medium", "low")
TYPES = ("survey", "interview", "analytics", "support-tickets", "review", "experiment")
STEPS = ("Discover", "Compare", "Trial", "Buy", "Set up", "Learn", "Use", "Review", "Renew", "Grow")
PAINS = (
    "Setup needs an engineer",
    "Pricing page is unclear",
    "Invoices arrive late",
    "Reports take hours to load",
    "Nobody answers in chat",
    "Renewal quote is a surprise",
    "Data import fails silently",
)
FIXES = (
    "Guided setup checklist",
    "Plain pricing calculator",
    "Proactive health alerts",
    "Faster report engine",
    "Chat staffed in all time zones",
    "Renewal brief 90 days out",
)


def _q(value: str) -> str:
    """A YAML scalar: JSON strings are YAML double-quoted strings."""
    return json.dumps(value)


def long_map(stages: int, *, hostile: bool = False) -> str:
    """The YAML text of a workspace file with one journey of `stages` stages."""
    tag = f' {XSS} & "q" |' if hostile else ""
    out = [
        "csjourney: 1",
        "segments:",
        "  - {id: seg-a, name: " + _q(f"Segment A{tag}") + "}",
        "  - {id: seg-b, name: Segment B}",
        "evidence:",
    ]
    for k, kind in enumerate(TYPES):
        size = f", sample_size: {(k + 1) * 1234}" if k % 3 != 2 else ""
        date = f", date: 2026-0{k + 1}-1{k}" if k != 4 else ""
        name = _q(f"Evidence {k}{tag}")
        out.append(f"  - {{id: ev-{k}, name: {name}, type: {kind}{date}{size}}}")
    out += [
        "journey:",
        "  id: long-map",
        "  title: " + _q(f"A {stages}-stage journey{tag}"),
        "  segments: [seg-a, seg-b]",
        "  stages:",
    ]
    pained = [s for s in range(stages) if s % 3 != 1]  # two of every three stages
    for s in range(stages):
        out += [
            f"    - id: s{s}",
            "      name: " + _q(f"{STEPS[s % 10]} (round {s // 10 + 1}){tag}"),
            f"      emotion: {(s % 5) - 2}",
            "      touchpoints:",
            f"        - {{id: t{s}, name: {_q(f'Email of stage {s + 1}{tag}')}, channel: email}}",
        ]
        if s in pained:
            out.append("      pain_points:")
            for j in range(1 + s % 2):
                severity = SEVERITIES[(s + j) % 4]
                only_b = ", segments: [seg-b]" if (s, j) == (pained[-1], 0) else ""
                name = _q(f"{PAINS[(s + 3 * j) % len(PAINS)]}{tag}")
                out.append(
                    f"        - {{id: p{s}-{j}, name: {name}, severity: {severity}{only_b}}}"
                )
        # An initiative every other stage: to its own pain, to one far away (the
        # next band and beyond), to none; the first addresses twelve.
        if s % 2 == 0:
            targets = []
            if s in pained:
                targets.append(f"p{s}-0")
            far = pained[(pained.index(s) + 7) % len(pained)] if s in pained else pained[0]
            targets.append(f"p{far}-0")
            if s == 0:  # three lines of marks
                targets = [f"p{p}-0" for p in pained[:12]]
            if s % 10 == 4:
                targets = []
            status = ("idea", "planned", "in-progress", "done", "dropped")[s % 5]
            out += [
                "      initiatives:",
                f"        - id: i{s}",
                "          name: " + _q(f"{FIXES[s // 2 % len(FIXES)]}{tag}"),
                f"          addresses: [{', '.join(targets)}]",
                f"          status: {status}",
            ]
        out += [
            "      metrics:",
            f"        - id: m{s}",
            "          name: " + _q(f"Figure of stage {s + 1}{tag}"),
            f"          type: {('csat', 'churn', 'duration', 'count')[s % 4]}",
            *{2: ["          unit: days"], 3: ["          unit: accounts"]}.get(s % 4, []),
            f"          target: {10 + s % 7}",
            f"          current: {8 + s % 5}" if s % 6 else "          baseline: 3",
        ]
        if s % 4 != 3:
            out.append(f"          source: ev-{s % len(TYPES)}")
    out += [
        "  metrics:",
        "    - {id: j-nrr, name: " + _q(f"Net revenue retention{tag}") + ", type: nrr, "
        "target: 110, current: 104, source: ev-0}",
        "    - {id: j-churn, name: Logo churn, type: churn, target: 3, current: 2.5}",
        "    - {id: j-loose, name: NPS not in a goal, type: nps, target: 30, current: 41, "
        "source: ev-5}",
        "  goals:",
        "    - id: g-retain",
        "      name: " + _q(f"Keep and grow the accounts we have{tag}"),
        "      metrics: [j-nrr, j-churn, m1, m2]",
        "    - id: g-activate",
        "      name: Activate every new account in a week",
        "      description: Measured on the first stages.",
        "      metrics: [m0, m3, m6]",
        "    - {id: g-empty, name: A goal with no metric yet}",
    ]
    return "\n".join(out) + "\n"


def crowded_map(pains: int = 30) -> str:
    """One stage with `pains` pain points (past `z`: `aa`) and one initiative that
    addresses them all, in a two-stage journey."""
    out = [
        "csjourney: 1",
        "segments: [{id: everyone, name: Everyone}]",
        "journey:",
        "  id: crowded",
        "  title: A crowded stage",
        "  segments: [everyone]",
        "  stages:",
        "    - id: busy",
        "      name: Busy stage",
        "      pain_points:",
    ]
    out += [f"        - {{id: c{k}, name: Crowded pain {k}}}" for k in range(pains)]
    ids = ", ".join(f"c{k}" for k in range(pains))
    out += [
        "      initiatives:",
        f"        - {{id: fix-all, name: Fix them all, addresses: [{ids}]}}",
        "    - {id: calm, name: Calm stage}",
    ]
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class Mark:
    tooltip: str
    text: str  # the cell's drawn text, spaces normalized


class MapSvg:
    """The marks of one map view SVG, by their cell id."""

    def __init__(self, path: Path) -> None:
        self.raw = path.read_text(encoding="utf-8")
        root = ET.fromstring(self.raw)
        self.marks: dict[str, Mark] = {}
        for group in root.iter(f"{SVG_NS}g"):
            anchor_id = group.get("id", "")
            if not anchor_id.startswith("a_map-"):
                continue
            link = group.find(f"{SVG_NS}a")
            assert link is not None, anchor_id
            texts = " ".join(t.text or "" for t in link.iter(f"{SVG_NS}text"))
            key = anchor_id.removeprefix("a_")
            assert key not in self.marks, f"two cells with the id {key}"
            self.marks[key] = Mark(link.get(XLINK_TITLE, ""), " ".join(texts.split()))
        self.text = " ".join(" ".join((t.text or "") for t in root.iter(f"{SVG_NS}text")).split())

    def get(self, kind: str, item_id: str) -> Mark:
        key = f"map-{kind}-{item_id}"
        assert key in self.marks, f"the map draws no {kind} {item_id!r}"
        return self.marks[key]

    def has(self, kind: str, item_id: str) -> bool:
        return f"map-{kind}-{item_id}" in self.marks

    def pain_marks(self) -> dict[str, str]:
        """Mark drawn on each pain point ("P3a") -> the pain point's id."""
        found: dict[str, str] = {}
        for key, mark in self.marks.items():
            if key.startswith("map-pain-"):
                drawn = re.match(r"(P\d+[a-z]+) ", mark.text)
                assert drawn, f"pain point {key} shows no mark: {mark.text!r}"
                assert drawn[1] not in found, f"mark {drawn[1]} is drawn twice"
                found[drawn[1]] = key.removeprefix("map-pain-")
        return found

    @staticmethod
    def addressed_marks(mark: Mark) -> list[str]:
        """The marks an initiative cell lists after `addresses`."""
        _, found, after = mark.text.partition("addresses ")
        return re.findall(r"\bP\d+[a-z]+\b", after) if found else []

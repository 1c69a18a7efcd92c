"""Reading the reports back for tests/render/test_report_content.py, and what they
should say, worked out from the YAML alone.

The HTML is parsed into a small element tree (html.parser) and the Markdown's
tables are split into cells, so a test asks "the status cell of this metric's
row" instead of searching raw markup. The expectations re-derive status,
value text and trend from the format's rules (docs/format.md), not from the
render code they check.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

_VOID = {"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All text inside, white space collapsed; <style> left out."""
        parts: list[str] = []

        def visit(node: Element | str) -> None:
            if isinstance(node, str):
                parts.append(node)
            elif node.tag != "style":
                for child in node.children:
                    visit(child)

        visit(self)
        return " ".join("".join(parts).split())

    def all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Descendants with `tag` and these attribute values (`data_x` is `data-x`)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, Element):
                if (tag is None or child.tag == tag) and all(
                    child.attrs.get(k) == v for k, v in wanted.items()
                ):
                    found.append(child)
                found.extend(child.all(tag, **attrs))
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def cells(self) -> list[Element]:
        """The cells of a table row, in order."""
        return [c for c in self.children if isinstance(c, Element) and c.tag in ("td", "th")]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(path: Path) -> Element:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


# --- Markdown ---------------------------------------------------------------

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


_CODE = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")


def md_unescape(text: str) -> str:
    """What a reader sees in a cell: code spans as their text, escapes undone,
    `<br>` as a space, marks kept."""
    pieces = []
    for index, part in enumerate(_CODE.split(text)):
        kind = index % 3  # split keeps (text, fence, code) triples
        if kind == 0:
            part = part.replace("<br>", " ").replace("&#x200b;", "")
            part = re.sub(r"\\(.)", r"\1", part)
            part = part.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            pieces.append(part)
        elif kind == 2:
            pieces.append(part.replace("\\|", "|"))
    return " ".join("".join(pieces).split())


def md_sections(text: str) -> dict[str, list[str]]:
    """Heading text (`## Goals`, `### Name` as written) -> the lines under it."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if line.startswith("#"):
            current = line
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def md_table(lines: list[str]) -> list[dict[str, str]]:
    """The first GFM table among `lines`, as one dict (header -> cell text) per row."""
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) >= 2, f"no table in {lines[:5]}"
    split = [[md_unescape(c) for c in _CELL_SPLIT.split(r.strip()[1:-1])] for r in rows]
    header = split[0]
    return [dict(zip(header, row, strict=True)) for row in split[2:]]


# --- What the YAML says -----------------------------------------------------

PERCENT = {"csat", "retention", "activation", "adoption", "conversion", "churn", "nrr", "grr"}
LOWER = {"churn", "duration"}
TYPE_LABELS = {
    "survey": "Survey",
    "interview": "Interviews",
    "analytics": "Analytics",
    "support-tickets": "Support tickets",
    "review": "Public reviews",
    "experiment": "Experiment",
    "other": "Other",
}


def load_workspace(folder: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """(journeys, evidence by id) of every YAML file under `folder` (or the one file)."""
    yaml = YAML(typ="safe")
    files = sorted(folder.rglob("*.yaml")) if folder.is_dir() else [folder]
    journeys, evidence = [], {}
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"))
        if data.get("journey"):
            journeys.append(data["journey"])
        evidence.update({e["id"]: e for e in data.get("evidence", [])})
    return journeys, evidence


def number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def shown(metric: dict[str, Any], value: float | None) -> str:
    if value is None:
        return "—"
    if metric["type"] in PERCENT:
        return f"{number(value)}%"
    return f"{number(value)} {metric['unit']}" if metric.get("unit") else number(value)


def lower_is_better(metric: dict[str, Any]) -> bool:
    direction = metric.get("direction")
    return direction == "lower-is-better" if direction else metric["type"] in LOWER


def status(metric: dict[str, Any]) -> str:
    """The words the reports use for the status."""
    current, target = metric.get("current"), metric.get("target")
    if current is None:
        return "not measured"
    if target is None:
        return "no target"
    good = current <= target if lower_is_better(metric) else current >= target
    return "on target" if good else "off target"


def trend(metric: dict[str, Any]) -> str | None:
    """`↓ better`: the move from the last history value before `measured` to `current`."""
    current, measured = metric.get("current"), metric.get("measured")
    earlier = [p for p in metric.get("history", []) if measured is None or p["date"] < measured]
    if current is None or not earlier:
        return None
    last = earlier[-1]["value"]
    if current == last:
        return "→ unchanged"
    arrow = "↑" if current > last else "↓"
    better = (current < last) if lower_is_better(metric) else (current > last)
    return f"{arrow} {'better' if better else 'worse'}"


def metrics_of(journey: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """(metric, where) for every metric: the journey's own, then each stage's."""
    found = [(m, "Whole journey") for m in journey.get("metrics", [])]
    for stage in journey["stages"]:
        found += [(m, stage["name"]) for m in stage.get("metrics", [])]
    return found


def citations(journey: dict[str, Any]) -> dict[str, set[str]]:
    """Evidence id -> {"pain point: Name", "metric: Name"} of the items citing it."""
    cited: dict[str, set[str]] = {}
    for metric, _ in metrics_of(journey):
        if metric.get("source"):
            cited.setdefault(metric["source"], set()).add(f"metric: {metric['name']}")
    for stage in journey["stages"]:
        for pain in stage.get("pain_points", []):
            for evidence_id in pain.get("evidence", []):
                cited.setdefault(evidence_id, set()).add(f"pain point: {pain['name']}")
    return cited


def evidence_facts(evidence: dict[str, Any]) -> list[str]:
    """The pieces a reader must find for an evidence item: type, date, sample size."""
    facts = [TYPE_LABELS[evidence["type"]]]
    if evidence.get("date"):
        facts.append(str(evidence["date"]))
    if evidence.get("sample_size") is not None:
        facts.append(f"{evidence['sample_size']:,}")
    return facts


def open_critical(journey: dict[str, Any]) -> list[str]:
    """Names of the critical pain points that no `done` initiative addresses."""
    done = {
        pain_id
        for stage in journey["stages"]
        for initiative in stage.get("initiatives", [])
        if initiative.get("status") == "done"
        for pain_id in initiative.get("addresses", [])
    }
    return [
        pain["name"]
        for stage in journey["stages"]
        for pain in stage.get("pain_points", [])
        if pain.get("severity") == "critical" and pain["id"] not in done
    ]


def overdue(journey: dict[str, Any], today: dt.date) -> list[str]:
    """Initiatives past `due` and neither done nor dropped."""
    return [
        i["name"]
        for stage in journey["stages"]
        for i in stage.get("initiatives", [])
        if i.get("due") and i["due"] < today and i.get("status", "idea") not in ("done", "dropped")
    ]

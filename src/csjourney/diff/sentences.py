"""One sentence per change, shared by the text and Markdown outputs.

A `Style` decides how names, ids and verdicts look (plain text, or Markdown
with escaping); the wording is the same everywhere.
"""

from __future__ import annotations

from typing import Any, Protocol

from csjourney.diff.changes import JOURNEY_WIDE, Change
from csjourney.domain import number_text
from csjourney.structure import kinds

_MAX_TEXT = 60


class Style(Protocol):
    def name(self, text: str) -> str: ...
    def text(self, text: str) -> str: ...
    def code(self, text: str) -> str: ...
    def verdict(self, text: str) -> str: ...


def value(data: Any) -> str:
    """A field value in a few words: long text cut short, lists joined."""
    if data is None:
        return "(none)"
    if isinstance(data, bool):
        return "yes" if data else "no"
    if isinstance(data, int | float):
        return number_text(data)  # 12,500, as the reports and lint messages write it
    if isinstance(data, list):
        if data and isinstance(data[0], dict):
            return f"{len(data)} entries"
        return "[" + ", ".join(str(v) for v in data) + "]"
    if isinstance(data, dict):
        return ", ".join(f"{k}: {v}" for k, v in data.items())
    text = str(data)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _list_delta(old: list[Any], new: list[Any]) -> str:
    added = [str(v) for v in new if v not in old]
    removed = [str(v) for v in old if v not in new]
    parts = [f"+{v}" for v in added] + [f"-{v}" for v in removed]
    return " ".join(parts) if parts else f"{value(old)} → {value(new)} (reordered)"


def _field_change(change: Change, style: Style) -> str:
    old, new = change.old, change.new
    field = style.code(str(change.field))
    if change.field == "history" and isinstance(old, list) and isinstance(new, list):
        return f"{field} {len(old)} → {len(new)} points"
    if isinstance(old, list) and isinstance(new, list) and not (old and isinstance(old[0], dict)):
        return f"{field} {style.text(_list_delta(old, new))}"
    text = f"{field} {style.text(value(old))} → {style.text(value(new))}"
    return text + (f" {style.verdict(change.verdict)}" if change.verdict else "")


def subject(change: Change, style: Style) -> str:
    return f"{change.kind} {style.code(change.id)} {style.name(change.name)}"


def sentence(change: Change, style: Style) -> str:
    """The change in words, without its +/- marker."""
    if change.kind == "finding":
        detail = change.new if change.action == "introduced" else change.old
        assert isinstance(detail, dict)
        return (
            f"{change.action} {detail['severity']} {style.code(change.id)} {change.name}: "
            f"{style.text(detail['message'])} ({style.code(str(change.where))})"
        )
    where = ""
    if change.where == JOURNEY_WIDE and change.kind == "metric":
        where = " (journey-wide)"
    elif change.where and _in_stage(change.kind):
        where = f" in stage {style.code(change.where)}"
    if change.action == "added":
        return f"added {subject(change, style)}{where}"
    if change.action == "removed":
        return f"removed {subject(change, style)}{where.replace(' in stage', ' from stage')}"
    if change.action == "renamed":
        names = f"{style.name(str(change.old))} → {style.name(str(change.new))}"
        return f"renamed {change.kind} {style.code(change.id)}: {names}"
    if change.action == "moved":
        old, new = str(change.old), str(change.new)
        return (
            f"moved {subject(change, style)}: {change.field} {style.code(old)} → {style.code(new)}"
        )
    if change.action == "reordered":
        return f"reordered stages: {', '.join(change.old)} → {', '.join(change.new)}"
    return f"{subject(change, style)}: {_field_change(change, style)}"


def _in_stage(kind: str) -> bool:
    """Whether items of `kind` sit in a stage, so that their place is worth saying."""
    return any(child.kind.name == kind for child in kinds()["stage"].children.values())


MARKERS = {
    "added": "+",
    "introduced": "+",
    "removed": "-",
    "resolved": "-",
    "moved": ">",
}


def marker(change: Change) -> str:
    return MARKERS.get(change.action, "~")

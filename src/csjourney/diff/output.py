"""Render a comparison as text (terminals), Markdown (a pull-request comment) or JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from csjourney.diagnostics import Diagnostic
from csjourney.diff.changes import Change
from csjourney.diff.sentences import marker, sentence
from csjourney.diff.sides import Side
from csjourney.render.escape import html_inline, md_code, md_inline
from csjourney.safetext import display_path, json_document, printable

# A Markdown section longer than this folds into <details>.
FOLD_AFTER = 8
_LIBRARY = {"segment", "evidence", "channel"}


@dataclass(slots=True)
class Comparison:
    old: Side
    new: Side
    changes: list[Change]

    def sections(self) -> list[tuple[str, str | None, list[Change]]]:
        """(kind of section, journey id or None, changes) in display order; empty ones left out."""
        library = [c for c in self.changes if c.kind in _LIBRARY]
        findings = [c for c in self.changes if c.kind == "finding"]
        journeys: dict[str, list[Change]] = {}
        for change in self.changes:
            if change.journey is not None:
                journeys.setdefault(change.journey, []).append(change)
        parts: list[tuple[str, str | None, list[Change]]] = [("library", None, library)]
        parts += [("journey", journey, items) for journey, items in journeys.items()]
        parts.append(("findings", None, findings))
        return [part for part in parts if part[2]]

    def journey_title(self, journey_id: str) -> str:
        for side in (self.new, self.old):
            for _, file in side.files:
                journey = file.model.journey
                if journey is not None and journey.id == journey_id:
                    return journey.title
        return journey_id

    def counts(self) -> dict[str, int]:
        findings = [c for c in self.changes if c.kind == "finding"]
        return {
            "changes": len(self.changes) - len(findings),
            "findings_introduced": sum(c.action == "introduced" for c in findings),
            "findings_resolved": sum(c.action == "resolved" for c in findings),
        }

    def broken(self) -> list[tuple[str, Path, Diagnostic]]:
        return [(side.label, path, d) for side in (self.old, self.new) for path, d in side.errors]

    def inputs(self) -> list[Path]:
        """Every file either side read: `--output` must replace none of them."""
        return [side.base / path for side in (self.old, self.new) for path, _ in side.files]


def _summary(comparison: Comparison) -> str:
    counts = comparison.counts()
    n = counts["changes"]
    text = f"{n} change{'' if n == 1 else 's'}"
    introduced, resolved = counts["findings_introduced"], counts["findings_resolved"]
    if introduced or resolved:
        text += f"; findings: {introduced} new, {resolved} resolved"
    return text


class _PlainStyle:
    def name(self, text: str) -> str:
        return f'"{printable(text)}"'

    def text(self, text: str) -> str:
        return printable(text)

    def code(self, text: str) -> str:
        return printable(text)

    def verdict(self, text: str) -> str:
        return f"({text})"


class _MarkdownStyle:
    def name(self, text: str) -> str:
        return f"**{md_inline(text)}**"

    def text(self, text: str) -> str:
        return md_inline(text)

    def code(self, text: str) -> str:
        return md_code(text)

    def verdict(self, text: str) -> str:
        return f"(**{text}**)"


def _section_title(comparison: Comparison, kind: str, journey: str | None, markdown: bool) -> str:
    if kind == "journey" and journey is not None:
        title = comparison.journey_title(journey)
        if markdown:
            return f"Journey {md_code(journey)}: {md_inline(title)}"
        return f"journey {printable(journey)}: {printable(title)}"
    return {"library": "Segments, evidence and channels", "findings": "Lint findings"}[kind]


_MD_MARKERS = {"+": "\N{HEAVY PLUS SIGN}", "-": "\N{HEAVY MINUS SIGN}", ">": "🔀", "~": "✏️"}


def render_text(comparison: Comparison) -> str:
    style = _PlainStyle()
    lines = [
        f"csjourney diff {printable(comparison.old.label)} → {printable(comparison.new.label)}: "
        f"{_summary(comparison)}"
    ]
    for label, path, d in comparison.broken():
        where = f"{display_path(path)}:{d.line}:{d.column}"
        lines.append(f"{printable(label)} does not load: {where}: {d.code} {printable(d.message)}")
    if comparison.broken():
        lines.append("Files that do not load on either side are left out of the comparison.")
    for kind, journey, changes in comparison.sections():
        lines.append("")
        lines.append(_section_title(comparison, kind, journey, markdown=False))
        lines += [f"  {marker(c)} {sentence(c, style)}" for c in changes]
    return "\n".join(lines) + "\n"


def render_markdown(comparison: Comparison) -> str:
    style = _MarkdownStyle()
    old, new = comparison.old.label, comparison.new.label
    lines = [
        f"### csjourney diff: {md_code(old)} → {md_code(new)}",
        "",
        f"**{_summary(comparison)}**",
    ]
    broken = comparison.broken()
    if broken:
        lines += [
            "",
            "> [!CAUTION]",
            "> Some files do not load, so they are left out of the comparison:",
        ]
        for label, path, d in broken:
            where = md_code(f"{display_path(path)}:{d.line}")
            lines.append(f"> - {md_inline(label)} {where}: {d.code} {md_inline(d.message)}")
    if not comparison.changes and not broken:
        lines += ["", "No change to the journey maps."]
    for kind, journey, changes in comparison.sections():
        items = [f"- {_MD_MARKERS[marker(c)]} {sentence(c, style)}" for c in changes]
        if len(items) > FOLD_AFTER:
            plain = _section_title(comparison, kind, journey, markdown=False)
            title = html_inline(plain[:1].upper() + plain[1:])
            summary = f"<b>{title}</b> ({len(items)} changes)"
            lines += ["", f"<details><summary>{summary}</summary>", "", *items, "", "</details>"]
        else:
            lines += [
                "",
                f"#### {_section_title(comparison, kind, journey, markdown=True)}",
                "",
                *items,
            ]
    return "\n".join(lines) + "\n"


def render_json(comparison: Comparison) -> str:
    payload = {
        "old": comparison.old.label,
        "new": comparison.new.label,
        "summary": comparison.counts(),
        "errors": [
            {
                "side": label,
                "path": display_path(path),
                "line": d.line,
                "code": d.code,
                "message": d.message,
            }
            for label, path, d in comparison.broken()
        ],
        "changes": [asdict(change) for change in comparison.changes],
    }
    return json_document(payload)


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}

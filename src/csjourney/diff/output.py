"""Render a comparison as text (terminals), Markdown (a pull-request comment) or JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from csjourney.diagnostics import Diagnostic
from csjourney.diff.changes import Change
from csjourney.diff.sentences import marker, sentence
from csjourney.diff.sides import Side
from csjourney.render.escape import html_inline, md_code, md_inline
from csjourney.safetext import display_path, json_document, printable
from csjourney.structure import kinds_in

# A Markdown section longer than this folds into <details>.
FOLD_AFTER = 8
# GitHub refuses a comment body longer than this many characters (UTF-16 code units).
COMMENT_LIMIT = 65_536
# What `render_markdown` may use of it: the rest is room for what a CI job adds, such
# as the hidden marker line the recipe in docs/ci.md finds its own comment by.
MARKDOWN_BUDGET = COMMENT_LIMIT - 1_536
# Files that do not load listed in the comment; the others are counted.
BROKEN_SHOWN = 10
# Names, messages and values in Markdown are cut to this many characters, so that
# no single change can fill the comment.
_MD_TEXT_MAX = 300


@dataclass(slots=True)
class Comparison:
    old: Side
    new: Side
    changes: list[Change]

    def sections(self) -> list[tuple[str, str | None, list[Change]]]:
        """(kind of section, journey id or None, changes) in display order; empty ones left out."""
        shared = {kind.name for kind in kinds_in("workspace")}
        library = [c for c in self.changes if c.kind in shared]
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
        return [path for side in (self.old, self.new) for path in side.read]


def _summary(comparison: Comparison) -> str:
    counts = comparison.counts()
    n = counts["changes"]
    text = f"{n:,} change{'' if n == 1 else 's'}"
    introduced, resolved = counts["findings_introduced"], counts["findings_resolved"]
    if introduced or resolved:
        text += f"; findings: {introduced:,} new, {resolved:,} resolved"
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


def _short(text: str) -> str:
    return text if len(text) <= _MD_TEXT_MAX else text[: _MD_TEXT_MAX - 1] + "…"


class _MarkdownStyle:
    def name(self, text: str) -> str:
        return f"**{md_inline(_short(text))}**"

    def text(self, text: str) -> str:
        return md_inline(_short(text))

    def code(self, text: str) -> str:
        return md_code(_short(text))

    def verdict(self, text: str) -> str:
        return f"(**{text}**)"


def _section_title(comparison: Comparison, kind: str, journey: str | None, markdown: bool) -> str:
    if kind == "journey" and journey is not None:
        title = comparison.journey_title(journey)
        if markdown:
            return f"Journey {md_code(_short(journey))}: {md_inline(_short(title))}"
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
    """A pull-request comment that fits GitHub's size limit however big the change.

    Long sections fold into <details> (a journey's only when there are several:
    the only journey of a change is never hidden). When everything does not fit,
    each section keeps its first changes, as many as fit, and the comment says
    exactly what it left out.
    """
    style = _MarkdownStyle()
    journeys = sum(kind == "journey" for kind, _, _ in comparison.sections())
    sections = [
        _Section(
            kind,
            _section_title(comparison, kind, journey, markdown=True),
            _upper_first(_section_title(comparison, kind, journey, markdown=False)),
            [f"- {_MD_MARKERS[marker(c)]} {sentence(c, style)}" for c in changes],
            foldable=kind != "journey" or journeys > 1,
        )
        for kind, journey, changes in comparison.sections()
    ]
    head = _markdown_head(comparison)
    full = _markdown(head, sections, None, len(sections))
    if comment_length(full) <= MARKDOWN_BUDGET:
        return full
    # The largest number of changes per section that fits with every section shown;
    # with too many sections even for one change each, the first sections that fit.
    cap = _largest(
        lambda n: _fits(head, sections, n, len(sections)), max(len(s.items) for s in sections)
    )
    if cap:
        return _markdown(head, sections, cap, len(sections))
    count = _largest(lambda n: _fits(head, sections, FOLD_AFTER, n), len(sections))
    return _markdown(head, sections, FOLD_AFTER, count)


def comment_length(text: str) -> int:
    """The length GitHub checks against its limit: UTF-16 code units (JavaScript's)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(slots=True)
class _Section:
    kind: str  # library, journey or findings
    heading: str  # Markdown
    summary: str  # plain text, escaped for HTML where it is used
    items: list[str]
    foldable: bool


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _unit(kind: str) -> str:
    return "finding" if kind == "findings" else "change"


def _section_lines(section: _Section, cap: int | None) -> list[str]:
    items = section.items if cap is None else section.items[:cap]
    left = len(section.items) - len(items)
    place = {"journey": "journey", "library": "section", "findings": "section"}[section.kind]
    more = [f"- … and {left:,} more {_unit(section.kind)}s in this {place}"] if left else []
    if not (section.foldable and len(section.items) > FOLD_AFTER):
        return ["", f"#### {section.heading}", "", *items, *more]
    count = _plural(len(section.items), _unit(section.kind))
    shown = f", first {len(items):,} shown" if left else ""
    summary = f"<b>{html_inline(_short(section.summary))}</b> ({count}{shown})"
    return ["", f"<details><summary>{summary}</summary>", "", *items, *more, "", "</details>"]


def _left_out(sections: list[_Section], cap: int | None, count: int) -> list[str]:
    """The sentence saying what the comment does not show, or nothing when it shows all."""
    shown = [len(s.items) if cap is None else min(cap, len(s.items)) for s in sections[:count]]
    shown += [0] * (len(sections) - count)
    left = {kind: 0 for kind in ("journey", "library", "findings")}
    journeys = 0
    for section, number in zip(sections, shown, strict=True):
        left[section.kind] += len(section.items) - number
        journeys += section.kind == "journey" and number < len(section.items)
    parts = []
    if left["journey"]:
        parts.append(f"{_plural(left['journey'], 'more change')} in {_plural(journeys, 'journey')}")
    if left["library"]:
        parts.append(
            f"{_plural(left['library'], 'more change')} to segments, evidence and channels"
        )
    if left["findings"]:
        parts.append(_plural(left["findings"], "more lint finding"))
    if not parts:
        return []
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return [
        "",
        f"*… and {listed}, left out to fit GitHub's comment size limit;"
        " run `csjourney diff` locally for all.*",
    ]


def _markdown(head: list[str], sections: list[_Section], cap: int | None, count: int) -> str:
    """The comment with the first `count` sections, each cut to `cap` changes (None: all)."""
    lines = list(head)
    for section in sections[:count]:
        lines += _section_lines(section, cap)
    lines += _left_out(sections, cap, count)
    return "\n".join(lines) + "\n"


def _fits(head: list[str], sections: list[_Section], cap: int, count: int) -> bool:
    return comment_length(_markdown(head, sections, cap, count)) <= MARKDOWN_BUDGET


def _largest(fits: Callable[[int], bool], most: int) -> int:
    """The largest n in 0..most with fits(n), for a `fits` true up to some n and false after
    (0 when none fits)."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _markdown_head(comparison: Comparison) -> list[str]:
    old, new = comparison.old.label, comparison.new.label
    lines = [
        f"### csjourney diff: {md_code(_short(old))} → {md_code(_short(new))}",
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
        for label, path, d in broken[:BROKEN_SHOWN]:
            where = md_code(_short(f"{display_path(path)}:{d.line}"))
            message = md_inline(_short(d.message))
            lines.append(f"> - {md_inline(_short(label))} {where}: {d.code} {message}")
        if len(broken) > BROKEN_SHOWN:
            lines.append(f"> - … and {_plural(len(broken) - BROKEN_SHOWN, 'more file')}")
    if not comparison.changes and not broken:
        lines += ["", "No change to the journey maps."]
    return lines


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

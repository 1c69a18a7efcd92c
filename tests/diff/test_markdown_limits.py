"""`csjourney diff --format markdown` is a pull-request comment: it fits GitHub's limit
(65,536 characters, counted as JavaScript counts them: UTF-16 code units) with room for
the CI recipe's marker line, however big the change, and says exactly what it leaves out.

Each case builds two workspaces, runs the real command, renders the Markdown as GitHub
would (markdown-it-py, raw HTML allowed) and checks what a reader gets: valid, balanced
<details>, every change either shown or counted in the sentence that ends the comment,
and the only journey of a change never folded away.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from conftest import CliResult

Csj = Callable[..., CliResult]
TODAY = "2026-11-28"
GITHUB_LIMIT = 65_536
MARKER_LINE = "\n<!-- csjourney-diff -->\n"  # what the recipe in docs/ci.md adds
PLUS = "\N{HEAVY PLUS SIGN}"
ITEM = re.compile(r"^- (?:\N{HEAVY PLUS SIGN}|\N{HEAVY MINUS SIGN}|🔀|✏️) ", re.MULTILINE)
MORE = re.compile(r"^- … and ([\d,]+) more \w+ in this (?:journey|section)$", re.MULTILINE)
SECTION = re.compile(r"^(?:#### |<details><summary>)(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Case:
    journeys: int
    added: int  # touchpoints each journey gains
    name: str = "Touchpoint {i}"
    segments: int = 0  # segments the library gains
    left_out: bool = True  # whether the comment must leave something out


CASES = {
    "40 journeys, 3,000 changes": Case(40, 75),
    "one journey, 5,000 changes": Case(1, 5000),
    "300 journeys, too many even for one change each": Case(300, 2, "{i} " + "long name " * 20),
    "long non-ASCII names": Case(3, 100, name="{i} " + "😀é" * 400),
    "3,000 segments in the library": Case(2, 1, segments=3000),
    "a small change": Case(2, 3, left_out=False),
    "nine changes in one journey": Case(1, 9, left_out=False),
}


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def write(root: Path, case: Case, added: int, segments: int) -> Path:
    (root / "journeys").mkdir(parents=True)
    (root / "csjourney.toml").write_text("", encoding="utf-8")
    library = "".join(f"  - {{id: s{i}, name: Segment {i}}}\n" for i in range(segments))
    (root / "library.yaml").write_text(
        f"csjourney: 1\nsegments:\n  - {{id: smb, name: Small businesses}}\n{library}",
        encoding="utf-8",
    )
    for j in range(case.journeys):
        touchpoints = "".join(
            f"        - {{id: t{j}-{i}, name: {json.dumps(case.name.format(i=i))},"
            " channel: in-app, owner: growth}\n"
            for i in range(added)
        )
        (root / "journeys" / f"j{j}.yaml").write_text(
            f"csjourney: 1\njourney:\n  id: journey-{j}\n  title: Journey {j}\n"
            "  segments: [smb]\n  reviewed: 2026-11-01\n  stages:\n"
            "    - id: onboarding\n      name: Onboarding\n      touchpoints:\n"
            f"        - {{id: base-{j}, name: Base, channel: in-app, owner: growth}}\n"
            f"{touchpoints}",
            encoding="utf-8",
        )
    return root


def diff(csj: Csj, old: Path, new: Path, output_format: str) -> str:
    result = csj("diff", old, new, "--format", output_format, "--today", TODAY)
    assert result.code == 0, result.err
    return result.out


class _Html(HTMLParser):
    """Checks <details> as GitHub shows them: balanced, not nested, <summary> only
    inside them; collects the text outside them."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.folded = 0
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details":
            assert not self.open, f"<details> inside {self.open}"
            self.folded += 1
        elif tag == "summary":
            assert self.open == ["details"], "<summary> outside <details>"
        if tag in ("details", "summary"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("details", "summary"):
            assert self.open and self.open[-1] == tag, f"unbalanced </{tag}>: {self.open}"
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if "details" not in self.open:
            self.outside.append(data)


def section_key(title: str) -> str:
    """`journey-3`, `library` or `findings`, from a section's heading or summary."""
    journey = re.search(r"Journey `?(journey-\d+)`?:", title)
    if journey:
        return journey.group(1)
    return "findings" if "Lint findings" in title else "library"


def shown_per_section(markdown: str) -> dict[str, int]:
    """{section: changes listed in it}."""
    starts = [(m.start(), section_key(m.group(1))) for m in SECTION.finditer(markdown)]
    ends = [start for start, _ in starts[1:]] + [len(markdown)]
    return {
        key: len(ITEM.findall(markdown, start, end))
        for (start, key), end in zip(starts, ends, strict=True)
    }


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def expected_left_out(changes: list[dict[str, str]], shown: dict[str, int]) -> str | None:
    """The sentence that must end the comment, from every change and what is listed."""
    left: dict[str, int] = {}
    for change in changes:
        kind = "findings" if change["kind"] == "finding" else "library"
        key = change["journey"] or kind
        left[key] = left.get(key, 0) + 1
    for key, count in shown.items():
        left[key] -= count
    journeys = [n for key, n in left.items() if key.startswith("journey-") and n]
    parts = []
    if journeys:
        parts.append(
            f"{plural(sum(journeys), 'more change')} in {plural(len(journeys), 'journey')}"
        )
    if left.get("library"):
        parts.append(f"{plural(left['library'], 'more change')} to segments, evidence and channels")
    if left.get("findings"):
        parts.append(plural(left["findings"], "more lint finding"))
    if not parts:
        return None
    joined = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return (
        f"*… and {joined}, left out to fit GitHub's comment size limit;"
        " run `csjourney diff` locally for all.*"
    )


@pytest.mark.parametrize("name", list(CASES))
def test_the_comment_fits_and_says_what_it_leaves_out(csj: Csj, tmp_path: Path, name: str) -> None:
    case = CASES[name]
    old = write(tmp_path / "old", case, 0, 0)
    new = write(tmp_path / "new", case, case.added, case.segments)
    markdown = diff(csj, old, new, "markdown")
    (tmp_path / "comment.md").write_text(markdown, encoding="utf-8")  # to read when it fails
    changes = json.loads(diff(csj, old, new, "json"))["changes"]

    assert utf16(markdown + MARKER_LINE) <= GITHUB_LIMIT
    page = _Html()
    page.feed(MarkdownIt("commonmark").render(markdown))
    page.close()
    assert not page.open, f"unclosed {page.open}"
    assert markdown.count("<details>") == markdown.count("</details>") == page.folded

    shown = shown_per_section(markdown)
    sentence = expected_left_out(changes, shown)
    assert (sentence is not None) == case.left_out
    if sentence is None:
        assert sum(shown.values()) == len(changes) and "left out" not in markdown
        return
    assert markdown.endswith(f"\n\n{sentence}\n")
    assert "left out to fit" in "".join(page.outside)  # never folded away
    # Each section that lists only some of its changes says how many more it has.
    more = sum(int(n.replace(",", "")) for n in MORE.findall(markdown))
    assert sum(shown.values()) + more <= len(changes)
    if case.journeys == 1:
        assert page.folded == 0  # the only journey is never folded


def test_long_names_are_cut_so_one_change_cannot_fill_the_comment(csj: Csj, tmp_path: Path) -> None:
    case = CASES["long non-ASCII names"]
    old = write(tmp_path / "old", case, 0, 0)
    new = write(tmp_path / "new", case, case.added, 0)
    markdown = diff(csj, old, new, "markdown")
    first = ITEM.search(markdown)
    assert first is not None
    line = markdown[first.start() : markdown.index("\n", first.start())]
    assert "😀é" * 100 in line and "😀é" * 151 not in line and "…**" in line


def folding(csj: Csj, tmp_path: Path, added: list[int]) -> str:
    """The comment for journeys gaining `added[j]` touchpoints each."""
    most = Case(len(added), max(added))
    old = write(tmp_path / "old", most, 0, 0)
    new = write(tmp_path / "new", most, most.added, 0)
    for j, count in enumerate(added):
        path = new / "journeys" / f"j{j}.yaml"
        kept = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(kept[: len(kept) - (most.added - count)]), encoding="utf-8")
    return diff(csj, old, new, "markdown")


def test_the_only_journey_of_a_change_is_never_folded(csj: Csj, tmp_path: Path) -> None:
    markdown = folding(csj, tmp_path, [12])
    assert f"#### Journey `journey-0`: Journey 0\n\n- {PLUS} added touchpoint `t0-0`" in markdown
    assert "<details>" not in markdown and markdown.count(f"- {PLUS} added touchpoint") == 12


def test_with_several_journeys_only_long_sections_fold(csj: Csj, tmp_path: Path) -> None:
    markdown = folding(csj, tmp_path, [12, 2])
    assert (
        "<details><summary><b>Journey journey-0: Journey 0</b> (12 changes)</summary>\n\n"
        f"- {PLUS} added touchpoint `t0-0`"
    ) in markdown
    assert f"#### Journey `journey-1`: Journey 1\n\n- {PLUS} added touchpoint `t1-0`" in markdown
    assert markdown.count("<details>") == 1


def test_files_that_do_not_load_are_listed_up_to_ten_and_counted(csj: Csj, tmp_path: Path) -> None:
    case = Case(15, 1)
    old = write(tmp_path / "old", case, 0, 0)
    new = write(tmp_path / "new", case, 1, 0)
    for j in range(case.journeys):
        (new / "journeys" / f"j{j}.yaml").write_text("csjourney: 1\njourney: [unclosed\n")
    result = csj("diff", old, new, "--format", "markdown", "--today", TODAY)
    assert result.code == 1
    assert result.out.count("\n> - ") == 11
    assert "\n> - … and 5 more files\n" in result.out

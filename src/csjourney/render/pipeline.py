"""`render_workspace(workspace, findings, options) -> [Artifact]`: every output
file of `csjourney render` as a name and bytes. Writes nothing, prints nothing.

File names (stable, documented in docs/render.md), for journey id J and,
with a segment filter S, base name `J.S` instead of `J`:
`J.map.svg`, `J.flow.svg` (and .png, .pdf, .dot), `J.md`, `J.mmd`, `J.html`,
`J.pdf` (the page printed) and one `index.html`. A journey whose id would make a file the renderer
writes itself (`index`) or one a system reserves (`con`, `nul`... on Windows)
gets `_` before its base name: ids cannot start with `_`, so `_index.html`
never meets another journey's file.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csjourney.config import DEFAULT_REVIEW_EVERY_DAYS
from csjourney.diagnostics import Diagnostic
from csjourney.errors import UsageError
from csjourney.model import Evidence, Journey, Segment
from csjourney.render import engine as engines
from csjourney.render import layout as layouts
from csjourney.render.facts import for_segment
from csjourney.render.formats import DEFAULT_FORMATS, LAYOUT_FORMATS, PAGE_PDF
from csjourney.render.views import VIEWS
from csjourney.workspace import SourceFile, Workspace

if TYPE_CHECKING:
    from csjourney.core import Progress
    from csjourney.render.measuredfacts import JourneyData, MeasuredSection

INDEX = "index.html"
# Base names that cannot be used as they are: the index page's, and Windows device
# names, which are devices there whatever follows the dot (`con.html`).
_RESERVED = frozenset(
    {INDEX.partition(".")[0], "con", "prn", "aux", "nul"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in range(10)}
)
# What ids are (lower case: no two differ only in case on a case-insensitive disk),
# checked again here because these names become paths inside --out.
_NAME_PART = re.compile(r"[a-z0-9][a-z0-9_-]*")


def base_name(journey_id: str, segment: str | None) -> str:
    """The stem of every output file of a journey (and segment): a plain file name."""
    parts = [journey_id] if segment is None else [journey_id, segment]
    for part in parts:
        if not _NAME_PART.fullmatch(part):
            raise UsageError(f"`{part}` cannot be used in a file name; ids are [a-z0-9_-]")
    base = ".".join(parts)
    return f"_{base}" if journey_id in _RESERVED else base


@dataclass(frozen=True, slots=True)
class RenderOptions:
    formats: tuple[str, ...] = DEFAULT_FORMATS
    views: tuple[str, ...] = field(default_factory=lambda: tuple(VIEWS))
    segment: str | None = None
    engine: engines.Engine | None = None  # None: no layout formats, no diagrams in HTML
    # Journey file -> its workspace's `review-every-days`; a file not listed gets the default.
    review_every_days: Mapping[Path, int] = field(default_factory=dict)
    # File -> its workspace's root, when several workspaces are rendered at once: a
    # journey names the segments and channels of its own workspace only.
    roots: Mapping[Path, Path | None] = field(default_factory=dict)
    # Journey id -> what the exports say about it (render/measuring.py); a journey not
    # listed gets no "Measured" section.
    measured: Mapping[str, JourneyData] = field(default_factory=dict)
    linted: bool = True  # False with --no-lint: the reports say nothing was checked overdue
    paper: str = "A4"  # what `page-pdf` prints on (formats.PAPERS)
    progress: Progress | None = field(default=None, compare=False)  # hears each diagram laid out


@dataclass(frozen=True, slots=True)
class Artifact:
    name: str  # file name inside the output directory
    data: bytes


@dataclass(slots=True)
class _Library:
    """The segments (sorted by id), channel names and evidence of one workspace."""

    segments: list[Segment] = field(default_factory=list)
    channels: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)

    @property
    def names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.segments}


@dataclass(slots=True)
class _Item:
    journey: Journey
    base: str
    findings: list[Diagnostic]
    review_every_days: int  # the configured interval, for a journey that sets none
    library: _Library  # of the journey's own workspace
    measured: MeasuredSection | None = None  # the "Measured" section, when exports feed it
    dots: dict[str, str] = field(default_factory=dict)  # view -> DOT source


def _libraries(workspace: Workspace, roots: Mapping[Path, Path | None]) -> dict[object, _Library]:
    """Workspace root -> its library: a file not in `roots` shares the one of None."""
    libraries: dict[object, _Library] = {}
    for file, _, segment in workspace.segments():
        libraries.setdefault(roots.get(file.path), _Library()).segments.append(segment)
    for file, _, channel in workspace.channels():
        libraries.setdefault(roots.get(file.path), _Library()).channels[channel.id] = channel.name
    for file, _, item in workspace.evidence():
        libraries.setdefault(roots.get(file.path), _Library()).evidence[item.id] = item
    for library in libraries.values():
        library.segments.sort(key=lambda s: s.id)
    return libraries


def _items(workspace: Workspace, findings: list[Diagnostic], options: RenderOptions) -> list[_Item]:
    segment = options.segment
    libraries = _libraries(workspace, options.roots)
    by_file: dict[str, list[Diagnostic]] = {}
    for finding in findings:
        by_file.setdefault(finding.path.as_posix(), []).append(finding)
    pairs: list[tuple[SourceFile, Journey]] = sorted(workspace.journeys(), key=lambda fj: fj[1].id)
    items: list[_Item] = []
    seen: dict[str, SourceFile] = {}
    for file, journey in pairs:
        if journey.id in seen:  # two workspaces rendered at once may both use an id
            raise UsageError(
                f"journey id `{journey.id}` is used in both {seen[journey.id].path.as_posix()} "
                f"and {file.path.as_posix()}; their output files would collide, so render "
                "them separately"
            )
        seen[journey.id] = file
        if segment is not None:
            if segment not in journey.segments:
                continue
            journey = for_segment(journey, segment)
        base = base_name(journey.id, segment)
        every = options.review_every_days.get(file.path, DEFAULT_REVIEW_EVERY_DAYS)
        library = libraries.get(options.roots.get(file.path)) or _Library()
        found = by_file.get(file.path.as_posix(), [])
        items.append(_Item(journey, base, found, every, library, _section(journey, options)))
    return items


def _section(journey: Journey, options: RenderOptions) -> MeasuredSection | None:
    data = options.measured.get(journey.id)
    if data is None:
        return None
    from csjourney.render.measuredfacts import measured_section

    return measured_section(journey, data, options.segment)


class LayoutFailed(engines.EngineError):
    """The engine rejected some diagrams: they are named, `artifacts` is all the rest."""

    def __init__(self, errors: list[engines.EngineError], artifacts: list[Artifact]) -> None:
        listed = "\n".join(f"  {error}" for error in errors)
        count = f"{len(errors)} diagram{'' if len(errors) == 1 else 's'}"
        super().__init__(f"{count} could not be laid out; the other files were written:\n{listed}")
        self.artifacts = artifacts


def render_workspace(
    workspace: Workspace, findings: list[Diagnostic], options: RenderOptions
) -> list[Artifact]:
    """All output files, sorted by name. `findings` are the lint diagnostics to show.

    LayoutFailed when the engine rejects a diagram: it carries every other file.
    """
    formats = set(options.formats)
    printer = _printer() if PAGE_PDF in formats else None  # what to install, before any work
    pages_wanted = "html" in formats or PAGE_PDF in formats
    segments = sorted((s for _, _, s in workspace.segments()), key=lambda s: s.id)
    items = _items(workspace, findings, options)
    engine = options.engine
    layout = [f for f in LAYOUT_FORMATS if f in formats and engine and f in engine.formats]
    # DOT only for what uses it: .dot files, pictures, and the SVG the pages embed.
    wants_dot = "dot" in formats or (engine is not None and bool(layout or pages_wanted))
    artifacts: list[Artifact] = []
    jobs: list[tuple[str, layouts.Job]] = []  # (artifact name or "" for HTML only, job)
    inline: dict[tuple[str, str], int] = {}  # (base, view) -> index of its SVG job
    # Each graph is handed to the engine once built: it is laid out while the next is built.
    session = layouts.Layouts(engine, options.progress) if engine is not None else None
    with session or contextlib.nullcontext():
        for item in items if wants_dot else ():
            for view in options.views:
                first = len(jobs)
                build = VIEWS[view].build.load()
                item.dots[view] = source = build(
                    item.journey, item.library.names, item.library.channels, item.library.evidence
                )
                if "dot" in formats:
                    artifacts.append(Artifact(f"{item.base}.{view}.dot", source.encode()))
                name = f"the {view} view of {item.base}"
                svg_job = None
                for fmt in layout:
                    svg_job = len(jobs) if fmt == "svg" else svg_job
                    jobs.append(
                        (f"{item.base}.{view}.{fmt}", layouts.Job(f"{name} ({fmt})", source, fmt))
                    )
                if pages_wanted and engine is not None:
                    if svg_job is None:  # the page needs the SVG even when no .svg file is asked
                        svg_job = len(jobs)
                        jobs.append(("", layouts.Job(f"{name} (svg)", source, "svg")))
                    inline[item.base, view] = svg_job
                if session is not None and len(jobs) > first:
                    session.add([job for _, job in jobs[first:]])
        outputs = session.results() if session is not None and jobs else []
    errors: list[engines.EngineError] = []
    for (name, _), data in zip(jobs, outputs, strict=True):
        if isinstance(data, engines.EngineError):
            errors.append(data)
        elif name:
            artifacts.append(Artifact(name, data))
    written = {a.name for a in artifacts}
    if "md" in formats or "mermaid" in formats:
        artifacts.extend(_markdown(items, options, written))
    if pages_wanted:
        svgs = {
            key: data.decode("utf-8")
            for key, index in inline.items()
            if isinstance(data := outputs[index], bytes)
        }
        pages = _html(items, workspace, findings, segments, options, svgs, written)
        if "html" in formats:
            artifacts.extend(pages)
        if printer is not None:
            artifacts.extend(_printed(items, pages, printer[0], options.paper))
    artifacts.sort(key=lambda a: a.name)
    if errors:
        raise LayoutFailed(errors, artifacts)
    return artifacts


def _printer() -> tuple[str | None]:
    """The Chromium `page-pdf` prints with (None: Playwright's own), in a tuple so
    that "no system Chromium" is not "no PDF"; a usage error when there is none."""
    from csjourney.render.pdf import require_chromium

    return (require_chromium(),)


def _printed(
    items: list[_Item], pages: list[Artifact], executable: str | None, paper: str
) -> list[Artifact]:
    """`J.pdf`: each journey's page (not the index) as Chromium prints it on `paper`."""
    from csjourney.render.pdf import print_pages

    by_name = {page.name: page.data.decode("utf-8") for page in pages}
    html = [by_name[f"{item.base}.html"] for item in items]
    data = print_pages(html, executable, paper)
    return [Artifact(f"{item.base}.pdf", pdf) for item, pdf in zip(items, data, strict=True)]


def _pictures(base: str, views: tuple[str, ...], written: set[str]) -> dict[str, str]:
    """View -> the best picture file of it written beside the reports."""
    pictures = {}
    for view in views:
        for fmt in ("svg", "png", "pdf"):
            if f"{base}.{view}.{fmt}" in written:
                pictures[view] = f"{base}.{view}.{fmt}"
                break
    return pictures


def _markdown(items: list[_Item], options: RenderOptions, written: set[str]) -> list[Artifact]:
    from csjourney.render.markdown import journey_markdown
    from csjourney.render.mermaid import mermaid_journey

    out = []
    for item in items:
        if "md" in options.formats:
            pictures = {
                VIEWS[view].title: name
                for view, name in _pictures(item.base, options.views, written).items()
                if not name.endswith(".pdf")
            }
            used = [s for s in item.library.segments if s.id in item.journey.segments]
            text = journey_markdown(
                item.journey,
                used,
                item.library.channels,
                item.findings,
                pictures,
                item.review_every_days,
                item.measured,
                item.library.evidence,
                options.linted,
            )
            out.append(Artifact(f"{item.base}.md", text.encode()))
        if "mermaid" in options.formats:
            out.append(
                Artifact(
                    f"{item.base}.mmd", mermaid_journey(item.journey, item.library.names).encode()
                )
            )
    return out


def _html(
    items: list[_Item],
    workspace: Workspace,
    findings: list[Diagnostic],
    segments: list[Segment],
    options: RenderOptions,
    svgs: dict[tuple[str, str], str],
    written: set[str],
) -> list[Artifact]:
    from csjourney.render.html import Page, index_page, journey_page

    pages = [
        Page(
            journey=item.journey,
            file_name=f"{item.base}.html",
            findings=item.findings,
            diagrams={
                view: svgs[item.base, view] for view in options.views if (item.base, view) in svgs
            },
            pictures=_pictures(item.base, options.views, written),
            review_every_days=item.review_every_days,
            measured=item.measured,
            evidence=item.library.evidence,
            linted=options.linted,
        )
        for item in items
    ]
    out = [
        Artifact(
            p.file_name, journey_page(p, i.library.segments, i.library.channels, INDEX).encode()
        )
        for p, i in zip(pages, items, strict=True)
    ]
    journey_files = {f.path.as_posix() for f, _ in workspace.journeys()}
    others = [d for d in findings if d.path.as_posix() not in journey_files]
    out.append(Artifact(INDEX, index_page(pages, segments, others, options.segment).encode()))
    return out

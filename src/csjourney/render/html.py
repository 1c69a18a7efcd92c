"""The HTML report: `index.html` over all journeys and one page per journey.

Pages are self-contained: CSS, the Graphviz diagrams and the charts are
inline, and a Content-Security-Policy forbids scripts and every request, so
a page opened from a mail attachment or a CI artifact behaves the same as
one on disk. User text only ever reaches the page through Jinja2 with
autoescape on; the Graphviz SVG is inlined after Graphviz escaped its text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from csjourney import domain
from csjourney.config import DEFAULT_REVIEW_EVERY_DAYS
from csjourney.diagnostics import Diagnostic
from csjourney.model import Evidence, Journey, Segment
from csjourney.render import charts, escape, facts, goalfacts, headline, measuredfacts, style
from csjourney.render.views import VIEWS

if TYPE_CHECKING:
    from jinja2 import Environment

    from csjourney.render.measuredfacts import MeasuredSection


@dataclass(frozen=True, slots=True)
class Page:
    """One journey as the HTML report shows it."""

    journey: Journey
    file_name: str  # the page's own file name
    findings: list[Diagnostic]
    diagrams: dict[str, str]  # view -> Graphviz SVG, empty without an engine
    pictures: dict[str, str]  # view -> file name of an SVG/PNG/PDF written beside the page
    review_every_days: int = DEFAULT_REVIEW_EVERY_DAYS  # the workspace's configured interval
    measured: MeasuredSection | None = None  # the "Measured" section, when exports feed it
    evidence: Mapping[str, Evidence] = field(default_factory=dict)  # of its workspace, by id
    linted: bool = True  # False with --no-lint: the health line checked nothing overdue


@functools.cache
def _environment() -> Environment:
    """One environment per process: compiling the templates is the slow part."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("csjourney.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(style=style, facts=facts, domain=domain, goalfacts=goalfacts)
    env.filters["message"] = escape.html_message  # `code` in a message becomes <code>
    env.filters["figure"] = measuredfacts.figure  # a measured number, one decimal
    return env


_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_ID = re.compile(r'\bid="')
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_POINTS = re.compile(r'(<svg\b[^>]*?\b(?:width|height)="[0-9.]+)pt"')


def inline_svg(svg: str, prefix: str, label: str) -> Any:
    """Graphviz SVG ready to sit inside HTML: no XML prolog or comments, ids
    prefixed so that two diagrams on a page cannot clash, and an accessible name."""
    from markupsafe import Markup, escape

    body = _COMMENT.sub("", _PROLOG.sub("", svg, count=1))
    body = _ID.sub(f'id="{prefix}-', body)
    # Sized in pixels rather than points: Graphviz's 11 pt text then reads as
    # 11 px body-sized text, and a nine-stage map fits a laptop screen better.
    body = _POINTS.sub(r'\1"', _POINTS.sub(r'\1"', body, count=1), count=1)
    opening = f'<svg role="img" aria-label="{escape(label)}" class="diagram"'
    return Markup(body.replace("<svg", opening, 1))


def _severity_counts(findings: list[Diagnostic]) -> dict[str, int]:
    counts = Counter(d.severity.label for d in findings)
    return {label: counts[label] for label in ("error", "warning", "info")}


def _summary(journey: Journey) -> dict[str, Any]:
    rows = facts.metric_rows(journey)
    statuses = Counter(r.status for r in rows)
    pains = Counter(p.severity for s in journey.stages for p in s.pain_points)
    initiatives = Counter(i.status for s in journey.stages for i in s.initiatives)
    return {
        "stages": len(journey.stages),
        "touchpoints": sum(len(s.touchpoints) for s in journey.stages),
        "pains": pains,
        "pain_total": sum(pains.values()),
        "initiatives": initiatives,
        "initiative_total": sum(initiatives.values()),
        "metrics": statuses,
        "metric_total": len(rows),
    }


def journey_page(
    page: Page, segments: list[Segment], channels: dict[str, str], index_name: str
) -> str:
    from markupsafe import Markup

    journey = page.journey
    refs = facts.links(journey)
    report = goalfacts.report_facts(journey, page.evidence)
    pains = sorted(
        ((s, p) for s in journey.stages for p in s.pain_points),
        key=lambda sp: style.SEVERITY_ORDER[sp[1].severity],
    )
    by_status = {
        status: [(s, i) for s in journey.stages for i in s.initiatives if i.status == status]
        for status in style.STATUSES
    }
    diagrams = {
        view: inline_svg(svg, view, f"{VIEWS[view].title} of {journey.title}")
        for view, svg in page.diagrams.items()
    }
    # In registry order; a caption is our own text, written as it is (`customer's`).
    views = [(name, view.title, Markup(view.caption)) for name, view in VIEWS.items()]
    return (
        _environment()
        .get_template("journey.html.j2")
        .render(
            journey=journey,
            segments=segments,
            channels=channels,
            refs=refs,
            summary=_summary(journey),
            diagrams=diagrams,
            views=views,
            pictures=page.pictures,
            curve=charts.emotion_curve(journey),
            metrics=[(fact, charts.sparkline(fact.metric)) for fact in report.metrics],
            goals=report.goals,
            evidence=report.evidence,
            cited={e.evidence.id: e for e in report.evidence},
            health=headline.health(
                journey, report, page.findings, page.review_every_days, page.linted
            ),
            pains=pains,
            by_status=by_status,
            findings=page.findings,
            finding_counts=_severity_counts(page.findings),
            review_due=domain.next_review_text(journey, page.review_every_days),
            index_name=index_name,
            measured=page.measured,
        )
    )


def index_page(
    pages: list[Page],
    segments: list[Segment],
    other_findings: list[Diagnostic],
    segment: str | None,
) -> str:
    covered = {(s, p.file_name) for p in pages for s in p.journey.segments}
    rows = []
    for page in pages:
        summary = _summary(page.journey)
        total = summary["metric_total"] or 1
        bar = [
            (status, summary["metrics"][status], round(100 * summary["metrics"][status] / total, 1))
            for status in style.METRIC_STATUS
        ]
        top = headline.headline(
            page.journey, page.evidence, page.findings, page.review_every_days, page.linted
        )
        rows.append(
            {
                "page": page,
                "summary": summary,
                "bar": bar,
                "counts": _severity_counts(page.findings),
                "headline": top,
                "sparks": {m.metric.id: charts.sparkline(m.metric) for m in top.metrics},
            }
        )
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            rows=rows,
            segments=segments,
            covered=covered,
            other_findings=other_findings,
            segment=segment,
        )
    )

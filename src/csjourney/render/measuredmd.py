"""The "Measured" section of the Markdown report, from render/measuredfacts.py.

GitHub Markdown has no bars, so the funnel's bar is drawn with block characters in its
own column (`█` per 5% of the busiest stage, `▏` for a stage with a few visits): plain
text that survives any renderer, copy and paste, and a terminal. All user text (stage
names, the log's unmapped stage values, metric names and units) goes through the
report's escaping (render/escape.py).
"""

from __future__ import annotations

from csjourney.render.escape import md_cell, md_code, md_inline, md_message
from csjourney.render.markdown import table
from csjourney.render.measuredfacts import MeasuredSection, figure
from csjourney.render.style import METRIC_STATUS

BAR_WIDTH = 20  # characters for the busiest stage
_METRIC_HEADER = (
    "Metric", "Where", "Measured", "Answers", "Margin (95%)", "Target", "Current (map)", "Status",
)  # fmt: skip
_MARK = {"on-target": "✅", "off-target": "❌", "no-target": "·", "no-data": "·"}


def bar(percent: float) -> str:
    """`percent` of BAR_WIDTH in full blocks; a stage with any visit shows at least `▏`."""
    full = round(percent / 100 * BAR_WIDTH)
    return "█" * full if full else ("▏" if percent > 0 else "")


def _funnel(section: MeasuredSection) -> list[str]:
    rows = []
    for i, s in enumerate(section.stages):
        last = i == len(section.stages) - 1
        skipped = figure(s.skipped) + (" ⚠️" if s.often_skipped else "")
        rows.append(
            [
                f"{s.number}. {md_cell(s.name)}",
                f"`{bar(s.bar)}`" if s.visits else " ",
                figure(s.visits),
                figure(s.accounts),
                "last stage" if last else figure(s.conversion, "%"),
                figure(s.backward),
                figure(s.open),
                figure(s.median_days),
                figure(s.p90_days),
                skipped,
            ]
        )
    header = [
        "Stage", "Funnel", "Visits", "Accounts", "Move on", "Back", "Open",
        "Median days", "p90 days", "Skipped",
    ]  # fmt: skip
    return table(header, rows, "llrrrrrrrr")


def _observations(section: MeasuredSection) -> list[str]:
    out = []
    if section.completion is not None:
        out.append(
            f"- **{figure(section.completion, '%')}** of the accounts entering the first "
            "stage reached the last."
        )
    for stage, visits in section.unmapped:
        plural = "" if visits == 1 else "s"
        out.append(f"- Not on the map: {md_code(stage)}, {figure(visits)} visit{plural}.")
    out.extend(f"- Nobody entered: {md_inline(name)}." for name in section.unvisited)
    return [*out, ""] if out else []


def measured_markdown(section: MeasuredSection) -> list[str]:
    """The section's lines, from its `## Measured` heading to a blank line."""
    read = ", ".join(md_code(source) for source in section.sources)
    left = section.excluded
    out = [
        "## Measured",
        "",
        f"What customers did and said from {section.window} (whole days, UTC), read from {read}."
        + (
            f" {figure(left)} row{'s' if left != 1 else ''} with a data problem "
            f"{'were' if left != 1 else 'was'} left out (`csjourney measure` lists them)."
            if left
            else ""
        ),
        "",
    ]
    if not section.has_data:
        return [
            *out,
            "_No data for this journey in the window: the stage history and the survey "
            "answers name none of its stages or metrics._",
            "",
        ]
    if section.events:
        out += ["### Funnel", ""]
        out += _funnel(section)
        out += [
            "Visits: accounts entering the stage in the window (the bar is relative to the "
            "busiest stage). Move on: visits whose next stage is a later one. Days: time to "
            "the next stage, for visits that have one. Skipped: visits of earlier stages whose "
            "next stage is past this one.",
            "",
        ]
        out += _observations(section)
    if section.metrics:
        out += ["### Bound metrics", ""]
        out += table(
            _METRIC_HEADER,
            [
                [
                    md_cell(m.name),
                    md_cell(m.where),
                    md_cell(m.measured),
                    figure(m.n) + (" ⚠️ few" if m.small_sample else ""),
                    m.margin or "—",
                    md_cell(m.target),
                    md_cell(m.current),
                    f"{_MARK[m.status]} {METRIC_STATUS[m.status][1]}",
                ]
                for m in section.metrics
            ],
            "llrrrrrl",
        )
    if section.findings:
        out += ["### What the data says about the map", ""]
        out += table(
            ["Severity", "Code", "Line", "Finding"],
            [
                [d.severity.label, md_code(d.code), str(d.line), md_message(d.message)]
                for d in section.findings
            ],
            "llrl",
        )
    return out

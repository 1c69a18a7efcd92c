"""The goals band of the map view: the journey's goals, each with its metrics
and whether each is on target, above the stage grid.

A goal is measured by metrics of any stage or of the whole journey, so the band
is where journey-level figures (NRR, churn) show on the map; journey-level
metrics that no goal cites follow in a card of their own. Each metric reads as
its status in words and colour, its figures, and `SOURCE_MARK` with the kind of
evidence when it has a source; its tooltip says everything (mapmarks). The band
is the first row of the first band's grid, at most `GOALS_PER_ROW` cards wide.
"""

from __future__ import annotations

from csjourney.render import labels as lb
from csjourney.render.goalfacts import GoalFact, MetricFact, ReportFacts
from csjourney.render.mapmarks import metric_tip, source_line
from csjourney.render.style import LANE_FILL, LINE, METRIC_STATUS, MUTED, SMALL, SOURCE_MARK

GOALS_PER_ROW = 4
CARD_WIDTH = 400  # points: a bit over two stage columns
NAME_WRAP = 56  # of a goal's name, at 11 pt bold
METRIC_WRAP = 40  # of a metric's name, at 10 pt


def goals_row(facts: ReportFacts, columns: int, column_width: int) -> str:
    """The band as the first row of a grid of `columns` stage columns, or "" when
    there is nothing to show. Being a row of the grid, it is exactly as wide."""
    cited = {i for goal in facts.goals for i in goal.goal.metrics}
    loose = [m for m in facts.journey_metrics if m.metric.id not in cited]
    cards = [_goal_card(goal) for goal in facts.goals]
    if loose:
        loose_rows = _metric_rows(loose, "map-journey-metric-")
        cards.append(_card("JOURNEY METRICS", "not tied to a goal", loose_rows, None))
    if not cards:
        return ""
    # As many cards to a row as the stage columns hold, so a short map is not widened.
    per_row = max(1, min(GOALS_PER_ROW, columns * column_width // CARD_WIDTH))
    rows = []
    for start in range(0, len(cards), per_row):
        chunk = [lb.cell(c, valign="TOP", width=CARD_WIDTH) for c in cards[start:][:per_row]]
        # Empty cells keep each card its share of the row, however few goals there are.
        chunk += [lb.cell("", width=CARD_WIDTH)] * (per_row - len(chunk))
        rows.append(lb.row(*chunk))
    label = lb.cell(lb.text("Goals", bold=True), fill=LANE_FILL, valign="TOP")
    grid = lb.table(rows, cellspacing=6, cellpadding=0)
    return lb.row(label, lb.cell(grid, fill="#ffffff", valign="TOP", colspan=columns))


def _goal_card(listed: GoalFact) -> str:
    goal = listed.goal
    fact = GoalFact(goal, list({m.metric.id: m for m in listed.metrics}.values()))  # each once
    if fact.with_target:
        tally = f"{fact.on_target} of {fact.with_target} on target"
    else:
        tally = "no metric with a target and a value" if fact.metrics else "no metric yet"
    metrics = fact.metrics
    tip = goal.name + (f" \u00b7 {goal.description}" if goal.description else "")
    rows = _metric_rows(metrics, f"map-goal-{goal.id}-")
    return _card("GOAL", tally, rows, (goal.name, tip, f"map-goal-{goal.id}"))


def _card(kind: str, tally: str, metric_rows: list[str], name: tuple[str, str, str] | None) -> str:
    """A card: `kind` and `tally`, then `name` (text, tooltip, id) when given, then metrics."""
    heading = lb.text(kind, size=SMALL, bold=True, color=MUTED) + lb.text(
        f"   {tally}", size=SMALL, color=MUTED
    )
    rows = [lb.row(lb.cell(heading))]
    if name:
        text, tip, anchor = name
        shown = lb.text(text, width=NAME_WRAP, bold=True)
        rows.append(lb.row(lb.cell(shown, id=lb.attribute(anchor), **lb.tooltip(tip))))
    rows.extend(metric_rows)
    return lb.table(rows, cellspacing=2, cellpadding=3, border=1, color=LINE, bgcolor="#ffffff")


def _metric_rows(metrics: list[MetricFact], id_prefix: str) -> list[str]:
    """One row per metric: status, name, figures, source; the row's tooltip has it all."""
    rows = []
    for fact in metrics:
        colour, words = METRIC_STATUS[fact.row.status]
        metric = fact.metric
        figures = fact.value(metric.current)
        if metric.target is not None:
            figures += f" / target {fact.value(metric.target)}"
        status = lb.text(words.upper(), size=SMALL - 1, bold=True, color=colour)
        body = lb.lines(
            status + lb.text(f"   {figures}", width=METRIC_WRAP, size=10, bold=True, color=colour),
            lb.text(metric.name, width=METRIC_WRAP, size=10),
            source_mark(fact),
        )
        attributes = lb.tooltip(metric_tip(fact, where=True))
        attributes["id"] = lb.attribute(f"{id_prefix}{metric.id}")
        rows.append(lb.row(lb.cell(body, **attributes)))
    if not rows:
        rows.append(lb.row(lb.cell(lb.text("No metric measures it yet.", size=10, color=MUTED))))
    return rows


def source_mark(fact: MetricFact) -> str:
    """`◆ Survey, 2026-09-30, n = 618` in small print, or "" for a figure without a source."""
    if fact.source is None:
        return ""
    return lb.text(f"{SOURCE_MARK} {source_line(fact)}", width=48, size=SMALL - 1, color=MUTED)

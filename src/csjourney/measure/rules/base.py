"""What a measure finding is, and what it sees: a measured workspace and the options.

A finding names the data path of the map item it is about (a stage, the journey, a
metric); `csjourney.measure.findings` turns the path into a position, as the linter
does for lint findings, so the two kinds of findings read and locate the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from csjourney.lint.rule import Documented, Finding, Loc
from csjourney.model import Metric, Stage
from csjourney.structure import items_of

if TYPE_CHECKING:
    from csjourney.config import MeasureOptions
    from csjourney.measure.run import JourneyMeasure, Measured
    from csjourney.measure.types import StageRow, Window
    from csjourney.model import Journey
    from csjourney.workspace import SourceFile


class MeasureRule(Documented):
    """A finding about the measured journey; its docstring documents it (see Documented)."""

    def check(self, ctx: MeasureContext) -> Iterator[Finding]:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class StageFunnel:
    """A stage of a measured journey with its overall funnel row, and the stage before it."""

    file: SourceFile
    journey: Journey
    loc: Loc
    stage: Stage
    row: StageRow
    previous: tuple[Stage, StageRow] | None


@dataclass(frozen=True, slots=True)
class MeasureContext:
    measured: Measured
    options: MeasureOptions
    # A stage value after `[measure.events] stages` -> the values of the file mapped to it.
    mapped_from: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def window(self) -> str:
        return window_text(self.measured.window)

    def journeys(self) -> Iterator[JourneyMeasure]:
        return iter(self.measured.journeys)

    def stages(self) -> Iterator[StageFunnel]:
        """Each stage of each journey with a stage history, in journey order.

        None when no row of the history could be used (every file unreadable or every
        row bad): the data problems say so, and "nobody took this stage" would be a guess.
        """
        events = self.measured.events
        if events is None or events.rows_read == events.rows_excluded:
            return
        for measure in self.measured.journeys:
            if measure.funnel is None:
                continue
            overall = {row.id: row for row in measure.funnel.stages if row.segment is None}
            previous: tuple[Stage, StageRow] | None = None
            for node, stage in items_of(measure.journey, Stage):
                row = overall.get(stage.id)
                if row is None:  # not measured: no row to judge, and none to follow
                    previous = None
                    continue
                yield StageFunnel(measure.file, measure.journey, node.loc, stage, row, previous)
                previous = (stage, row)

    def metrics(self) -> Iterator[tuple[JourneyMeasure, Loc, Metric]]:
        """Every metric of every measured journey, bound or not: the journey's, then by stage."""
        for measure in self.measured.journeys:
            for node, metric in items_of(measure.journey, Metric):
                yield measure, node.loc, metric


def window_text(window: Window) -> str:
    """`from 2026-09-02 to 2026-11-30`: the window as a message says it."""
    since, until = window.since, window.until
    if since and until:
        return f"from {since} to {until}"
    if since or until:
        return f"from {since}" if since else f"up to {until}"
    return "at any time"


def counted(count: int, noun: str) -> str:
    """`1 visit`, `1,204 visits`."""
    from csjourney.domain import number_text

    return f"{number_text(count)} {noun}{'' if count == 1 else 's'}"


def percent_text(value: float) -> str:
    from csjourney.domain import number_text

    return f"{number_text(value)}%"

"""The plain data `measure` takes and returns: options in, funnels and problems out.

Nothing here imports Ibis or DuckDB, so a CLI or a reporter can build the inputs and read
the results without paying for the engine. Field names are the JSON report's names
(docs/measure.md); numbers are unrounded, and a statistic with nothing to count is None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

#: The logical columns of a stage history, and the ones a file may leave out.
EVENT_COLUMNS: tuple[str, ...] = ("account_id", "stage", "timestamp", "journey", "segment")
REQUIRED_EVENT_COLUMNS: tuple[str, ...] = ("account_id", "stage", "timestamp")


@dataclass(frozen=True)
class EventSource:
    """Where the stage history is and how to read it.

    `paths` are files or glob patterns (CSV, Parquet or JSON lines, by extension:
    .csv, .parquet/.pq, .jsonl/.ndjson/.json). `columns` maps a logical column
    (EVENT_COLUMNS) to the file's column name; unmapped ones keep their own name.
    `stages` maps a stage value in the file to a stage id; unmapped values stay as they are.
    `table` names a table or view of the backend to read as well (instead of exporting it):
    its columns map the same way, and its problems are located by its name.
    """

    paths: Sequence[str] = ()
    columns: Mapping[str, str] = field(default_factory=dict)
    stages: Mapping[str, str] = field(default_factory=dict)
    table: str | None = None


@dataclass(frozen=True)
class JourneyStages:
    """A journey's id and its stage ids in journey order."""

    id: str
    stages: Sequence[str]


@dataclass(frozen=True)
class Window:
    """Inclusive whole UTC days; None leaves that side open."""

    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong with the input, located as precisely as it can be.

    `row` is the data row's number in its file, counting from 1 and not counting a CSV
    header (for JSON lines, the record's number); None when the problem is the whole file
    or column. `count` is how many rows the problem stands for (1 for a single row).
    """

    file: str
    row: int | None
    column: str | None
    message: str
    code: str
    count: int = 1


@dataclass(frozen=True)
class StageRow:
    """A stage's funnel, overall (`segment` None) or for one segment."""

    id: str
    segment: str | None
    visits: int
    accounts: int
    to_next: int
    forward: int
    backward: int
    open: int
    skipped: int
    conversion: float | None
    median_days: float | None
    p90_days: float | None


@dataclass(frozen=True)
class UnmappedStage:
    """A stage value in the log that is no stage of the journey, with its visits."""

    stage: str
    visits: int


@dataclass(frozen=True)
class JourneyCompletion:
    """Accounts entering the first stage in the window, and those later reaching the last.

    `conversion` = reached / accounts * 100 (None without accounts): the journey-level
    conversion a journey's metric takes. `segment` None for everybody.
    """

    segment: str | None
    accounts: int
    reached: int
    conversion: float | None


@dataclass(frozen=True)
class JourneyFunnel:
    """A journey's stages in journey order (overall row first, then segments, by name).

    `completion` is the journey as a whole: the overall row first, then each segment.
    """

    id: str
    stages: tuple[StageRow, ...]
    unmapped: tuple[UnmappedStage, ...]
    unvisited: tuple[str, ...]
    completion: tuple[JourneyCompletion, ...]


@dataclass(frozen=True)
class EventsMeasurement:
    """Everything `measure_events` found: funnels, and what was wrong with the data.

    `rows_read` counts every data row of every file read; `rows_excluded` those left out
    for a problem (each excluded row is counted once, whatever its number of problems).
    """

    window: Window
    journeys: tuple[JourneyFunnel, ...]
    problems: tuple[DataProblem, ...]
    rows_read: int
    rows_excluded: int


#: The logical columns of a survey export, the ones a file may not leave out, and the
#: scale of each survey type (whole numbers from low to high, both included).
RESPONSE_COLUMNS: tuple[str, ...] = (
    "respondent_id", "date", "type", "score",
    "journey", "stage", "touchpoint", "segment", "account_id",
)  # fmt: skip
REQUIRED_RESPONSE_COLUMNS: tuple[str, ...] = ("respondent_id", "date", "type", "score")
SCALES: Mapping[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


@dataclass(frozen=True)
class ResponseSource:
    """Where the survey responses are: files or globs, a table, columns mapped as EventSource's."""

    paths: Sequence[str] = ()
    columns: Mapping[str, str] = field(default_factory=dict)
    table: str | None = None


@dataclass(frozen=True)
class Selection:
    """Which answers a survey metric takes.

    `type` is `nps`, `csat` or `ces` (None: every type, for a count of `responses` only).
    `stage`, `touchpoint` and `segment` narrow the journey's answers when given.
    """

    journey: str
    type: str | None = None
    stage: str | None = None
    touchpoint: str | None = None
    segment: str | None = None


@dataclass(frozen=True)
class SurveyScore:
    """A selection's answers in the window: `n`, the score and its 95% margin of error.

    `score` and `margin` are None without answers (or without a type); `margin` is also
    None for CES with one answer (a sample standard deviation needs two). `responses` = n.
    """

    selection: Selection
    n: int
    score: float | None
    margin: float | None

    @property
    def responses(self) -> int:
        return self.n


@dataclass(frozen=True)
class ResponsesMeasurement:
    """One SurveyScore per selection, in order, and what was wrong with the data."""

    window: Window
    scores: tuple[SurveyScore, ...]
    problems: tuple[DataProblem, ...]
    rows_read: int
    rows_excluded: int

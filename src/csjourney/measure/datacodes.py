"""The stable codes of the problems `measure` finds in the data it reads (CSJ4xx).

One entry per kind of problem the engine reports (`DataProblem.code`): its code, name,
summary and explanation. `csjourney rule CSJ406`, SARIF and docs/errors.md read the
entries; the report turns a problem into a diagnostic with `DATA_CODES`. They are
always errors: a bad row is left out of the numbers, and the run says so. Never
renumber: users pin codes in CI. Only the standard library and diagnostics here.
"""

from __future__ import annotations

from dataclasses import dataclass

from csjourney.diagnostics import Severity


@dataclass(frozen=True, slots=True)
class DataCode:
    code: str
    name: str  # unique among all codes' names (`csjourney rule NAME`)
    summary: str
    explanation: str  # Markdown: what it means, an example, how to fix
    kind: str = ""  # the engine's `DataProblem.code`, when it differs from the name
    severity: Severity = Severity.ERROR


_EXCLUDED = "The rows it concerns are left out of every number, and counted."


def _text(means: str, example: str, fix: str, rows: bool = True) -> str:
    shown = [f"```csv\n{example.strip()}\n```\n"] if example else []
    parts = [
        _fill(f"**What it means:** {means}" + (f" {_EXCLUDED}" if rows else "")),
        *shown,
        _fill(f"**How to fix:** {fix}"),
    ]
    return "\n".join(parts)


def _fill(paragraph: str) -> str:
    """Lines of at most 78 characters, as the other entries of docs/errors.md."""
    import textwrap

    return textwrap.fill(paragraph, 78, break_long_words=False, break_on_hyphens=False) + "\n"


ENTRIES: tuple[DataCode, ...] = (
    DataCode(
        "CSJ400",
        "data-problem",
        "A problem with the data this release has no code of its own for.",
        _text(
            "a stage history or survey export has a problem of a kind this release "
            "does not know by name (a newer engine reported it). The message says what.",
            "",
            "follow the message; upgrading csjourney gives the problem its own code.",
            rows=False,
        ),
    ),
    DataCode(
        "CSJ401",
        "unreadable-data-file",  # unreadable-file is CSJ012, a map's
        "A data file cannot be parsed (a malformed CSV line, a damaged Parquet file).",
        _text(
            "the file could not be read at all: the reader's own message is given, and "
            "for a malformed CSV line, its row. The whole file is left out.",
            'account_id,stage,timestamp\nacme,onboarding,"2026-11-02',
            "repair or export the file again; a CSV line must have as many values as "
            "the header, and a quote must be closed on the same line.",
            rows=False,
        ),
        kind="unreadable-file",
    ),
    DataCode(
        "CSJ402",
        "empty-data-file",  # empty-file is CSJ007, a map's
        "A data file is empty: not even a header row.",
        _text(
            "the file has no bytes, so it has no columns to read.",
            "",
            "export the data again, or remove the file from `path` in `[measure.events]` "
            "or `[measure.responses]`.",
            rows=False,
        ),
        kind="empty-file",
    ),
    DataCode(
        "CSJ403",
        "missing-column",
        "A data file lacks a required column (after the column mapping).",
        _text(
            "a stage history needs `account_id`, `stage` and `timestamp`; a survey "
            "export `respondent_id`, `date`, `type` and `score`. One is missing, so the "
            "whole file is left out.",
            "account_id,stage,entered_at\nacme,onboarding,2026-11-02",
            "map the file's own column name in `[measure.events] columns = "
            '{timestamp = "entered_at"}` (or `[measure.responses] columns`), or rename the '
            "column in the export.",
            rows=False,
        ),
    ),
    DataCode(
        "CSJ404",
        "bad-column-type",
        "A Parquet column holds values of a type it cannot hold (numbers for a timestamp).",
        _text(
            "in a Parquet file, a column's type is fixed: the timestamp or date column "
            "holds neither timestamps nor text, so no row of the file can be read.",
            "",
            "export the column as a timestamp, a date, or ISO 8601 text.",
            rows=False,
        ),
    ),
    DataCode(
        "CSJ405",
        "missing-value",
        "A row has no value in a required column.",
        _text(
            "a row has an empty account, stage or timestamp (in a survey export: "
            "respondent, date, type or score). Spaces alone count as empty.",
            "account_id,stage,timestamp\nacme,,2026-11-02",
            "fill in the value in the source system and export again, or drop the row.",
        ),
    ),
    DataCode(
        "CSJ406",
        "bad-timestamp",
        "A row's timestamp is not an ISO 8601 date or time.",
        _text(
            "the value (quoted in the message) cannot be read as a date or time. "
            "Timestamps are ISO 8601: `2026-11-02`, `2026-11-02T09:30:00Z` or "
            "`2026-11-02 09:30:00+02:00`; a value without an offset is UTC.",
            "account_id,stage,timestamp\nacme,onboarding,02/11/2026",
            "export timestamps in ISO 8601 (most tools offer it); `02/11/2026` is "
            "ambiguous, `2026-11-02` is not.",
        ),
    ),
    DataCode(
        "CSJ407",
        "unknown-journey",
        "Rows name a journey the workspace does not have, or none when one is needed.",
        _text(
            "the rows' `journey` value is no journey id of the maps measured, or the "
            "workspace has several journeys and the rows name none. One problem per file "
            "and value, at its first row, with the number of rows.",
            "account_id,stage,timestamp,journey\nacme,onboarding,2026-11-02,b2b-sas",
            "correct the journey value, add a `journey` column, or set `journey` on the "
            'input in csjourney.toml (`[[measure.events]]` with `journey = "b2b-saas"`).',
        ),
    ),
    DataCode(
        "CSJ408",
        "no-files",
        "A path or glob of a data input matches no file.",
        _text(
            "a `path` of `[measure.events]` or `[measure.responses]` names no file, or a "
            "glob (`exports/*.csv`) matches none. Paths are relative to the config's folder.",
            "",
            "correct the path, or export the data there first.",
            rows=False,
        ),
    ),
    DataCode(
        "CSJ409",
        "bad-date",
        "A survey answer's date is not an ISO 8601 date or time.",
        _text(
            "the value (quoted) cannot be read as a date: dates are ISO 8601, "
            "`2026-11-02` or a date and time.",
            "respondent_id,date,type,score\nr1,Nov 2 2026,nps,9",
            "export dates in ISO 8601.",
        ),
    ),
    DataCode(
        "CSJ410",
        "unknown-type",
        "A survey answer's type is not `nps`, `csat` or `ces`.",
        _text(
            "each answer says which survey it answers; the value (quoted) is none of "
            "the three csjourney scores. Case and spaces around it do not matter.",
            "respondent_id,date,type,score\nr1,2026-11-02,promoter,9",
            "write `nps`, `csat` or `ces`, or leave other surveys out of the export.",
        ),
    ),
    DataCode(
        "CSJ411",
        "bad-score",
        "A survey answer's score is not a number.",
        _text(
            "the score (quoted) is text, not a number.",
            "respondent_id,date,type,score\nr1,2026-11-02,csat,very good",
            "export the numeric answer, not its label.",
        ),
    ),
    DataCode(
        "CSJ412",
        "score-out-of-scale",
        "A survey answer's score is not a whole number on its type's scale.",
        _text(
            "NPS answers are 0 to 10, CSAT 1 to 5 and CES 1 to 7, whole numbers (`4.0` "
            "is 4, `4.5` is out). The value is quoted.",
            "respondent_id,date,type,score\nr1,2026-11-02,csat,9",
            "check the row's type (a 9 is an NPS answer), or the survey's scale: a 1-10 "
            "CSAT is not the CSAT csjourney scores.",
        ),
    ),
)

OTHER = ENTRIES[0]
OTHER_DATA_CODE = OTHER.code  # a kind this release does not know yet: still an error
#: The engine's kind of problem -> its entry.
BY_KIND: dict[str, DataCode] = {entry.kind or entry.name: entry for entry in ENTRIES[1:]}
#: The engine's kind of problem -> its code.
DATA_CODES: dict[str, str] = {kind: entry.code for kind, entry in BY_KIND.items()}
_BY_KEY = {
    **{entry.code: entry for entry in ENTRIES},
    **{entry.name: entry for entry in ENTRIES},
}


def data_code(kind: str) -> DataCode:
    """The entry of the engine's kind of problem; CSJ400 for a kind without its own."""
    return BY_KIND.get(kind, OTHER)


def find_data_code(key: str) -> DataCode | None:
    """A data code by its code (any case) or its name."""
    key = key.strip()
    return _BY_KEY.get(key.upper()) or _BY_KEY.get(key.lower())

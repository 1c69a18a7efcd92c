"""`csjourney measure --update`: write the measured values into the maps, then say what changed.

For every bound metric with a value, its map gets `current` (the value, rounded as
`written_value` says), `measured` (the window's last day) and a `history` point of
that day, replacing a point of the same day. The edits are text edits
(csjourney.measure.mapedit): comments, blank lines, quoting, line endings and the
file's layout stay as they were. Before a file is written the result must parse to
exactly the data intended, keep every comment, validate, and still be in fmt's
layout if the file was; a file failing any of these is left alone and reported.
Files with errors are never touched, and a file whose text does not change is not
written (a second run with the same data writes nothing). The semantic diff of the
changes is `csjourney diff`'s, computed on the texts in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diff.output import Comparison
    from csjourney.measure.run import Measured, MetricValue
    from csjourney.workspace import SourceFile

# Statistics that count things: written as whole numbers. Everything else (percentages,
# scores, days) is written to one decimal place, a whole number without its `.0`.
COUNT_STATISTICS = frozenset({"visits", "accounts", "responses"})
DECIMALS = 1
OLD_LABEL, NEW_LABEL = "maps", "measured"  # the two sides, as the diff's first line names them


@dataclass(frozen=True)
class FileUpdate:
    path: Path  # as the run displays it
    before: str
    after: str
    metrics: tuple[str, ...]  # the ids of the metrics whose values changed, in file order


@dataclass(frozen=True)
class UpdateResult:
    files: tuple[FileUpdate, ...]  # the files whose text changed (written, unless dry run)
    refused: tuple[tuple[Path, str], ...]  # files that needed a change and were left alone
    comparison: Comparison = field(repr=False)  # the maps before and after, by id

    def diff(self, output_format: str = "text") -> str:
        """The semantic diff in one of `csjourney diff`'s formats (text, markdown, json)."""
        from csjourney.diff.formats import DIFF_FORMATS

        return DIFF_FORMATS[output_format].load()(self.comparison)

    def changes(self) -> list[dict[str, object]]:
        """Each change as `csjourney diff --format json` lists it, for a JSON report."""
        from dataclasses import asdict

        return [asdict(change) for change in self.comparison.changes]


def written_value(statistic: str, value: float) -> int | float:
    """The number a map gets: counts whole, the rest to one decimal (63.8, not 63.84615).

    Halves round up, away from zero, on the number as Python prints it (4.25 is 4.3),
    as a person would round it, not to even on its binary value (Python's `round`).
    """
    from decimal import ROUND_HALF_UP, Decimal

    places = Decimal(1) if statistic in COUNT_STATISTICS else Decimal(1).scaleb(-DECIMALS)
    rounded = Decimal(repr(value)).quantize(places, rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def update_maps(
    measured: Measured, report: Report | None = None, *, write: bool = True
) -> UpdateResult:
    """Write each measured value into its map; `write=False` changes nothing on disk.

    `report` is the run the measurement came from: a file it found structural errors
    in, and standard input, are never written (files with structural errors are not
    measured at all; this holds when a file broke after it was measured too).
    """
    day = measured.window.until
    if day is None:
        raise ValueError("--update needs the window's last day")
    barred = _barred(report)
    by_file: dict[Path, tuple[SourceFile, list[MetricValue]]] = {}
    for journey in measured.journeys:
        values = [v for v in journey.values if v.value is not None]
        if values:
            entry = by_file.setdefault(journey.file.path, (journey.file, []))
            entry[1].extend(values)
    files, refused = [], []
    for path, (source, values) in by_file.items():
        if path in barred:
            refused.append((path, barred[path]))
            continue
        try:
            update = _update_file(source, values, day)
        except _Refused as refusal:
            refused.append((path, str(refusal)))
            continue
        if update is None:
            continue
        if write:
            problem = _write(update)
            if problem is not None:
                refused.append((path, problem))
                continue
        files.append(update)
    return UpdateResult(tuple(files), tuple(refused), _comparison(files, measured))


def _barred(report: Report | None) -> dict[Path, str]:
    """The files never to write: those with structural errors, and standard input.

    Findings of `measure` itself (a metric off target, even as an error) bar nothing:
    they are what the update records."""
    if report is None:
        return {}
    from csjourney.diagnostics import STRUCTURAL_CODES, Severity

    structural = {info.code for info in STRUCTURAL_CODES.values()}
    barred = {path: "it has errors" for path in report.workspace.broken}
    for d in report.diagnostics:
        if d.severity is Severity.ERROR and d.code in structural:
            barred[d.path] = "it has errors"
    if report.stdin is not None:
        barred[report.stdin] = "standard input cannot be written back"
    return barred


class _Refused(Exception):
    pass


def _update_file(
    source: SourceFile, values: Iterable[MetricValue], day: dt.date
) -> FileUpdate | None:
    from csjourney.measure.mapedit import EditError, set_key, set_point
    from csjourney.structure import kind_at
    from csjourney.yamlsource import YamlProblem, build

    before = source.text or source.path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    expected = build(before).data
    text, changed = before, []
    for value in values:
        kind = kind_at(value.loc)
        binding = value.metric.measure
        assert kind is not None and binding is not None and value.value is not None
        number = written_value(binding.statistic, value.value)
        metric = _at(expected, value.loc)
        edited = text
        try:
            for key, new in _fields(metric, number, day):
                edited = set_key(edited, value.loc, key, new, kind.keys)
            if _point_differs(metric, number, day):
                edited = set_point(edited, value.loc, day, number, kind.keys)
        except EditError as error:
            raise _Refused(f"cannot update metric {value.metric.id}: {error}") from None
        except YamlProblem as error:  # an anchor's value replaced: its aliases break
            raise _Refused(
                f"cannot update metric {value.metric.id}: the map would not parse ({error})"
            ) from None
        if edited != text:
            _apply(metric, number, day)
            text = edited
            changed.append(value.metric.id)
    if text == before:
        return None
    _verify(source.path, before, text, expected)
    return FileUpdate(source.path, before, text, tuple(changed))


def _at(data: Any, loc: tuple[str | int, ...]) -> dict[str, Any]:
    for part in loc:
        data = data[part]
    assert isinstance(data, dict)
    return data


def _same(old: object, new: object) -> bool:
    if isinstance(new, dt.date):
        return str(old) == new.isoformat()  # a date written as quoted text reads the same
    return isinstance(old, int | float) and not isinstance(old, bool) and old == new


def _moves_forward(metric: dict[str, Any], day: dt.date) -> bool:
    """A window ending before the metric's `measured` (a backfill) only adds history."""
    last = metric.get("measured")
    return not isinstance(last, dt.date) or last <= day


def _fields(metric: dict[str, Any], number: float, day: dt.date) -> list[tuple[str, object]]:
    if not _moves_forward(metric, day):
        return []
    wanted: list[tuple[str, object]] = [("current", number), ("measured", day)]
    return [(key, new) for key, new in wanted if not _same(metric.get(key), new)]


def _point_differs(metric: dict[str, Any], number: float, day: dt.date) -> bool:
    points = metric.get("history") or []
    same_day = [p for p in points if isinstance(p, dict) and _same(p.get("date"), day)]
    return not same_day or not _same(same_day[0].get("value"), number)


def _apply(metric: dict[str, Any], number: float, day: dt.date) -> None:
    """The same change on the data, which the edited text must read back as."""
    for key, new in _fields(metric, number, day):
        metric[key] = new
    points = [p for p in metric.get("history") or [] if not _same(p.get("date"), day)]
    points.append({"date": day, "value": number})
    metric["history"] = sorted(points, key=lambda p: str(p.get("date")))


def _verify(path: Path, before: str, after: str, expected: object) -> None:
    from csjourney.fmt.comments import inventory
    from csjourney.yamlsource import YamlProblem, build

    report = "; please report this file as a bug"
    try:
        same = build(after).data == expected
    except YamlProblem:
        same = False
    if not same:  # an edit inside an anchored value changes its aliases too
        raise _Refused(
            "the edit would change more than the measured values (a value shared with"
            " `&anchor` and `*alias`?); update this map by hand"
        )
    if inventory(after) != inventory(before):
        raise _Refused("the edit would lose or repeat a comment" + report)
    if _loaded(path, after)[1]:
        raise _Refused("the measured values would not validate" + report)
    if _formatted(before) and not _formatted(after):
        raise _Refused("the edited map would not be in fmt's layout" + report)


def _formatted(text: str) -> bool:
    from csjourney.fmt.formatter import FormatError, format_text

    try:
        return format_text(text) == text
    except FormatError:
        return False


def _loaded(path: Path, text: str) -> tuple[SourceFile | None, list[Any]]:
    """The text as a checked file (model and source map), and its structural errors."""
    from csjourney.loader import LoadedFile
    from csjourney.validation import validate_file
    from csjourney.workspace import SourceFile
    from csjourney.yamlsource import build

    document = build(text)
    loaded = LoadedFile(path, document.data, document.source, text=text)
    model, errors = validate_file(loaded)
    return (None if model is None else SourceFile(path, model, document.source, text)), errors


def _write(update: FileUpdate) -> str | None:
    from csjourney.fsutil import WriteRefused, rewrite_file

    try:
        now = update.path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        if now != update.before:  # rewrite_file checks again, right before it writes
            return "the file changed since it was measured"
        rewrite_file(update.path, update.after, expected=update.before)
    except (WriteRefused, OSError) as error:
        return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return None


def _comparison(files: Iterable[FileUpdate], measured: Measured) -> Comparison:
    from csjourney.diff.changes import compare
    from csjourney.diff.output import Comparison
    from csjourney.diff.sides import Side

    base = Path.cwd().resolve()
    old = Side(OLD_LABEL, base)
    new = Side(f"{NEW_LABEL} {measured.window.until}", base)
    for update in files:
        for side, text in ((old, update.before), (new, update.after)):
            source, _ = _loaded(update.path, text)
            assert source is not None  # both sides validated: the run's, and _verify's
            side.files.append((update.path, source))
    return Comparison(old, new, compare(old, new))

"""Small files that ask for a lot of work: many unknown keys, ids, references, comments.

Each must finish with bounded memory (tracemalloc, a generous bound, as in
test_hostile_input.py) and report the per-file cap of findings plus one line
with the exact count of the rest. 'Did you mean' hints are looked for only for
the first findings of a file and among the candidates nearest the word, and
suppression comments are looked up by line: before that, several of these
cases took minutes (each unknown reference compared with every id).
"""

from __future__ import annotations

import datetime as dt
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from csjourney.core import Options, run
from csjourney.diagnostics import MAX_FINDINGS_PER_FILE

N = 10_000
PEAK_BYTES_LIMIT = 200 * 1024 * 1024
HEAD = "csjourney: 1\nsegments:\n  - {id: smb, name: Small business}\n"


def _journey(journey_keys: str, stages: str) -> str:
    return (
        HEAD + "journey:\n  id: j\n  title: J\n  segments: [smb]\n  reviewed: 2026-11-01\n"
        + journey_keys + "  stages:\n" + stages
    )  # fmt: skip


def _stage(body: str) -> str:
    return "    - id: onboarding\n      name: Onboarding\n      exit_criteria: Set up\n" + body


def _touchpoints(line: Callable[[int], str], count: int = N) -> str:
    return "      touchpoints:\n" + "".join(f"        - {line(i)}\n" for i in range(count))


def _touchpoint(id_: str, channel: str = "email") -> str:
    return f"{{id: {id_}, name: T, channel: {channel}, owner: o}}"


SUPPRESSED_STAGE = (
    "    # csjourney: ignore[stage-missing-touchpoint] later\n    - {{id: s{}, name: S}}\n"
)


# name: (file text, lint on?, the code that floods, how many of it)
CASES: dict[str, tuple[str, bool, str, int]] = {
    "unknown-keys": (_journey("".join(f"  key{i}: 1\n" for i in range(N)), _stage("")),
                     False, "CSJ101", N),
    "unknown-keys-like-known-ones": (
        _journey("".join(f"  stagez{i}: 1\n" for i in range(N)), _stage("")), False, "CSJ101", N,
    ),
    "unknown-references-among-many-ids": (
        _journey("", _stage(
            _touchpoints(lambda i: _touchpoint(f"t{i}"))
            + "      pain_points:\n        - id: p\n          name: P\n          touchpoints: ["
            + ", ".join(f"x{i}" for i in range(N)) + "]\n")),
        False, "CSJ121", N,
    ),
    "unknown-channels": (
        _journey("", _stage(_touchpoints(lambda i: _touchpoint(f"t{i}", f"c{i}")))),
        False, "CSJ123", N,
    ),
    "duplicate-ids": (
        _journey("", _stage(_touchpoints(lambda i: _touchpoint("t")))),
        False, "CSJ120", N - 1,
    ),
    "malformed-ids": (
        _journey("", _stage(_touchpoints(lambda i: _touchpoint(f"T{i}")))),
        False, "CSJ107", N,
    ),
    "suppression-comments": (
        _journey("", "".join(SUPPRESSED_STAGE.format(i) for i in range(N // 2))),
        True, "CSJ202", N // 2,  # the suppressed CSJ201 are gone; CSJ202/203 stay
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_pathological_file_is_bounded_and_counted(name: str, tmp_path: Path) -> None:
    text, lint, code, count = CASES[name]
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")

    tracemalloc.start()
    try:
        report = run([path], Options(lint=lint, today=dt.date(2026, 11, 28)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < PEAK_BYTES_LIMIT
    shown = [d for d in report.diagnostics if d.code != "CSJ014"]
    more = [d for d in report.diagnostics if d.code == "CSJ014"]
    assert len(shown) == MAX_FINDINGS_PER_FILE
    assert len(more) == 1
    assert "CSJ201" not in {d.code for d in report.diagnostics}
    # The line counts every finding left out, so no check stopped early.
    counted = re.match(r"([\d,]+) more", more[0].message)
    assert counted, more[0].message
    left_out = int(counted[1].replace(",", ""))
    flooding = sum(1 for d in shown if d.code == code)
    others = len(shown) - flooding
    assert left_out + flooding >= count
    if not lint:
        assert left_out + flooding == count and others == 0

"""fmt keeps a metric's `measure` written `{from: ..., statistic: ...}` on its key's line, in
canonical key order, while the line fits and no comment sits inside; otherwise, and when it
was written as a block, as a block."""

from __future__ import annotations

import pytest

from csjourney.fmt.formatter import format_text

LIMIT = 100
HEAD = (
    "csjourney: 1\njourney:\n  id: j\n  title: J\n  segments: [s]\n  stages:\n"
    "    - id: onboarding\n      name: Onboarding\n      touchpoints:\n"
    "        - {{id: {touchpoint}, name: T, channel: email}}\n      metrics:\n"
    "        - id: m\n          name: M\n          type: csat\n"
)
TAIL = "segments:\n  - {id: s, name: S}\n"
INDENT = " " * 10


def _map(measure: str, touchpoint: str = "kickoff") -> str:
    return HEAD.format(touchpoint=touchpoint) + measure + TAIL


def test_a_short_measure_stays_one_line_in_canonical_order() -> None:
    out = format_text(_map(INDENT + "measure: {statistic: csat, from: responses}\n"))
    assert INDENT + "measure: {from: responses, statistic: csat}\n" in out, out


def test_a_measure_written_as_a_block_stays_a_block_in_canonical_order() -> None:
    written = (
        INDENT + "measure:\n" + INDENT + "  statistic: csat\n" + INDENT + "  from: responses\n"
    )
    out = format_text(_map(written))
    block = INDENT + "measure:\n" + INDENT + "  from: responses\n" + INDENT + "  statistic: csat\n"
    assert block in out, out
    assert format_text(out) == out


@pytest.mark.parametrize(("length", "flow"), [(LIMIT, True), (LIMIT + 1, False)])
def test_a_measure_at_the_line_limit(length: int, flow: bool) -> None:
    start = INDENT + "measure: {from: responses, statistic: csat, touchpoint: "
    touchpoint = "t" * (length - len(start) - 1)
    one_line = start + touchpoint + "}"
    assert len(one_line) == length
    out = format_text(_map(one_line + "\n", touchpoint))
    assert (one_line + "\n" in out) is flow, out
    assert (INDENT + "  touchpoint: " + touchpoint + "\n" in out) is not flow, out


def test_a_comment_inside_keeps_the_block() -> None:
    written = (
        INDENT + "measure:\n" + INDENT + "  from: responses  # the Q3 survey\n"
        + INDENT + "  statistic: csat\n"
    )  # fmt: skip
    out = format_text(_map(written))
    assert "from: responses  # the Q3 survey\n" in out, out
    assert "measure: {" not in out


def test_a_comment_between_the_key_and_the_record_keeps_the_block() -> None:
    written = (
        INDENT + "measure:\n" + INDENT + "# which data feeds it\n"
        + INDENT + "  statistic: csat\n" + INDENT + "  from: responses\n"
    )  # fmt: skip
    out = format_text(_map(written))
    assert "# which data feeds it\n" in out, out
    assert "measure: {" not in out

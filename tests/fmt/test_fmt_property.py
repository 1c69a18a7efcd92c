"""Property: whatever the layout of a valid map (key order, indentation, list
style, quoting, blank lines, comments), `fmt` keeps its data and every comment,
and formatting the result again changes nothing."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from csjourney.fmt.canonical import Verdict, verdict
from csjourney.fmt.comments import inventory
from csjourney.fmt.formatter import FormatError, format_text
from csjourney.yamlsource import build
from fmt.yamlwriter import write
from fuzzsupport import CARELESS, HOSTILE_KINDS, mutations
from fuzzsupport import SOURCES as FUZZ_SOURCES

SOURCES = sorted(EXAMPLES.rglob("*.yaml"))
DATA = [build(path.read_text(encoding="utf-8")).data for path in SOURCES]
DAMAGE = (*CARELESS, *HOSTILE_KINDS)


def test_the_sources_are_real_maps() -> None:
    assert len(DATA) >= 5
    assert all(isinstance(data, dict) and data.get("csjourney") == 1 for data in DATA)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(range(len(DATA))))
def test_fmt_keeps_data_and_comments_of_any_layout(data: Any, index: int) -> None:
    original = DATA[index]
    text, comments = write(data.draw, original)
    # The mutated text really is the same map, with the comments we put in.
    assert build(text).data == original
    assert inventory(text) == Counter(comments)

    formatted = format_text(text)

    assert build(formatted).data == original
    assert inventory(formatted) == Counter(comments)
    assert format_text(formatted) == formatted


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_prover_agrees_with_the_formatter_on_damaged_maps(data: Any) -> None:
    """The fuzz corpus's damage (`fuzzsupport`): `canonical.verdict` is never contradicted."""
    source = data.draw(st.sampled_from(FUZZ_SOURCES))
    lines = (source.workspace / source.file).read_bytes().splitlines(keepends=True)
    for mutate in data.draw(st.lists(mutations(len(lines), DAMAGE), min_size=1, max_size=3)):
        lines = mutate(lines)
    try:
        text = b"".join(lines).decode("utf-8")
    except UnicodeDecodeError:
        return  # not a text: never formatted
    told = verdict(text)
    event(f"verdict {told.name}")
    if told is not Verdict.UNKNOWN:
        try:
            result = format_text(text)
        except FormatError as error:
            raise AssertionError(f"{told.name}, but the formatter refuses: {error}") from None
        assert (result == text) == (told is Verdict.CANONICAL), told

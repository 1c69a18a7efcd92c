"""fmt's line-length boundary for `[a, b]` id lists: a list whose line is exactly the
limit stays on one line, one character more is written one id per line, at every depth
and whichever style the list was written in."""

from __future__ import annotations

import pytest

from csjourney.fmt.formatter import format_text

LIMIT = 100  # the columns docs/workflow.md promises; fmt.layout.FLOW_LINE_LIMIT holds it
# (where the list sits, the indent of its key, the text that wraps it)
PLACES = {
    "journey segments": (
        2, "csjourney: 1\njourney:\n  id: j\n{line}\n",
    ),
    "stage segments": (
        6, "csjourney: 1\njourney:\n  id: j\n  stages:\n    - id: s\n{line}\n",
    ),
    "pain point touchpoints": (
        10,
        "csjourney: 1\njourney:\n  id: j\n  stages:\n    - id: s\n      pain_points:\n"
        "        - id: p\n{line}\n",
    ),
}  # fmt: skip


def _ids(indent: int, key: str, length: int) -> list[str]:
    """Ids whose `key: [...]` line at `indent` is exactly `length` characters long."""
    room = length - indent - len(f"{key}: []")
    ids: list[str] = []
    while room > 12:
        ids.append(f"id-{len(ids):05d}")  # 8 characters and ", "
        room -= 10
    ids.append("x" * room)
    return ids


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(("length", "flow"), [(LIMIT - 1, True), (LIMIT, True), (LIMIT + 1, False)])
@pytest.mark.parametrize("written", ["flow", "block"])
def test_an_id_list_at_the_limit_stays_on_one_line(
    place: str, length: int, flow: bool, written: str
) -> None:
    indent, template = PLACES[place]
    key = place.split()[-1]
    ids = _ids(indent, key, length)
    one_line = " " * indent + f"{key}: [{', '.join(ids)}]"
    assert len(one_line) == length
    one_per_line = "\n".join(
        [" " * indent + f"{key}:", *(" " * (indent + 2) + f"- {i}" for i in ids)]
    )
    text = template.format(line=one_line if written == "flow" else one_per_line)
    out = format_text(text)
    assert (one_line + "\n" in out) is flow, out
    assert (one_per_line + "\n" in out) is not flow, out

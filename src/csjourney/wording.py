"""How messages name things: `Name (id)`, and a metric type as people say it.

Lint findings, structural messages and reports all go through here, so an item
reads the same wherever it is named. Ids a user must type stay as code
(`improves: [ent-nps]`); this module is for the prose around them ("a" or
"an" before a word is `values.with_article`). Only the standard library is
imported: the CLI loads it on every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.model import Initiative

# A name longer than this is cut in messages (a message is one line in a terminal).
NAME_WIDTH = 60

# Metric types said as letters; the rest are words (`activation`, `churn`).
_ACRONYM_TYPES = frozenset({"nps", "csat", "ces", "nrr", "grr"})


def named(name: str | None, item_id: str) -> str:
    """`Executive meetings (ent-exec-meetings)`: the name people know, the id to find it.

    The name is put on one line and cut past NAME_WIDTH characters; with no
    name, or a name that is the id itself, just the id.
    """
    text = " ".join((name or "").split())
    if not text or text == item_id:
        return item_id
    if len(text) > NAME_WIDTH:
        text = text[: NAME_WIDTH - 1].rstrip() + "…"
    return f"{text} ({item_id})"


def metric_type_word(type_name: str) -> str:
    """A metric type as people say it: `NPS`, `CSAT`, `activation`."""
    return type_name.upper() if type_name in _ACRONYM_TYPES else type_name


def plan_hint(metric_id: str, initiatives: list[Initiative]) -> str:
    """What to do about a metric off its target: check the initiatives on it, or add one."""
    if initiatives:
        # "initiative" in front: a name is often a verb phrase ("Step the discount down").
        kind = "initiative" if len(initiatives) == 1 else "initiatives"
        names = ", ".join(named(i.name, i.id) for i in initiatives)
        return f"check that {kind} {names} will close the gap, or revisit the target"
    return f"add an initiative with `improves: [{metric_id}]`, or revisit the target"

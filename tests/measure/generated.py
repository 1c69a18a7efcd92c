"""A generated stage history with every kind of move, from a fixed seed.

Accounts walk a journey of six stages: mostly to the next stage, sometimes jumping ahead,
going back, stopping, or passing through a stage the journey does not have. Times are
whole hours (so one account's events often tie) written in three ways: naive (UTC),
with `Z`, or with an offset. The rows are shuffled, so a tie is decided by file order.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

from measure.measuresupport import Event

STAGES = ("s0", "s1", "s2", "s3", "s4", "s5")
UNMAPPED = ("Legacy review", "trial-extension")
SEGMENTS = ("ent", "mid", "smb")
START = datetime(2024, 1, 1, tzinfo=UTC)


def _stamp(moment: datetime, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return moment.replace(tzinfo=None).isoformat()
    if style == 1:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    offset = timezone(timedelta(hours=rng.choice((-5, 2, 9)), minutes=rng.choice((0, 30))))
    return moment.astimezone(offset).isoformat()


def generate(accounts: int, seed: int = 11) -> list[Event]:
    rng = random.Random(seed)
    events: list[Event] = []
    for n in range(accounts):
        account = f"acct-{n:05d}"
        segment: str | None = rng.choice((*SEGMENTS, None))
        moment = START + timedelta(hours=rng.randrange(24 * 120))
        pos = 0 if rng.random() < 0.8 else rng.randrange(len(STAGES))
        for _ in range(rng.randrange(1, 9)):
            events.append((account, STAGES[pos], _stamp(moment, rng), segment))
            if rng.random() < 0.08:
                segment = rng.choice(SEGMENTS)  # the account moves to another segment
            if rng.random() < 0.1:
                moment += timedelta(hours=rng.randrange(48))
                events.append((account, rng.choice(UNMAPPED), _stamp(moment, rng), segment))
            moment += timedelta(hours=0 if rng.random() < 0.1 else rng.randrange(1, 24 * 15))
            roll = rng.random()
            if roll < 0.12:
                break
            if roll < 0.22 and pos > 0:
                pos = rng.randrange(pos)
            elif roll < 0.35 and pos < len(STAGES) - 2:
                pos = rng.randrange(pos + 2, len(STAGES))
            elif pos < len(STAGES) - 1:
                pos += 1
            else:
                break
    rng.shuffle(events)
    return events

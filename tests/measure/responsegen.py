"""A generated survey export with a fixed seed: every type, stages, touchpoints, segments."""

from __future__ import annotations

import random
from datetime import date, timedelta

from csjourney.measure.types import SCALES
from measure.responsesupport import Answer

STAGES = ("onboarding", "adoption", "renewal", None)
TOUCHPOINTS = ("kickoff", "training", "qbr", None)
SEGMENTS = ("smb", "enterprise", None)
FIRST_DAY = date(2024, 1, 1)


def generate(count: int, seed: int) -> list[Answer]:
    rng = random.Random(seed)
    answers: list[Answer] = []
    for i in range(count):
        kind = rng.choice(list(SCALES))
        low, high = SCALES[kind]
        day = FIRST_DAY + timedelta(days=rng.randrange(120))
        answers.append(
            (
                f"r{i}",
                day.isoformat(),
                kind,
                str(rng.randint(low, high)),
                rng.choice(STAGES),
                rng.choice(TOUCHPOINTS),
                rng.choice(SEGMENTS),
            )
        )
    return answers

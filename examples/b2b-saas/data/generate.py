"""Write the example workspace's exports: a stage history and survey responses.

    .venv/bin/python examples/b2b-saas/data/generate.py [--out DIR]

Made up, but following the maps as real exports follow a map that was roughly right:
each bound metric (with a `measure:` binding) shapes the data it is measured from, so
`csjourney measure --today 2026-11-30` (the demo's 90-day window) finds it near its
`current`, a little better or worse (a seeded drift). `conversion`, `backward` and
`median-days` set a stage's chances to move on and back and its time in it (lognormal),
corrected for the export ending with the window (late visits are still open, and only
their short stays are timed); `nps`, `csat` and `ces` set the scores of the answers
they select (NPS: a relationship survey of every customer each quarter; CSAT, CES: at
each touchpoint of a visit). The rest is plausible defaults: thousands of accounts over
a year, skips, backward moves, open visits, stage names the maps lack
("trial-extension", "win-back"), background answers. Seeded: every run writes the same
bytes. Standard library only, besides the YAML reader csjourney depends on.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist

HERE = Path(__file__).resolve().parent
WORKSPACE = HERE.parent
SEED = 20261201
START = dt.datetime(2025, 12, 1, tzinfo=dt.UTC)  # accounts arrive steadily from here
END = dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC)  # the export's date
WINDOW = 90.0  # days: `measure`'s default window, which the calibration aims at
DAY = dt.timedelta(days=1)
NORMAL = NormalDist()
Stay = tuple[str, dt.datetime, dt.datetime | None]  # stage, entered, left (None: still there)
Stays = dict[str, list[tuple[str, list[Stay]]]]  # journey id -> (account, its stays)

# journey id -> (accounts, default median days in a stage, default chance to move on,
# survey response rate)
JOURNEYS = {
    "smb-digital-cs": (4200, 6.0, 0.74, 0.3),
    "mid-market-scaled-cs": (1000, 12.0, 0.8, 0.35),
    "enterprise-named-csm": (450, 22.0, 0.86, 0.5),
}
CUSTOMER_FROM = 3  # stages from the fourth on are after the purchase: customers answer
UNMAPPED = {"decision": "trial-extension", "renewal": "win-back"}  # a step inside a stage
BACK, SKIP = 0.04, 0.08  # chance to go back a stage; share of moves forward that skip one
SIGMA, SIGMA_TIMED = 0.8, 0.4  # lognormal spread of time in stage: default, median-days set
# how far a metric's data drifts from its `current`: points, or a share for durations
DRIFT = {"conversion": 2.5, "backward": 1, "median-days": 0.1, "nps": 5, "csat": 2.5, "ces": 0.25}
DEFAULT_SCORE = {"nps": 30.0, "csat": 84.0, "ces": 5.0}
LOW = {"nps": 0, "csat": 1, "ces": 1}


@dataclass(frozen=True)
class Bound:
    stage: str | None  # None: a journey-level metric
    id: str
    statistic: str
    current: float
    touchpoint: str | None
    segment: str | None


@dataclass
class Journey:
    id: str
    segment: str
    stages: list[str]
    touchpoints: dict[str, list[str]]
    bound: list[Bound]
    # per stage: median days, lognormal sigma, chance forward, chance back
    model: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


def _journeys() -> list[Journey]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    found = []
    for path in sorted((WORKSPACE / "journeys").glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"))["journey"]
        owned = [(None, m) for m in raw.get("metrics", [])]
        owned += [(s["id"], m) for s in raw["stages"] for m in s.get("metrics", [])]
        bound = [
            Bound(stage, m["id"], m["measure"]["statistic"], float(m["current"]),
                  m["measure"].get("touchpoint"), m["measure"].get("segment"))
            for stage, m in owned
            if m.get("measure") and m.get("current") is not None
        ]  # fmt: skip
        stages = [s["id"] for s in raw["stages"]]
        touchpoints = {s["id"]: [t["id"] for t in s.get("touchpoints", [])] for s in raw["stages"]}
        found.append(Journey(raw["id"], raw["segments"][0], stages, touchpoints, bound))
    return found


def _aim(journey: str, bound: Bound) -> float:
    """The value the data is shaped for: the map's `current`, drifted a little, seeded."""
    rng = random.Random(f"{SEED}/{journey}/{bound.id}")
    drift = rng.choice((-1, 1)) * rng.uniform(0.3, 1.0) * DRIFT.get(bound.statistic, 0.0)
    if bound.statistic == "median-days":
        return bound.current * (1 + drift)
    bottom, top = {"nps": (-95.0, 95.0), "ces": (1.1, 6.9)}.get(bound.statistic, (0.5, 99.0))
    return min(top, max(bottom, bound.current + drift))


# Censoring: a visit at time v in the window is followed by its next event only if that
# comes before the export's end, so with L = END - v spread evenly over the window, the
# timed stays are T < L: a share (1/W)∫F(l)dl of the visits, distributed as f(t)(1-t/W).
def _censored(median: float, sigma: float, steps: int = 360) -> tuple[float, float]:
    """(share of visits timed, measured median of their stays) for a lognormal stage."""
    h = WINDOW / steps
    xs = [i * h for i in range(steps + 1)]
    cdf = [0.0] + [NORMAL.cdf(math.log(x / median) / sigma) for x in xs[1:]]
    area, mass = 0.0, [0.0]  # mass(x) = F(x)(1-x/W) + (1/W)∫0^x F
    for i in range(1, steps + 1):
        area += (cdf[i] + cdf[i - 1]) / 2 * h
        mass.append(cdf[i] * (1 - xs[i] / WINDOW) + area / WINDOW)
    half = mass[-1] / 2
    i = next(i for i in range(1, steps + 1) if mass[i] >= half)
    return area / WINDOW, xs[i - 1] + (half - mass[i - 1]) / (mass[i] - mass[i - 1]) * h


def _median_for(measured: float, sigma: float) -> float:
    """The stage's true median whose censored median is `measured` (bisection)."""
    low, high = measured / 2, measured * 20
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (mid, high) if _censored(mid, sigma)[1] < measured else (low, mid)
    return (low + high) / 2


def _model(journey: Journey) -> None:
    _, days, move_on, _ = JOURNEYS[journey.id]
    aims = {(b.stage, b.statistic): _aim(journey.id, b) for b in journey.bound}
    for stage in journey.stages:
        median, sigma = days, SIGMA
        if (stage, "median-days") in aims:
            sigma = SIGMA_TIMED
            median = _median_for(aims[stage, "median-days"], sigma)
        timed = _censored(median, sigma)[0]
        back = aims.get((stage, "backward"), BACK * 100 * timed) / 100 / timed
        forward = aims.get((stage, "conversion"), move_on * 100 * timed) / 100 / timed
        journey.model[stage] = (median, sigma, min(forward, 0.98 - back), back)


class Balanced:
    """Draws that keep close to fixed shares over any run (error diffusion: each draw
    picks at random among the outcomes still owed). Accounts are walked as they arrive,
    so a window's moves and answers land near their shares: the drift is the story."""

    def __init__(self, rng: random.Random, weights: list[float]) -> None:
        total = sum(weights)
        self.rng, self.shares = rng, [w / total for w in weights]
        self.owed = [0.0] * len(weights)

    def draw(self) -> int:
        self.owed = [o + s for o, s in zip(self.owed, self.shares, strict=True)]
        pick = self.rng.choices(range(len(self.owed)), [max(o, 0.0) for o in self.owed])[0]
        self.owed[pick] -= 1
        return pick


class Strata:
    """Uniform draws, one from each of `size` equal slices per run of `size` draws."""

    def __init__(self, rng: random.Random, size: int = 8) -> None:
        self.rng, self.size, self.left = rng, size, list[int]()

    def draw(self) -> float:
        if not self.left:
            self.left = self.rng.sample(range(self.size), self.size)
        return (self.left.pop() + self.rng.random()) / self.size


def _account(
    rng: random.Random,
    journey: Journey,
    start: dt.datetime,
    moves: dict[str, Balanced],
    days: dict[str, Strata],
) -> list[Stay]:
    """One account's stays, in the order it goes through them."""
    stays: list[Stay] = []
    index, when = 0, start
    while when <= END and len(stays) < 3 * len(journey.stages):
        stage = journey.stages[index]
        median, sigma, _, _ = journey.model[stage]
        left = when + DAY * median * math.exp(sigma * NORMAL.inv_cdf(days[stage].draw()))
        move = 2 if index == len(journey.stages) - 1 else moves[stage].draw()
        stays.append((stage, when, left if move < 2 and left <= END else None))
        if move == 2:
            break  # stays here: lost, or done; an open visit
        if move == 1:
            index -= 1  # back a stage (a stalled onboarding, a reopened deal)
        elif rng.random() < SKIP and index + 2 < len(journey.stages):
            index += 2
        else:
            index += 1
        when = left
    return stays


def stage_history(rng: random.Random, journeys: list[Journey]) -> tuple[list[list[str]], Stays]:
    rows: list[list[str]] = []
    stays: Stays = {}
    span = (END - START).total_seconds()
    for journey in journeys:
        _model(journey)
        moves: dict[str, Balanced] = {}  # per stage: forward, back, stay
        days: dict[str, Strata] = {}
        for index, (stage, (_, _, forward, back)) in enumerate(journey.model.items()):
            back = back if index else 0.0
            moves[stage] = Balanced(rng, [forward, back, 1 - forward - back])
            days[stage] = Strata(rng)
        starts = sorted(rng.uniform(0, span) for _ in range(JOURNEYS[journey.id][0]))
        stays[journey.id] = []
        for number, offset in enumerate(starts):  # numbered as they arrive, as a CRM does
            account = f"{journey.id.split('-')[0]}-{number:05d}"
            path = _account(rng, journey, START + dt.timedelta(seconds=offset), moves, days)
            stays[journey.id].append((account, path))
            for stage, entered, left in path:
                events = [(stage, entered)]
                if stage in UNMAPPED and rng.random() < 0.06:  # within a typical stay
                    until = left or min(END, entered + DAY * journey.model[stage][0])
                    events.append((UNMAPPED[stage], entered + (until - entered) * rng.random()))
                for name, when in events:
                    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
                    rows.append([account, name, stamp, journey.id, journey.segment])
    rows.sort(key=lambda row: (row[2], row[0]))
    return rows, stays


def _weights(kind: str, score: float) -> list[float]:
    """Answer weights over the type's scale whose score is `score`."""
    if kind == "nps":  # a third passives (B2B); promoters minus detractors = the score
        passive = min(0.35, 0.98 - abs(score) / 100)
        plus, minus = (1 - passive + score / 100) / 2, (1 - passive - score / 100) / 2
        return [minus * w / 17 for w in (1, 1, 1, 2, 2, 4, 6)] + [
            passive * 0.45, passive * 0.55, plus * 0.45, plus * 0.55]  # fmt: skip
    if kind == "csat":  # the share of 4 and 5
        p = score / 100
        return [(1 - p) * 0.15, (1 - p) * 0.3, (1 - p) * 0.55, p * 0.45, p * 0.55]
    q = (score - 1) / 6  # ces: 1 + binomial(6, q) has mean `score`
    return [math.comb(6, k) * q**k * (1 - q) ** (6 - k) for k in range(7)]


@dataclass(frozen=True)
class Survey:
    stage: str | None  # the stage the answers are filed under (None: the journey's)
    touchpoints: tuple[str | None, ...]  # one invitation per touchpoint of a visit
    segment: str
    kind: str
    score: float  # what its answers average to
    rate: float | None = None  # chance of an answer; None: the journey's response rate


def _surveys(journey: Journey) -> tuple[list[Survey], list[Survey]]:
    """(relationship surveys, asked of every customer each quarter; per-visit surveys)."""
    relationship: list[Survey] = []
    per_visit: list[Survey] = []
    for b in journey.bound:
        if b.statistic in LOW:
            listed = journey.touchpoints.get(b.stage or "", [])
            where: tuple[str | None, ...] = (b.touchpoint,) if b.touchpoint else tuple(listed)
            survey = Survey(b.stage, where or (None,), b.segment or journey.segment, b.statistic,
                            _aim(journey.id, b))  # fmt: skip
            quarterly = b.statistic == "nps" or b.stage is None
            (relationship if quarterly else per_visit).append(survey)
    taken = {(s.stage, s.kind) for s in relationship + per_visit}
    for stage in journey.stages[CUSTOMER_FROM:]:  # background: what no metric selects
        for kind, rate in (("csat", 0.3), ("ces", 0.1)):
            if (stage, kind) not in taken and (None, kind) not in taken:
                where = tuple(journey.touchpoints[stage]) or (None,)
                per_visit.append(Survey(stage, where, journey.segment, kind,
                                        DEFAULT_SCORE[kind], rate))  # fmt: skip
    return relationship, per_visit


def survey_responses(rng: random.Random, journeys: list[Journey], stays: Stays) -> list[list[str]]:
    rows = [row for journey in journeys for row in _answers(rng, journey, stays[journey.id])]
    rows.sort(key=lambda row: (row[0], row[3], row[7], row[1], row[4]))
    return [[f"r{number:06d}", *row] for number, row in enumerate(rows)]


def _answers(
    rng: random.Random, journey: Journey, accounts: list[tuple[str, list[Stay]]]
) -> list[list[str]]:
    """One journey's survey answers: its relationship waves, then its per-visit surveys."""
    rows: list[list[str]] = []
    rate = JOURNEYS[journey.id][3]
    relationship, per_visit = _surveys(journey)
    scores = {s: Balanced(rng, _weights(s.kind, s.score)) for s in relationship + per_visit}

    def answer(when: dt.datetime, survey: Survey, touchpoint: str | None, account: str) -> None:
        score = scores[survey].draw() + LOW[survey.kind]
        rows.append([when.date().isoformat(), survey.kind, str(score), journey.id,
                     survey.stage or "", touchpoint or "", survey.segment, account])  # fmt: skip

    customers = []  # (account, first day as a customer, its day in each quarter)
    for account, path in accounts:
        bought = [s[1] for s in path if s[0] in journey.stages[CUSTOMER_FROM:]]
        if bought:
            customers.append((account, bought[0], DAY * rng.uniform(0, 88)))
    quarter = START
    while quarter <= END:  # quarter by quarter, so each wave's answers are balanced
        for account, since, offset in customers:
            for survey in relationship:
                if since <= quarter + offset <= END and rng.random() < rate:
                    answer(min(END, quarter + offset + DAY * rng.uniform(0, 4)), survey, None,
                           account)  # fmt: skip
        quarter = quarter.replace(month=(quarter.month + 2) % 12 + 1,
                                  year=quarter.year + (quarter.month >= 10))  # fmt: skip
    for account, path in accounts:
        for stage, entered, left in path:
            stay = min((left or END) - entered, 30 * DAY)  # asked within its first month
            for survey in (s for s in per_visit if s.stage == stage):
                if survey.rate is not None:  # background: one touchpoint of the visit
                    if rng.random() < survey.rate:
                        when = entered + stay * rng.uniform(0.3, 1)
                        answer(when, survey, rng.choice(survey.touchpoints), account)
                    continue
                for touchpoint in survey.touchpoints:
                    if rng.random() < rate:
                        answer(entered + stay * rng.uniform(0.3, 1), survey, touchpoint, account)
    return rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote {len(rows):,} rows to {path}", file=sys.stderr)


def main() -> None:
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else HERE
    rng = random.Random(SEED)
    journeys = _journeys()
    history, stays = stage_history(rng, journeys)
    _write(out / "stage-history.csv", ["account_id", "stage", "timestamp", "journey", "segment"],
           history)  # fmt: skip
    _write(
        out / "survey-responses.csv",
        ["respondent_id", "date", "type", "score", "journey", "stage", "touchpoint", "segment",
         "account_id"],
        survey_responses(rng, journeys, stays),
    )  # fmt: skip


if __name__ == "__main__":
    main()

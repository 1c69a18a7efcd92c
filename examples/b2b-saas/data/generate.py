"""Write the example workspace's exports: a stage history and survey responses.

    .venv/bin/python examples/b2b-saas/data/generate.py [--out DIR]

The data is made up but shaped like a real CRM lifecycle-stage export and a survey
tool's export, so that `csjourney measure` has something honest to chew on: thousands
of accounts over nine months, most moving forward, some skipping a stage, some going
back, some still in a stage (open visits), and a few stage names the maps do not have
("trial-extension", "win-back"), as a real export always has. The stages and touchpoints
come from the journey maps themselves, so the data follows the maps when they change.
A fixed seed makes every run write the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKSPACE = HERE.parent
SEED = 20261201
START = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC)

# journey id -> (accounts, mean days per stage, chance to move on at each stage)
JOURNEYS = {
    "smb-digital-cs": (2400, 9.0, 0.74),
    "mid-market-scaled-cs": (700, 16.0, 0.8),
    "enterprise-named-csm": (160, 30.0, 0.86),
}
UNMAPPED = {"decision": "trial-extension", "renewal": "win-back"}  # stage -> extra step before it


def _journeys() -> dict[str, tuple[str, list[str], dict[str, list[str]]]]:
    """journey id -> (its segment, its stage ids in order, touchpoint ids by stage)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    found: dict[str, tuple[str, list[str], dict[str, list[str]]]] = {}
    for path in sorted((WORKSPACE / "journeys").glob("*.yaml")):
        journey = yaml.load(path.read_text(encoding="utf-8"))["journey"]
        stages = [stage["id"] for stage in journey["stages"]]
        touchpoints = {
            stage["id"]: [t["id"] for t in stage.get("touchpoints", [])]
            for stage in journey["stages"]
        }
        found[journey["id"]] = (journey["segments"][0], stages, touchpoints)
    return found


def _walk(rng: random.Random, stages: list[str], move_on: float) -> list[str]:
    """The stages one account goes through, as it does: forward, sometimes skipping or back."""
    path: list[str] = []
    index = 0
    while len(path) < 3 * len(stages):
        stage = stages[index]
        if stage in UNMAPPED and rng.random() < 0.06:
            path.append(UNMAPPED[stage])
        path.append(stage)
        roll = rng.random()
        if roll > move_on or index == len(stages) - 1:
            break  # still here: an open visit
        if roll < 0.04 and index > 0:
            index -= 1  # back a stage (a stalled onboarding, a reopened deal)
        elif roll < 0.12 and index + 2 < len(stages):
            index += 2  # skipped one
        else:
            index += 1
    return path


def stage_history(rng: random.Random) -> list[list[str]]:
    rows: list[list[str]] = []
    for journey_id, (segment, stages, _touchpoints) in _journeys().items():
        accounts, mean_days, move_on = JOURNEYS[journey_id]
        for number in range(accounts):
            account = f"{journey_id.split('-')[0]}-{number:05d}"
            when = START + dt.timedelta(days=rng.uniform(0, 200))
            for stage in _walk(rng, stages, move_on):
                if when > END:
                    break
                rows.append(
                    [account, stage, when.strftime("%Y-%m-%dT%H:%M:%SZ"), journey_id, segment]
                )
                when += dt.timedelta(days=rng.expovariate(1 / mean_days) + 0.2)
    rows.sort(key=lambda row: (row[2], row[0]))
    return rows


def survey_responses(rng: random.Random) -> list[list[str]]:
    rows: list[list[str]] = []
    weights = {"nps": [2, 1, 1, 2, 2, 4, 6, 10, 18, 24, 30], "csat": [3, 5, 12, 40, 40]}
    weights["ces"] = [2, 3, 6, 12, 25, 30, 22]
    low = {"nps": 0, "csat": 1, "ces": 1}
    for journey_id, (segment, stages, touchpoints) in _journeys().items():
        accounts = JOURNEYS[journey_id][0]
        for _ in range(accounts * 2):
            kind = rng.choice(["nps", "csat", "csat", "ces"])
            stage = rng.choice(stages[3:])  # customers answer surveys after they buy
            touchpoint = rng.choice(touchpoints[stage]) if touchpoints[stage] else ""
            score = rng.choices(range(len(weights[kind])), weights[kind])[0] + low[kind]
            date = (START + dt.timedelta(days=rng.uniform(0, (END - START).days))).date()
            account = f"{journey_id.split('-')[0]}-{rng.randrange(accounts):05d}"
            rows.append(
                [f"r{len(rows):06d}", date.isoformat(), kind, str(score), journey_id, stage,
                 touchpoint, segment, account]
            )  # fmt: skip
    rows.sort(key=lambda row: (row[1], row[0]))
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
    _write(
        out / "stage-history.csv",
        ["account_id", "stage", "timestamp", "journey", "segment"],
        stage_history(rng),
    )
    _write(
        out / "survey-responses.csv",
        ["respondent_id", "date", "type", "score", "journey", "stage", "touchpoint", "segment",
         "account_id"],
        survey_responses(rng),
    )  # fmt: skip


if __name__ == "__main__":
    main()

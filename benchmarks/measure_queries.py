"""The two yardsticks `bench_measure.py` times `csjourney measure` against.

    python benchmarks/measure_queries.py sql|pandas FILE --journey ID --stages a,b,c \\
        --since YYYY-MM-DD --until YYYY-MM-DD

Each computes, from a Parquet stage history, what `csjourney measure --format json`
reports for one journey (docs/measure.md's definitions): per stage `visits`,
`accounts`, `to_next`, `forward`, `backward`, `open`, `skipped`, `conversion`,
`median_days`, `p90_days`, and the unmapped stage values with their events in the
window; printed as JSON in the report's shape ({"stages": [...], "unmapped": [...]}).

- `sql`: one hand-written DuckDB query, the floor: what the computation costs with
  nothing around it (no validation, no checks for bad rows, no query builder).
- `pandas`: the code a user would write instead, reading the file into a DataFrame.

Both order only the events from the window's start on, as csjourney does: an event
before the window is nobody's next event (each visit's next event comes after it), so
the yardsticks do the same work and the comparison is of the engines, not of the plan.

Both run as their own process, as the command does, so start-up counts alike. They
assume the clean data the benchmark writes (no missing values, Parquet timestamps).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

DAY_MICROSECONDS = 86_400_000_000
COUNTS = ("visits", "accounts", "to_next", "forward", "backward", "open", "skipped")

FLOOR_SQL = """
WITH stages(stage, pos) AS (VALUES {stages}),
events AS (
    SELECT account_id, stage, "timestamp" AS ts, file_row_number AS rn
    FROM read_parquet({path}, file_row_number = true)
    WHERE coalesce(journey, {journey}) = {journey}
),
ordered AS (
    SELECT e.account_id, e.ts, s.pos,
           lead(s.pos) OVER w AS next_pos, lead(e.ts) OVER w AS next_ts
    FROM events e JOIN stages s USING (stage)
    WHERE e.ts >= {start}
    WINDOW w AS (PARTITION BY e.account_id ORDER BY e.ts, e.rn)
),
visits AS (
    SELECT *, date_diff('microsecond', ts, next_ts) / {day} AS days
    FROM ordered WHERE ts >= {start} AND ts < {end}
),
counts AS (
    SELECT pos, count(*) AS visits, count(DISTINCT account_id) AS accounts,
           count(*) FILTER (WHERE next_pos = pos + 1) AS to_next,
           count(*) FILTER (WHERE next_pos > pos) AS forward,
           count(*) FILTER (WHERE next_pos < pos) AS backward,
           count(*) FILTER (WHERE next_pos IS NULL) AS open,
           quantile_cont(days, 0.5) AS median_days,
           quantile_cont(days, 0.9) AS p90_days
    FROM visits GROUP BY pos
),
skips AS (
    SELECT s.pos, count(*) AS skipped
    FROM visits v JOIN stages s ON v.pos < s.pos AND v.next_pos > s.pos
    GROUP BY s.pos
)
SELECT * FROM (
    SELECT 0 AS part, s.pos, s.stage AS id,
           coalesce(c.visits, 0) AS visits, coalesce(c.accounts, 0) AS accounts,
           coalesce(c.to_next, 0) AS to_next, coalesce(c.forward, 0) AS forward,
           coalesce(c.backward, 0) AS backward, coalesce(c.open, 0) AS open,
           coalesce(k.skipped, 0) AS skipped, c.forward / c.visits * 100 AS conversion,
           c.median_days, c.p90_days
    FROM stages s LEFT JOIN counts c USING (pos) LEFT JOIN skips k USING (pos)
    UNION ALL
    SELECT 1, NULL, stage, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM events
    WHERE stage NOT IN (SELECT stage FROM stages) AND ts >= {start} AND ts < {end}
    GROUP BY stage
) ORDER BY part, pos, visits DESC, id
"""


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _bounds(since: dt.date, until: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The window's whole UTC days, as the instants [start, end)."""
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return start, end


def floor_sql(path: str, journey: str, stages: list[str], since: dt.date, until: dt.date) -> str:
    start, end = _bounds(since, until)
    return FLOOR_SQL.format(
        stages=", ".join(f"({_text(s)}, {i})" for i, s in enumerate(stages)),
        path=_text(path),
        journey=_text(journey),
        day=f"{DAY_MICROSECONDS}.0",
        start=f"TIMESTAMPTZ {_text(start.isoformat())}",
        end=f"TIMESTAMPTZ {_text(end.isoformat())}",
    )


def sql_funnel(
    path: str, journey: str, stages: list[str], since: dt.date, until: dt.date
) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")  # stdout is the JSON answer
    cursor = con.execute(floor_sql(path, journey, stages, since, until))
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    keys = ("id", "segment", *COUNTS[:6], "skipped", "conversion", "median_days", "p90_days")
    return {
        "stages": [{k: row.get(k) for k in keys} for row in rows if row["part"] == 0],
        "unmapped": [{"stage": r["id"], "visits": r["visits"]} for r in rows if r["part"] == 1],
    }


def pandas_funnel(
    path: str, journey: str, stages: list[str], since: dt.date, until: dt.date
) -> dict[str, Any]:
    import numpy as np
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

    df = pd.read_parquet(path, columns=["account_id", "stage", "timestamp", "journey"])
    df["row"] = np.arange(len(df))
    df = df[df["journey"].fillna(journey) == journey]
    start, end = (pd.Timestamp(t) for t in _bounds(since, until))
    inside = (df["timestamp"] >= start) & (df["timestamp"] < end)
    mapped = df["stage"].isin(stages)
    unmapped = df.loc[inside & ~mapped, "stage"].value_counts()

    events = df[mapped & (df["timestamp"] >= start)].copy()
    events["pos"] = events["stage"].map({s: i for i, s in enumerate(stages)})
    events = events.sort_values(["account_id", "timestamp", "row"])
    following = events.groupby("account_id", sort=False)[["pos", "timestamp"]].shift(-1)
    events["next_pos"], events["next_ts"] = following["pos"], following["timestamp"]
    visits = events[(events["timestamp"] >= start) & (events["timestamp"] < end)].copy()
    micros = (visits["next_ts"] - visits["timestamp"]) / pd.Timedelta(microseconds=1)
    visits["days"] = micros / DAY_MICROSECONDS
    visits["to_next"] = visits["next_pos"] == visits["pos"] + 1
    visits["forward"] = visits["next_pos"] > visits["pos"]
    visits["backward"] = visits["next_pos"] < visits["pos"]
    visits["open"] = visits["next_pos"].isna()
    table = visits.groupby("pos").agg(
        visits=("pos", "size"),
        accounts=("account_id", "nunique"),
        to_next=("to_next", "sum"),
        forward=("forward", "sum"),
        backward=("backward", "sum"),
        open=("open", "sum"),
        median_days=("days", "median"),
        p90_days=("days", lambda days: days.quantile(0.9)),
    )
    rows = []
    for pos, stage in enumerate(stages):
        skipped = int(((visits["pos"] < pos) & (visits["next_pos"] > pos)).sum())
        found = table.loc[pos] if pos in table.index else None
        row: dict[str, Any] = {"id": stage, "segment": None}
        for name in COUNTS[:6]:
            row[name] = 0 if found is None else int(found[name])
        row["skipped"] = skipped
        row["conversion"] = row["forward"] / row["visits"] * 100 if row["visits"] else None
        for name in ("median_days", "p90_days"):
            value = None if found is None else found[name]
            row[name] = None if value is None or pd.isna(value) else float(value)
        rows.append(row)
    ordered = sorted(unmapped.items(), key=lambda item: (-item[1], item[0]))
    return {"stages": rows, "unmapped": [{"stage": s, "visits": int(n)} for s, n in ordered]}


FUNNELS = {"sql": sql_funnel, "pandas": pandas_funnel}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("how", choices=sorted(FUNNELS))
    parser.add_argument("file")
    parser.add_argument("--journey", required=True)
    parser.add_argument("--stages", required=True, help="the stage ids in order, comma-separated")
    parser.add_argument("--since", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--until", type=dt.date.fromisoformat, required=True)
    args = parser.parse_args(argv)
    result = FUNNELS[args.how](
        args.file, args.journey, args.stages.split(","), args.since, args.until
    )
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()

"""Seeded stage histories of any size for `bench_measure.py`, written as Parquet in chunks.

`write_history(path, events, seed=...)` writes exactly `events` rows shaped like a CRM's
lifecycle-stage export: accounts start over two and a half years, walk the nine
lifecycle stages of `generate.journey_text` mostly forward, sometimes skipping a
stage, going back one, entering the same stage again, or staying (an open visit); a
few rows name stages the map does not have; two stage changes are sometimes logged at
the same second (a bulk update, so ties in time are broken by row order); an
account's segment sometimes changes or is missing. Accounts are simulated a chunk at
a time with numpy (one step of every account's walk per loop), and each chunk is one
Parquet row group sorted by time, as an export in batches is: memory stays bounded
whatever the size. The same size and
seed give the same rows.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from generate import LIFECYCLE, journey_text

JOURNEY = "enterprise-journey-0001"  # the id journey_text(1) gives its map
STAGES = LIFECYCLE
DEFAULT_SEED = 20261201
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 6, 30, 23, 59, 59, tzinfo=dt.UTC)
# The measured window: events before it are history, after it next events.
SINCE, UNTIL = dt.date(2025, 7, 1), dt.date(2026, 3, 31)
# Stage index -> a stage value the map does not have, logged just before entering it.
UNMAPPED = {2: "trial-extension", 3: "legacy-kickoff", 7: "win-back"}
UNMAPPED_SHARE = 0.05
SEGMENTS = ("smb", "mid-market", "enterprise")
SEGMENT_SHARES = (0.6, 0.3, 0.1)
# Per step, a roll below MOVE_ON moves on: below BACK one stage back, then below SKIP over
# the next stage, then below AGAIN into the same stage again (a re-saved record); else on.
MOVE_ON, BACK, SKIP, AGAIN = 0.8, 0.04, 0.12, 0.14
MEAN_DAYS = 14.0
SAME_SECOND = 0.01  # share of moves logged at the same second as the previous one
ACCOUNTS_PER_CHUNK = 50_000  # about 250,000 rows: one row group
VERSION = 2  # bump when the rows change, so cached files are not reused


def write_map(directory: Path) -> Path:
    """The map the history follows: one journey of the nine lifecycle stages."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "journey.yaml"
    path.write_text(journey_text(1, standalone=True), encoding="utf-8")
    return path


def history_path(cache: Path, events: int, seed: int) -> Path:
    return cache / f"history-{events}-seed{seed}-v{VERSION}.parquet"


def cached_history(cache: Path, events: int, seed: int = DEFAULT_SEED) -> Path:
    """The history of `events` rows in `cache`, written first if it is not there yet."""
    path = history_path(cache, events, seed)
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        write_history(partial, events, seed)
        partial.replace(path)  # a run stopped halfway leaves no file that looks complete
    return path


def write_history(path: Path, events: int, seed: int = DEFAULT_SEED) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("account_id", pa.string()),
            ("stage", pa.string()),
            ("timestamp", pa.timestamp("us", tz="UTC")),
            ("journey", pa.string()),
            ("segment", pa.string()),
        ]
    )
    written, chunk = 0, 0
    with pq.ParquetWriter(path, schema) as writer:
        while written < events:
            table = _chunk(seed, chunk, events - written)
            writer.write_table(table.cast(schema))
            written += table.num_rows
            chunk += 1


def _chunk(seed: int, chunk: int, at_most: int) -> Any:
    """One batch of accounts' rows (the first `at_most` in account order), sorted by time."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = np.random.default_rng([seed, chunk])
    # A small history needs few accounts: a walk has about four events.
    n, last = min(ACCOUNTS_PER_CHUNK, max(at_most // 2, 100)), len(STAGES) - 1
    second = 1_000_000  # microseconds
    span = int((END - START).total_seconds())
    when = (START.timestamp() + rng.integers(0, span, n)) * second
    home: Any = rng.choice(len(SEGMENTS), n, p=SEGMENT_SHARES)
    index = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    parts: list[tuple[Any, Any, Any]] = []  # (account, stage code, time) per emitted batch
    for _ in range(3 * len(STAGES)):
        alive &= when <= END.timestamp() * second
        if not alive.any():
            break
        for k, before in enumerate(UNMAPPED):
            extra = alive & (index == before) & (rng.random(n) < UNMAPPED_SHARE)
            parts.append((np.flatnonzero(extra), len(STAGES) + k, when[extra] - 3600 * second))
        who = np.flatnonzero(alive)
        parts.append((who, index[who], when[who]))
        roll = rng.random(n)
        alive &= (roll <= MOVE_ON) & (index < last)
        back = (roll < BACK) & (index > 0)
        skip = ~back & (roll < SKIP) & (index + 2 <= last)
        again = (roll >= SKIP) & (roll < AGAIN)
        step = np.where(back, -1, np.where(skip, 2, np.where(again, 0, 1)))
        index = index + step
        gap = (rng.exponential(MEAN_DAYS, n) + 0.2) * 86_400 * second
        gap = np.where(rng.random(n) < SAME_SECOND, 0, gap)
        when = when + (gap // second) * second
    account = np.concatenate([p[0] for p in parts])
    code = np.concatenate([np.broadcast_to(p[1], len(p[0])) for p in parts])
    stamp = np.concatenate([p[2] for p in parts]).astype(np.int64)
    # The first `at_most` rows in account order (the last walk may be cut short), by time.
    by_account = np.argsort(account, kind="stable")[:at_most]
    keep = by_account[np.argsort(stamp[by_account], kind="stable")]
    account, code, stamp = account[keep], code[keep], stamp[keep]
    segment = home[account]
    moved = rng.random(len(keep))
    segment = np.where(moved < 0.03, (segment + 1) % len(SEGMENTS), segment)
    names = pa.array([*STAGES, *UNMAPPED.values()])
    ids = pa.array(chunk * ACCOUNTS_PER_CHUNK + account).cast(pa.string())
    return pa.table(
        {
            "account_id": pc.binary_join_element_wise("acct-", ids, ""),
            "stage": names.take(pa.array(code)),
            "timestamp": pa.array(stamp, pa.timestamp("us", tz="UTC")),
            "journey": pa.repeat(JOURNEY, len(keep)),
            "segment": pa.array(SEGMENTS).take(pa.array(segment, mask=moved > 0.98)),
        }
    )

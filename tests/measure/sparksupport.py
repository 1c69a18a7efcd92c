"""One Spark session for the measure tests, and a comparison of results across backends.

The session is started the way a user's `[measure] backend = "pyspark://..."` starts it,
with settings for tiny data (one core, one shuffle partition, no code generation), under
a machine time zone far from UTC and a Spark session zone that is not UTC either.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

#: The machine's zone: the JVM's default, which Spark's session zone starts from.
MACHINE_ZONE = "America/Los_Angeles"
#: UTC+14: Spark reads naive text, dates and literals in its session zone unless it is
#: pinned to UTC, and a day read here would start the day before in UTC.
SESSION_ZONE = "Pacific/Kiritimati"
SPARK_URL = "pyspark://?" + "&".join(
    f"{key}={value}"
    for key, value in {
        "spark.master": "local[1]",
        "spark.sql.shuffle.partitions": "1",
        # Tiny tables: interpreting a plan is faster than compiling it.
        "spark.sql.codegen.wholeStage": "false",
        "spark.sql.adaptive.enabled": "false",
        "spark.sql.session.timeZone": SESSION_ZONE,
    }.items()
)


@contextmanager
def spark_connection() -> Iterator[Any]:
    """An Ibis connection to a local Spark session started under MACHINE_ZONE."""
    from csjourney.measure.engine import connect

    before = os.environ.get("TZ")
    os.environ["TZ"] = MACHINE_ZONE  # the JVM takes its default zone from TZ
    time.tzset()
    try:
        con = connect(SPARK_URL)
        try:
            yield con
        finally:
            con.disconnect()
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def leaves(value: object) -> list[object]:
    """Every number and text of a result (dataclasses, tuples), in order."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]


def assert_same(spark: object, duckdb: object) -> None:
    """Spark's result is DuckDB's: texts and counts equal, floats within 1e-9."""
    got, expected = leaves(spark), leaves(duckdb)
    assert len(got) == len(expected)
    for i, (mine, theirs) in enumerate(zip(got, expected, strict=True)):
        if isinstance(theirs, float):
            assert mine == pytest.approx(theirs, rel=1e-9, abs=1e-9), (i, got, expected)
        else:
            assert mine == theirs, (i, got, expected)

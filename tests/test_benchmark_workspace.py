"""The benchmark's generated workspace is valid, so the figures time real work."""

from __future__ import annotations

from pathlib import Path

from conftest import benchmark_generator
from csjourney.core import Options, run


def test_generated_workspace_validates_without_errors(tmp_path: Path) -> None:
    generate = benchmark_generator()
    target = tmp_path / "workspace"
    generate.generate_workspace(target, 4)
    report = run([target], Options(today=generate.REFERENCE_DATE))
    assert report.summary()["files"] == 5
    # Few maps leave some segments uncovered (a warning); errors would mean invalid maps.
    assert not [d for d in report.diagnostics if d.severity.label == "error"]


def test_generated_map_grows_with_its_scale() -> None:
    generate = benchmark_generator()
    one, four = generate.journey_text(1, scale=1), generate.journey_text(1, scale=4)
    assert 3 * len(one) < len(four) < 6 * len(one)

"""A run lints file by file; linting the whole workspace at once must find the same.

`core` lints each journey file alone (in a worker, or from the cache) and the
library files with the workspace's `Facts`. That is right only while every
rule looks at one journey, or, when it concludes from the whole workspace,
reports on shared items alone. This test holds every rule to that: over every
lint case and every example, the run's findings are those of one lint over
the whole workspace in one context, the way the linter was first written.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from csjourney.core import Options, run
from csjourney.diagnostics import Diagnostic
from csjourney.lint import lint_workspace
from lintcases import DEFAULT_TODAY, load_cases, write_case

EXAMPLES = Path(__file__).parents[2] / "examples"


def _lint_rows(diagnostics: list[Diagnostic]) -> list[tuple[Any, ...]]:
    return sorted(
        (d.code, d.severity, d.message, str(d.path), tuple(d.span), d.hint, d.subject)
        for d in diagnostics
        if d.code.startswith("CSJ2")
    )


def _compare(folder: Path, options: Options) -> int:
    report = run([folder], options)
    whole = lint_workspace(report.workspace, report.configs[0], options)
    assert _lint_rows(report.diagnostics) == _lint_rows(whole)
    return len(whole)


@pytest.mark.parametrize(("spec", "case"), load_cases())
def test_a_case_linted_file_by_file_finds_what_one_lint_finds(
    spec: dict[str, Any], case: dict[str, Any], tmp_path: Path
) -> None:
    # Every rule, not only the case's.
    _compare(tmp_path, Options(today=write_case(spec, case, tmp_path)))


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_an_example_linted_file_by_file_finds_what_one_lint_finds(
    example: str, tmp_path: Path
) -> None:
    shutil.copytree(EXAMPLES / example, tmp_path / example)
    assert _compare(tmp_path / example, Options(today=DEFAULT_TODAY)) > 0

"""How often `csjourney fmt` reads each file's YAML: what makes `fmt --check` cheap.

A file already in the canonical layout is its own proof: formatting gives back
the same text, so the data is the same and no comment was lost, and nothing
parses or scans it again to check. A file that changes is still proven (its
data parsed again on both sides, its comments counted on both sides), so a
formatter bug still refuses the file instead of writing it.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult

Csj = Callable[..., CliResult]
FIXTURES = Path(__file__).parent / "fixtures"


def _counting(monkeypatch: pytest.MonkeyPatch, counts: Counter[str]) -> None:
    """Count the formatter's proof: structural parses and comment scans after formatting."""
    import csjourney.fmt.comments
    import csjourney.yamlsource

    for module, name in ((csjourney.yamlsource, "build"), (csjourney.fmt.comments, "inventory")):
        real = getattr(module, name)

        def counted(text: str, real: Any = real, name: str = name) -> Any:
            counts[name] += 1
            return real(text)

        monkeypatch.setattr(module, name, counted)


def _workspace(tmp_path: Path, sources: list[Path], formatted: bool, csj: Csj) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "csjourney.toml").write_text("")
    for source in sources:
        shutil.copy(source, root / source.name)
    if formatted:
        assert csj("fmt", root).code == 0
    return root


# (case, files, formatted first, exit code of `fmt --check`)
CASES = [
    ("examples, formatted", [EXAMPLES / "minimal" / "journey.yaml", FULL_EXAMPLE], True, 0),
    ("commented files, formatted", sorted(FIXTURES.glob("*.yaml")), True, 0),
    ("commented files, as written", sorted(FIXTURES.glob("*.yaml")), False, 1),
]


@pytest.mark.parametrize(
    ("files", "formatted", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_only_files_that_change_are_parsed_again_to_prove_it(
    csj: Csj,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: list[Path],
    formatted: bool,
    code: int,
) -> None:
    root = _workspace(tmp_path, files, formatted, csj)
    counts: Counter[str] = Counter()
    _counting(monkeypatch, counts)
    result = csj("fmt", "--check", root)
    assert result.code == code, result.out + result.err
    changed = result.out.count("would reformat ")
    assert changed == (0 if formatted else len(files))
    # The proof: data of the text before and after, comments before and after.
    assert counts["build"] == 2 * changed
    assert counts["inventory"] == 2 * changed


def test_a_formatted_file_checks_as_unchanged_and_writes_nothing(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, sorted(FIXTURES.glob("*.yaml")), True, csj)
    before = {p: p.read_bytes() for p in root.glob("*.yaml")}
    result = csj("fmt", root)
    assert result.code == 0
    assert result.out.endswith(f"0 files reformatted, {len(before)} unchanged.\n")
    assert {p: p.read_bytes() for p in root.glob("*.yaml")} == before

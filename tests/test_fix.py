"""`validate --fix` and `--diff`: one table of files before and after, then the CLI around it.

Each case is a journey file as written and as `--fix` must leave it (the same text when
nothing is the one answer). `--diff` must print exactly that change and write nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CliResult

HEAD = """\
csjourney: 1
segments:
  - {id: smb, name: Small businesses}
  - {id: mid-market, name: Mid-market ops teams}
  - {id: '123', name: Segment one-two-three}
journey:
  id: j
  title: J
"""
STAGE = """\
  segments: [smb, mid-market, '123']
  stages:
    - id: onboarding
      name: Onboarding
"""


@dataclass(frozen=True)
class Case:
    name: str
    before: str
    after: str  # == before: --fix must leave the file as it is


CASES = [
    Case(
        "unknown key typo",
        STAGE + "      touchpoints:\n        - {id: t, nmae: T, channel: email}\n",
        STAGE + "      touchpoints:\n        - {id: t, name: T, channel: email}\n",
    ),
    Case(
        "unknown key whose match is already set: untouched",
        STAGE + "      touchpoints:\n        - {id: t, name: T, nmae: U, channel: email}\n",
        STAGE + "      touchpoints:\n        - {id: t, name: T, nmae: U, channel: email}\n",
    ),
    Case(
        "reference typo in a flow list, the other items kept",
        "  segments: [smb, mid-markt]\n  stages:\n    - {id: s, name: S}\n",
        "  segments: [smb, mid-market]\n  stages:\n    - {id: s, name: S}\n",
    ),
    Case(
        "reference typo in a block list",
        "  segments:\n    - smbb\n  stages:\n    - {id: s, name: S}\n",
        "  segments:\n    - smb\n  stages:\n    - {id: s, name: S}\n",
    ),
    Case(
        "a name where an id goes",
        "  segments: [Mid-market ops teams]\n  stages:\n    - {id: s, name: S}\n",
        "  segments: [mid-market]\n  stages:\n    - {id: s, name: S}\n",
    ),
    Case(
        "a name in other case and spacing",
        "  segments: [small   BUSINESSES]\n  stages:\n    - {id: s, name: S}\n",
        "  segments: [smb]\n  stages:\n    - {id: s, name: S}\n",
    ),
    Case(
        "an id that reads as a number is written quoted",
        "  segments: [Segment one-two-three]\n  stages:\n    - {id: s, name: S}\n",
        "  segments: ['123']\n  stages:\n    - {id: s, name: S}\n",
    ),
    Case(
        "two ids equally close: untouched",
        STAGE + "      touchpoints:\n        - {id: ta, name: A, channel: email}\n"
        "        - {id: tb, name: B, channel: email}\n"
        "      pain_points:\n        - {id: p, name: P, severity: low, touchpoints: [tc]}\n",
        STAGE + "      touchpoints:\n        - {id: ta, name: A, channel: email}\n"
        "        - {id: tb, name: B, channel: email}\n"
        "      pain_points:\n        - {id: p, name: P, severity: low, touchpoints: [tc]}\n",
    ),
    Case(
        "single-quoted scalar stays single-quoted",
        STAGE + "      touchpoints:\n        - {id: t, name: T, channel: 'emial'}\n",
        STAGE + "      touchpoints:\n        - {id: t, name: T, channel: 'email'}\n",
    ),
    Case(
        "double-quoted scalar stays double-quoted",
        STAGE + '      touchpoints:\n        - {id: t, name: T, channel: "emial"}\n',
        STAGE + '      touchpoints:\n        - {id: t, name: T, channel: "email"}\n',
    ),
    Case(
        "an escape in the scalar: untouched",
        STAGE + '      touchpoints:\n        - {id: t, name: T, channel: "emi\\x61l"}\n',
        STAGE + '      touchpoints:\n        - {id: t, name: T, channel: "emi\\x61l"}\n',
    ),
    Case(
        "a choice typo",
        STAGE + "      pain_points:\n        - {id: p, name: P, severity: hihg}\n",
        STAGE + "      pain_points:\n        - {id: p, name: P, severity: high}\n",
    ),
    Case(
        "comments and blank lines kept",
        "  # the segments\n  segments: [smbb]  # trailing\n\n  stages:\n    - {id: s, name: S}\n",
        "  # the segments\n  segments: [smb]  # trailing\n\n  stages:\n    - {id: s, name: S}\n",
    ),
    Case(
        "CRLF line ends kept",
        "  segments: [smbb]\r\n  stages:\r\n    - {id: s, name: S}\r\n",
        "  segments: [smb]\r\n  stages:\r\n    - {id: s, name: S}\r\n",
    ),
    Case(
        "a key fixed, then its value in the next round",
        STAGE + "      touchpoints:\n        - id: t\n          name: T\n          chanel: emial\n",
        STAGE
        + "      touchpoints:\n        - id: t\n          name: T\n          channel: email\n",
    ),
]


def _bytes(body: str) -> bytes:
    """HEAD + body, with the line ends of `body`."""
    head = HEAD.replace("\n", "\r\n") if "\r\n" in body else HEAD
    return (head + body).encode()


def _write(path: Path, body: str) -> bytes:
    """Write HEAD + body as the one map of a workspace."""
    (path.parent / "csjourney.toml").touch()
    path.write_bytes(_bytes(body))
    return _bytes(body)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_fix_changes_only_the_fixable_text(
    case: Case, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    target = tmp_path / "map.yaml"
    _write(target, case.before)
    csj("validate", "--no-lint", "--fix", "map.yaml", cwd=tmp_path)
    assert target.read_bytes() == _bytes(case.after)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_diff_shows_the_change_and_writes_nothing(
    case: Case, tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    target = tmp_path / "map.yaml"
    before = _write(target, case.before)
    result = csj("validate", "--no-lint", "--diff", "map.yaml", cwd=tmp_path)
    assert target.read_bytes() == before
    removed = [
        line[1:] for line in result.out.splitlines() if line.startswith("-") and line[1:2] != "-"
    ]
    added = [
        line[1:] for line in result.out.splitlines() if line.startswith("+") and line[1:2] != "+"
    ]
    old_lines, new_lines = case.before.splitlines(), case.after.splitlines()
    if "round" in case.name:  # --diff shows one round: the key, not yet its value
        assert added == ["          channel: emial"]
        return
    assert removed == [line for line in old_lines if line not in new_lines]
    assert added == [line for line in new_lines if line not in old_lines]
    assert result.code == (1 if case.before != case.after else 0)


def _broken_map(tmp_path: Path) -> Path:
    target = tmp_path / "map.yaml"
    body = STAGE + (
        "      exit_critera: done\n"  # fixable
        "      touchpoints:\n"
        "        - {id: t, name: T, channel: emial}\n"  # fixable
        "        - {id: u, name: U, channel: email, segments: [Mid-market ops teams]}\n"  # fixable
        "      pain_points:\n"
        "        - {id: p, name: P, severity: low, touchpoints: [nothing-like-it]}\n"  # not
    )
    _write(target, body)
    return target


def test_fix_reports_what_it_fixed_and_what_remains(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    _broken_map(tmp_path)
    result = csj("validate", "--no-lint", "--fix", "map.yaml", cwd=tmp_path)
    assert result.code == 1
    assert result.err == "Fixed 3 errors in 1 file; 1 remaining.\n"
    assert result.out.splitlines()[0].startswith("map.yaml:")
    assert "no touchpoint has the id `nothing-like-it`" in result.out
    assert result.out.endswith("Found 1 error, 0 warnings, 0 infos in 1 file.\n")


def test_fix_of_a_clean_file_says_so(tmp_path: Path, csj: Callable[..., CliResult]) -> None:
    _write(tmp_path / "map.yaml", STAGE)
    result = csj("validate", "--no-lint", "--fix", "map.yaml", cwd=tmp_path)
    assert (result.code, result.err) == (0, "No fixes available.\n")


def test_diff_says_how_many_it_would_fix(tmp_path: Path, csj: Callable[..., CliResult]) -> None:
    target = _broken_map(tmp_path)
    before = target.read_bytes()
    result = csj("validate", "--no-lint", "--fix", "--diff", "map.yaml", cwd=tmp_path)
    assert (result.code, result.err) == (1, "Would fix 3 errors in 1 file.\n")
    assert result.out.startswith("--- map.yaml\n+++ map.yaml\n@@ ")
    assert target.read_bytes() == before


def test_fix_keeps_the_file_mode(tmp_path: Path, csj: Callable[..., CliResult]) -> None:
    target = _broken_map(tmp_path)
    target.chmod(0o640)
    csj("validate", "--no-lint", "--fix", "map.yaml", cwd=tmp_path)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert b"channel: email}" in target.read_bytes()


def test_fix_through_a_symlink_keeps_the_link(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    real = _broken_map(tmp_path)
    (tmp_path / "link.yaml").symlink_to(real.name)
    result = csj("validate", "--no-lint", "--fix", "link.yaml", cwd=tmp_path)
    assert result.err.startswith("Fixed 3 errors in 1 file")
    assert (tmp_path / "link.yaml").is_symlink()
    assert b"channel: email}" in real.read_bytes()


def test_a_read_only_file_is_reported_not_changed(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    target = _broken_map(tmp_path)
    before = target.read_bytes()
    target.chmod(0o444)
    result = csj("validate", "--no-lint", "--fix", "map.yaml", cwd=tmp_path)
    assert "csjourney: error: cannot fix map.yaml: the file is read-only" in result.err
    assert result.code == 1
    assert target.read_bytes() == before


def test_a_file_with_a_syntax_error_is_never_touched(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    target = tmp_path / "map.yaml"
    data = (HEAD + "  segments: [smbb\n  stages: []\n").encode()
    target.write_bytes(data)
    result = csj("validate", "--no-lint", "--fix", "map.yaml", cwd=tmp_path)
    assert (result.code, target.read_bytes()) == (1, data)
    assert "CSJ001" in result.out and result.err == "No fixes available (1 remaining).\n"


def test_fix_on_standard_input_is_refused_and_diff_works(
    tmp_path: Path, csj: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    text = HEAD + "  segments: [smbb]\n  stages:\n    - {id: s, name: S}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    refused = csj("validate", "--no-lint", "--fix", "-", cwd=tmp_path)
    assert refused.code == 2
    assert "--fix writes files, and standard input is none: use --diff" in refused.err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    shown = csj("validate", "--no-lint", "--diff", "-", cwd=tmp_path)
    assert shown.code == 1
    assert "-  segments: [smbb]\n+  segments: [smb]\n" in shown.out


def test_fix_follows_references_into_the_library(
    tmp_path: Path, csj: Callable[..., CliResult]
) -> None:
    (tmp_path / "csjourney.toml").write_text("")
    (tmp_path / "library.yaml").write_text(
        "csjourney: 1\nsegments:\n  - {id: enterprise, name: Enterprise accounts}\n"
    )
    journey = tmp_path / "map.yaml"
    journey.write_text(
        "csjourney: 1\njourney:\n  id: j\n  title: J\n  segments: [Enterprise Accounts]\n"
        "  stages:\n    - {id: s, name: S}\n"
    )
    result = csj("validate", "--no-lint", "--fix", cwd=tmp_path)
    assert "segments: [enterprise]\n" in journey.read_text()
    assert (result.code, result.err) == (0, "Fixed 1 error in 1 file.\n")
    assert os.path.exists(tmp_path / "library.yaml")

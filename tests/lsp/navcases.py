"""A small workspace whose references test every resolution rule, and helpers to index it.

`library.yaml` holds the shared items; `onboarding.yaml` names them in every
way `references.resolve` distinguishes: a shared id, a journey item whose id
is also a segment's, a built-in channel, a declared channel written quoted, a
wrong kind, an unknown id and a name where an id belongs. `renewal.yaml` has
a touchpoint with the same id as one in onboarding: journey items are
separate per journey.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import EXAMPLES, Csj
from csjourney.diagnostics import Span
from csjourney.loader import LoadedFile, load_file
from csjourney.references import References
from csjourney.semantics import summarize
from csjourney.yamltext import EDITOR_LINE_BREAK

LIBRARY = """\
csjourney: 1
segments:
  - id: smb
    name: Small business
  - id: mid
    name: Mid-market
evidence:
  - id: survey
    name: Onboarding survey
channels:
  - id: qbr
    name: Quarterly business review
"""

ONBOARDING = """\
csjourney: 1
journey:
  id: onboarding
  title: Onboarding
  segments: [smb, "mid"]
  stages:
    - id: start
      name: Start
      exit_criteria: Signs in
      touchpoints:
        - id: smb
          name: Kick-off call
          channel: 'qbr'
          segments: [smb]
        - id: welcome
          name: Welcome email
          channel: email
      pain_points:
        - id: slow
          name: Slow setup
          touchpoints: [smb, welcome, survey, ghost]
          evidence: [survey]
          segments: [Small Business]
      initiatives:
        - id: fix-slow
          name: Guided setup
          addresses: [slow]
"""

RENEWAL = """\
csjourney: 1
journey:
  id: renewal
  title: Renewal
  segments: [mid]
  stages:
    - id: renew
      name: Renew
      exit_criteria: Signs the renewal
      touchpoints:
        - id: welcome
          name: Renewal notice
          channel: qbr
      pain_points:
        - id: late
          name: Late notice
          touchpoints: [welcome]
          evidence: [survey]
"""

CASE_FILES = {"library.yaml": LIBRARY, "onboarding.yaml": ONBOARDING, "renewal.yaml": RENEWAL}


def write_case(root: Path) -> Path:
    """The resolution workspace, written under `root` (a csjourney.toml marks it)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "csjourney.toml").write_text("# csjourney workspace root\n", encoding="utf-8")
    for name, text in CASE_FILES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def copy_example(name: str, target: Path) -> Path:
    """A copy of examples/NAME (without its cache): tests may write to it."""
    copy = target / name
    shutil.copytree(EXAMPLES / name, copy, ignore=shutil.ignore_patterns(".csjourney_cache"))
    return copy


def load_workspace(root: Path) -> tuple[list[References], dict[Path, LoadedFile]]:
    """Every map under `root`, loaded and summarized, in path order (as validate takes them)."""
    loaded: dict[Path, LoadedFile] = {}
    for path in sorted(root.rglob("*.yaml")):
        file = load_file(path, explicit=True)
        assert file is not None and file.data is not None, path
        loaded[path] = file
    return [summarize(file)[1] for file in loaded.values()], loaded


def apply_spans(text: str, changes: list[tuple[Span, str]]) -> str:
    """`text` with each span (1-based, str columns) replaced, as an editor applies edits."""
    starts = [0, *(match.end() for match in EDITOR_LINE_BREAK.finditer(text))]
    for span, new_text in sorted(changes, reverse=True):
        start = starts[span.line - 1] + span.column - 1
        end = starts[span.end_line - 1] + span.end_column - 1
        text = text[:start] + new_text + text[end:]
    return text


def findings(csj: Csj, root: Path) -> list[tuple[str, str, int, str]]:
    """`validate --format json`'s findings for the workspace: (code, path, line, message)."""
    result = csj("validate", "--no-cache", "--format", "json", root)
    assert result.code in (0, 1), result.err
    return sorted(
        (d["code"], d["path"], d["line"], d["message"])
        for d in json.loads(result.out)["diagnostics"]
    )

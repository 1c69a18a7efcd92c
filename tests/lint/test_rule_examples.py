"""The `Fails:` and `Passes:` examples in each rule's docstring, run: what `csjourney rule` shows
and docs/rules.md publishes must be true of the rule.

A docstring example is a fragment, so it is placed in a skeleton map by one convention:

- its top-level `segments:` and `evidence:` stay at the top of the file, and the journey's
  `segments` default to every segment the fragment defines (else one skeleton segment);
- `journey:` gives the journey's own keys; the skeleton adds `title`, `segments` and
  `stages` when the fragment leaves them out;
- `stages:` becomes the journey's stages; `goals:` the journey's goals;
- any other key (`touchpoints:`, `pain_points:`, `metrics:`, ...) goes into one skeleton stage;
- an id the fragment refers to but does not define (an initiative addressing
  `slow-data-connect`) is one of the `SUPPORT` items, added in a stage of its own;
- a leading `# with --today YYYY-MM-DD` comment sets the day the check runs on;
- the rules a `# csjourney: ignore[...]` comment names run too, or it suppresses nothing.

Comments stay where they are, so a suppression comment in an example works as it reads.
The map must be structurally valid: an example that cannot be read fails here, not silently.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from csjourney.core import Options, run
from csjourney.lint.registry import RULES
from csjourney.lint.rule import Rule

DEFAULT_TODAY = dt.date(2026, 11, 28)
NOT_IN_A_STAGE = {"segments", "evidence", "journey", "stages", "goals"}
_KEY = re.compile(r"^([a-z_]+):")
_IGNORED = re.compile(r"csjourney: ignore(?:-file)?\[([^\]]*)\]")
_TODAY = re.compile(r"^# with --today (\d{4}-\d{2}-\d{2})", re.M)
# Items the examples refer to without defining them: id -> (the list it lives in, the item).
SUPPORT: dict[str, tuple[str, str]] = {
    "slow-data-connect": ("pain_points", "{id: slow-data-connect, name: Slow data connect}"),
    "activation-rate": ("metrics", "{id: activation-rate, name: Activation, type: activation}"),
    "logo-churn": ("metrics", "{id: logo-churn, name: Logo churn, type: churn}"),
    "q3-onboarding-survey": ("evidence", "{id: q3-onboarding-survey, name: Q3, type: survey}"),
}


def _blocks(fragment: str) -> dict[str, list[str]]:
    """The fragment's top-level keys, each with its lines (comments go with the key above)."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in fragment.splitlines():
        match = _KEY.match(line)
        if match:
            current = blocks.setdefault(match[1], [])
        if current is not None:
            current.append(line)
    return blocks


def _indent(lines: list[str], spaces: int) -> list[str]:
    return [" " * spaces + line if line else line for line in lines]


def _body(block: list[str]) -> list[str]:
    """A `key:` block's lines below the key, dedented by the two spaces YAML examples use."""
    return [line[2:] if line.startswith("  ") else line for line in block[1:]]


def wrap(fragment: str) -> str:
    """The fragment placed in a skeleton journey map, by the convention above."""
    blocks = _blocks(fragment)
    data: dict[str, Any] = YAML(typ="safe").load(fragment) or {}
    defined = set(re.findall(r"\bid: ([a-z0-9-]+)", fragment))
    support = [SUPPORT[ref] for ref in sorted(SUPPORT) if ref not in defined and ref in fragment]
    lines = ["csjourney: 1"]
    segments = blocks.get("segments", ["segments:", "  - {id: smb, name: Small business}"])
    lines += segments
    evidence = blocks.get(
        "evidence", ["evidence:"] if any(k == "evidence" for k, _ in support) else []
    )
    lines += evidence + [f"  - {item}" for kind, item in support if kind == "evidence"]
    journey = _body(blocks.get("journey", ["journey:", "  id: example-journey"]))
    keys = {m[1] for line in journey if (m := _KEY.match(line))}
    segment_ids = [s["id"] for s in data.get("segments", [])] or ["smb"]
    lines += ["journey:", *_indent(journey, 2)]
    if "title" not in keys:
        lines.append("  title: Example journey")
    if "segments" not in keys:
        lines.append(f"  segments: [{', '.join(segment_ids)}]")
    if "goals" in blocks:
        lines += _indent(blocks["goals"], 2)
    stage_lines = [
        line for key, block in blocks.items() if key not in NOT_IN_A_STAGE for line in block
    ]
    lines.append("  stages:")
    if "stages" in blocks:
        lines += _indent(_body(blocks["stages"]), 4)
    if stage_lines or "stages" not in blocks:
        lines += ["    - id: onboarding", "      name: Onboarding", *_indent(stage_lines, 6)]
    staged = [(kind, item) for kind, item in support if kind != "evidence"]
    if staged:
        lines += ["    - id: support", "      name: Support"]
        for kind in sorted({kind for kind, _ in staged}):
            lines += [f"      {kind}:"] + [f"        - {i}" for k, i in staged if k == kind]
    return "\n".join(lines) + "\n"


def _examples() -> list[Any]:
    params = []
    for rule in RULES:
        sections = rule.sections()
        for part, fails in (("fails", True), ("passes", False)):
            for n, block in enumerate(re.findall(r"```yaml\n(.*?)```", sections[part], re.S)):
                params.append(pytest.param(rule, block, fails, id=f"{rule.name}::{part}{n}"))
    return params


@pytest.mark.parametrize(("rule", "fragment", "fails"), _examples())
def test_docstring_example(rule: type[Rule], fragment: str, fails: bool, tmp_path: Path) -> None:
    text = wrap(fragment)
    (tmp_path / "csjourney.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    today = _TODAY.search(fragment)
    on = dt.date.fromisoformat(today[1]) if today else DEFAULT_TODAY
    named = [n.strip() for names in _IGNORED.findall(fragment) for n in names.split(",")]
    report = run([tmp_path], Options(select=(rule.name, *filter(None, named)), today=on))
    structural = [(d.code, d.line, d.message) for d in report.diagnostics if d.code < "CSJ2"]
    assert not structural, f"the example is not a valid map:\n{text}\n{structural}"
    codes = [d.code for d in report.diagnostics]  # the named rules' own findings are no matter
    assert (rule.code in codes) is fails, (
        f"{rule.code} {'not ' if fails else ''}reported on:\n{text}"
    )


def test_every_rule_has_an_example_of_each_kind() -> None:
    kinds = {(p.values[0], p.values[2]) for p in _examples()}
    assert kinds == {(rule, fails) for rule in RULES for fails in (True, False)}

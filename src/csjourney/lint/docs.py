"""Generate docs/rules.md from the docstrings of the lint rules and the measure findings
(`make docs`).

The docstrings are the single source: `csjourney rule CODE`, SARIF help text
and this page all read them, and a test fails when the page is out of date.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.lint.rule import Documented

HEADER = """# Lint rules

Generated from the rules' docstrings by `make docs`; do not edit by hand.
Every rule has a stable code and a name; both work in `--select`, `--ignore`,
`[lint.severity]`, `[lint.per-file-ignores]` and suppression comments
(`# csjourney: ignore[CODE-or-name] reason`). `csjourney rule CODE` prints the
same text in the terminal.

| code | name | default | reports |
|---|---|---|---|
"""


MEASURE_HEADER = """
# Measure findings

Where the journey customers take departs from the map: `csjourney measure`
reports these from the stage history and the survey export
([measure.md](measure.md)). Each has a stable code and a name; both work in
`[measure] severity` (`{"stage-often-skipped" = "error", CSJ306 = "off"}`), and
the thresholds are `[measure.options]`. Each example is a map fragment and the
rows of the export that make the finding appear or not, measured over a window
that holds their dates.

| code | name | default | reports |
|---|---|---|---|
"""


def rules_markdown() -> str:
    from csjourney.lint.registry import RULES
    from csjourney.measure.rules.registry import RULES as MEASURE_RULES

    return _part(HEADER, RULES) + _part(MEASURE_HEADER, MEASURE_RULES)


def _part(header: str, rules: Sequence[type[Documented]]) -> str:
    parts = [header]
    for rule in rules:
        anchor = f"{rule.code.lower()}-{rule.name}"
        cells = [f"[{rule.code}](#{anchor})", f"`{rule.name}`", rule.severity.label, rule.summary()]
        parts.append("| " + " | ".join(cells) + " |\n")
    for rule in rules:
        sections = rule.sections()
        parts.append(
            f"\n## {rule.code} {rule.name}\n\n"
            f"Default severity: **{rule.severity.label}**.\n\n"
            f"{sections['summary']}\n\n"
            f"**Why it matters.** {sections['why']}\n\n"
            f"**Fails:**\n\n{sections['fails']}\n\n"
            f"**Passes:**\n\n{sections['passes']}\n"
        )
    return "".join(parts)


def main(argv: list[str]) -> None:
    from csjourney.fsutil import atomic_write

    text = rules_markdown()
    if argv:
        atomic_write(Path(argv[0]), text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Every mistake in a configuration, at once, each at its line, with the right form.

A run with a broken config stops before checking anything (exit 2), so the
user should fix the config in one go: all mistakes are listed, each as
`file:line: what is wrong` with an example of the right form and, for a
choice, every accepted value. TOML parsers give no positions, so `_Locator`
finds the line of a setting in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from csjourney.errors import UsageError
from csjourney.suggest import did_you_mean

SEVERITIES = ("error", "warning", "info", "off")
# The right form of each setting, shown with a mistake in it.
EXAMPLES = {
    "max-file-size": "max-file-size = 8388608",
    "max-findings-per-file": "max-findings-per-file = 500",
    "exclude": 'exclude = ["drafts", "archive/old.yaml"]',
    "cache-dir": 'cache-dir = ".csjourney_cache"',
    "lint": '[lint]\nignore = ["CSJ211"]',
    "lint.select": 'select = ["CSJ201", "metric-off-target"]',
    "lint.ignore": 'ignore = ["CSJ211"]',
    "lint.severity": '[lint.severity]\nCSJ211 = "warning"',
    "lint.per-file-ignores": '[lint.per-file-ignores]\n"drafts/*" = ["CSJ201"]',
    "lint.options": "[lint.options]\nmetric-stale-days = 120",
    "lint.options.metric-stale-days": "metric-stale-days = 120",
    "lint.options.review-every-days": "review-every-days = 90",
    "measure.severity": '[measure.severity]\nstage-often-skipped = "error"',
}
_KIND = {
    "list_type": "a list",
    "dict_type": "a table",
    "model_type": "a table",
    "string_type": "text in quotes",
    "string_too_short": "a name in quotes, not empty",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "greater_than": "a whole number above 0",
}


class _Locator:
    """The line of a setting in TOML text: `[table]` headers, `key = value` lines."""

    def __init__(self, text: str, prefix: tuple[str, ...]) -> None:
        self.lines = text.splitlines()
        self.prefix = prefix

    def line(self, loc: tuple[str, ...], value: str | None = None) -> int | None:
        want = (*self.prefix, *loc)
        table: tuple[str, ...] = ()
        found = None
        for number, raw in enumerate(self.lines, start=1):
            line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith('"') else raw.strip()
            # `[table]`, or `[[table]]`: an entry of a list of tables
            header = re.fullmatch(r"\[\[?\s*([^\[\]]+?)\s*\]\]?", line)
            if header:
                table = _keys(header.group(1))
                if table == want and found is None:
                    found = number
                continue
            assigned = re.match(
                r"((?:\"[^\"]*\"|'[^']*'|[\w.-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[\w-]+))*)\s*=",
                line,
            )
            if assigned and (*table, *_keys(assigned.group(1))) == want:
                return self._value_line(number, value) if value else number
        return found

    def _value_line(self, start: int, value: str) -> int:
        """A multi-line list's line that holds `value`; else the key's line."""
        for number in range(start, min(start + 200, len(self.lines)) + 1):
            if f'"{value}"' in self.lines[number - 1] or f"'{value}'" in self.lines[number - 1]:
                return number
            if "]" in self.lines[number - 1]:
                break
        return start


def _keys(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([^.\s]+)", dotted)
    return tuple(next(p for p in part if p) if any(part) else "" for part in parts)


def check(
    settings: dict[str, Any], error: ValidationError | None, source: Path | None, text: str
) -> None:
    """Raise one UsageError listing every mistake, or return when there is none."""
    prefix = ("tool", "csjourney") if source is not None and source.name == "pyproject.toml" else ()
    locate = _Locator(text, prefix)
    found: list[tuple[int, str]] = []
    for detail in error.errors(include_url=False) if error else []:
        loc = tuple(str(part) for part in detail["loc"])
        found.append(_located(locate, loc, None, _schema_message(loc, detail)))
    for loc, key, message in _rule_problems(settings.get("lint")):
        found.append(_located(locate, loc, key, message))
    for loc, key, message in _measure_problems(settings.get("measure")):
        found.append(_located(locate, loc, key, message))
    if not found:
        return
    from csjourney.config import shown_path

    where = shown_path(source) if source else "configuration"
    lines = [
        f"{where}:{line}: {message}" if line else f"{where}: {message}"
        for line, message in sorted(found, key=lambda item: item[0])
    ]
    if len(lines) > 1:
        lines.insert(0, f"{where}: {len(lines)} mistakes; nothing was checked")
    raise UsageError("\n".join(lines))


def _located(
    locate: _Locator, loc: tuple[str, ...], value: str | None, message: str
) -> tuple[int, str]:
    settings = tuple(part for part in loc if not part.isdigit())
    for end in range(len(settings), 0, -1):  # the setting, else the nearest table around it
        line = locate.line(settings[:end], value)
        if line:
            return line, message
    return 0, message


def _schema_message(loc: tuple[str, ...], detail: Any) -> str:
    from csjourney.config import known_keys

    name = ".".join(part for part in loc if not part.isdigit())
    if detail["type"] == "extra_forbidden":
        known = known_keys(loc[:-1])
        hint = did_you_mean(loc[-1], known)
        listed = f" (settings here: {', '.join(known)})" if known else ""
        return f"unknown setting `{name}`" + (f"; {hint}" if hint else "") + listed
    setting = ".".join(part for part in loc if not part.isdigit())
    kind = _KIND.get(detail["type"])
    # A validator's own message is a sentence for the user: no "Value error," in front.
    what = f"must be {kind}" if kind else str(detail["msg"]).removeprefix("Value error, ")
    if loc and loc[-1].isdigit() and kind:  # an item of a list, not a list of tables
        what = f"lists {kind} items"
    example = EXAMPLES.get(setting) or EXAMPLES.get(".".join(loc[:2]))
    return f"`{name}` {what}" + (f"; write it as `{example}`" if example else "")


def _rule_problems(lint: Any) -> list[tuple[tuple[str, ...], str, str]]:
    """(where, the bad value, message) for unknown rules and severities in [lint]."""
    from csjourney.lint.registry import resolve

    if not isinstance(lint, dict):
        return []

    def unknown(key: str, where: str) -> str | None:
        if key.strip().upper() == "ALL" and where.endswith("select"):
            return None
        try:
            resolve(key, where)
        except UsageError as error:
            message = str(error)
            return message if message.endswith("?") else f"{message}; `csjourney rules` lists them"
        return None

    problems: list[tuple[tuple[str, ...], str, str]] = []
    for name in ("select", "ignore"):
        for key in lint.get(name) or [] if isinstance(lint.get(name), list) else []:
            if isinstance(key, str) and (message := unknown(key, f"[lint] {name}")):
                problems.append((("lint", name), key, message))
    problems += _severity_problems(lint.get("severity"), "lint", unknown)
    ignores = lint.get("per-file-ignores")
    for pattern, keys in ignores.items() if isinstance(ignores, dict) else []:
        for key in keys if isinstance(keys, list) else []:
            if isinstance(key, str) and (message := unknown(key, "[lint.per-file-ignores]")):
                problems.append((("lint", "per-file-ignores", pattern), key, message))
    return problems


def _severity_problems(
    severity: Any, section: str, unknown: Callable[[str, str], str | None]
) -> list[tuple[tuple[str, ...], str, str]]:
    """Unknown names and severities in `[lint.severity]` or `[measure] severity`."""
    where = f"[{section}.severity]"
    problems: list[tuple[tuple[str, ...], str, str]] = []
    for key, level in severity.items() if isinstance(severity, dict) else []:
        if message := unknown(key, where):
            problems.append(((section, "severity", key), "", message))
        if isinstance(level, str) and level.strip().lower() not in SEVERITIES:
            hint = did_you_mean(level.strip().lower(), SEVERITIES)
            problems.append(
                (
                    (section, "severity", key),
                    "",
                    f'{where} {key} = "{level}": unknown severity'
                    + (f"; {hint}" if hint else "")
                    + f' (choose from: {", ".join(SEVERITIES)}); e.g. `{key} = "warning"`',
                )
            )
    return problems


def _measure_problems(measure: Any) -> list[tuple[tuple[str, ...], str, str]]:
    """Unknown findings and severities in `[measure] severity`."""
    if not isinstance(measure, dict):
        return []

    def unknown(key: str, where: str) -> str | None:
        # Here, not above: most configs name no measure finding, and the registry
        # imports every measure rule.
        from csjourney.measure.rules.registry import find_finding, unknown_finding

        if find_finding(key) is not None:
            return None
        why = unknown_finding(key)
        if why.endswith("?") or not why.startswith("unknown"):  # a hint, or what it is instead
            return f"{where}: {why}"
        return f"{where}: {why}; `csjourney rules` lists them"

    return _severity_problems(measure.get("severity"), "measure", unknown)

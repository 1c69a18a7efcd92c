"""The linter: run the selected rules over a validated workspace.

Rules report `Finding`s; this module applies configuration (selection,
severity, per-file ignores) and suppression comments, and turns what is left
into `Diagnostic`s. Rules know nothing of either.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csjourney.diagnostics import Diagnostic, Severity
from csjourney.lint import suppressions
from csjourney.lint.context import Facts, LintContext
from csjourney.lint.registry import RULES, find_rule, resolve, resolve_all
from csjourney.lint.rule import Documented, Finding, Rule
from csjourney.lint.rules.suppression_unused import SuppressionUnused

if TYPE_CHECKING:
    from csjourney.config import Config
    from csjourney.core import Options
    from csjourney.workspace import Workspace


def _selected(config: Config, options: Options) -> dict[type[Rule], Severity]:
    """`selected_rules`, worked out once per run (a run lints file by file)."""
    key = (id(config), options.select, options.ignore)
    if _last_selection and _last_selection[0] == key and _last_selection[1] is config:
        chosen: dict[type[Rule], Severity] = _last_selection[2]
        return chosen
    severities = selected_rules(config, options)
    _last_selection[:] = [key, config, severities]
    return severities


_last_selection: list[Any] = []


def selected_rules(config: Config, options: Options) -> dict[type[Rule], Severity]:
    """The enabled rules and the severity each reports at."""
    where = str(config.source or "configuration")
    lint = config.lint
    select = options.select if options.select is not None else lint.select
    rules = (
        resolve_all(list(select), "--select" if options.select else where) if select else set(RULES)
    )
    rules -= resolve_all(list(lint.ignore), where)
    rules -= resolve_all(list(options.ignore), "--ignore")
    severities = {rule: rule.severity for rule in rules}
    for key, level in lint.severity.items():
        rule = resolve(key, f"{where} [lint.severity]")
        if level.strip().lower() == "off":
            severities.pop(rule, None)
            continue
        try:
            severities[rule] = Severity.parse(level)
        except ValueError as error:
            from csjourney.errors import UsageError

            raise UsageError(f"{where} [lint.severity] {key}: {error}") from None
        if rule not in rules:
            severities.pop(rule)
    for patterns in lint.per_file_ignores.values():
        resolve_all(patterns, f"{where} [lint.per-file-ignores]")
    return severities


def lint_workspace(
    workspace: Workspace, config: Config, options: Options, facts: Facts | None = None
) -> list[Diagnostic]:
    """The findings of the selected rules in `workspace`: the whole one, or (with the
    whole one's `facts`) some of its files."""
    return lint_with(lint_context(workspace, config, options, facts), config, options)


def lint_context(
    workspace: Workspace, config: Config, options: Options, facts: Facts | None = None
) -> LintContext:
    return LintContext(workspace, options.today, config.lint.options, facts)


def lint_with(context: LintContext, config: Config, options: Options) -> list[Diagnostic]:
    """The findings of the selected rules over the files of `context`."""
    workspace = context.workspace
    severities = _selected(config, options)
    overridden = {resolve(key, "config") for key in config.lint.severity}
    comments = {
        file.path: Comments(suppressions.parse(file.text, file.source)) for file in workspace.files
    }
    ignored = {file.path: _file_ignores(file.path, config) for file in workspace.files}
    found: list[Diagnostic] = []
    for rule_class, severity in severities.items():
        if rule_class is SuppressionUnused:
            continue
        for finding in rule_class().check(context):
            path = finding.file.path
            if rule_class in ignored[path] or suppressed(finding, rule_class, comments[path]):
                continue
            level = severity if rule_class in overridden else finding.severity or severity
            found.append(diagnostic(rule_class, level, finding))
    if SuppressionUnused in severities:
        for file in workspace.files:
            if SuppressionUnused in ignored[file.path]:
                continue
            for finding in SuppressionUnused.unused(file, comments[file.path].all, set(severities)):
                found.append(diagnostic(SuppressionUnused, severities[SuppressionUnused], finding))
    return found


def diagnostic(rule: type[Documented], severity: Severity, finding: Finding) -> Diagnostic:
    """A finding of a lint rule or a measure finding, located through its file's source map."""
    span = finding.span or finding.file.source.locate(finding.loc)
    return Diagnostic(
        rule.code,
        rule.name,
        severity,
        finding.message,
        finding.file.path,
        span,
        finding.hint,
        finding.subject,
    )


def suppressed(
    finding: Finding,
    rule: type[Documented],
    comments: Comments,
    find: Callable[[str], object] | None = None,
) -> bool:
    """Whether a comment on the finding's item silences `rule` (and marks the comment used).

    `find` resolves a key written in a comment to a rule: lint's registry by default;
    `measure` passes its own, so one comment syntax silences either kind of finding.
    """
    find = find or find_rule
    if not comments.all:
        return False
    source = finding.file.source
    lines = {source.locate(finding.loc).line}
    if finding.item_loc is not None:
        lines.add(source.locate(finding.item_loc).line)
        # A mapping item (`journey:`) starts at its key, a line above its first field.
        lines.add(source.key_span(finding.item_loc).line)
    # A comment applies on its own line and the line below it.
    near = [c for line in lines for n in (line, line - 1) for c in comments.by_line.get(n, ())]
    hit = False
    for comment in [*comments.whole_file, *near]:  # one seen twice is harmless
        if any(find(key) is rule for key in comment.rules):
            comment.used.add(rule.code)
            hit = True
    return hit


class Comments:
    """A file's suppression comments, by line, so each finding looks at a few."""

    def __init__(self, comments: list[suppressions.Suppression]) -> None:
        self.all = comments
        self.whole_file = [c for c in comments if c.whole_file]
        self.by_line: dict[int, list[suppressions.Suppression]] = {}
        for comment in comments:
            if not comment.whole_file:
                self.by_line.setdefault(comment.line, []).append(comment)


def _file_ignores(path: Path, config: Config) -> set[type[Rule]]:
    if not config.lint.per_file_ignores:
        return set()
    absolute = path.resolve()
    relative = (
        absolute.relative_to(config.root).as_posix()
        if config.root and absolute.is_relative_to(config.root)
        else path.as_posix()
    )
    rules: set[type[Rule]] = set()
    for pattern, keys in config.lint.per_file_ignores.items():
        if fnmatch.fnmatch(relative, pattern):
            rules |= resolve_all(keys, "[lint.per-file-ignores]")
    return rules


__all__ = ["Facts", "lint_context", "lint_with", "lint_workspace", "selected_rules"]

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.suggest import did_you_mean

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext
    from csjourney.lint.suppressions import Suppression
    from csjourney.workspace import SourceFile


NAME_THE_RULES = "name the rules: `# csjourney: ignore[RULE, ...] reason`"
MOVE_OR_REMOVE = "remove it, or move it onto the line of the item or the line above"


class SuppressionUnused(Rule):
    """A suppression comment that suppressed nothing.

    Why it matters:
    A suppression records a decision ("we accept this gap, because..."). Once the
    gap is fixed, or the comment names the wrong rule or sits on the wrong line,
    it silences nothing and misleads the next reader; worse, it would silently
    hide the problem if it came back somewhere else. Comments must name their
    rules: there is no blanket form.

    Fails:
    ```yaml
    touchpoints:
      # csjourney: ignore[touchpoint-missing-owner] owner being hired
      - id: webinar
        name: Onboarding webinar
        channel: event
        owner: cs-enablement   # has an owner: the comment suppresses nothing
    ```

    Passes:
    ```yaml
    touchpoints:
      # csjourney: ignore[touchpoint-missing-owner] owner being hired
      - id: webinar
        name: Onboarding webinar
        channel: event
    ```
    """

    code = "CSJ221"
    name = "suppression-unused"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        # Needs the results of every other rule; the linter calls `unused` last.
        return iter(())

    @classmethod
    def unused(
        cls, file: SourceFile, comments: list[Suppression], enabled: set[type[Rule]]
    ) -> Iterator[Finding]:
        if not comments:  # most files: nothing to look up
            return
        from csjourney.lint.registry import RULES, find_rule

        names = [r.name for r in RULES] + [r.code for r in RULES]
        for comment in comments:
            if comment.problem:
                message = f"suppression comment {comment.problem}"
                yield cls._at(file, comment, message, NAME_THE_RULES)
                continue
            for key in comment.rules:
                rule = find_rule(key)
                if rule is None and _measure_finding(key):
                    continue  # only `measure` knows whether it silenced something
                if rule is None:
                    message = f"suppression names unknown rule `{key}`"
                    yield cls._at(file, comment, message, did_you_mean(key, names))
                elif rule in enabled and rule.code not in comment.used:
                    message = f"suppression of `{rule.name}` ({rule.code}) suppressed nothing"
                    yield cls._at(file, comment, message, MOVE_OR_REMOVE)

    @staticmethod
    def _at(file: SourceFile, comment: Suppression, message: str, hint: str | None) -> Finding:
        return Finding(file, (), message, hint=hint, span=comment.span)


def _measure_finding(key: str) -> bool:
    """Whether `key` names a measure finding (imported only for a key lint does not know)."""
    from csjourney.measure.rules.registry import find_finding

    return find_finding(key) is not None

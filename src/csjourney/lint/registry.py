"""The explicit list of lint rules, and lookup by code or name.

Adding a rule: write one module under `rules/`, add its class here, add its
case file under tests/lint/cases/, then `make docs` to regenerate docs/rules.md.
Codes are stable forever; a retired rule's code is never reused.
"""

from __future__ import annotations

import re

from csjourney.errors import UsageError
from csjourney.lint.rule import Rule
from csjourney.lint.rules.emotion_low_unaddressed import EmotionLowUnaddressed
from csjourney.lint.rules.evidence_unused import EvidenceUnused
from csjourney.lint.rules.goal_missing_metric import GoalMissingMetric
from csjourney.lint.rules.initiative_missing_owner import InitiativeMissingOwner
from csjourney.lint.rules.initiative_overdue import InitiativeOverdue
from csjourney.lint.rules.initiative_unlinked import InitiativeUnlinked
from csjourney.lint.rules.journey_lifecycle_gap import JourneyLifecycleGap
from csjourney.lint.rules.journey_review_overdue import JourneyReviewOverdue
from csjourney.lint.rules.metric_missing_target import MetricMissingTarget
from csjourney.lint.rules.metric_off_target import MetricOffTarget
from csjourney.lint.rules.metric_percent_as_fraction import MetricPercentAsFraction
from csjourney.lint.rules.metric_stale import MetricStale
from csjourney.lint.rules.pain_point_missing_evidence import PainPointMissingEvidence
from csjourney.lint.rules.pain_point_unaddressed import PainPointUnaddressed
from csjourney.lint.rules.retention_inconsistent import RetentionInconsistent
from csjourney.lint.rules.segment_thin import SegmentThin
from csjourney.lint.rules.segment_uncovered import SegmentUncovered
from csjourney.lint.rules.stage_missing_exit_criteria import StageMissingExitCriteria
from csjourney.lint.rules.stage_missing_metric import StageMissingMetric
from csjourney.lint.rules.stage_missing_touchpoint import StageMissingTouchpoint
from csjourney.lint.rules.suppression_unused import SuppressionUnused
from csjourney.lint.rules.touchpoint_missing_owner import TouchpointMissingOwner
from csjourney.suggest import did_you_mean

RULES: tuple[type[Rule], ...] = (
    StageMissingTouchpoint,
    StageMissingMetric,
    StageMissingExitCriteria,
    PainPointUnaddressed,
    PainPointMissingEvidence,
    InitiativeMissingOwner,
    InitiativeOverdue,
    InitiativeUnlinked,
    TouchpointMissingOwner,
    MetricMissingTarget,
    MetricOffTarget,
    MetricStale,
    GoalMissingMetric,
    SegmentUncovered,
    SegmentThin,
    JourneyReviewOverdue,
    JourneyLifecycleGap,
    EmotionLowUnaddressed,
    EvidenceUnused,
    RetentionInconsistent,
    SuppressionUnused,
    MetricPercentAsFraction,
)

_BY_KEY: dict[str, type[Rule]] = {
    **{rule.code.upper(): rule for rule in RULES},
    **{rule.name: rule for rule in RULES},
}


def find_rule(key: str) -> type[Rule] | None:
    """A rule by its code (any case) or its name."""
    key = key.strip()
    return _BY_KEY.get(key.upper()) or _BY_KEY.get(key.lower())


def resolve(key: str, where: str) -> type[Rule]:
    """A rule by code or name, or a usage error with a 'did you mean'."""
    rule = find_rule(key)
    if rule is not None:
        return rule
    from csjourney.rulesinfo import structural_code

    check = structural_code(key)
    if check is not None:  # a real code, of a check no configuration turns off
        raise UsageError(
            f"{where}: `{key}` is the structural check {check.code} {check.name}, not a lint "
            f"rule: it cannot be selected or ignored; fix what it reports "
            f"(`csjourney rule {check.code}` explains it)"
        )
    raise UsageError(f"{where}: unknown rule `{key}`" + _rule_hint(key))


def _rule_hint(key: str) -> str:
    """'; did you mean ...?' for a misspelt name, or a code mistyped (`CSJ2O1`: a letter O)."""
    upper = key.strip().upper()
    if re.fullmatch(r"CSJ[0-9O]{3}", upper):
        meant = find_rule(upper[:3] + upper[3:].replace("O", "0"))
        if meant is not None:
            return f"; did you mean `{meant.code}`?"
        hint = did_you_mean(upper, [r.code for r in RULES])
    else:
        hint = did_you_mean(key, [r.name for r in RULES])
    return f"; {hint}" if hint else ""


def resolve_all(keys: list[str] | tuple[str, ...], where: str) -> set[type[Rule]]:
    """Rules named by codes/names; `ALL` stands for every rule."""
    rules: set[type[Rule]] = set()
    for key in keys:
        if key.strip().upper() == "ALL":
            rules.update(RULES)
        else:
            rules.add(resolve(key, where))
    return rules

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext

# Emotion runs from -2 (very negative) to 2; -1 and below is a low point.
LOW_EMOTION = -1


class EmotionLowUnaddressed(Rule):
    """A stage where customers feel bad (emotion -1 or lower) that no initiative works on.

    Why it matters:
    The low points of the emotion curve are where customers decide the
    product is not for them: the week stuck connecting data, the surprise
    invoice. They predict churn and bad reviews better than any single
    metric. A map that records a low point but plans nothing for it has
    found the problem and stopped there. The stage passes when it has an
    initiative of its own, or when an initiative anywhere in the journey
    `addresses` one of its pain points.

    Fails:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        emotion: -1
        pain_points:
          - id: slow-data-connect
            name: Connecting data sources takes days
    ```

    Passes:
    ```yaml
    stages:
      - id: onboarding
        name: Onboarding
        emotion: -1
        pain_points:
          - id: slow-data-connect
            name: Connecting data sources takes days
        initiatives:
          - id: guided-tour
            name: Guided product tour to the first dashboard
            addresses: [slow-data-connect]
    ```
    """

    code = "CSJ218"
    name = "emotion-low-unaddressed"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        addressed: dict[str, set[str]] = {}
        for _file, journey, _loc, initiative in ctx.initiatives():
            addressed.setdefault(journey.id, set()).update(initiative.addresses)
        for file, journey, loc, stage in ctx.stages():
            if stage.emotion is None or stage.emotion > LOW_EMOTION or stage.initiatives:
                continue
            worked_on = addressed.get(journey.id, set())
            if any(pain.id in worked_on for pain in stage.pain_points):
                continue
            yield Finding(
                file,
                (*loc, "emotion"),
                f"stage {named(stage.name, stage.id)} is a low point for customers "
                f"(emotion {stage.emotion}) and no initiative works on it",
                subject=stage.id,
                hint="add an initiative to this stage, or one that `addresses` its pain points",
                item_loc=loc,
            )

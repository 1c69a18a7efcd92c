"""The format's fixed sets of values: stage kinds, phases, severities, channels, types.

Each is a `Literal` the models validate against, and the tuple or table the
rest of the code reads; `csjourney.model` re-exports them.
"""

from __future__ import annotations

from typing import Literal, get_args

StageKind = Literal[
    "awareness", "consideration", "decision", "onboarding", "adoption", "value-realization",
    "expansion", "renewal", "advocacy", "custom",
]  # fmt: skip
Phase = Literal["pre-purchase", "purchase", "post-purchase"]
Severity = Literal["low", "medium", "high", "critical"]
InitiativeStatus = Literal["idea", "planned", "in-progress", "done", "dropped"]
EvidenceType = Literal[
    "survey", "interview", "analytics", "support-tickets", "review", "experiment", "other",
]  # fmt: skip
Direction = Literal["higher-is-better", "lower-is-better"]
DataSource = Literal["events", "responses"]
StatisticName = Literal[
    "visits", "accounts", "conversion", "median-days", "p90-days", "backward",
    "nps", "csat", "ces", "responses",
]  # fmt: skip
MetricType = Literal[
    "nps", "csat", "ces", "retention", "activation", "adoption", "conversion", "churn",
    "nrr", "grr", "count", "currency", "duration", "score", "custom",
]  # fmt: skip

STAGE_KINDS: tuple[str, ...] = get_args(StageKind)
POST_PURCHASE_KINDS = STAGE_KINDS[3:9]
PHASE_OF_KIND = {
    "awareness": "pre-purchase",
    "consideration": "pre-purchase",
    "decision": "purchase",
    **{kind: "post-purchase" for kind in POST_PURCHASE_KINDS},
}
SEVERITIES: tuple[str, ...] = get_args(Severity)
BUILTIN_CHANNELS = (
    "web", "search", "ads", "social", "email", "in-app", "product", "chat", "chatbot", "phone",
    "meeting", "event", "community", "help-center", "support", "survey", "sms", "push",
    "partner", "review-site", "billing", "other",
)  # fmt: skip

"""Pydantic models of the journey map format, version 1 (docs/format.md).

The models check shape: keys, types, value sets, ids, dates, blank text.
Checks that span items (metric ranges by type, id uniqueness, references)
live in `semantics`, which works on the raw data so that one broken item does
not hide the errors of its neighbours. Field order follows the format's
tables; `fmt` relies on it for canonical key order.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from csjourney.metric_types import METRIC_TYPES
from csjourney.values import add_days

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

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


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_string", "must not be blank")
    return value


def _iso_date(value: Any) -> Any:
    """YAML gives dates as `date`; a quoted ISO date is accepted too."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("invalid_date", "a date without a time is expected (YYYY-MM-DD)")
    if isinstance(value, str):
        if not _ISO_DATE.match(value.strip()):
            raise PydanticCustomError(
                "invalid_date", "`{value}` is not a YYYY-MM-DD date", {"value": value}
            )
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "invalid_date", "`{value}` is not a real calendar date", {"value": value}
            ) from None
    return value


Text = Annotated[str, AfterValidator(_not_blank), Field(json_schema_extra={"pattern": r"\S"})]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Emotion = Annotated[int, Field(ge=-2, le=2)]
Number = Annotated[float, Field(allow_inf_nan=False)]
Scalar = str | int | float | bool | dt.date


def _forbid_null_in_schema(schema: dict[str, Any]) -> None:
    """Optional keys may be left out, not left empty: drop `null` from their schema too."""
    for prop in schema.get("properties", {}).values():
        branches = prop.get("anyOf")
        if not branches or {"type": "null"} not in branches:
            continue
        rest = [branch for branch in branches if branch != {"type": "null"}]
        del prop["anyOf"]
        if len(rest) == 1:
            prop.update(rest[0])
        else:
            prop["anyOf"] = rest
        if prop.get("default", ...) is None:
            del prop["default"]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        defer_build=True,
        validate_default=False,
        json_schema_extra=_forbid_null_in_schema,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _reject_empty_value(cls, value: Any, info: ValidationInfo) -> Any:
        """`owner:` with nothing after it is a mistake, not a way to leave `owner` out.

        `None` is only the Python default of optional fields; a file that writes
        an empty value gets an error, as the format requires a value for every key.
        """
        if value is None:
            raise PydanticCustomError("empty_value", "has no value")
        return value


class Segment(Strict):
    id: Id
    name: Text
    description: Text | None = None
    attributes: dict[str, Scalar] | None = None
    needs: list[Text] = []
    goals: list[Text] = []
    behaviors: list[Text] = []
    pain_points: list[Text] = []
    share: Annotated[Number, Field(ge=0, le=1)] | None = None


class Touchpoint(Strict):
    id: Id
    name: Text
    channel: Id
    owner: Text | None = None
    automated: bool | None = None
    emotion: Emotion | None = None
    segments: list[Id] = []
    description: Text | None = None
    url: Text | None = None


class PainPoint(Strict):
    id: Id
    name: Text
    description: Text | None = None
    severity: Severity = "medium"
    touchpoints: list[Id] = []
    segments: list[Id] = []
    evidence: list[Id] = []


class Initiative(Strict):
    id: Id
    name: Text
    description: Text | None = None
    addresses: list[Id] = []
    improves: list[Id] = []
    owner: Text | None = None
    status: InitiativeStatus = "idea"
    due: Date | None = None


class HistoryPoint(Strict):
    date: Date
    value: Number


class Metric(Strict):
    id: Id
    name: Text
    type: MetricType
    unit: Text | None = None
    target: Number | None = None
    current: Number | None = None
    baseline: Number | None = None
    direction: Direction | None = None
    measured: Date | None = None
    source: Id | None = None
    history: list[HistoryPoint] = []

    @property
    def effective_direction(self) -> str:
        return self.direction or METRIC_TYPES[self.type].direction


class Goal(Strict):
    id: Id
    name: Text
    description: Text | None = None
    metrics: list[Id] = []
    segments: list[Id] = []


class Stage(Strict):
    id: Id
    name: Text
    kind: StageKind | None = None
    phase: Phase | None = None
    description: Text | None = None
    customer_goal: Text | None = None
    customer_thinking: Text | None = None
    customer_feeling: Text | None = None
    emotion: Emotion | None = None
    exit_criteria: Text | None = None
    segments: list[Id] = []
    touchpoints: list[Touchpoint] = []
    pain_points: list[PainPoint] = []
    initiatives: list[Initiative] = []
    metrics: list[Metric] = []

    @property
    def effective_kind(self) -> str:
        """`kind`, else the id when it names a standard stage, else `custom`."""
        if self.kind:
            return str(self.kind)
        return self.id if self.id in STAGE_KINDS else "custom"

    @property
    def effective_phase(self) -> str | None:
        return self.phase or PHASE_OF_KIND.get(self.effective_kind)


class Journey(Strict):
    id: Id
    title: Text
    description: Text | None = None
    owner: Text | None = None
    segments: Annotated[list[Id], Field(min_length=1)]
    reviewed: Date | None = None
    review_every_days: Annotated[int, Field(gt=0)] = 90
    stages: Annotated[list[Stage], Field(min_length=1)]
    goals: list[Goal] = []
    metrics: list[Metric] = []

    def all_metrics(self) -> list[Metric]:
        return [*self.metrics, *(m for stage in self.stages for m in stage.metrics)]

    def review_interval(self, default: int) -> int:
        """`review_every_days` when the file sets it, else the workspace's `default`.

        The model fills in 90 when the key is absent; only an explicit value
        beats the configured `review-every-days`.
        """
        if "review_every_days" in self.model_fields_set:
            return self.review_every_days
        return default

    def review_due(self, default: int) -> dt.date | None:
        """The date the next review is due; None without `reviewed`, or past 9999-12-31."""
        if self.reviewed is None:
            return None
        return add_days(self.reviewed, self.review_interval(default))


class Evidence(Strict):
    id: Id
    name: Text
    type: EvidenceType
    date: Date | None = None
    sample_size: Annotated[int, Field(ge=0)] | None = None
    url: Text | None = None


class Channel(Strict):
    id: Id
    name: Text
    description: Text | None = None


class JourneyFile(Strict):
    """One YAML file: a journey map, or a library of shared segments and evidence."""

    model_config = ConfigDict(
        title="csjourney journey map (format version 1)",
        json_schema_extra=lambda schema: _file_schema(schema),
    )

    csjourney: Literal[1]
    journey: Journey | None = None
    segments: list[Segment] = []
    evidence: list[Evidence] = []
    channels: list[Channel] = []


def _file_schema(schema: dict[str, Any]) -> None:
    _forbid_null_in_schema(schema)
    schema["$id"] = "https://csjourney.dev/schemas/csjourney-v1.schema.json"

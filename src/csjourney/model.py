"""Pydantic models of the journey map format, version 1 (docs/format.md).

The models are the one description of a map. They check shape (keys, types,
value sets, ids, dates, blank text) and they declare its structure, which
`csjourney.structure` reads for everyone else: each item model's kind and id
scope (class variables), its child lists (fields typed with an item model),
and its references (`Ref(kind)` in a field's annotation). Checks that span
items (id uniqueness, references, metric ranges by type) live in `semantics`,
which works on the raw data so that one broken item does not hide the errors
of its neighbours. Field order follows the format's tables; `fmt` relies on it
for canonical key order.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from csjourney.fieldtypes import (
    ID_PATTERN,
    Date,
    Emotion,
    Id,
    Number,
    Ref,
    Scalar,
    Strict,
    Text,
    forbid_null_in_schema,
)
from csjourney.metric_types import METRIC_TYPES
from csjourney.valuesets import (
    PHASE_OF_KIND,
    STAGE_KINDS,
    DataSource,
    Direction,
    EvidenceType,
    InitiativeStatus,
    MetricType,
    Phase,
    Severity,
    StageKind,
    StatisticName,
)

__all__ = ["ID_PATTERN", "Id"]  # re-exported: the id rule belongs with the models

# Descriptions shared by many items (docs/format.md leaves these cells empty).
_NAME = "human-readable name, as reports show it"
_DESCRIPTION = "free text: what this is, in a sentence or two"
_ALL_SEGMENTS = "all of the journey's segments"


class Segment(Strict):
    """A group of customers who share needs and behave alike, and who therefore get their own
    journey. Segments are defined once per workspace and referred to by id."""

    item_kind = "segment"
    id_scope = "workspace"

    id: Id = Field(description="the segment's id; unique in the workspace")
    name: Text = Field(description=_NAME)
    description: Text | None = Field(None, description=_DESCRIPTION)
    attributes: dict[str, Scalar] | None = Field(
        None,
        description="free-form firmographics or demographics: text, numbers, booleans or dates, "
        "but no nested lists or mappings",
    )
    needs: list[Text] = Field([], description="what they need from you")
    goals: list[Text] = Field([], description="what they are trying to achieve")
    behaviors: list[Text] = Field(
        [], description="how they typically act (buying, usage, support habits)"
    )
    pain_points: list[Text] = Field(
        [],
        description="recurring frustrations of the segment in general (per-stage pain points "
        "with evidence belong in stages)",
    )
    share: Annotated[Number, Field(ge=0, le=1)] | None = Field(
        None,
        description="fraction of your customers in the segment, from `0` to `1` "
        "(write `0.23`, not `23`)",
    )


class Touchpoint(Strict):
    """A moment where the customer meets your company: an email, a call, a screen in the
    product, an event, an invoice."""

    item_kind = "touchpoint"
    id_scope = "journey"

    id: Id = Field(description="the touchpoint's id; unique within the journey")
    name: Text = Field(description=_NAME)
    channel: Annotated[Id, Ref("channel")] = Field(
        description="a built-in channel or one declared under top-level `channels`"
    )
    owner: Text | None = Field(None, description="team or person who runs this touchpoint")
    automated: bool | None = Field(
        None, description="`true` when a system sends or runs it, `false` when a person does"
    )
    emotion: Emotion | None = Field(None, description="`-2` to `2`, as on a stage")
    segments: Annotated[list[Id], Ref("segment")] = Field(
        [],
        description="only some of the journey's segments meet this touchpoint; "
        f"default: {_ALL_SEGMENTS}",
    )
    description: Text | None = Field(None, description=_DESCRIPTION)
    url: Text | None = Field(None, description="link to the page, template or playbook")


class PainPoint(Strict):
    """Something that goes wrong for the customer in this stage. Tie it to where it happens and
    to the evidence that shows it is real, not a guess."""

    item_kind = "pain point"
    id_scope = "journey"

    id: Id = Field(description="the pain point's id; unique within the journey")
    name: Text = Field(description=_NAME)
    description: Text | None = Field(None, description=_DESCRIPTION)
    severity: Severity = Field(
        "medium", description="`low`, `medium`, `high`, `critical`; default `medium`"
    )
    touchpoints: Annotated[list[Id], Ref("touchpoint")] = Field(
        [],
        description="where the pain shows up; any touchpoint of the same journey, in this or "
        "another stage",
    )
    segments: Annotated[list[Id], Ref("segment")] = Field(
        [], description=f"who feels it; default: {_ALL_SEGMENTS}"
    )
    evidence: Annotated[list[Id], Ref("evidence")] = Field(
        [], description="research that backs it up (evidence ids)"
    )


class Initiative(Strict):
    """Something your company does, or intends to do, to relieve pain points or move metrics:
    a playbook, a product change, a program."""

    item_kind = "initiative"
    id_scope = "journey"

    id: Id = Field(description="the initiative's id; unique within the journey")
    name: Text = Field(description=_NAME)
    description: Text | None = Field(None, description=_DESCRIPTION)
    addresses: Annotated[list[Id], Ref("pain point")] = Field(
        [], description="pain points it should relieve, from any stage of the same journey"
    )
    improves: Annotated[list[Id], Ref("metric")] = Field(
        [],
        description="metrics it should move, stage-level or journey-level, of the same journey",
    )
    owner: Text | None = Field(None, description="who delivers it")
    status: InitiativeStatus = Field(
        "idea", description="`idea`, `planned`, `in-progress`, `done`, `dropped`; default `idea`"
    )
    due: Date | None = Field(None, description="target completion date (YYYY-MM-DD)")


class HistoryPoint(Strict):
    """An earlier value of the metric: exactly two keys, both required."""

    item_kind = "history entry"

    date: Date = Field(description="when it was measured (YYYY-MM-DD)")
    value: Number = Field(description="the value then, inside the type's range")


class MeasureBinding(Strict):
    """Where `csjourney measure` takes the metric's value from: a statistic of the stage
    history (`events`) or of the survey responses (`responses`), narrowed at will."""

    item_kind = "measure binding"

    from_: DataSource = Field(
        alias="from", description="`events` (the stage history) or `responses` (survey answers)"
    )
    statistic: StatisticName = Field(
        description="what to compute; it must fit the metric's `type` (docs/measure.md)"
    )
    touchpoint: Annotated[Id | None, Ref("touchpoint")] = Field(
        None, description="only the responses about this touchpoint of the journey"
    )
    segment: Annotated[Id | None, Ref("segment")] = Field(
        None, description="only this segment of the journey"
    )


class Metric(Strict):
    """A number you track: where it is now, where you want it, and where it came from. Metrics
    can sit on a stage or on the journey as a whole."""

    item_kind = "metric"
    id_scope = "journey"
    # The fields that hold a value of the metric, all inside the type's range.
    value_fields: ClassVar[tuple[str, ...]] = ("target", "current", "baseline")

    id: Id = Field(description="the metric's id; unique within the journey")
    name: Text = Field(description=_NAME)
    type: MetricType = Field(
        description="what it measures; sets the allowed range and the default direction"
    )
    unit: Text | None = Field(
        None,
        description="free text, meant for `count`, `duration`, `currency` and `custom` "
        "(`days`, `hours`, `USD`, `tickets`)",
    )
    target: Number | None = Field(
        None, description="the value you aim for; must be inside the type's range"
    )
    current: Number | None = Field(None, description="the latest measured value; inside the range")
    baseline: Number | None = Field(
        None, description="the value before your initiatives started; inside the range"
    )
    direction: Direction | None = Field(
        None,
        description="`higher-is-better` or `lower-is-better`; default: depends on `type`. "
        "Set it only when the default is wrong for your metric",
    )
    measured: Date | None = Field(None, description="when `current` was measured (YYYY-MM-DD)")
    source: Annotated[Id | None, Ref("evidence")] = Field(
        None, description="where the figure comes from (an evidence id)"
    )
    measure: MeasureBinding | None = Field(
        None, description="where `csjourney measure` takes `current` from; default: typed by hand"
    )
    history: list[HistoryPoint] = Field(
        [],
        description="earlier values, oldest first; each `date` must be later than the one before",
    )

    @property
    def effective_direction(self) -> str:
        return self.direction or METRIC_TYPES[self.type].direction


class Goal(Strict):
    """A business outcome the journey serves, measured by one or more of the journey's
    metrics."""

    item_kind = "goal"
    id_scope = "journey"

    id: Id = Field(description="the goal's id; unique within the journey")
    name: Text = Field(description=_NAME)
    description: Text | None = Field(None, description=_DESCRIPTION)
    metrics: Annotated[list[Id], Ref("metric")] = Field(
        [],
        description="metrics of the same journey (any stage, or journey-level) that show progress",
    )
    segments: Annotated[list[Id], Ref("segment")] = Field(
        [], description=f"default: {_ALL_SEGMENTS}"
    )


class Stage(Strict):
    """One step of the lifecycle. Stages appear in the order the customer goes through them."""

    item_kind = "stage"
    id_scope = "journey"

    id: Id = Field(
        description="the stage's id; unique within the journey (shared namespace): no other "
        "stage, touchpoint, pain point, initiative, metric or goal of the journey may use it"
    )
    name: Text = Field(description=_NAME)
    kind: StageKind | None = Field(
        None,
        description="which standard lifecycle stage this is; default: the stage's `id` when "
        "it is one of the standard names, else `custom`",
    )
    phase: Phase | None = Field(
        None,
        description="`pre-purchase`, `purchase`, `post-purchase`; default: follows from the "
        "kind (none for `custom`)",
    )
    description: Text | None = Field(None, description=_DESCRIPTION)
    customer_goal: Text | None = Field(
        None, description="what the customer wants out of this stage"
    )
    customer_thinking: Text | None = Field(None, description="what goes through their mind")
    customer_feeling: Text | None = Field(None, description="how they feel")
    emotion: Emotion | None = Field(
        None, description="`-2` (very negative) to `2` (very positive); `0` is neutral"
    )
    exit_criteria: Text | None = Field(
        None,
        description="the observable event that shows the customer has succeeded here and moved on",
    )
    segments: Annotated[list[Id], Ref("segment")] = Field(
        [],
        description=f"limit the stage to some of the journey's segments; default: {_ALL_SEGMENTS}",
    )
    touchpoints: list[Touchpoint] = Field(
        [], description="where the customer meets your company in this stage"
    )
    pain_points: list[PainPoint] = Field(
        [], description="what goes wrong for the customer in this stage"
    )
    initiatives: list[Initiative] = Field(
        [], description="what your company does or plans to do in this stage"
    )
    metrics: list[Metric] = Field([], description="the numbers you track for this stage")

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
    """The map itself: who it is for, the ordered stages, and the business goals and
    company-level numbers it is meant to move."""

    item_kind = "journey"
    id_scope = "journeys"

    id: Id = Field(description="the journey's id; unique among all journeys in the workspace")
    title: Text = Field(description="human-readable title")
    description: Text | None = Field(None, description=_DESCRIPTION)
    owner: Text | None = Field(
        None, description="team or person responsible for keeping the map true"
    )
    segments: Annotated[list[Id], Field(min_length=1), Ref("segment")] = Field(
        description="at least one; the segments this map describes (segment ids)"
    )
    reviewed: Date | None = Field(
        None,
        description="the last time the map was checked against what customers actually do "
        "(YYYY-MM-DD)",
    )
    review_every_days: Annotated[int, Field(gt=0)] = Field(
        90,
        description="how often the map should be reviewed; must be greater than 0; default 90",
    )
    stages: Annotated[list[Stage], Field(min_length=1)] = Field(
        description="at least one; list order is journey order"
    )
    goals: list[Goal] = Field([], description="business goals the journey serves")
    metrics: list[Metric] = Field(
        [],
        description="numbers that belong to the journey as a whole rather than one stage "
        "(retention, NRR, GRR, churn)",
    )


class Evidence(Strict):
    """A source of knowledge about customers: a survey, interviews, product analytics, a ticket
    review, public reviews, an experiment. Pain points and metrics cite evidence by id."""

    item_kind = "evidence"
    item_noun = "evidence item"
    id_scope = "workspace"

    id: Id = Field(description="the evidence item's id; unique in the workspace")
    name: Text = Field(description=_NAME)
    type: EvidenceType = Field(description="what kind of source it is")
    date: Date | None = Field(None, description="when the data was collected (YYYY-MM-DD)")
    sample_size: Annotated[int, Field(ge=0)] | None = Field(
        None, description="0 or more (respondents, interviews, tickets...)"
    )
    url: Text | None = Field(None, description="link to the report or dashboard")


class Channel(Strict):
    """Declares a channel that is not in the built-in list. Once declared, any touchpoint in
    the workspace can use its id as `channel`."""

    item_kind = "channel"
    id_scope = "workspace"

    id: Id = Field(
        description="unique in the workspace, and must not be one of the built-in channel ids"
    )
    name: Text = Field(description=_NAME)
    description: Text | None = Field(None, description=_DESCRIPTION)


class JourneyFile(Strict):
    """One YAML file: a journey map, or a library of shared segments and evidence."""

    item_kind = "file"

    model_config = ConfigDict(
        title="csjourney journey map (format version 1)",
        json_schema_extra=lambda schema: _file_schema(schema),
    )

    csjourney: Literal[1] = Field(description="format version; must be `1`")
    journey: Journey | None = Field(
        None, description="the journey map this file holds; absent in a library file"
    )
    segments: list[Segment] = Field(
        [], description="customer segments, shared by the whole workspace"
    )
    evidence: list[Evidence] = Field(
        [],
        description="research and data that pain points and metrics cite, shared by the whole "
        "workspace",
    )
    channels: list[Channel] = Field(
        [],
        description="your own channel names in addition to the built-in ones, shared by the "
        "whole workspace",
    )


def _file_schema(schema: dict[str, Any]) -> None:
    forbid_null_in_schema(schema)
    schema["$id"] = "https://csjourney.dev/schemas/csjourney-v1.schema.json"

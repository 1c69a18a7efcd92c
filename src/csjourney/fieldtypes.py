"""The building blocks of the models: the strict base class, the value types, and `Ref`.

`Strict` carries the two class variables that place a model in the
structure of a map (`item_kind`, `id_scope`); `Ref` marks a field that
holds ids of another kind of item. `csjourney.structure` reads both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

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

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

# Where an item's id must be unique: among the workspace's shared items (segments,
# evidence, channels), among all journeys, or within one journey (stages and
# everything in them share one namespace).
IdScope = Literal["workspace", "journeys", "journey"]


@dataclass(frozen=True, slots=True)
class Ref:
    """Field metadata: the field holds the id, or a list of ids, of an item of `kind`.

    Written in the field's annotation, `Annotated[list[Id], Ref("segment")]`,
    so that a field and what it points at are declared in one place.
    """

    kind: str


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


def forbid_null_in_schema(schema: dict[str, Any]) -> None:
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
    """Every model of the format: unknown keys, wrong types and empty values are errors."""

    # How messages and diffs name an item of this model ("pain point"), and the
    # scope its `id` is unique in (None: the model has no id).
    item_kind: ClassVar[str]
    item_noun: ClassVar[str | None] = None  # when the noun differs: "evidence item"
    id_scope: ClassVar[IdScope | None] = None

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        defer_build=True,
        validate_default=False,
        json_schema_extra=forbid_null_in_schema,
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

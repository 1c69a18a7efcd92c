"""Turn pydantic's validation errors into located, plain-language diagnostics."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from csjourney.diagnostics import Diagnostic, Fix, structural
from csjourney.loader import LoadedFile
from csjourney.model import ID_PATTERN, JourneyFile
from csjourney.shapes import (
    describe_item,
    describe_value,
    key_phrase,
    label,
    node_at,
    split_items,
    type_hint,
)
from csjourney.structure import kind_at, list_nouns, reference_at
from csjourney.suggest import HINTS_PER_FILE, best, closest, slugify
from csjourney.values import number_text

Loc = tuple[str | int, ...]

# What pydantic error types mean in our vocabulary.
_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "date_type": "a date (YYYY-MM-DD)",
}
_RANGE_TYPES = {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}


def validate_file(loaded: LoadedFile) -> tuple[JourneyFile | None, list[Diagnostic]]:
    """Validate one loaded file's data against the model."""
    assert loaded.data is not None
    try:
        return JourneyFile.model_validate(loaded.data), []
    except ValidationError as error:
        return None, _diagnostics(loaded, error)


def _diagnostics(loaded: LoadedFile, error: ValidationError) -> list[Diagnostic]:
    by_loc: dict[Loc, list[Any]] = {}
    reported = set(loaded.reported_paths)
    for detail in error.errors(include_url=False):
        loc = _real_loc(loaded.data, tuple(detail["loc"]), detail["type"])
        if not _already_reported(loc, reported):  # the loader may have said it first
            by_loc.setdefault(loc, []).append(detail)
    # In file order, so that the findings a report shows are the ones with hints.
    ordered = sorted(by_loc.items(), key=lambda item: loaded.source.locate(item[0])[:2])
    misspelt = _misspelt_keys(ordered[:HINTS_PER_FILE])
    lacking: dict[Loc, set[str]] = {}
    for loc, details in ordered:
        if details[0]["type"] == "missing" and loc not in misspelt:
            lacking.setdefault(loc[:-1], set()).add(str(loc[-1]))
    # One item written with a dash before each key is one mistake, said once.
    splits = {item: run for run in split_items(loaded.data, lacking, _required) for item in run[0]}
    found, said = [], set()
    for number, (loc, details) in enumerate(ordered):
        if details[0]["type"] == "missing" and loc in misspelt:
            continue  # `chanel: email` already says what is wrong with the missing `channel`
        if details[0]["type"] == "missing" and loc[:-1] in splits:
            items, still = splits[loc[:-1]]
            if items[0] not in said:
                said.add(items[0])
                found.append(_split_item(loaded, items, still))
            continue
        if details[0]["type"] == "string_pattern_mismatch" and reference_at(loc):
            continue  # semantics knows the ids and names to suggest for a reference
        # Union members each report the one value; a type mismatch lists every accepted type.
        expected = list(dict.fromkeys(_TYPE_WORDS.get(d["type"], "") for d in details))
        if len(expected) > 1 and all(expected):
            found.append(_wrong_type(loaded, loc, _any_of(expected), details[0].get("input")))
        else:
            found.append(_convert(loaded, loc, details[0], suggest=number < HINTS_PER_FILE))
    return found


def _split_item(loaded: LoadedFile, items: list[Loc], still: set[str]) -> Diagnostic:
    """One item written as several list items (`- id: a`, `- name: A`): one finding."""
    merged: dict[Any, Any] = {}
    for item in items:
        merged.update(node_at(loaded.data, item) or {})
    noun = list_nouns().get(str(items[0][-2]), "item")
    shown = label(merged, int(items[0][-1]))
    first, last = (loaded.source.locate(item).line for item in (items[0], items[-1]))
    message = f"{noun} {shown} is split over {len(items)} list items (lines {first}-{last})"
    if still:
        message += "; even together they lack " + ", ".join(f"`{k}`" for k in sorted(still))
    hint = (
        f"each {noun} is one list item: only its first key starts with a dash (`- `); "
        "remove the dashes before the others and line them up under the first key"
    )
    return structural("missing-key", message, loaded.path, loaded.source.locate(items[0]), hint)


def _required(loc: Loc) -> set[str]:
    kind = kind_at(loc)
    if kind is None:
        return set()
    return {key for key in kind.keys if kind.model.model_fields[kind.attribute(key)].is_required()}


def _misspelt_keys(located: list[tuple[Loc, list[Any]]]) -> set[Loc]:
    """Where a required key is missing because an unknown key is its misspelling."""
    misspelt = set()
    for loc, details in located:
        if details[0]["type"] == "extra_forbidden":
            meant = closest(str(loc[-1]), _allowed_keys(loc[:-1]))
            if meant is not None:
                misspelt.add((*loc[:-1], meant))
    return misspelt


def _already_reported(loc: Loc, reported: set[Loc]) -> bool:
    return any(loc[:end] in reported for end in range(len(loc) + 1))


def _real_loc(data: Any, loc: Loc, kind: str) -> Loc:
    """Drop the union-member names pydantic appends after the real data path."""
    node, real = data, []
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and (part in node or kind == "missing"):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
        real.append(part)
    return tuple(real)


def _convert(loaded: LoadedFile, loc: Loc, detail: Any, *, suggest: bool) -> Diagnostic:
    """One model error as a diagnostic; `suggest`: look for a 'did you mean'."""
    kind: str = detail["type"]
    path, source = loaded.path, loaded.source
    key = key_phrase(loc)
    where = describe_item(loaded.data, loc[:-1])
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "extra_forbidden":
        return _unknown_key(loaded, loc, where, suggest=suggest)
    if kind == "empty_value":
        return _empty_value(loaded, loc)
    if kind == "missing":
        return structural(
            "missing-key",
            f"{where} is missing required key `{loc[-1]}`",
            path,
            source.locate(loc[:-1]),
        )
    span = source.locate(loc)
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        return structural("out-of-range", f"{key} is too large a number", path, span)
    if kind in _TYPE_WORDS:
        return _wrong_type(loaded, loc, _TYPE_WORDS[kind], value)
    if kind in _RANGE_TYPES:
        bound = next(iter(ctx.values()))
        relation = {"greater_than": "greater than", "greater_than_equal": "at least",
                    "less_than": "less than", "less_than_equal": "at most"}[kind]  # fmt: skip
        got = number_text(value) if isinstance(value, int | float) else value
        return structural(
            "out-of-range", f"{key} must be {relation} {bound} (got {got})", path, span
        )
    if kind == "finite_number":
        return structural("out-of-range", f"{key} must be a finite number", path, span)
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        meant = best(value, choices) if suggest and isinstance(value, str) else None
        fix = Fix.at(source, loc, value, meant.word) if meant and meant.unique else None
        return structural(
            "invalid-choice",
            f"{key} must be one of: {', '.join(choices)} (got {describe_value(value)})",
            path,
            span,
            meant.hint() if meant else None,
            fix=fix,
        )
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return structural(
            "invalid-id",
            f"`{value}` is not a valid id: use lowercase letters, digits, `-` and `_`, "
            "starting with a letter or digit, at most 64 characters",
            path,
            span,
            _slug_hint(str(value)),
        )
    if kind == "blank_string":
        return structural("blank-string", f"{key} must not be blank", path, span, _fill_hint(loc))
    if kind == "invalid_date":
        return structural("invalid-date", f"{key}: {detail['msg']}", path, span)
    if kind == "too_short":
        return structural("empty-list", f"{key} needs at least one item", path, span)
    return structural("invalid-value", f"{key}: {detail['msg']}", path, span)


def _unknown_key(loaded: LoadedFile, loc: Loc, where: str, *, suggest: bool) -> Diagnostic:
    """`nmae:`: a 'did you mean `name`?', and its fix when `name` is not already there."""
    allowed = _allowed_keys(loc[:-1])
    word = str(loc[-1])
    meant = best(word, allowed) if suggest else None
    hint, fix = "allowed keys: " + ", ".join(allowed), None
    if meant is not None:
        present = node_at(loaded.data, loc[:-1]) or {}
        taken = [w for w in meant.words if w in present]
        hint = meant.hint()
        if taken:
            hint += f" (`{taken[0]}` is already set here: keep one of the two)"
        elif meant.unique:
            fix = Fix.at(loaded.source, loc, word, meant.word, key=True)
    message = f"unknown key `{word}` in {where}"
    return structural(
        "unknown-key", message, loaded.path, loaded.source.key_span(loc), hint, fix=fix
    )


def _wrong_type(loaded: LoadedFile, loc: Loc, expected: str, value: Any) -> Diagnostic:
    message = f"{key_phrase(loc)} must be {expected}, not {describe_value(value)}"
    span = loaded.source.locate(loc)
    return structural("wrong-type", message, loaded.path, span, type_hint(expected, value, loc))


def _any_of(expected: list[str]) -> str:
    """'text, a number, true/false or a date (YYYY-MM-DD)'."""
    if "a number" in expected:
        expected = [word for word in expected if word != "a whole number"]
    words = [word.replace("true or false", "true/false") for word in expected]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _empty_value(loaded: LoadedFile, loc: Loc) -> Diagnostic:
    """`owner:` with nothing after it: blank text, or a missing number, list...."""
    field = _field(loc)
    is_text = field is not None and _holds_text(field.annotation)
    name = "blank-string" if is_text else "wrong-type"
    span = loaded.source.locate(loc)
    return structural(name, f"{key_phrase(loc)} is empty", loaded.path, span, _fill_hint(loc))


def _field(loc: Loc) -> FieldInfo | None:
    kind = kind_at(loc[:-1])
    return kind.model.model_fields.get(kind.attribute(str(loc[-1]))) if kind else None


def _fill_hint(loc: Loc) -> str:
    if isinstance(loc[-1], int):
        return "write the item, or remove it"
    field = _field(loc)
    optional = field is not None and not field.is_required()
    return f"write a value after `{loc[-1]}:`" + (" or remove the line" if optional else "")


def _holds_text(annotation: Any) -> bool:
    """Whether a field's type is text (`Text`, `Id`, optional or not)."""
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _holds_text(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_holds_text(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    return False


def _allowed_keys(loc: Loc) -> list[str]:
    kind = kind_at(loc)
    return list(kind.keys) if kind else []


def _slug_hint(value: str) -> str | None:
    slug = slugify(value)
    return f"did you mean `{slug}`?" if slug and re.match(ID_PATTERN, slug) else None

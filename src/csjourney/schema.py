"""The JSON Schema of the format, generated from the models.

`schemas/csjourney-v1.schema.json` is this output, committed for editors
(yaml-language-server) and other tools; a test keeps it in date.

The models give the shape and every key's description. This module adds
what an editor needs beyond shape, each from the one place that owns it:
the per-type ranges of metric values (from `metric_types`, as `if`/`then` on
`type`), the built-in channels as completions, a description of every
allowed value (`enumDescriptions`), and Markdown copies of the descriptions
(`markdownDescription`), which yaml-language-server renders on hover.
"""

from __future__ import annotations

import json
import math
from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# What each allowed value means, per value set (the model's Literals). The
# metric types' meanings live in `metric_types`.
_VALUE_DOCS: dict[str, dict[str, str]] = {
    "kind": {
        "awareness": "the customer learns that you exist and what you offer",
        "consideration": "they compare options, you among them",
        "decision": "they choose and buy",
        "onboarding": "they get set up and reach first value",
        "adoption": "they make the product part of how they work or live",
        "value-realization": "they get the outcome they bought it for",
        "expansion": "they buy more: seats, plans, products",
        "renewal": "they decide to stay",
        "advocacy": "they recommend you to others",
        "custom": "a stage of your own that is none of the standard ones",
    },
    "phase": {
        "pre-purchase": "before the customer buys",
        "purchase": "the buying decision",
        "post-purchase": "after the sale",
    },
    "severity": {
        "low": "a minor annoyance",
        "medium": "costs customers time or effort (the default)",
        "high": "stops some customers or puts accounts at risk",
        "critical": "stops most customers or loses them",
    },
    "status": {
        "idea": "proposed, not yet planned (the default)",
        "planned": "agreed and scheduled",
        "in-progress": "being worked on",
        "done": "delivered",
        "dropped": "decided against",
    },
    "evidence": {
        "survey": "a survey of customers",
        "interview": "customer interviews",
        "analytics": "product or web analytics",
        "support-tickets": "a review of support tickets",
        "review": "public reviews",
        "experiment": "an experiment or A/B test",
        "other": "any other source",
    },
    "from": {
        "events": "the stage history: one row per account entering a stage",
        "responses": "survey responses: NPS, CSAT and CES answers",
    },
    "direction": {
        "higher-is-better": "a rise is good news",
        "lower-is-better": "a fall is good news (churn, duration)",
    },
    "channel": {
        "web": "discovery: your website",
        "search": "discovery: search engines",
        "ads": "discovery: paid advertising",
        "social": "discovery: social media",
        "review-site": "discovery: review sites",
        "partner": "discovery: partners and resellers",
        "email": "messaging: email",
        "sms": "messaging: text messages",
        "push": "messaging: push notifications",
        "chat": "messaging: live chat with a person",
        "chatbot": "messaging: an automated chat",
        "product": "product: the product itself",
        "in-app": "product: messages and guides inside the product",
        "phone": "people: phone calls",
        "meeting": "people: meetings with your team",
        "event": "people: events and webinars",
        "community": "people: forums and user groups",
        "help-center": "service: self-service help articles",
        "support": "service: the support team",
        "survey": "service: surveys",
        "billing": "commercial: quotes, invoices and payments",
        "other": "anything else",
    },
}


def schema_dict() -> dict[str, Any]:
    from csjourney.model import ID_PATTERN, JourneyFile
    from csjourney.structure import kinds as item_kinds
    from csjourney.valuesets import BUILTIN_CHANNELS, PHASE_OF_KIND

    generated = JourneyFile.model_json_schema(mode="validation")
    schema: dict[str, Any] = {"$schema": DIALECT, **generated}
    defs = schema["$defs"]
    defs["Metric"]["allOf"] = _metric_ranges()
    builtin = {"type": "string", "enum": list(BUILTIN_CHANNELS)}
    for item in item_kinds().values():  # a channel reference offers the built-in channels
        for name, ref in item.references.items():
            if ref.target != "channel" or item.model.__name__ not in defs:
                continue
            channel = defs[item.model.__name__]["properties"][name]
            channel = channel["items"] if ref.many else channel
            channel["anyOf"] = [builtin, {"type": "string", "pattern": ID_PATTERN}]
            for key in ("type", "pattern"):
                channel.pop(key, None)
    kinds = dict(_VALUE_DOCS["kind"])
    for kind, phase in PHASE_OF_KIND.items():  # the default phase, from the model
        kinds[kind] += f" (default phase: {phase})"
    metric_types = _metric_type_docs()
    statistics = _statistic_docs()
    value_sets = (*_VALUE_DOCS.values(), kinds, metric_types, statistics)
    docs = {frozenset(values): values for values in value_sets}
    _describe(schema, docs)
    return schema


def _metric_type_docs() -> dict[str, str]:
    from csjourney.metric_types import METRIC_TYPES

    return {
        name: f"{t.description}; {t.range_text}, {t.direction.replace('-', ' ')}"
        for name, t in METRIC_TYPES.items()
    }


def _statistic_docs() -> dict[str, str]:
    from csjourney.statistics import STATISTICS

    return {
        name: f"{s.description} (from {s.source}); fits {', '.join((*s.fits, 'custom'))} metrics"
        for name, s in STATISTICS.items()
    }


def _metric_ranges() -> list[dict[str, Any]]:
    """`if type is X then values lie in X's range`, one rule per bounded type."""
    from csjourney.metric_types import METRIC_TYPES
    from csjourney.model import Metric

    rules: list[dict[str, Any]] = []
    for name, metric_type in METRIC_TYPES.items():
        bounds = {
            keyword: bound
            for keyword, bound in (("minimum", metric_type.low), ("maximum", metric_type.high))
            if math.isfinite(bound)
        }
        if not bounds:
            continue
        value = {"type": "number", **bounds}
        rules.append(
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {
                    "properties": {
                        **dict.fromkeys(Metric.value_fields, value),
                        "history": {"items": {"properties": {"value": value}}},
                    }
                },
            }
        )
    return rules


def _describe(node: Any, docs: dict[frozenset[str], dict[str, str]]) -> None:
    """Describe every allowed value, and give each description a Markdown copy."""
    if isinstance(node, list):
        for item in node:
            _describe(item, docs)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("description"), str):
        node["markdownDescription"] = node["description"]
    values = docs.get(frozenset(node.get("enum", ())))
    if values is not None:
        node["markdownEnumDescriptions"] = [values[value] for value in node["enum"]]
        node["enumDescriptions"] = node["markdownEnumDescriptions"]
    for value in list(node.values()):
        _describe(value, docs)


def schema_text() -> str:
    return json.dumps(schema_dict(), indent=2, ensure_ascii=False) + "\n"

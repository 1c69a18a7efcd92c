"""Deterministic generator of realistic csjourney workspaces, for the benchmarks.

`generate_workspace(dir, maps)` writes a csjourney.toml, a library file and `maps`
journey files of about 8 KB: nine lifecycle stages with touchpoints, pain points,
initiatives, metrics with history, and goals. `journey_text(index, scale=k)` is one
map with k times the stages. Output depends only on the seed and the map's index.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

from csjourney.metric_types import METRIC_TYPES

DEFAULT_SEED = 2026
# The "today" the generated dates are recent to; pass it as `validate --today` so
# date-based lint rules give the same answer whenever the benchmark runs.
REFERENCE_DATE = dt.date(2026, 11, 15)
MAPS_PER_FOLDER = 50
MARKER = "# Generated benchmark workspace; replaced on every run."
DESCRIBED, PAINED = 0.2, 0.15  # shares of stages with a description, with pain points
WIDTH = 96  # longer text is written as a folded block, as people do by hand

LIFECYCLE = (
    "awareness", "consideration", "decision", "onboarding", "adoption",
    "value-realization", "expansion", "renewal", "advocacy",
)  # fmt: skip
TYPICAL_EMOTION = (0, 0, 1, -1, 0, 1, 1, 0, 2)  # the classic dip during onboarding
SEGMENTS = (  # id, name, share, "attribute: value" pairs, a need
    ("smb", "Small business", 0.45, "employees: 1-50|plan: Starter", "Live without a sales call"),
    ("mid-market", "Mid-market", 0.2, "employees: 51-1000|plan: Growth", "Roll out in weeks"),
    ("enterprise", "Enterprise", 0.08, "employees: 1000+|plan: Enterprise", "SSO and audit logs"),
    ("public-sector", "Public sector", 0.07, "procurement: tender", "Data kept in the country"),
    ("agencies", "Agencies", 0.1, "clients: 5-200|plan: Partner", "One login for all clients"),
    ("education", "Education", 0.1, "seats: 50-5000|billing: annual", "Term-based billing"),
)
EVIDENCE = (  # id, name, type, sample size
    ("onboarding-survey", "Day-30 onboarding survey", "survey", 618),
    ("churn-interviews", "Churned customer interviews", "interview", 24),
    ("usage-warehouse", "Product usage and health-score data", "analytics", None),
    ("ticket-review", "Support ticket tagging review", "support-tickets", 3140),
    ("review-sites", "G2 and Capterra reviews, last twelve months", "review", 187),
    ("relationship-nps", "Relationship NPS survey", "survey", 1240),
    ("pricing-test", "Pricing page A/B test", "experiment", 9800),
)
EXTRA_CHANNELS = (
    ("qbr", "Quarterly business review", "Outcome review with the executive sponsor."),
    ("slack-connect", "Shared Slack Connect channel", "Shared channel with customer admins."),
)
AUTOMATED_CHANNELS = {"email", "in-app", "billing", "push", "sms"}
TEAMS = (
    "cs-ops", "growth-eng", "product-growth", "lifecycle-marketing", "support", "solutions",
    "content-marketing", "product-marketing", "account-management", "community",
)  # fmt: skip

# Per stage, one line each: customer goals, exit criteria, touchpoints ("name@channel"),
# pain points, initiatives, metrics ("slug:type:name"); "|" separates alternatives.
_STAGE_LINES = """
Find a better way than spreadsheets for the weekly numbers|Learn what good reporting looks like
Visits the pricing page from a guide|Signs up for the newsletter
How-to guides@search|Category listings@review-site|Podcast ads@ads|Industry report@web
Guides rank below competitors|Nobody has heard of us outside the US
Rewrite the top twenty guides|Customer story video series|Localised landing pages
guide-visitors:count:Monthly organic visitors|brand-search:count:Branded searches
Check it works with the tools we already use|Compare price and value across vendors
Starts a free trial|Books a demo
Pricing page@web|Integration directory@web|Live product demo@meeting|Comparison guide@web
Seat limits are hard to work out|Integration list is out of date
Seat and plan calculator|Interactive product tour|Integration status page
visit-to-trial:conversion:Visit to trial conversion|demo-show:conversion:Demo show rate
Buy before the trial ends without a sales call|Get sign-off from finance quickly
First payment succeeds|Order form countersigned
Trial reminder emails@email|In-app checkout@billing|Security review portal@web
Procurement asks for documents we lack|Checkout rejects company cards
Trust center with security documents|Invoice payment at checkout|Quote builder
trial-to-paid:conversion:Trial to paid conversion|sales-cycle:duration:Sales cycle length
Connect our data and see a first useful dashboard|Get the whole team set up in a week
First dashboard shared with a teammate|Kickoff plan signed off
Welcome emails@email|Setup checklist@in-app|Onboarding webinar@event|Kickoff call@meeting
Connector authorisation fails silently|Empty workspace after setup|Training is too long
Plain-language connector errors|Role-based starter dashboards|Guided setup wizard
activation:activation:Activated within 14 days|ttv:duration:Days to first value
Make the dashboards part of the weekly meeting|Roll the product out to every team
Weekly active for four weeks in a row|Three teams using it weekly
In-app guides@in-app|Help center articles@help-center|Support chat@chat|Office hours@event
Advanced filters are hard to find|Alerts are noisy
Feature discovery checklist|Alert digest mode|Admin usage report
weekly-active:adoption:Weekly active accounts|support-csat:csat:Support chat CSAT
Spend less time on reporting and trust the numbers|Show a return on the investment
Reports hours saved in the survey|Value review accepted by the sponsor
Time-saved digest@email|Health-score outreach@email|Value review@qbr
Value is invisible to the budget holder|Numbers disagree with finance
Automated value report|Metric definitions shared with finance|Executive summary email
multi-dashboard:adoption:Accounts with three shared dashboards|health:score:Health score
Bring in teammates and more data as we grow|Extend to another business unit
Upgrades plan or adds seats|Second business unit signs an order
Seat-limit prompt@in-app|Expansion plan review@qbr|Partner referrals@partner
Upgrade pricing feels like a penalty|No owner for the second rollout
Flexible seat bundles|Expansion playbook for CSMs|Departmental trial
upgrade-rate:conversion:Accounts upgrading per quarter|nrr:nrr:Net revenue retention
Renew knowing the investment paid off|Keep paying only while it earns its place
Renews the annual plan|Payment collected on time
Renewal notice@email|Failed-payment emails@billing|Renewal call@phone|Shared channel@slack-connect
Expired cards cancel happy accounts|Renewal quote arrives too late
Card updater and smart retries|Renewal playbook at 120 days|Multi-year discount
renewal-rate:retention:Renewal rate|renewal-ces:ces:Effort score at renewal
Recommend the product to peers|Get recognised for the results
Leaves a review or refers a peer|Speaks at a customer event
Review request@email|Advocate community@community|Customer awards@event
Referral reward is unclear|Advocates are asked too often
Referral program refresh|Advocate rotation list|Case study fast track
nps:nps:Net Promoter Score|referrals:count:Referred signups per quarter
"""
_ROWS = _STAGE_LINES.strip().split("\n")
STAGE_TEXT = {kind: _ROWS[6 * n : 6 * n + 6] for n, kind in enumerate(LIFECYCLE)}
METRIC_VALUES: dict[str, tuple[float, float, int]] = {  # realistic target (low, high, decimals)
    "count": (500, 60000, 0), "conversion": (2, 35, 1), "activation": (35, 80, 1),
    "adoption": (40, 85, 1), "retention": (70, 95, 1), "churn": (1, 8, 1), "nrr": (100, 130, 1),
    "grr": (80, 96, 1), "nps": (10, 60, 0), "csat": (70, 95, 1), "ces": (4, 6.5, 1),
    "duration": (2, 45, 0), "score": (40, 90, 0),
}  # fmt: skip
LOWER_IS_BETTER = {"churn", "duration"}
SEVERITIES = ("low", "medium", "high", "critical")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .()/%+&'-]*")  # no "," for flow lists
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
_FILLER = {"a", "an", "and", "at", "for", "is", "of", "on", "the", "we", "with"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool | dt.date):
        return str(value).lower()  # true/false; a date's str() is its ISO form
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    plain = _PLAIN.fullmatch(value) and value.lower() not in _RESERVED and value[-1] != " "
    return str(value) if plain else json.dumps(value, ensure_ascii=False)


def _item(indent: int, **fields: Any) -> list[str]:
    """One mapping as a block-sequence item, keys in the given order; long text is folded."""
    lines: list[str] = []
    for key, value in fields.items():
        if value is None or value == []:
            continue
        lead = " " * indent + ("- " if not lines else "  ")
        if isinstance(value, str) and len(lead) + len(key) + len(value) + 2 > WIDTH:
            body = " " * (indent + 4)
            lines.append(f"{lead}{key}: >-")
            lines.extend(textwrap.wrap(value, WIDTH, initial_indent=body, subsequent_indent=body))
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


def _slug(text: str) -> str:
    """A short id from the first three words that matter, as people write them."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FILLER]
    return "-".join(words[:3])


def _months_back(date: dt.date, months: int) -> dt.date:
    """The last day of the month `months` before `date`'s month."""
    after = date.year * 12 + date.month - months  # index of the month after that one
    return dt.date(after // 12, after % 12 + 1, 1) - dt.timedelta(days=1)


class _JourneyWriter:
    """Builds one journey map; ids are unique within it and every reference resolves."""

    def __init__(self, rng: random.Random, segments: list[str]) -> None:
        self.rng, self.segments = rng, segments
        self.used: set[str] = set()
        self.metrics: list[str] = []

    def new_id(self, base: str) -> str:
        n = 1
        while (candidate := base if n == 1 else f"{base}-{n}") in self.used:
            n += 1
        self.used.add(candidate)
        return candidate

    def pick(self, alternatives: str, count: int | None = None) -> Any:
        """One of the "|"-separated alternatives, or a sample of `count` of them."""
        options = alternatives.split("|")
        return self.rng.choice(options) if count is None else self.rng.sample(options, count)

    def metric(self, indent: int, slug: str, kind: str, name: str) -> list[str]:
        rng, (low, high, decimals) = self.rng, METRIC_VALUES[kind]
        bounds = METRIC_TYPES[kind].low, METRIC_TYPES[kind].high
        unit = "days" if kind == "duration" else None
        worse = -1 if kind in LOWER_IS_BETTER else 1  # which way a miss goes
        target = round(rng.uniform(low, high), decimals)
        miss = (high - low) * rng.uniform(-0.1, 0.15)
        current = round(min(bounds[1], max(bounds[0], target - worse * miss)), decimals)
        measured = _months_back(REFERENCE_DATE, rng.randint(1, 2))
        self.metrics.append(self.new_id(slug))
        source = rng.choice(EVIDENCE)[0] if rng.random() < 0.3 else None
        lines = _item(
            indent, id=self.metrics[-1], name=name, type=kind, unit=unit, target=target,
            current=current, measured=measured, source=source,
        )  # fmt: skip
        months = rng.choice((0, 0, 0, 0, 0, 0, 3, 4))
        drift = (high - low) * rng.uniform(0.005, 0.03)  # per month, towards `current`
        lines += [" " * (indent + 2) + "history:"] if months else []
        for age in range(months, 0, -1):  # oldest first, dates strictly increasing
            past = min(bounds[1], max(bounds[0], current - worse * drift * age))
            value = _scalar(round(past, decimals))
            date = _months_back(measured, age).isoformat()
            lines.append(" " * (indent + 4) + f"- {{date: {date}, value: {value}}}")
        return lines

    def stage(self, kind_index: int, wave: int) -> list[str]:
        rng, kind = self.rng, LIFECYCLE[kind_index]
        goals, exits, touch, pains, plans, metrics = STAGE_TEXT[kind]
        name = kind.replace("-", " ").capitalize() + (f" (wave {wave})" if wave > 1 else "")
        description = (
            f"{name} for {' and '.join(self.segments)} customers: "
            f"{self.pick(goals).lower()}, measured by {self.pick(exits).lower()}."
        )
        narrow = len(self.segments) > 1 and rng.random() < 0.3
        emotion = max(-2, min(2, TYPICAL_EMOTION[kind_index] + rng.choice((-1, 0, 0, 1))))
        lines = _item(
            4, id=self.new_id(kind if wave == 1 else f"{kind}-{wave}"), name=name,
            kind=kind if wave > 1 else None,
            description=description if rng.random() < DESCRIBED else None,
            customer_goal=self.pick(goals) if rng.random() < 0.8 else None,
            emotion=emotion,
            exit_criteria=self.pick(exits), segments=rng.sample(self.segments, 1) if narrow else [],
        )  # fmt: skip
        touch_ids: list[str] = []
        lines.append("      touchpoints:")
        for entry in self.pick(touch, rng.choice((1, 1, 2, 2))):
            title, channel = entry.split("@")
            touch_ids.append(self.new_id(_slug(title)))
            lines += _item(
                8, id=touch_ids[-1], name=title, channel=channel,
                owner=rng.choice(TEAMS) if rng.random() < 0.9 else None,
                automated=channel in AUTOMATED_CHANNELS or None,
            )  # fmt: skip
        metric_lines: list[str] = []
        for entry in self.pick(metrics, rng.choice((1, 1, 1, 2))):
            metric_lines += self.metric(8, *entry.split(":"))
        if emotion < 0 or rng.random() < PAINED:  # low points get a plan, as lint asks
            lines += self.pains_and_plans(pains, plans, touch_ids)
        return [*lines, "      metrics:", *metric_lines]

    def pains_and_plans(self, pains: str, plans: str, touch_ids: list[str]) -> list[str]:
        """Pain points, each with an initiative that addresses it."""
        rng, pain_ids = self.rng, []
        lines = ["      pain_points:"]
        for title in self.pick(pains, rng.choice((1, 1, 2))):
            pain_ids.append(self.new_id(_slug(title)))
            evidence = sorted(e[0] for e in rng.sample(EVIDENCE, rng.randint(1, 2)))
            lines += _item(
                8, id=pain_ids[-1], name=title, severity=rng.choice(SEVERITIES),
                touchpoints=rng.sample(touch_ids, 1), evidence=evidence,
            )  # fmt: skip
        lines.append("      initiatives:")
        for title in self.pick(plans, len(pain_ids)):
            status = rng.choice(("idea", "planned", "in-progress", "done"))
            days = rng.randint(20, 200) * (-1 if status == "done" else 1)
            lines += _item(
                8, id=self.new_id(_slug(title)), name=title, addresses=[pain_ids.pop()],
                improves=[self.metrics[-1]], owner=rng.choice(TEAMS), status=status,
                due=REFERENCE_DATE + dt.timedelta(days=days),
            )  # fmt: skip
        return lines


def journey_text(
    index: int, *, scale: int = 1, seed: int = DEFAULT_SEED, standalone: bool = False
) -> str:
    """Map number `index`: nine lifecycle stages times `scale`.

    A `standalone` map carries the library (segments, evidence, channels) itself.
    """
    rng = random.Random(f"{seed}:{index}:{scale}")
    segments = sorted(s[0] for s in rng.sample(SEGMENTS, rng.choice((1, 1, 2))))
    writer = _JourneyWriter(rng, segments)
    waves = [writer.stage(k, wave) for wave in range(1, scale + 1) for k in range(len(LIFECYCLE))]
    stages = [line for stage in waves for line in ("", *stage)][1:]  # a blank line between
    journey_metrics = [
        *writer.metric(4, "journey-grr", "grr", "Gross revenue retention"),
        *writer.metric(4, "journey-logo-churn", "churn", "Monthly logo churn"),
    ]
    goals: list[str] = []
    for number, metric in enumerate(rng.sample(writer.metrics, 3), start=1):
        title = f"Improve {metric.replace('-', ' ')} this year"
        goals += _item(4, id=writer.new_id(f"goal-{number}"), name=title, metrics=[metric])
    title = f"{next(s[1] for s in SEGMENTS if s[0] == segments[0])} customer journey {index}"
    reviewed = REFERENCE_DATE - dt.timedelta(days=rng.randint(5, 60))
    lines = [f"# Generated benchmark map {index} (seed {seed}, scale {scale}).", "csjourney: 1"]
    lines += library_text(seed).split("\n")[2:-1] if standalone else []
    lines += [
        "journey:", f"  id: {segments[0]}-journey-{index:04d}", f"  title: {_scalar(title)}",
        f"  owner: {rng.choice(TEAMS)}", f"  segments: {_scalar(segments)}",
        f"  reviewed: {reviewed.isoformat()}",
        "  goals:", *goals, "  metrics:", *journey_metrics, "  stages:", *stages,
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def library_text(seed: int = DEFAULT_SEED) -> str:
    """The shared library: segments, evidence and the extra channels."""
    rng = random.Random(f"{seed}:library")
    lines = ["# The workspace's segments, evidence and channels.", "csjourney: 1", "segments:"]
    for segment_id, name, share, attributes, need in SEGMENTS:
        lines += [*_item(2, id=segment_id, name=name, share=share, needs=[need]), "    attributes:"]
        lines += [f"      {key}: {_scalar(value)}" for key, value in
                  (pair.split(": ") for pair in attributes.split("|"))]  # fmt: skip
    lines.append("evidence:")
    for evidence_id, name, kind, sample in EVIDENCE:
        date = REFERENCE_DATE - dt.timedelta(days=rng.randint(10, 120))
        lines += _item(2, id=evidence_id, name=name, type=kind, date=date, sample_size=sample)
    lines.append("channels:")
    for channel_id, name, description in EXTRA_CHANNELS:
        lines += _item(2, id=channel_id, name=name, description=description)
    return "\n".join(lines) + "\n"


def prepare(directory: Path) -> None:
    """Empty `directory` and make it a workspace root; refuse if it holds anything else."""
    marker = directory / "csjourney.toml"
    if directory.exists() and any(directory.iterdir()):
        if not (marker.is_file() and marker.read_text().startswith(MARKER)):
            raise FileExistsError(f"refusing to replace {directory}: not a generated workspace")
        shutil.rmtree(directory)
    directory.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"{MARKER}\nexclude = []\n")


def generate_workspace(directory: Path, maps: int, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Replace `directory` with a fresh workspace; return its YAML files, library first."""
    prepare(directory)  # scratch data, rewritten every run: plain writes are enough
    files = [directory / "library.yaml"]
    files[0].write_text(library_text(seed))
    for index in range(1, maps + 1):
        folder = directory / "journeys" / f"batch-{(index - 1) // MAPS_PER_FOLDER + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        files.append(folder / f"journey-{index:04d}.yaml")
        files[-1].write_text(journey_text(index, seed=seed))
    return files

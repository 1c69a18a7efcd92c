"""Explanations of the CSJ10x-CSJ11x: the shape of the map."""

TITLE = "The shape of the map"

TEXTS: dict[str, str] = {
    "CSJ101": """\
**What it means:** a key the format does not define, usually a typo. The
hint suggests the closest known key, or lists the keys allowed in that place.
Unknown keys are errors rather than being ignored so that a misspelt key
never silently loses information.

```yaml
stages:
  - id: onboarding
    name: Onboarding
    touchpionts: []          # typo
```

**How to fix:** correct the spelling (`touchpoints`), or move the key to
where it belongs. For your own notes, use a `description:` or a comment
starting with `#`.
""",
    "CSJ102": """\
**What it means:** an item lacks a key it must have, for example a stage
without a `name`, a touchpoint without a `channel` or a metric without a
`type`. The position points at the start of the item.

```yaml
touchpoints:
  - id: welcome-email
    name: Welcome email      # no `channel:`
```

**How to fix:** add the key: `channel: email`. The [format reference](format.md)
marks the required keys of every kind of item.
""",
    "CSJ103": """\
**What it means:** a value is of the wrong kind: text where a number belongs,
a single value where a list belongs, a list where text belongs, or a key
left empty where it must hold a number, a list or a mapping.

```yaml
share: "0.6"                 # a number in quotes is text
segments: smb                # one value where a list belongs
review_every_days:           # nothing after the colon
```

**How to fix:** follow the hint: remove the quotes around numbers, write
lists in brackets (`segments: [smb]`), give the key a value or remove the
line. Put text that looks like a number or a date in quotes
(`name: "2026"`).
""",
    "CSJ104": """\
**What it means:** a number lies outside what it can be. `emotion` goes from
-2 to 2, a segment's `share` from 0 to 1, `review_every_days` must be above
0, `sample_size` at least 0. A metric's `target`, `current`, `baseline` and
history values must fit its type: an NPS lies between -100 and 100, a CSAT
or a churn rate between 0 and 100 (percent), a CES between 1 and 7, counts,
amounts and durations are never negative. A number beyond about ±1.8e308 (a
number of hundreds of digits, `1e999`) is out of range wherever it stands.

```yaml
- id: nps
  name: Net Promoter Score
  type: nps
  target: 150                # NPS cannot exceed 100
```

**How to fix:** correct the number. Percentages are written as numbers from
0 to 100 (`target: 40` for 40%), not as fractions (`0.4`), except a
segment's `share`, which is a fraction from 0 to 1.
""",
    "CSJ105": """\
**What it means:** a key that takes one of a fixed set of words has another
word, for example `severity: urgent` (the choices are `low`, `medium`,
`high`, `critical`). The message lists the choices; the hint suggests the
closest one.

```yaml
initiatives:
  - id: guided-tour
    name: Guided tour
    status: in progress      # the choice is written `in-progress`
```

**How to fix:** use one of the listed words, spelt exactly as shown.
""",
    "CSJ106": """\
**What it means:** a date is not written as year-month-day (`2026-09-30`), or
is not a real day of the calendar (`2026-02-30`), or has a time attached.

```yaml
reviewed: 30/09/2026
due: 2027-1-31
```

**How to fix:** write four digits for the year and two each for the month and
the day: `reviewed: 2026-09-30`, `due: 2027-01-31`.
""",
    "CSJ107": """\
**What it means:** an id is not in the form ids take: lowercase letters,
digits, `-` and `_`, starting with a letter or a digit, at most 64
characters. Ids are used to point at items from elsewhere in the map, so they
are kept simple and unambiguous.

```yaml
- id: Welcome Email
```

**How to fix:** use the suggestion in the hint, here `id: welcome-email`, and
update any place that refers to the old id. The readable name goes in
`name:`.
""",
    "CSJ108": """\
**What it means:** a text value is empty, or only spaces: `name: ""`, or a
key with nothing after its colon (`owner:`). An empty value says nothing and
is usually an unfinished edit.

```yaml
journey:
  id: smb-onboarding
  title: ""
  owner:
```

**How to fix:** write the text, or remove the line if the key is optional
(the hint says which).
""",
    "CSJ109": """\
**What it means:** a metric's `history` lists its past values out of order,
or lists the same date twice. History runs from the oldest value to the
newest, so that charts and trends read correctly.

```yaml
history:
  - {date: 2026-09-30, value: 4.5}
  - {date: 2026-08-31, value: 4.4}   # older than the line above
```

**How to fix:** sort the entries by date, oldest first, and keep one entry
per date.
""",
    "CSJ110": """\
**What it means:** a list that needs at least one item is empty. A journey
must be for at least one segment (`segments`) and have at least one stage
(`stages`).

```yaml
journey:
  id: smb-onboarding
  title: SMB onboarding
  segments: []
```

**How to fix:** add the ids of the segments the map is for
(`segments: [smb]`), and at least one stage.
""",
    "CSJ111": """\
**What it means:** a value is rejected for a reason none of the other codes
describe. The message says what is wrong. No map of format version 1 should
see it: it exists so that a new kind of check never goes unreported.

**How to fix:** follow the message; if it is unclear, please report it.
""",
    "CSJ112": """\
**What it means:** a metric's `measure` binding asks for a statistic that
cannot be the metric's value: one computed from the other data source
(`statistic: nps` with `from: events`), one whose meaning or range does not
fit the metric's `type` (a `conversion` metric fed `median-days`), or a
`touchpoint` filter on the stage history, which has no touchpoints. The hint
lists the statistics that fit.

```yaml
metrics:
  - id: onboarding-conversion
    name: Accounts that move on from onboarding
    type: conversion
    measure: {from: events, statistic: median-days}    # days, not a percentage
```

**How to fix:** pick a statistic that fits (`statistic: conversion`), or
change the metric's `type` to what the statistic measures (`type: duration`
for `median-days`). docs/measure.md defines every statistic.
""",
}

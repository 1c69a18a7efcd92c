"""Explanations of the CSJ12x: ids and references."""

TITLE = "Ids and references"

TEXTS: dict[str, str] = {
    "CSJ120": """\
**What it means:** two items share an id, so a reference to that id would be
ambiguous. Within one journey, all stages, touchpoints, pain points,
initiatives, metrics and goals need different ids, even when they are of
different kinds. Segments, evidence and channels are shared by every file of
a workspace, so their ids must differ across all files, and so must the ids
of journeys. The message points at the second item and says where the first
one is.

```yaml
touchpoints:
  - {id: welcome-email, name: Welcome email, channel: email}
  - {id: welcome-email, name: Welcome call, channel: phone}
```

**How to fix:** rename one of the two (`id: welcome-call`), and check which of
them the references to the old id meant.
""",
    "CSJ121": """\
**What it means:** an id is mentioned (in `segments`, `touchpoints`,
`evidence`, `addresses`, `improves`, `metrics`, `source`, or a metric's
`measure`) but no item has that id anywhere in the workspace. The hint
suggests the closest existing id.

```yaml
pain_points:
  - id: slow-data-connect
    name: Connecting data takes days
    touchpoints: [setup-wizzard]     # the touchpoint is `setup-wizard`
```

**How to fix:** correct the id, or add the missing item. When the item lives
in another file (a shared library of segments, say), check that the file is
part of the same workspace: the folder that holds `csjourney.toml`. If that
other file has errors of its own, fix those first: a file that cannot be read
provides no ids (the hint then names that file). Likewise, when the item is
there but its own id is malformed (`id: Small Biz`, reported as CSJ107), the
hint points at it and says how to write the id so the reference resolves.
""",
    "CSJ122": """\
**What it means:** an id points at an item of the wrong kind, for example an
initiative's `addresses:` (which lists pain points) naming a touchpoint. The
message says what the id is and what was expected; the hint says where that
item is defined.

```yaml
initiatives:
  - id: guided-tour
    name: Guided tour
    addresses: [setup-wizard]       # a touchpoint, not a pain point
```

**How to fix:** point at an item of the expected kind (here the pain point the
initiative should relieve, `addresses: [slow-data-connect]`).
""",
    "CSJ123": """\
**What it means:** a touchpoint's `channel` is neither one of the built-in
channels (`web`, `search`, `ads`, `social`, `email`, `in-app`, `product`,
`chat`, `chatbot`, `phone`, `meeting`, `event`, `community`, `help-center`,
`support`, `survey`, `sms`, `push`, `partner`, `review-site`, `billing`,
`other`) nor one declared under `channels:` in a file of the workspace.

```yaml
touchpoints:
  - {id: kickoff, name: Kickoff call, channel: phone-call}
```

**How to fix:** use a built-in channel (`channel: phone`), or declare your own
once, in any file of the workspace:

```yaml
channels:
  - {id: user-forum, name: User forum}
```
""",
    "CSJ124": """\
**What it means:** a stage, touchpoint, pain point or goal narrows itself to
a segment with `segments:`, but that segment is not one of the journey's own
`segments`. A map describes the journey of its segments only.

```yaml
journey:
  segments: [smb]
  stages:
    - id: onboarding
      name: Onboarding
      segments: [enterprise]       # not one of the journey's segments
```

**How to fix:** add the segment to the journey's `segments`, or remove it from
the item. A different segment with a different journey usually deserves a map
of its own.
""",
    "CSJ125": """\
**What it means:** a channel declared under `channels:` has the id of a
built-in channel, such as `email`. Built-in channels need no declaration,
and declaring one again would make it ambiguous.

```yaml
channels:
  - {id: email, name: Email}
```

**How to fix:** remove the declaration: touchpoints can use `channel: email`
as it is. If you meant a channel of your own, give it another id
(`id: email-newsletter`).
""",
}

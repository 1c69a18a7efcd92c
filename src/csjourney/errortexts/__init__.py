"""The explanation of every structural code, one entry per code: the single source.

`csjourney rule CODE` prints an entry, SARIF carries it as the rule's help, and
docs/errors.md is generated from all of them (`make docs`, or
`python -m csjourney.errortexts docs/errors.md`); a test fails when the page is
out of date. The installed package has no docs/ folder, so the text lives here.
The data codes' entries live with the engine (csjourney.measure.datacodes); the page
lists them after the structural codes.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from csjourney.errortexts import reading, references, shape

GROUPS = (reading, shape, references)

HEADER = """<!-- Generated from src/csjourney/errortexts/ by `make docs`: edit the text there. -->
"""

INTRO = """\
# Error codes: what they mean and how to fix them

When `csjourney validate` finds a problem in a journey map, it prints one line
per problem, like this:

```text
maps/smb.yaml:17:7: error CSJ101 unknown key `touchpionts` in stage `onboarding`
  hint: did you mean `touchpoints`?
```

Read it from left to right:

- `maps/smb.yaml` is the file;
- `17:7` is the place in the file: line 17, 7th character from the left
  (most editors show both at the bottom of the window);
- `CSJ101` is the kind of problem: look it up on this page;
- then comes what is wrong, and, on the `hint:` line, usually how to fix it.

Every problem in every file is listed in one run, so you can fix them all
before running the check again. Start with the first one in each file: now
and then one slip (a missing quote, say) causes the messages after it.

The codes below are the **structural** checks: they make sure the file can
be read and follows the [file format](format.md). A map with any of these
errors is not checked further (no lint rules, no diagrams) until it is
fixed. The codes never change meaning, so you can search for them, and
refer to them in your CI configuration. The last part explains the **data**
checks (`CSJ4xx`): problems `csjourney measure` finds in a stage history or a
survey export ([measure.md](measure.md)). Lint rules (`CSJ2xx`) and measure
findings (`CSJ3xx`) are listed by `csjourney rules` and explained in
[rules.md](rules.md). In the terminal,
`csjourney rule CODE` prints the explanation of any code, structural or lint,
by its code (`csjourney rule CSJ101`) or its name (`csjourney rule unknown-key`):
the same text as this page.

A few words used below:

- A **key** is the name before a colon (`name:`), the **value** what follows it.
- A **mapping** is a group of keys that belong together, such as one stage.
- A **list** is a series of items, each starting with `- ` on its own line,
  or written in brackets: `[smb, mid-market]`.
- An **id** is the short name that other parts of the map use to point at an
  item (`id: slow-setup`).
"""


DATA_TITLE = "Reading measurement data"
DATA_INTRO = """
`csjourney measure` reports these on the data file, at the row (counted from 1,
not counting a CSV header) and naming the column. They are errors: the rows
are left out and the run goes on, so the numbers stand for the rest of the data.
"""


def texts() -> dict[str, str]:
    """Structural code -> its Markdown explanation, in code order."""
    return {code: text for group in GROUPS for code, text in group.TEXTS.items()}


def errors_markdown() -> str:
    """docs/errors.md, whole."""
    from csjourney.diagnostics import STRUCTURAL_CODES

    names = {info.code: info.name for info in STRUCTURAL_CODES.values()}
    parts = [HEADER, INTRO, _contents()]
    for group in GROUPS:
        parts.append(f"\n## {group.TITLE}\n")
        parts += [f"\n### {code} {names[code]}\n\n{text}" for code, text in group.TEXTS.items()]
    from csjourney.measure.datacodes import ENTRIES

    parts.append(f"\n## {DATA_TITLE}\n{DATA_INTRO}")
    parts += [f"\n### {d.code} {d.name}\n\n{d.explanation}" for d in ENTRIES]
    return "".join(parts)


def _contents() -> str:
    from csjourney.measure.datacodes import ENTRIES

    titled = [(group.TITLE, list(group.TEXTS)) for group in GROUPS]
    titled.append((DATA_TITLE, [d.code for d in ENTRIES]))
    ranges = [
        f"{title[:1].lower()}{title[1:]} ({min(codes)}\u2013{max(codes)})"
        for title, codes in titled
    ]
    return "\n" + textwrap.fill(f"Contents: {', '.join(ranges)}.", width=72) + "\n"


def for_terminal(text: str) -> str:
    """An entry as `csjourney rule` prints it: no Markdown emphasis, links as plain words."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\(#[^)]*\)", r"\1", text)  # a link within the page
    return re.sub(r"\[([^\]]+)\]\(([\w.-]+\.md)\)", r"\1 (docs/\2)", text)


def main(argv: list[str]) -> None:
    from csjourney.fsutil import atomic_write

    text = errors_markdown()
    if argv:
        atomic_write(Path(argv[0]), text)
    else:
        sys.stdout.write(text)

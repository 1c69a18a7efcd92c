from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from csjourney.diagnostics import Severity
from csjourney.lint.rule import Finding, Rule
from csjourney.wording import named

if TYPE_CHECKING:
    from csjourney.lint.context import LintContext


class SegmentUncovered(Rule):
    """A segment of the workspace that no journey covers.

    Why it matters:
    Segments buy, onboard and renew differently, which is why each gets its
    own map. A segment that is defined but that no journey lists in its
    `segments` has no mapped path at all: nobody has worked out its
    touchpoints, pain points or metrics, and it is often the segment that
    churns without anyone noticing. Segments are workspace-wide, so a segment
    in a shared library file is covered by a journey in any other file.

    Fails:
    ```yaml
    segments:
      - {id: smb, name: Small businesses}
      - {id: enterprise, name: Enterprise}
    journey:
      id: smb-self-serve
      segments: [smb]       # nothing covers `enterprise`
    ```

    Passes:
    ```yaml
    segments:
      - {id: smb, name: Small businesses}
      - {id: enterprise, name: Enterprise}
    journey:
      id: smb-self-serve
      segments: [smb, enterprise]
    ```
    """

    code = "CSJ214"
    name = "segment-uncovered"
    severity = Severity.WARNING

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        if not ctx.complete:
            return  # a broken file may be the one that uses it
        covered = ctx.covered_segments()
        for file, loc, segment in ctx.segments():
            if segment.id not in covered:
                yield Finding(
                    file,
                    (*loc, "id"),
                    f"segment {named(segment.name, segment.id)} is not covered by any journey",
                    subject=segment.id,
                    hint=f"add `{segment.id}` to the `segments` of the journey that serves it, "
                    "or map a journey for it",
                    item_loc=loc,
                )

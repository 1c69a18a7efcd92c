"""GitLab Code Quality: the JSON array the merge-request widget reads.

Each finding is one object with the fields GitLab documents (`description`,
`check_name`, `fingerprint`, `severity`, `location.path`,
`location.lines.begin`). GitLab keys findings by fingerprint (two with the
same one show as one) and stops reading at the first object it cannot parse,
so every finding has all fields and its own fingerprint, the same one the
SARIF report gives it (`repo.locate`). Paths are relative to the repository
root, like SARIF's; a file outside the repository keeps its absolute path
(GitLab links only files in the repository, but the reader sees which it is).

Severities: GitLab has info, minor, major, critical and blocker; csjourney's
three map to info (info), minor (warning) and major (error). critical and
blocker are left unused: no finding in a map stops anything but the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csjourney.diagnostics import Severity
from csjourney.reporters.repo import Located, locate, message_text
from csjourney.safetext import json_document

if TYPE_CHECKING:
    from csjourney.core import Report

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(place: Located) -> dict[str, Any]:
    d = place.diagnostic
    return {
        "description": f"{d.code} {message_text(d)}",
        "check_name": d.code,
        "fingerprint": place.fingerprint,
        "severity": SEVERITIES[d.severity],
        "location": {"path": place.shown_path, "lines": {"begin": d.span.line}},
    }


class GitlabReporter:
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        _, located = locate(report)
        return json_document([issue(place) for place in located])

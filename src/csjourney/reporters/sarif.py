"""SARIF 2.1.0, the format GitHub code scanning (and many IDEs) ingest.

What GitHub's ingestion needs, and where it comes from here:

- every location relative to the repository root, so a run from a subfolder
  still annotates the right file: `uriBaseId` %SRCROOT%, declared in
  `run.originalUriBaseIds` as the root's file: URI; a file outside the
  repository gets an absolute file: URI (see `repo.locate`);
- `partialFingerprints` that survive unrelated edits (`repo.locate`); GitHub's
  upload action adds its own `primaryLocationLineHash` beside it, from the
  file's content, so we leave that key to it;
- per rule: `help.text` and `help.markdown` (the rule's documentation and a
  link to it), `fullDescription` within GitHub's 1024 characters,
  `defaultConfiguration.level`, and `tags`, `precision` and `problem.severity`
  in `properties`, which GitHub filters and orders alerts by.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csjourney import __version__
from csjourney.diagnostics import Severity
from csjourney.reporters.repo import Located, locate, message_text
from csjourney.safetext import json_document

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diagnostics import Span
    from csjourney.rulesinfo import RuleInfo

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub's `problem.severity` scale for rules that are not security queries.
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
FINGERPRINT_KEY = "csjourneyFinding/v1"
_DESCRIPTION_LIMIT = 1024  # GitHub's limit for short and full descriptions


def file_uri(path: Path) -> str:
    """An absolute file: URI, its bytes percent-encoded (RFC 3986)."""
    from urllib.parse import quote

    return "file://" + quote(os.fsencode(path.as_posix()), safe="/")


def artifact_location(place: Located) -> dict[str, str]:
    """A URI reference to the file: its bytes percent-encoded, so a space, `#`,
    `?`, `%` or a name that is not UTF-8 still points at that very file."""
    from urllib.parse import quote

    if place.in_repo is None:
        return {"uri": file_uri(place.absolute)}
    return {"uri": quote(os.fsencode(str(place.in_repo)), safe="/"), "uriBaseId": "%SRCROOT%"}


def _section_headers() -> re.Pattern[str]:
    from csjourney.lint.rule import DOC_SECTIONS

    return re.compile("^(" + "|".join(re.escape(s) for s in DOC_SECTIONS) + ")[ \t]*$", re.M)


def _clip(text: str, limit: int = _DESCRIPTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _full_description(plain: str) -> str:
    """The prose before the first example, joined into lines GitHub shows whole."""
    prose = []
    for paragraph in plain.split("\n\n"):
        if "```" in paragraph or paragraph.startswith(("Fails:", "Passes:")):
            break
        prose.append(" ".join(paragraph.split()))
    return _clip("\n\n".join(prose) or plain)


def rule_descriptor(info: RuleInfo, headers: re.Pattern[str]) -> dict[str, Any]:
    # A lint rule's docstring opens with its summary; docs/errors.md's text does not.
    doc = info.doc if info.doc.startswith(info.summary) else f"{info.summary}\n\n{info.doc}"
    link = f"[{info.code} {info.name} in the csjourney docs]({info.help_uri})"
    markdown = headers.sub(r"**\1**", doc) + f"\n\n{link}"
    plain = doc.replace("**", "")
    # Checks (of the file, of the data read) are facts; lint and measure findings judgements.
    structural = info.kind in ("structural", "data")
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": _clip(info.summary)},
        "fullDescription": {"text": _full_description(plain)},
        "help": {"text": f"{plain}\n\nMore: {info.help_uri}", "markdown": markdown},
        "helpUri": info.help_uri,
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
        "properties": {
            # Structural checks are facts about the file; lint rules are judgements.
            "tags": ["structure", "correctness"] if structural else ["lint", "maintainability"],
            "precision": "very-high" if structural else "high",
            "problem.severity": _PROBLEM_SEVERITY[info.severity],
        },
    }


def _region(span: Span) -> dict[str, int]:
    # On one line the end never lies left of the start (an empty span stays an
    # insertion point, which SARIF allows); on several lines it rightly may.
    end_column = (
        max(span.end_column, span.column) if span.end_line == span.line else span.end_column
    )
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": end_column,
    }


def _result(place: Located, index: dict[str, int]) -> dict[str, Any]:
    d = place.diagnostic
    return {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": _LEVELS[d.severity],
        "message": {"text": message_text(d)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(place),
                    "region": _region(d.span),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: place.fingerprint},
    }


class SarifReporter:
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        from csjourney.rulesinfo import catalogue

        infos = catalogue()
        index = {info.code: position for position, info in enumerate(infos)}
        headers = _section_headers()
        root, located = locate(report)
        run = {
            "tool": {
                "driver": {
                    "name": "csjourney",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": "https://github.com/csjourney/csjourney",
                    "rules": [rule_descriptor(info, headers) for info in infos],
                }
            },
            # The spec wants the trailing slash: relative URIs resolve below it.
            "originalUriBaseIds": {"%SRCROOT%": {"uri": file_uri(root).rstrip("/") + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(place, index) for place in located],
        }
        document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json_document(document)

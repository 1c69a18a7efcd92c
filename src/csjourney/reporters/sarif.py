"""SARIF 2.1.0, the format GitHub code scanning (and many IDEs) ingest."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csjourney import __version__
from csjourney.diagnostics import Severity
from csjourney.safetext import json_document

if TYPE_CHECKING:
    from csjourney.core import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: Path) -> dict[str, str]:
    """A URI reference to `path`: its bytes percent-encoded (RFC 3986), so a space,
    `#`, `?`, `%` or a name that is not UTF-8 still points at that very file."""
    from urllib.parse import quote

    encoded = quote(os.fsencode(path.as_posix()), safe="/")
    if path.is_absolute():
        return {"uri": f"file://{encoded}"}
    return {"uri": encoded, "uriBaseId": "%SRCROOT%"}


class SarifReporter:
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        from csjourney.rulesinfo import catalogue

        infos = catalogue()
        index = {info.code: position for position, info in enumerate(infos)}
        rules = [
            {
                "id": info.code,
                "name": info.name,
                "shortDescription": {"text": info.summary},
                "fullDescription": {"text": info.doc},
                "help": {"text": info.doc, "markdown": info.doc},
                "helpUri": info.help_uri,
                "defaultConfiguration": {"level": _LEVELS[info.severity]},
            }
            for info in infos
        ]
        results: list[dict[str, Any]] = []
        for d in report.diagnostics:
            text = d.message + (f" ({d.hint})" if d.hint else "")
            results.append(
                {
                    "ruleId": d.code,
                    "ruleIndex": index[d.code],
                    "level": _LEVELS[d.severity],
                    "message": {"text": text},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": artifact_location(d.path),
                                "region": {
                                    "startLine": d.span.line,
                                    "startColumn": d.span.column,
                                    "endLine": d.span.end_line,
                                    "endColumn": max(d.span.end_column, d.span.column),
                                },
                            }
                        }
                    ],
                }
            )
        run = {
            "tool": {
                "driver": {
                    "name": "csjourney",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": "https://github.com/csjourney/csjourney",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }
        document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
        return json_document(document)

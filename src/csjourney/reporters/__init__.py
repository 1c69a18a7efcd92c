"""Reporters turn a Report into text for one output format.

The registry maps each format name to the module and class that renders it;
modules are imported only when their format is asked for, so a run pays for
the one reporter it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diagnostics import Severity


class Reporter(Protocol):
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str: ...


REPORTERS: dict[str, str] = {
    "text": "csjourney.reporters.text:TextReporter",
    "json": "csjourney.reporters.json:JsonReporter",
    "github": "csjourney.reporters.github:GithubReporter",
    "sarif": "csjourney.reporters.sarif:SarifReporter",
    "junit": "csjourney.reporters.junit:JunitReporter",
    "gitlab": "csjourney.reporters.gitlab:GitlabReporter",
}


def get_reporter(name: str) -> Reporter:
    module_name, class_name = REPORTERS[name].split(":")
    reporter_class = getattr(importlib.import_module(module_name), class_name)
    reporter: Reporter = reporter_class()
    return reporter

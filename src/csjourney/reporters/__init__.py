"""Reporters turn a Report into text for one output format.

`REPORTERS` is the one list of formats: `validate --format` offers its names,
in this order, and `get_reporter` imports only the module of the format asked
for, so a run pays for the one reporter it uses. A new format is a module with
a class that has `render` (the `Reporter` protocol) and one line here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from csjourney.registry import Lazy

if TYPE_CHECKING:
    from csjourney.core import Report
    from csjourney.diagnostics import Severity


@runtime_checkable
class Reporter(Protocol):
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str: ...


REPORTERS: dict[str, Lazy[type[Reporter]]] = {
    "text": Lazy("csjourney.reporters.text:TextReporter"),
    "json": Lazy("csjourney.reporters.json:JsonReporter"),
    "github": Lazy("csjourney.reporters.github:GithubReporter"),
    "sarif": Lazy("csjourney.reporters.sarif:SarifReporter"),
    "junit": Lazy("csjourney.reporters.junit:JunitReporter"),
    "gitlab": Lazy("csjourney.reporters.gitlab:GitlabReporter"),
}


def get_reporter(name: str) -> Reporter:
    """A reporter of the format `name` (a key of REPORTERS), with its default options."""
    return REPORTERS[name].load()()

"""JUnit XML: one test case per file, failing when it has a finding at the gate's level.

Every name and message passes through `printable`, whose output holds only
characters XML 1.0 allows: no user text can make the document ill-formed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from csjourney.diagnostics import Severity
from csjourney.safetext import display_path, printable

if TYPE_CHECKING:
    from csjourney.core import Report


class JunitReporter:
    def render(self, report: Report, *, color: bool, fail_on: Severity) -> str:
        suite = ET.Element("testsuite", name="csjourney")
        failures = 0
        paths = report.files_and_affected()
        for path in paths:
            found = report.diagnostics_for(path)
            name = display_path(path)
            case = ET.SubElement(suite, "testcase", classname="csjourney", name=name)
            failing = [d for d in found if d.severity >= fail_on]
            lines = [
                f"{name}:{d.line}:{d.column}: {d.severity.label} {d.code} {printable(d.message)}"
                for d in found
            ]
            if failing:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{len(failing)} finding(s) at {fail_on.label} or above",
                    type=failing[0].code,
                )
                failure.text = "\n".join(lines)
            elif lines:
                ET.SubElement(case, "system-out").text = "\n".join(lines)
        suite.set("tests", str(len(paths)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        ET.indent(suite)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(suite, encoding="unicode")
            + "\n"
        )

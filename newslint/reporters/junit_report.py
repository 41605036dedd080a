"""JUnit XML for CI test reports (GitLab's test report and merge request widget, Jenkins).

One `<testcase>` per finding, each with one `<failure>`, as ruff's junit output does, rather than
one test case per document holding several failures. GitLab reads a test case's first-level
`<failure>` as that case's output (`Hash.from_xml`): several failures in one case turn into an
array that its report shows badly, and it keys cases by classname and name, so every finding
needs a case of its own to be listed at all. Jenkins' JUnit schema also allows one failure per
case. The document (path, or path[record]) is the classname, so both group the findings by
document; the case name says the rule and the place, and the failure's text carries the location
line, the flagged source line and the fix, as in the `full` report. A case's `file` and `line`
attributes are a place in the file: for a finding inside a corpus record, the record's line (its
lines inside the record are in the name and the text), or no line when that is not known.

An input that could not be checked is a case with an `<error>`; a run with neither findings nor
errors is one passing case, so a CI test report shows a green run rather than "no tests".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from newslint.model import Finding
from newslint.report import Report, Source
from newslint.reporters.display import (
    INVISIBLE_MARK,
    document_label,
    file_line,
    in_record,
    posix_path,
    visible,
)
from newslint.reporters.text_report import format_finding, plural

# Characters XML 1.0 cannot hold at all, not even escaped; scraped text can carry them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def failure_text(finding: Finding, source: Source | None, unsafe_fixes: bool) -> str:
    """The failure's body: where, what, the flagged line and the fix's description."""
    lines = [format_finding(finding, unsafe_fixes)]
    text = source.line(finding.line) if source is not None else None
    if text is not None:
        lines.append(f"{finding.line:>5} | {visible(text)}")
    if finding.fix is not None:
        lines.append(f"{finding.fix.applicability.value} fix: {finding.fix.message}")
    return "\n".join(lines)


def finding_case(suite: ET.Element, finding: Finding, report: Report) -> None:
    """One finding's test case; its `line` is a line of the file (a record's, in a corpus) or none."""
    source = report.source(finding)
    label = document_label(posix_path(finding.path), finding.record)
    case = ET.SubElement(
        suite,
        "testcase",
        classname=label,
        name=f"{finding.code} {finding.name} at {finding.line}:{finding.column}",
        file=posix_path(finding.path),
    )
    line = file_line(source) if in_record(finding) else finding.line
    if line is not None:
        case.set("line", str(line))
    failure = ET.SubElement(case, "failure", message=finding.message, type=finding.code)
    failure.text = failure_text(finding, source, report.unsafe_fixes)


def error_case(suite: ET.Element, message: str) -> None:
    case = ET.SubElement(suite, "testcase", classname="newslint", name=message)
    ET.SubElement(case, "error", message=message, type="input-error").text = message


def build(report: Report) -> ET.Element:
    """The XML tree: <testsuites> holding one <testsuite name="newslint">."""
    failures, errors = len(report.findings), len(report.errors)
    tests = failures + errors or 1
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors)}
    root = ET.Element("testsuites", {"name": "newslint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "newslint", "skipped": "0", **counts})
    ET.SubElement(suite, "properties").append(
        ET.Element("property", name="documents_checked", value=str(report.checked))
    )
    for finding in report.findings:
        finding_case(suite, finding, report)
    for message in report.errors:
        error_case(suite, message)
    if tests > failures + errors:
        case = ET.SubElement(suite, "testcase", classname="newslint", name="No findings")
        ET.SubElement(case, "system-out").text = f"{plural(report.checked, 'document')} checked"
    return root


def xml_safe(root: ET.Element) -> None:
    """Replace, in every attribute and text of the tree, the characters XML cannot hold."""
    for element in root.iter():
        element.attrib = {key: _NOT_XML.sub(INVISIBLE_MARK, value) for key, value in element.attrib.items()}
        if element.text:
            element.text = _NOT_XML.sub(INVISIBLE_MARK, element.text)


def write(report: Report, out: TextIO) -> None:
    root = build(report)
    xml_safe(root)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")

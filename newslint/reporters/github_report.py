"""GitHub Actions workflow commands: one `::warning file=...::message` annotation per finding.

GitHub turns each command printed by a step into an annotation on the file and line of the pull
request. Values are escaped as the Actions toolkit (@actions/core) does: in the message, `%`, CR
and LF become `%25`, `%0D` and `%0A`; in a property (`file=`, `title=`) also `:` and `,` become
`%3A` and `%2C`, since they separate the properties. Columns are sent only for a range on one
line, as the annotation API accepts them only there; a finding inside a JSONL record annotates
its file (its lines count inside the record) and says in the message where in the record it is.

An input that could not be checked is an `::error` annotation with its one-line message. Its file
and line are taken from the message's leading `path:line:` or `path:` only when that path is one
the findings name or a file that exists: a guess would annotate the wrong file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from typing import TextIO

from newslint.model import Finding, Severity
from newslint.report import Report, Source
from newslint.reporters.display import file_line, in_record, located_message, posix_path, span_of

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
ERROR_TITLE = "newslint: input not checked"
_LINE_SUFFIX = re.compile(r"(?P<path>.+):(?P<line>[1-9][0-9]*)")


def escape_data(text: str) -> str:
    """A command's message as the runner reads it back (the toolkit's escapeData).

    >>> escape_data("100% sure\\nreally")
    '100%25 sure%0Areally'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property's value as the runner reads it back (the toolkit's escapeProperty).

    >>> escape_property("UI001 a:b, c")
    'UI001 a%3Ab%2C c'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def properties(finding: Finding, source: Source | None = None) -> dict[str, str]:
    """The annotation's properties: file, line, col, endLine, endColumn (when known) and title.

    A finding in a corpus record points at the record's line of the file, when it is known.
    """
    props = {"file": posix_path(finding.path)}
    record_line = file_line(source)
    if in_record(finding) and record_line is not None:
        props["line"] = str(record_line)
    elif not in_record(finding):
        span = span_of(finding)
        # The annotation's end column is the last flagged one: newslint's end is exclusive.
        last_column = span.end_column - 1 if span.end_column and span.end_line == span.line else None
        props["line"] = str(span.line)
        if last_column is not None:
            props["col"] = str(span.column)
        props["endLine"] = str(span.end_line)
        if last_column is not None:
            props["endColumn"] = str(last_column)
    props["title"] = f"{finding.code} {finding.name}"
    return props


def annotation(finding: Finding, source: Source | None = None) -> str:
    """One finding as a workflow command."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties(finding, source).items())
    return f"::{COMMANDS[finding.severity]} {props}::{escape_data(located_message(finding))}"


def error_place(message: str, known: Collection[str] = ()) -> dict[str, str]:
    """The file (and line) an input error's message starts with, when that path surely is one.

    >>> error_place("batch.jsonl:2: not valid JSON (Expecting value at column 1)", {"batch.jsonl"})
    {'file': 'batch.jsonl', 'line': '2'}
    >>> error_place("gone.txt: no such file or folder")
    {}
    """
    head, sep, _ = message.partition(": ")
    if not sep:
        return {}
    numbered = _LINE_SUFFIX.fullmatch(head)
    places = [(numbered["path"], numbered["line"])] if numbered else []
    for path, line in [*places, (head, None)]:
        if path in known or os.path.isfile(path):
            return {"file": posix_path(path)} | ({"line": line} if line else {})
    return {}


def error_annotation(message: str, known: Collection[str] = ()) -> str:
    """An input that could not be checked, as an `::error` workflow command."""
    place = error_place(message, known) | {"title": ERROR_TITLE}
    props = ",".join(f"{key}={escape_property(value)}" for key, value in place.items())
    return f"::error {props}::{escape_data(message)}"


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        out.write(annotation(finding, report.source(finding)) + "\n")
    known = {finding.path for finding in report.findings}
    for message in report.errors:
        out.write(error_annotation(message, known) + "\n")

"""SARIF 2.1.0, the static-analysis log that GitHub code scanning (and IDE viewers) read.

Written to GitHub's "SARIF support for code scanning" requirements: `$schema`, `version`, one run
whose `tool.driver` lists every rule the run used (id, name, short and full description, help as
text and Markdown, default level), and results with `ruleId`/`ruleIndex`, `level`,
`message.text`, one location (a relative POSIX URI and a region) and `partialFingerprints`.

Choices worth knowing:
- Regions follow SARIF's rules: 1-based columns counted in code points (the run says so with
  `columnKind`), `endColumn` exclusive and greater than `startColumn` on one line, and a whole
  line (newslint ends it at column 1 of the next line) as that line alone, never one more.
- `partialFingerprints` carries newslint's fingerprint (code, path, record and flagged text,
  numbered when repeated) as `newslintFingerprint/v1` and as `primaryLocationLineHash`, the one
  key GitHub matches alerts on: it stays the same when lines move, and it is right for JSONL
  records, where a hash of the file's line would not be.
- A finding inside a JSONL record counts its lines inside the record's text, which GitHub cannot
  show: its location is the file (line 1) plus a logical location naming the record, and the
  message and `properties` say where in the record the damage is.
- Safe and unsafe fixes are included as SARIF `fixes` (GitHub ignores them; editors can apply
  them); display-only fixes and fixes inside records are left out.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

import newslint
from newslint.checks.base import Rule
from newslint.codes import BY_CODE, RULES
from newslint.model import Applicability, Edit, Finding, Fix, Severity
from newslint.report import CONTEXT_LINES, Report, Source, fingerprints
from newslint.reporters.display import family, file_line, in_record, located_message, posix_path, span_of

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "newslintFingerprint/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
DESCRIPTION_LIMIT = 1024  # characters GitHub keeps of a rule's short and full description


def information_uri() -> str | None:
    """The project's web page, from the installed package's metadata (None when it has none)."""
    try:
        meta = metadata.metadata("newslint")
    except metadata.PackageNotFoundError:
        return None
    urls = [entry.partition(",")[2].strip() for entry in meta.get_all("Project-URL") or []]
    urls += meta.get_all("Home-page") or []
    return next((url for url in urls if url.startswith(("https://", "http://"))), None)


def artifact_uri(path: str) -> str:
    """A path as a SARIF URI: relative and POSIX as given (percent-encoded), or file:// if absolute.

    >>> artifact_uri("incoming/site a/x.txt"), artifact_uri("./seeds/a:b.txt")
    ('incoming/site%20a/x.txt', 'seeds/a%3Ab.txt')
    """
    if PurePath(path).is_absolute():
        return PurePath(path).as_uri()
    return quote(posix_path(path), safe="/!$&'()*+,;=@~")


def _limited(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 3] + "..."


def descriptor(rule: Rule) -> dict[str, Any]:
    """A rule as a SARIF reportingDescriptor, documented from its docstring."""
    summary = rule.summary or rule.name
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _limited(summary)},
        "fullDescription": {"text": _limited(rule.section("What it does") or summary)},
        "help": {"text": rule.doc or summary, "markdown": rule.doc or summary},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": [family(rule.code)]},
    }


def bare_descriptor(finding: Finding) -> dict[str, Any]:
    """A descriptor for a code outside the rule table (a stage such as dedup reports it)."""
    text = {"text": finding.name}
    return {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": text,
        "fullDescription": text,
        "help": text,
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": [family(finding.code)]},
    }


def descriptors(report: Report) -> list[dict[str, Any]]:
    """The run's rules (or, when it names none, the rules with findings), then any other codes."""
    found = {finding.code: finding for finding in report.findings}
    rules = list(report.rules) or [rule for rule in RULES if rule.code in found]
    listed = {rule.code for rule in rules}
    extra = [code for code in found if code not in listed]
    return [descriptor(rule) for rule in rules] + [
        descriptor(BY_CODE[code]) if code in BY_CODE else bare_descriptor(found[code]) for code in extra
    ]


def _lines(source: Source | None, first: int, last: int) -> list[str] | None:
    if source is None:
        return None
    lines = [source.line(number) for number in range(first, last + 1)]
    return None if any(text is None for text in lines) else [text or "" for text in lines]


def region(finding: Finding, source: Source | None) -> dict[str, Any]:
    """The flagged range, with the flagged text as its snippet when the source shows it."""
    span = span_of(finding)
    lines = _lines(source, span.line, span.end_line)
    end_column = span.end_column
    if end_column is None and lines is not None:
        end_column = len(lines[-1]) + 1
    result: dict[str, Any] = {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line}
    if end_column is not None and (span.end_line > span.line or end_column > span.column):
        result["endColumn"] = end_column
        if lines is not None:
            text = "\n".join(lines)
            start = span.column - 1
            stop = len(text) - len(lines[-1]) + end_column - 1
            result["snippet"] = {"text": text[start:stop]}
    return result


def context_region(finding: Finding, source: Source | None) -> dict[str, Any] | None:
    """The lines around the flagged range that the report carries, for viewers that show context."""
    if source is None:
        return None
    span = span_of(finding)
    numbers = [
        n
        for n in range(span.line - CONTEXT_LINES, span.end_line + CONTEXT_LINES + 1)
        if source.line(n) is not None
    ]
    if not numbers:
        return None
    first, last = numbers[0], numbers[-1]
    lines = _lines(source, first, last)
    if lines is None:
        return None
    return {"startLine": first, "endLine": last, "snippet": {"text": "\n".join(lines)}}


def location(finding: Finding, source: Source | None) -> dict[str, Any]:
    """The result's one location: the file and region, or the file and record for a JSONL record."""
    artifact = {"uri": artifact_uri(finding.path)}
    if in_record(finding):
        return {
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": {"startLine": file_line(source) or 1},
            },
            "logicalLocations": [
                {
                    "name": finding.record,
                    "fullyQualifiedName": f"{finding.path}[{finding.record}]",
                    "kind": "object",
                }
            ],
        }
    physical: dict[str, Any] = {"artifactLocation": artifact, "region": region(finding, source)}
    context = context_region(finding, source)
    if context is not None:
        physical["contextRegion"] = context
    return {"physicalLocation": physical}


def replacement(edit: Edit) -> dict[str, Any]:
    deleted = {
        "startLine": edit.line,
        "startColumn": edit.column,
        "endLine": edit.end_line,
        "endColumn": edit.end_column,
    }
    return {"deletedRegion": deleted, "insertedContent": {"text": edit.content}}


def sarif_fix(finding: Finding, fix: Fix) -> dict[str, Any]:
    """A newslint fix as a SARIF fix: one change to the finding's file, one replacement per edit."""
    return {
        "description": {"text": fix.message},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": artifact_uri(finding.path)},
                "replacements": [replacement(edit) for edit in fix.edits],
            }
        ],
        "properties": {"applicability": fix.applicability.value},
    }


def result(finding: Finding, source: Source | None, rule_index: int, fingerprint: str) -> dict[str, Any]:
    """One finding as a SARIF result."""
    entry: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": located_message(finding)},
        "locations": [location(finding, source)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint, "primaryLocationLineHash": fingerprint},
    }
    if in_record(finding):
        entry["properties"] = {
            "record": finding.record,
            "recordLine": finding.line,
            "recordColumn": finding.column,
            "recordEndLine": finding.end_line,
            "recordEndColumn": finding.end_column,
        }
    elif (
        finding.fix is not None
        and finding.fix.edits
        and finding.fix.applicability is not Applicability.DISPLAY
    ):
        entry["fixes"] = [sarif_fix(finding, finding.fix)]
    return entry


def tool(rules: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "newslint", "version": newslint.__version__}
    uri = information_uri()
    if uri is not None:
        driver["informationUri"] = uri
    driver["rules"] = rules
    return {"driver": driver}


def invocation(report: Report) -> dict[str, Any]:
    """The run itself; inputs that could not be checked are its error notifications."""
    entry: dict[str, Any] = {"executionSuccessful": True}
    if report.errors:
        entry["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": message}} for message in report.errors
        ]
    return entry


def log(report: Report) -> dict[str, Any]:
    """The whole SARIF log of a run, as a JSON-ready dict."""
    rules = descriptors(report)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [
        result(finding, report.source(finding), index[finding.code], fingerprint)
        for finding, fingerprint in zip(report.findings, fingerprints(report))
    ]
    run = {
        "tool": tool(rules),
        "invocations": [invocation(report)],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"documentsChecked": report.checked},
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def write(report: Report, out: TextIO) -> None:
    json.dump(log(report), out, ensure_ascii=False, indent=2)
    out.write("\n")

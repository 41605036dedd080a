"""GitLab Code Quality: a JSON array of issues that the merge request widget and diff view show.

GitLab reads a subset of the Code Climate format and requires, per issue, `description`,
`check_name`, `fingerprint`, `severity` (info, minor, major, critical or blocker) and
`location.path` with `location.lines.begin`. GitLab shows issues that share a fingerprint as one,
so each finding gets its own (`newslint.report.fingerprints`: the flagged text, numbered when it
repeats), which also stays the same when lines move, so a merge request that only shifts text
neither resolves nor introduces anything. A finding inside a JSONL record points at its file's
first line and says in the description where in the record it is.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from newslint.model import Finding, Severity
from newslint.report import Report, Source, fingerprints
from newslint.reporters.display import file_line, in_record, located_message, posix_path, span_of

# Damage in scraped text degrades a corpus; it does not break a build, so nothing is "blocker".
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def issue(finding: Finding, fingerprint: str, source: Source | None = None) -> dict[str, Any]:
    """One finding as a Code Quality issue (in a corpus record: at the record's line of the file)."""
    span = span_of(finding)
    if in_record(finding):
        begin = end = file_line(source) or 1
    else:
        begin, end = span.line, span.end_line
    return {
        "description": f"{finding.code}: {located_message(finding)}",
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITIES[finding.severity],
        "location": {"path": posix_path(finding.path), "lines": {"begin": begin, "end": end}},
    }


def write(report: Report, out: TextIO) -> None:
    issues = [issue(f, fp, report.source(f)) for f, fp in zip(report.findings, fingerprints(report))]
    # No byte-order mark: GitLab's parser rejects one. ensure_ascii keeps the file plain ASCII.
    json.dump(issues, out, indent=2)
    out.write("\n")

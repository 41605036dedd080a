"""What a run hands its reporter: the findings, the source lines they point at, and the counts.

Reporters never read files: a finding's context (the lines it flags and two either side) travels
with the findings from the process that linted the document, so `full`, `html`, SARIF snippets,
fingerprints and baselines all work the same for files, JSONL records and standard input.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newslint.checks.base import Rule
from newslint.model import Finding

CONTEXT_LINES = 2  # lines kept on each side of a finding


@dataclass(frozen=True)
class Source:
    """The lines of one document (a file, or a record of a corpus) around its findings.

    `lines` maps a 1-based line number to the line's text without its newline; it holds every
    line that a finding covers and CONTEXT_LINES either side, nothing else.
    """

    path: str
    record: str | None
    lines: Mapping[int, str]
    file_line: int | None = None  # a record's line in its corpus file, where one is known (JSONL)

    @classmethod
    def around(
        cls,
        path: str,
        record: str | None,
        lines: Sequence[str],
        findings: Iterable[Finding],
        file_line: int | None = None,
    ) -> Source:
        """The context of `findings` in a document whose lines are `lines` (without newlines)."""
        wanted: dict[int, str] = {}
        for finding in findings:
            first = max(1, finding.line - CONTEXT_LINES)
            last = min(len(lines), max(finding.line, finding.end_line) + CONTEXT_LINES)
            for number in range(first, last + 1):
                wanted[number] = lines[number - 1]
        return cls(path, record, dict(sorted(wanted.items())), file_line)

    def line(self, number: int) -> str | None:
        return self.lines.get(number)

    def flagged(self, finding: Finding) -> str:
        """The text a finding's range covers (the whole line when the range is empty)."""
        first = self.lines.get(finding.line, "")
        if finding.end_line <= finding.line:
            covered = first[finding.column - 1 : finding.end_column - 1]
            return covered if covered.strip() else first
        parts = [first[finding.column - 1 :]]
        parts += [self.lines.get(n, "") for n in range(finding.line + 1, finding.end_line)]
        if finding.end_column > 1:
            parts.append(self.lines.get(finding.end_line, "")[: finding.end_column - 1])
        return "\n".join(parts)


SourceKey = tuple[str, "str | None"]


@dataclass
class Report:
    """Everything a reporter may print about one run."""

    findings: Sequence[Finding]
    sources: Mapping[SourceKey, Source] = field(default_factory=dict)
    rules: Sequence[Rule] = ()  # the rules the run used (SARIF lists them)
    checked: int = 0  # documents checked
    errors: Sequence[str] = ()  # one-line messages for inputs that could not be checked
    unsafe_fixes: bool = False

    def source(self, finding: Finding) -> Source | None:
        return self.sources.get((finding.path, finding.record))


_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Flagged text as a fingerprint sees it: case, spacing and line breaks do not count."""
    return _SPACE.sub(" ", text).strip().casefold()


def fingerprint(finding: Finding, source: Source | None) -> str:
    """A finding's identity that survives lines moving: code, path, record and the flagged text.

    Two findings with the same fingerprint (the same widget twice in a file) are told apart by
    `fingerprints`, which numbers the repeats in document order.
    """
    flagged = normalise(source.flagged(finding)) if source is not None else f"{finding.line}:{finding.column}"
    key = "\0".join((finding.code, finding.path, finding.record or "", flagged))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(report: Report) -> list[str]:
    """Every finding's fingerprint with its occurrence number ("<hash>:<n>"), in report order."""
    seen: dict[str, int] = {}
    result = []
    for finding in report.findings:
        base = fingerprint(finding, report.source(finding))
        seen[base] = seen.get(base, 0) + 1
        result.append(f"{base}:{seen[base]}")
    return result

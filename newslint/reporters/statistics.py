"""`--statistics`: how many findings each rule made, and how many `newslint fix` would repair.

Like `ruff --statistics`: one line per rule, most findings first (then by code), so a CI log or a
reviewer sees at a glance which kind of damage a batch carries. With `--output-format json` the
same counts are a JSON list of {code, name, count, fixable}. `fixable` counts safe fixes, and
unsafe ones too when the run has `--unsafe-fixes`, exactly as the `[*]` marks do.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import TextIO

from newslint.report import Report


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    count: int
    fixable: int


def counts(report: Report) -> list[RuleCount]:
    """Findings and fixable findings per rule, most findings first, then by code."""
    found: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    names: dict[str, str] = {}
    for finding in report.findings:
        found[finding.code] += 1
        fixable[finding.code] += finding.fixable(report.unsafe_fixes)
        names[finding.code] = finding.name
    ordered = sorted(found, key=lambda code: (-found[code], code))
    return [RuleCount(code, names[code], found[code], fixable[code]) for code in ordered]


def table(rows: list[RuleCount]) -> list[str]:
    """The counts as aligned text lines: count, code, name and `[*] N fixable` when any are."""
    count_width = max((len(str(row.count)) for row in rows), default=0)
    code_width = max((len(row.code) for row in rows), default=0)
    name_width = max((len(row.name) for row in rows), default=0)
    lines = []
    for row in rows:
        fixable = f"[*] {row.fixable} fixable" if row.fixable else ""
        line = f"{row.count:>{count_width}}  {row.code:<{code_width}}  {row.name:<{name_width}}  {fixable}"
        lines.append(line.rstrip())
    return lines


def write(report: Report, out: TextIO, output_format: str = "concise") -> None:
    rows = counts(report)
    if output_format == "json":
        json.dump([asdict(row) for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    for line in table(rows):
        out.write(line + "\n")

"""One line per finding, as ruff prints them: `path:line:col: CODE [*] message`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from newslint.model import Applicability, Finding
from newslint.report import Report
from newslint.reporters.display import document_label, escaped


def location(finding: Finding) -> str:
    """Where a finding is, on one line: control characters in a path or record id are escaped.

    >>> print(location(Finding("UI001", "widget-token", "m", 2, 1, 2, 3, path="b.jsonl", record="r\\n1")))
    b.jsonl[r\\n1]:2:1
    """
    return f"{escaped(document_label(finding.path, finding.record))}:{finding.line}:{finding.column}"


def format_finding(finding: Finding, unsafe_fixes: bool = False) -> str:
    marker = " [*]" if finding.fixable(unsafe_fixes) else ""
    return f"{location(finding)}: {finding.code}{marker} {finding.message}"


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        out.write(format_finding(finding, report.unsafe_fixes) + "\n")


def plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}es" if word.endswith(("s", "sh", "ch", "x")) else f"{n} {word}s"


def summary(
    findings: Sequence[Finding], checked: int, unsafe_fixes: bool = False, errors: int = 0, noun: str = "file"
) -> str:
    """The closing lines of a check: how many findings, and how many `newslint fix` can repair.

    `noun` names what was checked: "file", or "document" when corpora (records) were among them.
    """
    if not findings:
        if errors:
            return (
                f"No findings in {plural(checked, noun)} checked, but {plural(errors, 'error')} (see above)."
            )
        return f"All checks passed ({plural(checked, noun)} checked)."
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.applicability is Applicability.UNSAFE)
    where = plural(len({(f.path, f.record) for f in findings}), noun)
    trouble = f", and {plural(errors, 'error')} (see above)" if errors else ""
    lines = [f"Found {plural(len(findings), 'finding')} in {where} ({checked} checked){trouble}."]
    if unsafe_fixes and safe + unsafe:
        lines.append(f"[*] {safe + unsafe} fixable with `newslint fix --unsafe-fixes`.")
    elif safe:
        more = "1 more fix" if unsafe == 1 else f"{unsafe} more fixes"
        hidden = f" ({more} available with `--unsafe-fixes`)" if unsafe else ""
        lines.append(f"[*] {safe} fixable with `newslint fix`{hidden}.")
    elif unsafe:
        fixes = "1 fix" if unsafe == 1 else f"{unsafe} fixes"
        lines.append(f"No safe fixes available ({fixes} with `--unsafe-fixes`).")
    return "\n".join(lines)

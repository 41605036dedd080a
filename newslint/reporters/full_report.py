"""Each finding with its source lines, the flagged range underlined and its fix as a diff (ruff's `full`).

The concise report says where; this one shows what. News lines are long (a paragraph is one
line), so every line of a snippet is cut to the same window of WIDTH characters around the
finding, marked with an ellipsis where it was cut, and the carets stay under the flagged text.
When the source lines are missing (a report built without them), the finding's header and its
fix's description still print.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TextIO

from newslint.model import Applicability, Finding, Fix
from newslint.report import CONTEXT_LINES, Report, Source
from newslint.reporters.display import FIX_LABELS, covered, span_of, visible
from newslint.reporters.fix_preview import FixPreview, changed_range, preview
from newslint.reporters.text_report import format_finding

WIDTH = 100  # characters of a line shown at most
LEAD = 24  # characters kept before the flagged text when the window must start inside a line
ELLIPSIS = "…"


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        out.write("\n".join(render(finding, report.source(finding), report.unsafe_fixes)))
        out.write("\n\n")


def render(finding: Finding, source: Source | None, unsafe_fixes: bool = False) -> list[str]:
    """The lines that show one finding: its header, its snippet and its fix."""
    lines = [format_finding(finding, unsafe_fixes)]
    gutter = len(str(finding.end_line + CONTEXT_LINES))
    if source is not None and source.line(finding.line) is not None:
        lines += snippet(finding, source, gutter)
    if finding.fix is not None:
        lines += fix_section(finding.fix, source, gutter, unsafe_fixes)
    return lines


def width(text: str) -> int:
    """How many terminal cells text takes: wide (CJK) characters two, combining marks none."""
    cells = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return cells


def window_start(finding: Finding) -> int:
    """Where the shared window of a snippet starts (0-based): at 0 unless the finding lies beyond it."""
    start = finding.column - 1
    return 0 if start + min(LEAD, finding.end_column - finding.column) <= WIDTH else start - LEAD


def cut(text: str, lo: int) -> str:
    """The part of a line inside the window that starts at `lo`, with ellipses where it was cut."""
    shown = (ELLIPSIS if lo > 0 else "") + visible(text[lo : lo + WIDTH])
    return shown + (ELLIPSIS if len(text) > lo + WIDTH else "")


def carets(finding: Finding, number: int, text: str, lo: int) -> str:
    """The caret line under line `number` (at least one caret, even for an empty range)."""
    start, end = covered(finding, number, text)
    start, end = max(start, lo), min(end, lo + WIDTH)
    pad = (1 if lo > 0 else 0) + width(visible(text[lo:start]))
    return " " * pad + "^" * max(1, width(visible(text[start:end])))


def snippet(finding: Finding, source: Source, gutter: int) -> Iterator[str]:
    """The context lines with their numbers and carets under the flagged range."""
    lo = window_start(finding)
    last = span_of(finding).end_line
    blank = " " * gutter + " |"
    yield blank
    for number in range(finding.line - CONTEXT_LINES, last + CONTEXT_LINES + 1):
        text = source.line(number)
        if text is None:
            continue
        yield f"{number:>{gutter}} | {cut(text, lo)}".rstrip()
        if finding.line <= number <= last:
            label = f" {finding.code}" if number == last else ""
            yield f"{blank} {carets(finding, number, text, lo)}{label}"
    yield blank


def fix_section(fix: Fix, source: Source | None, gutter: int, unsafe_fixes: bool) -> list[str]:
    """The fix's description, its safety, and the lines it changes when the source shows them."""
    label = FIX_LABELS[fix.applicability]
    if fix.applicability is Applicability.UNSAFE and not unsafe_fixes:
        label += " (available with `--unsafe-fixes`)"
    lines = [f"{' ' * gutter} = help: {fix.message}", "", f"{label}:"]
    change = preview(fix, source) if source is not None else None
    if change is not None:
        lines += diff_lines(change, gutter)
    return lines


def diff_lines(change: FixPreview, gutter: int) -> list[str]:
    """`- old` and `+ new` lines; a one-line replacement is cut around the first changed character."""
    lo = 0
    if len(change.removed) == 1 and len(change.added) == 1:
        start = changed_range(change.removed[0], change.added[0])[0]
        lo = 0 if start < WIDTH - LEAD else start - LEAD
    removed = [f"{change.first + i:>{gutter}} - {cut(text, lo)}" for i, text in enumerate(change.removed)]
    added = [f"{change.first + i:>{gutter}} + {cut(text, lo)}" for i, text in enumerate(change.added)]
    return [line.rstrip() for line in removed + added]

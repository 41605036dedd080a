"""The engine: run the selected rules over a document, and apply their fixes to a fixed point.

Fixing works in passes. Each pass lints the text, takes the fixes whose applicability is allowed,
keeps those whose edits overlap no edit already taken (first in reading order wins), applies them,
and lints again. The loop stops when a pass changes nothing; a document that still changes after
MAX_PASSES is reported as not converging and must not be written.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from newslint.checks.base import Context, Rule, Settings
from newslint.document import Document, Line
from newslint.model import Finding

MAX_PASSES = 10


def lint(doc: Document, rules: Sequence[Rule], settings: Settings) -> list[Finding]:
    """Every finding of the rules on one document, in reading order."""
    ctx = Context(doc, settings)
    findings = [finding for rule in rules for finding in rule.check(ctx)]
    findings.sort(key=Finding.sort_key)
    return findings


@dataclass
class FixResult:
    text: str
    converged: bool = True
    applied: Counter[str] = field(default_factory=Counter)  # code -> fixes applied
    remaining: list[Finding] = field(default_factory=list)  # findings left in the fixed text
    unconverged_codes: tuple[str, ...] = ()
    found: int = 0  # findings in the text before fixing

    @property
    def fixed(self) -> int:
        """How many of the findings the fixes made go away (a deleted copy takes its typo with it)."""
        return max(0, self.found - len(self.remaining))


def fix(doc: Document, rules: Sequence[Rule], settings: Settings, unsafe: bool = False) -> FixResult:
    """Apply fixes until the text stops changing; `remaining` is what the fixed text still has."""
    applied: Counter[str] = Counter()
    current = doc
    found: int | None = None
    for _ in range(MAX_PASSES):
        findings = lint(current, rules, settings)
        found = len(findings) if found is None else found
        fixable = [f for f in findings if f.fixable(unsafe)]
        if not fixable:
            return FixResult(current.text, True, applied, findings, found=found)
        text, taken = apply_fixes(current, fixable)
        if text == current.text:
            return FixResult(current.text, True, applied, findings, found=found)
        applied.update(f.code for f in taken)
        current = Document(text, doc.path, doc.record)
    findings = lint(current, rules, settings)
    still = sorted({f.code for f in findings if f.fixable(unsafe)})
    return FixResult(current.text, False, applied, findings, tuple(still), found=found or 0)


Span = tuple[int, int, str]  # start offset, end offset, replacement


def apply_fixes(doc: Document, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """Apply the fixes of the findings that do not overlap each other; return the text and those.

    Fixes are taken in reading order, each whole or not at all; a fix that overlaps one already
    taken waits for the next pass, where the engine lints the changed text again.
    """
    taken: list[Finding] = []
    spans: list[Span] = []  # every taken edit, kept sorted by start
    starts: list[int] = []
    for finding in sorted(findings, key=lambda f: _fix_start(doc, f)):
        assert finding.fix is not None
        new = [
            (doc.offset(e.line, e.column), doc.offset(e.end_line, e.end_column), e.content)
            for e in finding.fix.edits
        ]
        if any(_overlaps_taken(span, spans, starts) for span in new):
            continue
        for span in new:
            k = bisect.bisect_left(starts, span[0])
            starts.insert(k, span[0])
            spans.insert(k, span)
        taken.append(finding)
    spans.extend(_orphaned_blank_lines(doc, spans))
    return _splice(doc.text, spans), taken


def _fix_start(doc: Document, finding: Finding) -> tuple[int, int]:
    """Where a finding's fix starts; at the same start, the longer edit goes first."""
    assert finding.fix is not None
    edits = finding.fix.edits
    return min((doc.offset(e.line, e.column), -doc.offset(e.end_line, e.end_column)) for e in edits)


def _overlaps_taken(span: Span, spans: list[Span], starts: list[int]) -> bool:
    """Whether span overlaps a taken one. Taken spans never overlap each other, so only the one
    starting just before it and those starting inside it can."""
    k = bisect.bisect_left(starts, span[0])
    if k and _overlaps(span, spans[k - 1]):
        return True
    for j in range(k, len(spans)):
        if starts[j] > span[1]:
            break
        if _overlaps(span, spans[j]):
            return True
    return False


def _overlaps(a: Span, b: Span) -> bool:
    if a[0] == a[1] or b[0] == b[1]:  # insertions conflict at the same point or inside a range
        return a[0] == b[0] or (b[0] < a[0] < b[1]) or (a[0] < b[0] < a[1])
    return a[0] < b[1] and b[0] < a[1]


def _merged_deletions(spans: Sequence[Span]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end, content in sorted(spans):
        if content or start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _orphaned_blank_lines(doc: Document, spans: Sequence[Span]) -> list[Span]:
    """Blank lines that deleting whole blocks of lines would leave piled up.

    Deleting every line of a block (a run of non-blank lines) leaves the blank lines before and
    after it touching. Across each stretch of blank and deleted lines between two kept lines, keep
    the longest blank run (so an article separator survives) and delete the others. At the start
    or the end of the text, keep only the blank lines that were already at its very start or end,
    so the text neither gains leading blank lines nor changes its final newline.
    """
    merged = _merged_deletions(spans)
    if not merged:
        return []
    starts = [s for s, _ in merged]
    lines = doc.lines

    def removed(line: Line) -> bool:
        i = bisect.bisect_right(starts, line.start) - 1
        return i >= 0 and merged[i][1] >= line.end

    # Blank (None) or, for a line with text, whether the fixes delete it.
    gone = [None if line.is_blank else removed(line) for line in lines]
    extra: list[Span] = []
    n = len(lines)
    i = 0
    while i < n:
        if gone[i] is False:
            i += 1
            continue
        j = i
        while j < n and gone[j] is not False:
            j += 1
        if any(gone[i:j]):
            extra.extend(_collapse(doc, i, j))
        i = j
    return extra


def _collapse(doc: Document, i: int, j: int) -> list[Span]:
    """Deletions for the blank lines of the stretch lines[i:j] (0-based) that must go."""
    lines = doc.lines
    content = [k for k in range(i, j) if not lines[k].is_blank]  # the deleted lines
    if i == 0 or j == len(lines):
        # At an edge of the text: keep blank lines that were already at the very start or end, and
        # remove everything between them and the nearest kept line.
        if i == 0 and j == len(lines):
            return [(lines[content[0]].start, len(doc.text), "")]
        if i == 0:
            return [(lines[content[0]].start, lines[j].start, "")]
        if not lines[-1].newline and content[-1] == len(lines) - 1:
            return [(lines[i - 1].end, len(doc.text), "")]  # keep the missing final newline missing
        return [(lines[i].start, lines[content[-1]].next_start, "")]
    runs: list[list[int]] = []
    for k in range(i, j):
        if lines[k].is_blank:
            if runs and runs[-1][-1] == k - 1:
                runs[-1].append(k)
            else:
                runs.append([k])
    keep = max(runs, key=len) if runs else []
    return [(lines[k].start, lines[k].next_start, "") for run in runs if run is not keep for k in run]


def _splice(text: str, spans: Sequence[Span]) -> str:
    """Apply spans (deletions may overlap each other; they are merged) to the text."""
    out = []
    pos = 0
    for start, end, content in sorted(spans, key=lambda s: (s[0], s[1])):
        if end <= pos and start < pos:
            continue  # inside a deletion already applied
        start = max(start, pos)
        out.append(text[pos:start])
        out.append(content)
        pos = max(pos, end)
    out.append(text[pos:])
    return "".join(out)

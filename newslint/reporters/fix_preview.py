"""What a fix would change, as the lines it removes and the lines it puts in their place.

A fix is a set of edits in (line, column) positions; a reader wants to see lines. The `full` and
`html` reports apply the edits to the few lines a finding's source context holds (never to the
file: reporters do not read files) and show the result as a small diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newslint.model import Edit, Fix
from newslint.report import Source


@dataclass(frozen=True)
class FixPreview:
    """The lines a fix changes: `removed` (starting at line `first`) become `added`."""

    first: int
    removed: tuple[str, ...]
    added: tuple[str, ...]


def _last_line(edit: Edit) -> int:
    """The last line whose text an edit touches (an edit ending at column 1 stops before its line)."""
    return edit.end_line - 1 if edit.end_line > edit.line and edit.end_column == 1 else edit.end_line


def _apply(block: str, starts: list[int], first: int, edits: tuple[Edit, ...]) -> str:
    """`block` (the lines from `first` on, each ending in a newline) with the edits applied."""

    def offset(line: int, column: int) -> int:
        index = line - first
        return len(block) if index >= len(starts) else starts[index] + column - 1

    spans = sorted(
        ((offset(e.line, e.column), offset(e.end_line, e.end_column), e) for e in edits), reverse=True
    )
    for start, end, edit in spans:
        block = block[:start] + edit.content + block[end:]
    return block


def preview(fix: Fix, source: Source) -> FixPreview | None:
    """The lines `fix` changes, or None when the source context does not hold them all.

    >>> src = Source("a.txt", None, {4: "caption", 5: "TT", 6: ""})
    >>> from newslint.model import Applicability
    >>> preview(Fix(Applicability.SAFE, "Delete", (Edit(5, 1, 6, 1, ""),)), src)
    FixPreview(first=5, removed=('TT',), added=())
    """
    if not fix.edits:
        return None
    first = min(edit.line for edit in fix.edits)
    last = max(_last_line(edit) for edit in fix.edits)
    lines = [source.line(number) for number in range(first, last + 1)]
    if any(text is None for text in lines):
        return None
    # The line after the edits too, when known: an edit that ends at its column 1 joins onto it.
    following = source.line(last + 1)
    old = [text or "" for text in lines] + ([following] if following is not None else [])
    starts, position = [], 0
    for text in old:
        starts.append(position)
        position += len(text) + 1
    new_block = _apply("".join(text + "\n" for text in old), starts, first, fix.edits)
    new = new_block.split("\n")
    if not new_block or new_block.endswith("\n"):
        new.pop()
    # Only the lines that differ: not those both sides share at the start and at the end.
    start, old_end, new_end = changed_range(old, new)
    return FixPreview(first + start, tuple(old[start:old_end]), tuple(new[start:new_end]))


def changed_range(old: Sequence[object], new: Sequence[object]) -> tuple[int, int, int]:
    """Where two versions of a line (or of a list of lines) differ: start, end in `old`, end in `new`.

    >>> changed_range("the 0arliament of Iran", "the Parliament of Iran")
    (4, 5, 5)
    """
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, len(old) - tail, len(new) - tail

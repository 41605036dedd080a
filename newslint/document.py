"""A document: the decoded text of one file or record, split into lines with their offsets."""

from __future__ import annotations

import itertools
import operator
import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from newslint.model import Edit

# A line ends at \r\n, \r or \n, and only there.
_NEWLINE = re.compile(r"\r\n?|\n")


class Line(NamedTuple):
    """One line: its 1-based number, where it starts in the text, and its content without the newline."""

    number: int
    start: int
    text: str
    newline: str

    @property
    def end(self) -> int:
        """Offset just past the line's content (before its newline)."""
        return self.start + len(self.text)

    @property
    def next_start(self) -> int:
        """Offset of the next line: past this line's newline."""
        return self.end + len(self.newline)

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> tuple[Line, ...]:
    """Split text into lines, keeping each line's offset and newline.

    Only \\n, \\r\\n and \\r end a line: str.splitlines also splits on \\v, \\f, U+2028 and
    friends, which would make line numbers disagree with every editor and with git, and would
    turn such a character into a newline when a fix rewrites the file.

    >>> [(ln.number, ln.text, ln.newline) for ln in split_lines("a\\r\\nb\\n\\nc")]
    [(1, 'a', '\\r\\n'), (2, 'b', '\\n'), (3, '', '\\n'), (4, 'c', '')]
    """
    if "\r" not in text:
        # The common case, \n only: one C-level split, then offsets by running sum.
        bodies = line_texts(text)
        count = len(bodies)
        # Line k starts after the k lines before it and their k newlines.
        starts = map(operator.add, itertools.accumulate(map(len, bodies), initial=0), range(count))
        newlines = itertools.repeat("\n", count - 1 if count and not text.endswith("\n") else count)
        # tuple.__new__(Line, fields) is what Line(*fields) runs, minus a Python-level call per line.
        fields = zip(range(1, count + 1), starts, bodies, itertools.chain(newlines, [""]))
        return tuple(map(tuple.__new__, itertools.repeat(Line), fields))
    lines = []
    start = 0
    for number, match in enumerate(_NEWLINE.finditer(text), 1):
        lines.append(Line(number, start, text[start : match.start()], match.group()))
        start = match.end()
    if start < len(text):
        lines.append(Line(len(lines) + 1, start, text[start:], ""))
    return tuple(lines)


def line_texts(text: str) -> list[str]:
    """The texts of split_lines(text)'s lines, without making their Line objects.

    >>> line_texts("a\\r\\nb\\n\\nc\\n")
    ['a', 'b', '', 'c']
    """
    bodies = text.split("\n") if "\r" not in text else _NEWLINE.split(text)
    if bodies[-1] == "":
        bodies.pop()  # the text ends with a newline: no line after it
    return bodies


@dataclass(frozen=True)
class Document:
    """The text of one file or JSONL record. `path` and `record` only label findings."""

    text: str
    path: str = "-"
    record: str | None = None

    @cached_property
    def lines(self) -> tuple[Line, ...]:
        return split_lines(self.text)

    def line(self, number: int) -> Line:
        return self.lines[number - 1]

    def offset(self, line: int, column: int) -> int:
        """The text offset of a 1-based (line, column); the line after the last is the end of text."""
        if line > len(self.lines):
            return len(self.text)
        return self.lines[line - 1].start + column - 1

    def delete_line(self, number: int) -> Edit:
        """An edit that removes a whole line together with its newline."""
        if number < len(self.lines):
            return Edit(number, 1, number + 1, 1, "")
        # The last line: when it has no newline, take the previous line's newline instead, so the
        # file's trailing-newline convention survives.
        last = self.lines[number - 1]
        if not last.newline and number > 1:
            prev = self.lines[number - 2]
            return Edit(number - 1, len(prev.text) + 1, number, len(last.text) + 1, "")
        return Edit(number, 1, number + 1, 1, "")

"""How reporters name documents, place findings for other tools and show text a reader can see.

Every CI format needs the same few decisions, made once here so that they agree:

- a finding's range as other tools expect it (`Span`): newslint ends ranges at the start of the
  next line when a whole line is flagged, which SARIF, GitHub and GitLab read as "one more line";
- where a finding inside a JSONL record is (`in_record`, `located_message`): its lines count inside
  the record's text, not the file, so the file-level formats point at the file and say in the
  message where in the record the damage is;
- text with the invisible characters ENC003 reports made visible (`visible`), one character for
  one character, so that columns and highlights (`covered`) still line up;
- how a fix is labelled for a reader (`FIX_LABELS`), the same in the terminal and in HTML.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from newslint.model import Applicability, Finding
from newslint.report import Source

# Shown in place of a character that would print as nothing (or move the cursor).
INVISIBLE_MARK = "◌"
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn"}

# How a fix is introduced to a reader, by how far it can be trusted.
FIX_LABELS = {
    Applicability.SAFE: "Safe fix",
    Applicability.UNSAFE: "Unsafe fix",
    Applicability.DISPLAY: "Suggested change (never applied)",
}


def document_label(path: str, record: str | None) -> str:
    """How a document is named to a reader: its path, and the record id for a JSONL record.

    >>> document_label("corpus.jsonl", "r7"), document_label("a.txt", None)
    ('corpus.jsonl[r7]', 'a.txt')
    """
    return path if record is None else f"{path}[{record}]"


def escaped(text: str) -> str:
    """Text with the characters that would not print (newlines, other controls) escaped as repr does.

    For names a one-line output prints (a path, a record id): the others are left as they are.

    >>> print(escaped("r7"), escaped("line\\nbreak\\x1b"), escaped("Zürich"))
    r7 line\\nbreak\\x1b Zürich
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def posix_path(path: str) -> str:
    """A path as CI systems match it against the repository: forward slashes, no leading `./`."""
    posix = PurePath(path).as_posix()
    return posix[2:] if posix.startswith("./") else posix


def family(code: str) -> str:
    """The rule family of a code: `DUP001` -> `DUP`.

    >>> family("OCR004")
    'OCR'
    """
    return code.rstrip("0123456789")


def in_record(finding: Finding) -> bool:
    """Whether a finding's lines count inside a JSONL record's text rather than in its file."""
    return finding.record is not None


def file_line(source: Source | None) -> int | None:
    """The line of its corpus file that a record starts on, where the run knows it (JSONL)."""
    return source.file_line if source is not None else None


def located_message(finding: Finding) -> str:
    """The message, led by the place inside the record when the finding is in a JSONL record."""
    if finding.record is None:
        return finding.message
    return f"Record {finding.record}, line {finding.line}, column {finding.column}: {finding.message}"


@dataclass(frozen=True)
class Span:
    """A finding's range for tools that count the end line inclusively.

    `end_column` is exclusive; None means "to the end of `end_line`", which is how a whole-line
    finding (newslint: up to column 1 of the next line) or an empty range is expressed.
    """

    line: int
    column: int
    end_line: int
    end_column: int | None


def span_of(finding: Finding) -> Span:
    """A finding's range, normalised: never ending before it starts, never ending at column 1.

    >>> span_of(Finding("UI001", "widget-token", "m", 5, 1, 6, 1))
    Span(line=5, column=1, end_line=5, end_column=None)
    >>> span_of(Finding("OCR001", "digit-in-word", "m", 3, 66, 3, 76))
    Span(line=3, column=66, end_line=3, end_column=76)
    """
    line, column = max(1, finding.line), max(1, finding.column)
    end_line, end_column = finding.end_line, finding.end_column
    if end_line > line and end_column <= 1:
        return Span(line, column, end_line - 1, None)
    if end_line < line or (end_line == line and end_column <= column):
        return Span(line, column, line, None)
    return Span(line, column, end_line, end_column)


def covered(finding: Finding, number: int, text: str) -> tuple[int, int]:
    """The 0-based [start, end) of line `number` (whose text is `text`) that a finding covers.

    >>> covered(Finding("OCR001", "digit-in-word", "m", 3, 5, 3, 15), 3, "the 0arliament")
    (4, 14)
    """
    start = finding.column - 1 if number == finding.line else 0
    end = finding.end_column - 1 if number == finding.end_line else len(text)
    return start, max(start, min(end, len(text)))


def visible(text: str) -> str:
    """Text with each invisible or control character shown as a mark, tabs as one space.

    The result has exactly as many characters as `text`, so columns keep their meaning.

    >>> visible("a\\u200bb\\tc")
    'a◌b c'
    """
    if text.isprintable():
        return text
    return "".join(
        " " if ch == "\t" else INVISIBLE_MARK if unicodedata.category(ch) in _INVISIBLE_CATEGORIES else ch
        for ch in text
    )

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newslint.checks.base import Context, located_finding
from newslint.checks.ocr_common import attested_forms, in_address, line_at
from newslint.document import Document
from newslint.language import FUNCTION_WORDS
from newslint.model import Applicability, Edit, Finding, Fix

CODE, NAME = "OCR003", "broken-hyphenation"

# A hyphen right after a letter, then spaces or a line break, then a letter: where a typesetter
# broke a word at the end of a line ("govern-\nment"), or where extracting text from a PDF or an
# OCR page turned that line break into a space ("govern- ment"). "¬" is OCR's hyphen mark. A line
# break between two letters with no hyphen at all is where OCR often loses the mark ("con\nstitution").
# Each kind of break is scanned for with its own pattern that starts with one literal character, which
# the regular expression engine finds at memchr speed; the letters on both sides and the size of the
# gap are then checked in Python. A line break without a hyphen only matters before a lowercase
# letter (the second half of a word), which passes over the paragraphs of ordinary text too.
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u03ac-\u03ce\u0430-\u045f"
_BREAKS = tuple(
    (mark, re.compile(pattern))
    for mark, pattern in (
        ("-", r"-(?=[ \t\r\n])[ \t\r\n]*(?=[^\W\d_])"),
        ("‐", r"‐[ \t\r\n]+(?=[^\W\d_])"),
        ("¬", r"¬[ \t\r\n]+(?=[^\W\d_])"),
        ("\n", rf"\n[ \t]*(?=[{_LOWER}])"),
        ("\r", rf"\r(?!\n)[ \t]*(?=[{_LOWER}])"),
    )
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HYPHENS = "-‐¬"
_CONTRACTION = re.compile(r"['’](?:t|s|d|ll|re|ve|m)\b")  # "Si- can't": the second half is a word
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
_LETTERS_AFTER = re.compile(r"[^\W\d_]+")
# The second half of a suspended hyphen, not of a broken word: "pre- and post-war",
# "photo- and videojournalist", "теле- и радиожурналист", "mid- to late-2000s".
CONJUNCTIONS = frozenset(
    "and or nor to than through versus vs und oder bis sowie et ou à y e o ni i".split()
    + "и или либо да та чи або".split()
)
# A joined word must be known: at Zipf >= 3 no legitimate compound of lexicon-eval.md's set
# ("well-known", "long-term", "so-called") joined into a false word.
MIN_ZIPF = 3.0
# Both halves are words ("some- thing", "well- known"): join only when the joined word is this
# common (something, because, without, today); otherwise the hyphen belongs to a compound.
MIN_ZIPF_BOTH_HALVES = 4.0
HALF_WORD_ZIPF = 3.0
# The first element of a compound is a common word ("well", "long", "self", "anti"); a rarer one
# before a hyphen and a space is more often OCR noise than a compound ("tin- numbers" for "the").
COMPOUND_FIRST_ZIPF = 4.5
# Without a hyphen, the second half must be a non-word (as OCR002's gate), so that a line break
# between two words is never taken for a broken word.
NON_WORD_ZIPF = 2.5


@dataclass(frozen=True, slots=True)
class Repair:
    spelling: str  # what the two halves become: joined, or one hyphenated word
    joined: bool
    why: str
    hyphen: str  # the hyphen a hyphenated word keeps


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a word split in two by a line-end hyphen ("govern- ment", "govern-" / "ment").

    ## What it does
    Reports a hyphen after a letter that is followed by spaces or a line break and another
    letter, when the two halves make one known word (wordfreq, Zipf of at least 3) or the same
    document spells the joined word out. The word is joined without the hyphen when its halves
    are not both words ("govern- ment" is "government"; "some- thing", whose halves are words,
    joins because "something" is very common). When both halves are words and the joined word is
    not common, the hyphen belongs to a compound and only the break goes ("well- known" is
    "well-known"). OCR often loses the hyphen itself: a line that ends in the middle of a word
    ("con" / "stitution") is joined too, when the second half is no word of its own. A word
    broken across two lines is mended at the end of the first line, and no line is left empty;
    a compound that a line merely wraps after its own hyphen ("well-" / "known") is not broken.
    Suspended hyphens ("pre- and post-war", "теле- и радиожурналист"), halves with digits or a
    capital ("COVID- 19", "anti- American"), stray marks between two words ("Some- of") and
    addresses are left alone.

    ## Why it matters
    Text copied out of PDFs, e-paper editions and OCR'd pages keeps the typesetter's line-end
    hyphens. The halves are not words: search, named-entity tools and word counts all miss them.

    ## Example
    ```text
    The govern- ment said the well- known economist would advise the par-
    liament on Tuesday.
    ```

    ## Use instead
    ```text
    The government said the well-known economist would advise the parliament
    on Tuesday.
    ```

    ## Fix safety
    Unsafe: whether a hyphen was the typesetter's or the author's ("co- operation",
    "re- election") is a judgement about spelling that the lexicon can only guess.
    """
    doc = ctx.doc
    text = doc.text
    attested: dict[str, str] | None = None
    starts: list[int] = []
    for at, after_break in _breaks(text):
        mark = text[at] if text[at] in _HYPHENS else ""
        while not mark and at and text[at - 1] in " \t\r":
            at -= 1
        if not at or not text[at - 1].isalpha():
            continue  # most line breaks: after punctuation, or a blank line
        if len(_LINE_BREAK.findall(text, at, after_break)) > 1:
            continue  # a blank line between: a new paragraph, not a broken word
        first_match = _LETTERS_BEFORE.search(text, max(0, at - 64), at)
        second_match = _LETTERS_AFTER.match(text, after_break)
        if first_match is None or second_match is None:
            continue
        first, second = first_match.group(), second_match.group()
        begin, end = first_match.start(), second_match.end()
        if (
            second.lower() in CONJUNCTIONS
            or (begin and (text[begin - 1].isdigit() or (not mark and text[begin - 1] in _HYPHENS)))
            or (end < len(text) and (text[end].isdigit() or text[end] in _HYPHENS))
            or _CONTRACTION.match(text, end)
            or in_address(text, begin, end)
        ):
            continue
        if not mark and (not second[0].islower() or ctx.lexicon.zipf(second) >= NON_WORD_ZIPF):
            continue  # a line break between two words is only a line break
        if attested is None:
            attested = attested_forms(text)
            starts = [line.start for line in doc.lines]
        across_lines = "\n" in text[at:after_break] or "\r" in text[at:after_break]
        repair = _repair(ctx, text, first, second, mark, across_lines, attested)
        if repair is None:
            continue
        yield _finding(ctx, starts, begin, at, mark, after_break, end, repair)


def _breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of every hyphen or line break followed by a letter, in reading order."""
    found: list[tuple[int, int]] = []
    for mark, pattern in _BREAKS:
        if mark in text:
            found.extend(match.span() for match in pattern.finditer(text))
    found.sort()
    return found


def _repair(
    ctx: Context,
    text: str,
    first: str,
    second: str,
    mark: str,
    across_lines: bool,
    attested: dict[str, str],
) -> Repair | None:
    """What the two halves should become, or None when they are not one word.

    A compound keeps its hyphen; within a line only the space after it goes ("well- known"),
    and at a line end nothing is broken at all: the line was wrapped at the compound's own
    hyphen ("well-" / "known"), as any text wrapper does.
    """
    joined = first + second
    hyphen = "-" if mark in ("¬", "") else mark
    hyphenated = f"{first}{hyphen}{second}"
    if mark and hyphenated.lower() in text.lower():
        if across_lines:
            return None
        return Repair(hyphenated, False, "spelled so elsewhere in this document", hyphen)
    zipf = ctx.lexicon.zipf(joined)
    if joined.lower() in attested and (mark or zipf >= NON_WORD_ZIPF):
        # Without a hyphen only a word of the language will do: OCR'd text repeats its own junk.
        return Repair(joined, True, "found elsewhere in this document", hyphen)
    if second[0].isupper() and not first.isupper():
        return None  # "anti- American" or "shape- This": a compound with a name, or two words
    if not mark or not _both_words(ctx, first, second):
        return Repair(joined, True, "a known word", hyphen) if zipf >= MIN_ZIPF else None
    if zipf >= MIN_ZIPF_BOTH_HALVES:
        return Repair(joined, True, "a common word", hyphen)
    function_words = FUNCTION_WORDS.get(ctx.language, frozenset())
    if (
        across_lines
        or first.lower() in function_words
        or second.lower() in function_words
        or ctx.lexicon.zipf(first) < COMPOUND_FIRST_ZIPF
    ):
        return None  # "Some- of", "tin- numbers": a stray mark between two words, not a compound
    return Repair(hyphenated, False, "both halves are words", hyphen)


def _both_words(ctx: Context, first: str, second: str) -> bool:
    return ctx.lexicon.zipf(first) >= HALF_WORD_ZIPF and ctx.lexicon.zipf(second) >= HALF_WORD_ZIPF


def _finding(
    ctx: Context,
    starts: list[int],
    begin: int,
    at: int,
    mark: str,
    after_break: int,
    end: int,
    repair: Repair,
) -> Finding:
    doc = ctx.doc
    text = doc.text
    first_line = line_at(doc, starts, begin)
    last_line = line_at(doc, starts, end)
    shown = text[begin:end].replace("\r\n", "\n").replace("\r", "\n").replace("\n", "⏎")
    edit = _edit(doc, starts, begin, at, mark, after_break, end, repair)
    what = "Join" if repair.joined else "Close up"
    fix = Fix(Applicability.UNSAFE, f"{what} {shown!r} as {repair.spelling!r}", (edit,))
    broken = "by a line-end hyphen" if mark else "across lines, its hyphen lost"
    return located_finding(
        CODE,
        NAME,
        doc,
        message=f"Word broken {broken}: {shown!r} is {repair.spelling!r} ({repair.why})",
        line=first_line.number,
        column=begin - first_line.start + 1,
        end_line=last_line.number,
        end_column=end - last_line.start + 1,
        fix=fix,
    )


def _edit(
    doc: Document,
    starts: list[int],
    begin: int,
    at: int,
    mark: str,
    after_break: int,
    end: int,
    repair: Repair,
) -> Edit:
    """The edit that mends the break, keeping every other line where it was.

    Within a line the halves are simply joined. Across lines the second half (with the
    punctuation glued to it) moves up to the end of the first line; when it is all its line
    holds, the first half moves down instead, so that no line is left empty (an empty line would
    start a new paragraph); when each line is only its half, the two lines become one.
    """
    text = doc.text
    gap = text[at + len(mark) : after_break]  # between the hyphen (if any) and the second half
    if "\n" not in gap and "\r" not in gap:
        return _span_edit(doc, starts, begin, end, repair.spelling)
    newline_at = min(i for i in (gap.find("\r"), gap.find("\n")) if i >= 0)
    newline = "\r\n" if gap[newline_at : newline_at + 2] == "\r\n" else gap[newline_at]
    indent = gap[newline_at + len(newline) :]
    second_line = line_at(doc, starts, end)
    tail_end = end
    while tail_end < second_line.end and not text[tail_end].isspace():
        tail_end += 1  # punctuation glued to the word travels with it: "ment," "ment's"
    rest = tail_end
    while rest < second_line.end and text[rest] in " \t":
        rest += 1
    hyphen_kept = "" if repair.joined else repair.hyphen
    second = text[after_break:tail_end]
    if rest < second_line.end:
        return _span_edit(doc, starts, at, rest, hyphen_kept + second + newline + indent)
    first_line = line_at(doc, starts, begin)
    lead = begin
    while lead > first_line.start and text[lead - 1] in " \t":
        lead -= 1
    if lead > first_line.start:
        return _span_edit(doc, starts, lead, end, newline + indent + repair.spelling)
    return _span_edit(doc, starts, at, after_break, hyphen_kept)


def _span_edit(doc: Document, starts: list[int], start: int, end: int, content: str) -> Edit:
    a, b = line_at(doc, starts, start), line_at(doc, starts, end)
    return Edit(a.number, start - a.start + 1, b.number, end - b.start + 1, content)

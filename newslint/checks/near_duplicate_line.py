from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from newslint.checks.base import Context, Option, shorten, whole_line_finding
from newslint.model import Applicability, Finding, Fix
from newslint.structure import LineKind, has_credit, has_words

CODE, NAME = "DUP005", "near-duplicate-line"

# How many earlier lines of text (blank lines, widgets and boilerplate aside) a line is compared with:
# a scraper prints its copies close together (the caption under the photo, then its alt text).
WINDOW = 10
# The edit similarity (fuzz.ratio / 100) that the two texts, credits aside, must reach. It only picks
# candidates; what decides is how they differ (_difference), so it can stay a cheap, strict filter.
MIN_SIMILARITY = Option(
    CODE,
    "min-similarity",
    0.9,
    "the edit similarity (0.5 to 1.0) two lines, credits aside, must reach to be compared",
    minimum=0.5,
    maximum=1.0,
)
OPTIONS = (MIN_SIMILARITY,)
# Lines shorter than this are left alone: short lines ("Team A won 3-1.", "He said:") legitimately
# differ by a word or a digit from their neighbours.
MIN_CHARS = 30
MIN_WORDS = 5
# An OCR-damaged word is close to the word it damages: "0arliament", "govemment" (rn for m).
MAX_WORD_EDITS = 2
MAX_DAMAGED_WORDS = 2
# How many of the most similar lines in the window are read for how they differ.
MAX_TRIES = 2
# Lexicon evidence for a damaged word: the other copy's word is a word, this one is not.
KNOWN_ZIPF = 2.0
UNKNOWN_ZIPF = 1.0
# A credit has no sentence end of its own; the text before it ends like a sentence.
_CREDIT_SPLIT = re.compile(r"""(?<=[.!?…])["'”’]?\s+(?=[^\s.!?…][^.!?…]{0,119}$)""")
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")
_MIXED_DIGIT = re.compile(r"(?=.*\d)(?=.*[^\W\d_])")
_NOT_TEXT = frozenset((LineKind.BLANK, LineKind.WIDGET, LineKind.BOILERPLATE))
# How many characters at each end of a line make the keys that pick candidate pairs.
_END = 16
_NEVER = -WINDOW - 1  # the position of a line never seen: older than any window
# A line of text as copies are compared: its position among the article's lines of text (exact
# copies aside), its number, its stripped text and its kind.
_Text = tuple[int, int, str, LineKind]


def _split_credit(text: str, kind: LineKind) -> tuple[str, bool]:
    """A line without its trailing photo credit, and whether it had one.

    >>> _split_credit("Waves break on the harbour wall. (AFP/Getty Images)", LineKind.CAPTION)
    ('Waves break on the harbour wall.', True)
    """
    if kind is not LineKind.CAPTION or not has_credit(text):
        return text, False
    match = _CREDIT_SPLIT.search(text)
    return (text[: match.start()], True) if match else (text, True)


def _damaged_pair(a: str, b: str, ctx: Context) -> bool:
    """Whether two different words are one word, damaged by OCR in one of the copies.

    Only damage is forgiven, never a change of meaning: a changed number ("3-1" for "2-1") or one
    real word for another ("Monday" for "Sunday") is a different sentence.
    """
    if Levenshtein.distance(a.lower(), b.lower()) > MAX_WORD_EDITS or min(len(a), len(b)) < 3:
        return False
    a_mixed, b_mixed = bool(_MIXED_DIGIT.match(a)), bool(_MIXED_DIGIT.match(b))
    if a_mixed != b_mixed:
        # A digit inside the letters of one copy only: "0arliament", "Qa1ibaf".
        return (b if a_mixed else a).isalpha()
    if a_mixed or not (a.isalpha() and b.isalpha()):
        return False
    za, zb = ctx.lexicon.zipf(a), ctx.lexicon.zipf(b)
    return (za >= KNOWN_ZIPF and zb < UNKNOWN_ZIPF) or (zb >= KNOWN_ZIPF and za < UNKNOWN_ZIPF)


def _difference(a: str, b: str, ctx: Context) -> str | None:
    """How two near-identical texts differ, if only as copies of one text do; else None.

    Spacing, punctuation and case are forgiven, and up to MAX_DAMAGED_WORDS words damaged by OCR.
    A word added, removed or replaced by another word makes the texts different sentences.
    """
    if a == b:
        return "its credit differs"
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return None  # a number changed: "won 3-1" and "won 2-1"
    words_a, words_b = _WORD.findall(a), _WORD.findall(b)
    lower_a, lower_b = [w.lower() for w in words_a], [w.lower() for w in words_b]
    damaged = []
    for a1, a2, b1, b2 in _changed_runs(lower_a, lower_b):
        if "".join(lower_a[a1:a2]) == "".join(lower_b[b1:b2]):
            continue  # a space lost or added inside a run of words: "harbour wall", "harbourwall"
        if a2 - a1 != b2 - b1:
            return None  # a word added or removed
        for word_a, word_b in zip(words_a[a1:a2], words_b[b1:b2]):
            if word_a.lower() == word_b.lower():
                continue
            if not _damaged_pair(word_a, word_b, ctx):
                return None
            damaged.append(f"{word_b!r} for {word_a!r}")
    if not damaged:
        return "spacing, punctuation or case differs"
    if len(damaged) > MAX_DAMAGED_WORDS:
        return None
    return "it has " + ", ".join(damaged)


def _changed_runs(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """The runs of words that differ between a and b, as (a_start, a_end, b_start, b_end).

    Neighbouring edits form one run, so "harbourwall" for "harbour wall" is one change.
    """
    runs: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        if runs and runs[-1][1] == op.src_start and runs[-1][3] == op.dest_start:
            runs[-1] = (runs[-1][0], op.src_end, runs[-1][2], op.dest_end)
        else:
            runs.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return runs


def near_duplicates(ctx: Context) -> Iterator[tuple[int, int, str]]:
    """(later line, earlier line, how they differ) for every line that nearly repeats a nearby one."""
    structure = ctx.structure
    lines = ctx.doc.lines
    cutoff = 100 * ctx.option(MIN_SIMILARITY)
    for article in structure.articles:
        first, last = article.start - 1, article.end
        seen: dict[str, int] = {}  # each text of the article -> its position among them
        recent: deque[_Text] = deque(maxlen=WINDOW)  # the last lines long enough to compare
        # Where a line's opening and closing characters were last seen (a position). This runs on
        # every line, so it must be cheap: a near copy keeps one of its two ends unless both hold
        # a change, so only a line that shares an end with one of the WINDOW lines of text before
        # it is scored against them.
        ends: dict[str, int] = {}
        for line, kind in zip(lines[first:last], structure.kinds[first:last]):
            if kind in _NOT_TEXT:
                continue
            text = line.text.strip()
            if text in seen:
                continue  # an exact copy: DUP001-DUP004 report it, or leave it on purpose
            position = seen[text] = len(seen)
            if len(text) < MIN_CHARS:
                continue
            head, tail = text[:_END], text[-_END:]
            oldest = position - WINDOW
            candidate = ends.get(head, _NEVER) >= oldest or ends.get(tail, _NEVER) >= oldest
            ends[head] = ends[tail] = position
            current = (position, line.number, text, kind)
            if candidate:
                found = _best_match(ctx, current, recent, cutoff)
                if found is not None:
                    yield line.number, found[0], found[1]
            recent.append(current)


def _best_match(
    ctx: Context, current: _Text, recent: Iterable[_Text], cutoff: float
) -> tuple[int, str] | None:
    """The most similar of the WINDOW lines of text before current that it nearly repeats, and how
    they differ; only lines whose fuzz.ratio with it reaches `cutoff` (0-100) are read."""
    position, _, text, kind = current
    main, credited = _split_credit(text, kind)
    if len(main) < MIN_CHARS or not has_words(main, MIN_WORDS):
        return None
    scored = []
    for earlier_position, line, earlier_text, earlier_kind in recent:
        if earlier_position < position - WINDOW:
            continue
        if earlier_kind is LineKind.CAPTION:
            earlier, earlier_credited = _split_credit(earlier_text, earlier_kind)
        else:
            earlier, earlier_credited = earlier_text, False
        if earlier_credited is not credited:
            continue  # a caption and the body sentence it quotes are not copies of each other
        score = fuzz.ratio(earlier, main, score_cutoff=cutoff)
        if score:
            scored.append((score, line, earlier))
    # A listing of similar lines ("Team A beat Team B 3-1 ...") makes every line a candidate:
    # reading how they differ costs more than scoring, so only the best few are read.
    scored.sort(reverse=True)
    for _, line, earlier in scored[:MAX_TRIES]:
        how = _difference(earlier, main, ctx) if has_words(earlier, MIN_WORDS) else None
        if how is not None:
            return line, how
    return None


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a line that nearly repeats a nearby line of its article.

    ## What it does
    Reports a line that repeats one of the ten lines of text before it in its article, except for
    what scrapers and OCR change between two printings of one line: its photo credit ("(AFP)",
    "(AFP/Getty Images)"), spacing, punctuation, case, or up to two words damaged by OCR
    ("0arliament" for "Parliament", "govemment" for "government"). The two texts (credits aside)
    must also reach an edit similarity of 90% (the `min-similarity` option). Identical copies are
    left to DUP001-DUP004. Lines under five words or 30 characters are never reported, and two
    lines that differ by a number or by a real word ("won 3-1" and "won 2-1", "on Monday" and
    "on Sunday") are different sentences, as are a caption and the body sentence it quotes
    without a credit. Known limit: for speed, only lines that share their first or their last 16
    characters with a line in the window are compared, so a copy changed near both of its ends
    is missed.

    ## Why it matters
    Scrapers pick up a caption from the image, its alt text and a gallery, each with its own credit
    or spacing, and OCR damages one printing and not the other, so exact-match deduplication keeps
    both copies.

    ## Example
    ```text
    Storm hits coast

    Waves break on the harbour wall in Brighton on Monday. (AFP)
    Waves break on the harbour wall in Brighton on Monday. (AFP/Getty Images)

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Use instead
    ```text
    Storm hits coast

    Waves break on the harbour wall in Brighton on Monday. (AFP)

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Fix safety
    Unsafe: the fix deletes the later line, but the two lines differ, so the later one may hold the
    better credit or the undamaged spelling. Review the diff, or fix the OCR damage first (OCR001).

    ## Options
    `min-similarity` (default 0.9, from 0.5 to 1.0): the edit similarity two lines (credits aside)
    must reach to be compared at all, e.g. `[tool.newslint.rules.DUP005] min-similarity = 0.95`
    to report only copies that differ by a character or two. Lowering it does not make the rule
    report lines that differ by a word or a number: those are never near copies.
    """
    doc = ctx.doc
    for line, original, how in near_duplicates(ctx):
        text = doc.line(line).text.strip()
        yield whole_line_finding(
            CODE,
            NAME,
            doc,
            line,
            f"Line nearly repeats line {original} ({how}): {shorten(text)!r}",
            Fix(Applicability.UNSAFE, f"Delete the near copy of line {original}", (doc.delete_line(line),)),
        )

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from newslint.checks.base import Context, located_finding, shorten
from newslint.lexicon import lexicon_for
from newslint.model import Applicability, Edit, Finding, Fix
from newslint.structure import BODY_MIN_WORDS, LineKind, has_words, is_body_form, is_headline_form

CODE, NAME = "ART002", "glued-articles"

# A full stop glued to what follows: "needed.The", "needed.”The", "temps ».Informatique",
# "7,45 %.Vendée". This scans every text, so the pattern starts with a literal character, which is
# several times faster to search for than a class; what stands before the mark and the rest are
# tested in Python, on the few joins it finds. Articles end with a full stop: of 868 Wikinews
# articles, one ends with "!" and none with "?", so those marks are not worth a scan of their own.
_CLOSING = '"”’»)'
_JOIN = re.compile(rf"\.[{_CLOSING}]?(?=[^\W\d_a-z]|[«“\d])")
_BEFORE_MARK = frozenset(_CLOSING + "%")
_FIRST_WORD = re.compile(r"[^\W_]+")
_INITIALS = re.compile(r"(?:[^\W\d_]\.){2,}\s")  # "U.S. judge orders ..."
# A sentence end inside a text: a lowercase word or a number, a mark, a capital ("win it. The",
# "of 70.He"); spaced or glued ("...it.The record").
_INNER_SENTENCE_END = regex.compile(r"(?<![\w.])(\p{Ll}{2,}|\d+)[.!?][\"”’»)]?\s*\p{Lu}")
_GLUED_SENTENCES = regex.compile(r"(?<![\w.])(\p{Ll}{2,}|\d+)[.!?]\p{Lu}\p{Ll}")
_SPACES = " \u00a0\u202f"
_LONGEST_WORD = 64  # a longer run of letters before a mark is not a word
# How much of a line, on each side of a join, the tests read: more than a headline and the start
# of a body, bounded so that a huge line with many joins is not read again for each.
_CONTEXT = 400
# What may stand before the word that ends the previous article: a space, the line's start, an
# opening quote or bracket, a dash. Not ".", "/", "@", ":": abbreviations, URLs and addresses.
_BEFORE_WORD = frozenset(_SPACES + "\t\"'’“‘«([{–—")
# Where a glued headline ends and its body starts: a capital or a number glued to a word
# ("...bidOn Wednesday", "...dévoilésC'est", "...на руках21 мая", "...New York, USOn Monday"), a
# capital glued to a number ("...aged 90Yesterday,") or to a closing quote or bracket
# ("...« d'avenir »Le"). Not to an apostrophe or a straight quote, which also open words and
# quotations ("l'Allen", "O'Neil"). _is_name then tells names ("DemoSat", "UpGuard") apart.
_GLUED_WORD = regex.compile(
    r"(?<=[\p{L}\d])\p{Lu}(?=\p{Ll}|['’]\p{L}|\s\p{L})"
    r"|(?<=\p{Ll}{3})\d+(?=[\s-]\p{L})"
    r"|(?<=[\w\s][”»)])\p{Lu}(?=\p{Ll}|['’]\p{L}|\s\p{L})"
)
# Words that end with a full stop without ending a sentence (compared in lower case; words of one
# or two letters are never taken as a sentence end, so "Mr", "St", "U.S.", "e.g." need no entry).
ABBREVIATIONS = frozenset(
    """
    etc approx incl excl esp viz vol vols nos fig figs est resp ref refs art chap sec para
    inc ltd corp bros assn dept univ govt gov sen rep reps gen col sgt capt cmdr adm maj prof rev hon
    mrs jr sr ave blvd
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    env boul
    тыс млн млрд руб долл проф акад обл янв фев апр авг сент окт нояб дек
    """.split()
)
# A capitalised word after a full stop that is part of an address: "Booking.Com", "Газета.Ru"
# (in capitals, "UK" and "US" start headlines).
DOMAIN_ENDINGS = frozenset("com net org info edu gov ru uk de fr io co ua tv ca au".split())
# A word must have this many letters to end the previous article's last sentence...
MIN_LAST_WORD = 3
# ... and the text before the boundary this many words: the end of an article, not a label.
MIN_LEFT_WORDS = 4
# A glued headline is a headline (structure.is_headline_form), and shorter than most: news titles
# run to about 20 words, and a long sentence without a final full stop must not pass for one.
MIN_HEADLINE_WORDS = 2
MAX_HEADLINE_WORDS = 20
MAX_HEADLINE_CHARS = 160
# How many lines of text after the glued headline may come before its body (captions, widgets).
BODY_LOOKAHEAD = 10
# A camel-case word that the lexicon of the text's language or English knows is a name
# ("PlayStation", "McDonald", "StubHub"), not a headline glued to its body.
KNOWN_ZIPF = 2.0
# After a capitalised word, the glued word must be this frequent: "The", "On", "A", "Le", "В".
SENTENCE_START_ZIPF = 6.0
_PAIRS = (("«", "»"), ("“", "”"), ("(", ")"))


@dataclass(frozen=True, slots=True)
class GluedBoundary:
    """An article that starts inside a line: where it starts, and where its headline ends."""

    line: int
    column: int  # the first character of the new article (1-based)
    headline_end: int  # the column just past its headline: the line's end, or where its body is glued


def _last_word(text: str, mark: int) -> str | None:
    """The word that the full stop at text[mark] ends, past closing quotes and brackets."""
    end = mark
    while end and text[end - 1] in _CLOSING + "%":
        end -= 1
    if end < mark:
        end = len(text[:end].rstrip(_SPACES))  # French spacing: « ... le temps »., 7,45 %.
    start = end
    while start and (
        text[start - 1].isalnum() or (text[start - 1] == "-" and text[start - 2 : start - 1].isalnum())
    ):
        start -= 1
    word = text[start:end]
    if not word or len(word) > _LONGEST_WORD:
        return None
    before = text[start - 1] if start else " "
    if before not in _BEFORE_WORD and not (word.isdigit() and before in ",."):
        return None  # 3,5. and 10.2. are numbers; e.g. U.S. a.m. www.example.com are not words
    return word


def _ends_sentence(word: str, after: str) -> bool:
    """Whether a sentence can end with word, when the text after the mark starts with `after`."""
    if word.isdigit():
        return after.isalpha()  # "... in 2018.The"; not "3.5", "10.2.3"
    letters = sum(c.isalpha() for c in word)
    return letters >= MIN_LAST_WORD and word.lower() not in ABBREVIATIONS


def _starts_article(right: str) -> bool:
    """Whether the text after the mark starts as a headline does: a capitalised word or a number.

    A capital on its own must be a word ("A", "I", Russian "В"), a name ("O’Rourke") or initials
    followed by a space ("U.S. judge"), never glued to another initial ("J.K.Rowling").
    """
    if right[0] in "«“":  # a quoted name: «Локомотив» в 3-й раз стал чемпионом России
        return right[1:2].isupper()
    match = _FIRST_WORD.match(right)
    if match is None:
        return False
    word = match.group()
    if word[0].isdigit():  # "2020 United States...", "10-летие смерти..."
        return word.isdigit() and right[match.end() : match.end() + 1] in (" ", ",", "-")
    if not word[0].isupper() or (word.lower() in DOMAIN_ENDINGS and not word.isupper()):
        return False
    if len(word) >= 2:
        return True
    follow = right[1:3]
    return (
        (follow[:1].isspace() and follow[1:].isalpha())
        or (follow[:1] in "'’" and follow[1:].isupper())
        or _INITIALS.match(right) is not None
    )


def _is_headline(text: str) -> bool:
    """A headline short enough to be glued to a text, its quotes and brackets balanced."""
    if len(text) > MAX_HEADLINE_CHARS or has_words(text, MAX_HEADLINE_WORDS + 1):
        return False
    if not (has_words(text, MIN_HEADLINE_WORDS) and is_headline_form(text)):
        return False
    if text.endswith(("…", "...", "?", "!")):
        return False  # a sentence that trails off, a question or an exclamation in a quote or dialogue
    if _has_sentence_end(_INNER_SENTENCE_END, text):
        return False  # a headline is one sentence: this is the rest of a paragraph
    # A quotation closed here but opened before the join is one sentence with a space missing; one
    # opened and not closed runs on past a glued body.
    return not (text.count('"') % 2 or any(text.count(a) != text.count(b) for a, b in _PAIRS))


def _has_sentence_end(pattern: regex.Pattern[str], text: str) -> bool:
    """Whether pattern finds a sentence end in text after a word that is not an abbreviation."""
    return any(m.group(1) not in ABBREVIATIONS for m in pattern.finditer(text))


def _body_follows(ctx: Context, line: int) -> bool:
    """Whether a body paragraph follows the line, past the headline's front matter."""
    kinds = ctx.structure.kinds
    seen = 0
    for kind in kinds[line:]:
        if kind is LineKind.BODY:
            return True
        if kind is not LineKind.BLANK:
            seen += 1
            if seen >= BODY_LOOKAHEAD:
                return False
    return False


def _is_name(ctx: Context, text: str, at: int) -> bool:
    """Whether text[at] is inside one camel-case word rather than where two glued words meet.

    Camel-case names start with a capital or with one lowercase letter ("DemoSat", "UpGuard",
    "DeVita", "eBay"). So a capital glued to a lowercase word of three letters or more, or to a
    number, is a join ("bidOn", "aged 90Yesterday"); one glued to a capitalised word or an
    acronym is a join only before one of the language's most frequent words, which start
    sentences and not names ("RussiaThe", "USOn Monday", "ПутинаВ Москве"). Either way, a whole
    that the lexicon knows is a name ("LinkedIn", "PlayStation").
    """
    if not text[at - 1].isalnum():
        return False  # glued after a closing quote or bracket: no word spans the join
    start = at
    while start and text[start - 1].isalnum():
        start -= 1
    end = at
    while end < len(text) and text[end].isalnum():
        end += 1
    first, second, word = text[start:at], text[at:end], text[start:end]
    if first.isdigit() or (first.isalpha() and first.islower() and len(first) >= MIN_LAST_WORD):
        pass  # "bidOn", "proceedingsYesterday", "aged 90Yesterday", "на руках21 мая"
    elif not (
        (first.istitle() or (first.isupper() and len(second) >= 2))
        and len(first) >= 2
        and text[end : end + 1].isspace()
        and ctx.lexicon.zipf(second) >= SENTENCE_START_ZIPF
    ):
        return True  # "DemoSat", "UpGuard", "DeVita", "AfCFTA", "NASA's"; "eBay", "iPhone"
    return max(ctx.lexicon.zipf(word), lexicon_for("en").zipf(word)) >= KNOWN_ZIPF


def _glued_body(ctx: Context, right: str) -> int | None:
    """Where a body glued to the headline at the start of `right` starts, if one is.

    "Bernie Sanders ends presidential bidOn Wednesday, Sanders said..." -> the index of "On".
    `right` runs to the end of its line, or far enough past MAX_HEADLINE_CHARS for a body of
    BODY_MIN_WORDS to show (then the caller has seen the line end like prose).
    """
    for join in _GLUED_WORD.finditer(right, 0, MAX_HEADLINE_CHARS + 1):
        at = join.start()
        head, body = right[:at].rstrip(), right[at:]
        if (
            _is_headline(head)
            and has_words(body, BODY_MIN_WORDS)
            and (len(body) > _CONTEXT or is_body_form(body))
            and not _is_name(ctx, right, at)
        ):
            return at
    return None


def find_glued_boundaries(ctx: Context) -> list[GluedBoundary]:
    """Every article boundary inside a line, in reading order.

    Each join reads at most _CONTEXT characters on either side of it, so a huge line with many
    joins costs time in proportion to its length.
    """
    doc = ctx.doc
    text = doc.text
    found: list[GluedBoundary] = []
    starts: list[int] | None = None
    glued = -_CONTEXT  # where the last sentence glued to the next began ("...it.The record")
    for join in _JOIN.finditer(text):
        mark, at = join.start(), join.end()
        # Cheap tests first, on the text around the mark. A word character, a closing quote or "%"
        # before the mark keeps ellipses ("see...And") out; a one-letter word before it is an
        # initial or an abbreviation ("U.S.", "D.C.", "Ph.D."); digits on both sides are a number.
        before, after = text[mark - 1 : mark], text[at]
        if before.isalpha():
            if mark < 2 or not text[mark - 2].isalnum():
                continue
        elif not (before.isdigit() or (before and before in _BEFORE_MARK)):
            continue
        if not (after.isupper() or (after.isdigit() and not before.isdigit()) or after in "«“"):
            continue
        if starts is None:
            starts = [line.start for line in doc.lines]
        line = doc.lines[bisect.bisect_right(starts, at) - 1]
        if line.start <= glued and at - glued < _CONTEXT - _LONGEST_WORD:
            continue  # the line lost the spaces between its sentences: one more is not an article
        offset = at - line.start  # of the boundary in the line
        left_start = max(0, offset - _CONTEXT)
        left, right = line.text[left_start:offset], line.text[offset : offset + 2 * _CONTEXT]
        if not _starts_article(right):
            continue
        word = _last_word(left, mark - line.start - left_start)
        if word is None or not _ends_sentence(word, right[0]) or not has_words(left, MIN_LEFT_WORDS):
            continue
        if word.islower() and text[at + 1 : at + 2].islower() and join.group() == ".":
            glued = at  # a sentence glued to the next; the next joins in this line will see it
        if _has_sentence_end(_GLUED_SENTENCES, left):
            continue  # the line lost the spaces between its sentences: one more is not an article
        # A missing space between two sentences is a typo, not a new article: the text after the
        # join must read as a headline, followed by its body on the next lines or glued to it.
        rest = len(line.text) - offset
        if rest <= len(right) and _is_headline(right.rstrip()):
            if _body_follows(ctx, line.number):
                found.append(GluedBoundary(line.number, offset + 1, len(line.text.rstrip()) + 1))
            continue
        if rest > len(right) and not is_body_form(line.text[-_CONTEXT:]):
            continue  # a glued body ends the line like prose
        body = _glued_body(ctx, right)
        if body is not None:
            found.append(GluedBoundary(line.number, offset + 1, offset + 1 + body))
    return found


def glued_boundaries(ctx: Context) -> list[tuple[int, int]]:
    """(line, column) of the first character of every article that starts inside a line (1-based).

    `newslint split` cuts a document there, as ART002's fix does.

    >>> from newslint.checks.base import Settings
    >>> from newslint.document import Document
    >>> from newslint.packs import pack_set
    >>> text = (
    ...     "Storm hits coast\\n\\n"
    ...     "The storm cut power to thousands of homes on Monday night.Markets close higher\\n\\n"
    ...     "Shares rose on Tuesday after the central bank held interest rates steady.\\n"
    ... )
    >>> glued_boundaries(Context(Document(text), Settings(pack_set(), "en")))
    [(3, 59)]
    """
    return [(b.line, b.column) for b in find_glued_boundaries(ctx)]


def check(ctx: Context) -> Iterator[Finding]:
    """Finds an article glued to the end of the previous one, inside a line.

    ## What it does
    Reports the place where a full stop that ends a sentence is followed, with no space or line
    break, by a capitalised word or a number that starts a new article ("...what she
    needed.The 2018 FIFA World Cup starts in Russia"). The join is an article boundary only when
    what follows it reads as a headline of at most 20 words, with its body on the next lines or
    glued to its end ("...ends presidential bidOn Wednesday, ..."), and what comes before it
    reads as the end of a sentence: a word of three letters or more, or a number. Abbreviations
    and initials ("U.S.The", "e.g.The", "J.K.Rowling", "etc.The"), decimal numbers ("3.5"),
    addresses ("example.com", "Booking.Com"), ellipses ("...And"), camel-case names ("UpGuard")
    and a missing space between two sentences of one paragraph are not boundaries. Known limits:
    two bodies glued without a headline between them are not found, nor an article that ends
    with "!" or "?", nor a headline that ends with "!" or "?", nor one that ends with a name
    glued to a body whose first word is not a very frequent one ("...starts in RussiaRussia will
    host").

    ## Why it matters
    A scraper that drops the markup between two articles glues them into one line, so the second
    article's headline reads as the end of the first article's last paragraph: splitting, dedup
    and anything trained on the text see one story where there are two.

    ## Example
    ```text
    Storm hits coast

    The storm cut power to thousands of homes on Monday night.Markets close higher as rates hold

    Shares rose on Tuesday after the central bank held interest rates steady.
    ```

    ## Use instead
    ```text
    Storm hits coast

    The storm cut power to thousands of homes on Monday night.


    Markets close higher as rates hold

    Shares rose on Tuesday after the central bank held interest rates steady.
    ```

    ## Fix safety
    Unsafe: the fix breaks the line at the boundary with two blank lines (the separator ART001
    and `newslint split` recognise), and breaks a body glued to the headline with one. It adds
    only line breaks, but a wrong boundary would split one article in two, so review it.
    """
    doc = ctx.doc
    for boundary in find_glued_boundaries(ctx):
        line = doc.line(boundary.line)
        newline = line.newline or "\n"
        edits = [Edit(boundary.line, boundary.column, boundary.line, boundary.column, newline * 3)]
        if boundary.headline_end <= len(line.text.rstrip()):
            end = boundary.headline_end
            edits.append(Edit(boundary.line, end, boundary.line, end, newline * 2))
        headline = line.text[boundary.column - 1 : boundary.headline_end - 1].strip()
        yield located_finding(
            CODE,
            NAME,
            doc,
            message=f"A new article starts inside the line, with no line break: {shorten(headline)!r}",
            line=boundary.line,
            column=boundary.column,
            end_line=boundary.line,
            end_column=boundary.headline_end,
            fix=Fix(Applicability.UNSAFE, "Break the line where the new article starts", tuple(edits)),
        )

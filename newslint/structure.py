"""Article structure: where each article starts, its headline, captions, widgets, copies and body.

Computed once per document and shared by every rule, so that rules ask where a headline or a
caption is instead of guessing again. Nothing here knows a particular site: lines are recognised by
what makes them what they are.

- A *widget* or *boilerplate* line is a whole line listed in a rule pack.
- A *caption* carries a photo credit ("(AFP)", "REUTERS/Name", "Photo: ...", "Getty Images"), or is
  a line between the headline and the body that the page printed more than once.
- A *headline* is short, starts like a title and does not end like a sentence.
- An *article boundary* is a run of at least two blank lines followed by a headline, when the text
  before it already holds a body paragraph and the text after it holds one too.
- A *copy* is a line printed again inside its article; it is a copy of the headline, of a caption,
  of the line just before it, or of an earlier body paragraph.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from newslint.document import Document
from newslint.packs import PackSet

# How many blank lines must separate two articles glued into one file.
MIN_SEPARATOR = 2
# Headlines: a few words, not a paragraph.
HEADLINE_MIN_WORDS = 2
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 250
# A body paragraph: long enough to be prose, ending like a sentence.
BODY_MIN_WORDS = 8
# A paragraph of body prose (learn) and a repeated paragraph (DUP004's default) has this many words:
# short lines ("He said:", "Yes.") and formulaic sentences recur in real articles.
PARAGRAPH_MIN_WORDS = 12
# How far below a front-matter line its copy may be for the line to count as a caption.
FRONT_LOOKAHEAD = 20

_SENTENCE_END = re.compile(r"""[.!?…:;]["'”’»)\]]*$""")
_HEADLINE_BAD_END = re.compile(r"""[.,;:]["'”’»]*$""")
_HAS_ALNUM = re.compile(r"\w")
_QUOTE_PAIRS = {'"': '"', "“": "”", "‘": "’", "«": "»", "„": "“", "'": "'"}

# Photo credits. A caption is a sentence followed by its credit: "... in Moscow. (State Duma)",
# "... December 20, 2024. REUTERS/Thomas Peter/File Photo", "... Photograph: Jane Doe/Reuters".
# Requiring the sentence end keeps headlines like "... in Moscow (VIDEO)" and body text like
# "... fighting HIV/AIDS" out; a credit never ends with a full stop of its own.
_AFTER_SENTENCE = r"""[.!?…]["'”’]?\s+"""
_CREDIT_PAREN = re.compile(_AFTER_SENTENCE + r"\(([A-Z][\w.'’&-]*|dpa)(?:[ /][\w.'’&-]+){0,7}(?<![.!?])\)$")
_CREDIT_SLASH = re.compile(
    _AFTER_SENTENCE + r"[A-Z][A-Za-z]*[A-Z](?:[ -][A-Z]+)?/[A-Z][^/]{1,60}(?:/[^/]{1,40})*(?<![.!?])$"
)
_CREDIT_LABEL = re.compile(r"\b(?:Photo|Photograph|Image|Picture)(?: credit)?: [A-Z][^.]{1,60}$")
_CREDIT_START = re.compile(r"(?:File )?(?:Photo|Photograph|Picture|Image|Credit)s? ?(?:by [A-Z]|[:|/])")
_CREDIT_NAMES = re.compile("Getty Images|Shutterstock|AP Photo|AFP Photo|Reuters Photo|EPA-EFE")
# Bracketed words at the end of a sentence that are not credits: transcripts, video embeds.
_NOT_CREDITS = frozenset(
    {"applause", "laughter", "inaudible", "crosstalk", "cheers", "video", "audio", "live"}
)
# Captions describe a picture in a sentence; "Thank you. (Applause)" is not one.
CAPTION_MIN_WORDS = 4
_CREDIT_TAIL = 120
_CREDIT_NAME_TAIL = 50


class LineKind(str, enum.Enum):
    BLANK = "blank"
    HEADLINE = "headline"
    CAPTION = "caption"
    WIDGET = "widget"
    BOILERPLATE = "boilerplate"
    BODY = "body"
    OTHER = "other"


class CopyKind(str, enum.Enum):
    """What a repeated line is a copy of; each kind is reported by its own rule."""

    HEADLINE = "headline"  # DUP002
    CAPTION = "caption"  # DUP001
    # How long a LINE or PARAGRAPH copy must be to be reported is the rule's option (min-words).
    LINE = "line"  # DUP003: the line just before it (blank lines aside)
    PARAGRAPH = "paragraph"  # DUP004: an earlier line of the article, with other lines between


@dataclass(frozen=True, slots=True)
class Copy:
    line: int
    original: int
    kind: CopyKind


@dataclass(frozen=True)
class Article:
    """One article of a document. Line numbers are 1-based; `end` is the last non-blank line."""

    index: int
    start: int
    end: int
    headline: int | None
    body_start: int | None
    captions: tuple[int, ...] = ()
    copies: tuple[Copy, ...] = ()


@dataclass(frozen=True)
class Structure:
    articles: tuple[Article, ...]
    kinds: tuple[LineKind, ...]  # kinds[n - 1] is line n's
    pack_of: dict[int, str] = field(default_factory=dict)  # line -> the pack that lists it

    def kind(self, line: int) -> LineKind:
        return self.kinds[line - 1]


def words(text: str) -> int:
    return len(text.split())


def has_words(text: str, n: int) -> bool:
    """Whether text has at least n words, without splitting all of a huge line."""
    return len(text.split(None, n - 1)) >= n


def has_credit(text: str) -> bool:
    """Whether a line carries a photo credit, as captions do.

    >>> has_credit("Volodin and Qalibaf in Moscow. (State Duma)")
    True
    >>> has_credit("A woman reacts in Kyiv, December 20, 2024. REUTERS/Thomas Peter/File Photo")
    True
    >>> has_credit("The talks ended on Tuesday, officials said.")
    False
    """
    return _has_credit(text.strip())


def _has_credit(text: str) -> bool:
    """has_credit for a stripped line."""
    if text[-1] == ".":
        # Credits do not end with a full stop; only a "Photo: ..." opening can still mark the line.
        return _starts_with_credit(text)
    tail = text[-_CREDIT_TAIL:]
    # Cheap character tests first: this runs on every line of every document.
    if text.endswith(")"):
        match = _CREDIT_PAREN.search(tail)
        if match and match.group(1).lower() not in _NOT_CREDITS:
            return has_words(text[: len(text) - len(tail) + match.start()], CAPTION_MIN_WORDS)
    if "/" in tail:
        match = _CREDIT_SLASH.search(tail)
        if match:
            return has_words(text[: len(text) - len(tail) + match.start()], CAPTION_MIN_WORDS)
    if ":" in tail and _CREDIT_LABEL.search(tail):
        return True
    if _starts_with_credit(text):
        return True
    return _CREDIT_NAMES.search(text, max(0, len(text) - _CREDIT_NAME_TAIL)) is not None


def _starts_with_credit(text: str) -> bool:
    """Whether a stripped line opens with a credit label: "Photo: ...", "File Photo by ...".

    >>> _starts_with_credit("Photo by Jane Doe"), _starts_with_credit("Photos are banned.")
    (True, False)
    """
    # Every _CREDIT_START match begins with "File ", "Photo", "Picture", "Image" or "Credit" (it is
    # case-sensitive): a line starting with any other character needs no regex.
    return text[0] in "FPIC" and _CREDIT_START.match(text) is not None


def is_headline_form(text: str) -> bool:
    """Short, starting like a title, not ending like a sentence, not a caption.

    >>> is_headline_form("Over 12,300 Civilians Killed since Start of Ukraine War, UN says")
    True
    >>> is_headline_form("He said the talks would resume.")
    False
    """
    stripped = text.strip()
    return bool(stripped) and _has_headline_shape(stripped) and not _has_credit(stripped)


def _has_headline_shape(stripped: str) -> bool:
    """is_headline_form for a stripped, non-empty line already known to carry no credit."""
    if len(stripped) > HEADLINE_MAX_CHARS or _HEADLINE_BAD_END.search(stripped[-4:]):
        return False
    if not HEADLINE_MIN_WORDS <= words(stripped) <= HEADLINE_MAX_WORDS:
        return False
    first = stripped[0]
    if first.isalpha() and first.islower() and not stripped[1:2].isupper():  # eBay, iPhone
        return False
    if not (first.isalnum() or first in "\"'“‘«¿¡("):
        return False
    return not _is_quotation(stripped)  # a pull quote is not a title


def _is_quotation(text: str) -> bool:
    """Whether the whole line is one quotation, as a pull quote is.

    >>> _is_quotation("“We will rebuild, whatever it takes”")
    True
    >>> _is_quotation("«Кавказские мажоры» избили журналиста «Коммерсанта»")
    False
    """
    closing = _QUOTE_PAIRS.get(text[0])
    return closing is not None and len(text) > 1 and text.find(closing, 1) == len(text) - 1


def is_body_form(text: str) -> bool:
    """Prose: enough words and a sentence ending."""
    stripped = text.strip()
    return _SENTENCE_END.search(stripped[-8:]) is not None and has_words(stripped, BODY_MIN_WORDS)


def _classify(texts: Sequence[str], packs: PackSet) -> tuple[list[LineKind], dict[int, str]]:
    """What each line is on its own, from its stripped text; the article analysis refines captions."""
    kinds: list[LineKind] = []
    pack_of: dict[int, str] = {}
    bar_candidates: dict[int, str] = {}  # 0-based line -> pack, for lines that are widgets only in a bar
    longest_listed = packs.longest_line
    classify = packs.classify
    append = kinds.append
    # This loop runs on every line of every document: the cheapest tests come first, and the
    # kinds are local names rather than enum attribute look-ups.
    blank, caption, headline, body, other = (
        LineKind.BLANK,
        LineKind.CAPTION,
        LineKind.HEADLINE,
        LineKind.BODY,
        LineKind.OTHER,
    )
    sentence_end = _SENTENCE_END.search
    for index, text in enumerate(texts):
        if not text:
            append(blank)
            continue
        size = len(text)
        if size <= longest_listed:
            listed = classify(text)
            if listed is not None:
                if listed[0] == "bar-widget":
                    bar_candidates[index] = listed[1]
                else:
                    append(LineKind.WIDGET if listed[0] == "widget" else LineKind.BOILERPLATE)
                    pack_of[index + 1] = listed[1]
                    continue
        if text[-1] == ".":
            # Most lines, body prose, end with a full stop; then the tests below reduce to two:
            # _has_credit can only find its "Photo: ..." opening, _HEADLINE_BAD_END rejects the
            # line as a headline and _SENTENCE_END accepts its end.
            if size <= 600 and _starts_with_credit(text):
                append(caption)
            elif has_words(text, BODY_MIN_WORDS):
                append(body)
            else:
                append(other)
        elif size <= 600 and _has_credit(text):
            append(caption)
        elif size <= HEADLINE_MAX_CHARS and _has_headline_shape(text):
            append(headline)
        elif sentence_end(text[-8:]) is not None and has_words(text, BODY_MIN_WORDS):
            append(body)
        else:
            append(other)
    if bar_candidates:
        _find_widget_bars(kinds, pack_of, bar_candidates)
    return kinds, pack_of


def _find_widget_bars(kinds: list[LineKind], pack_of: dict[int, str], candidates: dict[int, str]) -> None:
    """Make bar widgets widgets where their block is a bar: only widgets, at least one certain."""
    for i in sorted(candidates):
        if kinds[i] is LineKind.WIDGET:
            continue  # already settled with its block
        lo = i
        while lo > 0 and kinds[lo - 1] is not LineKind.BLANK:
            lo -= 1
        hi = i
        while hi + 1 < len(kinds) and kinds[hi + 1] is not LineKind.BLANK:
            hi += 1
        block = range(lo, hi + 1)
        if all(k in candidates or kinds[k] is LineKind.WIDGET for k in block) and any(
            k not in candidates and kinds[k] is LineKind.WIDGET for k in block
        ):
            for k in block:
                if k in candidates:
                    kinds[k] = LineKind.WIDGET
                    pack_of[k + 1] = candidates[k]


def _article_starts(texts: Sequence[str], kinds: Sequence[LineKind], content: Sequence[int]) -> list[int]:
    """0-based indexes of the first line of every article; `content` holds those of non-blank lines."""
    headline, body = LineKind.HEADLINE, LineKind.BODY  # local: read per line
    if not content:
        return []
    starts = [content[0]]
    # Candidate boundaries: a headline after a long enough blank run.
    candidates = [
        cur
        for prev, cur in itertools.pairwise(content)
        if kinds[cur] is headline and cur - prev - 1 >= MIN_SEPARATOR
    ]
    body_lines = [i for i in content if kinds[i] is body]

    def body_between(lo: int, hi: int) -> bool:
        k = bisect.bisect_right(body_lines, lo)
        return k < len(body_lines) and body_lines[k] < hi

    for n, cand in enumerate(candidates):
        start = starts[-1]
        if kinds[start] is LineKind.HEADLINE and texts[cand] == texts[start]:
            continue  # the article's own headline rendered again, not a new article
        if not body_between(start, cand):
            continue  # the text before has no body yet: still the same article's front matter
        # The body must come before the next candidate that is not this headline printed again.
        following = (c for c in candidates[n + 1 :] if texts[c] != texts[cand])
        if not body_between(cand, next(following, len(kinds))):
            continue  # nothing after it reads like an article
        starts.append(cand)
    return starts


def _analyze_article(
    index: int, texts: list[str], kinds: list[LineKind], first: int, last: int, content: list[int]
) -> Article:
    """Headline, captions, body start and copies of the article on lines[first..last] (0-based).

    `content` holds the indexes of the article's non-blank lines.
    """
    # Local names for the kinds read on every line.
    widget, boilerplate, caption = LineKind.WIDGET, LineKind.BOILERPLATE, LineKind.CAPTION
    headline = first if kinds[first] is LineKind.HEADLINE else None
    head_text = texts[first] if headline is not None else None

    # The front matter runs from the headline to the first line of body: captions, widgets and
    # copies sit there. A line printed again before the body has begun is a caption.
    captions: list[int] = []
    body_start = None
    for n, i in enumerate(content):
        kind = kinds[i]
        if i == headline or kind is widget or kind is boilerplate:
            continue
        if kind is caption:
            captions.append(i)
        elif body_start is None and headline is not None and texts[i] == head_text:
            continue
        elif body_start is None and headline is not None and _repeats_before_body(i, texts, content, kinds):
            captions.append(i)
        elif body_start is None:
            body_start = i
            # From here on only the lines already classified as captions are captions: every
            # other branch above needs body_start to be None.
            captions.extend([j for j in content[n + 1 :] if kinds[j] is caption])
            break
    caption_set = set(captions)
    for i in captions:
        kinds[i] = caption

    # Copies: every later printing of a line already seen in this article.
    copies: list[Copy] = []
    first_seen: dict[str, int] = {}
    prev = None
    for i in content:
        kind = kinds[i]
        if kind is widget or kind is boilerplate:
            continue  # UI rules delete these; a line is never a copy of one, nor one of it
        text = texts[i]
        original = first_seen.get(text)
        if original is None:
            first_seen[text] = i
        elif _HAS_ALNUM.search(text):
            copy_kind: CopyKind
            if original == headline:
                copy_kind = CopyKind.HEADLINE
            elif original in caption_set or i in caption_set:
                copy_kind = CopyKind.CAPTION
            elif prev is not None and texts[prev] == text:
                copy_kind = CopyKind.LINE
            else:
                copy_kind = CopyKind.PARAGRAPH
            copies.append(Copy(i + 1, original + 1, copy_kind))
        prev = i

    return Article(
        index=index,
        start=first + 1,
        end=(content[-1] if content else last) + 1,
        headline=None if headline is None else headline + 1,
        body_start=None if body_start is None else body_start + 1,
        captions=tuple(c + 1 for c in captions),
        copies=tuple(copies),
    )


def _repeats_before_body(i: int, texts: list[str], content: list[int], kinds: list[LineKind]) -> bool:
    """Whether the text of line i is printed again before any line of body prose follows it.

    A line printed twice right under the headline is a caption, even a long one without a credit:
    the body does not repeat itself before it has begun. Front matter is short, so only the next
    FRONT_LOOKAHEAD lines are read.
    """
    text = texts[i]
    k = bisect.bisect_right(content, i)
    for j in content[k : k + FRONT_LOOKAHEAD]:
        if texts[j] == text:
            return True
        if kinds[j] is LineKind.BODY:
            return False
    return False


def analyze(doc: Document, packs: PackSet) -> Structure:
    """Find the articles of a document and what each of their lines is."""
    return _analyze([line.text.strip() for line in doc.lines], packs)


def analyze_lines(lines: Sequence[str], packs: PackSet) -> Structure:
    """`analyze` for a document given as its lines' texts (without their newlines).

    >>> lines = ["Storm Hits Coast", "", "The storm hit the coast on Monday, officials said."]
    >>> [kind.name for kind in analyze_lines(lines, PackSet([])).kinds]
    ['HEADLINE', 'BLANK', 'BODY']
    """
    return _analyze([text.strip() for text in lines], packs)


def _analyze(texts: list[str], packs: PackSet) -> Structure:
    """analyze, from the lines' stripped texts."""
    kinds, pack_of = _classify(texts, packs)
    blank = LineKind.BLANK
    content = [i for i, k in enumerate(kinds) if k is not blank]
    starts = _article_starts(texts, kinds, content)
    articles = []
    for n, first in enumerate(starts):
        last = (starts[n + 1] - 1) if n + 1 < len(starts) else len(texts) - 1
        # An article's non-blank lines are a slice of content (the article analysis turns lines
        # into captions, never into blanks).
        lo, hi = bisect.bisect_left(content, first), bisect.bisect_right(content, last)
        articles.append(_analyze_article(n, texts, kinds, first, last, content[lo:hi]))
    return Structure(articles=tuple(articles), kinds=tuple(kinds), pack_of=pack_of)

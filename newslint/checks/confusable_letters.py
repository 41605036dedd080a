from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from newslint.checks.base import Context, located_finding, replace_fix
from newslint.checks.ocr_common import (
    LETTERS,
    attested_forms,
    in_address,
    line_at,
    mostly_latin,
    starts_sentence,
)
from newslint.language import writes_latin
from newslint.lexicon import Lexicon
from newslint.model import Applicability, Finding, Fix

CODE, NAME = "OCR002", "confusable-letters"

# Letter groups an OCR engine reads for one another, as (what it printed, what the page said):
# "rn" and "m" merge or split at low resolution, as do "cl" and "d", "li" and "h", "vv" and "w".
# "w" for "vv" is left out: "vv" is almost never right ("savvy"), so there is nothing to restore.
REPAIRS = (("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("li", "h"), ("h", "li"), ("vv", "w"))
# Whole runs of four Latin letters or more, not glued to a digit (OCR001's) or to a letter of
# another script (OCR004's).
_WORD = re.compile(r"\b[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]{4,}\b")
# A break after or before a token: a line break with its hyphen, if any, and the other half, or a
# hyphen and a space within the line.
_BREAK_AFTER = re.compile(r"(?P<hyphen>[-‐¬])?[ \t]*(?:\r\n|\r|\n)[ \t]*(?P<other>[^\W\d_]+)|[-‐¬][ \t]+")
_BREAK_BEFORE = re.compile(r"(?P<other>[^\W\d_]+)(?P<hyphen>[-‐¬])?[ \t]*(?:\r\n|\r|\n)[ \t]*$|[-‐¬][ \t]+$")
# Below this Zipf frequency a token is not a word of the language (lexicon-eval.md: the gate at 2.5
# keeps OCR junk such as "tlie" (1.65) out while wordfreq still attests most names above it).
WORD_ZIPF = 2.5
# A repair must be a known word: Zipf >= 3 is about once per million words. A capitalised token
# may be a name, so its repair must be commoner still, and at least four letters long ("Alia" is
# not "Aha"), unless the document spells the repair out itself.
MIN_ZIPF = 3.0
MIN_ZIPF_CAPITALISED = 3.5
MIN_LENGTH_CAPITALISED = 4
MIN_ZIPF_SHORT = 5.0
# A token wordfreq knows, though rarely, is repaired only into a far commoner word.
MARGIN = 3.0
MARGIN_ATTESTED = 2.0
MAX_STEPS = 2
SHORT_WORD = 5  # a token this short gets one repair at most: two would make almost any word
ALL_CAPS_MAX_LETTERS = 6  # NATO, UNHCR: acronyms, not words an OCR engine broke
# Whitespace-separated tokens a process remembers as holding no suspect word, per language.
INNOCENT_TOKENS = 300_000
_innocent: dict[str, set[str]] = {}


@dataclass(frozen=True, slots=True)
class Candidate:
    word: str  # lowercase
    steps: tuple[tuple[str, str], ...]  # (printed, meant) for every repair made
    zipf: float
    attested: bool


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a word an OCR engine broke by reading "rn" for "m", "cl" for "d", "li" for "h" or "vv" for "w".

    ## What it does
    Reports a token that is not a word of the document's language (wordfreq, Zipf below 2.5) when
    reading one or two of its letter groups the other way round gives a known word: "govemment"
    ("m" for "rn") is "government", "rnoney" is "money", "tlie" is "the", "clistrict" is
    "district", "vvhen" is "when". Repairs the document spells elsewhere come first, then
    frequent words; the suggestion keeps the token's case. Words stay words ("clay", "modem",
    "Clarke"), and so do rare words wordfreq knows ("garners", "dearer"), unless the repair is
    far commoner, as "morning" is than the OCR junk "moming". A capitalised token is read as a
    name unless the repair is a frequent word of four letters or more or the document spells
    it, and a capitalised token the document uses more than once, with a repair it never uses,
    is a name ("Kornilov", "Lihua", "Li Na"). Halves of a word broken at a line end are
    OCR003's, and addresses, acronyms and mixed-case brands are left alone.

    ## Why it matters
    Text that went through OCR (scanned newspapers, PDFs turned into text) is full of these
    merges and splits. A broken word is invisible to search, to named-entity tools and to
    anything that counts words.

    ## Example
    ```text
    The govemment said the rnoney would reach the Parliament by Friday.

    Members of Parliarnent were told on Tuesday.
    ```

    ## Use instead
    ```text
    The government said the money would reach the Parliament by Friday.

    Members of Parliament were told on Tuesday.
    ```

    ## Fix safety
    Safe only on strong evidence: the repair is the only candidate, a known word, and the same
    document spells it elsewhere (a word the text uses is the best witness of what a broken copy
    of it meant; research/lexicon-eval.md measured 100% right repairs in that case). Otherwise the
    fix is unsafe and needs `--unsafe-fixes`: a rare word or a foreign name may still look like
    a broken common word.
    """
    doc = ctx.doc
    text = doc.text
    if not mostly_latin(text) or not writes_latin(ctx.language):
        return  # the confusions are Latin letter shapes
    suspects = _suspects(text, ctx.lexicon)
    if not suspects:
        return
    attested = attested_forms(text)
    counts = Counter(LETTERS.findall(text))
    starts = [line.start for line in doc.lines]
    for match in _WORD.finditer(text):
        token = match.group()
        if token not in suspects or _is_fragment(text, match.start(), match.end(), ctx):
            continue
        line = line_at(doc, starts, match.start())
        column = match.start() - line.start
        sentence_start = starts_sentence(line.text, column)
        candidates = _candidates(token, ctx, attested, sentence_start)
        if not candidates:
            continue
        if token[0].isupper() and counts[token] > 1 and not candidates[0].attested:
            continue  # a name the document uses consistently: "Kirn" in an article about Kirn
        yield _finding(ctx, line.number, column, token, candidates)


def _suspects(text: str, lexicon: Lexicon) -> set[str]:
    """The words of the text that are not words of the language but a repair could make one.

    Every word of every text must be looked at, so the words are found by one regex pass and
    a word found innocent is remembered for the rest of the process: most of a text is then
    passed over by a set difference, at C speed.
    """
    innocent = _innocent.setdefault(lexicon.language, set())
    # set.difference walks the text's few words; difference_update would walk all of `innocent`.
    words = set(_WORD.findall(text)).difference(innocent)
    suspects = {word for word in words if _may_be_damaged(word, lexicon)}
    if len(innocent) + len(words) > INNOCENT_TOKENS:
        innocent.clear()  # a corpus of identifiers must not grow the process without end
    innocent.update(words - suspects)
    return suspects


def _may_be_damaged(word: str, lexicon: Lexicon) -> bool:
    """Not a word (Zipf below 2.5), shaped like one, and a repair of it passes the lowest bar of
    `_candidates` (a word the document might spell)."""
    own = lexicon.zipf(word)
    if own >= WORD_ZIPF or not _has_shape_of_a_word(word):
        return False
    floor = max(WORD_ZIPF, own + MARGIN_ATTESTED) if own else WORD_ZIPF
    return any(
        lexicon.zipf(repair)
        >= (max(floor, MIN_ZIPF_SHORT) if len(repair) < MIN_LENGTH_CAPITALISED else floor)
        for repair, _steps in _variants(word.lower())
    )


def _is_fragment(text: str, start: int, end: int, ctx: Context) -> bool:
    """Whether the letters are a piece of a longer token or word rather than a word of their own.

    Addresses and identifiers, the tail of "I'liis" (OCR for "This"; French elisions such as
    "l'" and "qu'" are fine), and the halves of a word broken at the end of a line, with its
    hyphen or without (OCR003 joins those: "clust" + "ered" is "clustered", not "dust").
    """
    if in_address(text, start, end):
        return True
    if start >= 2 and text[start - 1] in "'’" and text[start - 2].isalpha():
        prefix = LETTERS.findall(text, max(0, start - 4), start - 1)
        if not prefix or not (prefix[-1].islower() and len(prefix[-1]) <= 2):
            return True
    token = text[start:end]
    after = _BREAK_AFTER.match(text, end)
    if after is not None:
        other = after.group("other")
        return other is None or bool(after.group("hyphen")) or ctx.lexicon.zipf(token + other) >= WORD_ZIPF
    before = _BREAK_BEFORE.search(text, max(0, start - 64), start)
    if before is not None:
        other = before.group("other")
        return other is None or bool(before.group("hyphen")) or ctx.lexicon.zipf(other + token) >= WORD_ZIPF
    return False


def _has_shape_of_a_word(token: str) -> bool:
    """Lowercase, capitalised or long all-capitals: not an acronym and not iPhone or McDonald."""
    if token.islower():
        return True
    if token.isupper():
        return len(token) > ALL_CAPS_MAX_LETTERS
    return token[0].isupper() and token[1:].islower()


@lru_cache(maxsize=100_000)
def _variants(word: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """Every spelling made by repairing one or two confusable groups of a lowercase word.

    >>> [w for w, _steps in _variants("tlie")]
    ['the']
    >>> "government" in dict(_variants("govemment"))
    True
    """
    sites = [
        (i, printed, meant)
        for printed, meant in REPAIRS
        for i in range(len(word))
        if word.startswith(printed, i)
    ]
    steps_allowed = 1 if len(word) <= SHORT_WORD else MAX_STEPS
    found: dict[str, tuple[tuple[str, str], ...]] = {}
    for n in range(1, steps_allowed + 1):
        for combo in itertools.combinations(sites, n):
            ends = [i + len(printed) for i, printed, _meant in combo]
            if any(combo[k + 1][0] < ends[k] for k in range(n - 1)):
                continue  # two repairs of the same letters ("vvv")
            out, pos = [], 0
            for i, printed, meant in combo:
                out.append(word[pos:i])
                out.append(meant)
                pos = i + len(printed)
            out.append(word[pos:])
            found.setdefault("".join(out), tuple((p, m) for _i, p, m in combo))
    found.pop(word, None)
    return tuple(found.items())


def _candidates(token: str, ctx: Context, attested: dict[str, str], sentence_start: bool) -> list[Candidate]:
    """The known words the token's repairs give, best first: fewest repairs, attested, frequent."""
    capitalised = (token[0].isupper() and not sentence_start) or token.isupper()
    own = ctx.lexicon.zipf(token)
    found = []
    for word, steps in _variants(token.lower()):
        zipf = ctx.lexicon.zipf(word)
        is_attested = word in attested
        if is_attested:
            # The document's own spelling lowers the bar to a word of the language, not below:
            # OCR'd text attests its own junk ("tho", "havo") as often as its words.
            floor = WORD_ZIPF
        elif token[0].isupper() and len(word) < MIN_LENGTH_CAPITALISED:
            continue  # "Alia" is a name, not "Aha"
        else:
            floor = MIN_ZIPF_CAPITALISED if capitalised else MIN_ZIPF
        if len(word) < MIN_LENGTH_CAPITALISED:
            # One repair turns many a four-letter token into some three-letter word ("tlio" into
            # "tho", "tliu" into "thu"); only the commonest words are likely enough.
            floor = max(floor, MIN_ZIPF_SHORT)
        if own:
            # wordfreq knows the token: a rare word ("garners", "dearer", "clumped") unless the
            # repair is far commoner, as "the" is than the OCR junk "tlie" (lexicon-eval.md).
            floor = max(floor, own + (MARGIN_ATTESTED if is_attested else MARGIN))
        if zipf >= floor:
            found.append(Candidate(word, steps, zipf, is_attested))
    found.sort(key=lambda c: (len(c.steps), not c.attested, -c.zipf))
    return found


def _finding(ctx: Context, line: int, start: int, token: str, candidates: list[Candidate]) -> Finding:
    best = candidates[0]
    suggestion = _restore_case(token, best.word)
    # Strong evidence: one candidate, a word of the language, spelled elsewhere in the document.
    # Unlike a digit, a confused letter group never hides the case: the token's letters show it.
    strong = len(candidates) == 1 and best.attested and best.zipf >= MIN_ZIPF
    applicability = Applicability.SAFE if strong else Applicability.UNSAFE
    why = "found elsewhere in this document" if best.attested else "a known word"
    read = ", ".join(f"{printed!r} for {meant!r}" for printed, meant in best.steps)
    others = [_restore_case(token, c.word) for c in candidates[1:4]]
    alternatives = f"; other candidates: {', '.join(others)}" if others else ""
    end = start + len(token)
    fix: Fix = replace_fix(
        applicability, f"Replace {token!r} with {suggestion!r}", line, start + 1, end + 1, suggestion
    )
    return located_finding(
        CODE,
        NAME,
        ctx.doc,
        message=(
            f"OCR-confused letters in {token!r} ({read}): did you mean {suggestion!r} ({why}){alternatives}?"
        ),
        line=line,
        column=start + 1,
        end_line=line,
        end_column=end + 1,
        fix=fix,
    )


def _restore_case(token: str, word: str) -> str:
    """Spell a lowercase repair with the case pattern of the damaged token.

    >>> _restore_case("Parliarnent", "parliament"), _restore_case("GOVEMMENT", "government")
    ('Parliament', 'GOVERNMENT')
    >>> _restore_case("tlie", "the")
    'the'
    """
    letters = [c for c in token if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if token[:1].isupper():
        return word[:1].upper() + word[1:]
    return word

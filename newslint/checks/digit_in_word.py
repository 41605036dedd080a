from __future__ import annotations

import bisect
import itertools
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from newslint.checks.base import Context, located_finding, replace_fix
from newslint.checks.ocr_common import attested_forms, in_address, starts_sentence
from newslint.language import writes_latin
from newslint.model import Applicability, Finding, Fix

CODE, NAME = "OCR001", "digit-in-word"

# OCR damage puts ASCII digits in words. Scanning for digit runs (with the `regex` module, several
# times faster than `re` here) and looking at their neighbours is far cheaper than a token regex.
_DIGITS = regex.compile(r"[0-9]+")
# Digits followed by a short unit or ordinal: 1990s, 3pm, 4th, 10km, 5G.
_NUMBER_WITH_UNIT = re.compile(r"\d+[^\W\d_]{1,3}")
# Letters followed by a number: Maroon5, Windows10, iPhone15, round2.
_WORD_WITH_NUMBER = re.compile(r"([^\W\d_]+)\d+")
# A number glued to the word after it, a missing space rather than OCR damage: 2miles, 50Cent.
_NUMBER_AND_WORD = re.compile(r"\d+([^\W\d_]+)")

# Digits an OCR engine (or a font) confuses with letters; these substitutions cost less.
LOOKALIKES = {
    "0": "o",
    "1": "li",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "bg",
    "7": "t",
    "8": "b",
    "9": "g",
}
LOOKALIKE_COST = 0.4
OTHER_COST = 1.0
MAX_DIGITS = 2
MIN_LENGTH = 4
# A candidate must be a real word of the language: Zipf >= 3 is about once per million words.
# Look-alike repairs may reach rarer words, as the digit itself points to the letter.
MIN_ZIPF = 3.0
MIN_ZIPF_LOOKALIKE = 2.5
# A token that is itself this frequent is a word, not damage (5ive, k8s, mp3).
KNOWN_TOKEN_ZIPF = 1.0
# A word with a number after it is left alone unless the evidence for damage is strong: Maroon5.
KNOWN_NAME_ZIPF = 2.0
ALL_CAPS_MAX_LETTERS = 6


@dataclass(frozen=True, slots=True)
class Candidate:
    word: str  # lowercase
    cost: float
    zipf: float
    attested: bool


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a digit inside a word where putting a letter in its place gives a known word.

    ## What it does
    Reports a token that mixes letters and digits, such as "0arliament", when replacing its
    digits with letters gives a word of the language (wordfreq, with a frequency floor).
    Look-alike repairs (0/o, 1/l/i, 5/s, 8/b) are preferred, then words found elsewhere in the
    same document, then frequent words; the suggestion keeps the token's case pattern.
    Legitimate alphanumerics are left alone: COVID-19, G20, F-16, 5G, MP3, 1990s, 3pm, 4th,
    MH17, CO2, Su-35, PS2, 7E7, 5ive, Maroon5.

    ## Why it matters
    OCR and broken fonts turn letters into digits. The damaged word is invisible to search,
    to named-entity tools and to anything counting words.

    ## Example
    ```text
    Speaker of the Parliament of Iran

    He met the Speaker of the 0arliament of Iran on Tuesday.
    ```

    ## Use instead
    ```text
    Speaker of the Parliament of Iran

    He met the Speaker of the Parliament of Iran on Tuesday.
    ```

    ## Fix safety
    Safe only on strong evidence: a single candidate word that the same document spells out
    elsewhere, or the only candidate at all and a common word, and a known case (a digit in place
    of a first letter hides it: "8ritain" may be "Britain"). Otherwise the fix is unsafe and needs
    `--unsafe-fixes`.
    """
    doc = ctx.doc
    attested: dict[str, str] | None = None
    line_starts: list[int] = []
    for offset, token in _mixed_tokens(doc.text):
        if not writes_latin(ctx.language):
            return  # a Latin token in a Russian or Greek text is a foreign name, not a broken word
        if _is_legitimate(token, ctx):
            continue
        if attested is None:
            attested = attested_forms(doc.text)
            line_starts = [line.start for line in doc.lines]
        candidates = _candidates(token, ctx, attested)
        if not candidates:
            continue
        if _is_word_with_number(token, ctx) and not _repairs_word(token, candidates[0]):
            continue
        line = doc.lines[bisect.bisect_right(line_starts, offset) - 1]
        yield _finding(ctx, line.number, offset - line.start, token, candidates, attested, line.text)


def _mixed_tokens(text: str) -> Iterator[tuple[int, str]]:
    """(offset, token) for every run of letters and digits that holds both.

    >>> list(_mixed_tokens("the 0arliament met in 2024, 3pm"))
    [(4, '0arliament'), (28, '3pm')]
    """
    end = -1
    size = len(text)
    for match in _DIGITS.finditer(text):
        s, e = match.span()
        if s < end:
            continue  # inside the token just yielded
        if not ((s and text[s - 1].isalpha()) or (e < size and text[e].isalpha())):
            continue
        while s and text[s - 1].isalnum():
            s -= 1
        end = e
        while end < size and text[end].isalnum():
            end += 1
        if not in_address(text, s, end):
            yield s, text[s:end]


def _is_legitimate(token: str, ctx: Context) -> bool:
    """Alphanumerics that are what they are meant to be: codes, units, model numbers, names."""
    digits = _digits(token)
    letters = len(token) - digits
    if len(token) < MIN_LENGTH or letters < 3 or digits > MAX_DIGITS:
        return True
    letter_part = "".join(c for c in token if not c.isdigit())
    if not letter_part.isascii():
        return True  # repairs are Latin words; other scripts' look-alikes are OCR004's
    if letter_part.isupper() and letters <= ALL_CAPS_MAX_LETTERS:
        return True  # G20, MH17, CO2, PS2, MP3, 7E7
    if _NUMBER_WITH_UNIT.fullmatch(token):
        return True  # 1990s, 3pm, 4th
    glued = _NUMBER_AND_WORD.fullmatch(token)
    if glued and ctx.lexicon.zipf(glued.group(1)) >= MIN_ZIPF:
        return True  # 2miles, 50Cent: a missing space
    return ctx.lexicon.zipf(token) >= KNOWN_TOKEN_ZIPF  # 5ive, k8s


def _is_word_with_number(token: str, ctx: Context) -> bool:
    """A word followed by a number, as in names of bands, products and files: Maroon5, round2."""
    name = _WORD_WITH_NUMBER.fullmatch(token)
    return bool(name and ctx.lexicon.zipf(name.group(1)) >= KNOWN_NAME_ZIPF)


def _repairs_word(token: str, best: Candidate) -> bool:
    """Whether a word-plus-number token is still better read as damage.

    It is when the document spells the repaired word out elsewhere ("United State5" in an
    article that says "United States"), or, for a lowercase word, when the digit is a look-alike
    of the missing letter ("state5" for "states"); "Maroon5" and "image2" stay as they are.
    """
    return best.attested or (token[0].islower() and best.cost <= LOOKALIKE_COST * _digits(token))


def _digits(token: str) -> int:
    return sum(c.isdigit() for c in token)


def _candidates(token: str, ctx: Context, attested: dict[str, str]) -> list[Candidate]:
    """Every known word made by putting letters in place of the token's digits, best first."""
    lower = token.lower()
    spots = [i for i, c in enumerate(lower) if c.isdigit()]
    options = []
    for i in spots:
        look = LOOKALIKES.get(lower[i], "")
        if len(spots) == 1:
            options.append([(c, LOOKALIKE_COST if c in look else OTHER_COST) for c in string.ascii_lowercase])
        else:
            # Two digits: only look-alikes, or 26 x 26 look-ups would chase a likely identifier.
            options.append([(c, LOOKALIKE_COST) for c in look])
    found = []
    chars = list(lower)
    for combo in itertools.product(*options):
        for i, (letter, _cost) in zip(spots, combo):
            chars[i] = letter
        word = "".join(chars)
        cost = sum(c for _letter, c in combo)
        zipf = ctx.lexicon.zipf(word)
        floor = MIN_ZIPF_LOOKALIKE if cost <= LOOKALIKE_COST * len(spots) else MIN_ZIPF
        is_attested = word in attested
        if zipf >= floor or (is_attested and zipf > 0):
            found.append(Candidate(word, cost, zipf, is_attested))
    found.sort(key=lambda c: (c.cost, not c.attested, -c.zipf))
    return found


def _finding(
    ctx: Context,
    line: int,
    start: int,
    token: str,
    candidates: list[Candidate],
    attested: dict[str, str],
    line_text: str,
) -> Finding:
    best = candidates[0]
    sentence_start = starts_sentence(line_text, start)
    suggestion = _restore_case(token, best.word, attested, sentence_start)
    attested_candidates = [c for c in candidates if c.attested]
    strong = (best.attested and len(attested_candidates) == 1) or (
        len(candidates) == 1 and best.zipf >= MIN_ZIPF
    )
    # A digit in place of the first letter hides its case: "8ritain" may be "Britain". Unless the
    # document spells the word out, the sentence calls for a capital or the token is in capitals,
    # the repair is a guess.
    case_known = (
        not token[0].isdigit()
        or sentence_start
        or suggestion == attested.get(best.word)
        or suggestion.isupper()
    )
    strong = strong and case_known
    applicability = Applicability.SAFE if strong else Applicability.UNSAFE
    why = "found elsewhere in this document" if best.attested else "a known word"
    others = [c.word for c in candidates[1:4]]
    alternatives = f"; other candidates: {', '.join(others)}" if others else ""
    fix: Fix = replace_fix(
        applicability,
        f"Replace {token!r} with {suggestion!r}",
        line,
        start + 1,
        start + 1 + len(token),
        suggestion,
    )
    return located_finding(
        CODE,
        NAME,
        ctx.doc,
        message=f"Digit inside the word {token!r}: did you mean {suggestion!r} ({why}){alternatives}?",
        line=line,
        column=start + 1,
        end_line=line,
        end_column=start + 1 + len(token),
        fix=fix,
    )


def _restore_case(token: str, word: str, attested: dict[str, str], sentence_start: bool) -> str:
    """Spell the repaired word with the token's case pattern.

    The document's own spelling wins when it agrees with the letters the token kept; otherwise
    letters keep their case, and a replaced digit is capitalised only where its neighbours or the
    sentence call for it.

    >>> _restore_case("0arliament", "parliament", {"parliament": "Parliament"}, False)
    'Parliament'
    >>> _restore_case("gov3rnment", "government", {}, False)
    'government'
    >>> _restore_case("GOV3RNMENT", "government", {}, False)
    'GOVERNMENT'
    """
    form = attested.get(word)
    if form is not None and all(t == f for t, f in zip(token, form) if not t.isdigit()):
        return form
    letters = [c for c in token if not c.isdigit()]
    upper = len(letters) > 1 and all(c.isupper() for c in letters)
    out = []
    for i, (t, w) in enumerate(zip(token, word)):
        if not t.isdigit():
            out.append(t)
        elif upper or (i == 0 and sentence_start):
            out.append(w.upper())
        else:
            out.append(w)
    return "".join(out)

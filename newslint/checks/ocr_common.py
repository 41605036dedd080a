"""What the OCR rules (OCR001-OCR004) share: tokens, document evidence, sentence starts, addresses.

Each helper is used by more than one OCR rule; a rule's own logic stays in its module.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from newslint.document import Document, Line

# A run of letters (any script): the unit the OCR rules read as a word.
LETTERS = re.compile(r"[^\W\d_]+")
# Characters that make a run of non-spaces an address rather than words.
_ADDRESS_MARKS = ("/", "@", "#", "_", "=", "&", "\\", "://", "www.")
_DOTTED = re.compile(r"[^\W_]\.[^\W_]")
SAMPLE = 2000
ASCII_SHARE_OF_LATIN_TEXT = 0.6


def in_address(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] belongs to a URL, a domain, an e-mail, a handle, a hashtag or a path.

    Their letters and digits are identifiers, not words an OCR engine broke.

    >>> in_address("see bit.ly/p0ste8s now", 11, 18), in_address("the 0arliament.", 4, 14)
    (True, False)
    """
    lo = start
    while lo and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    chunk = text[lo:hi]
    if any(mark in chunk for mark in _ADDRESS_MARKS):
        return True
    # A dot between two letters or digits: a domain or a file name ("example.com", "img2.jpg").
    return _DOTTED.search(chunk) is not None


def attested_forms(text: str) -> dict[str, str]:
    """The most frequent spelling of every word of the document, by its lowercase form.

    >>> attested_forms("Parliament met. The parliament and the Parliament voted.")["parliament"]
    'Parliament'
    """
    forms: dict[str, str] = {}
    for word, _count in Counter(LETTERS.findall(text)).most_common():
        forms.setdefault(word.lower(), word)
    return forms


def starts_sentence(line_text: str, start: int) -> bool:
    """Whether the token at `start` opens a sentence (or the line), where a capital says nothing.

    >>> starts_sentence("He left. Then", 9), starts_sentence("He met Then", 7)
    (True, False)
    """
    before = line_text[:start].rstrip(" \"'“‘(«")
    return not before or before[-1] in ".!?:"


def line_at(doc: Document, starts: list[int], offset: int) -> Line:
    """The line that holds a text offset; `starts` is the list of the document's line starts."""
    return doc.lines[bisect.bisect_right(starts, offset) - 1]


def mostly_latin(text: str) -> bool:
    """Whether the text's opening is written in the Latin alphabet, at C speed.

    Spaces, digits and punctuation are ASCII in every script, but letters are ASCII only in Latin
    text: in an English or a French text nearly every character is ASCII, in a Russian or a Greek
    one about a fifth.

    >>> mostly_latin("The summit in Paris ended."), mostly_latin("Саммит в Париже завершился.")
    (True, False)
    """
    sample = text[:SAMPLE]
    return len(sample.encode("ascii", "ignore")) >= ASCII_SHARE_OF_LATIN_TEXT * len(sample)

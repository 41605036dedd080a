"""Which language a document is in, so the OCR rules ask the right word list.

A cheap guess from the document's first 2,000 characters: the script of its letters, then,
for Latin script, which language's commonest function words it uses most. It needs no model and
no download, and it only has to tell apart the languages wordfreq has word lists for; a document
it cannot place is English, the default.
"""

from __future__ import annotations

import re
from collections import Counter

SAMPLE = 2000
# The commonest short function words, which every text uses and few share across languages.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that for was on with as by at from are have has it".split()),
    "fr": frozenset("le la les des du et est une dans pour que qui sur par au aux pas ont été".split()),
    "de": frozenset("der die das und ist nicht mit den dem sich auf für von zu ein eine des".split()),
    "es": frozenset("el los las del y en que por con para una es se al lo como más fue".split()),
    "it": frozenset("il di che la per non sono del della gli le una con alla nel anche".split()),
    "pt": frozenset("o os da do das dos e que em para com uma não por ao foi são".split()),
    "nl": frozenset("de het een van en is dat op te zijn met voor niet aan ook".split()),
}
MIN_HITS = 3
_ANY_FUNCTION_WORD = frozenset().union(*FUNCTION_WORDS.values()).__contains__
_WORD = re.compile(r"[^\W\d_]+")
# In ASCII text the letters [^\W\d_] matches are exactly a-z once lowercased: there the words
# are what is left after every other character becomes a space, which is cheaper than a regex.
_ASCII_NON_LETTERS = str.maketrans(
    dict.fromkeys([chr(c) for c in range(128) if not "a" <= chr(c) <= "z"], " ")
)
# Letters of other scripts, by the language wordfreq reads them in: a (first, last) code point
# range each, in the order that breaks ties.
_SCRIPTS = (
    ("\u0400", "\u04ff", "ru"),
    ("\u0370", "\u03ff", "el"),
    ("\u0600", "\u06ff", "ar"),
    ("\u0590", "\u05ff", "he"),
    ("\u3040", "\u30ff", "ja"),
    ("\u4e00", "\u9fff", "zh"),
    ("\uac00", "\ud7af", "ko"),
)
_UKRAINIAN = re.compile(r"[іїєґ]", re.IGNORECASE)
_ANY_SCRIPT = re.compile("[" + "".join(f"{first}-{last}" for first, last, _ in _SCRIPTS) + "]+")
# The first UTF-8 byte of a letter of each range above. Each byte stands for the start of exactly
# one range among these seven (0xcd is U+0340-037F, of which only Greek U+0370-037F can be
# collected; 0xe3 is U+3000-3FFF, of which only kana U+3040-30FF; and so on), and continuation
# bytes (0x80-0xbf) are never first bytes. _commonest_script's doctest checks every code point.
_LEAD_BYTES = {
    "ru": b"\xd0\xd1\xd2\xd3",
    "el": b"\xcd\xce\xcf",
    "ar": b"\xd8\xd9\xda\xdb",
    "he": b"\xd6\xd7",
    "ja": b"\xe3",
    "zh": b"\xe4\xe5\xe6\xe7\xe8\xe9",
    "ko": b"\xea\xeb\xec\xed",
}
_NON_LATIN = frozenset([code for _, _, code in _SCRIPTS] + ["uk"])


def detect_language(text: str) -> str:
    """A wordfreq language code for the text (English when unsure).

    >>> detect_language("Le gouvernement a annoncé mardi que la réforme des retraites est reportée.")
    'fr'
    >>> detect_language("Госдума планирует разрешить беспилотные автомобили")
    'ru'
    >>> detect_language("The storm reached the coast on Monday night.")
    'en'
    """
    sample = text[:SAMPLE]
    # Everything here runs at C speed (encode, findall, Counter): it runs once per document.
    if len(sample.encode("ascii", "ignore")) * 10 < len(sample) * 8:  # under 80% ASCII: not Latin
        code, hits = _commonest_script(sample)
        if hits:
            return "uk" if code == "ru" and _UKRAINIAN.search(sample) else code
    lowered = sample.lower()
    # Only function words are counted, as only they score; with none, every score is 0: "en".
    words = lowered.translate(_ASCII_NON_LETTERS).split() if lowered.isascii() else _WORD.findall(lowered)
    counts = Counter(filter(_ANY_FUNCTION_WORD, words))
    if not counts:
        return "en"
    # Only the function words the sample holds are summed: a Counter look-up of a missing word
    # costs a Python call, and most function words of six of the seven languages are missing.
    found = counts.keys()
    scores = Counter({lang: sum(counts[w] for w in vocab & found) for lang, vocab in FUNCTION_WORDS.items()})
    best, hits = scores.most_common(1)[0]
    return best if hits >= MIN_HITS else "en"


def _commonest_script(sample: str) -> tuple[str, int]:
    """The non-Latin script with the most letters in the sample, and how many (first wins a tie).

    >>> _commonest_script("Госдума и Κύπρος")
    ('ru', 8)
    >>> owners = {c: [s for s, lead in _LEAD_BYTES.items() if chr(c).encode()[0] in lead]
    ...           for first, last, _ in _SCRIPTS for c in range(ord(first), ord(last) + 1)}
    >>> all(owners[c] == [s] for first, last, s in _SCRIPTS for c in range(ord(first), ord(last) + 1))
    True
    """
    # One regex pass collects the letters of all seven scripts, then each script's letters are
    # counted by their UTF-8 first byte: bytes.count is far cheaper than a regex pass per script.
    letters = "".join(_ANY_SCRIPT.findall(sample)).encode("utf-8")
    hits = {code: sum(map(letters.count, _LEAD_BYTES[code])) for _, _, code in _SCRIPTS}
    return Counter(hits).most_common(1)[0]


def writes_latin(language: str) -> bool:
    """Whether the language is written in the Latin alphabet (as far as detection can tell)."""
    return language in FUNCTION_WORDS or language not in _NON_LATIN

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
_WORD = re.compile(r"[^\W\d_]+")
# Letters of other scripts, by the language wordfreq reads them in.
_SCRIPTS = (
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
)
_UKRAINIAN = re.compile(r"[іїєґ]", re.IGNORECASE)


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
        scripts = Counter({code: len(pattern.findall(sample)) for pattern, code in _SCRIPTS})
        code, hits = scripts.most_common(1)[0]
        if hits:
            return "uk" if code == "ru" and _UKRAINIAN.search(sample) else code
    counts = Counter(_WORD.findall(sample.lower()))
    if not counts:
        return "en"
    scores = Counter({lang: sum(counts[w] for w in vocab) for lang, vocab in FUNCTION_WORDS.items()})
    best, hits = scores.most_common(1)[0]
    return best if hits >= MIN_HITS else "en"


def writes_latin(language: str) -> bool:
    """Whether the language is written in the Latin alphabet (as far as detection can tell)."""
    return language in FUNCTION_WORDS or language not in {code for _, code in _SCRIPTS} | {"uk"}

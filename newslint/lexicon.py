"""The word list behind the OCR rules: wordfreq's frequencies, loaded only when a rule needs one.

wordfreq (see ../shared/research/lexicon-eval.md) knows 40+ languages, ranks candidates by
frequency and attests most names; its data ships in the wheel, so nothing is fetched at run time.
Importing it and loading a language costs about 0.4 s, which clean documents never pay: the OCR
rules ask the lexicon only about tokens that already look damaged.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

CACHE_SIZE = 200_000


class Lexicon:
    """Zipf frequencies of words in one language (0 for an unknown word; 'the' is about 7.7)."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._cache: dict[str, float] = {}
        self._zipf: Any = None
        self._frequencies: dict[str, float] = {}

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency, case-insensitively.

        >>> Lexicon("en").zipf("Parliament") > 4
        True
        """
        key = word.lower()
        value = self._cache.get(key)
        if value is None:
            if self._zipf is None:
                self._load()
            if key.isalpha():
                # A plain word is one entry of wordfreq's table: the same figure as zipf_frequency
                # gives (checked on 25,000 words), without its tokenizer, 50 times faster.
                frequency = self._frequencies.get(key)
                value = round(math.log10(frequency) + 9, 2) if frequency else 0.0
            else:
                value = float(self._zipf(key, self.language))  # digits, apostrophes: wordfreq's rules
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()  # a corpus of identifiers must not grow the process without end
            self._cache[key] = value
        return value

    def _load(self) -> None:
        from wordfreq import get_frequency_dict, zipf_frequency

        self._zipf = zipf_frequency
        # Called exactly as wordfreq calls it, so its lru_cache serves both of us with one table.
        self._frequencies = get_frequency_dict(self.language, "best")


@cache
def lexicon_for(language: str) -> Lexicon:
    """One lexicon per language per process, so its cache serves every document."""
    return Lexicon(language)


class LanguageError(ValueError):
    """A language the lexicon has no word list for."""


def check_language(language: str) -> None:
    """Refuse a language wordfreq has no list for, before any document is read.

    English and "auto" (detect per document) are always there and cost nothing to check.
    """
    if language in ("en", "auto"):
        return
    from wordfreq import available_languages

    known = available_languages()
    if language not in known:
        raise LanguageError(
            f"no word list for language {language!r}; use a code wordfreq knows, e.g. "
            f"{', '.join(sorted(known)[:12])}, ..."
        )

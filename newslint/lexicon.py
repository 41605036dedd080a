"""The word list behind the OCR rules: wordfreq's frequencies, loaded only when a rule needs one.

wordfreq (see ../shared/research/lexicon-eval.md) knows 40+ languages, ranks candidates by
frequency and attests most names; its data ships in the wheel, so nothing is fetched at run time.
Importing it and loading a language costs about 0.4 s, which clean documents never pay: the OCR
rules ask the lexicon only about tokens that already look damaged.
"""

from __future__ import annotations

from functools import cache
from typing import Any

CACHE_SIZE = 200_000


class Lexicon:
    """Zipf frequencies of words in one language (0 for an unknown word; 'the' is about 7.7)."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._cache: dict[str, float] = {}
        self._zipf: Any = None

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency, case-insensitively.

        >>> Lexicon("en").zipf("Parliament") > 4
        True
        """
        key = word.lower()
        value = self._cache.get(key)
        if value is None:
            if self._zipf is None:
                from wordfreq import zipf_frequency

                self._zipf = zipf_frequency
            value = float(self._zipf(key, self.language))
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()  # a corpus of identifiers must not grow the process without end
            self._cache[key] = value
        return value


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

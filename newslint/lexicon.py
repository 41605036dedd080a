"""The word list behind the OCR rules: wordfreq's frequencies, loaded only when a rule needs one.

wordfreq (see ../shared/research/lexicon-eval.md) knows 40+ languages, ranks candidates by
frequency and attests most names; its data ships in the wheel, so nothing is fetched at run time.
Importing it and building a language's table costs about 0.4 s per process, which clean
documents never pay: the OCR rules ask the lexicon only about tokens that already look damaged.

A process that does need a table reads it from a compiled copy when there is one: the language's
words, sorted, and their frequency buckets, in one file under the user's cache folder
(`$XDG_CACHE_HOME/newslint` or `~/.cache/newslint`; `NEWSLINT_LEXICON_DIR` moves it). Reading it
costs about a tenth of building the table (no wordfreq import, no dict of 320,000 entries: a word
is found by bisection), which is what every worker of a pool and every pre-commit run pays. The
copy is made, atomically, the first time a table is built; its name follows the installed
wordfreq, so an upgrade builds a new one. Where it cannot be written, the table is built in memory as before.
"""

from __future__ import annotations

import bisect
import contextlib
import importlib.util
import math
import os
import re
import tempfile
from array import array
from functools import cache
from pathlib import Path
from typing import Any

CACHE_SIZE = 200_000
# What wordfreq's smash_numbers rewrites (a digit followed by digits, dots or commas): such tokens
# are left to wordfreq's own lookup, which estimates the number's frequency.
_DIGIT_RUN = re.compile(r"\d[\d.,]")
TABLE_FORMAT = b"newslint-lexicon 1\n"


def _table_folder() -> Path:
    configured = os.environ.get("NEWSLINT_LEXICON_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newslint" / "lexicon"


def _table_path(language: str) -> Path | None:
    """Where the language's compiled table lives, named for the installed wordfreq.

    The name holds the size and time of wordfreq's package file rather than its version, which
    importlib.metadata would take 70 ms to read: a reinstall or an upgrade gets a new table.
    """
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    try:
        info = os.stat(spec.origin)
    except OSError:
        return None
    return _table_folder() / f"{language}-wordfreq-{info.st_size}-{info.st_mtime_ns}.bin"


class WordTable:
    """wordfreq's table for one language as sorted words and their centibel buckets.

    A word in bucket i has frequency 10 ** (-i / 100), exactly as wordfreq's frequency dict gives
    it (a word listed twice keeps its last, lowest bucket, as there).
    """

    def __init__(self, words: list[str], buckets: array[int]) -> None:
        self.words = words
        self.buckets = buckets

    @classmethod
    def from_wordfreq(cls, language: str) -> WordTable:
        from wordfreq import get_frequency_list

        bucket_of: dict[str, int] = {}
        for index, bucket in enumerate(get_frequency_list(language, "best")):
            bucket_of.update(dict.fromkeys(bucket, index))
        words = sorted(bucket_of)
        return cls(words, array("H", [bucket_of[word] for word in words]))

    def frequency(self, word: str) -> float:
        i = bisect.bisect_left(self.words, word)
        if i < len(self.words) and self.words[i] == word:
            return float(10 ** (-self.buckets[i] / 100))
        return 0.0

    def dump(self) -> bytes:
        buckets = array("H", self.buckets)
        if buckets.itemsize != 2:  # pragma: no cover - every CPython platform has 2-byte shorts
            raise ValueError("unsupported platform")
        header = TABLE_FORMAT + f"{len(self.words)}\n".encode()
        return header + buckets.tobytes() + "\n".join(self.words).encode("utf-8")

    @classmethod
    def load(cls, data: bytes) -> WordTable:
        if not data.startswith(TABLE_FORMAT):
            raise ValueError("not a newslint word table")
        rest = data[len(TABLE_FORMAT) :]
        count_line, _, rest = rest.partition(b"\n")
        count = int(count_line)
        buckets = array("H")
        buckets.frombytes(rest[: 2 * count])
        words = rest[2 * count :].decode("utf-8").split("\n")
        if len(words) != count or len(buckets) != count:
            raise ValueError("truncated word table")
        return cls(words, buckets)


def word_table(language: str) -> WordTable:
    """The language's table: from its compiled copy, else built from wordfreq (and then saved)."""
    path = _table_path(language)
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            return WordTable.load(path.read_bytes())
    table = WordTable.from_wordfreq(language)
    if path is not None:
        with contextlib.suppress(OSError):
            _save(path, table.dump())
    return table


def _save(path: Path, data: bytes) -> None:
    """Write the compiled copy whole or not at all (two processes may build it at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Lexicon:
    """Zipf frequencies of words in one language (0 for an unknown word; 'the' is about 7.7)."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self._cache: dict[str, float] = {}
        self._table: WordTable | None = None

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency, case-insensitively.

        >>> Lexicon("en").zipf("Parliament") > 4
        True
        """
        key = word.lower()
        value = self._cache.get(key)
        if value is None:
            if key.isalpha() or (key.isascii() and key.isalnum() and not _DIGIT_RUN.search(key)):
                # A plain word is one entry of wordfreq's table: the same figure as zipf_frequency
                # gives (checked on 25,000 words), without its tokenizer, 50 times faster. So is
                # a token of ASCII letters and lone digits ("k8s", "0arliament"): wordfreq looks
                # it up as it is, and only runs of digits ("1990s") get its number estimates.
                if self._table is None:
                    self._table = word_table(self.language)
                frequency = self._table.frequency(key)
                value = round(math.log10(frequency) + 9, 2) if frequency else 0.0
            else:
                value = float(_zipf_frequency()(key, self.language))  # digits, apostrophes
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()  # a corpus of identifiers must not grow the process without end
            self._cache[key] = value
        return value


@cache
def _zipf_frequency() -> Any:
    """wordfreq's own lookup (its tokenizer's rules), imported only for tokens that need it."""
    from wordfreq import zipf_frequency

    return zipf_frequency


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

"""The parameters of deduplication, and the presets; NumPy-free, so that the command line can
name them without importing the array code."""

from __future__ import annotations

import functools
from dataclasses import dataclass

MAX_NGRAM = 32  # words or characters per shingle


@dataclass(frozen=True)
class Params:
    """How texts are compared; an index keeps the parameters it was built with.

    `threshold` is the Jaccard similarity of shingle sets from which two articles are
    near-duplicates. The bands are chosen from it (see `choose_bands`).
    """

    ngram: int = 5
    char_ngram: int = 5
    num_perm: int = 128
    threshold: float = 0.6
    min_words: int = 20  # shorter articles (briefs, captions, widgets) are never compared
    seed: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.ngram <= MAX_NGRAM or not 1 <= self.char_ngram <= MAX_NGRAM:
            raise ValueError(f"shingle sizes must be from 1 to {MAX_NGRAM} words or characters")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"the threshold must be above 0 and at most 1, got {self.threshold}")
        if not 8 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must be from 8 to 1024, got {self.num_perm}")
        if self.min_words < self.ngram:
            raise ValueError(f"min_words ({self.min_words}) must be at least ngram ({self.ngram})")

    @functools.cached_property
    def bands(self) -> tuple[int, int]:
        """(bands, rows), from the threshold: see `choose_bands`."""
        return choose_bands(self.threshold, self.num_perm)

    def __str__(self) -> str:
        """The parameters in one word, as datatrove names its MinhashConfig: `5w_5c_128p_42x3_t0.6_m20_s1`."""
        bands, rows = self.bands
        return (
            f"{self.ngram}w_{self.char_ngram}c_{self.num_perm}p_{bands}x{rows}"
            f"_t{self.threshold:g}_m{self.min_words}_s{self.seed}"
        )


PRESETS: dict[str, Params] = {
    # Born-digital news: 5-word shingles as datatrove's and text-dedup's defaults. Their LSH
    # thresholds (about 0.72 and 0.7) pass on unverified candidates; every pair here is verified
    # by exact Jaccard, which a re-scrape with a paragraph cut and a few OCR typos brings down to
    # 0.6-0.7, while different articles on one event stay under 0.4 (tests/test_dedup_accuracy.py).
    "news": Params(),
    # OCR'd newspapers: a typo breaks every shingle that holds the word, so shorter shingles and a
    # lower threshold (text-dedup's NEWS-COPY configuration uses 2-grams at 0.45).
    "ocr": Params(ngram=2, threshold=0.5),
}


def choose_bands(threshold: float, num_perm: int, miss: float = 0.01) -> tuple[int, int]:
    """The most rows per band such that a pair exactly at `threshold` becomes a candidate with
    probability at least 1 - `miss`; as many bands of them as `num_perm` allows.

    Every candidate is verified, so a candidate too many costs time, a candidate too few costs
    recall: this favours recall at the threshold, then the fewest candidates below it.

    >>> choose_bands(0.6, 128)
    (42, 3)
    >>> choose_bands(0.8, 128)
    (21, 6)
    """
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) < 1 - miss:
            break
        best = (bands, rows)
    return best


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """How likely two texts of this Jaccard similarity share a band key.

    >>> round(candidate_probability(0.6, 42, 3), 4), round(candidate_probability(0.3, 42, 3), 4)
    (1.0, 0.6832)
    """
    return float(1 - (1 - similarity**rows) ** bands)

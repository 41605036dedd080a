"""MinHash signatures of many texts at once, vectorised with NumPy; and the LSH bands over them.

Stage one of corpus deduplication (DESIGN.md: shingles -> MinHash signatures -> LSH bands ->
candidate pairs -> verified Jaccard -> clusters). Every step works on whole arrays of a batch of
texts, never on one word at a time in Python:

- *Normalising*: lower case; ASCII punctuation and control characters, Latin-1 punctuation
  (U+00A0-U+00BF), general punctuation (U+2000-U+207F: curly quotes, dashes, the ellipsis) and
  CJK punctuation (U+3000-U+303F) become spaces.
- *Words* are the runs of other bytes of the UTF-8 text. A word of up to eight bytes is hashed
  from the number its bytes make (read for all words of a batch at once); a longer one chains
  that with its next eight bytes, and so on (over 64 bytes, BLAKE2b hashes it); then the value is
  mixed to 64 bits.
- *Shingles* are the hashes of `ngram` consecutive words of one text. Scripts written without
  spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) get shingles of
  `char_ngram` consecutive characters instead.
- *Signatures*: one-permutation MinHash with optimal densification (Li, Owen and Zhang 2012;
  Shrivastava 2017): each shingle's hash, mixed with the seed, gives a 32-bit value whose top bits
  say which of `num_perm` bins it falls into, and each bin keeps its smallest value, so a signature
  costs one sort instead of `num_perm` passes, and two signatures agree in a bin with probability
  equal to the texts' Jaccard similarity, as with `num_perm` permutations. The same sort gives each
  text's distinct values, its shingle set for exact Jaccard. Empty bins (short texts) borrow from
  other bins in an order that depends on the bin only, the same for every text.
- *Bands*: the signature cut into `bands` bands of `rows` values, each hashed to one 64-bit key;
  two texts sharing a key are candidates, which the next stage verifies with exact Jaccard.
"""

from __future__ import annotations

import functools
import hashlib
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newslint.dedup.params import MAX_NGRAM, PRESETS, Params

__all__ = ["PRESETS", "Params", "Signatures", "band_keys", "jaccard", "signatures"]

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]

MASK32 = np.uint64(0xFFFFFFFF)
EMPTY = np.uint64(1 << 32)  # a bin no shingle fell into (values are 32-bit)
# Odd constants that weigh the words of a shingle (or the values of a band) by position.
_WEIGHTS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x85EBCA77C2B2AE63,
        0x27D4EB2F165667C5,
    ],
    dtype=np.uint64,
)
# Words of up to this many bytes are hashed eight bytes at a time for the whole batch; longer ones
# one by one.
CHAINED_BYTES = 64
# How many texts' bytes one batch holds at most: bounds the memory of its arrays.
BATCH_BYTES = 1 << 22

# Spaces for ASCII controls and punctuation, lower case for ASCII capitals (an ASCII text is not
# lowered as a str: this does it on the way).
_ASCII_SPACES = bytes.maketrans(
    bytes(range(33)) + string.punctuation.encode() + b"\x7f" + string.ascii_uppercase.encode(),
    b" " * (33 + len(string.punctuation) + 1) + string.ascii_lowercase.encode(),
)
# Scripts written without spaces between words.
_UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\u9fff]")
_WORD_CHARACTER = re.compile(r"[^\W_]", re.UNICODE)
# _LOW_BYTES[n]: the mask that keeps the low n bytes of a 64-bit number (n = 0..8).
_LOW_BYTES = np.array([(1 << (8 * n)) - 1 for n in range(9)], dtype=np.uint64)


@dataclass(frozen=True)
class Signatures:
    """The signatures of a batch of texts, and what verification and exact matching need."""

    words: npt.NDArray[np.int64]  # words (or characters) of each text after normalising
    digests: tuple[bytes, ...]  # of each text's normalised words: equal for exact duplicates
    signatures: npt.NDArray[np.uint32]  # (texts, num_perm); a text without shingles: all zero
    shingles: U32  # every text's distinct shingle hashes, sorted, one after another
    offsets: npt.NDArray[np.int64]  # text i's shingles are shingles[offsets[i]:offsets[i + 1]]

    def shingle_set(self, i: int) -> U32:
        return self.shingles[self.offsets[i] : self.offsets[i + 1]]


def signatures(texts: Sequence[str], params: Params) -> Signatures:
    """The signatures of `texts`; texts too short to compare (see Params.min_words) get no shingles."""
    parts: list[Signatures] = []
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and (stop == start or size + len(texts[stop]) <= BATCH_BYTES):
            size += len(texts[stop])
            stop += 1
        parts.append(_batch(texts[start:stop], params))
        start = stop
    return concatenate(parts, params)


def concatenate(parts: Sequence[Signatures], params: Params) -> Signatures:
    """The signatures of several batches as one, in order."""
    if not parts:
        return Signatures(
            np.zeros(0, np.int64),
            (),
            np.zeros((0, params.num_perm), np.uint32),
            np.zeros(0, np.uint32),
            np.zeros(1, np.int64),
        )
    if len(parts) == 1:
        return parts[0]
    sizes = [np.diff(part.offsets) for part in parts]
    return Signatures(
        np.concatenate([part.words for part in parts]),
        tuple(digest for part in parts for digest in part.digests),
        np.concatenate([part.signatures for part in parts]),
        np.concatenate([part.shingles for part in parts]),
        np.concatenate([[0], np.cumsum(np.concatenate(sizes))]).astype(np.int64),
    )


def _batch(texts: Sequence[str], params: Params) -> Signatures:
    """Signatures of a batch small enough for its arrays to fit in memory."""
    lowered = [text if text.isascii() else text.lower() for text in texts]  # ASCII: by the bytes table
    tokens, bounds, unspaced = _word_hashes(lowered)
    if unspaced.any():
        pieces = [
            _character_hashes(lowered[i]) if unspaced[i] else tokens[bounds[i] : bounds[i + 1]]
            for i in range(len(texts))
        ]
        tokens = np.concatenate(pieces)
        bounds = np.concatenate([[0], np.cumsum([len(piece) for piece in pieces])]).astype(np.int64)
    counts = np.diff(bounds)
    digests = _digests(tokens, bounds)
    ngrams = np.where(unspaced, params.char_ngram, params.ngram).astype(np.int64)
    compared = counts >= np.maximum(params.min_words, ngrams)
    shingles, owners = _shingles(tokens, counts, ngrams, compared)
    return Signatures(counts, digests, *_minhash(shingles, owners, len(texts), params))


def _digests(tokens: U64, bounds: npt.NDArray[np.int64]) -> tuple[bytes, ...]:
    """16 bytes per text, equal when its tokens are: BLAKE2b of the tokens. (Two position-mixed
    sums over the whole batch, vectorised, measured twice as slow: a dozen passes over the
    tokens cost more than one C call per text.)"""
    blake2b = hashlib.blake2b
    return tuple(
        blake2b(tokens[bounds[i] : bounds[i + 1]].tobytes(), digest_size=16).digest()
        for i in range(len(bounds) - 1)
    )


def _word_hashes(texts: Sequence[str]) -> tuple[U64, npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """The hash of every word of `texts` in order; where each text's words start (and, last, where
    they end); and which texts are mostly in scripts written without spaces."""
    if not texts:
        return np.zeros(0, np.uint64), np.zeros(1, np.int64), np.zeros(0, bool)
    encoded = [text.encode("utf-8", "surrogatepass") for text in texts]
    text_starts = np.cumsum([0] + [len(e) + 1 for e in encoded])  # and, last, one past the end
    # Eight bytes of padding: a word's last eight bytes are read as one number below.
    joined = b" ".join(encoded).translate(_ASCII_SPACES) + b"\0" * 8
    padded = np.frombuffer(joined, np.uint8).copy()
    size = len(padded) - 8
    data = padded[:size]
    unspaced = np.zeros(len(texts), bool)
    # (A mask, not np.unique: that imports numpy.ma, 10 ms in every worker.)
    has_leads = np.zeros(len(texts), bool)
    has_leads[np.searchsorted(text_starts, _unspaced_leads(data), side="right") - 1] = True
    for i in np.flatnonzero(has_leads).tolist():
        unspaced[i] = _mostly_unspaced(texts[i])
    _blank_punctuation(data)
    # The runs of bytes other than spaces, and their lengths; the bytes table turned every control
    # character into a space, so no word holds a zero byte.
    edges = np.flatnonzero(np.diff(data != 32, prepend=False, append=False))
    starts, ends = edges[0::2], edges[1::2]
    lengths = ends - starts
    # Every byte offset of the batch read as the little-endian number of the eight bytes from there.
    eights = np.ndarray(shape=(size,), dtype="<u8", buffer=padded, strides=(1,))
    # A word of up to eight bytes is its bytes, as a number (injective: no zero byte in a word);
    # a longer one chains the mixed value so far with its next eight bytes.
    hashes = eights[starts] & _LOW_BYTES[np.minimum(lengths, 8)]
    longer = np.flatnonzero(lengths > 8)
    # A word longer than CHAINED_BYTES (a URL, a base64 blob) is hashed on its own: chaining takes
    # one step over the batch per eight bytes of its longest word.
    for i in longer[lengths[longer] > CHAINED_BYTES].tolist():
        digest = hashlib.blake2b(padded[starts[i] : ends[i]].tobytes(), digest_size=8).digest()
        hashes[i] = int.from_bytes(digest, "little")
    longer = longer[lengths[longer] <= CHAINED_BYTES]
    offset = 8
    while len(longer):
        following = eights[starts[longer] + offset] & _LOW_BYTES[np.minimum(lengths[longer] - offset, 8)]
        hashes[longer] = _mix(hashes[longer]) ^ following
        offset += 8
        longer = longer[lengths[longer] > offset]
    bounds = np.searchsorted(starts, text_starts).astype(np.int64)
    return _mix(hashes), bounds, unspaced


def _unspaced_leads(data: npt.NDArray[np.uint8]) -> npt.NDArray[np.int64]:
    """Where characters of those scripts start in UTF-8 bytes: E3-E9 (U+3000-U+9FFF), E0 B8-BB
    (Thai, Lao), E1 80-81 and E1 9E-9F (Burmese, Khmer). Two comparisons over the batch, then a
    look at the few candidates (a regular expression would be tried at every byte)."""
    leads = np.flatnonzero((data >= 0xE0) & (data <= 0xE9))
    leads = leads[leads + 1 < len(data)]
    first, second = data[leads], data[leads + 1]
    thai = (first == 0xE0) & (second >= 0xB8) & (second <= 0xBB)
    burmese_khmer = (first == 0xE1) & (((second | 0x01) == 0x81) | ((second | 0x01) == 0x9F))
    found: npt.NDArray[np.int64] = leads[(first >= 0xE3) | thai | burmese_khmer]
    return found


def _mostly_unspaced(text: str) -> bool:
    """Whether at least half of a text's letters are Chinese, Japanese, Thai, Lao, Burmese or Khmer."""
    unspaced = len(_UNSPACED.findall(text))
    return unspaced * 2 >= max(1, len(_WORD_CHARACTER.findall(text)))


def _blank_punctuation(data: npt.NDArray[np.uint8]) -> None:
    """Turn the UTF-8 sequences of Latin-1, general and CJK punctuation into spaces, in place."""
    if len(data) < 2:
        return
    lead, second = data[:-1], data[1:]
    latin = np.flatnonzero((lead == 0xC2) & (second >= 0xA0) & (second <= 0xBF))
    data[latin] = data[latin + 1] = 32
    if len(data) < 3:
        return
    lead, second = data[:-2], data[1:-1]
    general = (lead == 0xE2) & ((second == 0x80) | (second == 0x81))
    three = np.flatnonzero(general | ((lead == 0xE3) & (second == 0x80)))
    data[three] = data[three + 1] = data[three + 2] = 32


def _character_hashes(text: str) -> U64:
    """One hash per letter or digit of a text in a script without spaces."""
    letters = "".join(_WORD_CHARACTER.findall(text))
    points = np.frombuffer(letters.encode("utf-32-le", "surrogatepass"), np.uint32)
    return _mix(points.astype(np.uint64) + np.uint64(0x51ED270B))


def _mix(values: U64) -> U64:
    """SplitMix64's finaliser: every bit of the result depends on every bit of the input."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _weight(position: int) -> np.uint64:
    """The weight of a shingle's word (or a band's value) at `position`; past the table's end, its
    weights again, rotated."""
    assert position <= MAX_NGRAM
    base = int(_WEIGHTS[position % len(_WEIGHTS)])
    turn = 16 * (position // len(_WEIGHTS))
    return np.uint64(((base << turn) | (base >> (64 - turn))) & ((1 << 64) - 1) | 1)


def _shingles(
    tokens: U64, counts: npt.NDArray[np.int64], ngrams: npt.NDArray[np.int64], compared: npt.NDArray[np.bool_]
) -> tuple[U64, npt.NDArray[np.int64]]:
    """The hash of every run of `ngrams[i]` consecutive tokens of each compared text (text i's
    tokens are the `counts[i]` after those of the texts before it), and its text."""
    owner = np.repeat(np.arange(len(counts)), counts)
    hashes: list[U64] = []
    owners: list[npt.NDArray[np.int64]] = []
    for n in sorted(set(ngrams[compared].tolist())):
        windows = len(tokens) - n + 1
        combined = np.zeros(windows, np.uint64)
        for position in range(n):
            combined += tokens[position : position + windows] * _weight(position)
        first = owner[:windows]
        # A shingle never runs into the next text.
        inside = (first == owner[n - 1 :]) & compared[first] & (ngrams[first] == n)
        hashes.append(_mix(combined[inside]))
        owners.append(first[inside])
    if not hashes:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    return np.concatenate(hashes), np.concatenate(owners)


def _minhash(
    shingles: U64, owners: npt.NDArray[np.int64], count: int, params: Params
) -> tuple[npt.NDArray[np.uint32], U32, npt.NDArray[np.int64]]:
    """Signatures (count, num_perm), and each text's distinct 32-bit shingles with their offsets.

    A shingle's value is 32 bits of its hash mixed with the seed; the value's own top bits say its
    bin, so sorting (text, value) pairs sorts them by bin too: one sort gives each text's distinct
    values, in order, and each bin's smallest.
    """
    k = params.num_perm
    values = _mix(shingles ^ np.uint64(_mix(np.array([params.seed], np.uint64))[0])) & MASK32
    keys = (owners.astype(np.uint64) << np.uint64(32)) | values
    keys.sort()
    keys = keys[_firsts(keys)]  # each text's distinct values, in order
    values = keys & MASK32
    texts = (keys >> np.uint64(32)).astype(np.int64)
    bins = texts * k + ((values * np.uint64(k)) >> np.uint64(32)).astype(np.int64)
    first = _firsts(bins)
    flat = np.full(count * k, EMPTY, np.uint64)
    flat[bins[first]] = values[first]
    table = flat.reshape(count, k)
    has_shingles = np.zeros(count, bool)
    has_shingles[texts] = True
    _densify(table, has_shingles, params)
    table[~has_shingles] = 0
    offsets = np.concatenate([[0], np.cumsum(np.bincount(texts, minlength=count))]).astype(np.int64)
    return table.astype(np.uint32), values.astype(np.uint32), offsets


def _firsts(ordered: npt.NDArray[np.uint64] | npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Where each run of equal values of a sorted array starts."""
    if not len(ordered):
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))


@functools.lru_cache(maxsize=8)
def _borrow_order(k: int, seed: int, attempts: int) -> npt.NDArray[np.int64]:
    """For each bin, the bins it borrows from when empty, in turn: the same for every text."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, k, size=(k, attempts), dtype=np.int64)


def _densify(table: U64, has_shingles: npt.NDArray[np.bool_], params: Params) -> None:
    """Fill each empty bin of a text that has shingles from the first non-empty bin on its path."""
    rows, cols = np.nonzero((table == EMPTY) & has_shingles[:, None])
    if not len(rows):
        return
    order = _borrow_order(params.num_perm, params.seed, 2048)
    for attempt in range(order.shape[1]):
        borrowed = table[rows, order[cols, attempt]]
        found = borrowed != EMPTY
        table[rows[found], cols[found]] = borrowed[found]
        rows, cols = rows[~found], cols[~found]
        if not len(rows):
            return
    # Practically never (a text with one non-empty bin of many): the first non-empty bin.
    for row, col in zip(rows, cols):
        table[row, col] = table[row][table[row] != EMPTY][0]


def band_keys(signatures: npt.NDArray[np.uint32], params: Params) -> npt.NDArray[np.int64]:
    """(texts, bands) 64-bit keys, as signed integers (what SQLite stores)."""
    bands, rows = params.bands
    values = signatures[:, : bands * rows].astype(np.uint64).reshape(len(signatures), bands, rows)
    keys = np.zeros((len(signatures), bands), np.uint64)
    for row in range(rows):
        keys += values[:, :, row] * _weight(row)
    keys += np.arange(bands, dtype=np.uint64) * _weight(rows)
    return _mix(keys).view(np.int64)


def jaccard(a: U32, b: U32) -> float:
    """Exact Jaccard similarity of two sorted arrays of distinct shingles."""
    if not len(a) and not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)

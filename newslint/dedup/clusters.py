"""Clusters of duplicate articles, from their signatures: exact copies, then LSH candidates that
exact Jaccard confirms, joined by a union-find.

1. *Exact duplicates*: articles whose normalised words are the same (equal digests) join at once,
   with similarity 1.0; only the first of each such group goes on.
2. *Candidates*: articles sharing the key of at least one LSH band.
3. *Verification*: the exact Jaccard similarity of the two articles' shingle sets; a pair below the
   threshold is never reported, whatever the signatures said. A pair whose articles are already in
   one cluster is not verified again.
4. *Clusters*: the connected components of the verified pairs, by a union-find in which the
   smallest index is always the root: the same clusters whatever the order of the work. Members of
   a cluster are joined by chains of verified pairs, so two of them can be less alike than any
   pair that joined them: a cluster reports the lowest similarity between any two of its members.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from newslint.dedup.minhash import Signatures, band_keys, jaccard
from newslint.dedup.params import Params

# Above this many distinct texts in a cluster, its lowest similarity is taken over the pairs of two
# anchors (the texts with the smallest and the largest digest) with every other text, not over
# every pair.
ALL_PAIRS_UP_TO = 100


@dataclass(frozen=True)
class Cluster:
    """Articles (indices, ascending) that are copies or near copies of one another."""

    members: tuple[int, ...]
    # The lowest similarity between two members (see ALL_PAIRS_UP_TO): 1.0 for exact copies;
    # below the threshold when a chain of near copies drifted.
    jaccard: float


class UnionFind:
    """Disjoint sets over 0..n-1 whose root is always the smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_clusters(signatures: Signatures, params: Params) -> list[Cluster]:
    """Every cluster of two or more articles, ordered by their first member."""
    count = len(signatures.digests)
    groups = UnionFind(count)
    compared = np.diff(signatures.offsets) > 0
    first_of: dict[bytes, int] = {}
    for i, digest in enumerate(signatures.digests):
        if not compared[i]:
            continue
        earlier = first_of.setdefault(digest, i)
        if earlier != i:
            groups.union(earlier, i)
    representatives = np.array(sorted(first_of.values()), dtype=np.int64)
    for a, b in candidate_pairs(signatures, params, representatives):
        if groups.find(a) == groups.find(b):
            continue
        similarity = jaccard(signatures.shingle_set(a), signatures.shingle_set(b))
        if similarity >= params.threshold:
            groups.union(a, b)
    members: dict[int, list[int]] = {}
    for i in range(count):
        if compared[i]:
            members.setdefault(groups.find(i), []).append(i)
    return [
        Cluster(tuple(group), round(lowest_similarity(signatures, group), 4))
        for _, group in sorted(members.items())
        if len(group) > 1
    ]


def lowest_similarity(signatures: Signatures, members: Sequence[int]) -> float:
    """The lowest Jaccard similarity between two members, whatever their order."""
    texts = sorted({signatures.digests[i]: i for i in members}.items())  # one per distinct text
    if len(texts) < 2:
        return 1.0
    indices = [i for _, i in texts]
    pairs: Iterable[tuple[int, int]]
    if len(indices) <= ALL_PAIRS_UP_TO:
        pairs = itertools.combinations(indices, 2)
    else:
        anchors = (indices[0], indices[-1])
        pairs = ((a, b) for a in anchors for b in indices if b != a)
    return min(jaccard(signatures.shingle_set(a), signatures.shingle_set(b)) for a, b in pairs)


def candidate_pairs(signatures: Signatures, params: Params, among: np.ndarray) -> Iterator[tuple[int, int]]:
    """Pairs (a < b) of the articles `among` that share a band key, each once, in sorted order."""
    if len(among) < 2:
        return
    keys = band_keys(signatures.signatures[among], params)
    pairs: set[tuple[int, int]] = set()
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
        sizes = np.diff(np.append(starts, len(ordered)))
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1]):
            bucket = sorted(int(among[k]) for k in order[start : start + size])
            pairs.update((a, b) for n, a in enumerate(bucket) for b in bucket[n + 1 :])
    yield from sorted(pairs)

"""Corpus deduplication as stages that never know how they are run (datatrove's split).

`sign` is the per-document stage: a shard of documents in, its articles and their signatures out.
It runs in this process, in a pool of forked processes (`--jobs`), or as Ray tasks (`--engine ray`);
the shards are fixed by position and come back in order, so the clusters are the same every way.
`dedup` then runs the corpus-wide stage (candidates, verification, clusters) in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from newslint import corpus
from newslint.dedup.articles import Article, Text, Unparsed, articles_of
from newslint.dedup.clusters import Cluster, find_clusters
from newslint.dedup.minhash import Signatures, concatenate, signatures
from newslint.dedup.params import Params
from newslint.document import Document
from newslint.packs import PackSet
from newslint.runner import default_jobs

# Documents per shard: enough work to outweigh sending it to a process, small enough to keep
# every core busy to the end.
SHARD_DOCUMENTS = 64
# Below this many documents a pool does not pay for its start.
POOL_MIN_DOCUMENTS = 128


@dataclass(frozen=True)
class Shared:
    """What every shard's work reads: the documents (a JSONL corpus as one Unparsed, its records
    parsed by the shards), each one's packs, and the parameters."""

    texts: Sequence[Text | Unparsed]
    packs: Sequence[PackSet]  # by document; usually one object for all
    params: Params


@dataclass(frozen=True)
class Shard:
    """One task's documents: texts[start:stop], or, with `lines`, the lines lo..hi (from 0, hi
    excluded) of the corpus texts[start]."""

    start: int
    stop: int
    lines: tuple[int, int] | None = None

    @property
    def size(self) -> int:
        return self.stop - self.start if self.lines is None else self.lines[1] - self.lines[0]


def shards_of(texts: Sequence[Text | Unparsed]) -> list[Shard]:
    """The shards of a run, in document order: runs of texts, and each corpus's lines, cut in
    SHARD_DOCUMENTS."""
    shards: list[Shard] = []
    start = 0
    while start < len(texts):
        item = texts[start]
        if isinstance(item, Unparsed):
            count = len(item.lines)
            shards.extend(
                Shard(start, start + 1, (lo, min(lo + SHARD_DOCUMENTS, count)))
                for lo in range(0, count, SHARD_DOCUMENTS)
            )
            start += 1
            continue
        stop = start
        while stop < len(texts) and stop - start < SHARD_DOCUMENTS and not isinstance(texts[stop], Unparsed):
            stop += 1
        shards.append(Shard(start, stop))
        start = stop
    return shards


@dataclass(frozen=True)
class Signed:
    """The articles of some documents, in order, and their signatures (row i is article i's); for
    a shard of corpus lines, what parsing them found (without the records' texts)."""

    articles: list[Article]
    signatures: Signatures
    parsed: corpus.Parsed | None = None


@dataclass(frozen=True)
class Result:
    articles: list[Article]  # every article of the documents, in order
    signatures: Signatures  # row i: article i's
    clusters: list[Cluster]  # members are indices into `articles`
    params: Params
    documents: int = 0  # files and corpus records read
    errors: tuple[tuple[int, str], ...] = ()  # broken corpus lines, by the corpus's place in texts


def sign(shard: Shard, shared: Shared) -> Signed:
    """Stage one, for the documents of one shard."""
    parsed = None
    item = shared.texts[shard.start]
    if shard.lines is not None and isinstance(item, Unparsed):
        parsed = corpus.parse_lines(item.path, item.lines, *shard.lines, item.text_field, item.id_field)
        documents = [
            (Document(record.text, item.path, record.id), shared.packs[shard.start])
            for record in parsed.records
        ]
        parsed = replace(parsed, records=[])  # counted in parsed.kept; the texts stay here
    else:
        documents = [
            (text.document(), shared.packs[i])
            for i in range(shard.start, shard.stop)
            if isinstance(text := shared.texts[i], Text)
        ]
    articles: list[Article] = []
    compared: list[str] = []
    for doc, packs in documents:
        for article, words in articles_of(doc, packs):
            articles.append(article)
            compared.append(words)
    return Signed(articles, signatures(compared, shared.params), parsed)


def dedup(shared: Shared, jobs: int = 1, engine: str = "local") -> Result:
    """Every cluster of duplicate articles among the documents."""
    stage = signed_articles(shared, jobs, engine)
    clusters = find_clusters(stage.signatures, shared.params)
    return Result(stage.articles, stage.signatures, clusters, shared.params, stage.documents, stage.errors)


@dataclass(frozen=True)
class StageOne:
    """Every article of the documents, in order, and its signature; how many documents there were
    and the corpus lines that could not be read, each with its corpus's place in Shared.texts."""

    articles: list[Article]
    signatures: Signatures
    documents: int
    errors: tuple[tuple[int, str], ...]


def signed_articles(shared: Shared, jobs: int = 1, engine: str = "local") -> StageOne:
    """Stage one over all the documents."""
    shards = shards_of(shared.texts)
    jobs = jobs or default_jobs()
    if engine == "ray":
        from newslint.ray_engine import ray_map

        parts = list(ray_map(sign, shards, shared, num_cpus=jobs))
    else:
        count = sum(shard.size for shard in shards)
        parts = list(local_map(sign, shards, shared, jobs if count >= POOL_MIN_DOCUMENTS else 1))
    # A corpus's parsed lines, folded in order: its errors, or the one error that replaces them
    # (no record has the text field) and drops its articles.
    documents = sum(1 for text in shared.texts if isinstance(text, Text))
    errors: list[tuple[int, str]] = []
    kept: list[Signed] = []
    n = 0
    while n < len(parts):
        if shards[n].lines is None:
            kept.append(parts[n])
            n += 1
            continue
        first = n
        total = corpus.Parsed()
        while n < len(parts) and shards[n].lines is not None and shards[n].start == shards[first].start:
            total.add(parts[n].parsed or corpus.Parsed())
            n += 1
        place = shards[first].start
        item = shared.texts[place]
        assert isinstance(item, Unparsed)
        whole = total.whole_file_error(item.path, item.text_field, item.id_field)
        if whole is not None:
            errors.append((place, whole))
            continue
        errors.extend((place, message) for message in total.errors)
        documents += total.kept
        kept.extend(parts[first:n])
    articles = [article for part in kept for article in part.articles]
    return StageOne(
        articles, concatenate([part.signatures for part in kept], shared.params), documents, tuple(errors)
    )


S = TypeVar("S")
Item = TypeVar("Item")
R = TypeVar("R")

# What the forked workers of `local_map` read: inherited with the fork, never pickled.
_WORKER_FUNCTION: Callable[[object, object], object] | None = None
_WORKER_SHARED: object = None


def local_map(function: Callable[[Item, S], R], items: Sequence[Item], shared: S, jobs: int) -> Iterator[R]:
    """`function(item, shared)` for every item, in order: here, or in `jobs` forked processes."""
    if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield function(item, shared)
        return
    context = multiprocessing.get_context("fork")
    start: Any = _init  # the pool's signature knows no arguments for its initializer
    with ProcessPoolExecutor(
        min(jobs, len(items)), mp_context=context, initializer=start, initargs=(function, shared)
    ) as pool:
        results: Iterator[Any] = pool.map(_call, items)
        yield from results


def _init(function: Callable[[object, object], object], shared: object) -> None:
    global _WORKER_FUNCTION, _WORKER_SHARED
    _WORKER_FUNCTION, _WORKER_SHARED = function, shared


def _call(item: object) -> object:
    assert _WORKER_FUNCTION is not None
    return _WORKER_FUNCTION(item, _WORKER_SHARED)

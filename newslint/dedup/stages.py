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
from dataclasses import dataclass
from typing import Any, TypeVar

from newslint.dedup.articles import Article, Text, articles_of
from newslint.dedup.clusters import Cluster, find_clusters
from newslint.dedup.minhash import Signatures, concatenate, signatures
from newslint.dedup.params import Params
from newslint.packs import PackSet
from newslint.runner import default_jobs

# Documents per shard: enough work to outweigh sending it to a process, small enough to keep
# every core busy to the end.
SHARD_DOCUMENTS = 64
# Below this many documents a pool does not pay for its start.
POOL_MIN_DOCUMENTS = 128

Shard = tuple[int, int]  # documents start..stop (exclusive) of the run's list


@dataclass(frozen=True)
class Shared:
    """What every shard's work reads: the documents, each one's packs, and the parameters."""

    texts: Sequence[Text]
    packs: Sequence[PackSet]  # by document; usually one object for all
    params: Params


@dataclass(frozen=True)
class Signed:
    """The articles of some documents, in order, and their signatures (row i is article i's)."""

    articles: list[Article]
    signatures: Signatures


@dataclass(frozen=True)
class Result:
    articles: list[Article]  # every article of the documents, in order
    signatures: Signatures  # row i: article i's
    clusters: list[Cluster]  # members are indices into `articles`
    params: Params


def sign(shard: Shard, shared: Shared) -> Signed:
    """Stage one, for the documents of one shard."""
    articles: list[Article] = []
    compared: list[str] = []
    for i in range(*shard):
        for article, text in articles_of(shared.texts[i].document(), shared.packs[i]):
            articles.append(article)
            compared.append(text)
    return Signed(articles, signatures(compared, shared.params))


def dedup(shared: Shared, jobs: int = 1, engine: str = "local") -> Result:
    """Every cluster of duplicate articles among the documents."""
    articles, signed = signed_articles(shared, jobs, engine)
    return Result(articles, signed, find_clusters(signed, shared.params), shared.params)


def signed_articles(shared: Shared, jobs: int = 1, engine: str = "local") -> tuple[list[Article], Signatures]:
    """Stage one over all the documents: every article, in order, and its signature."""
    count = len(shared.texts)
    jobs = jobs or default_jobs()
    shards = [(start, min(start + SHARD_DOCUMENTS, count)) for start in range(0, count, SHARD_DOCUMENTS)]
    if engine == "ray":
        from newslint.ray_engine import ray_map

        parts = list(ray_map(sign, shards, shared, num_cpus=jobs))
    else:
        parts = list(local_map(sign, shards, shared, jobs if count >= POOL_MIN_DOCUMENTS else 1))
    articles = [article for part in parts for article in part.articles]
    return articles, concatenate([part.signatures for part in parts], shared.params)


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

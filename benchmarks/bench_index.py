"""Adding a batch to an index costs time in proportion to the batch, not to the index.

The same batch of real articles (the first documents of the benchmark corpus, signed once) is added
to copies of two indexes, one `--factor` times the size of the other, in interleaved rounds; each
round starts from a fresh copy of the index file, so every add is the first into that index. The
indexes are filled with synthetic articles (random signatures and shingle sets of the batch's own
sizes, under distinct paths): what an add costs depends on the rows and keys already in the
B-trees, not on what text they came from, and random keys are the worst case for locality.
Also timed: looking the batch up in each index (what `check --index` does per article).

    python benchmarks/bench_index.py --corpus /tmp/nlbench/corpus-70247910a7ec/corpus.jsonl
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from newslint import corpus
from newslint.dedup.articles import Article, Member, Text, articles_of
from newslint.dedup.index import Index
from newslint.dedup.minhash import Signatures, signatures
from newslint.dedup.params import Params
from newslint.packs import pack_set


def batch_of(path: str, documents: int, params: Params) -> tuple[list[Article], Signatures]:
    data = corpus.read_corpus(path)
    packs = pack_set()
    found = [
        pair
        for record in data.records[:documents]
        for pair in articles_of(Text(path, record.id, record.text).document(), packs)
    ]
    return [article for article, _ in found], signatures([text for _, text in found], params)


def synthetic(template: Signatures, copies: int, rng: np.random.Generator) -> Signatures:
    """`copies` rows of random signatures and shingle sets, sized like the template's rows."""
    sizes = np.diff(template.offsets)
    sizes = sizes[sizes > 0]
    chosen = rng.choice(sizes, size=copies)
    shingles = [np.unique(rng.integers(0, 1 << 32, size=int(n), dtype=np.uint32)) for n in chosen]
    return Signatures(
        np.asarray(chosen, np.int64),
        tuple(rng.bytes(16) for _ in range(copies)),
        rng.integers(0, 1 << 32, size=(copies, template.signatures.shape[1]), dtype=np.uint32),
        np.concatenate(shingles),
        np.concatenate([[0], np.cumsum([len(s) for s in shingles])]).astype(np.int64),
    )


def build(path: Path, articles: int, template: Signatures, params: Params, seed: int) -> None:
    rng = np.random.default_rng(seed)
    index = Index.open(str(path), params, create=True)
    step = 5_000
    for start in range(0, articles, step):
        count = min(step, articles - start)
        fake = [Article(Member(f"filler/{start + n}.txt", None, 1, 1), 1, 1, 1) for n in range(count)]
        index.add(fake, synthetic(template, count, rng))
    index.close()


def timed_add(source: Path, work: Path, articles: list[Article], signed: Signatures, params: Params) -> float:
    copy = work / "round.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, copy)
    index = Index.open(str(copy), params)
    start = time.perf_counter()
    index.add(articles, signed)
    elapsed = time.perf_counter() - start
    index.close()
    return elapsed


def timed_lookup(source: Path, articles: list[Article], signed: Signatures) -> float:
    index = Index.open_readonly(str(source))
    start = time.perf_counter()
    found = sum(match is not None for match in index.matches([a.member for a in articles], signed))
    elapsed = time.perf_counter() - start
    index.close()
    del found
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", required=True, help="a JSONL corpus (the benchmark corpus)")
    parser.add_argument("--batch", type=int, default=200, help="documents in the batch added")
    parser.add_argument("--small", type=int, default=25_000, help="articles in the smaller index")
    parser.add_argument("--factor", type=int, default=4, help="how many times bigger the larger index is")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    params = Params()
    articles, signed = batch_of(args.corpus, args.batch, params)
    compared = int((np.diff(signed.offsets) > 0).sum())
    work = Path(tempfile.mkdtemp(prefix="nl-index-"))
    try:
        sizes = {"small": args.small, "large": args.small * args.factor}
        indexes = {}
        for name, size in sizes.items():
            indexes[name] = work / f"{name}.db"
            start = time.perf_counter()
            build(indexes[name], size, signed, params, seed=len(name))
            megabytes = indexes[name].stat().st_size / 1e6
            took = time.perf_counter() - start
            print(f"built the {name} index: {size:,} articles, {megabytes:.0f} MB, {took:.1f} s")
        adds: dict[str, list[float]] = {name: [] for name in sizes}
        lookups: dict[str, list[float]] = {name: [] for name in sizes}
        for round_ in range(args.repeat):
            order = list(sizes) if round_ % 2 == 0 else list(reversed(sizes))
            for name in order:
                adds[name].append(timed_add(indexes[name], work, articles, signed, params))
                lookups[name].append(timed_lookup(indexes[name], articles, signed))
        print(
            f"\nbatch: {len(articles)} articles ({compared} long enough to compare) of {args.batch} documents"
        )
        print(f"{'index':<8}{'articles':>12}{'add (median)':>15}{'per article':>14}{'look-up':>12}")
        for name, size in sizes.items():
            add = statistics.median(adds[name])
            lookup = statistics.median(lookups[name])
            print(f"{name:<8}{size:>12,}{add:>13.3f} s{add / compared * 1e3:>11.3f} ms{lookup:>10.3f} s")
        ratio = statistics.median(adds["large"]) / statistics.median(adds["small"])
        look = statistics.median(lookups["large"]) / statistics.median(lookups["small"])
        print(f"\nadd into the {args.factor}x index / into the 1x index: {ratio:.2f}x")
        print(f"(in proportion to the index's size it would be {args.factor}x; to the batch's, 1x)")
        print(f"look-up in a {args.factor}x index / in the 1x index: {look:.2f}x")
        print(f"load average (1 min): {os.getloadavg()[0]:.2f}")
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path(__file__).parent
        )
        print(f"measured: commit {commit.stdout.strip()}, python {sys.version.split()[0]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

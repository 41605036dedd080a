#!/usr/bin/env python3
"""Time `newslint dedup` against datasketch's MinHash + MinHashLSH on the same corpus, and how both grow.

The corpus is bench_check.py's (about 2,000 files, at least 30 MB) as one JSONL file, the same one
bench_jobs.py and bench_datatrove.py read. datasketch runs in a virtualenv of its own, outside the
repository (it is no dependency of newslint's, not even for tests):

    python3 -m venv /tmp/dsvenv
    /tmp/dsvenv/bin/pip install datasketch pyfarmhash  # pyfarmhash: optional, see below

and this script runs that venv's Python (--datasketch-python) on a small program that reads the JSONL
file, normalises and shingles every text the way newslint does (lower case, punctuation to spaces,
5-word shingles, as bytes), computes the signatures with `MinHash.bulk(..., num_perm=128)` (its
fastest documented path) and puts them through `MinHashLSH(threshold=T, num_perm=128)`: insert all,
query all, collect the candidate pairs. The parameters are newslint's defaults, read from its JSON
output. datasketch runs three ways: once per JSONL record with its default hash (SHA-1), as a user
would; the same with pyfarmhash's hash32, which datasketch's documentation suggests for speed (when
the venv has it); and once per article, split where the corpus builder glued articles together, so
that its pairs can be compared with newslint's clusters. datasketch verifies nothing and splits
nothing; newslint does both.

newslint runs as users run it: `newslint dedup CORPUS.jsonl --output-format json`, with the default
--jobs, with -j 1, and with -j N (every core). Every run is a fresh process, timed as a whole
(start-up, reading and output included), with its peak memory; the commands are interleaved and
repeated; the figures are medians and ratios. The gate: newslint with the default --jobs at least
--min-ratio (3) times as fast as the fastest datasketch run. See benchmarks/README.md.

Growth: the same commands on 2, 3, 4 times the corpus, and on a baseline of 1,000 records too short
to compare (the fixed costs). The extra copies are distinct documents: in the k-th copy every
sentence of five words or more (and every title of eight words or more) is replaced, throughout the
copy, by another of the same language and about the same length (a fixed shuffle per copy and
language), so each copy has the corpus's sizes, languages, layout and duplicates, but is no near
copy of any other.

    python benchmarks/bench_dedup.py --datasketch-python /tmp/dsvenv/bin/python --work /tmp/nlbench
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import shlex
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench_check import (
    ARTICLE_SEPARATOR,
    MB,
    add_corpus_arguments,
    check_corpus_arguments,
    corpus_jsonl,
    describe,
    find_newslint,
    fmt,
    load_average,
    max_rss_mb,
    prepare_corpus,
    work_folder,
)

# What datasketch is given when newslint's own parameters cannot be read from its output (they
# are read from it: newslint's defaults, whatever they are, are given to datasketch).
FALLBACK_PARAMS = {"ngram": 5, "num_perm": 128, "threshold": 0.7, "min_words": 20}
# newslint's name for its parameters: 5w_5c_128p_42x3_t0.6_m20_s1
PARAMS_NAME = re.compile(r"(\d+)w_\d+c_(\d+)p_(\d+)x(\d+)_t([\d.]+)_m(\d+)")

# Runs in the datasketch venv. argv: JSONL file, unit ("records" or "articles"), the article
# separator (as JSON), ngram, num_perm, threshold, min_words, hash ("sha1": datasketch's default,
# or "farmhash": pyfarmhash's hash32, which datasketch's documentation suggests for speed).
# Prints one JSON object: what it did, how long each phase took, and its candidate pairs
# (indices into "texts").
DATASKETCH_CODE = r"""
import json, re, string, sys, time
started = time.perf_counter()
from importlib.metadata import version
from datasketch import MinHash, MinHashLSH
imported = time.perf_counter()

path, unit, separator, hashing = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[8]
options, versions = {}, {}
if hashing == "farmhash":  # datasketch's docs: "Users can use `farmhash` for better performance"
    import farmhash
    options["hashfunc"], versions["pyfarmhash"] = farmhash.hash32, version("pyfarmhash")
ngram, num_perm, min_words = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[7])
threshold = float(sys.argv[6])
# newslint's normalising: lower case; ASCII punctuation and control characters, Latin-1 punctuation
# (U+00A0-U+00BF), general punctuation (U+2000-U+207F) and CJK punctuation (U+3000-U+303F) become
# spaces; words are what is left between spaces.
ASCII = bytes.maketrans(bytes(range(33)) + string.punctuation.encode() + b"\x7f",
                        b" " * (34 + len(string.punctuation)))
WIDE = re.compile(rb"\xc2[\xa0-\xbf]|\xe2[\x80\x81][\x80-\xbf]|\xe3\x80[\x80-\xbf]")

with open(path, encoding="utf-8") as fh:
    records = [json.loads(line) for line in fh if line.strip()]
if unit == "articles":
    texts = [(r["id"], n, part) for r in records for n, part in enumerate(r["text"].split(separator), 1)]
else:
    texts = [(r["id"], 1, r["text"]) for r in records]
read = time.perf_counter()

keys = []  # the texts compared: min_words words or more, as newslint
shingling = [0.0, 0]  # seconds, shingles


def shingle_sets():
    for i, (_, _, text) in enumerate(texts):
        start = time.perf_counter()
        words = WIDE.sub(b" ", text.lower().encode("utf-8").translate(ASCII)).split()
        if len(words) >= min_words:
            shingles = set(map(b" ".join, zip(*(words[k:] for k in range(ngram)))))
            keys.append(i)
            shingling[1] += len(shingles)
            shingling[0] += time.perf_counter() - start
            yield shingles
        else:
            shingling[0] += time.perf_counter() - start


minhashes = MinHash.bulk(shingle_sets(), num_perm=num_perm, **options)  # takes the sets one at a time
signed = time.perf_counter()
lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
for key, minhash in zip(keys, minhashes):
    lsh.insert(key, minhash)
inserted = time.perf_counter()
pairs = set()
for key, minhash in zip(keys, minhashes):
    for other in lsh.query(minhash):
        if other != key:
            pairs.add((key, other) if key < other else (other, key))
queried = time.perf_counter()
report = {
    "unit": unit,
    "texts": len(texts),
    "compared": len(keys),
    "shingles": shingling[1],
    "bands": [lsh.b, lsh.r],
    "seconds": {
        "start-up and imports (in-process part)": imported - started,
        "read and parse the JSONL": read - imported,
        "normalise and shingle": shingling[0],
        "MinHash.bulk": signed - read - shingling[0],
        "MinHashLSH insert": inserted - signed,
        "MinHashLSH query": queried - inserted,
    },
    "hashfunc": hashing,
    "versions": {"datasketch": version("datasketch"), "numpy": version("numpy"),
                 "python": sys.version.split()[0], **versions},
    "labels": [[texts[i][0], texts[i][1]] for i in keys],
    "pairs": sorted(pairs),
}
sys.stdout.write(json.dumps(report) + "\n")
"""

DATASKETCH_VENV_HELP = (
    "the Python of a virtualenv with datasketch (and, optionally, pyfarmhash), outside the repository; "
    "make one with `python3 -m venv /tmp/dsvenv && /tmp/dsvenv/bin/pip install datasketch pyfarmhash`"
)

# Starts each timed command and measures it. A separate small process, because Linux counts in a
# child's peak RSS (ru_maxrss) the memory of the process it was forked from, and this script
# holds the corpora: forked from here, every command would seem to take at least as much.
# argv: report file, sampling interval (s), the command. The command inherits stdin, stdout and
# stderr. Writes the report: wall time from just before the fork to the end of os.wait4, the
# rusage of the command (its CPU time includes the worker processes it waited for; its ru_maxrss
# is the largest single process among them), the largest sum of VmRSS over the command and all
# its descendants seen by a thread sampling /proc, the same for PSS (shared pages divided among
# the processes sharing them) while there is more than one process, and the CPU time the rest of
# the machine used meanwhile.
LAUNCHER_CODE = r"""
import json, os, subprocess, sys, threading, time
report, interval, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]


def busy():
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            ticks = [int(v) for v in fh.readline().split()[1:9]]
        return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None


def field_kb(path, name):
    with open(path, encoding="ascii", errors="replace") as fh:
        return next((int(line.split()[1]) for line in fh if line.startswith(name)), 0)


def tree(pid):  # the summed VmRSS (kB) of a process and its descendants, and their ids
    total, pending, seen = 0, [pid], []
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        try:
            total += field_kb(f"/proc/{current}/status", "VmRSS:")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as fh:
                    pending.extend(int(child) for child in fh.read().split())
        except (OSError, ValueError):  # it has just exited
            continue
        seen.append(current)
    return total, seen


def pss_kb(pids):
    total = 0
    for pid in pids:
        try:
            total += field_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
        except (OSError, ValueError):
            pass
    return total


peak, peak_pss, done = [0], [0], threading.Event()
every = max(1, round(0.1 / interval))  # PSS costs about 1 ms per 300 MB: every 0.1 s, and only for a tree
before = busy()
start = time.perf_counter()
proc = subprocess.Popen(command)


def sample():
    count = 0
    while not done.is_set():
        rss, pids = tree(proc.pid)
        peak[0] = max(peak[0], rss)
        if len(pids) > 1 and count % every == 0:
            peak_pss[0] = max(peak_pss[0], pss_kb(pids))
        count += 1
        done.wait(interval)


sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
done.set()
sampler.join()
after = busy()
cpu = usage.ru_utime + usage.ru_stime
others = None if before is None or after is None else max(0.0, after - before - cpu)
with open(report, "w", encoding="utf-8") as fh:
    json.dump({"status": os.waitstatus_to_exitcode(status), "seconds": seconds, "cpu_seconds": cpu,
               "maxrss": usage.ru_maxrss, "tree_kb": peak[0], "tree_pss_kb": peak_pss[0],
               "others_cpu_seconds": others}, fh)
"""

# Runs in newslint's Python: `newslint dedup JSONL --output-format json -j 1` in this process, with a
# timer around each stage's function (nothing in newslint is changed: the module attributes are
# wrapped in this process only). Prints one JSON object.
STAGES_CODE = r"""
import collections, io, json, sys, time
started = time.perf_counter()
from newslint import cli, corpus
from newslint.dedup import clusters, command, minhash, stages
imported = time.perf_counter()
seconds, calls, missing = collections.defaultdict(float), collections.Counter(), []
active = set()


def wrap(module, name, label, generator=False):
    function = getattr(module, name, None)
    if function is None:
        missing.append(f"{module.__name__}.{name}")
        return

    def timed(*args, **kwargs):
        if label in active:  # a recursive call: timed by the outermost one
            return function(*args, **kwargs)
        active.add(label)
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label] += time.perf_counter() - start
            calls[label] += 1
            active.discard(label)

    def timed_steps(*args, **kwargs):  # a generator's time is the time of its steps
        calls[label] += 1
        start = time.perf_counter()
        steps = iter(function(*args, **kwargs))
        seconds[label] += time.perf_counter() - start
        while True:
            start = time.perf_counter()
            try:
                item = next(steps)
            except StopIteration:
                seconds[label] += time.perf_counter() - start
                return
            seconds[label] += time.perf_counter() - start
            yield item

    setattr(module, name, timed_steps if generator else timed)


for module, name, label, generator in [
    (command, "run", "run", False),
    (command, "gather", "read", False),
    (command if hasattr(command, "dedup") else stages, "dedup", "dedup", False),
    (corpus, "parse_lines", "parse", False),
    (stages, "articles_of", "articles", False),
    (stages, "signatures", "signatures", False),
    (minhash, "_word_hashes", "words", False),
    (minhash, "_shingles", "shingles", False),
    (minhash, "_minhash", "minhash", False),
    (stages, "find_clusters", "clusters", False),
    (clusters, "candidate_pairs", "candidates", True),
    (clusters, "jaccard", "verify", False),
    (command, "keepers", "keepers", False),
    (command, "as_json", "as_json", False),
    (command, "_dumps", "dumps", False),
]:
    wrap(module, name, label, generator)
out = io.StringIO()
real_stdout, sys.stdout = sys.stdout, out
try:
    status = cli.main(["dedup", sys.argv[1], "--output-format", "json", "-j", "1"])
finally:
    sys.stdout = real_stdout
finished = time.perf_counter()
print(json.dumps({"imports": imported - started, "total": finished - started, "status": status,
                  "output_chars": len(out.getvalue()), "seconds": seconds, "calls": calls,
                  "missing": missing}))
"""

# How the stages above are shown: (label, what it covers, indent).
STAGE_ROWS = [
    ("read", "discover and read the inputs (a JSONL file split into lines), resolve their rule packs", 0),
    ("dedup", "dedup(): parse, articles, signatures, clusters", 0),
    ("parse", "JSONL lines parsed, by the shards that sign them", 1),
    ("articles", "structure analysis of every document, article split, lines left out", 1),
    ("signatures", "signatures of every article (in shards of 64 documents)", 1),
    ("words", "lower case, punctuation to spaces, word hashes", 2),
    ("shingles", "5-word shingle hashes", 2),
    ("minhash", "one-permutation MinHash, densification, distinct shingles", 2),
    ("clusters", "exact copies by digest, LSH candidates, verification, union-find", 1),
    ("candidates", "LSH band keys and candidate pairs", 2),
    ("verify", "exact Jaccard of candidate pairs", 2),
    ("keepers", "output: the article kept from each cluster", 0),
    ("as_json", "output: the clusters as JSON objects", 0),
    ("dumps", "output: the JSON text", 0),
]

# Growth corpora: lines of fewer words (titles, datelines, widgets) and sentences of fewer words
# ("(AP Photo)") stay as they are in every copy; the rest is replaced sentence by sentence.
LONG_LINE_WORDS = 8
SHORT_SENTENCE_WORDS = 5
SHUFFLE_BLOCK = 64  # sentences of about the same length swap within blocks of this many
GROWTH_FORMAT = 6  # bump when the way copies are made changes, so old caches are not reused
SENTENCE_END = re.compile(r"(?<=[.!?…])(\s+)")
PUNCTUATION = str.maketrans(dict.fromkeys([*string.punctuation, *map(chr, range(0x2000, 0x2070))], " "))
PROSE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s*$")
LANGUAGE = re.compile(r"(?:^|[/-])([a-z]{2})(?:[.-]|$)")
BASELINE_TEXT = "A record far too short to compare."
# Enough records for newslint to start its pool of workers (so the baseline holds every fixed
# cost of a run with the default --jobs), each too short to be compared.
BASELINE_RECORDS = 1000


# ---------------------------------------------------------------------------------------------
# Running and measuring one child


@dataclass
class Trial:
    seconds: float
    cpu_seconds: float  # user + system of the child and of the children it waited for
    # The kernel's peak RSS for the child (os.wait4): the largest single process of its tree,
    # the child or one of the worker processes it waited for. Not a sum.
    peak_rss_mb: float
    # The largest sum of the RSS of the child and all its descendants, sampled every
    # --sample-ms: what the whole process tree held at once, counting the pages that forked
    # workers share with their parent once per process (an upper bound).
    tree_rss_mb: float
    # The same sum in PSS (a shared page counts 1/n in each of the n processes that share it),
    # sampled every 0.1 s while the tree has more than one process; 0 for one process.
    tree_pss_mb: float
    others_cpu_seconds: float | None  # CPU time the rest of the machine used meanwhile
    output_sha: str

    @property
    def memory_mb(self) -> float:
        """Peak memory: the kernel's figure for one process; for a pool, the tree's PSS if larger."""
        return max(self.peak_rss_mb, self.tree_pss_mb)


@dataclass
class Command:
    name: str
    command: list[str]
    ok: tuple[int, ...] = (0,)
    trials: list[Trial] = field(default_factory=list)
    output: bytes = b""  # the first run's standard output
    reruns: int = 0  # runs done again because the machine was busy

    @property
    def times(self) -> list[float]:
        return [t.seconds for t in self.trials]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(t.cpu_seconds for t in self.trials)

    @property
    def peak_rss_mb(self) -> float:
        return max(t.peak_rss_mb for t in self.trials)

    @property
    def tree_rss_mb(self) -> float:
        return max(t.tree_rss_mb for t in self.trials)

    @property
    def tree_pss_mb(self) -> float:
        return max(t.tree_pss_mb for t in self.trials)

    @property
    def memory_mb(self) -> float:
        return max(t.memory_mb for t in self.trials)

    @property
    def others_median(self) -> float | None:
        others = [t.others_cpu_seconds for t in self.trials if t.others_cpu_seconds is not None]
        return statistics.median(others) if others else None


def run_child(command: Command, cwd: Path, sample: float) -> tuple[Trial, bytes]:
    """Run one command as a fresh process, through LAUNCHER_CODE: its wall time, CPU time, memory
    and standard output."""
    with (
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp, "report.json")
        launcher = [sys.executable, "-c", LAUNCHER_CODE, str(report), str(sample), *command.command]
        done = subprocess.run(launcher, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        err.seek(0)
        message = err.read().decode("utf-8", "replace").strip()
        if done.returncode != 0 or not report.is_file():
            raise SystemExit(f"cannot run {' '.join(command.command)}:\n{message}")
        figures = json.loads(report.read_text(encoding="utf-8"))
        if figures["status"] not in command.ok:
            raise SystemExit(f"{' '.join(command.command)} exited {figures['status']}:\n{message}")
        out.seek(0)
        output = out.read()
    trial = Trial(
        figures["seconds"],
        figures["cpu_seconds"],
        max_rss_mb(figures["maxrss"]),
        figures["tree_kb"] * 1024 / MB,
        figures["tree_pss_kb"] * 1024 / MB,
        figures["others_cpu_seconds"],
        hashlib.sha256(output).hexdigest()[:12],
    )
    return trial, output


# ---------------------------------------------------------------------------------------------
# The corpora: 1x is the benchmark corpus; 2x..4x add distinct copies of it


@dataclass
class Scale:
    """One corpus size: a JSONL file and what is in it."""

    factor: int  # 0 for the baseline (one record too short to compare)
    path: Path
    documents: int
    bytes: int  # of text, UTF-8

    @property
    def mb(self) -> float:
        return self.bytes / MB

    @property
    def label(self) -> str:
        return "baseline" if self.factor == 0 else f"{self.factor}x"


def language_of(record_id: str) -> str:
    """The language bench_check.py names each file with: clean/0001-en.txt, damaged/en-0001.txt."""
    found = LANGUAGE.search(record_id.rsplit("/", 1)[-1])
    return found.group(1) if found else "?"


def pieces(text: str) -> list[tuple[str, list[str]]]:
    """What each line of a text is made of, for its copies: ("keep", [line]) for a short line (a
    short title, a dateline, a widget); ("title", [line]) for the first line of the text or of an
    article glued on after blank lines; ("heading", [line]) for another line that ends in no full
    stop, question or exclamation mark; otherwise ("sentence", its sentences and the spaces
    between)."""
    found: list[tuple[str, list[str]]] = []
    blank = 3
    for line in text.split("\n"):
        if not line.strip():
            blank += 1
            found.append(("keep", [line]))
            continue
        first, blank = blank >= 3, 0
        parts = SENTENCE_END.split(line)
        if len(line.split()) < LONG_LINE_WORDS:
            found.append(("keep", [line]))
        elif first:
            found.append(("title", [line]))
        elif len(parts) == 1 and not PROSE_END.search(line):
            found.append(("heading", parts))
        else:
            found.append(("sentence", parts))
    return found


def words_of(piece: str) -> str:
    """A piece's words as newslint compares them: lower case, punctuation as spaces."""
    return " ".join(piece.lower().translate(PUNCTUATION).split())


def sentence_maps(
    records: Sequence[dict[str, str]], factor: int, seed: int
) -> dict[tuple[str, str], dict[str, str]]:
    """For the copy `factor`, per language and kind of piece (see `pieces`): each piece -> the
    piece that replaces it throughout the copy.

    The distinct sentences (or titles, or headings) of a language, as newslint's words, are sorted
    by length and shuffled within blocks of SHUFFLE_BLOCK neighbours, so each becomes one of about
    its length. That is a bijection, the same throughout the copy: pieces with the same words get
    the same replacement, so exact copies stay exact copies, and the copy's size stays about the
    corpus's. Sentences of fewer than SHORT_SENTENCE_WORDS words ("(AP Photo)") stay as they are.
    """
    pools: dict[tuple[str, str], dict[str, str]] = {}  # words -> the first piece (sorted) with them
    titles = {  # a title printed again lower down (a re-rendered headline) is still a title
        (language_of(record["id"]), words_of(parts[0]))
        for record in records
        for kind, parts in pieces(record["text"])
        if kind == "title"
    }
    for record in records:
        lang = language_of(record["id"])
        for kind, parts in pieces(record["text"]):
            if kind == "keep" or (kind == "heading" and (lang, words_of(parts[0])) in titles):
                continue
            pool = pools.setdefault((lang, kind), {})
            for part in parts:
                if len(part.split()) >= SHORT_SENTENCE_WORDS:
                    key = words_of(part)
                    pool[key] = min(pool.get(key, part), part)
    maps: dict[tuple[str, str], dict[str, str]] = {}
    for (lang, kind), pool in sorted(pools.items()):
        ordered = sorted(pool, key=lambda key: (len(key), key))
        rng = random.Random(f"{seed}-{factor}-{lang}-{kind}")
        replaced: list[str] = []
        for start in range(0, len(ordered), SHUFFLE_BLOCK):
            block = ordered[start : start + SHUFFLE_BLOCK]
            rng.shuffle(block)
            replaced += block
        maps[(lang, kind)] = {key: pool[image] for key, image in zip(ordered, replaced)}
    return maps


def copy_text(text: str, lang: str, maps: dict[tuple[str, str], dict[str, str]]) -> str:
    lines = []
    for kind, parts in pieces(text):
        if kind == "heading" and words_of(parts[0]) in maps.get((lang, "title"), {}):
            kind = "title"
        mapping = maps.get((lang, kind))
        if mapping is None:
            lines.append("".join(parts))
        else:
            lines.append("".join(mapping.get(words_of(part), part) for part in parts))
    return "\n".join(lines)


def build_scales(jsonl: Path, factors: Sequence[int], work: Path, seed: int) -> list[Scale]:
    """The baseline and every corpus size, built once and cached in the work folder."""
    data = jsonl.read_bytes()
    key = hashlib.sha256(data + f"{GROWTH_FORMAT}-{seed}".encode()).hexdigest()[:12]
    home = work / f"dedup-growth-{key}"
    home.mkdir(exist_ok=True)
    records = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    one = sum(len(record["text"].encode("utf-8")) for record in records)
    baseline = home / "baseline.jsonl"
    if not baseline.is_file():
        baseline.write_text(
            "".join(
                json.dumps({"id": f"baseline-{n}", "text": BASELINE_TEXT}) + "\n"
                for n in range(BASELINE_RECORDS)
            ),
            encoding="utf-8",
        )
    scales = [Scale(0, baseline, BASELINE_RECORDS, BASELINE_RECORDS * len(BASELINE_TEXT.encode("utf-8")))]
    copies: dict[int, tuple[list[str], int]] = {}  # copy k: its JSONL lines and its bytes of text
    for factor in sorted(set(factors)):
        if factor == 1:
            scales.append(Scale(1, jsonl, len(records), one))
            continue
        path = home / f"corpus-{factor}x.jsonl"
        sizes = home / f"corpus-{factor}x.json"
        if not (path.is_file() and sizes.is_file()):
            started = time.perf_counter()
            lines = [line for line in data.decode("utf-8").splitlines() if line.strip()]
            total = one
            for k in range(2, factor + 1):
                if k not in copies:
                    maps = sentence_maps(records, k, seed)
                    made = [
                        {"id": f"copy{k}/{r['id']}", "text": copy_text(r["text"], language_of(r["id"]), maps)}
                        for r in records
                    ]
                    copies[k] = (
                        [json.dumps(r, ensure_ascii=False) for r in made],
                        sum(len(r["text"].encode("utf-8")) for r in made),
                    )
                lines += copies[k][0]
                total += copies[k][1]
            partial = path.with_suffix(".partial")
            partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
            partial.replace(path)
            sizes.write_text(json.dumps({"documents": len(lines), "bytes": total}) + "\n", encoding="utf-8")
            print(f"built {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        saved = json.loads(sizes.read_text(encoding="utf-8"))
        scales.append(Scale(factor, path, saved["documents"], saved["bytes"]))
    return scales


# ---------------------------------------------------------------------------------------------
# What each tool found


def newslint_found(output: bytes) -> dict[str, object]:
    found = json.loads(output)
    clusters = found["clusters"]
    sizes = [len(cluster["members"]) for cluster in clusters]
    copies = Counter(
        frozenset(str(member.get("record") or "").split("/", 1)[0] for member in cluster["members"])
        for cluster in clusters
    )
    return {
        "articles": found["articles"],
        "params": found.get("params"),
        "clusters": len(clusters),
        "exact_clusters": sum(1 for cluster in clusters if cluster["jaccard"] >= 1.0),
        "articles_in_clusters": sum(sizes),
        "co_clustered_pairs": sum(n * (n - 1) // 2 for n in sizes),
        # clusters whose members come from different copies of the corpus (growth corpora)
        "across_copies": sum(
            count
            for prefixes, count in copies.items()
            if len({p if p.startswith("copy") else "1" for p in prefixes}) > 1
        ),
    }


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def components(count: int, pairs: Iterable[Sequence[int]]) -> list[list[int]]:
    groups = UnionFind(count)
    for a, b in pairs:
        groups.union(a, b)
    members: dict[int, list[int]] = {}
    for i in range(count):
        members.setdefault(groups.find(i), []).append(i)
    return [group for group in members.values() if len(group) > 1]


def datasketch_found(report: dict[str, object]) -> dict[str, object]:
    labels = report["labels"]
    pairs = report["pairs"]
    assert isinstance(labels, list) and isinstance(pairs, list)
    groups = components(len(labels), pairs)
    sizes = [len(group) for group in groups]
    return {
        "texts": report["texts"],
        "compared": report["compared"],
        "shingles": report["shingles"],
        "bands": report["bands"],
        "candidate_pairs": len(pairs),
        "clusters": len(groups),
        "articles_in_clusters": sum(sizes),
        "co_clustered_pairs": sum(n * (n - 1) // 2 for n in sizes),
    }


def agreement(newslint_output: bytes, report: dict[str, object]) -> dict[str, float | int]:
    """How far datasketch's per-article clusters (components of its candidate pairs) and newslint's
    clusters put the same articles together, as pairs of articles co-clustered by both.

    Articles are matched by (record, number in the record): newslint's numbers come from its own
    article split, datasketch's from the corpus's separator, so they agree where the splits do.
    """
    raw_labels, pairs = report["labels"], report["pairs"]
    assert isinstance(raw_labels, list) and isinstance(pairs, list)
    labels = [tuple(label) for label in raw_labels]
    where = {label: i for i, label in enumerate(labels)}
    ds_cluster: dict[int, int] = {}
    for n, group in enumerate(components(len(labels), pairs)):
        for i in group:
            ds_cluster[i] = n
    both: Counter[tuple[int, int]] = Counter()
    nl_pairs = 0
    for n, cluster in enumerate(json.loads(newslint_output)["clusters"]):
        members = [where.get((m["record"], m["article"])) for m in cluster["members"]]
        nl_pairs += len(members) * (len(members) - 1) // 2
        for member in members:
            if member is not None and member in ds_cluster:
                both[(n, ds_cluster[member])] += 1
    shared = sum(k * (k - 1) // 2 for k in both.values())
    ds_pairs = sum(k * (k - 1) // 2 for k in Counter(ds_cluster.values()).values())
    return {
        "newslint_pairs": nl_pairs,
        "datasketch_pairs": ds_pairs,
        "shared_pairs": shared,
        "share_of_newslint": shared / nl_pairs if nl_pairs else 1.0,
        "share_of_datasketch": shared / ds_pairs if ds_pairs else 1.0,
    }


# ---------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Plan:
    """Every command, per corpus size."""

    scales: list[Scale]
    commands: dict[int, list[Command]]  # factor -> commands run at that size

    def get(self, factor: int, name: str) -> Command | None:
        return next((c for c in self.commands.get(factor, []) if c.name == name), None)


def newslint_python(newslint: list[str]) -> list[str]:
    """The interpreter (with its environment prefix) the newslint command runs in."""
    for i in range(len(newslint) - 1):
        if newslint[i] == "-m" and newslint[i + 1] == "newslint":
            return newslint[:i]
    try:
        with open(newslint[-1], encoding="utf-8", errors="replace") as fh:
            first = fh.readline()
    except OSError:
        return [sys.executable]
    return [*newslint[:-1], *shlex.split(first[2:])] if first.startswith("#!") else [sys.executable]


NO_FARMHASH = (
    "the datasketch venv has no pyfarmhash, so datasketch runs with its default hash (SHA-1) only; "
    "its documentation suggests farmhash for speed: pip install pyfarmhash"
)


def has_farmhash(python: Path) -> bool:
    """Whether the datasketch venv can run datasketch with farmhash (pyfarmhash)."""
    done = subprocess.run([str(python), "-c", "import farmhash"], capture_output=True, timeout=60)
    return done.returncode == 0


def newslint_params(newslint: list[str], baseline: Path, work: Path) -> dict[str, float]:
    """newslint's default parameters, read from its JSON output on the baseline file."""
    try:
        done = subprocess.run(
            [*newslint, "dedup", str(baseline), "--output-format", "json"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
        )
        name = json.loads(done.stdout)["params"]
        found = PARAMS_NAME.search(name)
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
        found = None
    if found is None:
        print(
            f"warning: cannot read newslint's parameters; datasketch gets {FALLBACK_PARAMS}", file=sys.stderr
        )
        return dict(FALLBACK_PARAMS)
    ngram, num_perm, bands, rows, threshold, min_words = found.groups()
    return {
        "ngram": int(ngram),
        "num_perm": int(num_perm),
        "threshold": float(threshold),
        "min_words": int(min_words),
        "bands": int(bands),
        "rows": int(rows),
    }


def make_plan(
    scales: list[Scale],
    newslint: list[str],
    datasketch: Path,
    jobs: int,
    given: dict[str, float],
    farmhash: bool,
) -> tuple[Plan, dict[str, str]]:
    names = {
        "nl": "newslint (default --jobs)",
        "nl1": "newslint -j 1",
        "nlN": f"newslint -j {jobs}",
        "dsr": "datasketch, per record",
        "dsf": "datasketch, per record, farmhash",
        "dsa": "datasketch, per article",
    }
    separator = json.dumps(ARTICLE_SEPARATOR)
    params = [str(given[key]) for key in ("ngram", "num_perm", "threshold", "min_words")]
    commands: dict[int, list[Command]] = {}
    for scale in scales:
        dedup = [*newslint, "dedup", str(scale.path), "--output-format", "json"]
        ds = [str(datasketch), "-c", DATASKETCH_CODE, str(scale.path)]
        # newslint exits 1 when it finds clusters; --exit-zero would not change its work.
        run = [
            Command(names["nl"], dedup, ok=(0, 1)),
            Command(names["nl1"], [*dedup, "-j", "1"], ok=(0, 1)),
            Command(names["dsr"], [*ds, "records", separator, *params, "sha1"]),
        ]
        if scale.factor == 1:
            if jobs > 1:
                run.append(Command(names["nlN"], [*dedup, "-j", str(jobs)], ok=(0, 1)))
            if farmhash:
                run.append(Command(names["dsf"], [*ds, "records", separator, *params, "farmhash"]))
            run.append(Command(names["dsa"], [*ds, "articles", separator, *params, "sha1"]))
        commands[scale.factor] = run
    return Plan(scales, commands), names


def busy(trial: Trial) -> float:
    """How many cores other processes kept busy, on average, during a run."""
    return (trial.others_cpu_seconds or 0.0) / trial.seconds


def measure(
    plan: Plan, repeat: int, growth_repeat: int, work: Path, sample: float, max_busy: float, retries: int
) -> list[str]:
    """`repeat` rounds; in each, every size in turn (the sizes other than 1x in the first
    `growth_repeat` rounds only) and every command of it, the order rotating from round to round.
    A run during which other processes kept more than `max_busy` cores busy is run again, up to
    `retries` times (the last try is kept). Returns warnings (outputs that differ between runs)."""
    warnings: list[str] = []
    for scale in plan.scales:  # the page cache
        scale.path.read_bytes()
    for command in plan.commands[1]:  # untimed: fails fast, warms the caches
        _, command.output = run_child(command, work, sample)
    for n in range(repeat):
        for scale in plan.scales:
            if n >= growth_repeat and scale.factor != 1:
                continue
            commands = plan.commands[scale.factor]
            shift = n % len(commands)
            for command in commands[shift:] + commands[:shift]:
                trial, output = run_child(command, work, sample)
                for _ in range(retries):
                    if busy(trial) <= max_busy:
                        break
                    print(f"  (others kept {busy(trial):.2f} cores busy: once more)", file=sys.stderr)
                    command.reruns += 1
                    trial, output = run_child(command, work, sample)
                command.trials.append(trial)
                if not command.output:
                    command.output = output
                elif command.name.startswith("newslint") and output != command.output:
                    warnings.append(
                        f"{scale.label} {command.name}: round {n + 1}'s output differs from the first"
                    )
                print(
                    f"  round {n + 1}/{repeat} {scale.label:>8} {command.name:<27} {trial.seconds:8.3f} s "
                    f"{trial.memory_mb:7.0f} MB",
                    file=sys.stderr,
                )
    for scale in plan.scales:
        outputs = {c.name: c.output for c in plan.commands[scale.factor] if c.name.startswith("newslint")}
        if len(set(outputs.values())) > 1:
            warnings.append(f"{scale.label}: newslint's JSON output differs between {', '.join(outputs)}")
    return warnings


def stage_breakdown(python: list[str], jsonl: Path, work: Path, runs: int) -> dict[str, object] | None:
    """newslint's stages in one process, timed from inside, the median of `runs` runs; None if
    this newslint lacks them."""
    found = []
    for _ in range(runs):
        try:
            done = subprocess.run(
                [*python, "-c", STAGES_CODE, str(jsonl)],
                cwd=work,
                capture_output=True,
                text=True,
                timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            print(f"note: no stage breakdown: {exc}", file=sys.stderr)
            return None
        if done.returncode != 0 or not done.stdout.strip():
            print(f"note: no stage breakdown: {done.stderr.strip()[-500:]}", file=sys.stderr)
            return None
        found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    result: dict[str, object] = dict(found[0])
    result["runs"] = runs
    result["imports"] = statistics.median(run["imports"] for run in found)
    result["total"] = statistics.median(run["total"] for run in found)
    result["seconds"] = {
        label: statistics.median(run["seconds"].get(label, 0.0) for run in found)
        for label in found[0]["seconds"]
    }
    starts = []
    for _ in range(5):
        began = time.perf_counter()
        subprocess.run([*python, "-c", "pass"], cwd=work, check=True)
        starts.append(time.perf_counter() - began)
    result["interpreter_start"] = statistics.median(starts)
    return result


# ---------------------------------------------------------------------------------------------
# Reporting


def spread(times: Sequence[float]) -> str:
    return f"{statistics.median(times):.3f} ({min(times):.3f}-{max(times):.3f})"


def main_table(plan: Plan, scale: Scale) -> str:
    rows = [
        "| command | texts | median s (min-max) | MB/s | CPU s (median) | peak MB: RSS of the largest "
        "process | RSS summed over the tree | PSS summed over the tree | others' CPU s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for command in plan.commands[scale.factor]:
        texts = ""
        if command.name.startswith("datasketch"):
            texts = f"{json.loads(command.output)['texts']:,}"
        elif command.output:
            texts = f"{json.loads(command.output)['articles']:,} articles"
        rows.append(
            f"| {command.name} | {texts} | {spread(command.times)} | {scale.mb / command.median:.2f} "
            f"| {command.cpu_median:.2f} | {command.peak_rss_mb:.0f} | {command.tree_rss_mb:.0f} "
            f"| {f'{command.tree_pss_mb:.0f}' if command.tree_pss_mb else 'one process'} "
            f"| {fmt(command.others_median, '.2f')} |"
        )
    return "\n".join(rows)


def lint_name(command: Command) -> str:
    return command.name.replace("newslint ", "")


def ratios(reference: Command, lint: Command) -> tuple[float, list[float]]:
    """datasketch's time over newslint's: of the medians, and in each round."""
    rounds = [d / n for d, n in zip(reference.times, lint.times)]
    return reference.median / lint.median, rounds


def ratio_table(plan: Plan, names: dict[str, str]) -> str:
    lints = [c for c in plan.commands[1] if c.name.startswith("newslint")]
    rows = [
        "| datasketch time ÷ newslint time | " + " | ".join(c.name for c in lints) + " |",
        "|---|" + "---:|" * len(lints),
    ]
    for key in ("dsr", "dsf", "dsa"):
        reference = plan.get(1, names[key])
        if reference is None:
            continue
        cells_medians, cells_rounds = [], []
        for lint in lints:
            of_medians, rounds = ratios(reference, lint)
            cells_medians.append(f"{of_medians:.2f}")
            cells_rounds.append(f"{statistics.median(rounds):.2f} ({', '.join(f'{r:.2f}' for r in rounds)})")
        rows.append(f"| {reference.name}: ratio of the medians | " + " | ".join(cells_medians) + " |")
        rows.append(
            f"| {reference.name}: per round, median (each round) | " + " | ".join(cells_rounds) + " |"
        )
    per_record = plan.get(1, names["dsr"])
    if per_record is not None:
        memory = [f"{per_record.memory_mb / lint.memory_mb:.2f}" for lint in lints]
        rows.append(f"| peak memory, datasketch per record ÷ newslint | {' | '.join(memory)} |")
    return "\n".join(rows)


@dataclass
class Growth:
    name: str
    mb: list[float]  # per scale, baseline first
    seconds: list[float]
    memory: list[float]
    factors: list[int]

    def cells(self, i: int) -> list[str]:
        """Seconds, seconds per MB and peak memory (above the baseline's) at scale i."""
        if self.factors[i] == 0:
            return [f"{self.seconds[i]:.3f}", "", f"{self.memory[i]:.0f}"]
        above = self.memory[i] - self.memory[0]
        return [
            f"{self.seconds[i]:.3f}",
            f"{self.seconds[i] / self.mb[i]:.3f}",
            f"{self.memory[i]:.0f} ({above:+.0f})",
        ]

    def check(self, band: tuple[float, float]) -> dict[str, Any]:
        """Time and memory above the baseline's, largest size over 1x, against the size ratio (and
        time as measured, the baseline included, and a straight line fitted to the times)."""
        first, last = self.factors.index(1), len(self.factors) - 1
        size = self.mb[last] / self.mb[first]
        time_ratio = self.seconds[last] / self.seconds[first]
        above = (self.seconds[last] - self.seconds[0]) / (self.seconds[first] - self.seconds[0])
        grown = self.memory[first] - self.memory[0]
        memory = (self.memory[last] - self.memory[0]) / grown if grown > 0 else float("nan")
        xs, ys = self.mb[first:], self.seconds[first:]
        mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
        sxx = sum((x - mean_x) ** 2 for x in xs)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
        intercept = mean_y - slope * mean_x
        worst = max((abs(y - (intercept + slope * x)) / y for x, y in zip(xs, ys)), default=0.0)
        low, high = band[0] * size / 4, band[1] * size / 4
        copies = self.factors[last] - 1

        def verdict(ratio: float) -> str:
            if ratio != ratio:  # NaN: no growth to compare
                return "n/a"
            return "linear" if low <= ratio <= high else "sublinear" if ratio < low else "SUPERLINEAR"

        return {
            "size_ratio": size,
            "time_ratio": time_ratio,
            "time_ratio_above_baseline": above,
            "memory_ratio_above_baseline": memory,
            "slope_s_per_mb": slope,
            "intercept_s": intercept,
            "worst_residual": worst,
            "low": low,
            "high": high,
            "time": verdict(above),
            "memory": verdict(memory),
            "seconds_per_copy": (self.seconds[last] - self.seconds[first]) / copies if copies else 0.0,
            "mb_per_copy": (self.memory[last] - self.memory[first]) / copies if copies else 0.0,
        }


def growth(plan: Plan, names: dict[str, str]) -> list[Growth]:
    found = []
    for key in ("nl", "nl1", "dsr"):
        commands = [plan.get(scale.factor, names[key]) for scale in plan.scales]
        if any(c is None or not c.trials for c in commands):
            continue
        found.append(
            Growth(
                names[key],
                [scale.mb for scale in plan.scales],
                [c.median for c in commands],  # type: ignore[union-attr]
                [c.memory_mb for c in commands],  # type: ignore[union-attr]
                [scale.factor for scale in plan.scales],
            )
        )
    return found


def growth_table(plan: Plan, lines: list[Growth]) -> str:
    head = "".join(f" {g.name}: s | s/MB | peak MB (above baseline) |" for g in lines)
    rows = [f"| corpus | documents | MB |{head}", "|---|---:|---:|" + "---:|---:|---:|" * len(lines)]
    for i, scale in enumerate(plan.scales):
        cells = [cell for g in lines for cell in g.cells(i)]
        rows.append(f"| {scale.label} | {scale.documents:,} | {scale.mb:.2f} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def counts_table(plan: Plan, names: dict[str, str]) -> tuple[str, list[dict[str, object]]]:
    rows = [
        "| corpus | newslint: articles | clusters (exact) | articles in clusters | clusters across copies "
        "| datasketch per record: texts | candidate pairs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    saved: list[dict[str, object]] = []
    for scale in plan.scales:
        if scale.factor == 0:
            continue
        lint = plan.get(scale.factor, names["nl1"]) or plan.get(scale.factor, names["nl"])
        ds = plan.get(scale.factor, names["dsr"])
        if lint is None or ds is None or not lint.output or not ds.output:
            continue
        nl = newslint_found(lint.output)
        dsr = datasketch_found(json.loads(ds.output))
        saved.append({"scale": scale.label, "newslint": nl, "datasketch_per_record": dsr})
        rows.append(
            f"| {scale.label} | {nl['articles']:,} | {nl['clusters']:,} ({nl['exact_clusters']:,}) "
            f"| {nl['articles_in_clusters']:,} | {nl['across_copies']:,} | {dsr['texts']:,} "
            f"| {dsr['candidate_pairs']:,} |"
        )
    return "\n".join(rows), saved


def stage_table(stages: dict[str, object], lint_j1: Command | None) -> str:
    seconds = stages["seconds"]
    calls = stages["calls"]
    assert isinstance(seconds, dict) and isinstance(calls, dict)
    total = float(stages["total"])  # type: ignore[arg-type]
    start = float(stages["interpreter_start"])  # type: ignore[arg-type]
    runs = stages.get("runs", 1)
    rows = [
        f"| stage (in one process, -j 1, median of {runs} runs) | s | share | calls |",
        "|---|---:|---:|---:|",
    ]
    rows.append(f"| interpreter start (`python -c pass`, median of 5) | {start:.3f} | | |")
    imports = float(stages["imports"])  # type: ignore[arg-type]
    rows.append(f"| imports (newslint.cli, newslint.dedup) | {imports:.3f} | {imports / total:.0%} | |")
    for label, what, indent in STAGE_ROWS:
        if label not in seconds:
            continue
        pad = "&nbsp;&nbsp;" * indent
        spent = float(seconds[label])
        rows.append(f"| {pad}{label}: {what} | {spent:.3f} | {spent / total:.0%} | {calls.get(label, 0):,} |")
    run = float(seconds.get("run", 0.0))
    parts = ["read", "keepers", "as_json"]
    parts += ["dedup"] if "dedup" in seconds else ["articles", "signatures", "clusters"]
    rest = run - sum(float(seconds.get(label, 0.0)) for label in parts)
    rows.append(
        f"| json.dumps and writing the output, the rest of run() | {rest:.3f} | {rest / total:.0%} | |"
    )
    rows.append(f"| in-process total (imports to exit of main) | {total:.3f} | 100% | |")
    if lint_j1 is not None:
        rows.append(f"| whole command `-j 1`, median of the timed runs | {lint_j1.median:.3f} | | |")
    if stages.get("missing"):
        rows.append(f"| not timed (not in this newslint): {', '.join(stages['missing'])} | | | |")  # type: ignore[arg-type]
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog=f"--datasketch-python: {DATASKETCH_VENV_HELP}.",
    )
    add_corpus_arguments(parser)
    parser.add_argument(
        "--datasketch-python", type=Path, metavar="PYTHON", required=True, help=DATASKETCH_VENV_HELP
    )
    parser.add_argument(
        "--scales",
        default="1,2,3,4",
        help="corpus sizes, in copies of the corpus; must include 1 (default: %(default)s)",
    )
    parser.add_argument(
        "--growth-repeat",
        type=int,
        default=3,
        metavar="G",
        help="rounds that also run the other sizes (at most --repeat; default: %(default)s)",
    )
    parser.add_argument(
        "--min-ratio",
        type=float,
        default=3.0,
        help="exit 1 if datasketch is less than this many times slower than newslint (default: %(default)s)",
    )
    parser.add_argument(
        "--linear-band",
        type=float,
        nargs=2,
        default=(3.2, 4.8),
        metavar=("LOW", "HIGH"),
        help="time and memory above the baseline's, 4x over 1x, grow linearly when in this band (scaled "
        "by the actual size ratio); exit 1 if newslint's are above it (default: 3.2 4.8)",
    )
    parser.add_argument(
        "--max-busy",
        type=float,
        default=0.3,
        metavar="CORES",
        help="run again a run during which other processes kept more than this many cores busy "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--retries", type=int, default=2, help="at most this many re-runs per run (default: %(default)s)"
    )
    parser.add_argument(
        "--sample-ms", type=float, default=20.0, help="how often the process tree's RSS is sampled"
    )
    parser.add_argument("--no-stages", action="store_true", help="skip the in-process stage breakdown")
    parser.add_argument(
        "--no-farmhash",
        action="store_true",
        help="time datasketch with its default hash (SHA-1) only, even if its venv has pyfarmhash",
    )
    args = parser.parse_args(argv)
    check_corpus_arguments(parser, args)
    try:
        args.factors = sorted({int(part) for part in args.scales.split(",")})
    except ValueError:
        parser.error("--scales takes whole numbers separated by commas, e.g. 1,2,3,4")
    if 1 not in args.factors or min(args.factors) < 1:
        parser.error("--scales must include 1 and be 1 or more")
    if not args.datasketch_python.is_file():
        parser.error(f"{args.datasketch_python} not found: {DATASKETCH_VENV_HELP}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    newslint = find_newslint(args.newslint)
    jobs = os.cpu_count() or 1
    with work_folder(args.work) as work:
        corpus = prepare_corpus(args, work)
        jsonl = corpus_jsonl(corpus)
        scales = build_scales(jsonl, args.factors, work, args.seed)
        given = newslint_params(newslint, scales[0].path, work)
        farmhash = not args.no_farmhash and has_farmhash(args.datasketch_python)
        if not farmhash and not args.no_farmhash:
            print(f"note: {NO_FARMHASH}", file=sys.stderr)
        plan, names = make_plan(scales, newslint, args.datasketch_python, jobs, given, farmhash)
        before = load_average()
        growth_repeat = min(args.growth_repeat, args.repeat)
        warnings = measure(
            plan, args.repeat, growth_repeat, work, args.sample_ms / 1000, args.max_busy, args.retries
        )
        loads = (before, load_average())
        stages = None if args.no_stages else stage_breakdown(newslint_python(newslint), jsonl, work, 3)
        one = next(scale for scale in scales if scale.factor == 1)
        out = io.StringIO()

        def say(text: str = "") -> None:
            out.write(text + "\n")

        first = json.loads(plan.get(1, names["dsr"]).output)  # type: ignore[union-attr]
        nl = newslint_found(plan.commands[1][0].output)  # the default --jobs
        say(
            f"corpus: {one.mb:.2f} MB of text in {one.documents:,} JSONL records ({jsonl}); "
            f"newslint {nl['params']}; datasketch given the same: MinHash.bulk num_perm={given['num_perm']} "
            f"({'SHA-1, its default, and farmhash' if farmhash else 'SHA-1, its default'}), "
            f"MinHashLSH threshold={given['threshold']:g} (it chose b={first['bands'][0]}, "
            f"r={first['bands'][1]}), {given['ngram']}-word shingles, texts of {given['min_words']}+ words"
        )
        say()
        say(main_table(plan, one))
        say()
        say(ratio_table(plan, names))
        say()
        default = plan.get(1, names["nl"])
        references = [c for c in (plan.get(1, names[key]) for key in ("dsr", "dsf", "dsa")) if c is not None]
        fastest = min(references, key=lambda c: c.median)
        verdicts = {}
        for lint in (c for c in plan.commands[1] if c.name.startswith("newslint")):
            ratio = fastest.median / lint.median
            verdicts[lint.name] = ratio
            mark = "PASS" if ratio >= args.min_ratio else "FAIL"
            gate = " (the gate)" if lint is default else ""
            say(
                f"{mark}{gate}: {lint.name} is {ratio:.2f}x as fast as {fastest.name} (the fastest "
                f"datasketch run), end to end, median wall time; bar {args.min_ratio:g}x"
            )
        sha1, serial = plan.get(1, names["dsr"]), plan.get(1, names["nl1"])
        if sha1 is not None and sha1 is not fastest and default is not None and serial is not None:
            say(
                f"(against {sha1.name}, with datasketch's default hash: {lint_name(default)} "
                f"{sha1.median / default.median:.2f}x, -j 1 {sha1.median / serial.median:.2f}x)"
            )
        if not farmhash:
            say(
                "note: datasketch ran with its default hash only (--no-farmhash)"
                if args.no_farmhash
                else f"note: {NO_FARMHASH}"
            )
        say()
        for command in references:
            report = json.loads(command.output)
            phases = ", ".join(f"{name} {s:.2f}" for name, s in report["seconds"].items())
            say(f"{command.name}, phases of the first run (s): {phases}")
        say()
        # Agreement, per article
        nl_output = plan.commands[1][0].output
        dsa = plan.get(1, names["dsa"])
        found_1x: dict[str, object] = {"newslint": nl}
        say(
            f"newslint: {nl['articles']:,} articles, {nl['clusters']:,} clusters "
            f"({nl['exact_clusters']:,} of exact copies), {nl['articles_in_clusters']:,} articles in them, "
            f"{nl['co_clustered_pairs']:,} pairs of articles in a cluster"
        )
        for command in references:
            report = json.loads(command.output)
            ds = datasketch_found(report)
            found_1x[command.name] = ds
            say(
                f"{command.name}: {ds['texts']:,} texts ({ds['compared']:,} of {given['min_words']}+ words), "
                f"{ds['shingles']:,} shingles, {ds['candidate_pairs']:,} candidate pairs (unverified), "
                f"{ds['clusters']:,} clusters if joined, {ds['articles_in_clusters']:,} texts in them"
            )
        if dsa is not None:
            agree = agreement(nl_output, json.loads(dsa.output))
            found_1x["agreement"] = agree
            say(
                f"pairs of articles in one cluster: newslint {agree['newslint_pairs']:,}, datasketch per "
                f"article {agree['datasketch_pairs']:,}, both {agree['shared_pairs']:,} "
                f"({agree['share_of_newslint']:.1%} of newslint's, {agree['share_of_datasketch']:.1%} of "
                "datasketch's)"
            )
        lines = growth(plan, names)
        checks = {}
        if len(scales) > 2:
            say()
            say(growth_table(plan, lines))
            say()
            for g in lines:
                check = g.check(tuple(args.linear_band))
                checks[g.name] = check
                say(
                    f"{g.name}: time {scales[-1].label}/1x {check['time_ratio']:.2f} (above the "
                    f"baseline {check['time_ratio_above_baseline']:.2f}), memory above the baseline "
                    f"{check['memory_ratio_above_baseline']:.2f}, for {check['size_ratio']:.2f}x the text; "
                    f"fit {check['slope_s_per_mb']:.3f} s/MB + {check['intercept_s']:.2f} s, worst "
                    f"residual {check['worst_residual']:.1%}; each copy after the first adds "
                    f"{check['seconds_per_copy']:.2f} s and {check['mb_per_copy']:.0f} MB. Above the "
                    f"baseline, {check['low']:.2f}-{check['high']:.2f} is linear: time {check['time']}, "
                    f"memory {check['memory']}"
                )
            say()
            text, counts = counts_table(plan, names)
            say(text)
        else:
            counts = []
        if stages is not None:
            say()
            say(stage_table(stages, plan.get(1, names["nl1"])))
        say()
        for warning in warnings:
            say(f"warning: {warning}")
        reruns = [
            f"{scale.label} {c.name} {c.reruns}x"
            for scale in scales
            for c in plan.commands[scale.factor]
            if c.reruns
        ]
        if reruns:
            say(
                f"run again because other processes kept more than {args.max_busy:g} cores busy: "
                + ", ".join(reruns)
            )
        if loads[0] is not None and loads[1] is not None:
            say(f"load average (1 min) before/after: {loads[0]:.2f} / {loads[1]:.2f} on {jobs} CPUs")
        about = describe(newslint, work)
        versions = ", ".join(f"{k} {v}" for k, v in first["versions"].items())
        say(f"measured: {about['version'] or 'newslint'}, commit {about['commit'] or '?'}; {versions}")
        for command in plan.commands[1]:
            shown = [("<DATASKETCH_CODE>" if part == DATASKETCH_CODE else part) for part in command.command]
            say(f"command: {shlex.join(shown)}")
        sys.stdout.write(out.getvalue())

        failed = [name for name, ratio in verdicts.items() if ratio < args.min_ratio and name == names["nl"]]
        nonlinear = [
            f"{name}'s {what}"
            for name, check in checks.items()
            for what in ("time", "memory")
            if name.startswith("newslint") and check[what] == "SUPERLINEAR"
        ]
        for name in nonlinear:
            print(f"FAIL: {name} grows faster than the text from 1x to {scales[-1].label}")
        if args.json:
            figures = {
                "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
                "newslint": about,
                "load_average": loads,
                "scales": [asdict(scale) | {"path": str(scale.path)} for scale in scales],
                "runs": {
                    scale.label: {
                        c.name: {
                            "command": [
                                ("<DATASKETCH_CODE>" if p == DATASKETCH_CODE else p) for p in c.command
                            ],
                            "median_s": c.median,
                            "memory_mb": c.memory_mb,
                            "trials": [asdict(t) for t in c.trials],
                        }
                        for c in plan.commands[scale.factor]
                    }
                    for scale in scales
                },
                "ratios": verdicts,
                "found_1x": found_1x,
                "found": counts,
                "growth": checks,
                "stages": stages,
                "warnings": warnings,
            }
            args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
        return 1 if failed or nonlinear else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Time newslint against datatrove's GopherRepetitionFilter + C4QualityFilter on the same documents.

The documents are bench_check.py's corpus (about 2,000 files, at least 30 MB), exported as one
JSONL file, a `{"id": ..., "text": ...}` record per file. datatrove runs in a virtualenv of its own,
outside the repository (datatrove and spaCy are no dependency of newslint's, not even for tests):

    python3 -m venv /tmp/dtvenv
    /tmp/dtvenv/bin/pip install datatrove spacy regex  # spaCy: datatrove's English tokenizer

and this script runs that venv's Python (--datatrove-python) on a small program that reads the JSONL
file, hands every other document to each of 2 worker processes (one per core), and puts each
document through both filters, GopherRepetitionFilter first, as ../shared/research/peer-bench.md
did. Only the filters' work is timed: from the moment both workers are ready to the moment the last
one is done. Imports, loading spaCy's tokenizer (spacy.blank("en"), rule-based, nothing fetched),
reading the JSONL and building datatrove Documents are not. That favours datatrove: newslint's
times are whole commands, start-up and reading included.

newslint runs as users run it: `newslint check --no-cache --quiet --exit-zero` (when this newslint
has --no-cache), every default rule, one worker per core, on the corpus folder and on the JSONL
file. All commands run as fresh processes, interleaved (datatrove, newslint on the files, newslint
on the JSONL file, ...) and repeated; the figure is the ratio of their MB/s. On the full corpus
datatrove takes minutes per run: --datatrove-docs N times it on N documents spread evenly over the
corpus and scales its MB/s (the output says so).

    python benchmarks/bench_datatrove.py --datatrove-python /tmp/dtvenv/bin/python [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench_check import (
    MB,
    Timing,
    add_corpus_arguments,
    check_corpus_arguments,
    check_help,
    corpus_jsonl,
    describe,
    find_newslint,
    fmt,
    load_average,
    no_cache,
    prepare_corpus,
    run_child,
    work_folder,
)
from bench_jobs import JSONL_OPTIONS

# Runs in the datatrove venv: argv = JSONL file, worker processes, documents (0 = all).
# Prints one JSON line: the filters' wall time over both workers, and what each worker did.
DATATROVE_CODE = """\
import json, multiprocessing, os, sys, time
for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(name, "1")
started = time.perf_counter()
from loguru import logger
logger.remove()  # datatrove logs through loguru; its messages would only be noise here
from importlib.metadata import version
from datatrove.data import Document
from datatrove.pipeline.filters import C4QualityFilter, GopherRepetitionFilter

path, workers, wanted = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, encoding="utf-8") as fh:
    records = [json.loads(line) for line in fh if line.strip()]
if 0 < wanted < len(records):  # spread evenly, so the sample keeps the corpus's mix of languages
    records = [records[i * len(records) // wanted] for i in range(wanted)]
chain = [GopherRepetitionFilter(), C4QualityFilter()]
warm_up = Document(text="A first sentence to warm up.\\nA second one, for the tokenizer.", id="warm-up")
for step in chain:  # loads spaCy's blank English tokenizer before the fork, untimed
    step.filter(warm_up)


def work(share, ready, results):
    docs = [Document(text=r["text"], id=r["id"]) for r in share]
    size = sum(len(r["text"].encode("utf-8")) for r in share)
    kept = [0] * len(chain)
    kept_by_all = 0
    ready.wait()
    start = time.perf_counter()
    for doc in docs:  # every document goes through every filter, as in peer-bench
        all_keep = True
        for i, step in enumerate(chain):
            verdict = step.filter(doc)
            keep = verdict[0] if isinstance(verdict, tuple) else bool(verdict)
            kept[i] += keep
            all_keep = all_keep and keep
        kept_by_all += all_keep
    end = time.perf_counter()
    results.put({"docs": len(docs), "bytes": size, "start": start, "end": end,
                 "kept": kept, "kept_by_all": kept_by_all})


context = multiprocessing.get_context("fork")
ready = context.Barrier(workers)
results = context.SimpleQueue()
processes = [context.Process(target=work, args=(records[w::workers], ready, results))
             for w in range(workers)]
for process in processes:
    process.start()
done = [results.get() for _ in processes]
for process in processes:
    process.join()
    if process.exitcode:
        sys.exit(f"a datatrove worker exited {process.exitcode}")
print(json.dumps({
    "docs": sum(d["docs"] for d in done),
    "bytes": sum(d["bytes"] for d in done),
    "filter_seconds": max(d["end"] for d in done) - min(d["start"] for d in done),
    "setup_seconds": min(d["start"] for d in done) - started,
    "workers": [{"docs": d["docs"], "bytes": d["bytes"], "seconds": d["end"] - d["start"]} for d in done],
    "kept": [sum(d["kept"][i] for d in done) for i in range(len(chain))],
    "kept_by_all": sum(d["kept_by_all"] for d in done),
    "filters": [type(step).__name__ for step in chain],
    "versions": {"datatrove": version("datatrove"), "spacy": version("spacy"),
                 "python": sys.version.split()[0]},
}))
"""

DATATROVE_VENV_HELP = (
    "the Python of a virtualenv with datatrove and spaCy, outside the repository; make one with "
    "`python3 -m venv /tmp/dtvenv && /tmp/dtvenv/bin/pip install datatrove spacy regex`"
)


@dataclass(frozen=True)
class DatatroveReport:
    """What one run of DATATROVE_CODE printed."""

    docs: int
    bytes: int
    filter_seconds: float  # from both workers ready to the last one done
    setup_seconds: float  # not timed: imports, spaCy, reading, forking
    workers: list[dict[str, float]]  # docs, bytes, seconds of each worker
    kept: list[int]  # documents each filter kept
    kept_by_all: int
    filters: list[str]
    versions: dict[str, str | None]

    @classmethod
    def parse(cls, output: str) -> DatatroveReport:
        fields = json.loads(output.strip().splitlines()[-1])
        return cls(**fields)


@dataclass
class DatatroveRun:
    """datatrove's command, and what each run of it reported."""

    timing: Timing  # the whole command, set-up included
    reports: list[DatatroveReport] = field(default_factory=list)

    @property
    def filter_times(self) -> list[float]:
        return [report.filter_seconds for report in self.reports]

    @property
    def median(self) -> float:
        """Median seconds of the filters' work alone."""
        return statistics.median(self.filter_times)

    @property
    def mb_per_s(self) -> float:
        return self.reports[0].bytes / MB / self.median


def measure(datatrove: DatatroveRun, lints: list[Timing], repeat: int, work: Path) -> None:
    """datatrove, then each newslint command, `repeat` times over."""
    for timing in lints:  # untimed: fails fast, warms the page cache and the bytecode caches
        run_child(timing.command, work, capture=False)
    for n in range(repeat):
        trial, output = run_child(datatrove.timing.command, work, capture=True)
        report = DatatroveReport.parse(output)
        datatrove.timing.trials.append(trial)
        datatrove.reports.append(report)
        print(
            f"  run {n + 1}/{repeat} {datatrove.timing.name:<24} {trial.seconds:8.3f} s "
            f"(filters {report.filter_seconds:.3f} s)",
            file=sys.stderr,
        )
        for timing in lints:
            trial, _ = run_child(timing.command, work, capture=False)
            timing.trials.append(trial)
            print(f"  run {n + 1}/{repeat} {timing.name:<24} {trial.seconds:8.3f} s", file=sys.stderr)


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} ({min(times):.3f}-{max(times):.3f})"


def table(datatrove: DatatroveRun, lints: list[Timing], corpus_mb: float) -> tuple[str, list[float]]:
    """The table of every command, and newslint's MB/s over datatrove's for each newslint command."""
    first = datatrove.reports[0]
    sample_mb = first.bytes / MB
    whole = datatrove.timing
    rows = [
        "| command | documents | MB | median s (min-max) | MB/s | CPU s (median) | peak RSS MB "
        "| others' CPU s | × datatrove |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| datatrove {' + '.join(first.filters)}, {len(first.workers)} processes, filters only "
        f"| {first.docs:,} | {sample_mb:.2f} | {spread(datatrove.filter_times)} "
        f"| {datatrove.mb_per_s:.3f} | | | | 1 |",
        f"| the same, whole command (start-up, spaCy, reading included) | {first.docs:,} | {sample_mb:.2f} "
        f"| {spread([t.seconds for t in whole.trials])} | {sample_mb / whole.median:.3f} "
        f"| {fmt(whole.cpu_median, '.1f')} | {fmt(whole.peak_rss_mb, '.0f')} "
        f"| {fmt(whole.others_median, '.1f')} | |",
    ]
    ratios = []
    for timing in lints:
        mb_per_s = corpus_mb / timing.median
        ratios.append(mb_per_s / datatrove.mb_per_s)
        rows.append(
            f"| {timing.name} | all | {corpus_mb:.2f} | {spread([t.seconds for t in timing.trials])} "
            f"| {mb_per_s:.1f} | {fmt(timing.cpu_median, '.3f')} | {fmt(timing.peak_rss_mb, '.0f')} "
            f"| {fmt(timing.others_median, '.2f')} | {ratios[-1]:,.0f} |"
        )
    return "\n".join(rows), ratios


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog=f"--datatrove-python: {DATATROVE_VENV_HELP}.",
    )
    add_corpus_arguments(parser)
    parser.add_argument(
        "--datatrove-python", type=Path, metavar="PYTHON", required=True, help=DATATROVE_VENV_HELP
    )
    parser.add_argument(
        "--datatrove-docs",
        type=int,
        default=0,
        metavar="N",
        help="time datatrove on N documents spread over the corpus and scale its MB/s (default: all)",
    )
    parser.add_argument(
        "--datatrove-workers",
        type=int,
        default=2,
        metavar="P",
        help="datatrove's worker processes, each taking 1/P of the documents (default: %(default)s)",
    )
    parser.add_argument(
        "--min-ratio",
        type=float,
        default=50.0,
        help="exit 1 if newslint's MB/s is below this many times datatrove's (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    check_corpus_arguments(parser, args)
    if args.datatrove_docs < 0 or args.datatrove_workers < 1:
        parser.error("need --datatrove-docs >= 0 and --datatrove-workers >= 1")
    if not args.datatrove_python.is_file():
        parser.error(f"{args.datatrove_python} not found: {DATATROVE_VENV_HELP}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    newslint = find_newslint(args.newslint)
    with work_folder(args.work) as work:
        corpus = prepare_corpus(args, work)
        jsonl = corpus_jsonl(corpus)
        help_text = check_help(newslint, work)
        options = ["--quiet", "--exit-zero", *no_cache(help_text)]
        lints = [
            Timing(f"newslint, {corpus.files:,} files", [*newslint, "check", str(corpus.root), *options])
        ]
        if JSONL_OPTIONS[0] in help_text:
            lints.append(
                Timing("newslint, 1 JSONL file", [*newslint, "check", str(jsonl), *JSONL_OPTIONS, *options])
            )
        else:
            print(
                f"note: this newslint's `check` has no {JSONL_OPTIONS[0]}, so it cannot read JSONL yet; "
                "timing it on the files only",
                file=sys.stderr,
            )
        workers, docs = str(args.datatrove_workers), str(args.datatrove_docs)
        code = [str(args.datatrove_python), "-c", DATATROVE_CODE, str(jsonl), workers, docs]
        datatrove = DatatroveRun(Timing("datatrove", code))
        before = load_average()
        measure(datatrove, lints, args.repeat, work)
        loads = (before, load_average())

        first = datatrove.reports[0]
        corpus_mb = corpus.bytes / MB
        print(
            f"corpus: {corpus_mb:.2f} MB of text in {corpus.files:,} documents "
            f"({corpus.damaged_files:,} damaged by corrupt.py); the JSONL file holds the same documents"
        )
        if first.docs < corpus.files:
            print(
                f"datatrove was timed on a SAMPLE of {first.docs:,} of the {corpus.files:,} documents "
                f"({first.bytes / MB:.2f} MB, spread evenly over the corpus): its MB/s is the sample's"
            )
        print()
        text, ratios = table(datatrove, lints, corpus_mb)
        print(text)
        print()
        for timing, ratio in zip(lints, ratios):
            verdict = "yes" if ratio >= args.min_ratio else "NO"
            print(f"{timing.name}: {ratio:,.0f}× datatrove's MB/s (≥ {args.min_ratio:g}×: {verdict})")
        per_filter = ", ".join(f"{name} {kept:,}" for name, kept in zip(first.filters, first.kept))
        print(f"datatrove kept {first.kept_by_all:,} of {first.docs:,} documents (per filter: {per_filter})")
        print(
            "datatrove's workers (first run): "
            + "; ".join(
                f"{w['docs']:,.0f} docs, {w['bytes'] / MB:.2f} MB, {w['seconds']:.1f} s"
                for w in first.workers
            )
        )
        setup = statistics.median(report.setup_seconds for report in datatrove.reports)
        print(f"datatrove's set-up, not timed (imports, spaCy, reading, forking): {setup:.1f} s (median)")
        if loads[0] is not None and loads[1] is not None:
            print(
                f"load average (1 min) before/after: {loads[0]:.2f} / {loads[1]:.2f} on {os.cpu_count()} CPUs"
            )
        about = describe(newslint, work)
        versions = ", ".join(f"{name} {version}" for name, version in first.versions.items())
        print(f"measured: {about['version'] or 'newslint'}, commit {about['commit'] or '?'}; {versions}")
        for timing in lints:
            print(f"command: {' '.join(timing.command)}")
        print(f"command: {args.datatrove_python} -c <DATATROVE_CODE> {jsonl} {workers} {docs}")
        if args.json:
            figures = {
                "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
                "newslint": about,
                "load_average": loads,
                "corpus": {
                    "path": str(corpus.root),
                    "jsonl": str(jsonl),
                    "mb": corpus_mb,
                    "files": corpus.files,
                },
                "datatrove": {
                    "python": str(args.datatrove_python),
                    "mb_per_s": datatrove.mb_per_s,
                    "reports": [asdict(report) for report in datatrove.reports],
                    "trials": [asdict(t) for t in datatrove.timing.trials],
                },
                "newslint_runs": {
                    timing.name: {
                        "command": timing.command,
                        "mb_per_s": corpus_mb / timing.median,
                        "trials": [asdict(t) for t in timing.trials],
                    }
                    for timing in lints
                },
                "ratios": dict(zip((timing.name for timing in lints), ratios)),
                "min_ratio": args.min_ratio,
            }
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        slow = [timing.name for timing, ratio in zip(lints, ratios) if ratio < args.min_ratio]
        for name in slow:
            print(f"FAIL: {name} is less than {args.min_ratio:g}× as fast as the datatrove chain")
        return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

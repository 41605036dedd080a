#!/usr/bin/env python3
"""Time `newslint check --jobs 1` against `--jobs 2` on the benchmark corpus, as files and as one JSONL file.

The corpus is bench_check.py's (about 2,000 files, at least 30 MB; the same --seed gives the same
files). Its files are also exported as one JSONL file, a `{"id": ..., "text": ...}` record per file,
so both inputs hold the same documents. Every command runs as a fresh process with `--no-cache`
(when this newslint has a cache), interleaved with the others and in alternating order, so that
they share the machine's noise; what matters is the ratio of the --jobs 1 and --jobs 2 times, not
the seconds.

A third pair of commands measures the machine itself: a pure-Python loop run in one process, and
the same loop split over N forked processes. Its speed-up is what N processes could gain at that
moment. On a shared machine it falls below N whenever a neighbour takes a core, and then a low
newslint speed-up says nothing about newslint: the script reports that as inconclusive. For the
same reason a run during which other processes kept more than --max-busy of a core busy (measured
from /proc/stat) is run again, up to --retries times, and the table shows the others' CPU time.

Outputs are checked too: every timed run's output must be byte-identical to the first run on the
same input, and, untimed, `--output-format json` must print the same bytes with --jobs 1 and with
--jobs N. The script stops at the first difference and keeps both outputs.

Standard library only; run it with the Python whose environment has newslint installed:

    python benchmarks/bench_jobs.py [--repeat 5] [--min-speedup 1.6] [--json results.json]
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from bench_check import (
    FLOOR_CODE,
    MB,
    Corpus,
    Timing,
    Trial,
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
    run_child_bytes,
    work_folder,
)

# How newslint is told which JSONL fields hold a record's text and its id.
JSONL_OPTIONS = ["--text-field", "text", "--id-field", "id"]

# The machine's own speed-up: argv = processes, loop steps in all. Forked like newslint's pool.
CEILING_CODE = """\
import multiprocessing, sys
def spin(steps):
    acc = 0
    for i in range(steps):
        acc ^= hash(str(i))
    return acc
jobs, steps = int(sys.argv[1]), int(sys.argv[2])
if jobs == 1:
    spin(steps)
else:
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(spin, [steps // jobs] * jobs)
"""
CEILING_STEPS = 5_000_000  # about 1 s in one process here


@dataclass
class Pair:
    """One workload timed in one process and in N: newslint on one form of the corpus, or the ceiling."""

    name: str  # "files", "jsonl" or "ceiling"
    label: str  # for the tables: "2,000 files", "1 JSONL file", ...
    serial: Timing  # --jobs 1
    parallel: Timing  # --jobs N
    json_command: list[str] | None = None  # newslint only: the command, less --jobs, with JSON output
    reference: bytes = b""  # the output every timed run must reproduce
    json_output: bytes = b""
    findings: int = 0

    @property
    def paired(self) -> list[float]:
        """The speed-up of each round: its one-process time over its N-process time."""
        return [s.seconds / p.seconds for s, p in zip(self.serial.trials, self.parallel.trials)]

    @property
    def speedup(self) -> float:
        return self.serial.median / self.parallel.median

    @property
    def round_median(self) -> float:
        return statistics.median(self.paired)

    def share_of(self, ceiling: Pair) -> float:
        """Median over rounds of this round's speed-up over the ceiling's in the same round.

        The ceiling ran just before, so this cancels much of what the machine gave at that moment.
        """
        return statistics.median(ours / best for ours, best in zip(self.paired, ceiling.paired))

    @property
    def limited(self) -> float:
        """What the ceiling says the machine gave: the lower of its two speed-up figures."""
        return min(self.speedup, self.round_median)


def newslint_pairs(
    newslint: list[str], corpus: Corpus, jsonl: Path | None, jobs: int, fresh: list[str]
) -> list[Pair]:
    pairs = []
    forms: list[tuple[str, str, Path, list[str]]] = [("files", f"{corpus.files:,} files", corpus.root, [])]
    if jsonl is not None:
        forms.append(("jsonl", "1 JSONL file", jsonl, JSONL_OPTIONS))
    for name, label, path, options in forms:
        base = [*newslint, "check", str(path), *options, "--exit-zero", *fresh]
        pairs.append(
            Pair(
                name,
                label,
                Timing(f"{name} --jobs 1", [*base, "--quiet", "--jobs", "1"]),
                Timing(f"{name} --jobs {jobs}", [*base, "--quiet", "--jobs", str(jobs)]),
                json_command=[*base, "--output-format", "json"],
            )
        )
    return pairs


def ceiling_pair(jobs: int) -> Pair:
    code = [sys.executable, "-c", CEILING_CODE]
    return Pair(
        "ceiling",
        f"ceiling: a Python loop, 1 vs {jobs} processes",
        Timing("ceiling 1", [*code, "1", str(CEILING_STEPS)]),
        Timing(f"ceiling {jobs}", [*code, str(jobs), str(CEILING_STEPS)]),
    )


def must_match(expected: bytes, output: bytes, command: list[str], name: str, work: Path) -> None:
    """Stop, loudly, when an output differs from the one it must reproduce; keep both to compare."""
    if output == expected:
        return
    ours = work / f"mismatch-{name}.out"
    theirs = work / f"mismatch-{name}.expected"
    ours.write_bytes(output)
    theirs.write_bytes(expected)
    diff = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        output.decode("utf-8", "replace").splitlines(),
        str(theirs),
        str(ours),
        lineterm="",
        n=2,
    )
    excerpt = "\n".join(line for _, line in zip(range(40), diff))
    raise SystemExit(
        f"FAIL: `{' '.join(command)}` printed other bytes than it must ({len(output):,} against "
        f"{len(expected):,}); both are kept:\n{excerpt}"
    )


def check_outputs(pairs: list[Pair], work: Path, jobs: int) -> None:
    """Untimed: the reference output of each input, and JSON output the same with 1 and N jobs.

    Also fails fast on a newslint that cannot read an input, and warms the page cache and the
    bytecode caches before the timed runs.
    """
    for pair in pairs:
        if pair.json_command is None:
            continue
        _, pair.reference = run_child_bytes(pair.parallel.command, work, capture=True)
        _, pair.json_output = run_child_bytes([*pair.json_command, "--jobs", "1"], work, capture=True)
        command = [*pair.json_command, "--jobs", str(jobs)]
        _, parallel_json = run_child_bytes(command, work, capture=True)
        must_match(pair.json_output, parallel_json, command, f"{pair.name}-json-jobs{jobs}", work)
        pair.findings = len(json.loads(pair.json_output))
        print(
            f"  {pair.label}: JSON output byte-identical with --jobs 1 and --jobs {jobs} "
            f"({pair.findings:,} findings)",
            file=sys.stderr,
        )


def busy(trial: Trial) -> float:
    """How many cores the rest of the machine kept busy, on average, during a trial (0 if unknown)."""
    return (trial.others_cpu_seconds or 0.0) / trial.seconds


def measure(pairs: list[Pair], repeat: int, work: Path, max_busy: float, retries: int) -> Counter[str]:
    """Time every command `repeat` times, interleaved; check every newslint output against the first.

    A run during which other processes kept more than `max_busy` of a core busy is run again, up to
    `retries` times: on a 2-core machine a neighbour's test run takes a core from --jobs 2 and
    hardly touches --jobs 1. Returns how many runs of each command were run again.
    """
    again: Counter[str] = Counter()
    for n in range(repeat):
        for pair in pairs:
            # Alternate which goes first, so a slow drift of the machine does not favour one.
            order = (pair.serial, pair.parallel) if n % 2 == 0 else (pair.parallel, pair.serial)
            for timing in order:
                checked = pair.json_command is not None
                for attempt in range(retries + 1):
                    trial, output = run_child_bytes(timing.command, work, capture=checked)
                    if checked:
                        name = f"{pair.name}-{timing.name.split()[-1]}"
                        must_match(pair.reference, output, timing.command, name, work)
                    others = fmt(trial.others_cpu_seconds, ".2f")
                    print(
                        f"  run {n + 1}/{repeat} {timing.name:<15} {trial.seconds:7.3f} s, "
                        f"others {others} s CPU",
                        file=sys.stderr,
                    )
                    if busy(trial) <= max_busy or attempt == retries:
                        break
                    again[timing.name] += 1
                    print(f"  (others kept {busy(trial):.2f} cores busy: again)", file=sys.stderr)
                timing.trials.append(trial)
    return again


def finding_keys(output: bytes, root: Path | None) -> Counter[tuple[str, ...]]:
    """Each finding as (document, code, line, column, message).

    The document is a file's path inside the corpus folder (`root`), or else a record's id.
    """
    keys: Counter[tuple[str, ...]] = Counter()
    for finding in json.loads(output):
        if root is not None:
            document = Path(finding["path"]).resolve().relative_to(root).as_posix()
        else:
            document = str(finding.get("record"))
        where = (str(finding["line"]), str(finding["column"]))
        keys[(document, finding["code"], *where, finding["message"])] += 1
    return keys


def compare_forms(pairs: list[Pair], corpus: Corpus) -> str | None:
    """Whether the JSONL file gave the same findings as the files (a check of the JSONL reader)."""
    forms = {pair.name: pair for pair in pairs}
    if "files" not in forms or "jsonl" not in forms:
        return None
    try:
        files = finding_keys(forms["files"].json_output, corpus.root.resolve())
        records = finding_keys(forms["jsonl"].json_output, None)
    except (KeyError, ValueError, TypeError) as exc:
        return f"note: cannot compare the findings of the files and the JSONL file ({exc!r})"
    if files == records:
        return f"the JSONL file gave the same {sum(files.values()):,} findings as the files"
    codes_files = Counter(key[1] for key in files.elements())
    codes_records = Counter(key[1] for key in records.elements())
    differ = sorted(
        f"{code} {codes_files[code]} vs {codes_records[code]}"
        for code in codes_files | codes_records
        if codes_files[code] != codes_records[code]
    )
    return (
        f"warning: the JSONL file gave other findings than the files: {sum(files.values()):,} vs "
        f"{sum(records.values()):,}; {sum((files - records).values()):,} only in the files, "
        f"{sum((records - files).values()):,} only in the JSONL; "
        f"per code: {', '.join(differ) or 'the same counts'}"
    )


def table(pairs: list[Pair], ceiling: Pair, corpus: Corpus, jobs: int, min_speedup: float) -> str:
    mb = corpus.bytes / MB
    rows = [
        "| input | command | median s (min-max) | MB/s | CPU s (median) | peak RSS MB | others' CPU s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for pair in [*pairs, ceiling]:
        for timing in (pair.serial, pair.parallel):
            times = [t.seconds for t in timing.trials]
            processes = timing.name.split()[-1]
            command = f"--jobs {processes}" if pair.json_command else f"{processes} process(es)"
            rate = f"{mb / timing.median:.1f}" if pair.json_command else ""
            rows.append(
                f"| {pair.label} | {command} | {timing.median:.3f} ({min(times):.3f}-{max(times):.3f}) "
                f"| {rate} | {fmt(timing.cpu_median, '.3f')} | {fmt(timing.peak_rss_mb, '.0f')} "
                f"| {fmt(timing.others_median, '.2f')} |"
            )
    rows += [
        "",
        f"| input | speed-up 1/{jobs}: of medians | of fastest | per round: min | median "
        f"| CPU {jobs}/1 | ÷ ceiling, per round | ≥ {min_speedup:g}× |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for pair in [*pairs, ceiling]:
        cpu = (
            f"{pair.parallel.cpu_median / pair.serial.cpu_median:.2f}"
            if pair.parallel.cpu_median and pair.serial.cpu_median
            else "n/a"
        )
        share = f"{pair.share_of(ceiling):.2f}" if pair is not ceiling else ""
        rows.append(
            f"| {pair.label} | {pair.speedup:.2f} | {pair.serial.fastest / pair.parallel.fastest:.2f} "
            f"| {min(pair.paired):.2f} | {pair.round_median:.2f} | {cpu} | {share} "
            f"| {'yes' if pair.speedup >= min_speedup else 'no'} |"
        )
    return "\n".join(rows)


def figures(
    args: argparse.Namespace,
    pairs: list[Pair],
    corpus: Corpus,
    jsonl: Path | None,
    about: dict[str, str | None],
    loads: tuple[float | None, float | None],
    cores: int,
) -> dict[str, object]:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "newslint": about,
        "cores": cores,
        "load_average_before_after": loads,
        "corpus": {"path": str(corpus.root), "mb": corpus.bytes / MB, "files": corpus.files},
        "jsonl": str(jsonl) if jsonl else None,
        "pairs": {
            pair.name: {
                "speedup": pair.speedup,
                "speedup_fastest": pair.serial.fastest / pair.parallel.fastest,
                "speedup_per_round": pair.paired,
                "findings": pair.findings,
                "runs": {
                    timing.name: {
                        "command": timing.command,
                        "median_s": timing.median,
                        "cpu_median_s": timing.cpu_median,
                        "peak_rss_mb": timing.peak_rss_mb,
                        "trials": [asdict(t) for t in timing.trials],
                    }
                    for timing in (pair.serial, pair.parallel)
                },
            }
            for pair in pairs
        },
        "min_speedup": args.min_speedup,
        "max_busy": args.max_busy,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog="Exit status: 0 when every input reaches --min-speedup, 1 when one does not while the "
        "ceiling does, 3 (inconclusive) when the ceiling itself stays below --min-speedup.",
    )
    add_corpus_arguments(parser)
    parser.add_argument(
        "--jobs", type=int, default=2, help="the --jobs compared with --jobs 1 (default: %(default)s)"
    )
    parser.add_argument(
        "--inputs",
        default="files,jsonl",
        help="which forms of the corpus to time: files, jsonl or both (default: %(default)s)",
    )
    parser.add_argument(
        "--min-speedup",
        type=float,
        default=1.6,
        help="exit 1 if median(--jobs 1) / median(--jobs N) is below this on an input (default: %(default)s)",
    )
    parser.add_argument(
        "--max-busy",
        type=float,
        default=0.2,
        metavar="CORES",
        help="run a command again when other processes kept more than this many cores busy "
        "meanwhile (default: %(default)s; a large value turns it off)",
    )
    parser.add_argument(
        "--retries", type=int, default=3, help="most runs again per timed run (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    check_corpus_arguments(parser, args)
    args.inputs = [name.strip() for name in args.inputs.split(",") if name.strip()]
    if not args.inputs or not set(args.inputs) <= {"files", "jsonl"}:
        parser.error("--inputs takes files, jsonl or files,jsonl")
    if args.jobs < 2:
        parser.error("--jobs must be 2 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    newslint = find_newslint(args.newslint)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores < args.jobs:
        print(f"warning: {cores} cores for --jobs {args.jobs}; the speed-up cannot reach {args.jobs}×")
    with work_folder(args.work) as work:
        corpus = prepare_corpus(args, work)
        help_text = check_help(newslint, work)
        jsonl = None
        if "jsonl" in args.inputs:
            if JSONL_OPTIONS[0] in help_text:
                jsonl = corpus_jsonl(corpus)
            else:
                print(
                    f"note: this newslint's `check` has no {JSONL_OPTIONS[0]}, so it cannot read JSONL "
                    "yet; timing the files only",
                    file=sys.stderr,
                )
        pairs = newslint_pairs(newslint, corpus, jsonl, args.jobs, no_cache(help_text))
        pairs = [pair for pair in pairs if pair.name in args.inputs]
        if not pairs:
            raise SystemExit("nothing to time")
        run_child([sys.executable, "-c", FLOOR_CODE, str(corpus.root)], work, capture=False)  # page cache
        check_outputs(pairs, work, args.jobs)
        ceiling = ceiling_pair(args.jobs)
        before = load_average()
        again = measure([ceiling, *pairs], args.repeat, work, args.max_busy, args.retries)
        loads = (before, load_average())

        print(
            f"corpus: {corpus.bytes / MB:.2f} MB of text in {corpus.files:,} documents "
            f"({corpus.damaged_files:,} damaged by corrupt.py)"
            + (f"; as JSONL: {jsonl.stat().st_size / MB:.2f} MB in one file" if jsonl else "")
        )
        print("(MB/s counts the documents' text, the same for both inputs)\n")
        print(table(pairs, ceiling, corpus, args.jobs, args.min_speedup))
        print()
        for pair in pairs:
            digest = hashlib.sha256(pair.json_output).hexdigest()[:12]
            print(
                f"{pair.label}: all {2 * args.repeat + 1} timed and warm-up outputs byte-identical; "
                f"JSON output byte-identical with --jobs 1 and --jobs {args.jobs} "
                f"({pair.findings:,} findings, sha256 {digest})"
            )
        if again:
            print(
                f"run again because other processes kept more than {args.max_busy:g} cores busy: "
                + ", ".join(f"{name} {count}×" for name, count in again.items())
            )
        compared = compare_forms(pairs, corpus)
        if compared:
            print(compared)
        if "jsonl" in args.inputs and jsonl is None:
            print("JSONL: not timed, this newslint cannot read it yet")
        if loads[0] is not None and loads[1] is not None:
            print(f"load average (1 min) before/after: {loads[0]:.2f} / {loads[1]:.2f} on {cores} CPUs")
        about = describe(newslint, work)
        print(f"measured: {about['version'] or 'newslint'}, commit {about['commit'] or '?'}")
        for pair in pairs:
            print(f"command: {' '.join(pair.parallel.command)}")
        if args.json:
            data = figures(args, [*pairs, ceiling], corpus, jsonl, about, loads, cores)
            data["run_again"] = dict(again)
            data["share_of_ceiling"] = {pair.name: pair.share_of(ceiling) for pair in pairs}
            args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        slow = [pair for pair in pairs if pair.speedup < args.min_speedup]
        if slow and ceiling.limited < args.min_speedup:
            measured = ", ".join(f"{pair.speedup:.2f}×" for pair in slow)
            print(
                f"INCONCLUSIVE: the machine itself gave only {ceiling.limited:.2f}× with {args.jobs} "
                f"processes (ceiling: {ceiling.speedup:.2f}× of medians, {ceiling.round_median:.2f}× "
                f"per round): newslint's {measured} cannot be judged; run again on a quieter machine"
            )
            return 3
        for pair in slow:
            print(
                f"FAIL: on {pair.label}, --jobs {args.jobs} is {pair.speedup:.2f}× as fast as --jobs 1, "
                f"below --min-speedup {args.min_speedup:g} (the machine's ceiling: {ceiling.limited:.2f}×)"
            )
        return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())

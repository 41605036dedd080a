#!/usr/bin/env python3
"""Time the ENC rules (mojibake, HTML leftovers, invisible and replacement characters) in one process.

Each rule runs over every file of a folder of .txt files, with the documents already read and split
into lines, so the figures are the rules' own cost. The floor row is that splitting. Two inputs:
the files as they are (clean news: what most of a corpus is, where the cheap prescans must keep the
rules at full speed), and the same files with one line in `--damaged` of them hit by encoding
damage (mojibake in Windows-1252 or Windows-1251, an HTML entity and tag, a zero-width space), where
ftfy and the fixes do their work. `--all-rules` adds every registered rule, for scale.

    python benchmarks/bench_enc.py [--corpus DIR | --work /tmp/nlbench] [--repeat 5] [--damaged 0.05]

With --work, the corpus is the one benchmarks/bench_check.py cached there.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from newslint import engine
from newslint.checks import mojibake
from newslint.checks.base import Context, Rule, Settings
from newslint.codes import RULES, select_rules
from newslint.document import Document
from newslint.packs import pack_set


def find_corpus(args: argparse.Namespace) -> Path:
    if args.corpus:
        return Path(args.corpus)
    found = sorted(Path(args.work).glob("corpus-*/corpus"))
    if not found:
        sys.exit(f"no corpus under {args.work}: run benchmarks/bench_check.py --work {args.work} first")
    return found[0]


def damage(text: str, rng: random.Random) -> str:
    """One line of the text with every kind of damage the ENC rules repair."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if len(line) > 40]
    if not candidates:
        return text
    i = rng.choice(candidates)
    line = lines[i]
    codec = "cp1251" if any("\u0400" <= c <= "\u04ff" for c in line) and rng.random() < 0.5 else "cp1252"
    words = line.split(" ")
    k = rng.randrange(len(words))
    words[k] = words[k].encode("utf-8").decode(codec, errors="ignore") + "â€™s"
    words.insert(rng.randrange(len(words)), "AT&amp;T<br>")
    words[0] = words[0] + "\u200b"
    lines[i] = " ".join(words)
    return "\n".join(lines)


def time_rules(
    docs: Sequence[Document], rules: Sequence[Rule], settings: Settings, repeat: int
) -> list[float]:
    trials = []
    for _ in range(repeat):
        fresh = [Document(d.text, d.path) for d in docs]
        for doc in fresh:
            doc.lines  # noqa: B018  (split outside the timing, as the engine shares it)
        mojibake._repairs.cache_clear()  # each trial pays for ftfy, as a new process would
        start = time.perf_counter()
        for doc in fresh:
            ctx = Context(doc, settings)
            for rule in rules:
                for _finding in rule.check(ctx):
                    pass
        trials.append(time.perf_counter() - start)
    return trials


def time_floor(docs: Sequence[Document], repeat: int) -> list[float]:
    trials = []
    for _ in range(repeat):
        fresh = [Document(d.text, d.path) for d in docs]
        start = time.perf_counter()
        for doc in fresh:
            doc.lines  # noqa: B018
        trials.append(time.perf_counter() - start)
    return trials


def row(name: str, trials: list[float], chars: int, findings: int | None = None) -> str:
    median = statistics.median(trials)
    found = " | -" if findings is None else f" | {findings:,}"
    return (
        f"| {name} | {median * 1000:,.1f} ({min(trials) * 1000:,.1f}-{max(trials) * 1000:,.1f}) "
        f"| {chars / median / 1e6:,.1f}{found} |"
    )


def count(docs: Sequence[Document], rules: Sequence[Rule], settings: Settings) -> int:
    return sum(len(engine.lint(doc, rules, settings)) for doc in docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="a folder of .txt files")
    parser.add_argument("--work", default="/tmp/nlbench", help="where bench_check.py cached its corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--damaged", type=float, default=0.05, help="share of files given one damaged line")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--all-rules", action="store_true", help="also time every registered rule")
    args = parser.parse_args(argv)

    root = find_corpus(args)
    paths = sorted(root.rglob("*.txt"))
    clean = [Document(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    rng = random.Random(args.seed)
    damaged = [Document(damage(d.text, rng), d.path) if rng.random() < args.damaged else d for d in clean]
    chars = sum(len(d.text) for d in clean)
    settings = Settings(pack_set())
    enc = select_rules(["ENC"])
    print(f"corpus: {root} ({len(paths):,} files, {chars / 1e6:.2f} M characters); median of {args.repeat}")

    rows: list[tuple[str, Callable[[Sequence[Document]], list[float]], Sequence[Rule] | None]] = [
        ("floor: split lines", lambda docs: time_floor(docs, args.repeat), None)
    ]
    for rule in enc:
        rows.append(
            (
                f"{rule.code} {rule.name}",
                lambda docs, r=rule: time_rules(docs, [r], settings, args.repeat),
                [rule],
            )
        )
    rows.append(("ENC001-ENC004 together", lambda docs: time_rules(docs, enc, settings, args.repeat), enc))
    if args.all_rules:
        rows.append(("every registered rule", lambda docs: time_rules(docs, RULES, settings, 1), RULES))

    for label, docs in (("clean", clean), (f"{args.damaged:.0%} of files damaged", damaged)):
        print(f"\n{label}\n\n| what | ms (min-max) | M chars/s | findings |\n|---|---:|---:|---:|")
        for name, timer, rules in rows:
            trials = timer(docs)
            print(row(name, trials, chars, None if rules is None else count(docs, rules, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

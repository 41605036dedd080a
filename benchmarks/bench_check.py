#!/usr/bin/env python3
"""Time `newslint check` on a 30 MB news corpus against a read-split-hash floor, side by side.

The corpus is built from ../shared/corpora/wikinews_{en,fr,ru}.jsonl: each article is rendered as
title, blank line, paragraphs separated by blank lines, and several articles are glued into one file
with three blank lines between them, as multi-article scrapes are. A small fraction of the files is
made by ../shared/eval/corrupt.py, so the rules also have real damage to report. The corpus is
deterministic for a given --seed and is cached in --work.

Both commands run as fresh processes, interleaved (floor, newslint, floor, newslint, ...) so that
they share the machine's noise; the figure that matters is the ratio of their median wall times.
See benchmarks/README.md for why.

Standard library only:

    python benchmarks/bench_check.py [--repeat 3] [--max-ratio 12] [--json results.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

MB = 1_000_000  # MB = 10^6 bytes, as in ../shared/research/peer-bench.md
# Share of the files in each language. English leads because newslint's rules and its default
# lexicon are English-first; French and Russian keep the non-ASCII paths (accents, Cyrillic) busy.
LANGUAGE_SHARE = {"en": 0.6, "fr": 0.1, "ru": 0.3}
LANGUAGES = tuple(LANGUAGE_SHARE)
ARTICLE_SEPARATOR = "\n\n\n\n"  # the article's last line ends, then three blank lines
CORPUS_FORMAT = 1  # bump when the way files are rendered changes, so old caches are not reused
CONFIG_FILES = (".newslint.toml", "newslint.toml")

# The floor: what any line-based linter must at least do, in a fresh interpreter. It walks the
# folder as newslint's discovery does (sorted, .txt/.text, hidden names skipped), reads every
# file as UTF-8, splits it into lines and hashes each line.
FLOOR_CODE = """\
import os, sys
lines = size = acc = 0
for dirpath, dirnames, filenames in os.walk(sys.argv[1]):
    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
    for name in sorted(filenames):
        if name.startswith(".") or not name.lower().endswith((".txt", ".text")):
            continue
        with open(os.path.join(dirpath, name), "rb") as fh:
            data = fh.read()
        size += len(data)
        for line in data.decode("utf-8").splitlines():
            acc ^= hash(line)
            lines += 1
print(lines, size)
"""


@dataclass(frozen=True)
class Article:
    lang: str
    text: str  # rendered: title, blank line, paragraphs separated by blank lines (no final newline)

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


@dataclass
class Corpus:
    root: Path
    files: int
    clean_files: int
    damaged_files: int
    clean_bytes: int
    damaged_bytes: int
    articles: int
    reused: bool = False

    @property
    def bytes(self) -> int:
        return self.clean_bytes + self.damaged_bytes


@dataclass
class Trial:
    seconds: float
    cpu_seconds: float | None  # user + system time of the child
    peak_rss_mb: float | None  # the child's ru_maxrss
    # CPU time the rest of the machine used meanwhile (other processes, the hypervisor's steal):
    # on a shared machine, what the child had to share its cores with.
    others_cpu_seconds: float | None = None


@dataclass
class Timing:
    name: str
    command: list[str]
    trials: list[Trial] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(t.seconds for t in self.trials)

    @property
    def fastest(self) -> float:
        return min(t.seconds for t in self.trials)

    @property
    def cpu_median(self) -> float | None:
        cpu = [t.cpu_seconds for t in self.trials if t.cpu_seconds is not None]
        return statistics.median(cpu) if cpu else None

    @property
    def peak_rss_mb(self) -> float | None:
        rss = [t.peak_rss_mb for t in self.trials if t.peak_rss_mb is not None]
        return max(rss) if rss else None

    @property
    def others_median(self) -> float | None:
        others = [t.others_cpu_seconds for t in self.trials if t.others_cpu_seconds is not None]
        return statistics.median(others) if others else None


# ---------------------------------------------------------------------------------------------
# Building the corpus


def render_article(record: dict[str, object]) -> str | None:
    """Title, blank line, then the paragraphs separated by blank lines; None if there is no body."""
    title = str(record.get("title") or "").strip()
    raw = record.get("paragraphs")
    paragraphs = [str(p).strip() for p in raw if str(p).strip()] if isinstance(raw, list) else []
    if not title or not paragraphs:
        return None
    return "\n\n".join([title, *paragraphs])


def load_articles(corpora: Path) -> dict[str, list[Article]]:
    articles: dict[str, list[Article]] = {}
    for lang in LANGUAGES:
        path = corpora / f"wikinews_{lang}.jsonl"
        with path.open(encoding="utf-8") as fh:
            rendered = (render_article(json.loads(line)) for line in fh if line.strip())
            articles[lang] = [Article(lang, text) for text in rendered if text]
    return articles


class Deck:
    """Deals one language's articles in shuffled rounds, so every article is used about equally."""

    def __init__(self, articles: list[Article], rng: random.Random) -> None:
        self.articles = articles
        self.rng = rng
        self.pending: list[Article] = []

    def deal(self, avoid: list[Article]) -> Article:
        """The next article that is not already in the file (`avoid`)."""
        if len(avoid) >= len(self.articles):  # the file already holds every article of the language
            avoid = []
        while True:
            for i in range(len(self.pending) - 1, -1, -1):
                if self.pending[i] not in avoid:
                    return self.pending.pop(i)
            round_ = list(self.articles)
            self.rng.shuffle(round_)
            self.pending = round_ + self.pending  # dealt from the end: the old round goes first


def plan_clean_files(
    articles: dict[str, list[Article]], files: int, target_bytes: int, rng: random.Random
) -> list[list[Article]]:
    """Articles for each clean file: one language per file, a varying number of articles per file.

    A file's language is drawn with LANGUAGE_SHARE. The number of articles per file varies from 1
    to about twice the mean needed to reach target_bytes; files are then topped up, one article at
    a time in turn, until the corpus reaches target_bytes.
    """
    langs = [lang for lang in LANGUAGES if articles[lang]]
    weights = [LANGUAGE_SHARE[lang] for lang in langs]
    mean_size = sum(w * statistics.mean(a.size for a in articles[lang]) for w, lang in zip(weights, langs))
    mean_size /= sum(weights)
    mean_per_file = max(1.0, target_bytes / (files * mean_size))
    most = max(1, round(2 * mean_per_file - 1))
    decks = {lang: Deck(articles[lang], rng) for lang in langs}
    plan: list[list[Article]] = []
    total = 0
    for _ in range(files):
        deck = decks[rng.choices(langs, weights)[0]]
        chosen: list[Article] = []
        for _ in range(rng.randint(1, most)):
            chosen.append(deck.deal(chosen))
        plan.append(chosen)
        total += file_size(chosen)
    i = 0
    while total < target_bytes and plan:
        chosen = plan[i % len(plan)]
        before = file_size(chosen)
        chosen.append(decks[chosen[0].lang].deal(chosen))
        total += file_size(chosen) - before
        i += 1
    return plan


def file_text(chosen: list[Article]) -> str:
    return ARTICLE_SEPARATOR.join(a.text for a in chosen) + "\n"


def file_size(chosen: list[Article]) -> int:
    return len(file_text(chosen).encode("utf-8"))


def make_damaged(
    corrupt: Path, corpora: Path, scratch: Path, dest: Path, wanted: int, seed: int
) -> tuple[int, int]:
    """Run corrupt.py per language for about `wanted` files; move its files/ into dest. (files, bytes)"""
    made = made_bytes = 0
    for lang in LANGUAGES:
        share = max(1, round(wanted * LANGUAGE_SHARE[lang]))
        out = scratch / f"corrupt-{lang}"
        subprocess.run(
            [
                sys.executable,
                str(corrupt),
                "--input",
                str(corpora / f"wikinews_{lang}.jsonl"),
                "--out",
                str(out),
                "--seed",
                str(seed),
                "--files",
                str(share),
                "--per-file",
                "3",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        # corrupt.py stops early when a language runs out of articles; count what it wrote.
        for src in sorted((out / "files").glob("*.txt")):
            target = dest / f"{lang}-{src.name}"
            shutil.move(str(src), target)
            made += 1
            made_bytes += target.stat().st_size
        shutil.rmtree(out)
    return made, made_bytes


def corpus_key(args: argparse.Namespace, corpora: Path, corrupt: Path | None) -> str:
    """A short hash of everything the corpus depends on, so a changed input builds a new corpus."""
    parts: list[object] = [
        CORPUS_FORMAT,
        LANGUAGE_SHARE,
        args.seed,
        args.files,
        args.min_mb,
        args.damaged_fraction,
    ]
    inputs = [corpora / f"wikinews_{lang}.jsonl" for lang in LANGUAGES]
    if corrupt is not None:
        inputs.append(corrupt)
    for path in inputs:
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:12]


def build_corpus(args: argparse.Namespace, work: Path, shared: Path) -> Corpus:
    corpora = shared / "corpora"
    corrupt = shared / "eval" / "corrupt.py"
    use_corrupt = args.damaged_fraction > 0 and corrupt.is_file()
    if args.damaged_fraction > 0 and not use_corrupt:
        print(f"note: {corrupt} not found; the corpus is clean text only", file=sys.stderr)
    key = corpus_key(args, corpora, corrupt if use_corrupt else None)
    home = work / f"corpus-{key}"
    manifest = home / "manifest.json"
    if manifest.is_file():
        saved: dict[str, int] = json.loads(manifest.read_text(encoding="utf-8"))
        return Corpus(
            home / "corpus",
            files=saved["files"],
            clean_files=saved["clean_files"],
            damaged_files=saved["damaged_files"],
            clean_bytes=saved["clean_bytes"],
            damaged_bytes=saved["damaged_bytes"],
            articles=saved["articles"],
            reused=True,
        )

    if home.exists():  # an interrupted build
        shutil.rmtree(home)
    root = home / "corpus"
    (root / "clean").mkdir(parents=True)
    (root / "damaged").mkdir(parents=True)
    damaged_files = damaged_bytes = 0
    if use_corrupt:
        wanted = round(args.files * args.damaged_fraction)
        damaged_files, damaged_bytes = make_damaged(
            corrupt, corpora, home, root / "damaged", wanted, args.seed
        )
    rng = random.Random(args.seed)
    plan = plan_clean_files(
        load_articles(corpora), args.files - damaged_files, args.min_mb * MB - damaged_bytes, rng
    )
    clean_bytes = 0
    width = len(str(len(plan)))
    for number, chosen in enumerate(plan):
        data = file_text(chosen).encode("utf-8")
        (root / "clean" / f"{number:0{width}d}-{chosen[0].lang}.txt").write_bytes(data)
        clean_bytes += len(data)
    corpus = Corpus(
        root,
        files=len(plan) + damaged_files,
        clean_files=len(plan),
        damaged_files=damaged_files,
        clean_bytes=clean_bytes,
        damaged_bytes=damaged_bytes,
        articles=sum(len(chosen) for chosen in plan),
    )
    # Written last: a folder without a manifest is an interrupted build and is rebuilt.
    saved = {k: v for k, v in asdict(corpus).items() if k not in ("root", "reused")}
    manifest.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
    return corpus


def corpus_files(root: Path) -> list[Path]:
    """The corpus's files in the order newslint's discovery (and the floor) walks them."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [
            Path(dirpath, name)
            for name in sorted(filenames)
            if not name.startswith(".") and name.lower().endswith((".txt", ".text"))
        ]
    return found


def corpus_jsonl(corpus: Corpus) -> Path:
    """The corpus's files as one JSONL file, a `{"id": ..., "text": ...}` record per file, in order.

    The id is the file's path inside the corpus folder; the text is the file's, byte for byte once
    decoded, so newslint sees the same documents either way. The file sits beside the corpus folder,
    not in it, so that checking the folder never picks it up. Built once and kept with the corpus.
    """
    path = corpus.root.parent / "corpus.jsonl"
    if not path.is_file():
        partial = path.with_suffix(".jsonl.partial")
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            for file in corpus_files(corpus.root):
                record = {"id": file.relative_to(corpus.root).as_posix(), "text": file.read_text("utf-8")}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        partial.replace(path)  # complete or absent: an interrupted export is redone
    return path


# ---------------------------------------------------------------------------------------------
# Timing


def max_rss_mb(maxrss: int) -> float:
    # ru_maxrss is in kilobytes on Linux and the BSDs, in bytes on macOS.
    return maxrss / MB if sys.platform == "darwin" else maxrss * 1024 / MB


def busy_cpu_seconds() -> float | None:
    """CPU time the whole machine has spent busy since boot (Linux's /proc/stat), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = fh.readline().split()
        ticks = [int(value) for value in fields[1:9]]  # user nice system idle iowait irq softirq steal
        return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def run_child_bytes(command: list[str], cwd: Path, capture: bool) -> tuple[Trial, bytes]:
    """Run one child process; its wall time, CPU time and peak RSS, and its stdout if captured.

    os.wait4 gives the rusage of that one child, which getrusage(RUSAGE_CHILDREN) cannot (it
    keeps the maximum over every child ever waited for).
    """
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        busy = busy_cpu_seconds()
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                command,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out if capture else subprocess.DEVNULL,
                stderr=err,
            )
        except OSError as exc:
            raise SystemExit(f"cannot run {' '.join(command)}: {exc}") from None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            after = busy_cpu_seconds()
            others = None if busy is None or after is None else max(0.0, after - busy - cpu)
            trial = Trial(seconds, cpu, max_rss_mb(usage.ru_maxrss), others)
        else:  # Windows: no per-child resource usage
            proc.wait()
            trial = Trial(time.perf_counter() - start, None, None)
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip()
            raise SystemExit(f"{' '.join(command)} exited {proc.returncode}:\n{message}")
        out.seek(0)
        return trial, out.read()


def run_child(command: list[str], cwd: Path, capture: bool) -> tuple[Trial, str]:
    """run_child_bytes with the output decoded."""
    trial, output = run_child_bytes(command, cwd, capture)
    return trial, output.decode("utf-8", "replace")


def find_newslint(option: str | None) -> list[str]:
    if option:
        return shlex.split(option)
    beside = Path(sys.executable).parent / ("newslint.exe" if os.name == "nt" else "newslint")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("newslint")
    if found:
        return [found]
    raise SystemExit("newslint not found next to this Python or on PATH; pass --newslint CMD")


def check_help(newslint: list[str], cwd: Path) -> str:
    """`newslint check --help`, run where the timed runs run, to find which options this newslint has."""
    try:
        done = subprocess.run(
            [*newslint, "check", "--help"], cwd=cwd, capture_output=True, text=True, timeout=60, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SystemExit(f"cannot run {' '.join(newslint)} check --help: {exc}") from None
    return done.stdout


def no_cache(help_text: str) -> list[str]:
    """`--no-cache` where newslint has a cache: a cached result would flatter every run after the first."""
    return ["--no-cache"] if "--no-cache" in help_text else []


def describe(newslint: list[str], cwd: Path | None = None) -> dict[str, str | None]:
    """What was measured: newslint's --version (run in `cwd`) and, from a git checkout, its commit."""

    def output(command: list[str], where: Path | None = None) -> str | None:
        try:
            done = subprocess.run(command, cwd=where, capture_output=True, text=True, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() or None

    repo = Path(__file__).resolve().parent.parent
    commit = output(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"])
    if commit and output(["git", "-C", str(repo), "status", "--porcelain", "--", "newslint", "rules"]):
        commit += " (newslint/ or rules/ modified)"
    return {"version": output([*newslint, "--version"], cwd), "commit": commit}


def config_above(folder: Path) -> Path | None:
    """A newslint config that would change the rule set when newslint runs in `folder`."""
    for parent in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_FILES:
            if (parent / name).is_file():
                return parent / name
        pyproject = parent / "pyproject.toml"
        if pyproject.is_file() and "[tool.newslint" in pyproject.read_text(
            encoding="utf-8", errors="replace"
        ):
            return pyproject
    return None


def measure(
    corpus: Corpus, newslint: list[str], repeat: int, cwd: Path
) -> tuple[Timing, Timing, Timing, str]:
    """The floor, newslint as users run it (every core), and newslint in one process."""
    floor = Timing("floor", [sys.executable, "-c", FLOOR_CODE, str(corpus.root)])
    fresh = no_cache(check_help(newslint, cwd))
    lint = Timing("newslint", [*newslint, "check", str(corpus.root), "--quiet", "--exit-zero", *fresh])
    serial = Timing("newslint --jobs 1", [*lint.command, "--jobs", "1"])
    # One untimed floor run puts the corpus in the page cache (a reused corpus may be cold).
    _, floor_output = run_child(floor.command, cwd, capture=True)
    for n in range(repeat):
        for timing in (floor, lint, serial):
            trial, _ = run_child(timing.command, cwd, capture=timing is floor)
            timing.trials.append(trial)
            print(f"  run {n + 1}/{repeat} {timing.name:<17} {trial.seconds:7.3f} s", file=sys.stderr)
    return floor, lint, serial, floor_output.strip()


# ---------------------------------------------------------------------------------------------
# Reporting


def fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def load_average() -> float | None:
    """The 1-minute load average: how busy the machine was (2.0 fills a 2-core machine)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def table(
    corpus: Corpus, floor: Timing, lint: Timing, serial: Timing, loads: tuple[float | None, float | None]
) -> str:
    mb = corpus.bytes / MB
    ratio = lint.median / floor.median
    rows = [
        f"corpus: {mb:.2f} MB in {corpus.files:,} files "
        f"({corpus.clean_bytes / MB:.2f} MB clean in {corpus.clean_files:,} files, "
        f"{corpus.damaged_bytes / MB:.2f} MB damaged by corrupt.py in {corpus.damaged_files:,} files)",
        "",
        "| command | median s (min-max) | MB/s | CPU s (median) | peak RSS MB | × floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for timing in (floor, lint, serial):
        times = [t.seconds for t in timing.trials]
        rows.append(
            f"| {timing.name} | {timing.median:.3f} ({min(times):.3f}-{max(times):.3f}) "
            f"| {mb / timing.median:.1f} | {fmt(timing.cpu_median, '.3f')} "
            f"| {fmt(timing.peak_rss_mb, '.0f')} | {timing.median / floor.median:.2f} |"
        )
    rows += ["", f"ratio newslint/floor, median wall time:  {ratio:.2f}   (the one --max-ratio gates on)"]
    rows.append(f"ratio newslint/floor, fastest wall time: {lint.fastest / floor.fastest:.2f}")
    if floor.cpu_median and lint.cpu_median:
        rows.append(f"ratio newslint/floor, median CPU time:   {lint.cpu_median / floor.cpu_median:.2f}")
    one = serial.median / floor.median
    rows.append(f"ratio newslint --jobs 1/floor (one process each), median wall time: {one:.2f}")
    rows.append("(newslint runs one worker process per core by default; its CPU time adds theirs up)")
    if loads[0] is not None and loads[1] is not None:
        rows.append(
            f"load average (1 min) before/after: {loads[0]:.2f} / {loads[1]:.2f} on {os.cpu_count()} CPUs"
        )
    if floor.peak_rss_mb is None:
        rows.append("(peak RSS and CPU time need os.wait4, which this platform lacks)")
    return "\n".join(rows)


def figures(
    args: argparse.Namespace,
    corpus: Corpus,
    floor: Timing,
    lint: Timing,
    serial: Timing,
    about: dict[str, str | None],
    loads: tuple[float | None, float | None],
) -> dict[str, object]:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "newslint": about,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_before": loads[0],
            "load_average_after": loads[1],
        },
        "args": {
            "seed": args.seed,
            "files": args.files,
            "min_mb": args.min_mb,
            "repeat": args.repeat,
            "damaged_fraction": args.damaged_fraction,
        },
        "corpus": {
            "path": str(corpus.root),
            "mb": corpus.bytes / MB,
            "files": corpus.files,
            "clean_mb": corpus.clean_bytes / MB,
            "clean_files": corpus.clean_files,
            "damaged_mb": corpus.damaged_bytes / MB,
            "damaged_files": corpus.damaged_files,
            "clean_articles": corpus.articles,
        },
        "runs": {
            timing.name: {
                "command": timing.command
                if timing is not floor
                else [*timing.command[:2], "<floor>", *timing.command[3:]],
                "median_s": timing.median,
                "min_s": timing.fastest,
                "max_s": max(t.seconds for t in timing.trials),
                "mb_per_s": corpus.bytes / MB / timing.median,
                "cpu_median_s": timing.cpu_median,
                "peak_rss_mb": timing.peak_rss_mb,
                "trials": [asdict(t) for t in timing.trials],
            }
            for timing in (floor, lint, serial)
        },
        "ratio": lint.median / floor.median,
        "serial_ratio": serial.median / floor.median,
        "fastest_ratio": lint.fastest / floor.fastest,
        "cpu_ratio": lint.cpu_median / floor.cpu_median if lint.cpu_median and floor.cpu_median else None,
        "max_ratio": args.max_ratio,
    }


# ---------------------------------------------------------------------------------------------


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that say which corpus to build, and where; shared with the other benchmarks."""
    parser.add_argument(
        "--work", type=Path, metavar="DIR", help="folder that caches the corpus (default: a temporary one)"
    )
    parser.add_argument(
        "--shared",
        type=Path,
        metavar="DIR",
        default=Path(__file__).resolve().parent.parent.parent / "shared",
        help="the shared folder holding corpora/ and eval/ (default: %(default)s)",
    )
    parser.add_argument("--files", type=int, default=2000, help="files in the corpus (default: %(default)s)")
    parser.add_argument(
        "--min-mb", type=int, default=30, help="smallest corpus size in MB (default: %(default)s)"
    )
    parser.add_argument(
        "--damaged-fraction",
        type=float,
        default=0.1,
        help="share of the files made by eval/corrupt.py; 0 for clean text only (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: %(default)s)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each command (default: %(default)s)"
    )
    parser.add_argument(
        "--newslint",
        metavar="CMD",
        help="the newslint command (default: the one next to this Python, else on PATH)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")


def check_corpus_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.files < 1 or args.repeat < 1 or args.min_mb < 0 or not 0 <= args.damaged_fraction < 1:
        parser.error("need --files >= 1, --repeat >= 1, --min-mb >= 0 and 0 <= --damaged-fraction < 1")
    missing = [f"wikinews_{lang}.jsonl" for lang in LANGUAGES]
    missing = [name for name in missing if not (args.shared / "corpora" / name).is_file()]
    if missing:
        parser.error(
            f"{args.shared / 'corpora'} lacks {', '.join(missing)}; point --shared at the shared folder"
        )


@contextmanager
def work_folder(option: Path | None) -> Iterator[Path]:
    """The absolute work folder (the children run inside it): --work, or a temporary one deleted after."""
    if option is not None:
        work = option.resolve()
        work.mkdir(parents=True, exist_ok=True)
        yield work
        return
    with tempfile.TemporaryDirectory(prefix="newslint-bench-") as temporary:
        yield Path(temporary).resolve()


def prepare_corpus(args: argparse.Namespace, work: Path) -> Corpus:
    """Build (or reuse) the corpus in `work`, saying so, and warn if a config would change the rules."""
    started = time.perf_counter()
    corpus = build_corpus(args, work, args.shared)
    how = "reused" if corpus.reused else f"built in {time.perf_counter() - started:.1f} s"
    print(f"corpus {corpus.root} ({how})", file=sys.stderr)
    config = config_above(work)
    if config is not None:
        print(
            f"warning: {config} applies to the newslint run; the rule set may not be the default",
            file=sys.stderr,
        )
    return corpus


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    add_corpus_arguments(parser)
    parser.add_argument(
        "--max-ratio",
        type=float,
        default=12.0,
        help="exit 1 if newslint/floor exceeds this (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    check_corpus_arguments(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    newslint = find_newslint(args.newslint)
    with work_folder(args.work) as work:
        corpus = prepare_corpus(args, work)
        # newslint runs inside the work folder, so a config in the caller's folder cannot change the rules.
        before = load_average()
        floor, lint, serial, floor_output = measure(corpus, newslint, args.repeat, work)
        loads = (before, load_average())
        lines, size = (int(x) for x in floor_output.split())
        if size != corpus.bytes:
            print(f"warning: the floor read {size} bytes, the corpus has {corpus.bytes}", file=sys.stderr)
        print(table(corpus, floor, lint, serial, loads))
        about = describe(newslint, work)
        print(
            f"lines: {lines:,}; measured: {about['version'] or 'newslint'}, commit {about['commit'] or '?'}"
        )
        print(f"command: {' '.join(lint.command)}")
        ratio = lint.median / floor.median
        if args.json:
            args.json.write_text(
                json.dumps(figures(args, corpus, floor, lint, serial, about, loads), indent=2) + "\n",
                encoding="utf-8",
            )
        if ratio > args.max_ratio:
            print(f"FAIL: newslint is {ratio:.2f}x the floor, above --max-ratio {args.max_ratio:g}")
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())

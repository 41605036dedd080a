"""Running a check or a fix over many inputs: one after another, in a pool of processes, or on Ray.

The work is cut into units: a plain file is one unit, a corpus (JSONL, gzip'd JSONL, Parquet) is
read here and cut into shards of consecutive records (a shard names its records by position, and
the workers, forked after the reading, find them in memory: nothing is pickled to send them).
Each unit is processed by one function that never prints; it returns an Outcome, and the
outcomes of a corpus's shards are folded back into one before the corpus is written (by `fix`)
or reported. Units go out in input order and come back in
input order, so the output is the same whatever the number of jobs (datatrove's split: the steps
never know how they are run). With `engine="ray"`, ray_engine runs the same unit functions in Ray
tasks, sending the workers what the pool's workers inherit.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Protocol

from newslint import corpus, engine
from newslint.cache import Cache, CachedResult
from newslint.checks.base import Rule, Settings
from newslint.corpus import Parsed
from newslint.document import Document, Line, split_lines
from newslint.files import InputError, TextFile, read_file, write_file
from newslint.model import Finding
from newslint.packs import PackError
from newslint.report import Source, SourceKey

# A pool costs a process start per core; below this many documents (a pre-commit run) it does
# not pay.
POOL_MIN_DOCUMENTS = 16
# Records per shard of a corpus: at least enough work to outweigh sending it to a worker, at most
# what keeps every core busy to the end (about eight shards per job for one corpus).
SHARD_MIN_RECORDS = 20
SHARD_MAX_RECORDS = 200
SHARDS_PER_JOB = 8


@dataclass(frozen=True)
class Task:
    """What to do with each document of the inputs that one configuration governs."""

    rules: tuple[Rule, ...]
    settings: Settings
    fix: bool = False
    unsafe: bool = False
    diff: bool = False  # with fix: compute a diff instead of writing
    text_field: str = "text"  # where a corpus record keeps its text
    id_field: str = "id"  # and its id (else the line number)
    cache: Cache | None = None  # a check reads earlier findings of unchanged texts from it


@dataclass(frozen=True)
class Input:
    """A file to process and the task (by index into the run's tasks) that governs it."""

    path: str
    task: int = 0


@dataclass(frozen=True)
class Unit:
    """One piece of work for one process: a whole file, or consecutive records of a corpus."""

    path: str
    task: int
    shard: Shard | None = None  # records of a corpus; None: a plain text file

    @property
    def documents(self) -> int:
        return 1 if self.shard is None else self.shard.stop - self.shard.start


@dataclass(frozen=True)
class Shard:
    """Records start..stop (exclusive) of the run's corpus number `corpus` (see `run`)."""

    corpus: int
    start: int
    stop: int


@dataclass
class Outcome:
    """What happened to one input: findings (all of them, or what a fix left), errors, changes."""

    label: str
    findings: list[Finding] = field(default_factory=list)
    sources: dict[SourceKey, Source] = field(default_factory=dict)  # context of the findings
    errors: list[str] = field(default_factory=list)
    checked: int = 0  # documents checked: 1 for a file, the records of a corpus
    resolved: int = 0  # findings that fixing made go away
    changed: bool = False
    diff: str = ""
    fixed: TextFile | None = None  # the fixed input, when it is not written back (standard input)
    texts: dict[int, str] = field(default_factory=dict)  # corpus fix: record index -> fixed text
    corpus: bool = False  # the input is a corpus (its documents are records)
    cache_new: list[tuple[bytes, CachedResult]] = field(default_factory=list)  # to store
    cache_used: list[bytes] = field(default_factory=list)  # hits to mark as used today
    parsed: Parsed | None = None  # a JSONL check: what the whole-file checks need

    def merge(self, other: Outcome) -> None:
        """Fold the outcome of one of this input's units (a file's one, a corpus's shards) into it."""
        self.findings.extend(other.findings)
        self.sources.update(other.sources)
        self.errors.extend(other.errors)
        self.checked += other.checked
        self.resolved += other.resolved
        self.changed |= other.changed
        self.diff += other.diff
        self.texts.update(other.texts)
        self.cache_new.extend(other.cache_new)
        self.cache_used.extend(other.cache_used)
        self.fixed = other.fixed or self.fixed
        if other.parsed is not None:
            if self.parsed is None:
                self.parsed = Parsed()
            self.parsed.add(other.parsed)


def _document(task: Task, outcome: Outcome, doc: Document, file_line: int | None = None) -> str | None:
    """Lint or fix one document into `outcome`; the fixed text, or None when it did not change.

    `file_line` is where a corpus record sits in its file (reports on the file point there).
    """
    outcome.checked += 1
    try:
        if not task.fix:
            _lint(task, outcome, doc, file_line)
            return None
        result = engine.fix(doc, task.rules, task.settings, unsafe=task.unsafe)
    except PackError as exc:
        outcome.errors.append(str(exc))
        return None
    label = doc.path if doc.record is None else f"{doc.path}[{doc.record}]"
    if not result.converged:
        outcome.errors.append(
            f"{label}: fixes did not converge after {engine.MAX_PASSES} passes "
            f"(rules: {', '.join(result.unconverged_codes)}); left unchanged. This is a bug: "
            "please report it with the file."
        )
        return None
    changed = result.text != doc.text
    _add(outcome, doc, result.remaining, split_lines(result.text) if changed else doc.lines, file_line)
    if not changed:
        return None
    outcome.changed = True
    outcome.resolved += result.fixed
    if task.diff:
        outcome.diff += unified_diff(label, doc.text, result.text)
    return result.text


def _lint(task: Task, outcome: Outcome, doc: Document, file_line: int | None) -> None:
    """A check of one document: from the cache when its text was checked before, else the rules."""
    if task.cache is None:
        _add(outcome, doc, engine.lint(doc, task.rules, task.settings), doc.lines, file_line)
        return
    digest = task.cache.digest(doc.text)
    hit = task.cache.get(digest)
    if hit is not None:
        findings, source = hit.bind(doc.path, doc.record)
        if findings:
            outcome.findings.extend(findings)
            outcome.sources[(doc.path, doc.record)] = replace(source, file_line=file_line)
        if hit.stale:
            outcome.cache_used.append(digest)
        return
    findings = engine.lint(doc, task.rules, task.settings)
    context = _add(outcome, doc, findings, doc.lines, file_line)
    outcome.cache_new.append((digest, CachedResult.of(findings, context)))


def _add(
    outcome: Outcome, doc: Document, findings: list[Finding], lines: Sequence[Line], file_line: int | None
) -> Source | None:
    """Record a document's findings and the lines around them; the Source, if there are any."""
    if not findings:
        return None
    outcome.findings.extend(findings)
    source = Source.around(doc.path, doc.record, [line.text for line in lines], findings, file_line)
    outcome.sources[(doc.path, doc.record)] = source
    return source


def process(task: Task, label: str, source: TextFile, write: bool = True) -> Outcome:
    """Lint or fix one decoded text file; with `write`, a changed file is written back in place."""
    outcome = Outcome(label)
    fixed = _document(task, outcome, Document(source.text, label))
    if task.fix and not task.diff:
        if not write:
            outcome.fixed = source if fixed is None else replace(source, text=fixed)
        elif fixed is not None and not outcome.errors:
            write_back(outcome, source, fixed)
    return outcome


def write_back(outcome: Outcome, source: TextFile, text: str) -> None:
    """Write a fixed file in place, in its own encoding, BOM and line endings; a failure is an error."""
    try:
        write_file(source, text)
    except OSError as exc:
        outcome.errors.append(f"{outcome.label}: cannot write: {exc.strerror or exc}")


Shared = Sequence[corpus.Record] | corpus.SplitLines  # what a corpus's shards name by position


def process_unit(task: Task, unit: Unit, corpora: Sequence[Shared] = ()) -> Outcome:
    """Process one unit; a shard is `corpora[shard.corpus][shard.start:shard.stop]`: records read
    by the parent (fix), or lines of a JSONL file that this process parses (check)."""
    if unit.shard is None:
        try:
            source = read_file(unit.path)
        except InputError as exc:
            return Outcome(unit.path, errors=[str(exc)])
        return process(task, unit.path, source)
    shard = unit.shard
    shared = corpora[shard.corpus]
    if isinstance(shared, corpus.SplitLines):
        return process_lines(task, unit.path, shared.lines, shard.start, shard.stop)
    return process_records(task, unit.path, shared[shard.start : shard.stop])


def process_lines(task: Task, path: str, lines: Sequence[bytes], start: int, stop: int) -> Outcome:
    """Parse lines start..stop of a JSON Lines file (`lines[n - 1]` is line n) and lint their records."""
    parsed = corpus.parse_lines(path, lines, start, stop, task.text_field, task.id_field)
    outcome = Outcome(path, errors=list(parsed.errors))
    _records(task, outcome, parsed.records)
    # Only the counts go back to the parent, for the checks on the whole file.
    parsed.records, parsed.errors = [], []
    outcome.parsed = parsed
    return outcome


def process_records(task: Task, path: str, records: Sequence[corpus.Record]) -> Outcome:
    """Lint or fix records of a corpus; the fixed texts go to `outcome.texts` by record index."""
    outcome = Outcome(path)
    _records(task, outcome, records)
    return outcome


def _records(task: Task, outcome: Outcome, records: Sequence[corpus.Record]) -> None:
    for record in records:
        doc = Document(record.text, outcome.label, record.id)
        fixed = _document(task, outcome, doc, record.line)
        if fixed is not None:
            outcome.texts[record.index] = fixed


@dataclass
class _Planned:
    """One input cut into units; `errors` are found while planning (a corpus's broken lines)."""

    item: Input
    units: list[Unit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    data: corpus.Corpus | None = None  # a corpus, kept in this process to be written back
    shared: Shared = ()  # a corpus's records or lines, which its shards name by position


def _plan(tasks: Sequence[Task], item: Input, jobs: int, number: int) -> _Planned:
    """The units of one input; a corpus becomes the run's corpus `number`, cut into shards."""
    planned = _Planned(item)
    if not corpus.is_corpus(item.path):
        planned.units.append(Unit(item.path, item.task))
        return planned
    task = tasks[item.task]
    if not task.fix and corpus.corpus_format(item.path) in ("jsonl", "jsonl.gz"):
        # A check parses a JSON Lines file in the workers: here it is only cut into lines.
        try:
            planned.shared = lines = corpus.split_corpus(item.path)
        except InputError as exc:
            planned.errors.append(str(exc))
            return planned
        _shard(planned, number, len(lines.lines), jobs)
        return planned
    try:
        data = corpus.read_corpus(item.path, task.text_field, task.id_field)
    except InputError as exc:
        planned.errors.append(str(exc))
        return planned
    planned.errors.extend(data.errors)
    if data.errors and task.fix:
        # A corpus with broken lines is never rewritten: report them, touch nothing.
        planned.errors.append(f"{item.path}: not fixed, because of the errors above")
        return planned
    if task.fix:
        planned.data = data  # to be written back once every shard is fixed
    planned.shared = tuple(data.records)
    _shard(planned, number, len(data.records), jobs)
    return planned


def _shard(planned: _Planned, number: int, count: int, jobs: int) -> None:
    """Cut the run's corpus `number` (`count` records or lines) into the input's units."""
    size = min(SHARD_MAX_RECORDS, max(SHARD_MIN_RECORDS, -(-count // (jobs * SHARDS_PER_JOB))))
    for start in range(0, count, size):
        shard = Shard(number, start, min(start + size, count))
        planned.units.append(Unit(planned.item.path, planned.item.task, shard))


class Progress(Protocol):
    def start(self, total: int) -> None: ...  # the documents of the whole run, once planned
    def advance(self, documents: int) -> None: ...


def run(
    tasks: Sequence[Task],
    inputs: Sequence[Input],
    jobs: int,
    progress: Progress | None = None,
    engine: str = "local",
) -> Iterator[Outcome]:
    """One outcome per input, in the order of `inputs`, whatever `jobs` and `engine` are.

    `engine` is "local" (a pool of `jobs` processes) or "ray" (Ray tasks; see ray_engine).
    """
    plans = [_plan(tasks, item, jobs, number) for number, item in enumerate(inputs)]
    corpora = [plan.shared for plan in plans]  # by input number; () for a plain file
    units = [unit for plan in plans for unit in plan.units]
    documents = sum(unit.documents for unit in units)
    if progress is not None:
        progress.start(documents)
    pooled = (jobs > 1 or engine == "ray") and len(units) > 1 and documents >= POOL_MIN_DOCUMENTS
    results = _map(tasks, units, corpora, jobs if pooled else 1, engine if pooled else "local")
    stores: dict[int, tuple[list[tuple[bytes, CachedResult]], list[bytes]]] = {}
    for plan in plans:
        outcome = Outcome(plan.item.path, errors=list(plan.errors), corpus=corpus.is_corpus(plan.item.path))
        for _ in plan.units:
            part = next(results)
            outcome.merge(part)
            if progress is not None:
                progress.advance(max(1, part.checked))
        task = tasks[plan.item.task]
        if outcome.parsed is not None:
            _check_whole_file(task, outcome)
        if plan.data is not None and task.fix and not task.diff and outcome.texts:
            _write_corpus(plan.data, outcome)
        if task.cache is not None and (outcome.cache_new or outcome.cache_used):
            stores.setdefault(plan.item.task, ([], []))
            stores[plan.item.task][0].extend(outcome.cache_new)
            stores[plan.item.task][1].extend(outcome.cache_used)
        yield outcome
    for index, (new, used) in stores.items():
        cache = tasks[index].cache
        assert cache is not None
        cache.put_many(new, used)  # once, in this process, in one transaction


def _check_whole_file(task: Task, outcome: Outcome) -> None:
    """What read_corpus does for a whole file, for one parsed in shards: when no record has the
    text field (or a named id field), that one error replaces everything the shards found."""
    assert outcome.parsed is not None
    whole = outcome.parsed.whole_file_error(outcome.label, task.text_field, task.id_field)
    if whole is not None:
        outcome.errors = [whole]
        outcome.findings, outcome.sources, outcome.cache_new, outcome.checked = [], {}, [], 0


def _write_corpus(data: corpus.Corpus, outcome: Outcome) -> None:
    """Write a fixed corpus back, all of it or, after any error in its records, none of it."""
    if outcome.errors:
        outcome.errors.append(f"{data.path}: not written, because of the errors above")
        outcome.changed, outcome.resolved = False, 0
        return
    try:
        corpus.write_corpus(data, outcome.texts)
    except InputError as exc:
        outcome.errors.append(str(exc))
    except OSError as exc:
        outcome.errors.append(f"{data.path}: cannot write: {exc.strerror or exc}")
    if outcome.errors:
        outcome.changed, outcome.resolved = False, 0


def _map(
    tasks: Sequence[Task], units: Sequence[Unit], corpora: Sequence[Shared], jobs: int, engine: str = "local"
) -> Iterator[Outcome]:
    if engine == "ray":
        from newslint import ray_engine  # imports this module: imported here, when it is used

        yield from ray_engine.map_units(tasks, units, corpora, jobs)
        return
    if jobs <= 1:
        for unit in units:
            yield process_unit(tasks[unit.task], unit, corpora)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    chunk = max(1, min(64, len(units) // (jobs * 8)))
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_init_worker, initargs=(tuple(tasks), tuple(corpora))
    ) as pool:
        yield from pool.map(_worker, units, chunksize=chunk)


# What every worker of the pool shares, given once when it starts: with "fork" (Linux) the initargs
# are inherited, not pickled, so a corpus read in the parent reaches its workers for free.
_WORKER_TASKS: tuple[Task, ...] = ()
_WORKER_CORPORA: tuple[Shared, ...] = ()


def _init_worker(tasks: tuple[Task, ...], corpora: tuple[Shared, ...]) -> None:
    global _WORKER_TASKS, _WORKER_CORPORA
    _WORKER_TASKS, _WORKER_CORPORA = tasks, corpora


def _worker(unit: Unit) -> Outcome:
    return process_unit(_WORKER_TASKS[unit.task], unit, _WORKER_CORPORA)


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def unified_diff(label: str, before: str, after: str) -> str:
    diff = difflib.unified_diff(
        [line.text + line.newline for line in split_lines(before)],
        [line.text + line.newline for line in split_lines(after)],
        fromfile=label if os.path.isabs(label) else f"a/{label}",
        tofile=label if os.path.isabs(label) else f"b/{label}",
    )
    no_newline = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith(("\n", "\r")) else line + no_newline for line in diff)

"""Running a check or a fix over many files: one after another, or in a pool of processes.

The per-file work (read, lint or fix, write) is one function that never prints; it returns an
Outcome, and the command line reports outcomes in input order. So the output is the same whatever
the number of jobs, and the steps never know how they are run (datatrove's split).
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from newslint import engine
from newslint.checks.base import Rule, Settings
from newslint.document import Document, split_lines
from newslint.files import InputError, TextFile, read_file, write_file
from newslint.model import Finding
from newslint.packs import PackError

# A pool costs a process start per core; below this many files (a pre-commit run) it does not pay.
POOL_MIN_FILES = 16


@dataclass(frozen=True)
class Task:
    """What to do with each file."""

    rules: tuple[Rule, ...]
    settings: Settings
    fix: bool = False
    unsafe: bool = False
    diff: bool = False  # with fix: compute a diff instead of writing


@dataclass
class Outcome:
    """What happened to one input: findings (all of them, or what a fix left), errors, changes."""

    label: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    checked: bool = False
    resolved: int = 0  # findings that fixing made go away
    changed: bool = False
    diff: str = ""
    fixed: TextFile | None = None  # the fixed input, when it is not written back (standard input)


def process(task: Task, label: str, source: TextFile, write: bool = True) -> Outcome:
    """Lint or fix one decoded input; with `write`, a changed file is written back in place."""
    outcome = Outcome(label, checked=True)
    doc = Document(source.text, label)
    try:
        if not task.fix:
            outcome.findings = engine.lint(doc, task.rules, task.settings)
            return outcome
        result = engine.fix(doc, task.rules, task.settings, unsafe=task.unsafe)
    except PackError as exc:
        outcome.errors.append(str(exc))
        return _unchanged(outcome, source, write)
    if not result.converged:
        outcome.errors.append(
            f"{label}: fixes did not converge after {engine.MAX_PASSES} passes "
            f"(rules: {', '.join(result.unconverged_codes)}); file left unchanged. This is a bug: "
            "please report it with the file."
        )
        return _unchanged(outcome, source, write)
    outcome.findings = result.remaining
    outcome.changed = result.text != source.text
    outcome.resolved = result.fixed if outcome.changed else 0
    if task.diff:
        outcome.diff = unified_diff(label, source.text, result.text) if outcome.changed else ""
    elif not write:
        outcome.fixed = replace(source, text=result.text)
    elif outcome.changed:
        try:
            write_file(source, result.text)
        except OSError as exc:
            outcome.errors.append(f"{label}: cannot write: {exc.strerror or exc}")
    return outcome


def _unchanged(outcome: Outcome, source: TextFile, write: bool) -> Outcome:
    """An input that could not be fixed goes out as it came in: a filter must not eat its input."""
    if not write:
        outcome.fixed = source
    return outcome


def process_path(task: Task, path: str) -> Outcome:
    try:
        source = read_file(path)
    except InputError as exc:
        return Outcome(path, errors=[str(exc)])
    return process(task, path, source)


def run(task: Task, paths: Sequence[str], jobs: int) -> Iterator[Outcome]:
    """Outcomes for every path, in the order of `paths`."""
    if jobs <= 1 or len(paths) < POOL_MIN_FILES:
        for path in paths:
            yield process_path(task, path)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(task,)) as pool:
        yield from pool.map(_worker, paths, chunksize=chunk)


_WORKER_TASK: Task | None = None


def _init_worker(task: Task) -> None:
    global _WORKER_TASK
    _WORKER_TASK = task


def _worker(path: str) -> Outcome:
    assert _WORKER_TASK is not None
    return process_path(_WORKER_TASK, path)


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

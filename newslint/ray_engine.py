"""Running newslint's work as Ray tasks: on a local Ray started for the run, or on a cluster.

Why Ray, and not Dask or Spark: ../shared/research/dataquality-anchors.md §9. Ray is an optional
dependency (`pip install 'newslint[ray]'`): it is imported inside functions (with importlib, so
that newslint imports and type-checks without it), and a missing Ray is `RayUnavailable`, which
the command line prints as one line (exit 2).

Two layers:

- `ray_map(function, items, shared)`: a generic, order-preserving map over Ray tasks, for any stage
  (linting here; deduplication later). `shared` goes into the object store once; items go out in
  batches, a few in flight per CPU, so the driver holds a bounded part of a lazy `items` at once;
  results come back in item order. `session()` connects to Ray for a block of such maps.
- `map_units`: what `runner._map` does with a process pool, on Ray. The output is the same as with
  `--jobs 1`, byte for byte, because the workers run the very functions the local pool runs
  (`runner.process`, `process_lines`, `process_records`) and the outcomes come back in unit order.

Workers may be on other machines, so they never touch the user's files or the cache:

- Files: the driver reads each plain file and sends its decoded text (with its encoding and BOM);
  a worker fixes it without writing (`runner.process(write=False)`) and returns the fixed text
  only when it changed; the driver writes it back with `runner.write_back`, as the local path does
  (`files.write_file`: same encoding, BOM, line endings, permissions, atomic replace). A corpus is
  read by the driver as for the local pool (its lines for a JSONL check, its records otherwise);
  each shard's lines or records travel as task arguments, so Ray moves them through its object
  store; the driver writes a fixed corpus back once all its shards are in (`runner.run`).
- The cache (a SQLite file beside the driver) is never opened by a worker. The simplest correct
  design: the Ray engine does not read it (every document is linted), and workers compute entries
  against `Cache.off(key)` (same digests, no database), which `runner.run` stores in the driver at
  the end, as it does for the local pool. A later local run therefore hits.
- One exception: `check --index PATH` (DUP101/DUP102) opens the index where the rules run, so on
  a cluster the index must be at that path on every node.

Tasks, settings, packs and rules pickle (cloudpickle sends rule functions by reference), so newslint,
at the driver's version, must be installed on every node of a cluster. Tasks are pure, so Ray may
retry one after a worker dies without changing the result.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import replace
from typing import Any, TypeVar, overload

from newslint import corpus, runner
from newslint.cache import Cache
from newslint.files import InputError, TextFile, read_file

MISSING = "--engine ray needs Ray: pip install 'newslint[ray]'"
BATCHES_PER_CPU = 4  # batches per CPU of the cluster: enough to even out slow and fast batches
MAX_BATCH = 64  # items per batch at most (the local pool's chunks are as large)
IN_FLIGHT_PER_CPU = 4  # batches submitted and not yet collected, per CPU: bounds the driver's memory

T = TypeVar("T")
R = TypeVar("R")


class RayUnavailable(Exception):
    """Ray is not installed, or cannot be started or reached; the message is one line."""


def require() -> Any:
    """The `ray` module, or RayUnavailable saying how to install it."""
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise RayUnavailable(MISSING) from None


@contextlib.contextmanager
def session(num_cpus: int | None = None, address: str | None = None) -> Iterator[Any]:
    """Ray, ready for the block; yields the `ray` module.

    A Ray already initialised in this process (a caller's session, a test's fixture) is used as it
    is and left running. Otherwise this connects to the cluster at `address` or $RAY_ADDRESS
    (`ray://head:10001`, `auto` for the cluster that `ray start` joined this machine to), or starts
    a local Ray with `num_cpus` CPUs (default: every core), and shuts it down at the end. Ray logs
    only errors, to standard error, and workers' output is not forwarded: standard output is
    newslint's.
    """
    ray = require()
    if ray.is_initialized():
        yield ray
        return
    address = address or os.environ.get("RAY_ADDRESS") or None
    quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address:
            ray.init(address=address, **quiet)
        else:  # "local": a new Ray even when `ray start` left one running on this machine
            ray.init(address="local", num_cpus=num_cpus, include_dashboard=False, **quiet)
    except Exception as exc:  # no cluster at the address, no ray[client] for ray://: one line
        reason = " ".join(str(exc).split()) or type(exc).__name__
        where = f"connect to Ray at {address}" if address else "start a local Ray"
        raise RayUnavailable(f"--engine ray: cannot {where}: {reason}") from None
    try:
        yield ray
    finally:
        ray.shutdown()


def ray_map(
    function: Callable[[T, Any], R],
    items: Iterable[T],
    shared: Any = (),
    *,
    count: int | None = None,
    batch_size: int | None = None,
    num_cpus: int | None = None,
    address: str | None = None,
) -> Iterator[R]:
    """`function(item, shared)` for every item, run in Ray tasks; the results in item order.

    `function` must be a top-level function (it is sent by reference: its module must be importable
    on the workers) and must not print or touch local files: it may run on another machine. `shared`
    is put in the object store once and every task reads it from there. Items are sent in batches
    of `batch_size` (default: the `count` items, len(items) unless given, cut into BATCHES_PER_CPU
    batches per CPU of the cluster, at most MAX_BATCH each; 1 when the count is unknown), and at
    most IN_FLIGHT_PER_CPU batches per CPU are out at once, so a lazy `items` (a generator that
    reads files) is read only as the work advances. Items and results must pickle. An exception in
    `function` is raised here, when its batch's turn comes. Ray is the session's (see `session`, to
    which `num_cpus` and `address` go); raises RayUnavailable when there is none to be had.
    Closing the iterator early cancels the batches still out.
    """
    with session(num_cpus, address) as ray:
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        if count is None and isinstance(items, Sized):
            count = len(items)
        if batch_size is None:
            batch_size = 1 if count is None else max(1, min(MAX_BATCH, count // (cpus * BATCHES_PER_CPU)))
        run_batch = ray.remote(_run_batch)
        shared_ref = ray.put(shared)
        batches = _batches(items, batch_size)
        pending = deque(
            run_batch.remote(function, batch, shared_ref)
            for batch in itertools.islice(batches, IN_FLIGHT_PER_CPU * cpus)
        )
        try:
            while pending:
                results = ray.get(pending.popleft())
                for batch in itertools.islice(batches, 1):  # a CPU is free: send the next batch
                    pending.append(run_batch.remote(function, batch, shared_ref))
                yield from results
        finally:
            for ref in pending:
                ray.cancel(ref)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _run_batch(function: Callable[[T, Any], R], batch: list[T], shared: Any) -> list[R]:
    """One Ray task: a batch of items (`shared` arrives as the value, Ray resolves the reference)."""
    return [function(item, shared) for item in batch]


# ---------------------------------------------------------------------------------------------
# The runner's units on Ray


class Lines(Sequence[bytes]):
    """Lines of a JSONL file from line `start` + 1 on, indexed as the whole file's (`parse_lines`
    reads line n at [n - 1]), so a worker gets only its shard's lines."""

    def __init__(self, start: int, lines: list[bytes]) -> None:
        self.start = start
        self.lines = lines

    def __len__(self) -> int:
        return self.start + len(self.lines)

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            raise TypeError("Lines are read one at a time")
        if index < self.start:
            raise IndexError(f"line {index + 1} is not in this shard")
        return self.lines[index - self.start]


# What a worker gets for a unit: a file's text (or why it could not be read), a JSONL shard's
# lines, or a shard's records.
Payload = TextFile | InputError | Lines | tuple[corpus.Record, ...]


def map_units(
    tasks: Sequence[runner.Task], units: Sequence[runner.Unit], corpora: Sequence[runner.Shared], jobs: int
) -> Iterator[runner.Outcome]:
    """The outcome of every unit, in order, computed in Ray tasks (`jobs`: a local Ray's CPUs)."""
    shared = tuple(
        task if task.cache is None else replace(task, cache=Cache.off(task.cache.key)) for task in tasks
    )
    payloads = _payloads(units, corpora)  # read as the batches go out
    for outcome in ray_map(_process, payloads, shared, count=len(units), num_cpus=jobs):
        if outcome.fixed is not None:  # a plain file the worker fixed: written here, where it lives
            runner.write_back(outcome, outcome.fixed, outcome.fixed.text)
            outcome.fixed = None
        yield outcome


def _payloads(
    units: Sequence[runner.Unit], corpora: Sequence[runner.Shared]
) -> Iterator[tuple[runner.Unit, Payload]]:
    """Each unit with what its worker needs, read here (lazily: as ray_map sends them)."""
    for unit in units:
        payload: Payload
        if unit.shard is None:
            try:
                payload = read_file(unit.path)
            except InputError as exc:
                payload = exc
        else:
            shard = unit.shard
            data = corpora[shard.corpus]
            if isinstance(data, corpus.SplitLines):
                payload = Lines(shard.start, data.lines[shard.start : shard.stop])
            else:
                payload = tuple(data[shard.start : shard.stop])
        yield unit, payload


def _process(item: tuple[runner.Unit, Payload], tasks: Sequence[runner.Task]) -> runner.Outcome:
    """On a worker: process one unit as `runner.process_unit` would, from what the driver sent."""
    unit, payload = item
    task = tasks[unit.task]
    if isinstance(payload, InputError):
        return runner.Outcome(unit.path, errors=[str(payload)])
    if isinstance(payload, TextFile):
        outcome = runner.process(task, unit.path, payload, write=False)
        if not outcome.changed or outcome.errors:
            outcome.fixed = None  # nothing to write back (process would not): do not send it home
        return outcome
    if isinstance(payload, Lines):
        assert unit.shard is not None
        return runner.process_lines(task, unit.path, payload, unit.shard.start, unit.shard.stop)
    return runner.process_records(task, unit.path, payload)

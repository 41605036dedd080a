"""The command line: `newslint check`, `fix` and `rule`; `split` and `learn` live in modules of their own.

Exit codes: 0 nothing found (or everything fixed), 1 findings remain, 2 a usage, configuration or
input error (every other file is still checked).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn, TextIO

from newslint import __version__, baseline, cache, config, corpus, learn, ray_engine, runner, split
from newslint.checks.base import Rule
from newslint.codes import BY_CODE, BY_NAME, RULES, SelectionError
from newslint.config import ConfigError, Resolved, Resolver
from newslint.dedup import command as dedup_command
from newslint.dedup.ref import IndexRef
from newslint.files import InputError, TextFile, atomic_output, read_stdin
from newslint.lexicon import LanguageError
from newslint.model import Finding
from newslint.packs import PackError
from newslint.progress import ProgressBar
from newslint.report import Report, Source, SourceKey
from newslint.reporters import REPORTERS, statistics
from newslint.reporters.text_report import plural, summary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
HUMAN_FORMATS = ("concise", "full")  # formats that end with a summary

DESCRIPTION = """\
newslint finds the damage scrapers leave in news text (repeated captions and headlines, page
widgets, boilerplate, OCR-style typos, glued articles) and fixes what is safe to fix."""

EPILOG = """\
examples:
  newslint check scrapes/                 report findings, exit 1 if any
  newslint check --output-format json a.txt
  newslint fix --diff scrapes/            show what `fix` would change
  newslint fix scrapes/                   apply safe fixes in place
  newslint rule DUP001                    explain a rule
  cat a.txt | newslint fix -              fix standard input to standard output
  newslint split a.txt -o articles/       one file per article (or -o FILE.jsonl)
  newslint learn corpus/ -o site.yaml     propose a site pack from one site's pages

selectors (--select, --ignore) take codes (DUP001), prefixes (DUP, OCR00) or names
(repeated-caption), comma-separated. Configuration: [tool.newslint] in pyproject.toml,
or newslint.toml."""


class UsageError(Exception):
    pass


@dataclass
class Run:
    """What a check or fix run was asked to do: the resolver that gives each input its
    configuration (the nearest config file, the command line winning), and one task per distinct
    configuration met."""

    resolver: Resolver
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    errors: int = 0
    tasks: list[runner.Task] = field(default_factory=list)
    task_of: dict[Resolved, int] = field(default_factory=dict)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule that some input ran, for reports (SARIF lists them)."""
        return tuple(dict.fromkeys(rule for task in self.tasks for rule in task.rules))

    def error(self, message: str) -> None:
        self.errors += 1
        self.err.write(f"newslint: error: {message}\n")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, got {value!r}")
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslint",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newslint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    config.add_override_arguments(common)  # --select, --ignore, --exclude, --config, ...
    common.add_argument("--unsafe-fixes", action="store_true", help="also show or apply unsafe fixes")
    common.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    common.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    common.add_argument(
        "--stdin-filename", metavar="NAME", help="the name to report for standard input (default: -)"
    )
    common.add_argument(
        "--text-field", default="text", metavar="NAME", help="the field of a corpus record holding its text"
    )
    common.add_argument(
        "--id-field",
        default="id",
        metavar="NAME",
        help="the field naming a corpus record in findings (default: id, else the line number)",
    )
    common.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="processes to use for many files (default: every core; 1 runs in this process)",
    )
    common.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where the work runs: local processes (default), or Ray tasks on the cluster at "
        "$RAY_ADDRESS, else on a local Ray of --jobs CPUs (needs: pip install 'newslint[ray]')",
    )

    check = commands.add_parser(
        "check",
        parents=[common],
        help="report findings",
        description="Report the damage found in the given files.",
    )
    check.add_argument(
        "--output-format",
        choices=sorted(REPORTERS),
        default="concise",
        help="how to print findings (default: concise)",
    )
    check.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE")
    check.add_argument(
        "--baseline", metavar="FILE", help="report only findings not recorded in this baseline file"
    )
    check.add_argument(
        "--write-baseline", metavar="FILE", help="record the current findings in FILE (then exit 0)"
    )
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument(
        "--cache-dir",
        metavar="DIR",
        default=cache.DEFAULT_FOLDER,
        help=f"where the cache lives (default: {cache.DEFAULT_FOLDER} in the current folder)",
    )
    check.add_argument(
        "--statistics", action="store_true", help="print counts per rule (and how many are fixable)"
    )
    check.add_argument(
        "--index",
        metavar="PATH",
        help="report articles already in this index (DUP101) or near copies of its articles (DUP102); "
        "see `newslint index add`",
    )

    fix = commands.add_parser(
        "fix",
        parents=[common],
        help="apply safe fixes in place",
        description="Apply safe fixes (unsafe ones too with --unsafe-fixes) in place; report what remains.",
    )
    fix.add_argument("--diff", action="store_true", help="print a unified diff instead of writing files")

    rule = commands.add_parser("rule", help="explain a rule", description="Print a rule's documentation.")
    rule.add_argument("code", nargs="?", metavar="CODE", help="a rule code or name, e.g. DUP001")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument("--output-format", choices=["text", "json"], default="text")
    split.add_parser(commands)
    learn.add_parser(commands)
    config.add_parser(commands)
    dedup_command.add_parser(commands)
    dedup_command.add_index_parser(commands)
    return parser


def entry() -> NoReturn:
    """The `newslint` command: main(), then an exit that skips tearing the interpreter down.

    Freeing every object and module takes 50-70 ms after a big run, a tenth of what `newslint
    dedup` spends outside its workers; mypy exits the same way. Files are written and closed by
    then (through context managers), and so are the cache and the indexes that main() opened;
    the indexes that `check --index` keeps open for the run are closed here, and standard output
    and error are flushed. Output that cannot be written is an error (exit 2); a reader that went
    away is not. The interpreter exits as usual when Ray was started (its exit handlers stop what
    it started) and under a profiler or tracer (cProfile and coverage write their data at exit).
    """
    code = main()
    lookup = sys.modules.get("newslint.dedup.lookup")
    if lookup is not None:
        lookup.close_all()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # the reader went away: nothing left to tell it
        except OSError as exc:
            with contextlib.suppress(OSError):
                sys.stderr.write(f"newslint: error: cannot write the output: {exc.strerror or exc}\n")
                sys.stderr.flush()
            code = EXIT_ERROR
    if "ray" in sys.modules or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        if args.command == "fix":
            return run_fix(args)
        if args.command == "rule":
            return run_rule(args)
        if args.command == "split":
            return split.run(args)
        if args.command == "learn":
            return learn.run(args)
        if args.command == "config":
            return config.run(args)
        if args.command == "dedup":
            return dedup_command.run(args)
        if args.command == "index":
            return dedup_command.run_index(args)
        parser.print_help()
        return EXIT_ERROR
    except (UsageError, ConfigError, PackError, SelectionError, LanguageError, baseline.BaselineError) as exc:
        sys.stderr.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR
    except ray_engine.RayUnavailable as exc:  # Ray missing or unreachable: one line, no traceback
        sys.stderr.write(f"newslint: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except OSError as exc:  # input errors are InputErrors by now: this is mostly output (a full disk)
        where = f"{exc.filename}:" if exc.filename else "cannot write the output:"
        sys.stderr.write(f"newslint: error: {where} {exc.strerror or exc}\n")
        return EXIT_ERROR


def _resolve(args: argparse.Namespace) -> Run:
    return Run(Resolver(config.overrides_from_args(args)))


def _inputs(args: argparse.Namespace, run: Run) -> list[str | runner.Outcome]:
    """Every file to process in order ("-" for standard input), and an Outcome for a bad path."""
    if args.paths.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    inputs: list[str | runner.Outcome] = []
    for raw in args.paths:
        unreadable: list[str] = []
        try:
            found = list(run.resolver.discover([raw], unreadable))
        except InputError as exc:
            inputs.append(runner.Outcome(raw, errors=[str(exc)]))
            continue
        skipped = run.resolver.overrides.force_exclude and raw != "-" and run.resolver.is_excluded(raw)
        if not found and not unreadable and not skipped:  # a pre-commit hook's excluded file: silence
            run.err.write(
                f"newslint: warning: nothing to check under {raw} (no *.txt, *.text or corpus files)\n"
            )
        inputs.extend(found)
        inputs.extend(runner.Outcome(raw, errors=[message]) for message in unreadable)
    return inputs


TaskFactory = Callable[[Resolved], runner.Task]


def _task_index(run: Run, path: str, make_task: TaskFactory) -> int:
    """The index in run.tasks of the task for `path`'s configuration (one task per distinct one)."""
    resolved = run.resolver.for_path(path)
    index = run.task_of.get(resolved)
    if index is None:
        index = run.task_of[resolved] = len(run.tasks)
        run.tasks.append(make_task(resolved))
    return index


def _outcomes(args: argparse.Namespace, run: Run, make_task: TaskFactory) -> Iterator[runner.Outcome]:
    """The outcome of every input, in order: files and corpora through the runner, stdin here."""
    if args.engine == "ray":
        ray_engine.require()  # a missing Ray is a usage error, before any file is read
    inputs = _inputs(args, run)
    files = [
        runner.Input(item, _task_index(run, item, make_task))
        for item in inputs
        if isinstance(item, str) and item != "-"
    ]
    label = args.stdin_filename or "-"
    if "-" in inputs and corpus.is_corpus(label):
        raise UsageError(
            f"{label}: a corpus cannot be read from standard input; give its path "
            "(newslint reads .jsonl, .jsonl.gz and .parquet files directly)"
        )
    stdin_task = _task_index(run, label, make_task) if "-" in inputs else None
    bar = ProgressBar(run.err)
    jobs = args.jobs or runner.default_jobs()
    processed = runner.run(run.tasks, files, jobs, progress=bar, engine=args.engine)
    try:
        for item in inputs:
            if isinstance(item, runner.Outcome):
                yield item
            elif item != "-":
                yield next(processed)
            else:
                assert stdin_task is not None
                try:
                    source = read_stdin()
                except InputError as exc:
                    yield runner.Outcome(label, errors=[str(exc)])
                    continue
                yield runner.process(run.tasks[stdin_task], label, source, write=False)
        for _ in processed:  # none left; the runner stores the cache once its last outcome is out
            pass
    finally:
        bar.close()


def _tasks(args: argparse.Namespace, cached: bool = False, **kwargs: bool) -> TaskFactory:
    """How to make the task for one configuration; `cached`: a check that reads and fills the cache."""

    index = _index_ref(args)

    def make(resolved: Resolved) -> runner.Task:
        settings = resolved.settings if index is None else replace(resolved.settings, index=index)
        key = cache.config_key(resolved.rules, settings)
        store = cache.Cache.open(args.cache_dir, key) if cached else None
        return runner.Task(
            resolved.rules,
            settings,
            text_field=args.text_field,
            id_field=args.id_field,
            cache=store,
            **kwargs,
        )

    return make


def _index_ref(args: argparse.Namespace) -> IndexRef | None:
    """The index that --index names, checked now: a bad one is one error, not one per file."""
    path = getattr(args, "index", None)
    if path is None:
        return None
    from newslint.dedup.index import Index, IndexFileError

    try:
        index = Index.open_readonly(path)
        ref = index.ref()
        index.close()
    except IndexFileError as exc:
        raise UsageError(str(exc)) from None
    return ref


def run_check(args: argparse.Namespace) -> int:
    run = _resolve(args)
    for target in (args.output_file, args.write_baseline):
        if target and not Path(target).absolute().parent.is_dir():
            # Say so before the batch is read, not after.
            raise UsageError(f"{target}: cannot write there: no such folder")
    known = baseline.load(args.baseline) if args.baseline else None
    report, paths, corpora = _collect(args, run)
    if args.write_baseline:
        recorded = baseline.write(args.write_baseline, report)
        run.err.write(f"newslint: recorded {plural(recorded, 'finding')} in {args.write_baseline}\n")
        return EXIT_ERROR if run.errors else EXIT_CLEAN
    if known is not None:
        report = _apply_baseline(args.baseline, known, report, paths, run.err)
    with _output(args, run) as out:
        if args.statistics:
            statistics.write(report, out, args.output_format)
        else:
            REPORTERS[args.output_format](report, out)
        if args.output_format in HUMAN_FORMATS and not args.quiet and not args.statistics:
            noun = "document" if corpora else "file"
            out.write(summary(report.findings, report.checked, args.unsafe_fixes, run.errors, noun) + "\n")
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.findings and not args.exit_zero else EXIT_CLEAN


def _collect(args: argparse.Namespace, run: Run) -> tuple[Report, set[str], bool]:
    """Check every input: the report, the paths that were read, and whether corpora were among them."""
    findings: list[Finding] = []
    sources: dict[SourceKey, Source] = {}
    messages: list[str] = []
    paths: set[str] = set()
    corpora = False
    checked = 0
    for outcome in _outcomes(args, run, _tasks(args, cached=not args.no_cache)):
        for message in outcome.errors:
            run.error(message)
        messages.extend(outcome.errors)
        checked += outcome.checked
        corpora |= outcome.corpus
        if outcome.checked:
            paths.add(outcome.label)
        findings.extend(outcome.findings)
        sources.update(outcome.sources)
    caches = [task.cache for task in run.tasks if task.cache is not None]
    for store in caches:
        store.close()
    warning = next((store.warning for store in caches if store.warning), None)
    if warning:  # one line, however many configurations share the cache
        run.err.write(f"newslint: warning: {warning}\n")
    return Report(findings, sources, run.rules, checked, messages, args.unsafe_fixes), paths, corpora


def _apply_baseline(
    name: str, known: baseline.Baseline, report: Report, paths: set[str], err: TextIO
) -> Report:
    """The report without what the baseline accepts; a word on entries that no longer match."""
    report, stale = known.apply(report, checked=paths)
    if stale:
        err.write(f"newslint: {baseline.stale_message(stale)}\n")
    named = {entry.path for entry in known.entries}
    if named and not named & {baseline.normalise_path(path) for path in paths}:
        err.write(
            f"newslint: warning: no file of this run is in {name}; its paths are relative "
            "to the folder it was written from, so run newslint from there\n"
        )
    return report


@contextlib.contextmanager
def _output(args: argparse.Namespace, run: Run) -> Iterator[TextIO]:
    """Standard output, or the --output-file, written whole or not at all (never half a report)."""
    if not args.output_file:
        yield run.out
        return
    path = Path(args.output_file)
    try:
        with atomic_output(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            yield text
            text.flush()
            text.detach()  # atomic_output closes the file itself, once it is complete
    except OSError as exc:
        raise UsageError(f"{args.output_file}: cannot write the report: {exc.strerror or exc}") from None


def run_fix(args: argparse.Namespace) -> int:
    run = _resolve(args)
    make_task = _tasks(args, fix=True, unsafe=args.unsafe_fixes, diff=args.diff)
    remaining: list[Finding] = []
    fixed_total = files_changed = diffs = 0
    for outcome in _outcomes(args, run, make_task):
        for message in outcome.errors:
            run.error(message)
        if outcome.errors:
            if outcome.fixed is not None:
                _write_stdout(run.out, outcome.fixed)  # standard input passes through unchanged
            continue
        remaining.extend(outcome.findings)
        files_changed += outcome.changed
        fixed_total += outcome.resolved
        if outcome.diff:
            diffs += 1
            run.out.write(outcome.diff)
        if outcome.fixed is not None:
            _write_stdout(run.out, outcome.fixed)
    # With stdout carrying text or a diff, everything else goes to stderr.
    report = run.err if (args.diff or "-" in args.paths) else run.out
    if not args.quiet:
        REPORTERS["concise"](Report(remaining, unsafe_fixes=args.unsafe_fixes), report)
        verb = "Would fix" if args.diff else "Fixed"
        done = f"{verb} {plural(fixed_total, 'finding')} in {plural(files_changed, 'file')}"
        left = f"{plural(len(remaining), 'finding')} remaining" if remaining else "nothing remaining"
        if run.errors:  # what could not be read or written was not fixed: never "nothing remaining"
            left = f"{plural(len(remaining), 'finding')} remaining, {plural(run.errors, 'error')} (see above)"
        report.write(f"{done}; {left}.\n")
    if run.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    if args.diff:
        return EXIT_FINDINGS if diffs else EXIT_CLEAN
    return EXIT_FINDINGS if remaining else EXIT_CLEAN


def _write_stdout(out: TextIO, fixed: TextFile) -> None:
    """Write fixed standard input back in its own encoding and BOM (as text to a text-only stream)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(fixed.text)
        return
    out.flush()
    buffer.write(fixed.encode(fixed.text))
    buffer.flush()


def run_rule(args: argparse.Namespace) -> int:
    if args.all:
        if args.output_format == "json":
            items = [
                {
                    "code": r.code,
                    "name": r.name,
                    "summary": r.summary,
                    "fix": r.fix,
                    "default": r.default,
                    "explanation": r.doc,
                }
                for r in RULES
            ]
            json.dump(items, sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            code_width = max(len(r.code) for r in RULES)
            name_width = max(len(r.name) for r in RULES)
            for r in RULES:
                off = "" if r.default else " (off unless selected)"
                sys.stdout.write(f"{r.code:<{code_width}}  {r.name:<{name_width}}  {r.summary}{off}\n")
        return EXIT_CLEAN
    if not args.code:
        raise UsageError("give a rule code (e.g. `newslint rule DUP001`) or --all")
    rule = BY_CODE.get(args.code.upper()) or BY_NAME.get(args.code)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r} (see `newslint rule --all`)")
    if args.output_format == "json":
        json.dump(
            {
                "code": rule.code,
                "name": rule.name,
                "summary": rule.summary,
                "fix": rule.fix,
                "explanation": rule.doc,
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        sys.stdout.write(f"# {rule.code} {rule.name}\n\n{rule.doc}\n")
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())

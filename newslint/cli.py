"""The command line: `newslint check`, `fix` and `rule`; `split` and `learn` live in modules of their own.

Exit codes: 0 nothing found (or everything fixed), 1 findings remain, 2 a usage, configuration or
input error (every other file is still checked).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from newslint import __version__, baseline, cache, learn, runner, split
from newslint.checks.base import Rule, Settings
from newslint.codes import BY_CODE, BY_NAME, RULES, SelectionError, select_rules
from newslint.config import ConfigError, discover_config
from newslint.files import InputError, TextFile, atomic_output, discover, read_stdin
from newslint.lexicon import LanguageError, check_language
from newslint.model import Finding
from newslint.packs import PackError, pack_set
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
    """What a check or fix run was asked to do, resolved from the command line and the config."""

    rules: tuple[Rule, ...]
    settings: Settings
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    errors: int = 0

    def error(self, message: str) -> None:
        self.errors += 1
        self.err.write(f"newslint: error: {message}\n")


def _split(values: Sequence[str] | None, option: str) -> list[str] | None:
    if values is None:
        return None
    parts = [part.strip() for value in values for part in value.split(",") if part.strip()]
    if not parts:
        raise UsageError(f"{option} needs at least one rule code, prefix or name")
    return parts


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
    common.add_argument("--select", action="append", metavar="RULES", help="only these rules (default: all)")
    common.add_argument("--ignore", action="append", metavar="RULES", help="leave these rules out")
    common.add_argument(
        "--pack", action="append", default=[], metavar="FILE", help="an extra YAML rule pack (repeatable)"
    )
    common.add_argument(
        "--language", metavar="LANG", help="the lexicon's language, e.g. en, fr (default: auto, per document)"
    )
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
    return parser


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
        parser.print_help()
        return EXIT_ERROR
    except (UsageError, ConfigError, PackError, SelectionError, LanguageError, baseline.BaselineError) as exc:
        sys.stderr.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


def _resolve(args: argparse.Namespace) -> Run:
    config = discover_config()
    where = f" in {config.path}" if config.path else ""
    try:
        select_rules(config.select, config.ignore)
    except SelectionError as exc:
        raise ConfigError(f"{exc}{where}") from None
    ignore = _split(args.ignore, "--ignore") or []
    if args.select:
        # The command line wins: its --select replaces the file's whole selection, ignores included.
        rules = select_rules(_split(args.select, "--select"), ignore)
    else:
        rules = select_rules(config.select, [*config.ignore, *ignore])
    packs = pack_set([*config.packs, *args.pack])
    language = args.language or config.language or "auto"
    check_language(language)
    return Run(rules, Settings(packs, language))


def _inputs(args: argparse.Namespace, run: Run) -> list[str | runner.Outcome]:
    """Every file to process in order ("-" for standard input), and an Outcome for a bad path."""
    if args.paths.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    inputs: list[str | runner.Outcome] = []
    for raw in args.paths:
        unreadable: list[str] = []
        try:
            found = list(discover([raw], unreadable))
        except InputError as exc:
            inputs.append(runner.Outcome(raw, errors=[str(exc)]))
            continue
        if not found and not unreadable:
            run.err.write(f"newslint: warning: no text files (*.txt) under {raw}\n")
        inputs.extend(found)
        inputs.extend(runner.Outcome(raw, errors=[message]) for message in unreadable)
    return inputs


def _outcomes(args: argparse.Namespace, run: Run, task: runner.Task) -> Iterator[runner.Outcome]:
    """The outcome of every input, in order: files and corpora through the runner, stdin here."""
    inputs = _inputs(args, run)
    files = [runner.Input(item) for item in inputs if isinstance(item, str) and item != "-"]
    bar = ProgressBar(run.err)
    processed = runner.run([task], files, args.jobs or runner.default_jobs(), progress=bar)
    try:
        for item in inputs:
            if isinstance(item, runner.Outcome):
                yield item
            elif item != "-":
                yield next(processed)
            else:
                label = args.stdin_filename or "-"
                try:
                    source = read_stdin()
                except InputError as exc:
                    yield runner.Outcome(label, errors=[str(exc)])
                    continue
                yield runner.process(task, label, source, write=False)
        for _ in processed:  # none left; the runner stores the cache once its last outcome is out
            pass
    finally:
        bar.close()


def _task(args: argparse.Namespace, run: Run, cached: bool = False, **kwargs: bool) -> runner.Task:
    """The task for the run's inputs; `cached`: a check that reads and fills the cache."""
    store = cache.Cache.open(args.cache_dir, cache.config_key(run.rules, run.settings)) if cached else None
    return runner.Task(
        run.rules,
        run.settings,
        text_field=args.text_field,
        id_field=args.id_field,
        cache=store,
        **kwargs,
    )


def run_check(args: argparse.Namespace) -> int:
    run = _resolve(args)
    for target in (args.output_file, args.write_baseline):
        if target and not Path(target).absolute().parent.is_dir():
            # Say so before the batch is read, not after.
            raise UsageError(f"{target}: cannot write there: no such folder")
    known = baseline.load(args.baseline) if args.baseline else None
    task = _task(args, run, cached=not args.no_cache)
    findings: list[Finding] = []
    sources: dict[SourceKey, Source] = {}
    messages: list[str] = []
    paths: set[str] = set()
    corpora = False  # whether records of a corpus were among the documents
    checked = 0
    for outcome in _outcomes(args, run, task):
        for message in outcome.errors:
            run.error(message)
        messages.extend(outcome.errors)
        checked += outcome.checked
        corpora |= outcome.corpus
        if outcome.checked:
            paths.add(outcome.label)
        findings.extend(outcome.findings)
        sources.update(outcome.sources)
    if task.cache is not None:
        task.cache.close()
        if task.cache.warning:
            run.err.write(f"newslint: warning: {task.cache.warning}\n")
    report = Report(findings, sources, run.rules, checked, messages, args.unsafe_fixes)
    if args.write_baseline:
        recorded = baseline.write(args.write_baseline, report)
        run.err.write(f"newslint: recorded {plural(recorded, 'finding')} in {args.write_baseline}\n")
        return EXIT_ERROR if run.errors else EXIT_CLEAN
    if known is not None:
        report, stale = known.apply(report, checked=paths)
        if stale:
            run.err.write(f"newslint: {baseline.stale_message(stale)}\n")
    with _output(args, run) as out:
        if args.statistics:
            statistics.write(report, out, args.output_format)
        else:
            REPORTERS[args.output_format](report, out)
        if args.output_format in HUMAN_FORMATS and not args.quiet and not args.statistics:
            noun = "document" if corpora else "file"
            out.write(summary(report.findings, checked, args.unsafe_fixes, run.errors, noun) + "\n")
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if report.findings and not args.exit_zero else EXIT_CLEAN


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
    task = _task(args, run, fix=True, unsafe=args.unsafe_fixes, diff=args.diff)
    remaining: list[Finding] = []
    fixed_total = files_changed = diffs = 0
    for outcome in _outcomes(args, run, task):
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
        report.write(f"{done}; {left}.\n")
    if run.errors:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if diffs else EXIT_CLEAN
    return EXIT_FINDINGS if remaining and not args.exit_zero else EXIT_CLEAN


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

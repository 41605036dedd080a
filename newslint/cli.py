"""The command line: `newslint check`, `newslint fix` and `newslint rule`.

Exit codes: 0 nothing found (or everything fixed), 1 findings remain, 2 a usage, configuration or
input error (every other file is still checked).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from newslint import __version__, engine
from newslint.checks.base import Rule, Settings
from newslint.codes import BY_CODE, BY_NAME, RULES, SelectionError, select_rules
from newslint.config import ConfigError, discover_config
from newslint.document import Document
from newslint.files import InputError, TextFile, discover, read_file, read_stdin, write_file
from newslint.model import Finding
from newslint.packs import PackError, pack_set
from newslint.reporters import REPORTERS
from newslint.reporters.text_report import plural, summary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

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
    common.add_argument("--language", metavar="LANG", help="the lexicon's language (default: en)")
    common.add_argument("--unsafe-fixes", action="store_true", help="also show or apply unsafe fixes")
    common.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings remain")
    common.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    common.add_argument(
        "--stdin-filename", metavar="NAME", help="the name to report for standard input (default: -)"
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
        parser.print_help()
        return EXIT_ERROR
    except (UsageError, ConfigError, PackError, SelectionError) as exc:
        sys.stderr.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN


def _resolve(args: argparse.Namespace) -> Run:
    config = discover_config()
    select = _split(args.select, "--select") if args.select else config.select
    ignore = [*config.ignore, *(_split(args.ignore, "--ignore") or [])]
    rules = select_rules(select, ignore)
    packs = pack_set([*config.packs, *args.pack])
    language = args.language or config.language or "en"
    return Run(rules, Settings(packs, language))


def _sources(args: argparse.Namespace, run: Run) -> list[tuple[str, TextFile | None]]:
    """(label, file) for every input; file is None where reading failed (already reported)."""
    if args.paths.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    out: list[tuple[str, TextFile | None]] = []
    for raw in args.paths:
        try:
            paths = list(discover([raw]))
        except InputError as exc:
            run.error(str(exc))
            continue
        if not paths:
            run.err.write(f"newslint: warning: no text files (*.txt) under {raw}\n")
        for path in paths:
            try:
                source = read_stdin() if path == "-" else read_file(path)
            except InputError as exc:
                run.error(str(exc))
                out.append((path, None))
                continue
            label = (args.stdin_filename or "-") if path == "-" else path
            out.append((label, source))
    return out


def run_check(args: argparse.Namespace) -> int:
    run = _resolve(args)
    findings: list[Finding] = []
    checked = 0
    for label, source in _sources(args, run):
        if source is None:
            continue
        checked += 1
        try:
            findings.extend(engine.lint(Document(source.text, label), run.rules, run.settings))
        except PackError as exc:
            run.error(str(exc))
    REPORTERS[args.output_format](findings, run.out, args.unsafe_fixes)
    if args.output_format == "concise" and not args.quiet:
        run.out.write(summary(findings, checked, args.unsafe_fixes) + "\n")
    if run.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if findings and not args.exit_zero else EXIT_CLEAN


def run_fix(args: argparse.Namespace) -> int:
    run = _resolve(args)
    remaining: list[Finding] = []
    fixed_total = 0
    files_changed = 0
    diffs = 0
    for label, source in _sources(args, run):
        if source is None:
            continue
        doc = Document(source.text, label)
        try:
            result = engine.fix(doc, run.rules, run.settings, unsafe=args.unsafe_fixes)
        except PackError as exc:
            run.error(str(exc))
            continue
        if not result.converged:
            run.error(
                f"{label}: fixes did not converge after {engine.MAX_PASSES} passes "
                f"(rules: {', '.join(result.unconverged_codes)}); file left unchanged. This is a bug: "
                "please report it with the file."
            )
            continue
        remaining.extend(result.remaining)
        changed = result.text != source.text
        if changed:
            files_changed += 1
            fixed_total += sum(result.applied.values())
        if args.diff:
            if changed:
                diffs += 1
                run.out.write(_unified_diff(label, source.text, result.text))
        elif source.path == "-":
            _write_stdout(run.out, source, result.text)
        elif changed:
            try:
                write_file(source, result.text)
            except OSError as exc:
                run.error(f"{label}: cannot write: {exc.strerror or exc}")
    # With stdout carrying text or a diff, everything else goes to stderr.
    report = run.err if (args.diff or "-" in args.paths) else run.out
    if not args.quiet:
        for finding in remaining:
            REPORTERS["concise"]([finding], report, args.unsafe_fixes)
        verb = "Would fix" if args.diff else "Fixed"
        done = f"{verb} {plural(fixed_total, 'finding')} in {plural(files_changed, 'file')}"
        left = f"{plural(len(remaining), 'finding')} remaining" if remaining else "nothing remaining"
        report.write(f"{done}; {left}.\n")
    if run.errors:
        return EXIT_ERROR
    if args.diff:
        return EXIT_FINDINGS if diffs else EXIT_CLEAN
    return EXIT_FINDINGS if remaining and not args.exit_zero else EXIT_CLEAN


def _write_stdout(out: TextIO, source: TextFile, text: str) -> None:
    """Write fixed standard input back in its own encoding and BOM (as text to a text-only stream)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(source.encode(text))
    buffer.flush()


def _unified_diff(label: str, before: str, after: str) -> str:
    diff = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{label}",
        tofile=f"b/{label}",
    )
    no_newline = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith(("\n", "\r")) else line + no_newline for line in diff)


def run_rule(args: argparse.Namespace) -> int:
    if args.all:
        if args.output_format == "json":
            items = [
                {"code": r.code, "name": r.name, "summary": r.summary, "fix": r.fix, "explanation": r.doc}
                for r in RULES
            ]
            json.dump(items, sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            code_width = max(len(r.code) for r in RULES)
            name_width = max(len(r.name) for r in RULES)
            for r in RULES:
                sys.stdout.write(f"{r.code:<{code_width}}  {r.name:<{name_width}}  {r.summary}\n")
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

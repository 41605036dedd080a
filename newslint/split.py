"""`newslint split`: one record per article, from files that a scraper glued several articles into.

Articles are cut where the structure analysis starts them (the boundaries ART001 reports), and, with
--split-glued, also inside lines where the glued-article finder (ART002) sees one article run into
the next. Each article goes out either as a text file of its own (`<input stem>.<n>.txt`, its lines
exactly as in the input) or as one JSON object in a JSONL file, with its headline, captions and
body (the text without widget and boilerplate lines) beside the exact text.

Nothing is overwritten without --force, and every output file is written to a temporary file that
then replaces it, so a crash never leaves half a file.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newslint.checks.base import Context, Settings
from newslint.config import discover_config
from newslint.corpus import is_corpus
from newslint.document import Document, Line
from newslint.files import InputError, TextFile, atomic_output, discover, read_file, read_stdin
from newslint.packs import pack_set
from newslint.reporters.text_report import plural
from newslint.structure import Article, LineKind, Structure, analyze

EXIT_OK, EXIT_ERROR = 0, 2

# Lines that are page furniture, not article text: kept in "text", left out of "body".
_NOT_BODY = (LineKind.WIDGET, LineKind.BOILERPLATE)
# The glued-article finder (ART002) is optional: split works without it.
GLUED_MODULE = "newslint.checks.glued_articles"

Boundary = tuple[int, int]  # 1-based (line, column) where a glued article begins
GluedFinder = Callable[[Context], Sequence[Boundary]]


class OutputError(Exception):
    """An output that cannot be written; the message is one line that names the file."""


@dataclass(frozen=True)
class ArticleRecord:
    """One article of one input, as `split` writes it."""

    source: str
    article: int  # 1-based, in the order of the input
    line: int  # first line (1-based)
    end_line: int  # last non-blank line
    headline: str | None
    captions: tuple[str, ...]
    body: str
    text: str  # exactly as in the input, without the newline that ends its last line
    newline: str  # what ends the text in a file of its own: the input's newline there, if any
    column: int | None = None  # set when the article starts inside a line (a glued boundary)
    end_column: int | None = None  # set when it ends inside a line (exclusive)

    def as_json(self) -> dict[str, Any]:
        span: dict[str, int] = {"line": self.line, "end_line": self.end_line}
        if self.column is not None:
            span["column"] = self.column
        if self.end_column is not None:
            span["end_column"] = self.end_column
        return {
            "source": self.source,
            "article": self.article,
            "span": span,
            "headline": self.headline,
            "captions": list(self.captions),
            "body": self.body,
            "text": self.text,
        }


def split_document(
    doc: Document, settings: Settings, glued: GluedFinder | None = None
) -> list[ArticleRecord]:
    """The articles of one document, in order; with `glued`, also cut at its in-line boundaries."""
    ctx = Context(doc, settings)  # the structure is analysed once, for split and the finder
    structure = ctx.structure
    cuts = _glued_cuts(doc, ctx, glued) if glued is not None else []
    records: list[ArticleRecord] = []
    for article in structure.articles:
        inside = [c for c in cuts if doc.line(article.start).start < c < doc.line(article.end).end]
        if not inside:
            records.append(_whole_article(doc, structure, article, len(records) + 1))
            continue
        start = doc.line(article.start).start
        for end in [*inside, doc.line(article.end).end]:
            record = _piece(doc, settings, start, end, len(records) + 1)
            if record is not None:
                records.append(record)
            start = end
    return records


def _whole_article(doc: Document, structure: Structure, article: Article, number: int) -> ArticleRecord:
    first, last = doc.line(article.start), doc.line(article.end)
    return ArticleRecord(
        source=doc.path,
        article=number,
        line=article.start,
        end_line=article.end,
        headline=_headline(doc, article),
        captions=_captions(doc, [article]),
        body=_body(doc, structure.kinds, article.body_start, article.end),
        text=doc.text[first.start : last.end],
        newline=last.newline,
    )


def _piece(doc: Document, settings: Settings, start: int, end: int, number: int) -> ArticleRecord | None:
    """An article cut out of a line at glued boundaries: analysed on its own, numbered as in the input."""
    text = doc.text[start:end]
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text:
        return None
    start += lead
    end = start + len(text)
    piece = Document(text, doc.path, doc.record)
    structure = analyze(piece, settings.packs)
    articles = structure.articles
    line, column = _position(doc, start)
    end_line, end_column = _position(doc, end)
    last = doc.line(end_line)
    at_line_end = end == last.end
    return ArticleRecord(
        source=doc.path,
        article=number,
        line=line,
        end_line=end_line,
        headline=_headline(piece, articles[0]),
        captions=_captions(piece, articles),
        body=_body(piece, structure.kinds, articles[0].body_start, len(piece.lines)),
        text=text,
        newline=last.newline if at_line_end else _newline_of(doc),
        column=column if column > 1 else None,
        end_column=None if at_line_end else end_column,
    )


def _headline(doc: Document, article: Article) -> str | None:
    return None if article.headline is None else doc.line(article.headline).text.strip()


def _captions(doc: Document, articles: Sequence[Article]) -> tuple[str, ...]:
    """Each caption once, in order: the copies a page printed are damage, not more captions."""
    return tuple(dict.fromkeys(doc.line(n).text.strip() for a in articles for n in a.captions))


def _body(doc: Document, kinds: Sequence[LineKind], first: int | None, last: int) -> str:
    """The article from its first line of body to its end, without widget and boilerplate lines.

    Where a left-out line stood between blank lines, one of the blanks goes with it, so the body
    keeps one blank line between paragraphs.
    """
    if first is None:
        return ""
    kept: list[Line] = []
    left_out = False
    for number in range(first, last + 1):
        line = doc.line(number)
        kind = kinds[number - 1]
        if kind in _NOT_BODY:
            left_out = True
            continue
        if kind is LineKind.BLANK and left_out and (not kept or kept[-1].is_blank):
            continue
        left_out = False
        kept.append(line)
    while kept and kept[-1].is_blank:
        kept.pop()
    if not kept:
        return ""
    return "".join(line.text + line.newline for line in kept[:-1]) + kept[-1].text


def _glued_cuts(doc: Document, ctx: Context, glued: GluedFinder) -> list[int]:
    """Text offsets where the finder sees a new article begin inside a line (invalid ones ignored)."""
    cuts = set()
    for line, column in glued(ctx):
        if 1 <= line <= len(doc.lines) and 1 <= column <= len(doc.line(line).text) + 1:
            cuts.add(doc.line(line).start + column - 1)
    return sorted(cuts)


def _position(doc: Document, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of a text offset."""
    lo, hi = 0, len(doc.lines) - 1
    while lo < hi:  # the last line that starts at or before the offset
        mid = (lo + hi + 1) // 2
        if doc.lines[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    line = doc.lines[lo]
    return line.number, offset - line.start + 1


def _newline_of(doc: Document) -> str:
    return next((line.newline for line in doc.lines if line.newline), "\n")


def load_glued_finder() -> GluedFinder | None:
    """ART002's `glued_boundaries`, or None when this newslint does not have it."""
    try:
        module = importlib.import_module(GLUED_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != GLUED_MODULE:
            raise  # the module is there but something it imports is missing: a real error
        return None
    finder: GluedFinder | None = getattr(module, "glued_boundaries", None)
    return finder


# Writing -----------------------------------------------------------------------------------------


def refuse_existing(path: Path, force: bool) -> None:
    """Raise OutputError when `path` exists and --force was not given."""
    if not force and (path.exists() or path.is_symlink()):
        raise OutputError(f"{path}: already exists (use --force to overwrite it)")


def prepare_folder(path: Path) -> None:
    """Create an output folder (and its parents), or say in one line why it cannot be one."""
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create folder: {exc.strerror or exc}") from None


def _file_name(stem: str, number: int) -> str:
    return f"{stem}.{number}.txt"


# The command -------------------------------------------------------------------------------------

HELP = "write one file or JSONL record per article"
DESCRIPTION = """\
Split files into their articles: one text file per article in a folder (<input stem>.<n>.txt,
each article's lines exactly as in the input), or one JSON object per article in a .jsonl file
({"source", "article", "span", "headline", "captions", "body", "text"}; "body" leaves out widget
and boilerplate lines). Existing output files are never overwritten without --force."""


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "split", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for standard input")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR|FILE.jsonl",
        help="a folder for one .txt file per article, a .jsonl file, or - for JSONL on standard output",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing output files")
    parser.add_argument(
        "--pack", action="append", default=[], metavar="FILE", help="an extra YAML rule pack (repeatable)"
    )
    parser.add_argument(
        "--split-glued",
        action="store_true",
        help="also split inside lines where one article runs into the next (ART002)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only, no summary")
    return parser


@dataclass
class _Inputs:
    paths: list[str]
    errors: list[str]


def _collect(raw_paths: Sequence[str], skip_under: Path | None) -> _Inputs:
    """Every input file in order; files that a folder walk finds inside the output folder are skipped,
    so that splitting a folder into a folder of its own can be run again."""
    if raw_paths.count("-") > 1:
        raise OutputError("standard input (-) can be read only once")
    inputs = _Inputs([], [])
    for raw in raw_paths:
        try:
            found = list(discover([raw], inputs.errors))
        except InputError as exc:
            inputs.errors.append(str(exc))
            continue
        walked = raw != "-" and Path(raw).is_dir()
        for path in found:
            if walked and skip_under is not None and Path(path).resolve().is_relative_to(skip_under):
                continue
            if is_corpus(path):  # read as text, a corpus would be one "article" of raw JSON
                inputs.errors.append(
                    f"{path}: split reads text files; corpora (JSON Lines, Parquet) are not supported yet"
                )
                continue
            inputs.paths.append(path)
        if walked and not found:
            sys.stderr.write(f"newslint: warning: no text files (*.txt) under {raw}\n")
    return inputs


def _stem(path: str) -> str:
    return "stdin" if path == "-" else Path(path).stem


def _check_folder_targets(folder: Path, paths: Sequence[str], force: bool) -> None:
    """Refuse before anything is written: two inputs that would write the same names, or old output."""
    seen: dict[str, str] = {}
    for path in paths:
        key = _stem(path).casefold()  # x.txt and X.txt collide on case-insensitive file systems
        if key in seen:
            raise OutputError(
                f"{seen[key]} and {path} would both be split into {folder / _file_name(_stem(path), 1)} "
                "and so on; split them into different folders"
            )
        seen[key] = path
    if force:
        return
    for path in paths:
        pattern = re.compile(rf"{re.escape(_stem(path))}\.[0-9]+\.txt")
        for existing in sorted(folder.glob(f"{_glob_escape(_stem(path))}.*.txt")):
            if pattern.fullmatch(existing.name):
                raise OutputError(f"{existing}: already exists (use --force to overwrite it)")


def _glob_escape(text: str) -> str:
    """Text as a glob pattern that matches only itself."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _read(path: str) -> TextFile:
    return read_stdin() if path == "-" else read_file(path)


def run(args: argparse.Namespace) -> int:
    """Run `newslint split`; return the exit code (0, or 2 when an input or output failed)."""
    config = discover_config()
    settings = Settings(pack_set([*config.packs, *args.pack]), config.language or "en")
    glued: GluedFinder | None = None
    if args.split_glued:
        glued = load_glued_finder()
        if glued is None:
            sys.stderr.write(
                "newslint: warning: --split-glued: this newslint has no glued-article finder (ART002); "
                "splitting at article starts only\n"
            )
    output = args.output
    to_stdout = output == "-"
    to_jsonl = to_stdout or output.lower().endswith(".jsonl")
    report = sys.stderr if to_stdout else sys.stdout
    try:
        target = Path(output)
        if to_stdout:
            inputs = _collect(args.paths, None)
        elif to_jsonl:
            if target.is_dir():
                raise OutputError(
                    f"{target}: is a folder; give a .jsonl file name or a folder without .jsonl"
                )
            refuse_existing(target, args.force)
            prepare_folder(target.parent)
            inputs = _collect(args.paths, None)
        else:
            prepare_folder(target)
            inputs = _collect(args.paths, target.resolve())
            _check_folder_targets(target, inputs.paths, args.force)
    except OutputError as exc:
        sys.stderr.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR

    errors = list(inputs.errors)
    files = articles = several = 0

    def records() -> Iterator[tuple[TextFile, ArticleRecord]]:
        nonlocal files, articles, several
        for path in inputs.paths:
            try:
                source = _read(path)
            except InputError as exc:
                errors.append(str(exc))
                continue
            found = split_document(Document(source.text, path), settings, glued)
            files += 1
            articles += len(found)
            several += len(found) > 1
            for record in found:
                yield source, record

    stream = records()
    first = next(stream, None)
    if first is None and errors:  # nothing could be read: leave no empty output behind
        for message in errors:
            sys.stderr.write(f"newslint: error: {message}\n")
        return EXIT_ERROR
    stream = itertools.chain([first], stream) if first is not None else stream
    try:
        if to_stdout:
            for _source, record in stream:
                sys.stdout.write(json.dumps(record.as_json(), ensure_ascii=False) + "\n")
        elif to_jsonl:
            with atomic_output(target) as fh:
                for _source, record in stream:
                    fh.write((json.dumps(record.as_json(), ensure_ascii=False) + "\n").encode("utf-8"))
        else:
            for source, record in stream:
                name = target / _file_name(_stem(record.source), record.article)
                with atomic_output(name) as fh:
                    fh.write(source.encode(record.text + record.newline))
    except OSError as exc:
        where = exc.filename or output
        errors.append(f"{where}: cannot write: {exc.strerror or exc}")
    for message in errors:
        sys.stderr.write(f"newslint: error: {message}\n")
    if not args.quiet:
        where = "standard output" if to_stdout else str(target)
        held = f" ({plural(several, 'file')} held more than one)" if several else ""
        report.write(f"Split {plural(files, 'file')} into {plural(articles, 'article')} in {where}{held}.\n")
    return EXIT_ERROR if errors else EXIT_OK

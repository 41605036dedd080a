"""`newslint learn`: propose a site pack from many documents of one source.

A site prints the same furniture on every page: a menu, a share bar, a newsletter teaser, a footer.
Scraped, each becomes a whole line that recurs across documents, while article text does not. So
`learn` counts in how many documents each line (normalised as packs compare lines: case and spacing
do not matter) appears, keeps those that recur in at least --min-docs documents and --min-fraction
of them, and writes them as a site pack for a person to review: short, button-like lines as
widgets (UI001), the others as boilerplate (UI002).

Left out, and listed at the end of the proposal for review: lines already in the built-in packs,
lines that read like body prose (a long sentence), and headlines: a line that is an article's
headline in only a few documents is a story's title (printed elsewhere as a teaser), and a
headline-shaped line of more than a few words must recur twice as widely as other lines, because
teasers for the week's big stories recur too.

A document is a text file, or one record of a corpus file (JSON Lines or Parquet, `--text-field`
naming its text), as `newslint check` reads them; folders are walked for text files only.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newslint.corpus import is_corpus, read_corpus
from newslint.document import Document
from newslint.files import InputError, atomic_output, discover, read_file
from newslint.packs import Pack, PackError, PackSet, builtin_packs, normalize_line, parse_pack
from newslint.reporters.text_report import plural
from newslint.split import OutputError, prepare_folder, refuse_existing
from newslint.structure import PARAGRAPH_MIN_WORDS, analyze, has_words, is_body_form, is_headline_form

EXIT_OK, EXIT_ERROR = 0, 2

DEFAULT_MIN_DOCS = 5
DEFAULT_MIN_FRACTION = 0.2
# A widget is a button: a few words that do not end like a sentence ("Gift this story").
WIDGET_MAX_WORDS = 4
# Longer lines are not counted: page furniture is short, and body paragraphs need not be held.
MAX_LINE_CHARS = 200
# A headline-shaped line longer than a widget must recur this many times more widely.
HEADLINE_FACTOR = 2
# How many left-out lines the proposal lists for review.
REVIEW_MAX = 40

_SENTENCE_END = (".", "!", "?", "…")


@dataclass
class LineCount:
    """How one normalised line occurs across the corpus."""

    docs: int = 0  # documents that print it
    headline_docs: int = 0  # documents where it is an article's headline
    forms: Counter[str] = field(default_factory=Counter)  # how it is spelled -> documents

    @property
    def form(self) -> str:
        """The spelling most documents use (the first seen on a tie)."""
        return self.forms.most_common(1)[0][0]


@dataclass
class Corpus:
    """Line counts over the documents read so far (each document counts a line once)."""

    lines: dict[str, LineCount] = field(default_factory=dict)
    documents: int = 0
    duplicates: int = 0  # documents identical to one already counted
    _seen: set[bytes] = field(default_factory=set, repr=False)

    def add(self, text: str, packs: PackSet) -> None:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if digest in self._seen:
            self.duplicates += 1  # a document scraped twice would count all its lines twice
            return
        self._seen.add(digest)
        self.documents += 1
        doc = Document(text)
        structure = analyze(doc, packs)
        headlines = {
            normalize_line(doc.line(a.headline).text) for a in structure.articles if a.headline is not None
        }
        forms: dict[str, str] = {}  # normalised line -> its spelling in this document
        for line in doc.lines:
            form = " ".join(line.text.split())
            if form and len(form) <= MAX_LINE_CHARS and any(c.isalpha() for c in form):
                forms.setdefault(normalize_line(form), form)
        for key, form in forms.items():
            count = self.lines.get(key)
            if count is None:
                count = self.lines[key] = LineCount()
            count.docs += 1
            count.forms[form] += 1
            count.headline_docs += key in headlines


@dataclass(frozen=True)
class Entry:
    text: str
    docs: int
    kind: str = ""  # why it was left out ("prose", "headline"); empty for a proposed entry
    reason: str = ""  # the same, as the proposal explains it


@dataclass
class Proposal:
    documents: int
    threshold: int
    widgets: list[Entry] = field(default_factory=list)
    boilerplate: list[Entry] = field(default_factory=list)
    left_out: list[Entry] = field(default_factory=list)
    known: int = 0  # recurring lines already in a built-in pack


def threshold(documents: int, min_docs: int, min_fraction: float) -> int:
    """How many documents a line must appear in: at least min_docs, and min_fraction of them.

    >>> threshold(500, 5, 0.2), threshold(10, 5, 0.2)
    (100, 5)
    """
    # The small tolerance keeps 0.2 * 500 at 100, not 101 after rounding up a float error.
    return max(min_docs, math.ceil(min_fraction * documents - 1e-9), 1)


def propose(corpus: Corpus, packs: PackSet, min_docs: int, min_fraction: float) -> Proposal:
    """Sort the recurring lines of a corpus into widgets, boilerplate and lines left out."""
    needed = threshold(corpus.documents, min_docs, min_fraction)
    proposal = Proposal(corpus.documents, needed)
    recurring = sorted(
        ((count.docs, count.form, count) for count in corpus.lines.values() if count.docs >= needed),
        key=lambda item: (-item[0], item[1].casefold()),
    )
    for docs, form, count in recurring:
        if packs.classify(form) is not None:
            proposal.known += 1
            continue
        left_out = _reason_to_leave_out(form, count, needed)
        if left_out is not None:
            proposal.left_out.append(Entry(form, docs, *left_out))
        elif is_widget_like(form):
            proposal.widgets.append(Entry(form, docs))
        else:
            proposal.boilerplate.append(Entry(form, docs))
    return proposal


def _reason_to_leave_out(form: str, count: LineCount, needed: int) -> tuple[str, str] | None:
    """(kind, explanation) for a recurring line that must not be proposed, else None."""
    if is_body_form(form) and has_words(form, PARAGRAPH_MIN_WORDS):
        return "prose", "reads like body prose"
    if 0 < count.headline_docs < needed:
        return "headline", f"the headline of {plural(count.headline_docs, 'document')}: a story's title"
    if not is_widget_like(form) and is_headline_form(form) and count.docs < HEADLINE_FACTOR * needed:
        return "headline", f"a headline in fewer than {HEADLINE_FACTOR * needed} documents: a teaser?"
    return None


def is_widget_like(text: str) -> bool:
    """A button: a few words that do not end like a sentence.

    >>> is_widget_like("Gift this story"), is_widget_like("All rights reserved.")
    (True, False)
    """
    return len(text.split()) <= WIDGET_MAX_WORDS and not text.rstrip().endswith(_SENTENCE_END)


def render_pack(proposal: Proposal, name: str, sources: Sequence[str], settings: str) -> str:
    """The proposal as a site pack in YAML, with a comment on every entry saying how often it recurred."""
    total = proposal.documents
    description = f"Proposed by newslint learn from {plural(total, 'document')}; review before use."
    out = [
        f"# Proposed site pack '{name}', written by `newslint learn` from {plural(total, 'document')}",
        f"# in {', '.join(sources)} ({settings}).",
        "#",
        "# THIS IS A PROPOSAL FOR A PERSON TO REVIEW. Every entry is a whole line that recurred in many",
        "# documents of this source; with this pack newslint reports it (widgets: UI001, boilerplate:",
        "# UI002) and `newslint fix` deletes it wherever it stands. Delete any entry that is article",
        "# text, move entries between the lists as needed, and then use the pack with --pack FILE or",
        "# `packs = [...]` in the configuration (in rules/sites/ of a checkout it is always on).",
        f"name: {_scalar(name)}",
        f"description: {_scalar(description)}",
    ]
    for key, entries in (("widgets", proposal.widgets), ("boilerplate", proposal.boilerplate)):
        if not entries:
            out.append(f"{key}: []")
            continue
        out.append(f"{key}:")
        out.extend(f"  - {_scalar(e.text)}  # in {e.docs} of {total} documents" for e in entries)
    if proposal.left_out:
        out += [
            "",
            "# Recurring lines left out; move any that is site furniture into a list above:",
        ]
        for e in proposal.left_out[:REVIEW_MAX]:
            out.append(f"#   {_scalar(e.text)}  # in {e.docs} of {total} documents; {e.reason}")
        if len(proposal.left_out) > REVIEW_MAX:
            out.append(f"#   ... and {len(proposal.left_out) - REVIEW_MAX} more")
    return "\n".join(out) + "\n"


def _check_round_trip(proposal: Proposal, pack: Pack) -> None:
    """The written pack must load and list exactly the proposed lines."""
    for entries, listed in ((proposal.widgets, pack.widgets), (proposal.boilerplate, pack.boilerplate)):
        if {normalize_line(e.text) for e in entries} != listed:
            raise PackError(
                f"{pack.path}: the proposed pack does not load as written; please report this bug"
            )


def _scalar(text: str) -> str:
    """One string as a YAML flow scalar: plain where YAML allows, quoted where it must be."""
    dumped = yaml.safe_dump([text], allow_unicode=True, width=math.inf, default_flow_style=False)
    return dumped.removeprefix("- ").rstrip("\n")


# The command -------------------------------------------------------------------------------------

HELP = "propose a site pack from a corpus of one source"
DESCRIPTION = """\
Read many documents of one source and propose a site pack: whole lines that recur across the
documents (menus, share bars, teasers, footers) become widgets (a few words, button-like) or
boilerplate. Lines already in the built-in packs, lines that read like body prose and headlines
shared by only a few documents are left out. The pack is a proposal: review it before use."""


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, 1 or more, got {value!r}")
    return number


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError(f"expected a fraction above 0 and at most 1, got {value!r}")
    return number


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "learn", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="CORPUS",
        help="text files, corpus files (.jsonl, .jsonl.gz, .parquet: each record is a document) "
        "and folders (every *.txt below them)",
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE.yaml", help="where to write the proposed pack"
    )
    parser.add_argument("--name", help="the pack's name (default: the output file's name without .yaml)")
    parser.add_argument(
        "--min-docs",
        type=_positive_int,
        default=DEFAULT_MIN_DOCS,
        metavar="N",
        help=f"a line must appear in at least N documents (default: {DEFAULT_MIN_DOCS})",
    )
    parser.add_argument(
        "--min-fraction",
        type=_fraction,
        default=DEFAULT_MIN_FRACTION,
        metavar="F",
        help=f"... and in at least this fraction of them (default: {DEFAULT_MIN_FRACTION})",
    )
    parser.add_argument(
        "--text-field",
        default="text",
        metavar="NAME",
        help="the field (or Parquet column) of a corpus record that holds its text (default: text)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite the output file")
    return parser


def _reference_packs(output: Path) -> PackSet:
    """The built-in packs, except the one being rewritten (learning a site again keeps its lines)."""
    target = output.resolve()
    return PackSet([p for p in builtin_packs() if Path(p.path).resolve() != target])


def _read_corpus(paths: Iterable[str], packs: PackSet, errors: list[str], text_field: str = "text") -> Corpus:
    """Count the lines of every document: each text file, and each record of a corpus file."""
    corpus = Corpus()
    for raw in paths:
        try:
            found = list(discover([raw], errors))
        except InputError as exc:
            errors.append(str(exc))
            continue
        for path in found:
            try:
                if is_corpus(path):
                    records = read_corpus(path, text_field)
                    errors.extend(records.errors)
                    for record in records.records:
                        corpus.add(record.text, packs)
                else:
                    corpus.add(read_file(path).text, packs)
            except InputError as exc:
                errors.append(str(exc))
    return corpus


def run(args: argparse.Namespace) -> int:
    """Run `newslint learn`; return the exit code (0, or 2 on an error)."""
    output = Path(args.output)
    name = (args.name if args.name is not None else output.stem).strip()
    try:
        if "-" in args.paths:
            raise OutputError("learn reads files and folders, not standard input (-)")
        if not name:
            raise OutputError("--name must not be empty")
        if output.is_dir():
            raise OutputError(f"{output}: is a folder; give the file to write, e.g. {output / 'mysite.yaml'}")
        refuse_existing(output, args.force)
    except OutputError as exc:
        sys.stderr.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR

    errors: list[str] = []
    packs = _reference_packs(output)
    corpus = _read_corpus(args.paths, packs, errors, args.text_field)
    for message in errors:
        sys.stderr.write(f"newslint: error: {message}\n")
    if corpus.documents < args.min_docs:
        if corpus.documents or not errors:  # else the errors above already say why
            identical = " (identical ones counted once)" if corpus.duplicates else ""
            sys.stderr.write(
                f"newslint: error: {', '.join(args.paths)}: {plural(corpus.documents, 'document')}"
                f"{identical}; learning needs at least --min-docs ({args.min_docs})\n"
            )
        return EXIT_ERROR

    proposal = propose(corpus, packs, args.min_docs, args.min_fraction)
    settings = (
        f"--min-docs {args.min_docs}, --min-fraction {args.min_fraction}: "
        f"lines in at least {plural(proposal.threshold, 'document')}"
    )
    text = render_pack(proposal, name, args.paths, settings)
    try:
        _check_round_trip(proposal, parse_pack(text, str(output)))  # a failure here is a bug
        prepare_folder(output.parent)
        with atomic_output(output) as fh:
            fh.write(text.encode("utf-8"))
    except (OutputError, PackError) as exc:
        sys.stderr.write(f"newslint: error: {exc}\n")
        return EXIT_ERROR
    except OSError as exc:
        sys.stderr.write(f"newslint: error: {output}: cannot write: {exc.strerror or exc}\n")
        return EXIT_ERROR

    duplicates = f" ({plural(corpus.duplicates, 'duplicate')} counted once)" if corpus.duplicates else ""
    out = sys.stdout
    out.write(f"Read {plural(corpus.documents, 'document')}{duplicates}.\n")
    out.write(
        f"Proposed {plural(len(proposal.widgets), 'widget')} and "
        f"{plural(len(proposal.boilerplate), 'boilerplate line')} (each in at least "
        f"{plural(proposal.threshold, 'document')}) in {output}.\n"
    )
    kinds = Counter(entry.kind for entry in proposal.left_out)
    left = [f"{proposal.known} already in the built-in packs"] if proposal.known else []
    left += [f"{kinds['prose']} read like body prose"] if kinds["prose"] else []
    left += [f"{plural(kinds['headline'], 'headline')}"] if kinds["headline"] else []
    if left:
        count = plural(proposal.known + len(proposal.left_out), "recurring line")
        out.write(f"Left out {count}: {', '.join(left)} (listed at the end of the pack).\n")
    out.write(f"Review it before use: newslint check --pack {output} {' '.join(args.paths)}\n")
    return EXIT_ERROR if errors else EXIT_OK

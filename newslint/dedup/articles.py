"""The articles that deduplication compares: every article of every file and corpus record.

A file or record that a scraper glued several articles into holds several; the structure analysis
(`newslint.structure`) cuts them where ART001 reports a boundary. What is compared of an article is
its text without the lines the core rules call page furniture or copies: widgets, boilerplate,
photo captions and lines printed twice, so that a re-scrape with a new share bar or a caption
rendered again is still the same article.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newslint import corpus
from newslint.document import Document, line_texts
from newslint.files import InputError, read_file
from newslint.packs import PackSet
from newslint.structure import LineKind, Structure, analyze_lines

# Lines left out of what is compared. Blank lines (nothing but what str.strip takes for
# whitespace) are left out too, to be quick: what they hold is no word of an article.
_LEFT_OUT = frozenset({LineKind.BLANK, LineKind.WIDGET, LineKind.BOILERPLATE, LineKind.CAPTION})


@dataclass(frozen=True, order=True)
class Member:
    """Where an article is: its file, its record in a corpus (None for a plain file), its number
    among the articles of that text (from 1) and its first line (in the text, from 1)."""

    path: str
    record: str | None
    article: int
    line: int

    @property
    def label(self) -> str:
        """`path:line` or `path[record]:line`, with the article's number after the first."""
        where = self.path if self.record is None else f"{self.path}[{self.record}]"
        return f"{where}:{self.line}" + (f" (article {self.article})" if self.article > 1 else "")

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "record": self.record, "article": self.article, "line": self.line}


@dataclass(frozen=True)
class Article:
    """One article: where it is and its own lines (first to last, 1-based)."""

    member: Member
    start: int
    end: int  # the line before the next article starts, or the text's last line
    chars: int  # characters of its own lines (newlines and blank lines aside): --keep longest


@dataclass(frozen=True)
class Text:
    """One document to deduplicate: a plain file, or a record of a corpus."""

    path: str
    record: str | None
    text: str
    index: int = 0  # the record's position in its corpus (what corpus.write takes)

    def document(self) -> Document:
        return Document(self.text, self.path, self.record)


def articles_of(
    doc: Document, packs: PackSet, structure: Structure | None = None
) -> list[tuple[Article, str]]:
    """The articles of one document, in order, each with the text that is compared (`structure`:
    the document's, when the caller has it already)."""
    lines = line_texts(doc.text)  # Line objects would take longer than the analysis
    if not lines:
        return []
    if structure is None:
        structure = analyze_lines(lines, packs)
    kinds = structure.kinds
    found = []
    for number, article in enumerate(structure.articles, start=1):
        last = structure.articles[number].start - 1 if number < len(structure.articles) else len(lines)
        copies = {copy.line - 1 for copy in article.copies}
        kept = [
            lines[i] for i in range(article.start - 1, last) if kinds[i] not in _LEFT_OUT and i not in copies
        ]
        member = Member(doc.path, doc.record, number, article.start)
        chars = sum(map(len, lines[article.start - 1 : article.end]))
        found.append((Article(member, article.start, last, chars), "\n".join(kept)))
    return found


@dataclass(frozen=True)
class Unparsed:
    """A JSONL corpus as its lines, not yet parsed: the shards that sign its records parse them,
    in the pool's workers, so that reading it costs this process one split of the file."""

    path: str
    lines: Sequence[bytes]  # without their "\n"
    text_field: str
    id_field: str


def read_texts(
    paths: Sequence[str], text_field: str, id_field: str, errors: list[str], *, parse: bool
) -> Iterator[Text | Unparsed]:
    """The documents of files and corpora, in order; a file that cannot be read is an error.
    Without `parse`, a JSONL corpus comes as one Unparsed (its broken lines are errors when the
    shards parse them)."""
    for path in paths:
        if corpus.is_corpus(path):
            try:
                if not parse and corpus.corpus_format(path) in ("jsonl", "jsonl.gz"):
                    yield Unparsed(path, corpus.split_corpus(path).lines, text_field, id_field)
                    continue
                data = corpus.read_corpus(path, text_field, id_field)
            except InputError as exc:
                errors.append(str(exc))
                continue
            errors.extend(data.errors)
            for record in data.records:
                yield Text(path, record.id, record.text, record.index)
            continue
        try:
            source = read_file(path)
        except InputError as exc:
            errors.append(str(exc))
            continue
        yield Text(path, None, source.text)

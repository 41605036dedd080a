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
from newslint.document import Document, Line
from newslint.files import InputError, read_file
from newslint.packs import PackSet
from newslint.structure import LineKind, Structure, analyze

# Lines left out of what is compared (blank lines carry no words: they are left out to be quick).
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
    lines = doc.lines
    if not lines:
        return []
    if structure is None:
        structure = analyze(doc, packs)
    kinds = structure.kinds
    one_char_newlines = "\r" not in doc.text
    found = []
    for number, article in enumerate(structure.articles, start=1):
        last = structure.articles[number].start - 1 if number < len(structure.articles) else len(lines)
        copies = {copy.line - 1 for copy in article.copies}
        kept = [
            lines[i].text
            for i in range(article.start - 1, last)
            if kinds[i] not in _LEFT_OUT and i not in copies
        ]
        member = Member(doc.path, doc.record, number, article.start)
        chars = _chars(lines, article.start, article.end, one_char_newlines)
        found.append((Article(member, article.start, last, chars), "\n".join(kept)))
    return found


def _chars(lines: Sequence[Line], start: int, end: int, one_char_newlines: bool) -> int:
    """The characters of lines start..end (1-based), newlines aside."""
    if one_char_newlines:
        return lines[end - 1].start + len(lines[end - 1].text) - lines[start - 1].start - (end - start)
    return sum(len(lines[n].text) for n in range(start - 1, end))


def read_texts(paths: Sequence[str], text_field: str, id_field: str, errors: list[str]) -> Iterator[Text]:
    """The documents of files and corpora, in order; a file that cannot be read is an error."""
    for path in paths:
        if corpus.is_corpus(path):
            try:
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

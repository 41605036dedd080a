"""Looking a document's articles up in an index: what DUP101 and DUP102 report.

Each process opens the index once, read-only, on first use (a forked worker opens its own: SQLite
connections must not cross a fork), and keeps it open for the rest of the run; the command closes
it before it exits (`close_all`).
"""

from __future__ import annotations

import os

from newslint.checks.base import Context
from newslint.dedup.articles import Article, articles_of
from newslint.dedup.index import Index, Match
from newslint.dedup.minhash import signatures
from newslint.dedup.ref import IndexRef

_OPEN: dict[tuple[int, IndexRef], Index] = {}


def index_matches(ctx: Context) -> list[tuple[Article, Match]]:
    """The articles of the document that the settings' index holds, or near copies of, with the
    best match of each; computed once per document for both rules."""
    ref = ctx.settings.index
    if ref is None:
        return []
    index = _open(ref)
    found = articles_of(ctx.doc, ctx.settings.packs, ctx.structure)
    signed = signatures([compared for _, compared in found], index.params)
    members = [article.member for article, _ in found]
    return [
        (article, match)
        for (article, _), match in zip(found, index.matches(members, signed))
        if match is not None
    ]


def _open(ref: IndexRef) -> Index:
    key = (os.getpid(), ref)
    if key not in _OPEN:
        _OPEN[key] = Index.open_readonly(ref.path)
    return _OPEN[key]


def close_all() -> None:
    """Close the indexes this process opened (those a forked worker inherited are its parent's)."""
    for key in [key for key in _OPEN if key[0] == os.getpid()]:
        _OPEN.pop(key).close()

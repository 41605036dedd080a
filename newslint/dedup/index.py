"""A persistent index of articles' signatures in one SQLite file: no server to run.

`newslint index add --index PATH CORPUS...` stores every article's identity, digest, distinct
shingles and LSH band keys; `newslint check --index PATH incoming/` then reports the incoming
articles that are already in it (DUP101) or near copies of one of its articles (DUP102).

Safety: the database runs in WAL mode, and a batch is added in one `BEGIN IMMEDIATE` transaction,
so two writers take turns (the second waits up to `BUSY_TIMEOUT` seconds) and a process killed
mid-write leaves the index as it was before the batch. Readers never block writers.

Cost: adding a batch inserts its rows into B-trees, so it takes time in proportion to the batch
(times the logarithm of the index's size), whatever the index already holds. A lookup reads the
rows of its band keys and the shingles of the candidates it verifies.
"""

from __future__ import annotations

import json
import os
import sqlite3
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from newslint import __version__
from newslint.dedup.articles import Article, Member
from newslint.dedup.minhash import Signatures, band_keys, jaccard
from newslint.dedup.params import Params
from newslint.dedup.ref import IndexRef
from newslint.packs import PackSet

BUSY_TIMEOUT = 60.0  # seconds a writer waits for another writer's batch to end
CACHE_KIB = 65536  # SQLite's page cache for a writer (its default is 2 MiB)
# 2: words hashed from their bytes, bins from the value's top bits (signatures of 1 differ).
SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,  -- as it was named, for messages
    real TEXT NOT NULL,  -- the real path, which identifies the file however it is named
    record TEXT NOT NULL,  -- '' for a plain file
    article INTEGER NOT NULL,
    line INTEGER NOT NULL,
    digest BLOB NOT NULL,
    shingles BLOB NOT NULL,  -- distinct 32-bit shingle hashes, sorted, little-endian
    UNIQUE (real, record, article)
);
CREATE INDEX IF NOT EXISTS articles_by_digest ON articles (digest);
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL,
    article INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (key, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bands_by_article ON bands (article);
"""


class IndexFileError(Exception):
    """An index that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class Match:
    """An incoming article's best match in the index."""

    member: Member  # the matching article in the index
    jaccard: float  # 1.0 for an exact copy (same normalised words)
    exact: bool


class Index:
    """One open index file."""

    def __init__(self, path: str, connection: sqlite3.Connection, params: Params) -> None:
        self.path = path
        self.connection = connection
        self.params = params

    @classmethod
    def open(cls, path: str, params: Params | None = None, *, create: bool = False) -> Index:
        """Open an index; with `create`, make it when missing (with `params`, else the defaults).

        An existing index keeps the parameters it was built with; asking for others is an error,
        since signatures made with different parameters cannot be compared.
        """
        exists = os.path.exists(path)
        if not exists and not create:
            raise IndexFileError(f"{path}: no such index (`newslint index add --index {path} ...` makes one)")
        connection = None
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            stored = _meta(connection)
            if not stored:
                connection.execute("BEGIN IMMEDIATE")
                stored = _meta(connection)  # another process may have made it meanwhile
                if not stored:
                    for statement in _SCHEMA.split(";"):  # executescript would commit first
                        if statement.strip():
                            connection.execute(statement)
                    chosen = params or Params()
                    stored = {
                        "schema": str(SCHEMA_VERSION),
                        "params": json.dumps(_params_json(chosen)),
                        "identity": uuid.uuid4().hex,
                        "generation": "0",
                        "created_by": f"newslint {__version__}",
                    }
                    connection.executemany("INSERT INTO meta VALUES (?, ?)", stored.items())
                connection.execute("COMMIT")
        except sqlite3.OperationalError as exc:  # a folder that is missing or not writable, a locked file
            _close(connection)
            raise IndexFileError(f"{path}: cannot open or make the index ({exc})") from None
        except sqlite3.DatabaseError as exc:
            _close(connection)
            raise IndexFileError(f"{path}: not a newslint index ({exc})") from None
        try:
            built = _built_with(path, stored)
            if params is not None and params != built:
                raise IndexFileError(
                    f"{path}: was built with parameters {built}, not {params}; "
                    "signatures made with different parameters cannot be compared"
                )
        except IndexFileError:
            connection.close()
            raise
        return cls(path, connection, built)

    @classmethod
    def open_readonly(cls, path: str) -> Index:
        """Open an index to look articles up (what a check does), without writing to it."""
        if not os.path.isfile(path):
            raise IndexFileError(f"{path}: no such index")
        connection = None
        try:
            connection = sqlite3.connect(
                f"file:{_uri_path(path)}?mode=ro", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
            )
            stored = _meta(connection)
            return cls(path, connection, _built_with(path, stored))
        except sqlite3.DatabaseError as exc:
            _close(connection)
            raise IndexFileError(f"{path}: not a newslint index ({exc})") from None
        except IndexFileError:
            _close(connection)
            raise

    def ref(self) -> IndexRef:
        stored = _meta(self.connection)
        return IndexRef(os.path.realpath(self.path), stored["identity"], int(stored["generation"]))

    def __len__(self) -> int:
        count: int = self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        return count

    def close(self) -> None:
        self.connection.close()

    def add(self, articles: Sequence[Article], signed: Signatures) -> int:
        """Add (or replace: same path, record and article) a batch of articles, all or none;
        how many were added. Articles too short to compare are left out."""
        keys = band_keys(signed.signatures, self.params)
        compared = np.diff(signed.offsets) > 0
        connection = self.connection
        added = 0
        bands: list[tuple[int, int]] = []
        connection.execute("BEGIN IMMEDIATE")
        try:
            for i, article in enumerate(articles):
                if not compared[i]:
                    continue
                member = article.member
                real = os.path.realpath(member.path)
                connection.execute(
                    "DELETE FROM articles WHERE real = ? AND record = ? AND article = ?",
                    (real, member.record or "", member.article),
                )
                cursor = connection.execute(
                    "INSERT INTO articles (path, real, record, article, line, digest, shingles) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        member.path,
                        real,
                        member.record or "",
                        member.article,
                        member.line,
                        signed.digests[i],
                        signed.shingle_set(i).astype("<u4").tobytes(),
                    ),
                )
                row = cursor.lastrowid
                assert row is not None
                bands.extend((int(key), row) for key in keys[i])
                added += 1
            # In key order: each insert lands next to the one before in the B-tree, so a batch
            # touches each page of the index once, however large the index.
            bands.sort()
            connection.executemany("INSERT OR IGNORE INTO bands (key, article) VALUES (?, ?)", bands)
            connection.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return added

    def matches(self, members: Sequence[Member], signed: Signatures) -> Iterator[Match | None]:
        """For each article, its best match in the index (an exact copy first), or None. An
        article never matches its own entry (same file, however named; same record and article)."""
        keys = band_keys(signed.signatures, self.params)
        compared = np.diff(signed.offsets) > 0
        for i, member in enumerate(members):
            yield self._match(member, signed, i, keys[i]) if compared[i] else None

    def _match(self, member: Member, signed: Signatures, i: int, keys: np.ndarray) -> Match | None:
        own = (os.path.realpath(member.path), member.record or "", member.article)
        connection = self.connection
        for row in connection.execute(
            "SELECT path, record, article, line, real FROM articles WHERE digest = ? ORDER BY id",
            (signed.digests[i],),
        ):
            if (row[4], row[1], row[2]) != own:
                return Match(_member(row), 1.0, True)
        marks = ",".join("?" * len(keys))
        candidates = connection.execute(
            f"SELECT DISTINCT a.id, a.path, a.record, a.article, a.line, a.shingles, a.real FROM bands b "
            f"JOIN articles a ON a.id = b.article WHERE b.key IN ({marks}) ORDER BY a.id",
            [int(key) for key in keys],
        ).fetchall()
        best: Match | None = None
        mine = signed.shingle_set(i)
        for _id, path, record, article, line, blob, real in candidates:
            if (real, record, article) == own:
                continue
            similarity = jaccard(mine, np.frombuffer(blob, "<u4").astype(np.uint32))
            if similarity >= self.params.threshold and (best is None or similarity > best.jaccard):
                best = Match(_member((path, record, article, line)), round(similarity, 4), False)
        return best


def _uri_path(path: str) -> str:
    return urllib.parse.quote(os.path.abspath(path))


def _member(row: Sequence[object]) -> Member:
    path, record, article, line = row[:4]
    assert isinstance(path, str) and isinstance(record, str)
    assert isinstance(article, int) and isinstance(line, int)
    return Member(path, record or None, article, line)


def _close(connection: sqlite3.Connection | None) -> None:
    """Close a connection that an error cut short (an open one would leave the -wal and -shm
    files of a WAL database behind)."""
    if connection is not None:
        connection.close()


def _built_with(path: str, stored: dict[str, str]) -> Params:
    """The parameters an index was made with, from its meta table; an error for another file."""
    schema = stored.get("schema")
    if schema is not None and schema.isdigit() and "params" in stored and int(schema) != SCHEMA_VERSION:
        if int(schema) > SCHEMA_VERSION:
            raise IndexFileError(
                f"{path}: an index of a newer newslint (schema {schema}; this one reads {SCHEMA_VERSION}): "
                "upgrade newslint to use it"
            )
        raise IndexFileError(
            f"{path}: an index of an older newslint (schema {schema}; this one reads {SCHEMA_VERSION}), "
            f"whose signatures cannot be compared: delete it (or choose another path) and run "
            f"`newslint index add --index {path} ...` again"
        )
    if schema != str(SCHEMA_VERSION) or "params" not in stored:
        raise IndexFileError(f"{path}: not a newslint index, or one made by another version")
    return Params(**json.loads(stored["params"]))


def _meta(connection: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(connection.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError:  # no such table: a new file
        return {}


def _params_json(params: Params) -> dict[str, object]:
    return {
        "ngram": params.ngram,
        "char_ngram": params.char_ngram,
        "num_perm": params.num_perm,
        "threshold": params.threshold,
        "min_words": params.min_words,
        "seed": params.seed,
    }


def index_of_texts(path: str, texts: Sequence[str], packs: PackSet, params: Params | None = None) -> IndexRef:
    """An index at `path` holding `texts` (named `indexed/N.txt`, from 1): what rule examples
    and test cases that need an index build."""
    from newslint.dedup.articles import articles_of
    from newslint.dedup.minhash import signatures
    from newslint.document import Document

    index = Index.open(path, params, create=True)
    try:
        found = [
            pair
            for n, text in enumerate(texts, start=1)
            for pair in articles_of(Document(text, f"indexed/{n}.txt"), packs)
        ]
        index.add([article for article, _ in found], signatures([text for _, text in found], index.params))
        return index.ref()
    finally:
        index.close()

"""A cache of findings, so unchanged documents are not linted again (as ruff's cache does).

An entry is keyed by a digest of the run's configuration and one document's text, never by its
path, so it serves files, records of a corpus and standard input alike, and a renamed file still
hits. The configuration key (`config_key`) covers everything a finding may depend on besides the
text: the newslint version and its source files, the selected rules, the settings, the *content*
of every rule pack, the lexicon and mojibake libraries, and the Python version (values are
stored with `marshal`).

The value is the document's findings without their path and record, plus the source lines they
point at (`report.Source.lines`), so a hit needs neither the rules nor a split of the text.

Storage is one SQLite database, `<folder>/v1/cache.sqlite`, in WAL mode with a busy timeout, so
two runs at once (two pre-commit hooks) wait for each other instead of failing or corrupting it.
Reads may happen in any process (each opens its own connection, lazily; a connection never
crosses a fork); writes happen in the main process, in one transaction at the end of a run
(`put_many`). Any SQLite or file system error (a read-only folder, a corrupt file, a full disk)
turns the cache off for the rest of the run and leaves one line in `Cache.warning`: a cache must
never fail a run. A database that is not a database any more is replaced by a new one.

    cache = Cache.open(".newslint_cache", config_key(rules, settings))
    digest = cache.digest(text)
    hit = cache.get(digest)                      # CachedResult | None
    ...
    cache.put_many([(digest, CachedResult.of(findings, source))], used=[...])
    cache.close()
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import marshal
import os
import sqlite3
import sys
import time
import weakref
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import regex

import newslint
from newslint.checks.base import Rule, Settings
from newslint.model import Applicability, Edit, Finding, Fix, Severity
from newslint.packs import PackSet
from newslint.report import Source

DEFAULT_FOLDER = ".newslint_cache"  # in the current folder, as ruff's .ruff_cache
FORMAT = "v1"  # the database's folder: a new layout gets a new folder, never a migration
DATABASE = "cache.sqlite"
KEEP_DAYS = 30  # entries not used for this many days are deleted (at most once a day)
BUSY_TIMEOUT_S = 10.0  # how long a run waits for another run's write before giving up the cache
# The libraries whose upgrade changes findings: wordfreq (OCR lexicon), ftfy (mojibake), rapidfuzz
# (near-duplicate scores), regex (pack patterns).
DEPENDENCIES = ("wordfreq", "ftfy", "rapidfuzz", "regex")

GITIGNORE = "# Created by newslint: everything here is a cache.\n*\n"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by newslint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    digest BLOB PRIMARY KEY,
    value BLOB NOT NULL,
    last_used INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_last_used ON entries (last_used);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
_SCHEMA_VERSION = 1  # PRAGMA user_version of a database this module created

# SQLite's primary result codes for a file that is not (or no longer) a valid database.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def _today() -> int:
    """Days since the epoch: last_used is kept per day, so a hit is written back at most once a day."""
    return int(time.time() // 86400)


# ---------------------------------------------------------------------------------------------
# What a run depends on


def config_key(rules: Iterable[Rule], settings: Settings) -> str:
    """A digest of everything besides the text that a document's findings depend on.

    Rule order does not matter (the engine sorts findings); pack order does (the first pack that
    lists a line names it). Sets are sorted, so the key is the same in every process whatever
    PYTHONHASHSEED is. A setting whose repr is not stable (an object without a repr of its own)
    makes every run miss, never hit wrongly.
    """
    parts = [
        f"newslint {newslint.__version__}",
        _source_stamp(),
        f"python {sys.version_info[0]}.{sys.version_info[1]} marshal {marshal.version}",
        _dependency_stamp(),
        "rules " + ",".join(sorted(rule.code for rule in rules)),
        _canonical(settings),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@cache
def _source_stamp() -> str:
    """What identifies newslint's own code beyond its version number.

    Installed from a wheel, its RECORD (a hash of every file) changes with any reinstall. In a
    source checkout (an editable install), every module's size and modification time: an edited
    checkout must not reuse findings of the code it replaced.
    """
    package = os.path.dirname(newslint.__file__)
    record = os.path.join(os.path.dirname(package), f"newslint-{newslint.__version__}.dist-info", "RECORD")
    try:
        with open(record, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        pass
    stamps: list[str] = []
    folders = [package]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    stamps.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
                elif entry.name != "__pycache__" and entry.is_dir():
                    folders.append(entry.path)
    return " ".join(sorted(stamps))


@cache
def _dependency_stamp() -> str:
    """The installed versions of DEPENDENCIES, from the names of their .dist-info folders.

    One listing of the folder they are installed in (regex's, which packs.py has imported);
    importlib.metadata would cost ten times as much.
    """
    folder = os.path.dirname(os.path.dirname(regex.__file__))
    found: dict[str, str] = {}
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name.partition("-")[0].lower()  # wordfreq-3.1.1.dist-info
            if name in DEPENDENCIES and entry.name.endswith((".dist-info", ".egg-info")):
                found[name] = entry.name
    return " ".join(found.get(name, f"{name}:?") for name in DEPENDENCIES)


def _canonical(value: object) -> str:
    """A repr that is the same in every process: sets and mappings sorted, packs by their content."""
    if isinstance(value, (str, int, float, bool, type(None))):
        return repr(value)
    if isinstance(value, PackSet):
        return f"PackSet({_canonical(value.packs)})"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(f"{f.name}={_canonical(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}({inner})"
    if isinstance(value, Mapping):
        items = sorted(f"{_canonical(k)}: {_canonical(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (set, frozenset)):
        if all(isinstance(v, str) for v in value):  # pack entries: most of the work
            return repr(sorted(value))
        return "{" + ", ".join(sorted(_canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_canonical(v) for v in value) + "]"
    return repr(value)


# ---------------------------------------------------------------------------------------------
# What an entry holds

# A finding without its path and record, as marshal can store it.
_Row = tuple[str, str, str, int, int, int, int, str, Any]
_SEVERITY = {s.value: s for s in Severity}
_APPLICABILITY = {a.value: a for a in Applicability}


class CachedResult:
    """The findings of one document's text and the source lines they point at, as the cache keeps them.

    Findings are kept without a path or record (the same text may be two files); `bind` gives them
    the document's. `last_used` is the day the entry was last written or touched (-1: not stored).
    A plain class, not a dataclass: making a dataclass costs a pre-commit run more than its lookups.
    """

    __slots__ = ("last_used", "lines", "rows")

    def __init__(self, rows: tuple[_Row, ...], lines: Mapping[int, str], last_used: int = -1) -> None:
        self.rows = rows
        self.lines = lines
        self.last_used = last_used

    def __repr__(self) -> str:
        return f"CachedResult({len(self.rows)} findings, {len(self.lines)} lines, last_used={self.last_used})"

    @classmethod
    def of(cls, findings: Iterable[Finding], source: Source | None = None) -> CachedResult:
        """What to store for a document: its findings (in the engine's order) and `source.lines`."""
        rows = tuple(_row(f) for f in findings)
        return cls(rows, dict(source.lines) if source is not None else {})

    def bind(self, path: str, record: str | None = None) -> tuple[list[Finding], Source]:
        """The findings and their Source, labelled with the document they now belong to."""
        findings = []
        for code, name, message, line, column, end_line, end_column, severity, fix in self.rows:
            if fix is not None:
                applicability, fix_message, edits = fix
                fix = Fix(_APPLICABILITY[applicability], fix_message, tuple(Edit(*e) for e in edits))
            findings.append(
                Finding(
                    code,
                    name,
                    message,
                    line,
                    column,
                    end_line,
                    end_column,
                    _SEVERITY[severity],
                    fix,
                    path,
                    record,
                )
            )
        return findings, Source(path, record, self.lines)

    @property
    def stale(self) -> bool:
        """Whether the entry was last used before today.

        Pass the digests of stale hits to `put_many(used=...)` so pruning keeps them; entries
        already used today need no write.
        """
        return self.last_used < _today()

    def encode(self) -> bytes:
        return marshal.dumps((self.rows, dict(self.lines)))

    @classmethod
    def decode(cls, data: bytes, last_used: int = -1) -> CachedResult:
        rows, lines = marshal.loads(data)
        if not isinstance(rows, tuple) or not isinstance(lines, dict):
            raise ValueError("not a cache entry")
        return cls(rows, lines, last_used)


def _row(finding: Finding) -> _Row:
    fix = finding.fix
    stored = (
        None
        if fix is None
        else (
            fix.applicability.value,
            fix.message,
            tuple((e.line, e.column, e.end_line, e.end_column, e.content) for e in fix.edits),
        )
    )
    return (
        finding.code,
        finding.name,
        finding.message,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.severity.value,
        stored,
    )


# ---------------------------------------------------------------------------------------------
# The database

# Caches with a connection open in this process: closed before a fork, so no connection (nor
# SQLite's per-file lock bookkeeping) is ever shared by two processes.
_OPEN: weakref.WeakSet[Cache] = weakref.WeakSet()
# Connections a forked child inherited anyway (a fork that bypassed os.register_at_fork): kept
# referenced and never closed there, since closing them could checkpoint the parent's WAL.
_INHERITED: list[sqlite3.Connection] = []


class Cache:
    """Findings by document digest, in one SQLite file shared by every run in a folder.

    Never raises: after any error the cache is off for the run (`get` misses, `put_many` does
    nothing) and `warning` holds one line for the caller to print on standard error.
    """

    def __init__(self, database: Path | None, key: str) -> None:
        self.database = database  # None: no cache (--no-cache)
        self.key = key
        self.warning: str | None = None
        # SHA-256, not BLAKE2b: with the CPU's SHA extensions it hashed 2,000 documents (10 MB) in
        # 14 ms against 35 ms, and hashing the text is a third of what a hit costs.
        self._prefix = _digest_prefix(key)
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()

    @classmethod
    def open(cls, folder: str | os.PathLike[str], key: str) -> Cache:
        """The cache in `folder` (created with a .gitignore and a CACHEDIR.TAG when missing)."""
        self = cls(Path(folder) / FORMAT / DATABASE, key)
        self._setup()
        return self

    @classmethod
    def off(cls, key: str = "") -> Cache:
        """A cache that never hits and stores nothing (--no-cache)."""
        return cls(None, key)

    @property
    def enabled(self) -> bool:
        return self.database is not None

    def digest(self, text: str) -> bytes:
        """The entry key of one document's text under this run's configuration."""
        hashed = self._prefix.copy()
        hashed.update(text.encode("utf-8", "surrogatepass"))
        digest: bytes = hashed.digest()
        return digest

    def get(self, digest: bytes) -> CachedResult | None:
        """The stored result for a digest, or None. Safe in worker processes (a connection each)."""
        if self.database is None:
            return None
        try:
            row = (
                self._connection()
                .execute("SELECT value, last_used FROM entries WHERE digest = ?", (digest,))
                .fetchone()
            )
        except sqlite3.Error as exc:
            self._fail(exc)
            return None
        if row is None:
            return None
        try:
            return CachedResult.decode(row[0], row[1])
        except (ValueError, TypeError, EOFError):  # an entry that no longer decodes is a miss
            return None

    def put_many(self, items: Iterable[tuple[bytes, CachedResult]], used: Iterable[bytes] = ()) -> None:
        """Store new results and mark `used` digests (hits whose entry is `stale`) as used today.

        One transaction for the whole run; call it from the main process, once, at the end. Entries
        not used for KEEP_DAYS days are pruned here, at most once a day.
        """
        if self.database is None:
            return
        today = _today()
        rows = [(digest, result.encode(), today) for digest, result in items]
        touched = [(today, digest, today) for digest in used]
        if not rows and not touched:
            return
        try:
            conn = self._connection()
            conn.execute("PRAGMA synchronous = NORMAL")  # durable enough in WAL mode for a cache
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
                conn.executemany(
                    "UPDATE entries SET last_used = ? WHERE digest = ? AND last_used < ?", touched
                )
                self._prune(conn, today)
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        """Close this process's connection (a later `get` opens a new one)."""
        if self._conn is not None and self._pid != os.getpid():
            _INHERITED.append(self._conn)  # a fork's copy: never use it, never close it
        elif self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None
        _OPEN.discard(self)

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        """Sent to a worker (spawn): everything but the connection, which the worker opens itself."""
        state = self.__dict__.copy()
        state["_conn"] = None
        del state["_prefix"]  # a hash object does not pickle; __setstate__ makes it again
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._prefix = _digest_prefix(self.key)

    # -- internals ----------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None and self._pid != os.getpid():
            self.close()
        if self._conn is None:
            assert self.database is not None
            self._conn = self._connect(create=False)
            self._pid = os.getpid()
            _OPEN.add(self)
        return self._conn

    def _connect(self, create: bool) -> sqlite3.Connection:
        assert self.database is not None
        mode = "rwc" if create else "rw"  # a worker must never create an empty file
        uri = f"{self.database.absolute().as_uri()}?mode={mode}"
        # timeout: SQLite's busy timeout, so a run waits for another run's write to finish.
        return sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )

    def _setup(self) -> None:
        """Create the folder and the schema if needed; replace a file that is not a database."""
        assert self.database is not None
        try:
            _make_folder(self.database.parent)
        except OSError as exc:
            self._fail(exc)
            return
        damaged: sqlite3.Error | None = None
        for attempt in (1, 2):
            try:
                self._conn = self._connect(create=True)
                self._pid = os.getpid()
                _OPEN.add(self)
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    self._create_schema(self._conn)
                elif version != _SCHEMA_VERSION:
                    raise sqlite3.DatabaseError(f"unknown schema version {version}")
            except sqlite3.Error as exc:
                self.close()
                if attempt == 1 and _is_corrupt(exc) and _remove_database(self.database):
                    damaged = exc
                    continue
                self._fail(exc)
                return
            if damaged is not None:
                self.warning = f"cache {self.database} was damaged ({damaged}); started a new one"
            return

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA journal_mode = WAL")  # persistent: set once, when the file is new
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] == 0:  # another run may have won
                conn.executescript(f"{_SCHEMA}; PRAGMA user_version = {_SCHEMA_VERSION};")
            if conn.in_transaction:
                conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _prune(conn: sqlite3.Connection, today: int) -> None:
        row = conn.execute("SELECT value FROM meta WHERE name = 'pruned'").fetchone()
        if row is not None and row[0] >= today:
            return
        conn.execute("DELETE FROM entries WHERE last_used < ?", (today - KEEP_DAYS,))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('pruned', ?)", (today,))

    def _fail(self, error: BaseException) -> None:
        """Turn the cache off for this run, remembering the first reason as one line.

        A damaged database found mid-run is removed, so the next run starts a new one.
        """
        if self.database is None:
            return
        self.close()
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        if isinstance(error, sqlite3.Error) and _is_corrupt(error) and _remove_database(self.database):
            message = f"cache {self.database} is damaged ({reason}); removed, the next run starts a new one"
        else:
            message = f"cache {self.database} not used: {reason} (--no-cache skips it, --cache-dir moves it)"
        if self.warning is None:
            self.warning = message
        self.database = None


def _digest_prefix(key: str) -> Any:
    return hashlib.sha256(f"newslint cache\0{key}\0".encode())


def _make_folder(folder: Path) -> None:
    """`<root>/v1`, with the markers that keep the cache out of git and out of backups."""
    if folder.is_dir():
        return
    root = folder.parent
    fresh = not root.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if fresh:
        for name, text in ((".gitignore", GITIGNORE), ("CACHEDIR.TAG", CACHEDIR_TAG)):
            (root / name).write_text(text, encoding="utf-8")


def _is_corrupt(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return not isinstance(error, sqlite3.OperationalError) and isinstance(error, sqlite3.DatabaseError)


def _remove_database(database: Path) -> bool:
    """Delete a damaged database and its WAL files; whether that worked."""
    try:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{database}{suffix}")
    except OSError:
        return False
    return True


def _close_before_fork() -> None:
    for opened in list(_OPEN):
        opened.close()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_close_before_fork)

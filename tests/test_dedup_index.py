"""The persistent index: `newslint index add|info`, `newslint check --index` (DUP101, DUP102), the
cache across batches, and what SQLite must guarantee: concurrent writers, a writer killed mid-batch.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCli, cli_in_process
from dedup_corpus import article, scraped, write_jsonl

from newslint import engine
from newslint.dedup.index import Index
from newslint.dedup.params import PRESETS, Params


@dataclass
class Site:
    root: Path
    second_start: int  # the line where the second article of incoming/multi.txt starts


@pytest.fixture
def site(tmp_path: Path, wikinews: list[dict[str, Any]]) -> Site:
    """indexed/0..4.txt and archive.jsonl (r10..r14): what goes into the index. incoming/: an
    exact copy of indexed/0.txt (capitals, a share widget), a near copy of indexed/1.txt (a new
    headline, the last paragraph cut), an unrelated article, and a file of two articles whose
    second is archive.jsonl[r12]."""
    indexed = tmp_path / "indexed"
    indexed.mkdir()
    for n in range(5):
        (indexed / f"{n}.txt").write_text(article(wikinews[n]), encoding="utf-8")
    write_jsonl(tmp_path / "archive.jsonl", [(f"r{n}", article(wikinews[n])) for n in range(10, 15)])
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    exact = article(wikinews[0]).upper().replace("\n\n", "\nShare\n\n", 1)
    (incoming / "exact.txt").write_text(exact, encoding="utf-8")
    near = wikinews[1]
    (incoming / "near.txt").write_text(
        scraped("UPDATE: " + near["title"], near["paragraphs"][:-1]), encoding="utf-8"
    )
    (incoming / "other.txt").write_text(article(wikinews[50]), encoding="utf-8")
    first = article(wikinews[51])
    (incoming / "multi.txt").write_text(first + "\n\n" + article(wikinews[12]), encoding="utf-8")
    return Site(tmp_path, first.count("\n") + 3)


def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    return cli_in_process(args, cwd=cwd)


def add(site: Site, *paths: str, index: str = "idx.db") -> tuple[int, str, str]:
    return run(["index", "add", "--index", index, *paths], site.root)


def findings(
    cwd: Path, *args: str, codes: str | None = "DUP101,DUP102"
) -> tuple[int, list[tuple[str, str, int, str]]]:
    """`check --output-format json` -> exit code, [(path, code, line, message)] of DUP findings."""
    select = ["--select", codes] if codes else []
    code, out, err = run(["check", "--no-cache", "--output-format", "json", *select, *args], cwd)
    assert err == "", err
    found = [
        (f["path"], f["code"], f["line"], f["message"])
        for f in json.loads(out)
        if f["code"].startswith("DUP1")
    ]
    return code, sorted(found)


def count(index: Path) -> int:
    with sqlite3.connect(index) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def integrity(index: Path) -> str:
    connection = sqlite3.connect(index)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


# --- index add, index info --------------------------------------------------------------------------------


def test_index_add_then_info(site: Site) -> None:
    (site.root / "indexed" / "brief.txt").write_text("Markets closed early.\n", encoding="utf-8")
    code, out, err = add(site, "indexed", "archive.jsonl")
    assert (code, err) == (0, "")
    assert out == (
        "Added 10 articles of 11 documents to idx.db "
        "(now 10 articles; 1 article too short to compare left out)\n"
    )
    code, out, err = run(["index", "info", "--index", "idx.db"], site.root)
    assert (code, err) == (0, "")
    assert re.fullmatch(rf"idx\.db: 10 articles, 1 batch(es)? added, parameters {PRESETS['news']}\n", out)
    assert count(site.root / "idx.db") == 10


def test_re_adding_the_same_files_replaces_them(site: Site, wikinews: list[dict[str, Any]]) -> None:
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    before = count(site.root / "idx.db")
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    assert add(site, "indexed/2.txt")[0] == 0
    assert count(site.root / "idx.db") == before == 10
    info = run(["index", "info", "--index", "idx.db"], site.root)[1]
    assert "10 articles, 3 batches" in info
    # A file added again with other content: its entry now holds the new article, not the old one.
    (site.root / "copy2.txt").write_text(article(wikinews[2]), encoding="utf-8")
    (site.root / "copy60.txt").write_text(article(wikinews[60]), encoding="utf-8")
    assert findings(site.root, "--index", "idx.db", "copy2.txt", "copy60.txt")[1] == [
        ("copy2.txt", "DUP101", 1, "Article already in the index: indexed/2.txt:1")
    ]
    (site.root / "indexed" / "2.txt").write_text(article(wikinews[60]), encoding="utf-8")
    assert add(site, "indexed/2.txt")[0] == 0
    assert count(site.root / "idx.db") == 10
    assert findings(site.root, "--index", "idx.db", "copy2.txt", "copy60.txt")[1] == [
        ("copy60.txt", "DUP101", 1, "Article already in the index: indexed/2.txt:1")
    ]


@pytest.mark.parametrize(
    ("built", "again", "error"),
    [
        (["--preset", "ocr"], [], None),  # no parameters given: the index's own are used
        (["--preset", "ocr"], ["--preset", "ocr"], None),
        (["--preset", "ocr"], ["--threshold", "0.7"], "was built with parameters 2w_"),
        (["--preset", "ocr"], ["--ngram", "5"], "was built with parameters 2w_"),
        ([], ["--preset", "ocr"], "was built with parameters 5w_"),
        # An explicit --preset news is a request, even though news is the default.
        (["--preset", "ocr"], ["--preset", "news"], "was built with parameters 2w_"),
    ],
)
def test_an_index_keeps_its_parameters(
    site: Site, built: list[str], again: list[str], error: str | None
) -> None:
    assert add(site, *built, "indexed")[0] == 0
    params = run(["index", "info", "--index", "idx.db"], site.root)[1].split("parameters ")[1]
    code, out, err = run(["index", "add", "--index", "idx.db", *again, "archive.jsonl"], site.root)
    if error is None:
        assert (code, err) == (0, "")
        assert count(site.root / "idx.db") == 10
    else:
        assert (code, out) == (2, "")
        assert err.startswith("newslint: error: idx.db: " + error) and len(err.splitlines()) == 1
        assert "cannot be compared" in err
        assert count(site.root / "idx.db") == 5
    assert run(["index", "info", "--index", "idx.db"], site.root)[1].split("parameters ")[1] == params


# --- check --index ----------------------------------------------------------------------------------------


def test_check_reports_copies_and_near_copies(site: Site) -> None:
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    code, found = findings(site.root, "--index", "idx.db", "incoming")
    assert code == 1
    assert [f[:3] for f in found] == [
        ("incoming/exact.txt", "DUP101", 1),
        ("incoming/multi.txt", "DUP101", site.second_start),
        ("incoming/near.txt", "DUP102", 1),
    ]
    assert found[0][3] == "Article already in the index: indexed/0.txt:1"
    assert found[1][3] == "Article already in the index: archive.jsonl[r12]:1"
    near = re.fullmatch(
        r"Article is a near copy \(Jaccard (0\.\d\d)\) of indexed/1\.txt:1 in the index", found[2][3]
    )
    assert near and 0.7 <= float(near[1]) < 1.0


def test_check_without_an_index_reports_no_copies(site: Site) -> None:
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    assert findings(site.root, "incoming") == (0, [])


def test_an_indexed_article_is_not_a_copy_of_itself(site: Site) -> None:
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    assert findings(site.root, "--index", "idx.db", "indexed", "archive.jsonl") == (0, [])
    # Once incoming/near.txt is in the index too, it and indexed/1.txt are near copies of each
    # other, and each is still never a copy of itself.
    assert add(site, "incoming/near.txt")[0] == 0
    code, found = findings(site.root, "--index", "idx.db", "indexed", "incoming/near.txt")
    assert code == 1
    assert [f[:2] for f in found] == [("incoming/near.txt", "DUP102"), ("indexed/1.txt", "DUP102")]
    assert "of indexed/1.txt:1 in the index" in found[0][3]
    assert "of incoming/near.txt:1 in the index" in found[1][3]


@pytest.mark.parametrize("spelling", ["absolute", "from its folder"])
def test_an_indexed_article_named_another_way_is_not_a_copy_of_itself(site: Site, spelling: str) -> None:
    assert add(site, "indexed")[0] == 0
    if spelling == "absolute":
        assert findings(site.root, "--index", "idx.db", str(site.root / "indexed" / "0.txt")) == (0, [])
    else:
        assert findings(site.root / "indexed", "--index", "../idx.db", "0.txt") == (0, [])


@pytest.mark.parametrize(
    ("selection", "codes"),
    [
        ([], {"DUP101", "DUP102"}),
        (["--select", "DUP102"], {"DUP102"}),
        (["--select", "DUP101"], {"DUP101"}),
        (["--ignore", "DUP102"], {"DUP101"}),
        (["--select", "DUP", "--ignore", "DUP101"], {"DUP102"}),
        (["--ignore", "DUP101,DUP102"], set()),
    ],
)
def test_select_and_ignore(site: Site, selection: list[str], codes: set[str]) -> None:
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    _, found = findings(site.root, "--index", "idx.db", *selection, "incoming", codes=None)
    assert {f[1] for f in found} == codes


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such index"),
        (os.urandom(4096), "not a newslint index (file is not a database)"),
        (b"", "not a newslint index, or one made by another version"),
        (b"a text file\n" * 50, "not a newslint index (file is not a database)"),
        ("sqlite", "not a newslint index, or one made by another version"),
        (
            "schema 1",
            "an index of an older newslint (schema 1; this one reads 2), whose signatures cannot be "
            "compared: delete it (or choose another path) and run "
            "`newslint index add --index bad.db ...` again",
        ),
        ("schema 3", "an index of a newer newslint (schema 3; this one reads 2): upgrade newslint to use it"),
    ],
    ids=["missing", "random bytes", "empty", "text", "another database", "older schema", "newer schema"],
)
def test_an_unusable_index_is_a_one_line_error(site: Site, content: bytes | str | None, message: str) -> None:
    index = site.root / "bad.db"
    if content == "sqlite":
        with sqlite3.connect(index) as connection:
            connection.execute("CREATE TABLE notes (body TEXT)")
        connection.close()
    elif isinstance(content, str) and content.startswith("schema "):  # another newslint's index
        Index.open(str(index), Params(), create=True).close()
        with sqlite3.connect(index) as connection:
            connection.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (content.split()[1],))
        connection.close()
    elif isinstance(content, bytes):
        index.write_bytes(content)
    before = index.read_bytes() if index.exists() else None
    for args in (["check", "--index", "bad.db", "incoming"], ["index", "info", "--index", "bad.db"]):
        code, out, err = run(args, site.root)
        assert (code, out) == (2, ""), args
        assert err == f"newslint: error: bad.db: {message}\n", args
    assert (index.read_bytes() if index.exists() else None) == before  # a check never writes to it


def test_a_corrupt_index_on_the_command_line(site: Site, run_cli: RunCli) -> None:
    """What a user sees: one line, no traceback, whatever the command."""
    (site.root / "bad.db").write_bytes(os.urandom(4096))
    for args in (
        ["check", "--index", "bad.db", "incoming"],
        ["index", "add", "--index", "bad.db", "indexed"],
    ):
        code, out, err = run_cli(args, cwd=site.root)
        assert (code, out) == (2, "")
        assert err == "newslint: error: bad.db: not a newslint index (file is not a database)\n"


@pytest.mark.parametrize("content", [os.urandom(4096), b"a text file\n" * 50])
def test_index_add_to_a_file_that_is_not_an_index_is_a_one_line_error(site: Site, content: bytes) -> None:
    (site.root / "bad.db").write_bytes(content)
    code, out, err = run(["index", "add", "--index", "bad.db", "indexed"], site.root)
    assert (code, out) == (2, "")
    assert err == "newslint: error: bad.db: not a newslint index (file is not a database)\n"
    assert (site.root / "bad.db").read_bytes() == content


def test_jobs_give_the_same_findings(site: Site, wikinews: list[dict[str, Any]]) -> None:
    """Enough records for a pool of processes, each of which opens the index on its own."""
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    records = [(f"w{n}", article(wikinews[n])) for n in range(40, 200)]
    records += [(f"copy{n}", article(wikinews[n]).lower()) for n in (0, 3, 11, 14)]
    write_jsonl(site.root / "crawl.jsonl", records)
    one = findings(site.root, "-j", "1", "--index", "idx.db", "crawl.jsonl")
    two = findings(site.root, "-j", "2", "--index", "idx.db", "crawl.jsonl")
    assert one == two
    assert [(f[0], f[1]) for f in one[1]] == [("crawl.jsonl", "DUP101")] * 4


# --- the cache --------------------------------------------------------------------------------------------


def test_a_cached_check_sees_articles_added_since(
    site: Site, wikinews: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert add(site, "indexed", "archive.jsonl")[0] == 0
    args = ["check", "--cache-dir", "cache", "--select", "DUP101,DUP102", "--index", "idx.db", "incoming"]
    first = run(args, site.root)
    assert first[0] == 1 and "incoming/other.txt" not in first[1]

    def no_lint(*args: object) -> None:
        raise AssertionError("linted again: the cache was not used")

    with monkeypatch.context() as patch:
        patch.setattr(engine, "lint", no_lint)
        assert run(args, site.root) == first  # served from the cache
    (site.root / "more").mkdir()
    (site.root / "more" / "50.txt").write_text(article(wikinews[50]), encoding="utf-8")
    assert add(site, "more")[0] == 0
    code, out, err = run(args, site.root)
    assert (code, err) == (1, "")
    assert "incoming/other.txt:1:1: DUP101 Article already in the index: more/50.txt:1" in out.splitlines()
    assert set(first[1].splitlines()[:-1]) < set(out.splitlines())


# --- SQLite: writers at once, a writer killed ---------------------------------------------------------------


def newslint(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "newslint", *map(str, args)]


ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}


def batch(path: Path, wikinews: list[dict[str, Any]], name: str, size: int) -> None:
    """`size` records, each a wikinews article with a line of its own: every one a new article."""
    write_jsonl(
        path,
        [
            (f"{name}{n}", article(wikinews[n % len(wikinews)]) + f"\nRecord {n} of batch {name}.\n")
            for n in range(size)
        ],
    )


def test_two_writers_at_once(tmp_path: Path, wikinews: list[dict[str, Any]]) -> None:
    for name in "ab":
        batch(tmp_path / f"{name}.jsonl", wikinews, name, 150)
    writers = [
        subprocess.Popen(
            newslint("index", "add", "-j", "1", "--index", "idx.db", f"{name}.jsonl"),
            cwd=tmp_path,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name in "ab"
    ]
    results = [writer.communicate(timeout=60) for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], results
    assert integrity(tmp_path / "idx.db") == "ok"
    with sqlite3.connect(tmp_path / "idx.db") as connection:
        per_batch = dict(connection.execute("SELECT path, count(*) FROM articles GROUP BY path").fetchall())
        generation = connection.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0]
    assert per_batch == {"a.jsonl": 150, "b.jsonl": 150}
    assert int(generation) == 2


@pytest.fixture
def killable(tmp_path: Path, wikinews: list[dict[str, Any]]) -> Path:
    """An index of a few articles, and big.jsonl: a batch of 600 new ones."""
    (tmp_path / "small").mkdir()
    for n in range(3):
        (tmp_path / "small" / f"{n}.txt").write_text(article(wikinews[100 + n]), encoding="utf-8")
    subprocess.run(
        newslint("index", "add", "--index", "idx.db", "small"),
        cwd=tmp_path,
        env=ENV,
        check=True,
        capture_output=True,
    )
    batch(tmp_path / "big.jsonl", wikinews, "big", 600)
    return tmp_path


def after_the_kill(root: Path) -> int:
    """The index opens and is whole after a killed writer; how many articles it holds."""
    index = root / "idx.db"
    assert integrity(index) == "ok"
    opened = Index.open_readonly(str(index))
    try:
        held = len(opened)
    finally:
        opened.close()
    assert held in (3, 603), held  # all of the batch or none of it
    code, out, err = cli_in_process(["index", "info", "--index", "idx.db"], cwd=root)
    assert (code, err) == (0, "") and f"{held} articles" in out
    return held


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.05])
def test_a_writer_killed_mid_batch_leaves_all_or_none(killable: Path, delay: float) -> None:
    """Kill the writer once its batch starts reaching the write-ahead log (and a little later)."""
    wal = killable / "idx.db-wal"
    writer = subprocess.Popen(
        newslint("index", "add", "-j", "2", "--index", "idx.db", "big.jsonl"),
        cwd=killable,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while writer.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 0:
            time.sleep(delay)
            writer.send_signal(signal.SIGKILL)
            break
        time.sleep(0.001)
    writer.wait(timeout=30)
    held = after_the_kill(killable)
    if writer.returncode == 0:
        assert held == 603


# The writer kills itself with SIGKILL after `after` articles of its batch are inserted, with a page
# cache of a few pages so that the uncommitted rows are already in the write-ahead log.
DYING_WRITER = """
import os, signal, sys
from newslint.cli import main
from newslint.dedup.index import Index
from newslint.dedup.params import PRESETS

after = int(sys.argv[1])
real_open = Index.open.__func__


class Dying:
    def __init__(self, connection):
        self.connection, self.inserted = connection, 0

    def execute(self, sql, *args):
        if sql.lstrip().startswith("INSERT INTO articles"):
            self.inserted += 1
            if self.inserted > after:
                os.kill(os.getpid(), signal.SIGKILL)
        return self.connection.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.connection, name)


def dying_open(cls, *args, **kwargs):
    index = real_open(cls, *args, **kwargs)
    index.connection.execute("PRAGMA cache_size=8")
    index.connection = Dying(index.connection)
    return index


Index.open = classmethod(dying_open)
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("after", [1, 300])
def test_a_writer_killed_after_some_inserts_leaves_none(killable: Path, after: int) -> None:
    writer = subprocess.run(
        [
            sys.executable,
            "-c",
            DYING_WRITER,
            str(after),
            "index",
            "add",
            "-j",
            "2",
            "--index",
            "idx.db",
            "big.jsonl",
        ],
        cwd=killable,
        env=ENV,
        capture_output=True,
        timeout=60,
    )
    assert writer.returncode == -signal.SIGKILL, writer.stderr.decode()
    if after > 1:  # rows of the open transaction had reached the log when the writer died
        assert (killable / "idx.db-wal").stat().st_size > 0
    assert after_the_kill(killable) == 3
    # The index takes the batch again afterwards.
    code, _, err = cli_in_process(["index", "add", "--index", "idx.db", "big.jsonl"], cwd=killable)
    assert (code, err) == (0, "")
    assert count(killable / "idx.db") == 603
    assert integrity(killable / "idx.db") == "ok"


def test_an_index_in_a_missing_folder_is_a_one_line_error(site: Site) -> None:
    code, out, err = run(["index", "add", "--index", "no/such/folder/seen.db", "indexed"], site.root)
    assert (code, out) == (2, "")
    assert err.startswith("newslint: error: no/such/folder/seen.db: cannot open or make the index (")
    assert err.count("\n") == 1
    assert not (site.root / "no").exists()


def test_no_write_ahead_log_is_left_beside_the_index(site: Site, run_cli: RunCli) -> None:
    """The command exits without tearing the interpreter down, so it closes its SQLite connections
    first: a writer's connection left open leaves the index's -wal and -shm files behind, also when
    the index is refused. (A read-only connection, as `check --index` and `index info` open,
    cannot remove them; the next writer to close does.)"""
    for args in (
        ["index", "add", "--index", "idx.db", "indexed"],
        ["check", "--index", "idx.db", "--select", "DUP1", "incoming"],
        ["index", "info", "--index", "idx.db"],
        ["index", "add", "--index", "idx.db", "archive.jsonl"],
        ["index", "add", "--index", "idx.db", "--threshold", "0.9", "archive.jsonl"],  # refused
    ):
        code, _, err = run_cli(args, cwd=site.root)
        assert code in (0, 1, 2), err
        if args[0] == "index" and args[1] == "add":
            assert sorted(path.name for path in site.root.glob("idx.db*")) == ["idx.db"], args
    assert "was built with parameters" in err

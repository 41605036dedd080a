"""The findings cache: a document whose text and configuration are unchanged is not linted again,
and nothing that can happen to the cache folder ever fails a run."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import newslint
from newslint import cache as cache_module
from newslint import engine
from newslint.cache import DATABASE, FORMAT, Cache, CachedResult, config_key
from newslint.checks import base
from newslint.checks.base import Settings
from newslint.codes import select_rules
from newslint.document import Document
from newslint.model import Finding
from newslint.packs import pack_set
from newslint.report import Source

SCRAPE = """\
Storm closes ports across the region

A crane lies on its side at the harbour on Tuesday. (AFP)
A crane lies on its side at the harbour on Tuesday. (AFP)
TT
Ports along the coast were closed on Tuesday as the storm reached the 0arliament district.

Officials said the ports would reopen once the wind had dropped below gale force.
"""

RULES = select_rules()
SETTINGS = Settings(pack_set())
KEY = config_key(RULES, SETTINGS)


def lint(text: str, path: str) -> tuple[list[Finding], Source]:
    doc = Document(text, path)
    findings = engine.lint(doc, RULES, SETTINGS)
    return findings, Source.around(path, None, [line.text for line in doc.lines], findings)


def stored(text: str) -> CachedResult:
    findings, source = lint(text, "scrape.txt")
    return CachedResult.of(findings, source)


def database(folder: Path) -> Path:
    return folder / FORMAT / DATABASE


# ---------------------------------------------------------------------------------------------
# Hits and misses


def test_a_stored_result_comes_back_labelled_with_the_new_path(tmp_path: Path) -> None:
    findings, source = lint(SCRAPE, "first.txt")
    assert {f.code for f in findings} >= {"DUP001", "UI001", "OCR001"}
    with Cache.open(tmp_path, KEY) as cache:
        digest = cache.digest(SCRAPE)
        assert cache.get(digest) is None
        cache.put_many([(digest, CachedResult.of(findings, source))])
    with Cache.open(tmp_path, KEY) as cache:
        hit = cache.get(cache.digest(SCRAPE))
        assert hit is not None and cache.warning is None
        again, again_source = hit.bind("copy/second.txt", "rec-7")
    assert again == [replace(f, path="copy/second.txt", record="rec-7") for f in findings]
    assert again_source == Source("copy/second.txt", "rec-7", source.lines)


def test_a_result_travels_from_a_worker_to_the_main_process() -> None:
    result = stored(SCRAPE)
    copy = pickle.loads(pickle.dumps(result))
    assert copy.bind("a.txt") == result.bind("a.txt")


def test_a_clean_document_is_cached_too(tmp_path: Path) -> None:
    text = "A quiet day\n\nNothing happened in the harbour on Tuesday, officials said.\n"
    with Cache.open(tmp_path, KEY) as cache:
        cache.put_many([(cache.digest(text), stored(text))])
        hit = cache.get(cache.digest(text))
    assert hit is not None
    assert hit.bind("a.txt") == ([], Source("a.txt", None, {}))


def test_a_changed_text_misses(tmp_path: Path) -> None:
    with Cache.open(tmp_path, KEY) as cache:
        cache.put_many([(cache.digest(SCRAPE), stored(SCRAPE))])
        assert cache.get(cache.digest(SCRAPE.replace("Tuesday", "Wednesday"))) is None
        assert cache.get(cache.digest(SCRAPE + "\n")) is None


def test_the_key_changes_with_the_rule_selection_and_the_language() -> None:
    assert config_key(select_rules(), SETTINGS) == KEY
    assert config_key(reversed(select_rules()), SETTINGS) == KEY  # order does not matter
    assert config_key(select_rules(["DUP"]), SETTINGS) != KEY
    assert config_key(select_rules(None, ["ART001"]), SETTINGS) != KEY
    assert config_key(RULES, Settings(SETTINGS.packs, "fr")) != KEY
    assert config_key(RULES, Settings(SETTINGS.packs, "en")) != KEY


def test_the_key_changes_with_a_rule_option() -> None:
    rule_options = getattr(base, "RuleOptions", None)
    if rule_options is None:
        pytest.skip("this version of Settings has no rule options")
    tuned = replace(SETTINGS, options=rule_options((("DUP005", "min-similarity", 0.95),)))
    assert config_key(RULES, tuned) != KEY
    assert config_key(RULES, replace(SETTINGS, options=rule_options())) == KEY


def test_the_key_changes_with_a_packs_content(tmp_path: Path) -> None:
    pack = tmp_path / "mysite.yaml"
    pack.write_text("name: mysite\nwidgets:\n  - Gift this story\n", encoding="utf-8")
    first = config_key(RULES, Settings(pack_set([pack])))
    assert first != KEY
    assert config_key(RULES, Settings(pack_set([pack]))) == first
    pack.write_text("name: mysite\nwidgets:\n  - Gift this article\n", encoding="utf-8")
    assert config_key(RULES, Settings(pack_set([pack]))) != first


def test_the_key_changes_with_the_newslint_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(newslint, "__version__", "99.0.0")
    assert config_key(RULES, SETTINGS) != KEY


def test_the_key_changes_when_newslints_code_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "_source_stamp", lambda: "engine.py:1:2")
    assert config_key(RULES, SETTINGS) != KEY


def test_the_key_is_the_same_in_every_process() -> None:
    """Pack entries are sets: their order must not follow PYTHONHASHSEED."""
    code = (
        "from newslint.cache import config_key; from newslint.checks.base import Settings;"
        "from newslint.codes import select_rules; from newslint.packs import pack_set;"
        "print(config_key(select_rules(), Settings(pack_set())))"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert keys == {KEY}


def test_a_hit_from_a_previous_day_is_stale_until_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "_today", lambda: 1000)
    with Cache.open(tmp_path, KEY) as cache:
        digest = cache.digest(SCRAPE)
        cache.put_many([(digest, stored(SCRAPE))])
        hit = cache.get(digest)
        assert hit is not None and not hit.stale
        monkeypatch.setattr(cache_module, "_today", lambda: 1003)
        hit = cache.get(digest)
        assert hit is not None and hit.stale
        cache.put_many([], used=[digest])
        hit = cache.get(digest)
        assert hit is not None and hit.last_used == 1003 and not hit.stale


# ---------------------------------------------------------------------------------------------
# The folder


def test_the_folder_is_marked_as_a_cache(tmp_path: Path) -> None:
    folder = tmp_path / ".newslint_cache"
    Cache.open(folder, KEY).close()
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text(encoding="utf-8")
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert database(folder).is_file()


def test_no_cache_reads_and_writes_nothing(tmp_path: Path) -> None:
    cache = Cache.off(KEY)
    digest = cache.digest(SCRAPE)
    cache.put_many([(digest, stored(SCRAPE))])
    assert cache.get(digest) is None and cache.warning is None and not cache.enabled
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# Nothing that happens to the cache fails a run


def test_a_damaged_database_is_replaced_with_one_warning(tmp_path: Path) -> None:
    database(tmp_path).parent.mkdir(parents=True)
    database(tmp_path).write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    cache = Cache.open(tmp_path, KEY)
    assert cache.warning is not None and "damaged" in cache.warning and "\n" not in cache.warning
    digest = cache.digest(SCRAPE)
    cache.put_many([(digest, stored(SCRAPE))])  # the new database works at once
    assert cache.get(digest) is not None
    cache.close()
    with Cache.open(tmp_path, KEY) as again:
        assert again.warning is None and again.get(digest) is not None


def test_damage_found_in_the_middle_of_a_run_turns_the_cache_off_and_removes_it(tmp_path: Path) -> None:
    with Cache.open(tmp_path, KEY) as cache:
        cache.put_many([(cache.digest(f"{i} {SCRAPE}"), stored(SCRAPE)) for i in range(200)])
    data = bytearray(database(tmp_path).read_bytes())
    page = 4096
    data[2 * page :] = b"\xa5" * (len(data) - 2 * page)  # every page but the schema's
    database(tmp_path).write_bytes(bytes(data))
    cache = Cache.open(tmp_path, KEY)
    assert cache.get(cache.digest(f"7 {SCRAPE}")) is None
    assert cache.warning is not None and "damaged" in cache.warning
    assert cache.get(cache.digest(f"8 {SCRAPE}")) is None  # off for the rest of the run
    cache.put_many([(cache.digest(SCRAPE), stored(SCRAPE))])
    with Cache.open(tmp_path, KEY) as again:  # the next run starts a new database
        assert again.warning is None
        again.put_many([(again.digest(SCRAPE), stored(SCRAPE))])
        assert again.get(again.digest(SCRAPE)) is not None


def test_a_folder_that_cannot_be_created_leaves_the_run_uncached(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file where the cache folder should be\n", encoding="utf-8")
    cache = Cache.open(tmp_path / "blocked", KEY)
    assert cache.warning is not None and "not used" in cache.warning and not cache.enabled
    digest = cache.digest(SCRAPE)
    assert cache.get(digest) is None
    cache.put_many([(digest, stored(SCRAPE))])
    cache.close()


def test_a_database_that_refuses_writes_does_not_fail_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder or a full disk looks like to SQLite, even when tests run as root."""
    with Cache.open(tmp_path, KEY) as cache:
        cache.put_many([(cache.digest(SCRAPE), stored(SCRAPE))])

    def read_only(self: Cache, create: bool) -> sqlite3.Connection:
        assert self.database is not None
        uri = f"{self.database.resolve().as_uri()}?mode=ro"
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)

    monkeypatch.setattr(Cache, "_connect", read_only)
    cache = Cache.open(tmp_path, KEY)
    assert cache.get(cache.digest(SCRAPE)) is not None  # reads still work
    cache.put_many([(cache.digest("other"), stored("other"))])
    assert cache.warning is not None and "readonly" in cache.warning and "\n" not in cache.warning
    assert cache.get(cache.digest(SCRAPE)) is None  # off for the rest of the run
    cache.close()


# ---------------------------------------------------------------------------------------------
# Several processes


def _write_many(folder: str, writer: int, batches: int, size: int) -> None:
    result = CachedResult.of(*lint(SCRAPE, "x.txt"))
    cache = Cache.open(folder, KEY)
    for batch in range(batches):
        cache.put_many(
            (cache.digest(f"{writer}/{batch}/{i}"), result) for i in range(size)
        )  # one transaction per batch, interleaved with the other writer's
    assert cache.warning is None, cache.warning
    cache.close()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def test_two_runs_writing_at_once_leave_every_row_readable(tmp_path: Path) -> None:
    context = _context()
    batches, size = 40, 50
    writers = [context.Process(target=_write_many, args=(str(tmp_path), w, batches, size)) for w in range(2)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(60)
        assert process.exitcode == 0
    with Cache.open(tmp_path, KEY) as cache:
        missing = [
            (w, b, i)
            for w in range(2)
            for b in range(batches)
            for i in range(size)
            if cache.get(cache.digest(f"{w}/{b}/{i}")) is None
        ]
        assert missing == [] and cache.warning is None
    with sqlite3.connect(database(tmp_path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _get_in_child(cache: Cache, digest: bytes) -> None:
    hit = cache.get(digest)
    sys.exit(0 if hit is not None and cache.warning is None else 3)


def test_a_worker_opens_its_own_connection(tmp_path: Path) -> None:
    cache = Cache.open(tmp_path, KEY)
    digest = cache.digest(SCRAPE)
    cache.put_many([(digest, stored(SCRAPE))])
    assert cache.get(digest) is not None  # the parent has a connection open
    for context in {_context(), multiprocessing.get_context("spawn")}:
        child = context.Process(target=_get_in_child, args=(cache, digest))
        child.start()
        child.join(60)
        assert child.exitcode == 0
    assert cache.get(digest) is not None and cache.warning is None  # and the parent's still works
    cache.close()


def test_a_cache_can_be_sent_to_a_spawned_worker(tmp_path: Path) -> None:
    with Cache.open(tmp_path, KEY) as cache:
        digest = cache.digest(SCRAPE)
        cache.put_many([(digest, stored(SCRAPE))])
        copy = pickle.loads(pickle.dumps(cache))
    assert copy.get(digest) is not None
    copy.close()


# ---------------------------------------------------------------------------------------------
# Pruning


def test_entries_unused_for_30_days_are_pruned_once_a_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = [100]
    monkeypatch.setattr(cache_module, "_today", lambda: day[0])
    cache = Cache.open(tmp_path, KEY)
    old, kept, used = (cache.digest(name) for name in ("old", "kept", "used"))
    cache.put_many([(old, stored("old")), (used, stored("used"))])
    day[0] = 120
    cache.put_many([(kept, stored("kept"))], used=[used])
    day[0] = 135  # old: last used on day 100, more than 30 days ago
    cache.put_many([(cache.digest("new"), stored("new"))])
    assert cache.get(old) is None
    assert cache.get(kept) is not None and cache.get(used) is not None
    cache.close()

    with sqlite3.connect(database(tmp_path)) as conn:  # an entry that went stale today
        conn.execute("UPDATE entries SET last_used = 1 WHERE digest = ?", (kept,))
    cache = Cache.open(tmp_path, KEY)
    cache.put_many([(cache.digest("newer"), stored("newer"))])
    assert cache.get(kept) is not None  # already pruned today: no second scan
    day[0] = 136
    cache.put_many([(cache.digest("newest"), stored("newest"))])
    assert cache.get(kept) is None
    cache.close()

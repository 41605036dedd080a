"""`--engine ray`: the work runs in Ray tasks, and the output is byte for byte that of `--jobs 1`.

One local Ray (2 CPUs) serves the whole module: starting one costs 3-6 s, and newslint uses a Ray
that is already running as it finds it. The command line runs in this process, except once, to
see a run start and stop its own Ray with nothing but the report on standard output.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, SEED_FIXED, RunCli, cli

ray = pytest.importorskip("ray")  # installed by the test extra, so CI runs this module

from newslint import ray_engine  # noqa: E402

SEED_TEXT = SEED.read_text(encoding="utf-8")
CLEAN = "Ministers met on Tuesday to discuss the budget for the coming year, officials said.\n"
MISSING = "newslint: --engine ray needs Ray: pip install 'newslint[ray]'\n"


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    ray.init(
        address="local", num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR
    )
    # Functions of this module go to the workers by value: they cannot import a test module.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield
    ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    ray.shutdown()


@pytest.fixture
def on_ray(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of units of each run that went to Ray, to show the runs below really used it."""
    counts: list[int] = []
    map_units = ray_engine.map_units

    def counted(tasks: Any, units: Any, corpora: Any, jobs: int) -> Iterator[Any]:
        counts.append(len(units))
        return map_units(tasks, units, corpora, jobs)

    monkeypatch.setattr(ray_engine, "map_units", counted)
    return counts


def make_batch(folder: Path) -> Path:
    """24 files (more than POOL_MIN_DOCUMENTS): damaged, fixed, CRLF, UTF-16, binary, read-only."""
    folder.mkdir()
    for i in range(24):
        source = SEED if i % 3 else SEED_FIXED
        (folder / f"{i:02d}.txt").write_bytes(source.read_bytes())
    (folder / "04.txt").write_bytes(SEED_TEXT.replace("\n", "\r\n").encode("utf-8"))
    (folder / "05.txt").write_bytes(SEED_TEXT.encode("utf-16"))  # with a BOM
    (folder / "07.txt").write_bytes(b"\x00binary")
    (folder / "08.txt").chmod(0o444)  # fix refuses to write it: an error, reported alike
    return folder


def make_corpus(path: Path) -> Path:
    """60 records (three shards) and a broken line."""
    lines = [
        json.dumps({"id": f"a{i}", "url": f"https://example.org/{i}", "text": SEED_TEXT if i % 3 else CLEAN})
        for i in range(60)
    ]
    lines.insert(30, '{"id": "cut", "text": "cut off')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_check_files_gives_the_report_of_one_process(
    run_in_process: RunCli, tmp_path: Path, on_ray: list[int]
) -> None:
    batch = make_batch(tmp_path / "batch")
    for args in (["--output-format", "json"], ["--output-format", "full"], ["--statistics"]):
        one = run_in_process(["check", "--jobs", "1", *args, batch])
        assert run_in_process(["check", "--engine", "ray", *args, batch]) == one
        assert one[0] == 2  # the binary file
    assert on_ray == [24, 24, 24]


def test_check_fills_the_cache_in_the_driver(
    run_in_process: RunCli, tmp_path: Path, on_ray: list[int]
) -> None:
    batch, cwd = make_batch(tmp_path / "batch"), tmp_path / "cwd"
    cwd.mkdir()
    report = run_in_process(["check", "--engine", "ray", "--output-format", "json", batch], cwd=cwd)
    assert on_ray == [24]
    assert len(json.loads(report[1])) > 24
    with sqlite3.connect(cwd / ".newslint_cache" / "v1" / "cache.sqlite") as db:
        (entries,) = db.execute("SELECT count(*) FROM entries").fetchone()
    assert entries == 3  # one per distinct text read: damaged, fixed, CRLF (UTF-16 is the same text)
    assert run_in_process(["check", "--jobs", "1", "--output-format", "json", batch], cwd=cwd) == report


def test_check_corpus_gives_the_report_of_one_process(
    run_in_process: RunCli, tmp_path: Path, on_ray: list[int]
) -> None:
    corpus = make_corpus(tmp_path / "batch.jsonl")
    one = run_in_process(["check", "--jobs", "1", "--output-format", "json", corpus])
    assert run_in_process(["check", "--engine", "ray", "--output-format", "json", corpus]) == one
    assert on_ray == [4]  # 61 lines in shards of 20
    assert one[0] == 2 and f"{corpus}:31: not valid JSON" in one[2]
    assert len({f["record"] for f in json.loads(one[1])}) == 40


def test_fix_writes_the_bytes_of_one_process(
    run_in_process: RunCli, tmp_path: Path, on_ray: list[int]
) -> None:
    one, two = make_batch(tmp_path / "one"), make_batch(tmp_path / "two")
    fixed_one = run_in_process(["fix", "--jobs", "1", one])
    fixed_two = run_in_process(["fix", "--engine", "ray", two])
    assert fixed_one[0] == fixed_two[0] == 2  # the binary and the read-only file
    assert [text.replace(str(one), "") for text in fixed_one[1:]] == [
        text.replace(str(two), "") for text in fixed_two[1:]
    ]
    assert "08.txt: cannot write" in fixed_two[2]
    for path in sorted(one.iterdir()):
        assert path.read_bytes() == (two / path.name).read_bytes(), path.name
    assert (two / "01.txt").read_bytes() == SEED_FIXED.read_bytes()
    assert (two / "04.txt").read_bytes().count(b"\r\n") > 10  # line endings kept
    assert (two / "05.txt").read_bytes().startswith(b"\xff\xfe")  # encoding and BOM kept

    corpus_one, corpus_two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    for path in (corpus_one, corpus_two):
        make_corpus(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(lines[:30] + lines[31:]) + "\n", encoding="utf-8")  # no broken line
    before = corpus_two.read_bytes()
    assert run_in_process(["fix", "--jobs", "1", corpus_one])[0] == 1  # ART001 remains
    assert run_in_process(["fix", "--engine", "ray", corpus_two])[0] == 1
    assert corpus_two.read_bytes() == corpus_one.read_bytes() != before
    assert on_ray == [24, 3]


def test_the_command_starts_and_stops_its_own_ray_quietly(
    run_in_process: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RAY_ADDRESS", raising=False)  # a local Ray, whatever the environment says
    batch = make_batch(tmp_path / "batch")
    one = run_in_process(["check", "--jobs", "1", "--output-format", "json", batch])
    code, out, err = cli(["check", "--engine", "ray", "--jobs", "2", "--output-format", "json", batch])
    assert (code, out) == one[:2]  # standard output carries the report and nothing else
    assert err == one[2], "Ray wrote to standard error"


def _slow_square(item: int, delay: float) -> int:
    time.sleep(delay * (item % 4 == 0))  # every fourth item finishes after the ones sent after it
    return item * item


def test_ray_map_keeps_the_order_of_the_items() -> None:
    items = range(40)
    assert list(ray_engine.ray_map(_slow_square, items, 0.05, batch_size=1)) == [i * i for i in items]
    lazy = (i for i in items)  # no len(): read as the batches go out
    assert list(ray_engine.ray_map(_slow_square, lazy, 0.0, batch_size=3)) == [i * i for i in items]
    assert list(ray_engine.ray_map(_slow_square, [], 0.0)) == []


@pytest.mark.parametrize("command", ["check", "fix"])
def test_without_ray_the_engine_is_a_one_line_error(
    run_in_process: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails, as when it is not installed
    copy = tmp_path / "scrape.txt"
    copy.write_bytes(SEED.read_bytes())
    assert run_in_process([command, "--engine", "ray", copy]) == (2, "", MISSING)
    assert copy.read_bytes() == SEED.read_bytes()


def test_dedup_on_ray_gives_the_clusters_of_one_process() -> None:
    """The accuracy corpus's near copies (tests/dedup_corpus.py), clustered with the signatures
    made in Ray tasks and in this process: the same articles, clusters and similarities."""
    from conftest import require_shared
    from dedup_corpus import build, load_sources

    from newslint.dedup.articles import Text
    from newslint.dedup.params import Params
    from newslint.dedup.stages import Shared, dedup
    from newslint.packs import pack_set

    corpus = build(load_sources(require_shared() / "corpora" / "wikinews_en.jsonl"))
    texts = [Text(f"{document.id}.txt", None, document.text) for document in corpus.documents]
    shared = Shared(texts, [pack_set()] * len(texts), Params())
    local = dedup(shared, jobs=1)
    on_ray = dedup(shared, jobs=2, engine="ray")
    assert len(local.clusters) > 100  # the corpus holds hundreds of near copies
    assert on_ray.clusters == local.clusters
    assert on_ray.articles == local.articles
    assert on_ray.signatures.digests == local.signatures.digests
    assert (on_ray.signatures.signatures == local.signatures.signatures).all()


def test_dedup_command_on_ray_prints_what_it_prints_locally(tmp_path: Path, run_cli: RunCli) -> None:
    from conftest import require_shared
    from dedup_corpus import as_text, load_sources, render

    sources = load_sources(require_shared() / "corpora" / "wikinews_en.jsonl")[:40]
    articles = [as_text(render(source.title, source.paragraphs)) for source in sources]
    for n, text in enumerate(articles):
        (tmp_path / f"{n:02}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{n:02}-again.txt").write_text("Share\n" + text, encoding="utf-8")
    code, local, _ = run_cli(["dedup", tmp_path, "--output-format", "json", "-j", "1"])
    ray_code, on_ray, err = run_cli(["dedup", tmp_path, "--output-format", "json", "--engine", "ray"])
    assert code == ray_code == 1, err
    assert on_ray == local
    assert len(json.loads(local)["clusters"]) == 40

"""`newslint split`: one text file or JSONL record per article, cut where ART001 sees articles start."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, RunCli

from newslint.checks.base import Context

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
SEED_HEADLINES = (
    "Iran Parliament Speaker Delivers Khamenei’s Letter for Putin to Duma Chairman",
    "Over 12,300 Civilians Killed since Start of Ukraine War, UN says",
)

# A widget and a boilerplate line inside the body: kept in "text", left out of "body".
WITH_FURNITURE = """\
Storm Cuts Power to Thousands on the Coast

Workers repair a power line in Brighton. (AFP)
Workers repair a power line in Brighton. (AFP)

The storm cut power to thousands of homes on Tuesday, the minister told reporters on the coast.

Advertisement

Emergency crews worked through the night to restore electricity to the worst affected towns.
Share
"""

TWO_ARTICLES = """\
Storm hits coast

The storm reached the coast on Monday night, cutting power to thousands of homes.



Markets close higher

Shares rose on Tuesday after the central bank held interest rates steady.
"""


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newslint: error:"), err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, err)


# The seed: two articles ------------------------------------------------------------------------


def test_seed_splits_into_two_jsonl_records(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    code, stdout, err = run_cli(["split", SEED, "--output", out])
    assert (code, err) == (0, "")
    assert "Split 1 file into 2 articles" in stdout
    first, second = records(out)
    assert set(first) == {"source", "article", "span", "headline", "captions", "body", "text"}
    assert (first["source"], first["article"], second["article"]) == (str(SEED), 1, 2)
    assert first["span"] == {"line": 1, "end_line": 38}
    assert second["span"] == {"line": 42, "end_line": len(SEED_LINES)}
    assert (first["headline"], second["headline"]) == SEED_HEADLINES
    # The caption printed four times is one caption.
    assert len(first["captions"]) == 1 and first["captions"][0].endswith("(State Duma)")
    assert second["captions"][0].endswith("REUTERS/Thomas Peter/File Photo")
    # The text is the article's lines exactly; the body starts at its first paragraph.
    assert first["text"] == "".join(SEED_LINES[0:38]).removesuffix("\n")
    assert second["text"] == "".join(SEED_LINES[41:]).removesuffix("\n")
    assert first["text"].splitlines()[4] == "TT"
    assert first["body"].startswith("Chairman of Russian’s State Duma Viacheslav Volodin received")
    assert first["body"] == "".join(SEED_LINES[11:38]).removesuffix("\n")
    assert second["body"].startswith("More than 12,300 civilians have been killed")


def test_seed_splits_into_a_folder_of_text_files(run_in_process: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "articles"
    code, _stdout, err = run_in_process(["split", SEED, "--output", out])
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == [f"{SEED.stem}.1.txt", f"{SEED.stem}.2.txt"]
    # Each file is its article's lines exactly, with no separator blank lines after it.
    assert (out / f"{SEED.stem}.1.txt").read_text(encoding="utf-8") == "".join(SEED_LINES[0:38])
    assert (out / f"{SEED.stem}.2.txt").read_text(encoding="utf-8") == "".join(SEED_LINES[41:])


def test_one_article_gives_one_record(run_in_process: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "one.txt"
    source.write_text("Storm hits coast\n\nThe storm reached the coast on Monday night, officials said.\n")
    out = tmp_path / "out"
    assert run_in_process(["split", source, "-o", out])[0] == 0
    assert [p.name for p in out.iterdir()] == ["one.1.txt"]
    assert (out / "one.1.txt").read_text() == source.read_text()


def test_body_leaves_out_widgets_and_boilerplate(run_in_process: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "storm.txt"
    source.write_text(WITH_FURNITURE, encoding="utf-8")
    out = tmp_path / "storm.jsonl"
    assert run_in_process(["split", source, "-o", out])[0] == 0
    (record,) = records(out)
    assert record["text"] == WITH_FURNITURE.removesuffix("\n")
    assert record["headline"] == "Storm Cuts Power to Thousands on the Coast"
    assert record["captions"] == ["Workers repair a power line in Brighton. (AFP)"]
    # One blank line between paragraphs where the advertisement stood, none after the share button.
    assert record["body"] == (
        "The storm cut power to thousands of homes on Tuesday, the minister told reporters on the coast.\n"
        "\n"
        "Emergency crews worked through the night to restore electricity to the worst affected towns."
    )


def test_folder_input_and_several_files(run_in_process: RunCli, tmp_path: Path) -> None:
    scrapes = tmp_path / "scrapes"
    (scrapes / "sub").mkdir(parents=True)
    (scrapes / "a.txt").write_text(TWO_ARTICLES)
    (scrapes / "sub" / "b.txt").write_text(WITH_FURNITURE)
    (scrapes / "notes.md").write_text(TWO_ARTICLES)  # not a text file: not read
    out = tmp_path / "all.jsonl"
    code, stdout, _err = run_in_process(["split", scrapes, "-o", out])
    assert code == 0
    assert "Split 2 files into 3 articles" in stdout
    assert [(r["source"], r["article"]) for r in records(out)] == [
        (str(scrapes / "a.txt"), 1),
        (str(scrapes / "a.txt"), 2),
        (str(scrapes / "sub" / "b.txt"), 1),
    ]


def test_crlf_and_bom_are_kept_in_text_files(run_in_process: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "crlf.txt"
    source.write_bytes(b"\xef\xbb\xbf" + TWO_ARTICLES.replace("\n", "\r\n").encode())
    out = tmp_path / "out"
    assert run_in_process(["split", source, "-o", out])[0] == 0
    assert (out / "crlf.1.txt").read_bytes() == (
        b"\xef\xbb\xbfStorm hits coast\r\n\r\n"
        b"The storm reached the coast on Monday night, cutting power to thousands of homes.\r\n"
    )
    assert (out / "crlf.2.txt").read_bytes().startswith(b"\xef\xbb\xbfMarkets close higher\r\n")


def test_jsonl_to_standard_output(run_in_process: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "two.txt"
    source.write_text(TWO_ARTICLES)
    code, stdout, err = run_in_process(["split", source, "-o", "-"])
    assert code == 0
    assert [json.loads(line)["headline"] for line in stdout.splitlines()] == [
        "Storm hits coast",
        "Markets close higher",
    ]
    assert "Split 1 file into 2 articles" in err  # the summary keeps out of the records


def test_standard_input(run_in_process: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_in_process(["split", "-", "-o", out], stdin=TWO_ARTICLES)[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["stdin.1.txt", "stdin.2.txt"]


# Never overwrite, never half-write ----------------------------------------------------------------


def test_refuses_to_overwrite_a_jsonl_file(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    out.write_text("keep me\n")
    code, _stdout, err = run_cli(["split", SEED, "-o", out])
    assert code == 2
    assert_one_line_error(err, str(out), "--force")
    assert out.read_text() == "keep me\n"
    assert run_cli(["split", SEED, "-o", out, "--force"])[0] == 0
    assert len(records(out)) == 2


def test_refuses_to_overwrite_text_files(run_in_process: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "articles"
    assert run_in_process(["split", SEED, "-o", out])[0] == 0
    second = out / f"{SEED.stem}.2.txt"
    second.write_text("edited by hand\n")
    code, _stdout, err = run_in_process(["split", SEED, "-o", out])
    assert code == 2
    assert_one_line_error(err, SEED.stem, "already exists", "--force")
    assert second.read_text() == "edited by hand\n"  # nothing written, not even article 1
    assert run_in_process(["split", SEED, "-o", out, "--force"])[0] == 0
    assert second.read_text(encoding="utf-8") == "".join(SEED_LINES[41:])
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_inputs_with_the_same_name_are_refused(run_in_process: RunCli, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(TWO_ARTICLES)
    out = tmp_path / "out"
    code, _stdout, err = run_in_process(["split", tmp_path / "a", tmp_path / "b", "-o", out])
    assert code == 2
    assert_one_line_error(err, "x.txt", "different folders")
    assert not list(out.iterdir())


def test_splitting_a_folder_into_itself_can_run_again(run_in_process: RunCli, tmp_path: Path) -> None:
    (tmp_path / "two.txt").write_text(TWO_ARTICLES)
    out = tmp_path / "split"
    assert run_in_process(["split", tmp_path, "-o", out])[0] == 0
    code, stdout, _err = run_in_process(["split", tmp_path, "-o", out, "--force"])
    assert code == 0
    assert "Split 1 file into 2 articles" in stdout  # its own output is not split again
    assert sorted(p.name for p in out.iterdir()) == ["two.1.txt", "two.2.txt"]


def test_a_bad_input_is_named_and_the_others_are_split(run_in_process: RunCli, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TWO_ARTICLES)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    out = tmp_path / "out.jsonl"
    code, _stdout, err = run_in_process(["split", binary, good, tmp_path / "missing.txt", "-o", out])
    assert code == 2
    assert "Traceback" not in err
    assert [line.split(":")[1] for line in err.splitlines()] == [" error", " error"]
    assert f"{binary}: binary file" in err and f"{tmp_path / 'missing.txt'}: no such file" in err
    assert len(records(out)) == 2


@pytest.mark.parametrize("output", ["out.jsonl", "articles"])
@pytest.mark.parametrize("name", ["batch.jsonl", "batch.ndjson", "batch.jsonl.gz", "BATCH.PARQUET"])
def test_corpus_inputs_are_refused_not_split_as_text(
    run_in_process: RunCli, tmp_path: Path, name: str, output: str
) -> None:
    batch = tmp_path / name
    batch.write_text(json.dumps({"id": "r1", "text": TWO_ARTICLES}) + "\n")
    code, stdout, err = run_in_process(["split", batch, "-o", tmp_path / output])
    assert (code, stdout) == (2, "")
    assert_one_line_error(
        err, f"{batch}: split reads text files; corpora (JSON Lines, Parquet) are not supported yet"
    )
    assert not (tmp_path / output).exists() or not any((tmp_path / output).iterdir())


def test_corpus_files_in_a_folder_are_skipped(run_in_process: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "two.txt").write_text(TWO_ARTICLES)
    (folder / "batch.jsonl").write_text(json.dumps({"text": TWO_ARTICLES}) + "\n")
    code, stdout, err = run_in_process(["split", folder, "-o", tmp_path / "out.jsonl"])
    assert (code, err) == (0, "")
    assert "Split 1 file into 2 articles" in stdout


@pytest.mark.parametrize(
    ("output", "fragment"),
    [("folder.jsonl/", "is a folder"), ("file.txt", "not a folder")],
)
def test_unusable_outputs_exit_2(run_in_process: RunCli, tmp_path: Path, output: str, fragment: str) -> None:
    (tmp_path / "folder.jsonl").mkdir()
    (tmp_path / "file.txt").write_text("a file\n")
    code, _stdout, err = run_in_process(["split", SEED, "-o", tmp_path / output])
    assert code == 2
    assert_one_line_error(err, fragment)


def test_output_is_required(run_in_process: RunCli) -> None:
    code, _stdout, err = run_in_process(["split", SEED])
    assert code == 2
    assert "--output" in err


# Glued articles (ART002) ------------------------------------------------------------------------

GLUED = """\
Storm hits coast

The storm cut power to thousands of homes on Monday night, officials said.Markets close higher as rates hold

Shares rose on Tuesday after the central bank held interest rates steady.
"""


def fake_finder(ctx: Context) -> list[tuple[int, int]]:
    """Where the glued-article finder would see "Markets close higher" start: line 3, after "said."."""
    line = ctx.doc.line(3).text
    return [(3, line.index("Markets") + 1)] if "said.Markets" in line else []


def test_split_glued_cuts_inside_a_line(
    run_in_process: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stands in for newslint/checks/glued_articles.py, so this test does not depend on how it finds
    # boundaries, only on its interface: glued_boundaries(ctx) -> [(line, column), ...].
    module = types.ModuleType("newslint.checks.glued_articles")
    module.glued_boundaries = fake_finder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "newslint.checks.glued_articles", module)
    source = tmp_path / "glued.txt"
    source.write_text(GLUED)
    out = tmp_path / "glued.jsonl"
    assert run_in_process(["split", source, "-o", out, "--split-glued"])[0] == 0
    first, second = records(out)
    column = GLUED.splitlines()[2].index("Markets") + 1
    assert first["span"] == {"line": 1, "end_line": 3, "end_column": column}
    assert first["text"].endswith("on Monday night, officials said.")
    assert second["span"] == {"line": 3, "end_line": 5, "column": column}
    assert second["headline"] == "Markets close higher as rates hold"
    assert second["body"] == "Shares rose on Tuesday after the central bank held interest rates steady."
    assert first["text"] + second["text"] == GLUED.strip()

    # Without the option the line stays whole.
    out.unlink()
    assert run_in_process(["split", source, "-o", out])[0] == 0
    assert len(records(out)) == 1


def test_split_glued_without_the_finder_warns_and_splits_at_article_starts(
    run_in_process: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "newslint.checks.glued_articles", None)  # not there
    source = tmp_path / "two.txt"
    source.write_text(TWO_ARTICLES)
    out = tmp_path / "two.jsonl"
    code, _stdout, err = run_in_process(["split", source, "-o", out, "--split-glued"])
    assert code == 0
    assert "warning: --split-glued" in err
    assert len(records(out)) == 2


def test_nothing_readable_writes_nothing(run_in_process: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    code, stdout, err = run_in_process(["split", tmp_path / "missing.txt", "-o", out])
    assert (code, stdout) == (2, "")
    assert_one_line_error(err, "missing.txt", "no such file")
    assert not out.exists()

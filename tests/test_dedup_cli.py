"""`newslint dedup` end to end: files, folders, JSONL corpora and files that hold several articles;
the text and JSON reports, exit codes, --keep, --write-unique, --jobs and the parameters.

Most cases call `newslint.cli.main` in this process (`run_in_process`); the ones about what a user
sees on a failure (one line, no traceback) run the real command line (`run_cli`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCli
from dedup_corpus import article, scraped, write_jsonl

from newslint.dedup import command, stages
from newslint.dedup.articles import articles_of
from newslint.document import Document
from newslint.packs import pack_set


def digest_tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@dataclass
class Inputs:
    """A folder of files, a multi-article file and a JSONL corpus, with the copies among them."""

    root: Path
    multi_starts: list[int]  # first line of each article of multi.txt
    multi_lines: list[str]  # multi.txt's lines, with their endings
    corpus_lines: list[bytes]  # news.jsonl's lines, with their endings
    longer_near_copy: str  # text of news.jsonl[r12-more]

    paths = ("docs", "multi.txt", "news.jsonl")


@pytest.fixture
def inputs(tmp_path: Path, wikinews: list[dict[str, Any]]) -> Inputs:
    """docs/a0..a3.txt: four articles. multi.txt: three articles, two blank lines between them, the
    second a copy of docs/a1.txt. news.jsonl: seven records; r-a2 is docs/a2.txt in capitals (the
    same words), r12-more is r12 with a paragraph of another article added (a near copy, longer)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(4):
        (docs / f"a{n}.txt").write_text(article(wikinews[n]), encoding="utf-8")
    parts = [article(wikinews[20]), article(wikinews[1]), article(wikinews[21])]
    multi = "\n\n".join(parts)  # each part ends with a newline: two blank lines between articles
    (tmp_path / "multi.txt").write_text(multi, encoding="utf-8")
    starts = [1]
    for part in parts[:-1]:
        starts.append(starts[-1] + part.count("\n") + 2)
    more = scraped(wikinews[12]["title"], [*wikinews[12]["paragraphs"], wikinews[30]["paragraphs"][-1]])
    records = [(f"r{n}", article(wikinews[n])) for n in range(10, 15)]
    records.insert(2, ("r-a2", article(wikinews[2]).upper()))
    records.append(("r12-more", more))
    write_jsonl(tmp_path / "news.jsonl", records)
    return Inputs(
        tmp_path,
        starts,
        multi.splitlines(keepends=True),
        (tmp_path / "news.jsonl").read_bytes().splitlines(keepends=True),
        more,
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_articles_and_their_lengths_are_the_same_whatever_the_newlines(inputs: Inputs, newline: str) -> None:
    """multi.txt's three articles, cut and measured alike with every line ending (the length, for
    --keep longest, is the characters of an article's lines without their newlines)."""
    text = (inputs.root / "multi.txt").read_text(encoding="utf-8").replace("\n", newline)
    doc = Document(text, "multi.txt")
    found = articles_of(doc, pack_set())
    assert [piece.start for piece, _ in found] == inputs.multi_starts
    lines = text.split(newline)
    for piece, compared in found:
        assert piece.chars == sum(len(line) for line in lines[piece.start - 1 : piece.end])
        assert compared
        if newline != "\n":
            assert "\r" not in compared  # the lines' texts, joined with "\n"
    if newline != "\n":
        plain = articles_of(Document(text.replace(newline, "\n"), "multi.txt"), pack_set())
        assert found == plain


def member(path: str, record: str | None = None, article: int = 1, line: int = 1) -> dict[str, Any]:
    return {"path": path, "record": record, "article": article, "line": line}


def expected_clusters(inputs: Inputs) -> list[list[dict[str, Any]]]:
    return [
        [member("docs/a1.txt"), member("multi.txt", None, 2, inputs.multi_starts[1])],
        [member("docs/a2.txt"), member("news.jsonl", "r-a2")],
        [member("news.jsonl", "r12"), member("news.jsonl", "r12-more")],
    ]


def dedup_json(run: RunCli, cwd: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(["dedup", "--output-format", "json", *args], cwd=cwd)
    return code, json.loads(out), err


# --- reports ----------------------------------------------------------------------------------------------


def test_json_report_names_every_member(inputs: Inputs, run_in_process: RunCli) -> None:
    code, report, err = dedup_json(run_in_process, inputs.root, *inputs.paths)
    assert (code, err) == (1, "")
    assert set(report) >= {"clusters"}
    found = [
        [{k: m[k] for k in ("path", "record", "article", "line")} for m in c["members"]]
        for c in report["clusters"]
    ]
    assert found == expected_clusters(inputs)
    for cluster in report["clusters"]:
        assert set(cluster) >= {"members", "jaccard"}
        assert all(m["kept"] is (n == 0) for n, m in enumerate(cluster["members"]))
    assert [c["jaccard"] for c in report["clusters"][:2]] == [1.0, 1.0]
    assert 0.7 <= report["clusters"][2]["jaccard"] < 1.0
    assert report["articles"] == 4 + 3 + 7


def test_multi_article_file_numbers_its_articles(inputs: Inputs, run_in_process: RunCli) -> None:
    """Each article of multi.txt starts at its headline; a copy of the file in capitals has the same
    articles at the same lines."""
    for start in inputs.multi_starts[1:]:
        assert inputs.multi_lines[start - 1].strip() and inputs.multi_lines[start - 3 : start - 1] == [
            "\n",
            "\n",
        ]
    (inputs.root / "all.txt").write_text("".join(inputs.multi_lines).upper(), encoding="utf-8")
    code, report, _ = dedup_json(run_in_process, inputs.root, "multi.txt", "all.txt")
    assert code == 1
    assert [[(m["path"], m["article"], m["line"]) for m in c["members"]] for c in report["clusters"]] == [
        [("multi.txt", n, start), ("all.txt", n, start)]
        for n, start in enumerate(inputs.multi_starts, start=1)
    ]


def test_text_report(inputs: Inputs, run_in_process: RunCli) -> None:
    code, out, err = run_in_process(["dedup", *inputs.paths], cwd=inputs.root)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "cluster 1: 2 articles, exact copies",
        "  docs/a1.txt:1  (kept)",
        f"  multi.txt:{inputs.multi_starts[1]} (article 2)",
    ]
    assert lines[3:6] == [
        "cluster 2: 2 articles, exact copies",
        "  docs/a2.txt:1  (kept)",
        "  news.jsonl[r-a2]:1",
    ]
    near = re.fullmatch(r"cluster 3: 2 articles, near copies\b.*\bJaccard (0\.\d\d)\b.*", lines[6])
    _, report, _ = dedup_json(run_in_process, inputs.root, *inputs.paths)
    assert near and near[1] == f"{report['clusters'][2]['jaccard']:.2f}"
    assert lines[7:9] == ["  news.jsonl[r12]:1  (kept)", "  news.jsonl[r12-more]:1"]
    assert lines[-1] == "3 clusters: 3 duplicates among 14 articles of 12 documents."
    quiet = run_in_process(["dedup", "-q", *inputs.paths], cwd=inputs.root)
    assert quiet == (1, "\n".join(lines[:9]) + "\n", "")


# --- exit codes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "clusters"),
    [
        (["docs/a0.txt", "docs/a3.txt"], 0, 0),
        (["docs/a0.txt", "news.jsonl"], 1, 1),  # r12 and r12-more
        (["docs", "multi.txt"], 1, 1),
        (["--exit-zero", "docs", "multi.txt"], 0, 1),
        (["docs", "missing.txt", "multi.txt"], 2, 1),  # an error, and the rest still compared
        (["missing.txt"], 2, 0),
    ],
)
def test_exit_codes(
    inputs: Inputs, run_in_process: RunCli, args: list[str], code: int, clusters: int
) -> None:
    got, report, err = dedup_json(run_in_process, inputs.root, *args)
    assert got == code
    assert len(report["clusters"]) == clusters
    missing = "missing.txt" in args
    assert err == ("newslint: error: missing.txt: no such file or folder\n" if missing else "")


@pytest.mark.parametrize(
    "value",
    [
        {"clusters": [], "articles": 0, "params": "p"},
        {"clusters": [{"members": [{"path": "a\\b «c»\n", "record": None, "kept": True}], "jaccard": 0.5}]},
        {"a": [[1, [2, {"b": {}}]], {"c": [True, None]}], "d": {"e": "\u2028"}},
    ],
)
@pytest.mark.parametrize("flat_below", [0, 1, 2, 4, 9])
def test_json_output_is_the_same_json_at_any_depth_it_is_flattened(value: Any, flat_below: int) -> None:
    written = command._dumps(value, flat_below)
    assert json.loads(written) == value
    if flat_below >= 9:  # nothing deep enough to flatten: the same text as json.dumps's
        assert written == json.dumps(value, ensure_ascii=False, indent=2)


def test_no_duplicates_text_report(inputs: Inputs, run_in_process: RunCli) -> None:
    code, out, err = run_in_process(["dedup", "docs"], cwd=inputs.root)
    assert (code, out, err) == (0, "0 clusters: 0 duplicates among 4 articles of 4 documents.\n", "")


def test_a_broken_corpus_line_is_an_error_naming_it_and_the_rest_is_compared(
    inputs: Inputs, run_cli: RunCli
) -> None:
    lines = inputs.corpus_lines
    broken = [lines[0], b'{"id": "cut", "text": "Half a rec\n', *lines[1:]]
    (inputs.root / "news.jsonl").write_bytes(b"".join(broken))
    code, out, err = run_cli(["dedup", "--output-format", "json", *inputs.paths], cwd=inputs.root)
    assert code == 2
    assert err.startswith("newslint: error: news.jsonl:2:") and len(err.splitlines()) == 1
    assert "Traceback" not in err
    clusters = json.loads(out)["clusters"]
    assert [[m["record"] for m in c["members"]] for c in clusters] == [
        [None, None],
        [None, "r-a2"],
        ["r12", "r12-more"],
    ]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_corpus_whose_records_lack_the_text_field_is_one_error_and_compares_nothing(
    inputs: Inputs, run_in_process: RunCli, jobs: str
) -> None:
    """Its lines are parsed by the shards that sign them; still one error for the whole file, as
    `check` gives, and none of its records compared."""
    count = stages.POOL_MIN_DOCUMENTS + 10  # enough for a pool, in several shards
    write_jsonl(inputs.root / "news.jsonl", [(f"r{n}", "x") for n in range(count)])
    lines = (inputs.root / "news.jsonl").read_text(encoding="utf-8").replace('"text"', '"body"')
    (inputs.root / "news.jsonl").write_text(lines, encoding="utf-8")
    code, report, err = dedup_json(run_in_process, inputs.root, "-j", jobs, *inputs.paths)
    assert code == 2
    assert err.splitlines() == [
        'newslint: error: news.jsonl: no record has a "text" field (fields: "id", "body"); '
        "use --text-field to name the field holding the text"
    ]
    assert report["articles"] == 4 + 3  # docs/ and multi.txt only


@pytest.mark.parametrize("write_unique", [False, True], ids=["shards parse", "parsed here"])
def test_errors_are_reported_in_the_order_of_the_inputs(
    inputs: Inputs, run_in_process: RunCli, write_unique: bool
) -> None:
    """A corpus's broken line (found by the shard that parses it) comes before the error of an
    input named after the corpus, as when everything is read in this process."""
    lines = inputs.corpus_lines
    (inputs.root / "news.jsonl").write_bytes(
        b"".join([lines[0], b'{"id": "cut", "text": "Half\n', *lines[1:]])
    )
    extra = ["--write-unique", "out"] if write_unique else []
    code, _, err = run_in_process(
        ["dedup", *extra, "news.jsonl", "missing.txt", "docs/a1.txt", "gone.jsonl"], cwd=inputs.root
    )
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("newslint: error: ")]
    assert [line.split(":")[2].strip() for line in errors] == ["news.jsonl", "missing.txt", "gone.jsonl"]


def test_broken_lines_of_a_corpus_cut_in_shards_are_reported_in_order_with_jobs(
    tmp_path: Path, wikinews: list[dict[str, Any]], run_in_process: RunCli
) -> None:
    count = 3 * stages.SHARD_DOCUMENTS
    records = [(f"w{n}", article(wikinews[n % len(wikinews)])) for n in range(count)]
    write_jsonl(tmp_path / "big.jsonl", records)
    lines = (tmp_path / "big.jsonl").read_bytes().splitlines(keepends=True)
    for number in (3, 70, 150):  # each a line number once inserted (later insertions come after)
        lines.insert(number - 1, b'{"id": "cut", "text": "Half\n')
    (tmp_path / "big.jsonl").write_bytes(b"".join(lines))
    one = run_in_process(["dedup", "--output-format", "json", "-j", "1", "big.jsonl"], cwd=tmp_path)
    two = run_in_process(["dedup", "--output-format", "json", "-j", "2", "big.jsonl"], cwd=tmp_path)
    assert one == two
    assert [line.split(":")[2:4] for line in one[2].splitlines()] == [
        [" big.jsonl", "3"],
        [" big.jsonl", "70"],
        [" big.jsonl", "150"],
    ]
    assert json.loads(one[1])["articles"] >= count


@pytest.mark.parametrize(
    ("args", "named"),
    [
        pytest.param(["--threshold", "1.5"], "threshold", id="threshold above 1"),
        pytest.param(["--threshold", "0"], "threshold", id="threshold 0"),
        pytest.param(["--num-perm", "4"], "num_perm", id="too few permutations"),
        pytest.param(["--ngram", "0"], "shingle", id="empty shingles"),
        pytest.param(["--ngram", "33"], "shingle", id="long shingles"),
        pytest.param(["--min-words", "3"], "min_words", id="min-words under ngram"),
        pytest.param(["--preset", "ocr", "--min-words", "1"], "min_words", id="min-words under the preset's"),
    ],
)
def test_bad_parameters_are_one_line_errors(
    inputs: Inputs, run_cli: RunCli, args: list[str], named: str
) -> None:
    code, out, err = run_cli(["dedup", *args, *inputs.paths], cwd=inputs.root)
    assert (code, out) == (2, "")
    assert err.startswith("newslint: error: ") and err.endswith("\n") and len(err.splitlines()) == 1, err
    assert named in err


@pytest.mark.parametrize("args", [["--preset", "bogus"], ["--keep", "shortest"], ["--threshold", "high"]])
def test_bad_choices_are_usage_errors(inputs: Inputs, run_cli: RunCli, args: list[str]) -> None:
    code, out, err = run_cli(["dedup", *args, "docs"], cwd=inputs.root)
    assert (code, out) == (2, "")
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("newslint dedup: error: argument")


def test_standard_input_is_refused(run_cli: RunCli) -> None:
    code, out, err = run_cli(["dedup", "-"], stdin="Some text\n")
    assert (code, out) == (2, "")
    assert err == "newslint: error: dedup reads files and corpora, not standard input\n"


# --- parameters -------------------------------------------------------------------------------------------


def ocr_damage(text: str, every: int = 8) -> str:
    """A typo in every `every`-th word: OCR's confusions (rn -> m, l -> 1, e -> c), else a letter dropped."""
    words = text.split(" ")
    for n in range(3, len(words), every):
        word = words[n]
        for old, new in (("rn", "m"), ("l", "1"), ("e", "c")):
            if old in word:
                words[n] = word.replace(old, new, 1)
                break
        else:
            words[n] = word[1:] if len(word) > 1 else word + "x"
    return " ".join(words)


def test_ocr_preset_finds_what_the_news_preset_misses(
    tmp_path: Path, wikinews: list[dict[str, Any]], run_in_process: RunCli
) -> None:
    original = article(wikinews[40])
    (tmp_path / "scan1.txt").write_text(original, encoding="utf-8")
    (tmp_path / "scan2.txt").write_text(ocr_damage(original), encoding="utf-8")
    (tmp_path / "other.txt").write_text(article(wikinews[41]), encoding="utf-8")
    names = ["scan1.txt", "scan2.txt", "other.txt"]
    code, report, _ = dedup_json(run_in_process, tmp_path, *names)
    assert (code, report["clusters"]) == (0, [])
    assert report["params"].startswith("5w_")
    code, report, _ = dedup_json(run_in_process, tmp_path, "--preset", "ocr", *names)
    assert code == 1
    assert report["params"].startswith("2w_") and "_t0.5_" in report["params"]
    assert [[m["path"] for m in c["members"]] for c in report["clusters"]] == [["scan1.txt", "scan2.txt"]]
    assert 0.5 <= report["clusters"][0]["jaccard"] < 0.7
    # An explicit parameter overrides the preset's.
    code, report, _ = dedup_json(run_in_process, tmp_path, "--preset", "ocr", "--threshold", "0.9", *names)
    assert (code, report["clusters"]) == (0, [])
    assert "_t0.9_" in report["params"]


# --- --keep -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("keep", "kept"), [("first", "r12"), ("longest", "r12-more")])
def test_keep_chooses_the_member_marked_kept(
    inputs: Inputs, run_in_process: RunCli, keep: str, kept: str
) -> None:
    code, report, _ = dedup_json(run_in_process, inputs.root, "--keep", keep, "news.jsonl")
    assert code == 1
    (cluster,) = report["clusters"]
    assert [m["record"] for m in cluster["members"] if m["kept"]] == [kept]
    code, out, _ = run_in_process(["dedup", "--keep", keep, "news.jsonl"], cwd=inputs.root)
    assert f"  news.jsonl[{kept}]:1  (kept)" in out.splitlines()


def test_keep_longest_keeps_the_first_of_equal_copies(inputs: Inputs, run_in_process: RunCli) -> None:
    code, report, _ = dedup_json(run_in_process, inputs.root, "--keep", "longest", "docs/a1.txt", "multi.txt")
    assert code == 1
    (cluster,) = report["clusters"]
    assert [(m["path"], m["kept"]) for m in cluster["members"]] == [
        ("docs/a1.txt", True),
        ("multi.txt", False),
    ]


# --- --write-unique ---------------------------------------------------------------------------------------


def test_write_unique_folder_mirrors_the_inputs_without_the_copies(
    inputs: Inputs, run_in_process: RunCli
) -> None:
    before = digest_tree(inputs.root)
    code, _, err = run_in_process(["dedup", "--write-unique", "out", *inputs.paths], cwd=inputs.root)
    assert code == 1
    assert err == "Wrote 6 files to out\n"
    assert digest_tree(inputs.root) == {
        **before,
        **{f"out/{k}": v for k, v in digest_tree(inputs.root / "out").items()},
    }
    out = inputs.root / "out"
    assert sorted(digest_tree(out)) == [
        "docs/a0.txt",
        "docs/a1.txt",
        "docs/a2.txt",
        "docs/a3.txt",
        "multi.txt",
        "news.jsonl",
    ]
    for n in range(4):
        assert (out / "docs" / f"a{n}.txt").read_bytes() == (inputs.root / "docs" / f"a{n}.txt").read_bytes()
    # multi.txt without its second article: the lines from its headline to the line before the third.
    second, third = inputs.multi_starts[1], inputs.multi_starts[2]
    kept = inputs.multi_lines[: second - 1] + inputs.multi_lines[third - 1 :]
    assert (out / "multi.txt").read_text(encoding="utf-8") == "".join(kept)
    # The corpus without the dropped records' lines; every other line is the original's bytes.
    dropped = [line for line in inputs.corpus_lines if b'"r-a2"' in line or b'"r12-more"' in line]
    assert len(dropped) == 2
    assert (out / "news.jsonl").read_bytes() == b"".join(
        line for line in inputs.corpus_lines if line not in dropped
    )


def test_write_unique_leaves_out_a_file_that_is_all_copies(inputs: Inputs, run_in_process: RunCli) -> None:
    """multi.txt first: its second article is kept, docs/a1.txt is a copy and is not written."""
    code, _, _ = run_in_process(["dedup", "--write-unique", "out", "multi.txt", "docs"], cwd=inputs.root)
    assert code == 1
    assert sorted(digest_tree(inputs.root / "out")) == [
        "docs/a0.txt",
        "docs/a2.txt",
        "docs/a3.txt",
        "multi.txt",
    ]
    assert (inputs.root / "out" / "multi.txt").read_bytes() == (inputs.root / "multi.txt").read_bytes()


def test_write_unique_refuses_a_folder_that_is_not_empty(inputs: Inputs, run_cli: RunCli) -> None:
    out = inputs.root / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    code, _, err = run_cli(["dedup", "--write-unique", "out", *inputs.paths], cwd=inputs.root)
    assert code == 2
    assert err == "newslint: error: out: is not empty (use --force to write into it)\n"
    assert digest_tree(out) == {"notes.txt": hashlib.sha256(b"mine\n").hexdigest()}
    code, _, err = run_cli(["dedup", "--force", "--write-unique", "out", *inputs.paths], cwd=inputs.root)
    assert code == 1
    assert "notes.txt" in digest_tree(out) and "multi.txt" in digest_tree(out)


def test_write_unique_never_writes_over_an_input(inputs: Inputs, run_cli: RunCli) -> None:
    before = digest_tree(inputs.root)
    for target in (".", "news.jsonl"):
        code, _, err = run_cli(["dedup", "--force", "--write-unique", target, *inputs.paths], cwd=inputs.root)
        assert code == 2, target
        assert err.startswith("newslint: error: ") and len(err.splitlines()) == 1
    assert digest_tree(inputs.root) == before


def test_write_unique_jsonl_holds_one_record_per_kept_article(inputs: Inputs, run_in_process: RunCli) -> None:
    before = digest_tree(inputs.root)
    code, report, err = dedup_json(
        run_in_process, inputs.root, "--write-unique", "unique.jsonl", *inputs.paths
    )
    assert code == 1
    assert err == "Wrote 11 articles to unique.jsonl\n"
    records = [
        json.loads(line) for line in (inputs.root / "unique.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    dropped = {
        (m["path"], m["record"], m["article"])
        for c in report["clusters"]
        for m in c["members"]
        if not m["kept"]
    }
    written = [(r["path"], r["record"], r["article"]) for r in records]
    assert len(written) == len(set(written)) == report["articles"] - len(dropped) == 11
    assert not dropped & set(written)
    by_key = {(r["path"], r["record"], r["article"]): r for r in records}
    # Plain files and records whole; an article of multi.txt as its own lines.
    assert by_key["docs/a0.txt", None, 1]["text"] == (inputs.root / "docs" / "a0.txt").read_text(
        encoding="utf-8"
    )
    assert by_key["news.jsonl", "r12", 1]["line"] == 1
    third = by_key["multi.txt", None, 3]
    assert third["line"] == inputs.multi_starts[2]
    assert third["text"] == "".join(inputs.multi_lines[inputs.multi_starts[2] - 1 :])
    first = by_key["multi.txt", None, 1]["text"]
    assert first == "".join(inputs.multi_lines[: inputs.multi_starts[1] - 1])
    assert digest_tree(inputs.root) == {**before, "unique.jsonl": digest_tree(inputs.root)["unique.jsonl"]}


# --- jobs -------------------------------------------------------------------------------------------------


def test_jobs_give_the_same_report(
    tmp_path: Path, wikinews: list[dict[str, Any]], run_in_process: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = stages.POOL_MIN_DOCUMENTS + 40
    records = [(f"w{n}", article(wikinews[n % len(wikinews)])) for n in range(count)]
    for n in range(0, count, 9):  # near copies: the last paragraph cut
        records.append((f"cut{n}", records[n][1].rsplit("\n\n", 1)[0] + "\n"))
    write_jsonl(tmp_path / "big.jsonl", records)
    (tmp_path / "loose.txt").write_text(article(wikinews[5]).lower(), encoding="utf-8")
    jobs_used: list[int] = []
    real_map = stages.local_map

    def spy(function: Any, items: Any, shared: Any, jobs: int) -> Any:
        jobs_used.append(jobs)
        return real_map(function, items, shared, jobs)

    monkeypatch.setattr(stages, "local_map", spy)
    one = run_in_process(
        ["dedup", "--output-format", "json", "-j", "1", "big.jsonl", "loose.txt"], cwd=tmp_path
    )
    two = run_in_process(
        ["dedup", "--output-format", "json", "-j", "2", "big.jsonl", "loose.txt"], cwd=tmp_path
    )
    assert jobs_used == [1, 2]  # the second run used a pool
    assert one == two
    clusters = json.loads(one[1])["clusters"]
    assert one[0] == 1 and len(clusters) >= 20

"""The CI gate end to end: corpora, report files, statistics, the cache, baselines, progress.

corpus.py, cache.py, baseline.py and the reporters have tests of their own; these check what a
pipeline sees through the command line: `record` in the findings, lines counted inside the text
field, exit codes, the rewritten file, a second run served from the cache.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import SEED, SEED_FIXED, RunCli, cli_in_process

from newslint import engine
from newslint.progress import ProgressBar

SEED_TEXT = SEED.read_text(encoding="utf-8")
GOLD_TEXT = SEED_FIXED.read_text(encoding="utf-8")
CLEAN = "Ministers met on Tuesday to discuss the budget for the coming year, officials said.\n"


def write_jsonl(path: Path, texts: list[str], **extra: object) -> bytes:
    lines = [
        json.dumps(
            {"id": f"a{i}", "url": f"https://example.org/{i}", "text": text, **extra}, ensure_ascii=False
        )
        for i, text in enumerate(texts)
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return data


def read_lines(path: Path) -> list[bytes]:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).splitlines(keepends=True)


def test_findings_name_the_record_and_count_lines_inside_its_text(tmp_path: Path, run_cli: RunCli) -> None:
    corpus = tmp_path / "batch.jsonl"
    write_jsonl(corpus, [CLEAN, SEED_TEXT])
    code, out, err = run_cli(["check", "--output-format", "json", corpus])
    assert code == 1, err
    findings = json.loads(out)
    assert {f["record"] for f in findings} == {"a1"}
    widgets = sorted(f["line"] for f in findings if f["code"] == "UI001")
    assert widgets == [5, 46]  # the seed's "TT" lines, counted in the record's text


def test_id_field_and_line_numbers_when_absent(tmp_path: Path, run_cli: RunCli) -> None:
    corpus = tmp_path / "batch.jsonl"
    corpus.write_text(
        json.dumps({"body": CLEAN}) + "\n" + json.dumps({"body": "Advertisement\n" + CLEAN}) + "\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli(["check", "--text-field", "body", "--output-format", "json", corpus])
    assert code == 1
    assert [f["record"] for f in json.loads(out)] == ["2"]  # no id field: the line number


@pytest.mark.parametrize("name", ["batch.jsonl", "batch.jsonl.gz"])
def test_fix_rewrites_changed_records_only(tmp_path: Path, run_cli: RunCli, name: str) -> None:
    corpus = tmp_path / name
    write_jsonl(corpus, [CLEAN, SEED_TEXT, CLEAN])
    before = read_lines(corpus)
    code, _, err = run_cli(["fix", corpus])
    assert code == 1, err  # the seed's second article (ART001) is left to `split`
    after = read_lines(corpus)
    assert len(after) == len(before)
    assert after[0] == before[0] and after[2] == before[2]  # unchanged records: the same bytes
    changed = json.loads(after[1])
    assert changed["text"] == GOLD_TEXT
    assert {k: v for k, v in changed.items() if k != "text"} == {
        k: v for k, v in json.loads(before[1]).items() if k != "text"
    }
    code, _, _ = run_cli(["fix", corpus])
    assert read_lines(corpus) == after  # fixing twice changes nothing


def test_a_broken_line_is_an_error_and_the_corpus_is_not_rewritten(tmp_path: Path, run_cli: RunCli) -> None:
    corpus = tmp_path / "batch.jsonl"
    good = json.dumps({"id": 1, "text": SEED_TEXT})
    corpus.write_text(good + '\n{"id": 2, "text": "cut off\n', encoding="utf-8")
    before = corpus.read_bytes()
    code, out, err = run_cli(["check", "--output-format", "json", corpus])
    assert code == 2
    assert f"{corpus}:2: not valid JSON" in err
    assert json.loads(out), "the good record is still checked"
    code, _, err = run_cli(["fix", corpus])
    assert code == 2 and "not fixed" in err
    assert corpus.read_bytes() == before


def test_jobs_give_the_same_report_as_one_process(tmp_path: Path, run_cli: RunCli) -> None:
    # Enough records for several shards, so the pool really runs.
    corpus = tmp_path / "batch.jsonl"
    texts = [SEED_TEXT if i % 3 == 0 else CLEAN for i in range(900)]
    write_jsonl(corpus, texts)
    one = run_cli(["check", "--jobs", "1", "--output-format", "json", corpus])
    two = run_cli(["check", "--jobs", "2", "--output-format", "json", corpus])
    assert one[0] == two[0] == 1
    assert one[1] == two[1]
    assert len({f["record"] for f in json.loads(one[1])}) == 300


def test_corpora_are_found_in_folders(tmp_path: Path, run_cli: RunCli) -> None:
    write_jsonl(tmp_path / "a.jsonl", [SEED_TEXT])
    write_jsonl(tmp_path / "b.jsonl.gz", [SEED_TEXT])
    code, out, _ = run_cli(["check", "--output-format", "json", tmp_path])
    assert code == 1
    assert {Path(f["path"]).name for f in json.loads(out)} == {"a.jsonl", "b.jsonl.gz"}


def test_output_file_holds_the_report(tmp_path: Path, run_cli: RunCli) -> None:
    report = tmp_path / "out" / "findings.json"
    report.parent.mkdir()
    code, out, _ = run_cli(["check", "--output-format", "json", "--output-file", report, SEED])
    assert code == 1 and out == ""
    assert len(json.loads(report.read_text(encoding="utf-8"))) == 15


def test_output_file_in_a_missing_folder_is_a_clear_error(tmp_path: Path, run_cli: RunCli) -> None:
    code, _, err = run_cli(["check", "--output-file", tmp_path / "nope" / "r.txt", SEED])
    assert code == 2
    assert err.startswith("newslint: error: ") and "nope" in err and "Traceback" not in err


def test_statistics_count_findings_per_rule(run_cli: RunCli) -> None:
    code, out, _ = run_cli(["check", "--statistics", SEED])
    assert code == 1
    counts = {line.split()[1]: int(line.split()[0]) for line in out.splitlines() if line.strip()}
    assert counts == {"DUP001": 6, "OCR001": 4, "DUP002": 2, "UI001": 2, "ART001": 1}


class FakeTerminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("tty", "documents", "drawn"),
    [(True, 500, True), (False, 500, False), (True, 3, False)],
)
def test_progress_bar_only_on_a_terminal_for_a_large_batch(tty: bool, documents: int, drawn: bool) -> None:
    stream = FakeTerminal(tty)
    bar = ProgressBar(stream)
    bar.start(documents)
    for _ in range(documents):
        bar.advance(1)
    bar.close()
    assert (f"{documents}/{documents} documents" in stream.getvalue()) is drawn
    assert stream.getvalue() == "" or stream.getvalue().endswith("\r\033[K")


def test_a_second_check_is_served_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "scrape.txt"
    target.write_bytes(SEED.read_bytes())
    first = cli_in_process(["check", "--output-format", "json", target.name], cwd=tmp_path)
    assert first[0] == 1 and (tmp_path / ".newslint_cache" / "CACHEDIR.TAG").is_file()

    def no_lint(*args: object) -> None:
        raise AssertionError("linted again: the cache was not used")

    monkeypatch.setattr(engine, "lint", no_lint)
    assert cli_in_process(["check", "--output-format", "json", target.name], cwd=tmp_path) == first
    with pytest.raises(AssertionError, match="linted again"):
        cli_in_process(["check", "--no-cache", target.name], cwd=tmp_path)
    target.write_text(CLEAN, encoding="utf-8")  # changed content: linted again
    with pytest.raises(AssertionError, match="linted again"):
        cli_in_process(["check", target.name], cwd=tmp_path)


def test_baseline_reports_only_new_findings(tmp_path: Path, run_cli: RunCli) -> None:
    target = tmp_path / "scrape.txt"
    target.write_bytes(SEED.read_bytes())
    code, _, err = run_cli(["check", "--write-baseline", "base.json", "scrape.txt"], cwd=tmp_path)
    assert code == 0 and "recorded 15 findings in base.json" in err
    code, out, err = run_cli(["check", "--baseline", "base.json", "scrape.txt"], cwd=tmp_path)
    assert code == 0 and "All checks passed" in out and err == ""
    # Lines moved down by a new body paragraph, and one new widget: only the widget is reported.
    lines = SEED_TEXT.splitlines(keepends=True)
    lines[20:20] = ["A new paragraph of body text that moves every later line down by one or two.\n", "TT\n"]
    target.write_text("".join(lines), encoding="utf-8")
    code, out, err = run_cli(["check", "--baseline", "base.json", "scrape.txt"], cwd=tmp_path)
    assert code == 1
    assert [line.split(": ")[1].split()[0] for line in out.splitlines() if "scrape.txt:" in line] == ["UI001"]
    # Fixing the file leaves baselined findings that no longer occur: say so.
    run_cli(["fix", "scrape.txt"], cwd=tmp_path)
    code, out, err = run_cli(["check", "--baseline", "base.json", "scrape.txt"], cwd=tmp_path)
    assert code == 0
    assert "14 baselined findings no longer occur" in err


def test_a_malformed_baseline_is_a_one_line_error(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "base.json").write_text("[]", encoding="utf-8")
    code, _, err = run_cli(["check", "--baseline", "base.json", SEED], cwd=tmp_path)
    assert code == 2
    assert err.startswith("newslint: error: base.json: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize("output_format", ["github", "gitlab", "sarif"])
def test_ci_formats_point_at_the_records_line_of_the_file(
    tmp_path: Path, run_cli: RunCli, output_format: str
) -> None:
    corpus = tmp_path / "batch.jsonl"
    write_jsonl(corpus, [CLEAN, CLEAN, "Advertisement\n" + CLEAN])  # the finding is in line 3's record
    code, out, _ = run_cli(["check", "--output-format", output_format, corpus])
    assert code == 1
    if output_format == "github":
        assert ",line=3," in out
    elif output_format == "gitlab":
        assert json.loads(out)[0]["location"]["lines"] == {"begin": 3, "end": 3}
    else:
        result = json.loads(out)["runs"][0]["results"][0]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_a_corpus_on_standard_input_is_refused_clearly(run_cli: RunCli) -> None:
    line = json.dumps({"id": 1, "text": SEED_TEXT}) + "\n"
    code, out, err = run_cli(["check", "--stdin-filename", "batch.jsonl", "-"], stdin=line)
    assert code == 2 and out == ""
    assert err == (
        "newslint: error: batch.jsonl: a corpus cannot be read from standard input; give its path "
        "(newslint reads .jsonl, .jsonl.gz and .parquet files directly)\n"
    )


def test_summaries_count_errors_beside_findings(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "broken.jsonl").write_text('{"id": 1, "text": "cut\n', encoding="utf-8")
    (tmp_path / "scrape.txt").write_bytes(SEED.read_bytes())
    code, out, _ = run_cli(["check", "broken.jsonl", "scrape.txt"], cwd=tmp_path)
    assert code == 2
    assert "Found 15 findings in 1 document (1 checked), and 1 error (see above)." in out
    code, out, _ = run_cli(["fix", "broken.jsonl"], cwd=tmp_path)
    assert code == 2
    assert "nothing remaining" not in out and "2 errors (see above)" in out


def test_exit_zero_holds_for_fix_diff(run_cli: RunCli) -> None:
    code, out, _ = run_cli(["fix", "--diff", "--exit-zero", SEED])
    assert code == 0 and out.startswith("--- ")


def test_config_of_a_missing_path_says_it_is_missing(run_cli: RunCli) -> None:
    code, out, err = run_cli(["config", "nope.txt"])
    assert code == 0 and "nope.txt" in out
    assert err == "newslint: warning: nope.txt does not exist; showing the configuration it would get\n"


def test_the_current_folder_walks_without_a_dot_prefix(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "scrape.txt").write_bytes(SEED.read_bytes())
    code, out, _ = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert code == 1
    assert {f["path"] for f in json.loads(out)} == {"sub/scrape.txt"}


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        ({}, ["--extend-exclude", "[z-a]"], "--extend-exclude: not a valid gitignore-style pattern: '[z-a]'"),
        ({"newslint.toml": b"\xff = 1\n"}, [], "newslint.toml: not valid TOML: not UTF-8 (byte 0xff)"),
        (
            {"newslint.toml": b'[per-file-ignores]\n"[z-a]" = ["DUP"]\n'},
            [],
            "per-file-ignores.\"[z-a]\": not a valid gitignore-style pattern: '[z-a]'",
        ),
    ],
)
def test_bad_patterns_and_config_bytes_are_one_line_errors(
    tmp_path: Path, run_cli: RunCli, files: dict[str, bytes], args: list[str], message: str
) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "scrape.txt").write_bytes(SEED.read_bytes())
    code, out, err = run_cli(["check", *args, "scrape.txt"], cwd=tmp_path)
    assert code == 2 and out == ""
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_an_unreadable_gitignore_pattern_is_skipped_as_git_skips_it(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("[z-a]\nignored/\n", encoding="utf-8")
    for folder in ("kept", "ignored"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "scrape.txt").write_bytes(SEED.read_bytes())
    code, out, err = run_cli(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert code == 1, err
    assert {f["path"] for f in json.loads(out)} == {"kept/scrape.txt"}


def test_a_baseline_from_another_folder_says_why_nothing_matched(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "repo").mkdir()
    target = tmp_path / "repo" / "scrape.txt"
    target.write_bytes(SEED.read_bytes())
    run_cli(["check", "--write-baseline", "base.json", "scrape.txt"], cwd=tmp_path / "repo")
    code, _, err = run_cli(["check", "--baseline", "repo/base.json", "repo/scrape.txt"], cwd=tmp_path)
    assert code == 1
    assert "no file of this run is in repo/base.json" in err


def test_a_read_only_corpus_is_not_fixed_and_says_so(tmp_path: Path, run_cli: RunCli) -> None:
    corpus = tmp_path / "batch.jsonl"
    write_jsonl(corpus, [SEED_TEXT])
    before = corpus.read_bytes()
    corpus.chmod(0o444)
    code, out, err = run_cli(["fix", corpus])
    assert code == 2
    assert "read-only" in err and "Fixed 0 findings in 0 files" in out
    assert corpus.read_bytes() == before


def test_broken_lines_in_every_shard_are_reported_alike_with_any_jobs(
    tmp_path: Path, run_cli: RunCli
) -> None:
    # A check parses a JSONL file in shards, in the workers: its errors and findings must be what one
    # process reading the whole file gives, in file order.
    corpus = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": SEED_TEXT if i % 7 == 0 else CLEAN}) for i in range(600)]
    for broken in (5, 250, 590):
        lines[broken] = '{"id": "cut", "text": "no end'
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run_cli(["check", "--jobs", "1", "--output-format", "json", corpus])
    two = run_cli(["check", "--jobs", "2", "--output-format", "json", corpus])
    assert one == two
    code, out, err = one
    assert code == 2
    assert [line.split(": ")[2].rsplit(":", 1)[1] for line in err.splitlines()] == ["6", "251", "591"]
    assert len({f["record"] for f in json.loads(out)}) == len([i for i in range(600) if i % 7 == 0])


@pytest.mark.parametrize(
    ("record", "args", "message"),
    [
        ({"id": 1, "body": CLEAN}, [], 'no record has a "text" field (fields: "id", "body")'),
        (
            {"id": 1, "text": CLEAN},
            ["--id-field", "url"],
            'no record has a "url" field (fields: "id", "text")',
        ),
    ],
)
def test_a_whole_file_error_is_one_line_however_the_file_is_sharded(
    tmp_path: Path, run_cli: RunCli, record: dict[str, object], args: list[str], message: str
) -> None:
    corpus = tmp_path / "batch.jsonl"
    corpus.write_text((json.dumps(record) + "\n") * 500, encoding="utf-8")
    for jobs in ("1", "2"):
        code, _, err = run_cli(["check", "--jobs", jobs, *args, corpus])
        assert code == 2
        assert len(err.splitlines()) == 1
        assert err.startswith(f"newslint: error: {corpus}: {message}; use --")

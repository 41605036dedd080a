"""Baselines: accept today's findings, report only new ones, and say which accepted ones are gone."""

from __future__ import annotations

import doctest
import json
import os
from pathlib import Path

import pytest

from newslint import baseline, engine
from newslint.baseline import Baseline, BaselineError, Entry, load, stale_message, write
from newslint.checks.base import Settings
from newslint.codes import select_rules
from newslint.document import Document
from newslint.model import Finding
from newslint.packs import pack_set
from newslint.report import Report, Source

RULES = select_rules()
SETTINGS = Settings(pack_set())

HEADLINE = "Storm closes ports across the region\n\n"
BODY = [
    "Ports along the coast were closed on Tuesday as the storm reached the region, officials said.\n",
    "TT\n",
    "Officials said the ports would reopen once the wind had dropped below gale force on Wednesday.\n",
    "\n",
    "Fishing boats stayed in the harbour for a second day, and ferries to the islands were cancelled.\n",
]
SCRAPE = HEADLINE + "".join(BODY)


def report(files: dict[str, str]) -> Report:
    """Lint each text as the file named by its key; the report carries every finding's source lines."""
    findings: list[Finding] = []
    sources = {}
    for path, text in files.items():
        doc = Document(text, path)
        found = engine.lint(doc, RULES, SETTINGS)
        findings.extend(found)
        sources[(path, None)] = Source.around(path, None, [line.text for line in doc.lines], found)
    return Report(findings, sources, checked=len(files))


def codes(result: Report) -> list[tuple[str, str, int]]:
    return [(f.path, f.code, f.line) for f in result.findings]


def baselined(tmp_path: Path, files: dict[str, str]) -> Baseline:
    target = tmp_path / "baseline.json"
    write(target, report(files))
    return load(target)


# ---------------------------------------------------------------------------------------------
# What a baseline accepts


def test_findings_stay_baselined_when_lines_are_inserted_above_them(tmp_path: Path) -> None:
    accepted = baselined(tmp_path, {"a.txt": SCRAPE})
    assert accepted.size == 1
    moved = HEADLINE + BODY[0] + "\n" + "A second paragraph of body text was added here by the editor.\n\n"
    moved += "".join(BODY[1:])
    before = report({"a.txt": moved})
    assert codes(before) == [("a.txt", "UI001", 7)]  # the widget moved from line 4 to line 7
    after, stale = accepted.apply(before)
    assert after.findings == [] and stale == 0


def test_a_new_finding_of_the_same_code_is_reported(tmp_path: Path) -> None:
    accepted = baselined(tmp_path, {"a.txt": SCRAPE})
    grown = SCRAPE + "Print\n"
    after, stale = accepted.apply(report({"a.txt": grown, "b.txt": SCRAPE}))
    assert codes(after) == [("a.txt", "UI001", 8), ("b.txt", "UI001", 4)]  # another widget; another file
    assert stale == 0


def test_a_fixed_finding_no_longer_matches(tmp_path: Path) -> None:
    accepted = baselined(tmp_path, {"a.txt": SCRAPE, "b.txt": SCRAPE})
    fixed = SCRAPE.replace("TT\n", "")
    after, stale = accepted.apply(report({"a.txt": fixed, "b.txt": SCRAPE}))
    assert after.findings == [] and stale == 1
    assert stale_message(stale) == (
        "1 baselined finding no longer occurs (fixed or changed): "
        "run --write-baseline to refresh the baseline"
    )
    assert stale_message(0) == ""


def test_repeated_findings_are_counted(tmp_path: Path) -> None:
    twice = SCRAPE + "TT\n"
    accepted = baselined(tmp_path, {"a.txt": twice})
    assert [(e.code, e.text, e.count) for e in accepted.entries] == [("UI001", "tt", 2)]
    assert accepted.apply(report({"a.txt": twice}))[0].findings == []
    after, stale = accepted.apply(report({"a.txt": twice + "TT\n"}))
    assert codes(after) == [("a.txt", "UI001", 9)] and stale == 0  # the third copy is new
    after, stale = accepted.apply(report({"a.txt": SCRAPE}))
    assert after.findings == [] and stale == 1  # one copy was deleted: one allowance is stale


def test_only_the_files_a_run_read_count_as_stale(tmp_path: Path) -> None:
    accepted = baselined(tmp_path, {"a.txt": SCRAPE, "b.txt": SCRAPE})
    after, stale = accepted.apply(report({"a.txt": SCRAPE}), checked=["./a.txt"])
    assert after.findings == [] and stale == 0  # b.txt was not read (a pre-commit run)
    assert accepted.apply(report({"a.txt": SCRAPE}))[1] == 1


def test_sources_are_kept_for_the_findings_left(tmp_path: Path) -> None:
    accepted = baselined(tmp_path, {"a.txt": SCRAPE})
    after, _ = accepted.apply(report({"a.txt": SCRAPE, "b.txt": SCRAPE}))
    assert list(after.sources) == [("b.txt", None)]
    assert after.checked == 2


def test_the_spelling_of_a_path_does_not_matter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    accepted = baselined(tmp_path, {"./news/a.txt": SCRAPE})
    assert [e.path for e in accepted.entries] == ["news/a.txt"]
    for spelling in ("news/a.txt", "news\\a.txt", "news/../news/a.txt", str(tmp_path / "news" / "a.txt")):
        after, stale = accepted.apply(report({spelling: SCRAPE}))
        assert after.findings == [] and stale == 0, spelling


# ---------------------------------------------------------------------------------------------
# The file


def test_the_file_is_the_same_whatever_the_order_of_the_findings(tmp_path: Path) -> None:
    files = {"b.txt": SCRAPE + "Print\n", "a.txt": SCRAPE + "TT\n"}
    forward = report(files)
    backward = Report(list(reversed(forward.findings)), forward.sources)
    assert write(tmp_path / "one.json", forward) == 4
    assert write(tmp_path / "two.json", backward) == 4
    text = (tmp_path / "one.json").read_text(encoding="utf-8")
    assert (tmp_path / "two.json").read_text(encoding="utf-8") == text
    assert text.splitlines()[:3] == ["{", '  "newslint-baseline": 1,', '  "entries": [']
    entries = json.loads(text)["entries"]
    assert [(e["path"], e["text"], e["count"]) for e in entries] == [
        ("a.txt", "tt", 2),
        ("b.txt", "print", 1),
        ("b.txt", "tt", 1),
    ]
    assert len(text.splitlines()) == 3 + len(entries) + 2  # one line per entry: diffs stay small


def test_an_empty_report_writes_an_empty_baseline(tmp_path: Path) -> None:
    assert write(tmp_path / "b.json", Report([])) == 0
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8")) == {
        "newslint-baseline": 1,
        "entries": [],
    }
    assert load(tmp_path / "b.json").entries == ()


def test_long_flagged_text_is_cut_for_reviewers_but_matched_in_full(tmp_path: Path) -> None:
    line = "Read more: " + "the storm that closed every port along the coast for a week " * 2
    text = SCRAPE + "\n" + line.strip() + "\n"
    accepted = baselined(tmp_path, {"a.txt": text})
    long = [e for e in accepted.entries if e.code == "UI002"]
    assert long and len(long[0].text) == baseline.TEXT_WIDTH and long[0].text.endswith("…")
    assert accepted.apply(report({"a.txt": text}))[0].findings == []


def test_invisible_characters_are_escaped_so_reviewers_see_them() -> None:
    entry = Entry("f" * 32, "ENC003", "a.txt", None, "word\u200bjoined \u202eevil", 1)
    text = baseline.dumps([entry])
    assert "\\u200b" in text and "\\u202e" in text and "\u200b" not in text
    assert json.loads(text)["entries"][0]["text"] == entry.text
    assert "Ünïcödé" in baseline.dumps([Entry("f" * 32, "UI001", "a.txt", None, "Ünïcödé", 1)])


def test_a_baseline_that_cannot_be_written_is_an_error_naming_it(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "baseline.json"
    with pytest.raises(BaselineError, match=r"missing/baseline.json: cannot write baseline"):
        write(target, report({"a.txt": SCRAPE}))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such baseline (create it with --write-baseline)"),
        (b"\xff\xfe\x00", "not a newslint baseline (not UTF-8 text)"),
        (b'{"entries": [', "not valid JSON (line 1, column 14: Expecting value)"),
        (b"[]", 'not a newslint baseline (no "newslint-baseline" key)'),
        (b'{"entries": []}', 'not a newslint baseline (no "newslint-baseline" key)'),
        (
            b'{"newslint-baseline": 2, "entries": []}',
            "baseline format 2 is not one this newslint reads (1); upgrade",
        ),
        (b'{"newslint-baseline": 1, "entries": {}}', '"entries" must be a list'),
        (b'{"newslint-baseline": 1, "entries": [], "extra": 1}', "unknown key 'extra'"),
        (b'{"newslint-baseline": 1, "entries": [3]}', "entry 1 is not an object"),
        (
            b'{"newslint-baseline": 1, "entries": [{"count": 1}]}',
            'entry 1: "fingerprint" must be a non-empty',
        ),
        (
            b'{"newslint-baseline": 1, "entries": [{"fingerprint": "ab", "count": 0}]}',
            'entry 1: "count" must be a whole number, 1 or more (got 0)',
        ),
        (
            b'{"newslint-baseline": 1, "entries": [{"fingerprint": "ab", "cuont": 2}]}',
            "entry 1: unknown key 'cuont'",
        ),
        (
            b'{"newslint-baseline": 1, "entries": [{"fingerprint": "ab", "record": 7}]}',
            'entry 1: "record" must be a string or null',
        ),
    ],
)
def test_a_bad_baseline_file_is_one_line_naming_it(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    target = tmp_path / "baseline.json"
    if content is not None:
        target.write_bytes(content)
    with pytest.raises(BaselineError) as error:
        load(target)
    assert str(error.value).startswith(f"{target}: ")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_folder_is_not_a_baseline(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="is a folder"):
        load(tmp_path)


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(baseline).failed == 0


def test_normalised_paths_outside_the_current_folder_stay_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outside = os.path.abspath(os.path.join(tmp_path, "..", "elsewhere", "a.txt"))
    assert baseline.normalise_path(outside) == outside.replace(os.sep, "/")
    assert baseline.normalise_path("-") == "-"

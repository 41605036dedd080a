"""The seed scrape (seeds/000_2fb2c4eb24b61b01.txt): what `check` reports and what `fix` makes of it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, SEED_FIXED, RunCli, cli

FINDING_KEYS = {
    "path",
    "record",
    "code",
    "name",
    "severity",
    "message",
    "line",
    "column",
    "end_line",
    "end_column",
    "fix",
}
FIX_KEYS = {"applicability", "message", "edits"}
EDIT_KEYS = {"line", "column", "end_line", "end_column", "content"}

CAPTION_COPIES = (4, 9, 10, 45, 50, 51)
HEADLINE_COPIES = (7, 48)
WIDGET_LINES = (5, 46)


def check_json(path: Path) -> tuple[int, list[dict[str, Any]]]:
    code, out, err = cli(["check", "--output-format", "json", path])
    assert "Traceback" not in err, err
    return code, json.loads(out)


@pytest.fixture(scope="module")
def seed_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / SEED.name
    path.write_bytes(SEED.read_bytes())
    return path


@pytest.fixture(scope="module")
def checked(seed_path: Path) -> tuple[int, list[dict[str, Any]]]:
    """`newslint check --output-format json` on the seed, run once for the module."""
    return check_json(seed_path)


@pytest.fixture(scope="module")
def findings(checked: tuple[int, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return checked[1]


def by_line(findings: list[dict[str, Any]], code_prefix: str) -> dict[int, dict[str, Any]]:
    return {f["line"]: f for f in findings if f["code"].startswith(code_prefix)}


@pytest.fixture(scope="module")
def fixed_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """`newslint fix` on a copy of the seed, run once for the module: (exit code, stderr, path)."""
    path = tmp_path_factory.mktemp("fixed") / SEED.name
    path.write_bytes(SEED.read_bytes())
    code, _out, err = cli(["fix", path])
    return code, err, path


def test_fix_gives_the_gold_file(fixed_once: tuple[int, str, Path]) -> None:
    code, err, path = fixed_once
    assert "Traceback" not in err, err
    fixed = path.read_bytes()
    gold = SEED_FIXED.read_bytes()
    # Non-blank lines first: on a mismatch this names the lines that differ, not just "bytes differ".
    got_lines = [ln for ln in fixed.decode("utf-8").splitlines() if ln.strip()]
    want_lines = [ln for ln in gold.decode("utf-8").splitlines() if ln.strip()]
    assert got_lines == want_lines
    assert fixed == gold
    # The one thing fix cannot repair: the file holds two articles (ART001), so findings remain.
    assert code == 1


def test_fixed_file_reports_only_multiple_articles(fixed_once: tuple[int, str, Path]) -> None:
    code, findings = check_json(fixed_once[2])
    assert code == 1
    assert [(f["code"], f["line"]) for f in findings] == [("ART001", 35)]


def test_fixing_twice_changes_nothing(
    run_cli: RunCli, fixed_once: tuple[int, str, Path], tmp_path: Path
) -> None:
    again = tmp_path / SEED.name
    once = fixed_once[2].read_bytes()
    again.write_bytes(once)
    code, out, err = run_cli(["fix", again])
    assert again.read_bytes() == once
    assert code == 1  # ART001 remains
    assert "Fixed 0 findings in 0 files" in err + out


def test_diff_of_the_fixed_file_is_empty(run_cli: RunCli, fixed_once: tuple[int, str, Path]) -> None:
    code, out, _err = run_cli(["fix", "--diff", fixed_once[2]])
    assert (code, out) == (0, "")


def test_check_exits_1_and_leaves_the_seed_alone(
    checked: tuple[int, list[dict[str, Any]]], seed_path: Path
) -> None:
    assert checked[0] == 1
    assert seed_path.read_bytes() == SEED.read_bytes()


def test_json_findings_have_the_documented_fields(findings: list[dict[str, Any]]) -> None:
    assert findings
    for f in findings:
        assert set(f) == FINDING_KEYS, f
        assert f["path"].endswith(SEED.name)
        assert f["record"] is None
        assert f["severity"] in {"error", "warning", "info"}
        assert isinstance(f["message"], str) and f["message"]
        for key in ("line", "column", "end_line", "end_column"):
            assert isinstance(f[key], int) and f[key] >= 1, (key, f)
        assert (f["end_line"], f["end_column"]) >= (f["line"], f["column"])
        if f["fix"] is not None:
            assert set(f["fix"]) == FIX_KEYS
            assert f["fix"]["applicability"] in {"safe", "unsafe", "display"}
            assert f["fix"]["edits"]
            for edit in f["fix"]["edits"]:
                assert set(edit) == EDIT_KEYS
                assert isinstance(edit["content"], str)


def test_caption_copies_are_reported(findings: list[dict[str, Any]]) -> None:
    dup = by_line(findings, "DUP")
    for line in CAPTION_COPIES:
        assert line in dup, f"no DUP finding on caption copy line {line}"
        assert dup[line]["code"] == "DUP001"
        assert dup[line]["name"] == "repeated-caption"
        assert dup[line]["fix"]["applicability"] == "safe"
    # The first printing of each caption is not a copy.
    assert 3 not in dup and 44 not in dup


def test_headline_copies_are_reported(findings: list[dict[str, Any]]) -> None:
    dup = by_line(findings, "DUP")
    for line in HEADLINE_COPIES:
        assert line in dup, f"no DUP finding on headline copy line {line}"
        assert dup[line]["code"] == "DUP002"
        assert dup[line]["name"] == "repeated-headline"
    assert 1 not in dup and 42 not in dup


def test_copy_fix_deletes_exactly_the_copy_line(findings: list[dict[str, Any]]) -> None:
    for f in findings:
        if f["code"].startswith("DUP") or f["code"] == "UI001":
            (edit,) = f["fix"]["edits"]
            assert edit == {
                "line": f["line"],
                "column": 1,
                "end_line": f["line"] + 1,
                "end_column": 1,
                "content": "",
            }


def test_tt_widget_lines_are_reported(findings: list[dict[str, Any]]) -> None:
    ui = by_line(findings, "UI")
    assert sorted(ui) == list(WIDGET_LINES)
    for line in WIDGET_LINES:
        assert ui[line]["code"] == "UI001"
        assert ui[line]["name"] == "widget-token"
        assert (ui[line]["column"], ui[line]["end_line"], ui[line]["end_column"]) == (1, line, 3)
        assert ui[line]["fix"]["applicability"] == "safe"


def test_ocr_typo_on_line_3(findings: list[dict[str, Any]]) -> None:
    ocr = [f for f in findings if f["code"] == "OCR001" and f["line"] == 3]
    assert len(ocr) == 1
    finding = ocr[0]
    assert finding["name"] == "digit-in-word"
    line3 = SEED.read_text(encoding="utf-8").splitlines()[2]
    start = line3.index("0arliament") + 1
    assert (finding["column"], finding["end_line"], finding["end_column"]) == (start, 3, start + 10)
    assert finding["fix"]["applicability"] == "safe"
    (edit,) = finding["fix"]["edits"]
    assert edit == {
        "line": 3,
        "column": start,
        "end_line": 3,
        "end_column": start + 10,
        "content": "Parliament",
    }


def test_second_article_starts_at_line_42(findings: list[dict[str, Any]]) -> None:
    art = [f for f in findings if f["code"] == "ART001"]
    assert [f["line"] for f in art] == [42]
    assert art[0]["name"] == "multiple-articles"
    assert art[0]["fix"] is None


def test_no_finding_on_body_text(findings: list[dict[str, Any]]) -> None:
    """Body paragraphs of the seed are clean: nothing but the known damage is reported."""
    damaged = {3, 42, *CAPTION_COPIES, *HEADLINE_COPIES, *WIDGET_LINES}
    stray = [f for f in findings if f["line"] not in damaged]
    assert stray == []

"""The command line as users and CI see it: exit codes, selection, streams, config files and packs."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED, SEED_FIXED, RunCli

import newslint
from newslint.codes import RULES

DAMAGED = """\
Storm Cuts Power to Thousands on the Coast

Workers repair a power line in Brighton. (AFP)
Workers repair a power line in Brighton. (AFP)
TT

Advertisement
Gift this story

The storm cut power to thousands of homes on Tuesday, the Parliament was told by the minister.

The 0arliament will debate emergency funding for the affected towns next week, officials said.
"""
DAMAGED_CODES = {"DUP001", "UI001", "UI002", "OCR001"}

DAMAGED_FIXED = """\
Storm Cuts Power to Thousands on the Coast

Workers repair a power line in Brighton. (AFP)

Gift this story

The storm cut power to thousands of homes on Tuesday, the Parliament was told by the minister.

The Parliament will debate emergency funding for the affected towns next week, officials said.
"""

CLEAN = """\
Storm Cuts Power to Thousands on the Coast

The storm cut power to thousands of homes on Tuesday, the minister told reporters in the capital.

Emergency crews worked through the night to restore electricity to the worst affected towns.
"""

# "w4ll" could be wall, will or well: the repair needs a human, so its fix is unsafe.
UNSAFE_ONLY = """\
Storm Cuts Power to Thousands on the Coast

The storm brought down a w4ll of the old harbour on Tuesday, the minister told reporters.
"""

GIFT_PACK = """\
name: mysite
description: A site that prints a gift button as a line.
widgets:
  - Gift this story
"""


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def json_findings(run_cli: RunCli, *args: Any, cwd: Path | None = None) -> tuple[int, list[dict[str, Any]]]:
    code, out, err = run_cli(["check", "--output-format", "json", *args], cwd=cwd)
    assert "Traceback" not in err, err
    assert code in (0, 1), (code, err)
    return code, json.loads(out)


def codes_of(findings: list[dict[str, Any]]) -> set[str]:
    return {f["code"] for f in findings}


def assert_one_line_error(err: str, *fragments: str) -> None:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("newslint: error:"), err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, err)


def test_in_process_runner_matches_the_real_command(
    run_cli: RunCli, run_in_process: RunCli, damaged: Path
) -> None:
    """Most tests below call newslint.cli.main in-process for speed; both ways must agree."""
    for args in (
        ["check", "--output-format", "json", damaged],
        ["fix", "--diff", damaged],
        ["rule", "UI001"],
    ):
        assert run_in_process(args) == run_cli(args)


# Exit codes ------------------------------------------------------------------------------------


def test_clean_file_exits_0(run_cli: RunCli, clean: Path) -> None:
    code, out, err = run_cli(["check", clean])
    assert (code, err) == (0, "")
    assert "All checks passed" in out


def test_findings_exit_1(run_cli: RunCli, damaged: Path) -> None:
    code, out, err = run_cli(["check", damaged])
    assert (code, err) == (1, "")
    for expected in DAMAGED_CODES:
        assert expected in out
    assert "Found 4 findings in 1 file" in out


def test_exit_zero_keeps_findings_but_exits_0(run_cli: RunCli, damaged: Path) -> None:
    code, out, _err = run_cli(["check", "--exit-zero", damaged])
    assert code == 0
    assert "UI001" in out


def test_fix_exit_zero(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "unsafe.txt"
    path.write_text(UNSAFE_ONLY, encoding="utf-8")
    assert run_in_process(["fix", path])[0] == 1
    assert run_in_process(["fix", "--exit-zero", path])[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["check"],
        ["lint", "x.txt"],
        ["check", "--no-such-option", "x.txt"],
        ["check", "--output-format", "yaml", "x.txt"],
        ["rule"],
        ["rule", "XYZ999"],
    ],
    ids=[
        "no-command",
        "no-path",
        "unknown-command",
        "unknown-option",
        "unknown-format",
        "rule-no-code",
        "rule-unknown",
    ],
)
def test_usage_errors_exit_2(run_in_process: RunCli, args: list[str]) -> None:
    code, out, err = run_in_process(args)
    assert code == 2
    assert "Traceback" not in err
    # Without a command the help is printed (to stdout); every other case says what is wrong.
    assert err.strip() or (args == [] and "usage:" in out)


def test_missing_path_exits_2_and_names_it(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    code, _out, err = run_cli(["check", missing])
    assert code == 2
    assert_one_line_error(err, str(missing))


def test_stdin_twice_is_a_usage_error(run_in_process: RunCli) -> None:
    code, _out, err = run_in_process(["check", "-", "-"], stdin=CLEAN)
    assert code == 2
    assert_one_line_error(err, "standard input")


# Selecting rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "selectors", "expected"),
    [
        ("--select", ["UI001"], {"UI001"}),
        ("--select", ["UI"], {"UI001", "UI002"}),
        ("--select", ["widget-token"], {"UI001"}),
        ("--select", ["DUP001,OCR"], {"DUP001", "OCR001"}),
        ("--select", ["repeated-caption", "UI002"], {"DUP001", "UI002"}),
        ("--select", ["all"], DAMAGED_CODES),
        ("--ignore", ["UI001"], DAMAGED_CODES - {"UI001"}),
        ("--ignore", ["UI"], {"DUP001", "OCR001"}),
        ("--ignore", ["OCR00"], DAMAGED_CODES - {"OCR001"}),
        ("--ignore", ["repeated-caption,boilerplate-line"], {"UI001", "OCR001"}),
        ("--ignore", ["DUP", "UI", "OCR"], set()),
    ],
)
def test_select_and_ignore(
    run_in_process: RunCli, damaged: Path, option: str, selectors: list[str], expected: set[str]
) -> None:
    args = [part for selector in selectors for part in (option, selector)]
    code, findings = json_findings(run_in_process, *args, damaged)
    assert codes_of(findings) == expected
    assert code == (1 if expected else 0)


def test_ignore_wins_over_select(run_in_process: RunCli, damaged: Path) -> None:
    _code, findings = json_findings(run_in_process, "--select", "UI", "--ignore", "UI002", damaged)
    assert codes_of(findings) == {"UI001"}


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("selector", ["XYZ", "DUP9", "repeated-captions"])
def test_unknown_selector_exits_2_with_one_line(
    run_in_process: RunCli, damaged: Path, option: str, selector: str
) -> None:
    code, out, err = run_in_process(["check", option, selector, damaged])
    assert code == 2
    assert_one_line_error(err, repr(selector))
    assert "DUP001" not in out


# Output ----------------------------------------------------------------------------------------


def test_quiet_prints_findings_but_no_summary(run_in_process: RunCli, damaged: Path, clean: Path) -> None:
    code, out, _err = run_in_process(["check", "--quiet", damaged])
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 4
    assert all(line.startswith(f"{damaged}:") for line in lines)
    assert "Found" not in out
    assert run_in_process(["check", "-q", clean])[:2] == (0, "")


def test_quiet_fix_prints_nothing(run_in_process: RunCli, damaged: Path) -> None:
    code, out, err = run_in_process(["fix", "-q", damaged])
    assert (code, out, err) == (0, "", "")
    assert damaged.read_text(encoding="utf-8") == DAMAGED_FIXED


def test_version(run_cli: RunCli) -> None:
    code, out, _err = run_cli(["--version"])
    assert code == 0
    assert out.strip() == f"newslint {newslint.__version__}"


def test_help_mentions_the_commands(run_cli: RunCli) -> None:
    code, out, _err = run_cli(["--help"])
    assert code == 0
    for command in ("check", "fix", "rule"):
        assert command in out
    assert "--select" in out  # the epilog explains selectors


@pytest.mark.parametrize("command", ["check", "fix"])
def test_command_help_lists_the_options(run_in_process: RunCli, command: str) -> None:
    code, out, _err = run_in_process([command, "--help"])
    assert code == 0
    for option in ("--select", "--ignore", "--pack", "--unsafe-fixes", "--exit-zero", "--stdin-filename"):
        assert option in out


# newslint rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["DUP001", "dup001", "repeated-caption"])
def test_rule_prints_the_documentation(run_in_process: RunCli, name: str) -> None:
    code, out, _err = run_in_process(["rule", name])
    assert code == 0
    assert out.startswith("# DUP001 repeated-caption")
    for section in ("## What it does", "## Why it matters", "## Example", "## Use instead", "## Fix safety"):
        assert section in out


def test_rule_all_lists_every_code(run_cli: RunCli) -> None:
    code, out, _err = run_cli(["rule", "--all"])
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert listed == [rule.code for rule in RULES]
    for rule in RULES:
        assert rule.name in out


def test_rule_all_json(run_in_process: RunCli) -> None:
    code, out, _err = run_in_process(["rule", "--all", "--output-format", "json"])
    assert code == 0
    items = json.loads(out)
    assert [item["code"] for item in items] == [rule.code for rule in RULES]
    for item in items:
        assert {"code", "name", "summary", "fix", "explanation"} <= set(item)
        assert item["summary"] and item["explanation"].startswith(item["summary"])


def test_rule_json(run_in_process: RunCli) -> None:
    code, out, _err = run_in_process(["rule", "UI001", "--output-format", "json"])
    assert code == 0
    assert json.loads(out)["name"] == "widget-token"


# Standard input --------------------------------------------------------------------------------


def test_check_reads_stdin(run_cli: RunCli) -> None:
    code, out, err = run_cli(["check", "--output-format", "json", "-"], stdin=DAMAGED)
    assert code == 1, err
    findings = json.loads(out)
    assert codes_of(findings) == DAMAGED_CODES
    assert {f["path"] for f in findings} == {"-"}


def test_stdin_filename_labels_stdin(run_cli: RunCli) -> None:
    code, out, _err = run_cli(["check", "-q", "--stdin-filename", "incoming/story.txt", "-"], stdin=DAMAGED)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(DAMAGED_CODES)
    assert all(line.startswith("incoming/story.txt:") for line in lines)


def test_check_clean_stdin(run_in_process: RunCli) -> None:
    assert run_in_process(["check", "-"], stdin=CLEAN)[0] == 0


def test_fix_stdin_writes_fixed_text_to_stdout(run_cli: RunCli) -> None:
    code, out, err = run_cli(["fix", "-"], stdin=DAMAGED)
    assert out == DAMAGED_FIXED
    assert code == 0
    assert "Fixed 4 findings" in err  # the report goes to stderr, never into the text


def test_fix_stdin_seed_gives_gold(run_cli: RunCli) -> None:
    code, out, err = run_cli(["fix", "-"], stdin=SEED.read_bytes())
    assert out.encode("utf-8") == SEED_FIXED.read_bytes()
    assert code == 1  # ART001 remains, reported on stderr
    assert "ART001" in err


def test_fix_stdin_clean_text_passes_through(run_in_process: RunCli) -> None:
    code, out, _err = run_in_process(["fix", "-"], stdin=CLEAN)
    assert (code, out) == (0, CLEAN)


# fix --diff and --unsafe-fixes -----------------------------------------------------------------


def test_fix_diff_prints_a_diff_and_changes_nothing(run_in_process: RunCli, damaged: Path) -> None:
    code, out, err = run_in_process(["fix", "--diff", damaged])
    assert code == 1
    assert damaged.read_text(encoding="utf-8") == DAMAGED
    expected = "".join(
        difflib.unified_diff(
            DAMAGED.splitlines(keepends=True),
            DAMAGED_FIXED.splitlines(keepends=True),
            fromfile=str(damaged),
            tofile=str(damaged),  # absolute paths are shown as they are, without a/ b/
        )
    )
    assert out == expected
    assert "Would fix 4 findings in 1 file" in err


def test_fix_diff_of_the_seed_matches_the_gold_file(run_in_process: RunCli, seed_copy: Path) -> None:
    code, out, _err = run_in_process(["fix", "--diff", seed_copy])
    assert code == 1
    assert seed_copy.read_bytes() == SEED.read_bytes()
    removed = [ln[1:] for ln in out.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    added = [ln[1:] for ln in out.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    # Every added line is a repaired line of the gold file; nothing else is written.
    gold = SEED_FIXED.read_text(encoding="utf-8").splitlines()
    assert added and all(line in gold for line in added)
    assert all("0arliament" not in line for line in added)
    assert any("0arliament" in line for line in removed)


def test_fix_diff_without_changes_exits_0(run_in_process: RunCli, clean: Path) -> None:
    code, out, _err = run_in_process(["fix", "--diff", clean])
    assert (code, out) == (0, "")


def test_fix_diff_without_final_newline(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "nonl.txt"
    path.write_text(DAMAGED.rstrip("\n"), encoding="utf-8")
    code, out, _err = run_in_process(["fix", "--diff", path])
    assert code == 1
    assert "\\ No newline at end of file" in out
    assert path.read_text(encoding="utf-8") == DAMAGED.rstrip("\n")


def test_unsafe_fixes_only_with_the_flag(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "unsafe.txt"
    path.write_text(UNSAFE_ONLY, encoding="utf-8")

    code, findings = json_findings(run_in_process, path)
    assert [(f["code"], f["fix"]["applicability"]) for f in findings] == [("OCR001", "unsafe")]

    code, out, _err = run_in_process(["check", path])
    assert "[*]" not in out and "--unsafe-fixes" in out
    code, out, _err = run_in_process(["check", "--unsafe-fixes", path])
    assert "[*]" in out

    code, _out, _err = run_in_process(["fix", path])
    assert code == 1
    assert path.read_text(encoding="utf-8") == UNSAFE_ONLY

    code, out, _err = run_in_process(["fix", "--unsafe-fixes", "--diff", path])
    assert code == 1
    assert "+The storm brought down a wall of the old harbour" in out
    assert path.read_text(encoding="utf-8") == UNSAFE_ONLY

    code, _out, _err = run_in_process(["fix", "--unsafe-fixes", path])
    assert code == 0
    assert path.read_text(encoding="utf-8") == UNSAFE_ONLY.replace("w4ll", "wall")


# Folders ---------------------------------------------------------------------------------------


def test_folder_input_recurses_and_takes_only_txt(run_in_process: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "scrapes"
    for rel in ("a.txt", "sub/b.txt", "sub/deeper/c.TXT", "notes.md", "sub/d.json", "e.txt.bak", "README"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DAMAGED, encoding="utf-8")
    code, findings = json_findings(run_in_process, root)
    assert code == 1
    paths = {Path(f["path"]).relative_to(root).as_posix() for f in findings}
    assert paths == {"a.txt", "sub/b.txt", "sub/deeper/c.TXT"}


def test_folder_skips_hidden_and_tool_folders(run_in_process: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "scrapes"
    for rel in ("a.txt", ".git/b.txt", ".hidden/c.txt", ".d.txt", "node_modules/e.txt"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(DAMAGED, encoding="utf-8")
    _code, findings = json_findings(run_in_process, root)
    assert {Path(f["path"]).name for f in findings} == {"a.txt"}


def test_named_file_is_read_whatever_its_suffix(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(DAMAGED, encoding="utf-8")
    _code, findings = json_findings(run_in_process, path)
    assert codes_of(findings) == DAMAGED_CODES


def test_fix_on_a_folder_fixes_every_text_file(run_in_process: RunCli, tmp_path: Path) -> None:
    root = tmp_path / "scrapes"
    (root / "sub").mkdir(parents=True)
    for rel in ("a.txt", "sub/b.txt", "c.md"):
        (root / rel).write_text(DAMAGED, encoding="utf-8")
    code, out, _err = run_in_process(["fix", root])
    assert code == 0
    assert "in 2 files" in out
    assert (root / "a.txt").read_text(encoding="utf-8") == DAMAGED_FIXED
    assert (root / "sub/b.txt").read_text(encoding="utf-8") == DAMAGED_FIXED
    assert (root / "c.md").read_text(encoding="utf-8") == DAMAGED


# Configuration files ---------------------------------------------------------------------------


def test_pyproject_config_is_honoured(run_in_process: RunCli, tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "mysite.yaml").write_text(GIFT_PACK, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "scrapes"\n\n'
        "[tool.newslint]\n"
        'select = ["UI", "OCR"]\n'
        'ignore = ["UI002"]\n'
        'packs = ["packs/mysite.yaml"]\n',
        encoding="utf-8",
    )
    (tmp_path / "story.txt").write_text(DAMAGED, encoding="utf-8")
    _code, findings = json_findings(run_in_process, "story.txt", cwd=tmp_path)
    assert sorted((f["code"], f["line"]) for f in findings) == [("OCR001", 12), ("UI001", 5), ("UI001", 8)]

    # The command line wins: its --select replaces the file's selection, the file's ignore included
    # (as ruff resolves it); a command-line --ignore still applies on top of it.
    _code, findings = json_findings(run_in_process, "--select", "DUP,UI", "story.txt", cwd=tmp_path)
    assert codes_of(findings) == {"DUP001", "UI001", "UI002"}
    _code, findings = json_findings(
        run_in_process, "--select", "DUP,UI", "--ignore", "UI002", "story.txt", cwd=tmp_path
    )
    assert codes_of(findings) == {"DUP001", "UI001"}
    # Without --select, a command-line --ignore adds to the file's.
    _code, findings = json_findings(run_in_process, "--ignore", "OCR", "story.txt", cwd=tmp_path)
    assert codes_of(findings) == {"UI001"}

    # The config is found from a subfolder too, and pack paths stay relative to the config file.
    (tmp_path / "sub").mkdir()
    _code, findings = json_findings(run_in_process, "../story.txt", cwd=tmp_path / "sub")
    assert sorted((f["code"], f["line"]) for f in findings) == [("OCR001", 12), ("UI001", 5), ("UI001", 8)]


def test_newslint_toml_config(run_in_process: RunCli, tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text('select = ["DUP"]\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text(DAMAGED, encoding="utf-8")
    _code, findings = json_findings(run_in_process, "story.txt", cwd=tmp_path)
    assert codes_of(findings) == {"DUP001"}


def test_pyproject_without_newslint_table_is_ignored(run_in_process: RunCli, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text(DAMAGED, encoding="utf-8")
    _code, findings = json_findings(run_in_process, "story.txt", cwd=tmp_path)
    assert codes_of(findings) == DAMAGED_CODES


def test_config_unknown_key_exits_2_naming_file_and_key(run_cli: RunCli, tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.newslint]\nselect = ["UI"]\nignroe = ["UI002"]\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text(DAMAGED, encoding="utf-8")
    code, out, err = run_cli(["check", "story.txt"], cwd=tmp_path)
    assert code == 2
    assert_one_line_error(err, "pyproject.toml", "ignroe")
    assert str(config) in err
    assert "UI001" not in out


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('select = "UI"\n', "select"),
        ('select = ["NOPE"]\n', "NOPE"),
        ("select = [\n", "not valid TOML"),
    ],
    ids=["wrong-type", "unknown-selector", "bad-toml"],
)
def test_bad_config_exits_2(run_in_process: RunCli, tmp_path: Path, body: str, fragment: str) -> None:
    (tmp_path / "newslint.toml").write_text(body, encoding="utf-8")
    (tmp_path / "story.txt").write_text(DAMAGED, encoding="utf-8")
    code, _out, err = run_in_process(["check", "story.txt"], cwd=tmp_path)
    assert code == 2
    assert "Traceback" not in err
    assert fragment in err


# Rule packs ------------------------------------------------------------------------------------


def test_extra_pack_adds_a_widget(run_in_process: RunCli, damaged: Path, tmp_path: Path) -> None:
    pack = tmp_path / "mysite.yaml"
    pack.write_text(GIFT_PACK, encoding="utf-8")
    _code, findings = json_findings(run_in_process, damaged)
    assert 8 not in {f["line"] for f in findings}
    _code, findings = json_findings(run_in_process, "--pack", pack, damaged)
    gift = [f for f in findings if f["line"] == 8]
    assert len(gift) == 1
    assert gift[0]["code"] == "UI001"
    assert "mysite" in gift[0]["message"]

    code, _out, _err = run_in_process(["fix", "--pack", pack, damaged])
    assert code == 0
    assert "Gift this story" not in damaged.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        (GIFT_PACK + "widgts:\n  - Share\n", ["widgts"]),
        ("widgets: [Share]\n", ["name"]),
        ("name: x\nwidgets: Share\n", ["widgets"]),
        ("name: x\nboilerplate-patterns: ['(unclosed']\n", ["(unclosed"]),
        ("name: [x\n", ["YAML"]),
        ("- just\n- a list\n", ["mapping"]),
    ],
    ids=["unknown-key", "no-name", "not-a-list", "bad-regex", "bad-yaml", "not-a-mapping"],
)
def test_bad_pack_exits_2_naming_file_and_problem(
    run_in_process: RunCli, damaged: Path, tmp_path: Path, body: str, fragments: list[str]
) -> None:
    pack = tmp_path / "broken.yaml"
    pack.write_text(body, encoding="utf-8")
    code, out, err = run_in_process(["check", "--pack", pack, damaged])
    assert code == 2
    assert_one_line_error(err, str(pack), *fragments)
    assert "DUP001" not in out


def test_real_process_reports_bad_selector_and_pack_in_one_line(
    run_cli: RunCli, damaged: Path, tmp_path: Path
) -> None:
    code, _out, err = run_cli(["check", "--select", "DUP,NOPE", damaged])
    assert code == 2
    assert_one_line_error(err, "'NOPE'")
    pack = tmp_path / "broken.yaml"
    pack.write_text(GIFT_PACK + "widgts: [Share]\n", encoding="utf-8")
    code, _out, err = run_cli(["fix", "--pack", pack, damaged])
    assert code == 2
    assert_one_line_error(err, str(pack), "widgts")
    assert damaged.read_text(encoding="utf-8") == DAMAGED


def test_missing_pack_exits_2(run_in_process: RunCli, damaged: Path, tmp_path: Path) -> None:
    pack = tmp_path / "nowhere.yaml"
    code, _out, err = run_in_process(["check", "--pack", pack, damaged])
    assert code == 2
    assert_one_line_error(err, str(pack))


def _batch(folder: Path) -> Path:
    """A batch big enough for the process pool: damaged and clean scrapes, and one bad file."""
    folder.mkdir()
    for i in range(24):
        source = SEED if i % 3 else SEED_FIXED
        (folder / f"{i:02d}.txt").write_bytes(source.read_bytes())
    (folder / "07.txt").write_bytes(b"\x00binary")
    return folder


def test_jobs_give_the_same_output_as_one_process(run_cli: RunCli, tmp_path: Path) -> None:
    batch = _batch(tmp_path / "batch")
    serial = run_cli(["check", "--jobs", "1", "--output-format", "json", batch])
    pooled = run_cli(["check", "--jobs", "2", "--output-format", "json", batch])
    assert serial[0] == pooled[0] == 2  # the binary file is an input error
    assert serial == pooled
    assert len(json.loads(serial[1])) > 24

    one, two = _batch(tmp_path / "one"), _batch(tmp_path / "two")
    fixed_serial = run_cli(["fix", "--jobs", "1", one])
    fixed_pooled = run_cli(["fix", "--jobs", "2", two])
    assert fixed_serial[0] == fixed_pooled[0] == 2
    assert fixed_serial[1].replace(str(one), "") == fixed_pooled[1].replace(str(two), "")
    for path in sorted(one.iterdir()):
        assert path.read_bytes() == (two / path.name).read_bytes()
    assert (one / "01.txt").read_bytes() == SEED_FIXED.read_bytes()


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_jobs_must_be_a_positive_number(run_in_process: RunCli, value: str) -> None:
    code, _out, err = run_in_process(["check", "--jobs", value, "-"], stdin="x")
    assert code == 2
    assert "--jobs" in err


@pytest.mark.parametrize("language", ["xx", "english"])
def test_unknown_language_is_a_usage_error(run_cli: RunCli, language: str) -> None:
    code, _out, err = run_cli(["check", "--language", language, "-"], stdin="No digits here.\n")
    assert code == 2
    assert_one_line_error(err, repr(language))


def test_errors_are_not_summarised_as_a_pass(run_in_process: RunCli, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00binary")
    code, out, _err = run_in_process(["check", tmp_path / "bad.txt"])
    assert code == 2
    assert "All checks passed" not in out
    assert "1 error" in out


def test_a_bad_selector_in_the_config_names_the_file(run_in_process: RunCli, tmp_path: Path) -> None:
    (tmp_path / "newslint.toml").write_text('select = ["DUPX"]\n', encoding="utf-8")
    code, _out, err = run_in_process(["check", "-"], stdin="x\n", cwd=tmp_path)
    assert code == 2
    assert_one_line_error(err, "DUPX", str(tmp_path / "newslint.toml"))


def test_diff_keeps_unicode_line_separators_inside_lines(run_in_process: RunCli, tmp_path: Path) -> None:
    """A U+2028 inside a line is not a line break: the diff must apply as a patch would."""
    path = tmp_path / "ls.txt"
    text = "Storm hits coast\n\nTT\n\nThe storm\u2028reached the coast on Monday night, officials said.\n"
    path.write_text(text, encoding="utf-8")
    code, out, _err = run_in_process(["fix", "--diff", path])
    assert code == 1
    assert out.count("\n") == 8  # ---, +++, @@ and the five lines of the only hunk
    assert "-TT\n" in out and "\u2028" in out


@pytest.mark.parametrize(
    ("config", "fragment"),
    [("[tool]\nnewslint = 5\n", "tool.newslint"), ("[tool.newslint]\nselect = []\n", "select")],
)
def test_bad_pyproject_tables_are_config_errors(
    run_in_process: RunCli, tmp_path: Path, config: str, fragment: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    code, _out, err = run_in_process(["check", "-"], stdin="x\n", cwd=tmp_path)
    assert code == 2
    assert_one_line_error(err, fragment, str(tmp_path / "pyproject.toml"))


def test_a_read_only_file_is_refused_even_by_root(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "ro.txt"
    path.write_text("Storm hits coast\n\nTT\n\nThe storm reached the coast on Monday night.\n", "utf-8")
    path.chmod(0o444)
    before = path.read_bytes()
    code, _out, err = run_in_process(["fix", path])
    assert code == 2
    assert "read-only" in err
    assert path.read_bytes() == before


def test_language_is_detected_per_document(run_in_process: RunCli, tmp_path: Path) -> None:
    """'auto' (the default) reads each document's language: a French word is known in French."""
    from newslint.language import detect_language

    french = "Le gouvernement a annoncé mardi que la réforme des retraites est reportée à l'automne.\n"
    assert detect_language(french) == "fr"
    assert detect_language("Госдума планирует разрешить беспилотные автомобили") == "ru"
    (tmp_path / "fr.txt").write_text(
        "Retraites\n\n" + french.replace("gouvernement", "g0uvernement"), "utf-8"
    )
    code, out, _err = run_in_process(["check", "--output-format", "json", tmp_path / "fr.txt"])
    assert code == 1
    assert [f["fix"]["edits"][0]["content"] for f in json.loads(out)] == ["gouvernement"]


# --- how the command exits -------------------------------------------------------------------------
# `newslint` (and `python -m newslint`) exits without tearing the interpreter down (cli.entry);
# these check what that must not lose.


def _python_m_newslint(args: list[str], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args], cwd=cwd, text=True, check=False, timeout=120, **kwargs
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_output_that_cannot_be_written_is_an_error(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = _python_m_newslint(["check", str(SEED)], tmp_path, stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["newslint: error: cannot write the output: No space left on device"]


def test_output_to_a_reader_that_went_away_is_no_error(tmp_path: Path) -> None:
    """`newslint check ... | head -1`: the rest of the report has nowhere to go, and that is fine."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "newslint", "check", str(SEED)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) in (0, 1)
    assert "Traceback" not in proc.stderr.read()


def test_a_profiler_still_writes_its_data(tmp_path: Path) -> None:
    """Under cProfile the interpreter exits as usual, so the profile is written."""
    profile = tmp_path / "run.prof"
    proc = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "newslint", "check", str(SEED)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert "Found 15 findings" in proc.stdout, proc.stderr  # (cProfile itself exits 0)
    assert profile.stat().st_size > 0

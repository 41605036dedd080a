"""Configuration files and the command line's overrides, resolved per input (newslint.config).

The nearest configuration file to each input wins, the command line wins over files, every error
names the file, the key and what was expected, and rule options change what rules report. The
cases are data; each test builds a folder tree in tmp_path and asks a Resolver about it.
"""

from __future__ import annotations

import argparse
import io
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

import newslint.config
from newslint import engine
from newslint.checks.base import Option, RuleOptions, Settings
from newslint.checks.near_duplicate_line import MIN_SIMILARITY
from newslint.codes import BY_CODE, OPTIONS, RULES, select_rules
from newslint.config import ConfigError, Overrides, Resolver, render
from newslint.document import Document
from newslint.lexicon import LanguageError, check_language
from newslint.packs import builtin_packs, pack_set

DEFAULT_CODES = [rule.code for rule in RULES if rule.default]
WIDGET_PACK = "name: mysite\nwidgets:\n  - Gift this story\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text) under root; return root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def codes(resolver: Resolver, path: str) -> list[str]:
    return [rule.code for rule in resolver.for_path(path).rules]


# The nearest file wins -----------------------------------------------------------------------------

NEAREST_TREE = {
    "pyproject.toml": '[project]\nname = "x"\n\n[tool.newslint]\nselect = ["DUP001"]\n',
    "a/newslint.toml": 'select = ["UI"]\n',
    # In one folder, .newslint.toml comes before newslint.toml, which comes before pyproject.toml.
    "b/.newslint.toml": 'select = ["ENC004"]\n',
    "b/newslint.toml": 'select = ["OCR001"]\n',
    "b/pyproject.toml": '[tool.newslint]\nselect = ["ART001"]\n',
    "c/deeper/keep.txt": "",
    # A pyproject.toml without a [tool.newslint] table is not a configuration file.
    "d/pyproject.toml": "[tool.black]\nline-length = 100\n",
}


@pytest.mark.parametrize(
    ("path", "config", "expected"),
    [
        ("top.txt", "pyproject.toml", ["DUP001"]),
        ("a/x.txt", "a/newslint.toml", ["UI001", "UI002"]),
        ("a/sub/folder/x.txt", "a/newslint.toml", ["UI001", "UI002"]),
        ("b/x.txt", "b/.newslint.toml", ["ENC004"]),
        ("c/deeper/x.txt", "pyproject.toml", ["DUP001"]),
        ("d/x.txt", "pyproject.toml", ["DUP001"]),
        ("-", "pyproject.toml", ["DUP001"]),
    ],
)
def test_the_nearest_config_file_wins(tmp_path: Path, path: str, config: str, expected: list[str]) -> None:
    resolver = Resolver(cwd=tree(tmp_path, NEAREST_TREE))
    resolved = resolver.for_path(path)
    assert resolved.config_path == str(tmp_path / config)
    assert [rule.code for rule in resolved.rules] == expected


def test_no_config_file_gives_the_defaults(tmp_path: Path) -> None:
    resolved = Resolver(cwd=tmp_path).for_path("x.txt")
    assert resolved.config_path is None
    assert [rule.code for rule in resolved.rules] == DEFAULT_CODES
    assert resolved.settings.language == "auto"
    assert resolved.settings.options == RuleOptions()


def test_config_file_and_isolated(tmp_path: Path) -> None:
    tree(tmp_path, {**NEAREST_TREE, "other.toml": 'select = ["ENC001"]\n'})
    fixed = Resolver(Overrides(config_file="other.toml"), cwd=tmp_path)
    assert codes(fixed, "a/x.txt") == codes(fixed, "top.txt") == ["ENC001"]
    assert fixed.for_path("b/x.txt").config_path == str(tmp_path / "other.toml")
    isolated = Resolver(Overrides(isolated=True), cwd=tmp_path)
    assert codes(isolated, "a/x.txt") == DEFAULT_CODES
    assert isolated.for_path("a/x.txt").config_path is None


# The command line wins -------------------------------------------------------------------------

CLI_CASES = [
    # (file's [tool.newslint] body, overrides, expected codes)
    (
        'select = ["DUP"]\nignore = ["DUP005"]',
        Overrides(),
        ["DUP001", "DUP002", "DUP003", "DUP004", "DUP101", "DUP102"],
    ),
    # --select replaces the file's select and its ignore (ruff's semantics)...
    (
        'select = ["DUP"]\nignore = ["DUP005"]',
        Overrides(select=("DUP005", "UI")),
        ["DUP005", "UI001", "UI002"],
    ),
    # ... and its extend-select.
    ('select = ["UI"]\nextend-select = ["ENC001"]', Overrides(select=("UI002",)), ["UI002"]),
    # --ignore and --extend-select add to what the file chose.
    ('select = ["UI"]', Overrides(ignore=("UI002",)), ["UI001"]),
    ('select = ["UI"]', Overrides(extend_select=("ENC004",)), ["UI001", "UI002", "ENC004"]),
    ('ignore = ["UI"]', Overrides(extend_select=("UI001",)), [c for c in DEFAULT_CODES if c != "UI002"]),
    # Within one layer, ignore wins over select.
    ('select = ["DUP"]', Overrides(select=("UI",), ignore=("UI",)), []),
]


@pytest.mark.parametrize(("body", "overrides", "expected"), CLI_CASES)
def test_the_command_line_wins_over_the_file(
    tmp_path: Path, body: str, overrides: Overrides, expected: list[str]
) -> None:
    tree(tmp_path, {"pyproject.toml": f"[tool.newslint]\n{body}\n"})
    assert codes(Resolver(overrides, cwd=tmp_path), "x.txt") == expected


def test_command_line_language_and_packs_win(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "newslint.toml": 'language = "fr"\npacks = ["packs/a.yaml"]\n',
            "packs/a.yaml": "name: a\nwidgets: [Share this]\n",
            "b.yaml": WIDGET_PACK,
        },
    )
    settings = Resolver(cwd=tmp_path).for_path("x.txt").settings
    assert (settings.language, [p.name for p in settings.packs.packs][-1:]) == ("fr", ["a"])
    settings = Resolver(Overrides(language="en", packs=("b.yaml",)), cwd=tmp_path).for_path("x.txt").settings
    # The command line's packs come after the file's (both are in force).
    assert (settings.language, [p.name for p in settings.packs.packs][-2:]) == ("en", ["a", "mysite"])


def test_extend_select_adds_an_off_by_default_rule_to_the_defaults(tmp_path: Path) -> None:
    with_ocr002 = [rule.code for rule in RULES if rule.default or rule.code == "OCR002"]
    assert "OCR002" not in codes(Resolver(cwd=tmp_path), "x.txt")
    tree(tmp_path, {"newslint.toml": 'extend-select = ["OCR002"]\n'})
    assert codes(Resolver(cwd=tmp_path), "x.txt") == with_ocr002
    (tmp_path / "elsewhere").mkdir()
    assert (
        codes(Resolver(Overrides(extend_select=("OCR002",)), cwd=tmp_path / "elsewhere"), "x.txt")
        == with_ocr002
    )


# Per-file ignores ----------------------------------------------------------------------------------

PER_FILE_IGNORES = """\
[tool.newslint]
select = ["UI", "ENC001"]

[tool.newslint.per-file-ignores]
"data/*.txt" = ["UI002"]     # anchored: a slash inside makes it relative to this file's folder
"*.jsonl" = ["ENC"]          # no slash: any depth
"archive/" = ["UI"]          # a folder, and everything below it
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("data/a.txt", ["UI001", "ENC001"]),
        ("data/deeper/a.txt", ["UI001", "UI002", "ENC001"]),  # * does not cross a folder
        ("other/data/a.txt", ["UI001", "UI002", "ENC001"]),  # anchored at the config's folder
        ("x.jsonl", ["UI001", "UI002"]),
        ("other/deep/x.jsonl", ["UI001", "UI002"]),
        ("archive/2020/old.txt", ["ENC001"]),
        ("data/archive.txt", ["UI001", "ENC001"]),
        ("b.txt", ["UI001", "UI002", "ENC001"]),
    ],
)
def test_per_file_ignores_match_patterns_relative_to_the_config_folder(
    tmp_path: Path, path: str, expected: list[str]
) -> None:
    tree(tmp_path, {"proj/pyproject.toml": PER_FILE_IGNORES})
    # The working folder is elsewhere: patterns are relative to the configuration's folder.
    (tmp_path / "cwd").mkdir()
    resolver = Resolver(cwd=tmp_path / "cwd")
    assert codes(resolver, f"../proj/{path}") == expected
    assert codes(Resolver(cwd=tmp_path / "proj"), path) == expected


def test_per_file_ignores_apply_after_a_command_line_select(tmp_path: Path) -> None:
    tree(tmp_path, {"pyproject.toml": PER_FILE_IGNORES})
    resolver = Resolver(Overrides(select=("UI001", "UI002", "DUP001")), cwd=tmp_path)
    assert codes(resolver, "data/a.txt") == ["DUP001", "UI001"]
    assert codes(resolver, "b.txt") == ["DUP001", "UI001", "UI002"]


# Memoised and comparable -------------------------------------------------------------------------


def test_resolved_is_memoised_interned_hashable_and_picklable(tmp_path: Path) -> None:
    same = '[tool.newslint]\nselect = ["UI"]\npacks = ["../site.yaml"]\n'
    tree(tmp_path, {"site.yaml": WIDGET_PACK, "a/pyproject.toml": same, "b/pyproject.toml": same})
    resolver = Resolver(cwd=tmp_path)
    one, two, other = resolver.for_path("a/1.txt"), resolver.for_path("a/2.txt"), resolver.for_path("b/1.txt")
    assert one is two
    # Two files that mean the same compare equal (their config_path is informational only).
    assert one == other and hash(one) == hash(other)
    assert one.config_path != other.config_path
    assert one.settings.packs is other.settings.packs  # one PackSet for one tuple of pack files
    assert len({one, other, resolver.for_path("x.txt")}) == 2
    copy = pickle.loads(pickle.dumps(one.settings))
    assert [p.name for p in copy.packs.packs] == [p.name for p in one.settings.packs.packs]
    assert (copy.language, copy.options) == (one.settings.language, one.settings.options)


def test_each_pack_file_is_loaded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(
        tmp_path,
        {
            "site.yaml": WIDGET_PACK,
            "extra.yaml": "name: extra\nwidgets: [Listen now]\n",
            "a/newslint.toml": 'packs = ["../site.yaml"]\n',
            "b/newslint.toml": 'packs = ["../site.yaml", "../extra.yaml"]\n',
            "c/newslint.toml": 'packs = ["../site.yaml"]\nlanguage = "en"\n',
        },
    )
    loaded: list[str] = []
    real = newslint.config.load_pack

    def counting(path: str) -> object:
        loaded.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(newslint.config, "load_pack", counting)
    resolver = Resolver(cwd=tmp_path)
    packs = [resolver.for_path(f"{folder}/x.txt").settings.packs for folder in "abc"]
    assert sorted(loaded) == ["extra.yaml", "site.yaml"]
    assert packs[0] is packs[2] and packs[0] is not packs[1]


# Errors: the file, the key, what was expected ------------------------------------------------------

CONFIG_ERRORS = [
    # (file name, file text, message after "<file>: ")
    (
        "pyproject.toml",
        '[tool.newslint]\nselct = ["DUP"]\n',
        "tool.newslint: unknown key 'selct' (did you mean 'select'?)",
    ),
    ("newslint.toml", 'selct = ["DUP"]\n', "unknown key 'selct' (did you mean 'select'?)"),
    (
        "newslint.toml",
        'colour = "red"\n',
        "unknown key 'colour' (expected one of: select, extend-select, ignore, per-file-ignores, exclude, "
        "extend-exclude, packs, language, respect-gitignore, rules)",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nper-file-ignores = {"data/*.txt" = "DUP005"}\n',
        'tool.newslint.per-file-ignores."data/*.txt": expected a list of rule selectors, got a string',
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nselect = "DUP"\n',
        "tool.newslint.select: expected a list of rule selectors, got a string",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nselect = ["DUP", 5]\n',
        "tool.newslint.select[1]: expected a rule selector (a string), got an integer",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nselect = ["DUP999"]\n',
        "tool.newslint.select: unknown rule selector 'DUP999' (see `newslint rule --all`)",
    ),
    (
        ".newslint.toml",
        'extend-select = ["repeated-captoin"]\n',
        "extend-select: unknown rule selector 'repeated-captoin' (did you mean 'repeated-caption'?)",
    ),
    (
        "newslint.toml",
        'ignore = ["OCR9"]\n',
        "ignore: unknown rule selector 'OCR9' (did you mean 'OCR004'?)",
    ),
    (
        "pyproject.toml",
        "[tool.newslint]\nselect = []\n",
        "tool.newslint.select: expected at least one rule selector (an empty list runs no rule)",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nper-file-ignores = ["x"]\n',
        "tool.newslint.per-file-ignores: expected a table of pattern = [rule selectors], got a list",
    ),
    (
        "pyproject.toml",
        '[tool.newslint.per-file-ignores]\n"!x" = ["DUP"]\n',
        "tool.newslint.per-file-ignores.\"!x\": a pattern cannot start with '!' here",
    ),
    (
        "pyproject.toml",
        '[tool.newslint.per-file-ignores]\nx = ["DUP", "NOPE"]\n',
        "tool.newslint.per-file-ignores.x: unknown rule selector 'NOPE' (see `newslint rule --all`)",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nexclude = "raw"\n',
        "tool.newslint.exclude: expected a list of gitignore-style patterns, got a string",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nextend-exclude = ["ok", "!"]\n',
        "tool.newslint.extend-exclude[1]: not a valid gitignore-style pattern: '!'",
    ),
    (
        "pyproject.toml",
        "[tool.newslint]\npacks = [1]\n",
        "tool.newslint.packs[0]: expected a rule pack file (a string), got an integer",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\npacks = ["nope.yaml"]\n',
        "tool.newslint.packs[0]: no such rule pack: nope.yaml (looked in {dir})",
    ),
    (
        "pyproject.toml",
        "[tool.newslint]\nlanguage = 5\n",
        "tool.newslint.language: expected a language code, got an integer",
    ),
    (
        "pyproject.toml",
        '[tool.newslint]\nrespect-gitignore = "no"\n',
        "tool.newslint.respect-gitignore: expected true or false, got a string",
    ),
    (
        "pyproject.toml",
        "[tool.newslint]\nrules = 5\n",
        "tool.newslint.rules: expected a table of rule = {option = value}, got an integer",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules.DUP009]\nmin-words = 3\n",
        "tool.newslint.rules: unknown rule 'DUP009' (did you mean 'DUP005'?)",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules.UI001]\nx = 1\n",
        "tool.newslint.rules.UI001: UI001 has no options (rules that have: DUP003, DUP004, DUP005)",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules]\nDUP005 = 0.9\n",
        "tool.newslint.rules.DUP005: expected a table of options, got a float",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules.DUP005]\nratio = 0.9\n",
        "tool.newslint.rules.DUP005: unknown option 'ratio' (DUP005's options: min-similarity)",
    ),
    (
        "newslint.toml",
        "[rules.DUP005]\nmin-similarty = 0.9\n",
        "rules.DUP005: unknown option 'min-similarty' (did you mean 'min-similarity'?)",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules.DUP005]\nmin-similarity = 1.5\n",
        "tool.newslint.rules.DUP005.min-similarity: expected a number from 0.5 to 1.0, got 1.5",
    ),
    (
        "pyproject.toml",
        '[tool.newslint.rules.repeated-line]\nmin-words = "4"\n',
        "tool.newslint.rules.repeated-line.min-words: expected a whole number, 1 or more, got a string",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules.repeated-line]\nmin-words = 2.5\n",
        "tool.newslint.rules.repeated-line.min-words: expected a whole number, 1 or more, got 2.5",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules.DUP004]\nmin-chars = 0\n",
        "tool.newslint.rules.DUP004.min-chars: expected a whole number, 1 or more, got 0",
    ),
    (
        "pyproject.toml",
        "[tool.newslint.rules.DUP005]\nmin-similarity = 0.95\n"
        "[tool.newslint.rules.near-duplicate-line]\nmin-similarity = 0.92\n",
        "tool.newslint.rules.near-duplicate-line: DUP005 is configured twice (also as 'DUP005')",
    ),
    ("pyproject.toml", "[tool]\nnewslint = 5\n", "tool.newslint: expected a table, got an integer"),
    ("pyproject.toml", "[tool.newslint]\nselect = [\n", "not valid TOML: Invalid value (at end of document)"),
]


@pytest.mark.parametrize(("name", "text", "message"), CONFIG_ERRORS)
def test_a_config_error_names_the_file_the_key_and_what_was_expected(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    tree(tmp_path, {name: text})
    with pytest.raises(ConfigError) as caught:
        Resolver(cwd=tmp_path).for_path("story.txt")
    assert str(caught.value) == f"{tmp_path / name}: {message.replace('{dir}', str(tmp_path))}"


def test_an_unknown_language_in_a_file_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(LanguageError) as expected:
        check_language("xx")
    tree(tmp_path, {"newslint.toml": 'language = "xx"\n'})
    with pytest.raises(ConfigError) as caught:
        Resolver(cwd=tmp_path).for_path("story.txt")
    assert str(caught.value) == f"{tmp_path / 'newslint.toml'}: language: {expected.value}"


def test_a_broken_config_in_a_subfolder_fails_when_that_folder_is_reached(tmp_path: Path) -> None:
    tree(tmp_path, {"good/newslint.toml": 'select = ["UI"]\n', "bad/newslint.toml": "selct = []\n"})
    resolver = Resolver(cwd=tmp_path)
    assert codes(resolver, "good/x.txt") == ["UI001", "UI002"]
    with pytest.raises(ConfigError, match=re.escape("bad/newslint.toml: unknown key 'selct'")):
        resolver.for_path("bad/x.txt")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            Overrides(select=("DUP", "NOPE")),
            "--select: unknown rule selector 'NOPE' (see `newslint rule --all`)",
        ),
        (
            Overrides(ignore=("repeated-captoin",)),
            "--ignore: unknown rule selector 'repeated-captoin' (did you mean 'repeated-caption'?)",
        ),
        (
            Overrides(extend_select=("ZZ",)),
            "--extend-select: unknown rule selector 'ZZ' (see `newslint rule --all`)",
        ),
        (Overrides(config_file="missing.toml"), "--config: no such file: missing.toml"),
        (Overrides(config_file="x.toml", isolated=True), "--config and --isolated cannot be used together"),
        (Overrides(exclude=("!",)), "--exclude: not a valid gitignore-style pattern: '!'"),
        (Overrides(extend_exclude=("\\",)), "--extend-exclude: not a valid gitignore-style pattern: '\\\\'"),
    ],
)
def test_command_line_errors_name_the_option(tmp_path: Path, overrides: Overrides, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Resolver(overrides, cwd=tmp_path)
    assert str(caught.value) == message


def test_a_bad_config_file_given_with_config_fails_at_once(tmp_path: Path) -> None:
    tree(tmp_path, {"ci.toml": "ignroe = []\n"})
    with pytest.raises(ConfigError) as caught:
        Resolver(Overrides(config_file="ci.toml"), cwd=tmp_path)
    assert str(caught.value) == f"{tmp_path / 'ci.toml'}: unknown key 'ignroe' (did you mean 'ignore'?)"


# Rule options ----------------------------------------------------------------------------------------

DUP003_TEXT = """\
Storm hits coast

The storm reached the coast on Monday night, officials said.

Enough is enough!
Enough is enough!

Crews worked through the night to restore power to homes.
"""
DUP004_TEXT = """\
Storm hits coast

Power was cut to thousands of homes.

The storm reached the coast on Monday night, officials said.

Power was cut to thousands of homes.
"""
DUP005_TEXT = """\
Budget vote held

The Parliament voted on the new government budget on Tuesday.

Opposition parties called the delay a sign of weakness.

The 0arliament voted on the new govemment budget on Tuesday.
"""

OPTION_CASES = [
    # (rule, [tool.newslint.rules.X] body, text, lines reported)
    ("DUP003", "", DUP003_TEXT, []),  # "Enough is enough!" has three words; four are needed
    ("DUP003", "min-words = 3", DUP003_TEXT, [6]),
    ("DUP004", "", DUP004_TEXT, []),  # seven words and 36 characters: too short by default
    ("DUP004", "min-words = 7", DUP004_TEXT, []),  # still under 80 characters
    ("DUP004", "min-words = 7\nmin-chars = 30", DUP004_TEXT, [7]),
    ("DUP004", "min-words = 8\nmin-chars = 30", DUP004_TEXT, []),
    ("DUP005", "", DUP005_TEXT, [7]),  # edit similarity 0.959
    ("DUP005", "min-similarity = 0.95", DUP005_TEXT, [7]),
    ("DUP005", "min-similarity = 0.96", DUP005_TEXT, []),
    # By name too.
    ("near-duplicate-line", "min-similarity = 0.96", DUP005_TEXT, []),
    ("repeated-line", "min-words = 3", DUP003_TEXT, [6]),
]


@pytest.mark.parametrize(("rule", "body", "text", "lines"), OPTION_CASES)
def test_rule_options_change_the_findings(
    tmp_path: Path, rule: str, body: str, text: str, lines: list[int]
) -> None:
    tree(tmp_path, {"newslint.toml": f"[rules.{rule}]\n{body}\n"})
    resolved = Resolver(Overrides(select=(rule,), language="en"), cwd=tmp_path).for_path("x.txt")
    findings = engine.lint(Document(text), resolved.rules, resolved.settings)
    assert [f.line for f in findings] == lines


def test_options_equal_to_their_default_leave_the_settings_equal(tmp_path: Path) -> None:
    tree(tmp_path, {"a/newslint.toml": "[rules.DUP005]\nmin-similarity = 0.9\n", "b/newslint.toml": ""})
    resolver = Resolver(cwd=tmp_path)
    assert resolver.for_path("a/x.txt") == resolver.for_path("b/x.txt")
    assert resolver.for_path("a/x.txt").settings.options == RuleOptions()


def test_the_settings_option_accessor_reads_the_value_or_the_default() -> None:
    settings = Settings(pack_set(), "en", RuleOptions.of([(MIN_SIMILARITY, 0.95)]))
    assert settings.options.get(MIN_SIMILARITY) == 0.95
    assert Settings(pack_set()).options.get(MIN_SIMILARITY) == 0.9


@pytest.mark.parametrize("option", OPTIONS, ids=lambda o: f"{o.code}-{o.name}")
def test_every_option_is_documented_in_its_rule_and_its_default_is_valid(option: Option[Any]) -> None:
    rule = BY_CODE[option.code]
    assert option in rule.options
    assert f"`{option.name}` (default {option.default}" in rule.section("Options"), (
        f"{rule.code}: its Options section must document `{option.name}` and its default"
    )
    assert option.parse(option.default) == option.default


def test_rules_without_options_have_no_options_section() -> None:
    for rule in RULES:
        assert bool(rule.section("Options")) == bool(rule.options), rule.code


def test_options_do_not_change_the_default_findings_on_the_rule_examples() -> None:
    """With every option at its default, each rule reports its Example as before (a guard for the
    thresholds that moved from structure.py into the rules)."""
    for rule in RULES:
        if not rule.options:
            continue
        example = rule.example("Example")
        assert example is not None
        found = engine.lint(Document(example), select_rules([rule.code]), Settings(pack_set(), "en"))
        assert found, rule.code


# `newslint config` -----------------------------------------------------------------------------------

CONFIG_TREE = {
    "pyproject.toml": """\
[tool.newslint]
select = ["DUP", "UI"]
ignore = ["DUP002"]
extend-exclude = ["raw/"]
packs = ["site.yaml"]
language = "en"

[tool.newslint.per-file-ignores]
"data/*.txt" = ["UI002"]
"*.jsonl" = ["DUP"]

[tool.newslint.rules.DUP005]
min-similarity = 0.95
""",
    "site.yaml": WIDGET_PACK,
}


def test_describe_a_path(tmp_path: Path) -> None:
    tree(tmp_path, CONFIG_TREE)
    description = Resolver(cwd=tmp_path).describe("data/a.txt")
    builtin = [{"name": p.name, "path": p.path} for p in builtin_packs()]
    assert description == {
        "path": "data/a.txt",
        "config_file": str(tmp_path / "pyproject.toml"),
        "rules": ["DUP001", "DUP003", "DUP004", "DUP005", "DUP101", "DUP102", "UI001"],
        "packs": [*builtin, {"name": "mysite", "path": str(tmp_path / "site.yaml")}],
        "language": "en",
        "respect_gitignore": True,
        "exclude": [
            *(
                {"pattern": p, "relative_to": str(tmp_path)}
                for p in (".*", "venv/", "node_modules/", "__pycache__/")
            ),
            {"pattern": "raw/", "relative_to": str(tmp_path)},
        ],
        "per_file_ignores": {"data/*.txt": ["UI002"]},
        "options": {
            "DUP003": {"min-words": {"value": 4, "default": 4}},
            "DUP004": {"min-words": {"value": 12, "default": 12}, "min-chars": {"value": 80, "default": 80}},
            "DUP005": {"min-similarity": {"value": 0.95, "default": 0.9}},
        },
        "excluded": False,
    }
    assert Resolver(cwd=tmp_path).describe("raw/x.txt")["excluded"] is True
    assert Resolver(cwd=tmp_path).describe(".")["per_file_ignores"] == {}


def test_render_config_as_text_and_json(tmp_path: Path) -> None:
    tree(tmp_path, CONFIG_TREE)
    description = Resolver(cwd=tmp_path).describe("data/a.txt")
    packs = ", ".join(f"{p.name} ({p.path})" for p in builtin_packs())
    assert render(description) == (
        "path: data/a.txt\n"
        f"config file: {tmp_path / 'pyproject.toml'}\n"
        "rules (7): DUP001, DUP003, DUP004, DUP005, DUP101, DUP102, UI001\n"
        f"packs: {packs}, mysite ({tmp_path / 'site.yaml'})\n"
        "language: en\n"
        "respect-gitignore: true\n"
        f"exclude: .*, venv/, node_modules/, __pycache__/, raw/ (relative to {tmp_path})\n"
        "per-file-ignores:\n"
        '  "data/*.txt" = ["UI002"]\n'
        "rule options:\n"
        "  DUP003 min-words = 4 (default)\n"
        "  DUP004 min-words = 12 (default)\n"
        "  DUP004 min-chars = 80 (default)\n"
        "  DUP005 min-similarity = 0.95 (default: 0.9)\n"
        "skipped by folder walks: no\n"
    )
    assert json.loads(render(description, "json")) == description


def test_config_subcommand_runs_with_command_line_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(tmp_path, CONFIG_TREE)
    monkeypatch.chdir(tmp_path)
    parser = argparse.ArgumentParser(prog="newslint")
    newslint.config.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["config", "x.jsonl", "--select", "UI,DUP001", "--output-format", "json"])
    out = io.StringIO()
    assert newslint.config.run(args, out) == 0
    shown = json.loads(out.getvalue())
    assert (shown["path"], shown["rules"], shown["per_file_ignores"]) == (
        "x.jsonl",
        ["UI001", "UI002"],
        {"*.jsonl": ["DUP"]},
    )
    args = parser.parse_args(["config", "--isolated"])
    out = io.StringIO()
    newslint.config.run(args, out)
    assert "config file: none (defaults)\n" in out.getvalue()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], Overrides()),
        (
            ["--select", "DUP, UI", "--select", "ENC001", "--ignore", "DUP005", "--extend-select", "OCR002"],
            Overrides(select=("DUP", "UI", "ENC001"), ignore=("DUP005",), extend_select=("OCR002",)),
        ),
        (
            [
                "--exclude",
                "raw/,*.tmp",
                "--extend-exclude",
                "old/",
                "--no-respect-gitignore",
                "--force-exclude",
            ],
            Overrides(
                exclude=("raw/", "*.tmp"),
                extend_exclude=("old/",),
                respect_gitignore=False,
                force_exclude=True,
            ),
        ),
        (
            ["--pack", "a.yaml", "--language", "fr", "--config", "ci.toml"],
            Overrides(packs=("a.yaml",), language="fr", config_file="ci.toml"),
        ),
        (["--isolated", "--respect-gitignore"], Overrides(isolated=True, respect_gitignore=True)),
    ],
)
def test_overrides_from_the_command_line(argv: list[str], expected: Overrides) -> None:
    parser = argparse.ArgumentParser()
    newslint.config.add_override_arguments(parser)
    assert newslint.config.overrides_from_args(parser.parse_args(argv)) == expected


def test_an_empty_selector_list_on_the_command_line_is_an_error() -> None:
    parser = argparse.ArgumentParser()
    newslint.config.add_override_arguments(parser)
    with pytest.raises(ConfigError, match="--select needs at least one value"):
        newslint.config.overrides_from_args(parser.parse_args(["--select", " , "]))


# End to end through the command line ------------------------------------------------------------

DAMAGED = """\
Storm Cuts Power to Thousands on the Coast

Workers repair a power line in Brighton. (AFP)
Workers repair a power line in Brighton. (AFP)
TT

The storm cut power to thousands of homes on Tuesday, the minister's office said.
"""


def test_cli_nearest_config_per_subfolder(tmp_path: Path) -> None:
    from conftest import cli_in_process

    tree(
        tmp_path,
        {
            "a/newslint.toml": 'select = ["UI"]\n',
            "b/newslint.toml": 'select = ["DUP"]\n',
            "a/s.txt": DAMAGED,
            "b/s.txt": DAMAGED,
        },
    )
    code, out, _err = cli_in_process(["check", "--output-format", "json", "."], cwd=tmp_path)
    assert code == 1
    assert sorted((f["path"], f["code"]) for f in json.loads(out)) == [
        ("a/s.txt", "UI001"),
        ("b/s.txt", "DUP001"),
    ]


def test_cli_config_subcommand(tmp_path: Path) -> None:
    from conftest import cli_in_process

    tree(tmp_path, CONFIG_TREE)
    code, out, _err = cli_in_process(["config", "data/a.txt", "--output-format", "json"], cwd=tmp_path)
    assert code == 0
    assert json.loads(out)["rules"] == ["DUP001", "DUP003", "DUP004", "DUP005", "DUP101", "DUP102", "UI001"]

"""Which files a run checks: folder walks, globs, excludes, .gitignore files and --force-exclude.

Cases are data: a folder tree, what the command line says, and the files found, in order.
Folders are walked in sorted order (a folder's files before its subfolders), so output is stable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.config import Overrides, Resolver
from newslint.files import InputError, discover

TREE = [
    "a.txt",
    "b.text",
    "c.jsonl",
    "d.jsonl.gz",
    "e.parquet",
    "f.md",
    "G.TXT",
    "venv.txt",
    ".hidden.txt",
    ".hid/x.txt",
    ".hid/inner/.deeper/z.txt",
    ".hid/inner/y.txt",
    "node_modules/x.txt",
    "venv/x.txt",
    "__pycache__/x.txt",
    "raw/r.txt",
    "sub/deeper/y.txt",
    "sub/s.txt",
]
# What a walk of the tree finds with no configuration at all.
DEFAULT_FOUND = [
    "G.TXT",
    "a.txt",
    "b.text",
    "c.jsonl",
    "d.jsonl.gz",
    "e.parquet",
    "venv.txt",
    "raw/r.txt",
    "sub/s.txt",
    "sub/deeper/y.txt",
]


def make(root: Path, files: list[str], texts: dict[str, str] | None = None) -> Path:
    for name in [*files, *(texts or {})]:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((texts or {}).get(name, ""), encoding="utf-8")
    return root


def found(root: Path, paths: list[str], overrides: Overrides | None = None) -> list[str]:
    errors: list[str] = []
    result = list(Resolver(overrides, cwd=root).discover(paths, errors))
    assert errors == []
    return result


def test_a_walk_takes_text_files_and_corpora_and_skips_hidden_and_tool_folders(tmp_path: Path) -> None:
    make(tmp_path, TREE)
    assert found(tmp_path, ["."]) == list(DEFAULT_FOUND)
    assert found(tmp_path, ["sub"]) == ["sub/s.txt", "sub/deeper/y.txt"]
    # A named hidden folder is walked; what it holds is matched from it (.deeper is still hidden).
    assert found(tmp_path, [".hid"]) == [".hid/x.txt", ".hid/inner/y.txt"]
    assert found(tmp_path, ["sub/"]) == ["sub/s.txt", "sub/deeper/y.txt"]
    assert found(tmp_path, [str(tmp_path / "sub")]) == [
        str(tmp_path / "sub/s.txt"),
        str(tmp_path / "sub/deeper/y.txt"),
    ]


def test_the_plain_discover_keeps_its_text_only_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """split and learn use files.discover directly: text files only, no configuration."""
    make(tmp_path, TREE)
    monkeypatch.chdir(tmp_path)
    text_only = [name for name in DEFAULT_FOUND if name.lower().endswith((".txt", ".text"))]
    assert list(discover(["."])) == list(text_only)
    assert list(discover([".hid"])) == [".hid/x.txt", ".hid/inner/y.txt"]


# Excludes: configuration and command line ---------------------------------------------------------

EXCLUDE_CASES = [
    # (configuration file text, overrides, what a walk of "." finds besides the defaults' files)
    # extend-exclude adds to the defaults: a folder pattern, an anchored file, a suffix anywhere.
    (
        'extend-exclude = ["raw/", "/a.txt", "*.jsonl*"]',
        None,
        ["G.TXT", "b.text", "e.parquet", "venv.txt", "sub/s.txt", "sub/deeper/y.txt"],
    ),
    # An anchored pattern matches only from the configuration's folder.
    ('extend-exclude = ["/s.txt", "deeper"]', None, [n for n in DEFAULT_FOUND if n != "sub/deeper/y.txt"]),
    ('extend-exclude = ["sub/s.txt"]', None, [n for n in DEFAULT_FOUND if n != "sub/s.txt"]),
    # exclude replaces the defaults: hidden and tool folders are walked again.
    (
        'exclude = ["raw/", "sub/", "venv.txt"]',
        None,
        [
            ".hidden.txt",
            "G.TXT",
            "a.txt",
            "b.text",
            "c.jsonl",
            "d.jsonl.gz",
            "e.parquet",
            ".hid/x.txt",
            ".hid/inner/y.txt",
            ".hid/inner/.deeper/z.txt",
            "__pycache__/x.txt",
            "node_modules/x.txt",
            "venv/x.txt",
        ],
    ),
    # The command line's --exclude replaces the file's exclude; its --extend-exclude adds to both.
    (
        'exclude = ["raw/"]',
        Overrides(exclude=(".*", "*/", "*.txt")),
        ["G.TXT", "b.text", "c.jsonl", "d.jsonl.gz", "e.parquet"],  # case-sensitive, as git is
    ),
    (
        'extend-exclude = ["raw/"]',
        Overrides(extend_exclude=("sub/", "*.TXT")),
        ["a.txt", "b.text", "c.jsonl", "d.jsonl.gz", "e.parquet", "venv.txt"],
    ),
    # A negated pattern takes a file back within its own list.
    (
        'extend-exclude = ["*.txt", "!a.txt"]',
        None,
        ["G.TXT", "a.txt", "b.text", "c.jsonl", "d.jsonl.gz", "e.parquet"],
    ),
]


@pytest.mark.parametrize(("config", "overrides", "expected"), EXCLUDE_CASES)
def test_exclude_and_extend_exclude(
    tmp_path: Path, config: str, overrides: Overrides | None, expected: list[str]
) -> None:
    make(tmp_path, TREE, {"newslint.toml": config + "\n"})
    assert found(tmp_path, ["."], overrides) == list(expected)


def test_command_line_patterns_are_relative_to_the_working_folder(tmp_path: Path) -> None:
    make(tmp_path / "proj", TREE)
    (tmp_path / "proj/newslint.toml").write_text('extend-exclude = ["/sub/deeper/"]\n', encoding="utf-8")
    overrides = Overrides(extend_exclude=("/proj/raw/",))
    assert found(tmp_path, ["proj/raw", "proj/sub"]) == ["proj/raw/r.txt", "proj/sub/s.txt"]
    assert found(tmp_path, ["proj"], overrides) == [
        f"proj/{n}" for n in DEFAULT_FOUND if n not in ("raw/r.txt", "sub/deeper/y.txt")
    ]


def test_each_folder_follows_its_nearest_config_excludes(tmp_path: Path) -> None:
    make(
        tmp_path,
        TREE,
        {
            "newslint.toml": 'extend-exclude = ["s.txt", "raw/"]\n',
            # sub has its own configuration: the root's excludes do not reach into it.
            "sub/newslint.toml": 'extend-exclude = ["y.txt"]\n',
        },
    )
    assert found(tmp_path, ["."]) == [n for n in DEFAULT_FOUND if n not in ("raw/r.txt", "sub/deeper/y.txt")]
    # The same from inside sub, and when sub's files are reached by a glob.
    assert found(tmp_path / "sub", ["."]) == ["s.txt"]
    assert found(tmp_path, ["**/*.txt"]) == ["a.txt", "sub/s.txt", "venv.txt"]


# .gitignore ------------------------------------------------------------------------------------------

GIT_TREE = {
    ".gitignore": "# comment\n*.log.txt\nbuild/\nskip*.txt\n/top-only.txt\n",
    ".git/info/exclude": "private.txt\n",
    "sub/.gitignore": "local.txt\n!skip-kept.txt\n",
}
GIT_FILES = [
    "a.txt",
    "run.log.txt",
    "top-only.txt",
    "private.txt",
    "skip-1.txt",
    "build/b.txt",
    "sub/top-only.txt",
    "sub/local.txt",
    "sub/skip-2.txt",
    "sub/skip-kept.txt",
    "sub/deeper/local.txt",
    "sub/deeper/private.txt",
]
GIT_FOUND = ["a.txt", "sub/skip-kept.txt", "sub/top-only.txt"]


@pytest.mark.parametrize(
    ("config", "overrides", "expected"),
    [
        ("", None, GIT_FOUND),
        ("", Overrides(respect_gitignore=False), sorted(GIT_FILES, key=lambda p: (p.count("/"), p))),
        ("respect-gitignore = false", None, sorted(GIT_FILES, key=lambda p: (p.count("/"), p))),
        # The command line wins over the file.
        ("respect-gitignore = false", Overrides(respect_gitignore=True), GIT_FOUND),
    ],
)
def test_gitignore_files_are_respected_unless_turned_off(
    tmp_path: Path, config: str, overrides: Overrides | None, expected: list[str]
) -> None:
    make(tmp_path, GIT_FILES, {**GIT_TREE, "newslint.toml": config + "\n"})
    assert found(tmp_path, ["."], overrides) == list(expected)


def test_gitignore_files_of_the_folders_above_a_walked_folder_apply(tmp_path: Path) -> None:
    make(tmp_path, GIT_FILES, GIT_TREE)
    assert found(tmp_path, ["sub"]) == ["sub/skip-kept.txt", "sub/top-only.txt"]
    assert found(tmp_path / "sub", ["."]) == ["skip-kept.txt", "top-only.txt"]
    assert found(tmp_path, ["sub/*"]) == ["sub/skip-kept.txt", "sub/top-only.txt"]


def test_gitignore_files_outside_a_repository_do_not_count(tmp_path: Path) -> None:
    make(tmp_path, GIT_FILES, {".gitignore": GIT_TREE[".gitignore"]})
    assert found(tmp_path, ["."]) == [p for p in sorted(GIT_FILES, key=lambda p: (p.count("/"), p))]


def test_a_nested_repository_starts_its_own_gitignore_chain(tmp_path: Path) -> None:
    make(
        tmp_path,
        ["a.log.txt", "inner/a.log.txt", "inner/b.txt"],
        {**GIT_TREE, "inner/.git": "gitdir: ../x\n"},
    )
    (tmp_path / "inner/.gitignore").write_text("b.txt\n", encoding="utf-8")
    assert found(tmp_path, ["."]) == ["inner/a.log.txt"]


# Named paths and --force-exclude ------------------------------------------------------------------

NAMED_CASES = [
    # (path named on the command line, found without --force-exclude, found with it)
    ("node_modules/x.txt", ["node_modules/x.txt"], []),
    (".hid/x.txt", [".hid/x.txt"], []),
    ("raw/r.txt", ["raw/r.txt"], []),  # extend-exclude = ["raw/"]: a folder above the file
    ("sub/deeper/y.txt", ["sub/deeper/y.txt"], []),  # extend-exclude = ["y.txt"]
    ("f.md", ["f.md"], ["f.md"]),  # a named file is read whatever its name
    ("ignored.txt", ["ignored.txt"], ["ignored.txt"]),  # .gitignore does not apply to named files
    # A named folder is walked even when excluded (what it holds is matched on its own) ...
    ("raw", ["raw/r.txt"], []),
    (".hid", [".hid/x.txt"], []),  # .hid/inner/y.txt: y.txt is excluded, .deeper is hidden
    ("build", ["build/b.txt"], ["build/b.txt"]),  # build/ is in .gitignore
]


@pytest.mark.parametrize(("path", "plain", "forced"), NAMED_CASES)
def test_named_paths_are_checked_even_when_excluded_unless_force_exclude(
    tmp_path: Path, path: str, plain: list[str], forced: list[str]
) -> None:
    make(
        tmp_path,
        [*TREE, "ignored.txt", "build/b.txt"],
        {
            "newslint.toml": 'extend-exclude = ["raw/", "y.txt"]\n',
            ".gitignore": "ignored.txt\nbuild/\n",
            ".git/HEAD": "",
        },
    )
    assert found(tmp_path, [path]) == plain
    assert found(tmp_path, [path], Overrides(force_exclude=True)) == forced


# Globs ---------------------------------------------------------------------------------------------

GLOB_CASES = [
    ("**/*.txt", ["a.txt", "raw/r.txt", "sub/deeper/y.txt", "sub/s.txt", "venv.txt"]),  # case-sensitive
    ("*.jsonl*", ["c.jsonl", "d.jsonl.gz"]),
    ("sub/*/y.txt", ["sub/deeper/y.txt"]),
    ("s?b", ["sub/s.txt", "sub/deeper/y.txt"]),  # a matching folder is walked
    ("[ab].*", ["a.txt", "b.text"]),
    ("*.md", ["f.md"]),  # what a glob matches is taken whatever its suffix
    (".hid/*.txt", [".hid/x.txt"]),  # the glob's fixed part is named, as a folder would be
    (".hid/**/*.txt", [".hid/inner/y.txt", ".hid/x.txt"]),  # below it, hidden is hidden
    ("*/x.txt", []),  # node_modules, venv and __pycache__ are excluded below the glob's start
]


@pytest.mark.parametrize(("pattern", "expected"), GLOB_CASES)
def test_a_path_that_does_not_exist_but_has_glob_characters_is_expanded(
    tmp_path: Path, pattern: str, expected: list[str]
) -> None:
    make(tmp_path, TREE)
    assert found(tmp_path, [pattern]) == expected


def test_a_glob_that_matches_nothing_is_a_missing_path(tmp_path: Path) -> None:
    make(tmp_path, TREE)
    resolver = Resolver(cwd=tmp_path)
    with pytest.raises(InputError) as caught:
        list(resolver.discover(["nothing/**/*.txt"], []))
    assert str(caught.value) == "nothing/**/*.txt: no such file or folder (no path matches the pattern)"
    with pytest.raises(InputError) as caught:
        list(resolver.discover(["nope.txt"], []))
    assert str(caught.value) == "nope.txt: no such file or folder"


def test_an_existing_path_with_glob_characters_is_taken_as_it_is(tmp_path: Path) -> None:
    make(tmp_path, ["[draft].txt", "d.txt"])
    assert found(tmp_path, ["[draft].txt"]) == ["[draft].txt"]


# Order, duplicates, standard input ----------------------------------------------------------------


def test_inputs_keep_their_order_each_file_once_and_stdin_passes_through(tmp_path: Path) -> None:
    make(tmp_path, TREE)
    assert found(tmp_path, ["sub", "-", "a.txt", "sub/s.txt", "./a.txt", "*.txt"]) == [
        "sub/s.txt",
        "sub/deeper/y.txt",
        "-",
        "a.txt",
        "venv.txt",  # the glob *.txt: a.txt was found already, G.TXT does not match (case)
    ]


def test_paths_are_relative_to_the_resolver_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path / "proj", TREE)
    monkeypatch.chdir(tmp_path / "proj" / "sub")  # the process's folder does not matter
    assert found(tmp_path / "proj", ["sub", "raw/*"]) == ["sub/s.txt", "sub/deeper/y.txt", "raw/r.txt"]

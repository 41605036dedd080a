"""Configuration: `[tool.newslint]` in pyproject.toml, or `newslint.toml` / `.newslint.toml`.

**The nearest file to each input wins**: it is looked for from the input's own folder upward (in
one folder: .newslint.toml, then newslint.toml, then a pyproject.toml with a [tool.newslint]
table), so files in different subfolders may get different configurations; files are not merged.
The command line wins over the file. Every key is checked: an error names the file, the key and
what was expected (`pyproject.toml: tool.newslint.select: expected a list of rule selectors, got a
string`), and a mistyped key gets a suggestion.

    [tool.newslint]
    select = ["DUP", "UI", "OCR001"]   # codes, prefixes, rule names or ALL; default: the default rules
    extend-select = ["OCR002"]         # added to the selection (or to the defaults)
    ignore = ["ART001"]                # taken away from it
    per-file-ignores = {"archive/*.txt" = ["DUP005"]}  # gitignore-style pattern -> selectors
    exclude = [".*", "venv/"]          # replaces the default excludes (gitignore-style patterns)
    extend-exclude = ["raw/"]          # added to them
    packs = ["rules/mysite.yaml"]      # extra rule packs
    language = "en"                    # the lexicon's language (default: "auto", per document)
    respect-gitignore = true           # skip what .gitignore files ignore (default: true)

    [tool.newslint.rules.DUP005]       # a rule's options, by code or by name
    min-similarity = 0.95

Paths and patterns in a file are relative to its folder; the command line's are relative to the
working folder.

The API the command line uses:

    resolver = Resolver(Overrides(select=("DUP",), force_exclude=True), cwd=Path.cwd())
    for path in resolver.discover(["scrapes/"], errors):   # folders, files, globs, "-"
        resolved = resolver.for_path(path)                 # Resolved(rules, settings, config_path)
    print(render(resolver.describe("scrapes/a.txt"), "text"))   # `newslint config PATH`

`for_path` is memoised per folder and per distinct result: equal configurations give the same
Resolved object (its config_path does not take part in equality, so files whose configurations
mean the same can share one task). Every error is a ConfigError (a PackError for a pack file that
is not a valid pack; InputError from `discover` for a path that does not exist).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newslint.checks.base import Option, OptionValue, Rule, RuleOptions, Settings, describe_value
from newslint.codes import (
    OPTIONS,
    RULES,
    Selection,
    SelectionError,
    check_selector,
    did_you_mean,
    resolve_selection,
    rule_named,
    without,
)
from newslint.files import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, GitIgnores, Patterns, discover
from newslint.lexicon import LanguageError, check_language
from newslint.packs import Pack, PackSet, builtin_packs, load_pack

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = (".newslint.toml", "newslint.toml", "pyproject.toml")
KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "extend-exclude",
    "packs",
    "language",
    "respect-gitignore",
    "rules",
)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file, the key and what was expected."""


@dataclass(frozen=True)
class FileConfig:
    """One configuration file, checked; paths in it made absolute, patterns left as written."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()
    language: str | None = None
    respect_gitignore: bool | None = None
    options: tuple[tuple[Option[Any], OptionValue], ...] = ()


# Reading files -------------------------------------------------------------------------------------


def _key(*parts: str | int) -> str:
    """A dotted TOML key as a user would write it: tool.newslint.per-file-ignores."data/*.txt"."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
            out += f".{text}" if out else text
    return out


@dataclass
class _Reader:
    """Checks one file's table; every error names the file and the key."""

    path: Path
    prefix: tuple[str, ...]  # ("tool", "newslint") in pyproject.toml

    def error(self, parts: Sequence[str | int], message: str) -> ConfigError:
        key = _key(*self.prefix, *parts)
        return ConfigError(f"{self.path}: {key}: {message}" if key else f"{self.path}: {message}")

    def strings(self, parts: Sequence[str | int], value: object, what: str, one: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.error(parts, f"expected a list of {what}, got {describe_value(value)}")
        for n, item in enumerate(value):
            if not isinstance(item, str):
                raise self.error([*parts, n], f"expected {one} (a string), got {describe_value(item)}")
        return tuple(value)

    def selectors(self, parts: Sequence[str | int], value: object) -> tuple[str, ...]:
        selectors = self.strings(parts, value, "rule selectors", "a rule selector")
        for selector in selectors:
            try:
                check_selector(selector)
            except SelectionError as exc:
                raise self.error(parts, str(exc)) from None
        return selectors

    def patterns(self, parts: Sequence[str | int], value: object) -> tuple[str, ...]:
        patterns = self.strings(parts, value, "gitignore-style patterns", "a pattern")
        for n, pattern in enumerate(patterns):
            problem = pattern_problem(pattern)
            if problem:
                raise self.error([*parts, n], problem)
        return patterns


def pattern_problem(pattern: str) -> str | None:
    """Why a gitignore-style pattern cannot be used, or None when it can."""
    try:
        Patterns([pattern], os.sep)
    except (ValueError, re.error):
        return f"not a valid gitignore-style pattern: {pattern!r}"
    return None


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 (byte 0x{exc.object[exc.start]:02x})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _tool_table(data: dict[str, Any]) -> object:
    tool = data.get("tool")
    return tool.get("newslint") if isinstance(tool, dict) else None


def load_config(path: Path, data: dict[str, Any] | None = None) -> FileConfig:
    """Read and check one configuration file (a pyproject.toml's [tool.newslint], or a whole file)."""
    data = _load_toml(path) if data is None else data
    if path.name == "pyproject.toml":
        reader = _Reader(path, ("tool", "newslint"))
        table = _tool_table(data)
        if table is None:
            raise ConfigError(f"{path}: no [tool.newslint] table")
        if not isinstance(table, dict):
            raise reader.error([], f"expected a table, got {describe_value(table)}")
    else:
        reader, table = _Reader(path, ()), data
    for key in table:
        if key not in KEYS:
            where = f"{path}: {_key(*reader.prefix)}" if reader.prefix else str(path)
            hint = did_you_mean(key, KEYS) or f" (expected one of: {', '.join(KEYS)})"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")
    folder = path.parent.absolute()

    select = None
    if "select" in table:
        select = reader.selectors(["select"], table["select"])
        if not select:
            raise reader.error(["select"], "expected at least one rule selector (an empty list runs no rule)")
    per_file_ignores = _per_file_ignores(reader, table.get("per-file-ignores", {}))
    exclude = reader.patterns(["exclude"], table["exclude"]) if "exclude" in table else None
    packs = reader.strings(["packs"], table.get("packs", []), "rule pack files", "a rule pack file")
    for n, pack in enumerate(packs):
        if not (folder / pack).is_file():
            raise reader.error(["packs", n], f"no such rule pack: {pack} (looked in {folder})")
    language = table.get("language")
    if language is not None:
        if not isinstance(language, str):
            raise reader.error(["language"], f"expected a language code, got {describe_value(language)}")
        try:
            check_language(language)
        except LanguageError as exc:
            raise reader.error(["language"], str(exc)) from None
    respect_gitignore = table.get("respect-gitignore")
    if respect_gitignore is not None and not isinstance(respect_gitignore, bool):
        raise reader.error(
            ["respect-gitignore"], f"expected true or false, got {describe_value(respect_gitignore)}"
        )
    return FileConfig(
        path=str(path),
        select=select,
        extend_select=reader.selectors(["extend-select"], table.get("extend-select", [])),
        ignore=reader.selectors(["ignore"], table.get("ignore", [])),
        per_file_ignores=per_file_ignores,
        exclude=exclude,
        extend_exclude=reader.patterns(["extend-exclude"], table.get("extend-exclude", [])),
        packs=tuple(str(folder / pack) for pack in packs),
        language=language,
        respect_gitignore=respect_gitignore,
        options=_rule_options(reader, table.get("rules", {})),
    )


def _per_file_ignores(reader: _Reader, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    key = "per-file-ignores"
    if not isinstance(value, dict):
        raise reader.error(
            [key], f"expected a table of pattern = [rule selectors], got {describe_value(value)}"
        )
    entries = []
    for pattern, selectors in value.items():
        if pattern.startswith("!"):
            raise reader.error([key, pattern], "a pattern cannot start with '!' here")
        problem = pattern_problem(pattern)
        if problem:
            raise reader.error([key, pattern], problem)
        entries.append((pattern, reader.selectors([key, pattern], selectors)))
    return tuple(entries)


def _rule_options(reader: _Reader, value: object) -> tuple[tuple[Option[Any], OptionValue], ...]:
    if not isinstance(value, dict):
        raise reader.error(
            ["rules"], f"expected a table of rule = {{option = value}}, got {describe_value(value)}"
        )
    chosen: list[tuple[Option[Any], OptionValue]] = []
    seen: dict[str, str] = {}  # code -> the key that configured it
    for key, options in value.items():
        rule = rule_named(key)
        if rule is None:
            hint = did_you_mean(key, [r.code for r in RULES] + [r.name for r in RULES])
            raise reader.error(["rules"], f"unknown rule {key!r}{hint or ' (see `newslint rule --all`)'}")
        if rule.code in seen:
            raise reader.error(
                ["rules", key], f"{rule.code} is configured twice (also as {seen[rule.code]!r})"
            )
        seen[rule.code] = key
        if not rule.options:
            with_options = ", ".join(sorted({option.code for option in OPTIONS}))
            raise reader.error(
                ["rules", key], f"{rule.code} has no options (rules that have: {with_options})"
            )
        if not isinstance(options, dict):
            raise reader.error(["rules", key], f"expected a table of options, got {describe_value(options)}")
        for name, raw in options.items():
            option = rule.option(name)
            if option is None:
                names = [o.name for o in rule.options]
                hint = did_you_mean(name, names) or f" ({rule.code}'s options: {', '.join(names)})"
                raise reader.error(["rules", key], f"unknown option {name!r}{hint}")
            try:
                chosen.append((option, option.parse(raw)))
            except ValueError as exc:
                raise reader.error(["rules", key, name], str(exc)) from None
    return tuple(chosen)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in `start` or a folder above it."""
    for folder in (start.absolute(), *start.absolute().parents):
        found = _config_in(folder, {})
        if found is not None:
            return found
    return None


def _config_in(folder: Path, cache: dict[Path, dict[str, Any]]) -> Path | None:
    for name in CONFIG_FILES:
        candidate = folder / name
        if not candidate.is_file():
            continue
        if name != "pyproject.toml":
            return candidate
        cache[candidate] = _load_toml(candidate)
        if _tool_table(cache[candidate]) is not None:
            return candidate
    return None


def discover_config(start: Path | None = None) -> FileConfig:
    """The nearest configuration to `start` (default: the working folder), or an empty one."""
    path = find_config(start or Path.cwd())
    return load_config(path) if path is not None else FileConfig()


# Resolving -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overrides:
    """What the command line says; each field left at its default leaves the files' value alone.

    Selectors are split on commas already; paths and patterns are relative to the resolver's cwd.
    """

    select: tuple[str, ...] | None = None  # replaces the file's select, extend-select and ignore
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None  # replaces the file's exclude (and the defaults)
    extend_exclude: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()  # added to the file's packs
    language: str | None = None
    config_file: str | None = None  # one configuration file for every input
    isolated: bool = False  # no configuration file at all
    force_exclude: bool = False  # excludes apply to paths named on the command line too
    respect_gitignore: bool | None = None


@dataclass(frozen=True)
class Resolved:
    """What applies to one input: its rules (per-file-ignores applied), its settings, and the
    configuration file they came from (informational: it takes no part in equality)."""

    rules: tuple[Rule, ...]
    settings: Settings
    config_path: str | None = field(default=None, compare=False)


@dataclass
class _Scope:
    """Everything one configuration file (or none) gives, before per-file-ignores."""

    config: FileConfig
    folder: str  # what the file's relative paths and patterns are relative to
    rules: tuple[Rule, ...]
    settings: Settings
    exclude: tuple[Patterns, ...]
    respect_gitignore: bool
    per_file_ignores: tuple[tuple[str, Patterns, tuple[str, ...]], ...]
    results: dict[tuple[int, ...], Resolved] = field(default_factory=dict)


class Resolver:
    """The configuration of every input, from the command line's Overrides and the files near it."""

    def __init__(self, overrides: Overrides | None = None, cwd: str | os.PathLike[str] | None = None) -> None:
        self.overrides = overrides = overrides or Overrides()
        self.cwd = os.path.abspath(cwd if cwd is not None else os.getcwd())
        self._nearest: dict[str, str | None] = {}  # folder -> its nearest configuration file
        self._toml: dict[Path, dict[str, Any]] = {}
        self._configs: dict[str | None, FileConfig] = {None: FileConfig()}
        self._scopes: dict[str | None, _Scope] = {}
        self._folders: dict[str, _Scope] = {}  # absolute folder -> its scope
        self._written: dict[str, _Scope] = {}  # folder as an input names it -> its scope
        self._pack_files: dict[str, Pack] = {}
        self._pack_sets: dict[tuple[str, ...], PackSet] = {}
        self._interned: dict[tuple[str | None, tuple[Rule, ...], Settings], Resolved] = {}
        self._gitignores = GitIgnores()

        cli = Selection(overrides.select, overrides.extend_select, overrides.ignore)
        for option, selectors in (
            ("--select", cli.select or ()),
            ("--extend-select", cli.extend_select),
            ("--ignore", cli.ignore),
        ):
            for selector in selectors:
                try:
                    check_selector(selector)
                except SelectionError as exc:
                    raise ConfigError(f"{option}: {exc}") from None
        if overrides.language is not None:
            try:
                check_language(overrides.language)
            except LanguageError as exc:
                raise ConfigError(f"--language: {exc}") from None
        for flag, patterns in (
            ("--exclude", overrides.exclude or ()),
            ("--extend-exclude", overrides.extend_exclude),
        ):
            for pattern in patterns:
                problem = pattern_problem(pattern)
                if problem:
                    raise ConfigError(f"{flag}: {problem}")
        self._cli_packs = tuple(os.path.join(self.cwd, pack) for pack in overrides.packs)
        for pack in self._cli_packs:
            self._load_pack(pack)
        self._cli_exclude = None if overrides.exclude is None else Patterns(overrides.exclude, self.cwd)
        self._cli_extend_exclude = Patterns(overrides.extend_exclude, self.cwd)
        self._fixed: str | None = None
        if overrides.config_file is not None:
            if overrides.isolated:
                raise ConfigError("--config and --isolated cannot be used together")
            config = Path(self.cwd, overrides.config_file)
            if not config.is_file():
                raise ConfigError(f"--config: no such file: {overrides.config_file}")
            self._fixed = str(config)
            self._config(self._fixed)  # a bad file is an error before anything is read

    # The API ---------------------------------------------------------------------------------------

    def for_path(self, path: str) -> Resolved:
        """The configuration of one input ("-" for standard input: the working folder's)."""
        if path == "-":
            return self._result(self._scope_of(self.cwd), ())
        folder = os.path.dirname(path)  # memoised as written: this runs once per input
        scope = self._written.get(folder)
        if scope is None:
            scope = self._written[folder] = self._scope_of(os.path.normpath(os.path.join(self.cwd, folder)))
        if not scope.per_file_ignores:
            return self._result(scope, ())
        absolute = os.path.normpath(os.path.join(self.cwd, path))
        matched = tuple(
            n
            for n, (_, patterns, _) in enumerate(scope.per_file_ignores)
            if patterns.matches(absolute, False)
        )
        return self._result(scope, matched)

    def discover(self, paths: Sequence[str], errors: list[str]) -> Iterator[str]:
        """The inputs to check, in order: named files, "-", what folders hold and globs match.

        Folder walks take the files whose names end with DEFAULT_INCLUDE's suffixes and skip what
        each folder's nearest configuration excludes (exclude, extend-exclude, and .gitignore
        files unless respect-gitignore is off). A named file or folder is kept even when
        excluded, unless force_exclude. Raises InputError for a path that does not exist or a
        glob that matches nothing; a folder that cannot be read is added to `errors`.
        """
        skip = self.is_excluded if self.overrides.force_exclude else None
        return discover(
            paths,
            errors,
            include=DEFAULT_INCLUDE,
            excluded=self._excluded,
            skip_named=skip,
            expand_globs=True,
            cwd=self.cwd,
        )

    def is_excluded(self, path: str) -> bool:
        """Whether the exclude patterns of `path`'s configuration match it or a folder above it (up
        to the configuration's folder): what --force-exclude skips. .gitignore files do not count
        here: a file named on the command line is tracked or meant to be checked."""
        absolute = os.path.normpath(os.path.join(self.cwd, path))
        scope = self._scope_of(os.path.dirname(absolute))
        is_dir = os.path.isdir(absolute)
        return any(patterns.matches(absolute, is_dir) for patterns in scope.exclude)

    def describe(self, path: str) -> dict[str, Any]:
        """What applies to `path`, for `newslint config` (see `render`)."""
        absolute = self.cwd if path == "-" else os.path.normpath(os.path.join(self.cwd, path))
        is_dir = path != "-" and os.path.isdir(absolute)
        scope = self._scope_of(absolute if is_dir else os.path.dirname(absolute))
        resolved = self._result(scope, ()) if is_dir else self.for_path(path)
        values = {(code, name): value for code, name, value in resolved.settings.options.values}
        options: dict[str, dict[str, dict[str, OptionValue]]] = {}
        for option in OPTIONS:
            value = values.get((option.code, option.name), option.default)
            options.setdefault(option.code, {})[option.name] = {"value": value, "default": option.default}
        return {
            "path": path,
            "config_file": scope.config.path,
            "rules": [rule.code for rule in resolved.rules],
            "packs": [{"name": pack.name, "path": pack.path} for pack in resolved.settings.packs.packs],
            "language": resolved.settings.language,
            "respect_gitignore": scope.respect_gitignore,
            "exclude": [
                {"pattern": pattern, "relative_to": patterns.base}
                for patterns in scope.exclude
                for pattern in patterns.patterns
            ],
            "per_file_ignores": {
                pattern: list(selectors)
                for pattern, patterns, selectors in scope.per_file_ignores
                if not is_dir and path != "-" and patterns.matches(absolute, False)
            },
            "options": options,
            "excluded": path != "-" and self._walk_skips(absolute, is_dir),
        }

    # Configuration files ---------------------------------------------------------------------------

    def _config_path(self, folder: str) -> str | None:
        if self.overrides.isolated:
            return None
        if self._fixed is not None:
            return self._fixed
        visited: list[str] = []
        current, found = folder, None
        while True:
            if current in self._nearest:
                found = self._nearest[current]
                break
            visited.append(current)
            candidate = _config_in(Path(current), self._toml)
            if candidate is not None:
                found = str(candidate)
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for seen in visited:
            self._nearest[seen] = found
        return found

    def _config(self, path: str | None) -> FileConfig:
        if path not in self._configs:
            assert path is not None
            config = Path(path)
            data = self._toml.get(config)
            if data is None and config.name != "pyproject.toml":
                data = _load_toml(config)
            self._configs[path] = load_config(config, data)
        return self._configs[path]

    def _scope_of(self, folder: str) -> _Scope:
        scope = self._folders.get(folder)
        if scope is None:
            path = self._config_path(folder)
            scope = self._scopes.get(path)
            if scope is None:
                scope = self._scopes[path] = self._make_scope(path)
            self._folders[folder] = scope
        return scope

    def _make_scope(self, path: str | None) -> _Scope:
        config = self._config(path)
        overrides = self.overrides
        folder = os.path.dirname(path) if path is not None else self.cwd
        rules = resolve_selection(
            [
                Selection(config.select, config.extend_select, config.ignore),
                Selection(overrides.select, overrides.extend_select, overrides.ignore),
            ]
        )
        settings = Settings(
            self._pack_set((*config.packs, *self._cli_packs)),
            overrides.language or config.language or "auto",
            RuleOptions.of(config.options),
        )
        if self._cli_exclude is not None:
            exclude = self._cli_exclude
        else:
            exclude = Patterns(DEFAULT_EXCLUDE if config.exclude is None else config.exclude, folder)
        excludes = (exclude, Patterns(config.extend_exclude, folder), self._cli_extend_exclude)
        respect = overrides.respect_gitignore
        return _Scope(
            config=config,
            folder=folder,
            rules=rules,
            settings=settings,
            exclude=tuple(patterns for patterns in excludes if patterns.patterns),
            respect_gitignore=respect if respect is not None else config.respect_gitignore is not False,
            per_file_ignores=tuple(
                (pattern, Patterns([pattern], folder), selectors)
                for pattern, selectors in config.per_file_ignores
            ),
        )

    def _result(self, scope: _Scope, matched: tuple[int, ...]) -> Resolved:
        result = scope.results.get(matched)
        if result is None:
            ignored = [s for n in matched for s in scope.per_file_ignores[n][2]]
            rules = without(scope.rules, ignored) if ignored else scope.rules
            key = (scope.config.path, rules, scope.settings)
            result = self._interned.setdefault(key, Resolved(rules, scope.settings, scope.config.path))
            scope.results[matched] = result
        return result

    def _load_pack(self, path: str) -> Pack:
        if path not in self._pack_files:
            self._pack_files[path] = load_pack(path)
        return self._pack_files[path]

    def _pack_set(self, paths: tuple[str, ...]) -> PackSet:
        key = tuple(os.path.normpath(path) for path in paths)
        if key not in self._pack_sets:
            self._pack_sets[key] = PackSet((*builtin_packs(), *(self._load_pack(path) for path in key)))
        return self._pack_sets[key]

    # Exclusion -------------------------------------------------------------------------------------

    def _excluded(self, path: str, is_dir: bool, root: str) -> bool:
        """Whether a walk from the named folder `root` skips `path` (absolute), by the configuration
        nearest to the folder that holds it."""
        folder = path[: path.rindex(os.sep)] or os.sep  # os.path.dirname, at a fraction of its cost
        scope = self._scope_of(folder)
        if any(patterns.matches(path, is_dir, root) for patterns in scope.exclude):
            return True
        return scope.respect_gitignore and self._gitignores.excluded(path, is_dir, root, folder)

    def _walk_skips(self, absolute: str, is_dir: bool) -> bool:
        """Whether a walk of the working folder (or of the path's own folder, outside it) skips it."""
        inside = absolute.startswith(os.path.join(self.cwd, ""))
        root = self.cwd if inside else os.path.dirname(absolute)
        steps = os.path.relpath(absolute, root).split(os.sep)
        current = root
        for n, step in enumerate(steps):
            current = os.path.join(current, step)
            if self._excluded(current, is_dir or n < len(steps) - 1, root):
                return True
        return False


# `newslint config` ---------------------------------------------------------------------------------


def render(description: dict[str, Any], output_format: str = "text") -> str:
    """`newslint config`'s output: what Resolver.describe found, as text or JSON."""
    if output_format == "json":
        return json.dumps(description, indent=2, ensure_ascii=False) + "\n"
    d = description
    lines = [
        f"path: {d['path']}",
        f"config file: {d['config_file'] or 'none (defaults)'}",
        f"rules ({len(d['rules'])}): {', '.join(d['rules']) or 'none'}",
        "packs: " + ", ".join(f"{p['name']} ({p['path']})" for p in d["packs"]),
        f"language: {d['language']}",
        f"respect-gitignore: {'true' if d['respect_gitignore'] else 'false'}",
    ]
    bases: dict[str, list[str]] = {}
    for entry in d["exclude"]:
        bases.setdefault(entry["relative_to"], []).append(entry["pattern"])
    lines.append(
        "exclude: "
        + (
            "; ".join(f"{', '.join(patterns)} (relative to {base})" for base, patterns in bases.items())
            or "none"
        )
    )
    if d["per_file_ignores"]:
        lines.append("per-file-ignores:")
        lines.extend(f"  {json.dumps(p)} = {json.dumps(s)}" for p, s in d["per_file_ignores"].items())
    else:
        lines.append("per-file-ignores: none for this path")
    lines.append("rule options:")
    for code, options in d["options"].items():
        for name, entry in options.items():
            note = " (default)" if entry["value"] == entry["default"] else f" (default: {entry['default']})"
            lines.append(f"  {code} {name} = {entry['value']}{note}")
    lines.append(f"skipped by folder walks: {'yes' if d['excluded'] else 'no'}")
    return "\n".join(lines) + "\n"


HELP = "show the configuration in force for a path"
DESCRIPTION = """\
Show the configuration newslint uses for a file or folder (default: the working folder): which
configuration file applies, the rules selected (as codes), packs, language, exclude patterns, the
per-file-ignores that match the path, every rule option with its default, and whether a folder
walk would skip the path."""


def _split(values: Sequence[str] | None, option: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    parts = tuple(part.strip() for value in values for part in value.split(",") if part.strip())
    if not parts:
        raise ConfigError(f"{option} needs at least one value")
    return parts


def add_override_arguments(parser: argparse.ArgumentParser) -> None:
    """The command-line options that Overrides holds (for check, fix and config)."""
    parser.add_argument(
        "--select", action="append", metavar="RULES", help="only these rules (replaces the config's)"
    )
    parser.add_argument("--extend-select", action="append", metavar="RULES", help="these rules as well")
    parser.add_argument("--ignore", action="append", metavar="RULES", help="leave these rules out")
    parser.add_argument("--pack", action="append", default=[], metavar="FILE", help="an extra YAML rule pack")
    parser.add_argument(
        "--language", metavar="LANG", help="the lexicon's language (default: auto, per document)"
    )
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="PATTERNS",
        help="gitignore-style patterns to skip (replaces the config's)",
    )
    parser.add_argument("--extend-exclude", action="append", metavar="PATTERNS", help="more patterns to skip")
    parser.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip what .gitignore files ignore (default: on)",
    )
    parser.add_argument(
        "--force-exclude", action="store_true", help="apply excludes to paths named on the command line too"
    )
    parser.add_argument("--config", metavar="FILE", help="use this configuration file for every input")
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")


def overrides_from_args(args: argparse.Namespace) -> Overrides:
    """Overrides from parsed options (those add_override_arguments adds; missing ones are defaults)."""

    def values(name: str, option: str) -> tuple[str, ...] | None:
        return _split(getattr(args, name, None), option)

    return Overrides(
        select=values("select", "--select"),
        extend_select=values("extend_select", "--extend-select") or (),
        ignore=values("ignore", "--ignore") or (),
        exclude=values("exclude", "--exclude"),
        extend_exclude=values("extend_exclude", "--extend-exclude") or (),
        packs=tuple(getattr(args, "pack", None) or ()),
        language=getattr(args, "language", None),
        config_file=getattr(args, "config", None),
        isolated=bool(getattr(args, "isolated", False)),
        force_exclude=bool(getattr(args, "force_exclude", False)),
        respect_gitignore=getattr(args, "respect_gitignore", None),
    )


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "config", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="a file or folder (default: .)")
    parser.add_argument("--output-format", choices=["text", "json"], default="text")
    add_override_arguments(parser)
    return parser


def run(args: argparse.Namespace, out: Any = None) -> int:
    """Run `newslint config`; ConfigError and PackError go up to the command line (exit 2)."""
    resolver = Resolver(overrides_from_args(args))
    if args.path != "-" and not os.path.lexists(args.path):  # a file to come: what it would get
        sys.stderr.write(
            f"newslint: warning: {args.path} does not exist; showing the configuration it would get\n"
        )
    (out or sys.stdout).write(render(resolver.describe(args.path), args.output_format))
    return 0

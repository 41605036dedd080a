"""Rule packs: YAML lists of the widget and boilerplate lines that news sites leak into scrapes.

A pack is data, not code (Vale's idea): a general pack ships with newslint, site packs sit beside it
(`rules/sites/aawsat.yaml`), and users add their own from the configuration or with `--pack`.
Every key is checked: a mistyped key is an error that names the file and the key.

    name: general                  # required: how findings and `newslint rule` name the pack
    description: ...               # optional
    widgets: [TT, A A, Share]      # UI001: a line that is only this, ignoring case and spacing
    bar-widgets: [Facebook, X]     # UI001 only inside a bar: a block whose every line is a widget
    boilerplate: [Advertisement]   # UI002: the same, for boilerplate lines
    boilerplate-patterns:          # UI002: regular expressions that must match the whole line
      - 'Read more: .{3,150}'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import regex
import yaml

ALLOWED_KEYS = frozenset(
    {"name", "description", "widgets", "bar-widgets", "boilerplate", "boilerplate-patterns"}
)

# Boilerplate is short; a pattern never looks at a line longer than this, so a user pattern cannot
# turn a paragraph of body text into a finding, and matching stays cheap.
MAX_PATTERN_LINE = 200
# Seconds one user pattern may spend on one line before the run stops with an error naming it.
PATTERN_TIMEOUT = 0.25
# How many answers PackSet.classify remembers before it forgets them all.
MAX_REMEMBERED_LINES = 50_000


class PackError(Exception):
    """A rule pack that cannot be used; the message names the file and what is wrong."""


class PatternTimeout(PackError):
    pass


def normalize_line(text: str) -> str:
    """The form in which lines are compared with pack entries: case and spacing do not matter.

    >>> normalize_line("  A\\u00a0 a ")
    'a a'
    """
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Pack:
    name: str
    path: str
    description: str
    widgets: frozenset[str]
    bar_widgets: frozenset[str]
    boilerplate: frozenset[str]
    patterns: tuple[str, ...]


class PackSet:
    """Every pack in force for a run, merged into one index for fast matching of whole lines."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.packs = tuple(packs)
        self.widgets: dict[str, str] = {}
        self.bar_widgets: dict[str, str] = {}
        self.boilerplate: dict[str, str] = {}
        for pack in reversed(self.packs):  # the first pack that lists an entry names it
            self.widgets.update(dict.fromkeys(pack.widgets, pack.name))
            self.bar_widgets.update(dict.fromkeys(pack.bar_widgets, pack.name))
            self.boilerplate.update(dict.fromkeys(pack.boilerplate, pack.name))
        # classify's answer for every listed line, in one look-up. A line listed under several
        # kinds takes the first of widget, bar-widget, boilerplate, as three look-ups in that order
        # would: later updates win.
        self._listed: dict[str, tuple[str, str]] = {}
        for kind, index in (
            ("boilerplate", self.boilerplate),
            ("bar-widget", self.bar_widgets),
            ("widget", self.widgets),
        ):
            self._listed.update((key, (kind, name)) for key, name in index.items())
        self._known: dict[str, tuple[str, str] | None] = {}  # classify's answers so far
        # No line longer than this can be listed: longer lines skip the pack lookup entirely.
        self.longest_line = max(
            [MAX_PATTERN_LINE if pack.patterns else 0 for pack in self.packs]
            + [len(entry) for entry in (*self.widgets, *self.bar_widgets, *self.boilerplate)],
            default=0,
        )
        # One compiled alternation per pack, except for patterns with backreferences, whose group
        # numbers an alternation would shift: those are compiled on their own.
        self.patterns: tuple[tuple[Pack, regex.Pattern[str]], ...] = tuple(
            (pack, regex.compile("|".join(f"(?:{p})" for p in group), regex.IGNORECASE | regex.V1))
            for pack in self.packs
            for group in _pattern_groups(pack.patterns)
        )

    def classify(self, text: str) -> tuple[str, str] | None:
        """("widget" | "bar-widget" | "boilerplate", pack name) when the whole line is one, else None."""
        # Short lines recur across the documents of a run (site chrome, datelines, syndicated
        # copies), and the answer depends on the text alone: each distinct line is matched once.
        if text in self._known:
            return self._known[text]
        answer = self._match(text)
        if len(self._known) >= MAX_REMEMBERED_LINES:
            self._known.clear()  # bounds memory; a long run starts remembering afresh
        self._known[text] = answer
        return answer

    def _match(self, text: str) -> tuple[str, str] | None:
        """classify, without remembering the answer."""
        key = text.strip().casefold()
        if "  " in key or not key.isprintable():  # tabs, runs of spaces, no-break spaces
            key = normalize_line(key)
        if not key:
            return None
        listed = self._listed.get(key)
        if listed is not None:
            return listed
        if len(key) <= MAX_PATTERN_LINE:
            for pack, compiled in self.patterns:
                try:
                    if compiled.fullmatch(key, timeout=PATTERN_TIMEOUT):
                        return "boilerplate", pack.name
                except TimeoutError:
                    raise PatternTimeout(
                        f"{pack.path}: a boilerplate pattern took longer than {PATTERN_TIMEOUT}s on "
                        f"one line ({text[:60]!r}); simplify it"
                    ) from None
        return None


def _pattern_groups(patterns: Sequence[str]) -> list[list[str]]:
    plain = [p for p in patterns if not _BACKREFERENCE.search(p)]
    return ([plain] if plain else []) + [[p] for p in patterns if _BACKREFERENCE.search(p)]


_BACKREFERENCE = regex.compile(r"\\[1-9]|\(\?P=|\\g<")


def _strings(path: str, key: str, value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PackError(f"{path}: key '{key}' must be a list of strings")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            hint = " (quote entries that end with ':')" if isinstance(item, dict) else ""
            raise PackError(f"{path}: key '{key}' has an entry that is not a string: {item!r}{hint}")
    return value


def parse_pack(text: str, path: str) -> Pack:
    """Check a pack's YAML strictly and turn it into a Pack."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        raise PackError(f"{path}:{line} not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise PackError(f"{path}: a rule pack must be a mapping with a 'name' key")
    unknown = sorted(str(k) for k in data if k not in ALLOWED_KEYS)
    if unknown:
        raise PackError(f"{path}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(ALLOWED_KEYS))})")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise PackError(f"{path}: key 'name' is required and must be a string")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise PackError(f"{path}: key 'description' must be a string")
    patterns = _strings(path, "boilerplate-patterns", data.get("boilerplate-patterns"))
    for pattern in patterns:
        try:
            regex.compile(pattern, regex.V1)
        except regex.error as exc:
            raise PackError(f"{path}: boilerplate pattern {pattern!r} is not a valid regex: {exc}") from None
    return Pack(
        name=name.strip(),
        path=path,
        description=description.strip(),
        widgets=frozenset(map(normalize_line, _strings(path, "widgets", data.get("widgets")))),
        bar_widgets=frozenset(map(normalize_line, _strings(path, "bar-widgets", data.get("bar-widgets")))),
        boilerplate=frozenset(map(normalize_line, _strings(path, "boilerplate", data.get("boilerplate")))),
        patterns=tuple(patterns),
    )


def load_pack(path: str | os.PathLike[str]) -> Pack:
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise PackError(f"{path}: rule pack is not valid UTF-8") from None
    return parse_pack(text, path)


def builtin_pack_dir() -> Path:
    """Where the built-in packs are: inside the installed package, or `rules/` in a source checkout."""
    installed = Path(str(resources.files("newslint"))) / "packs"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rules"


@cache
def builtin_packs() -> tuple[Pack, ...]:
    root = builtin_pack_dir()
    files = sorted(root.glob("*.yaml")) + sorted(root.glob("sites/*.yaml"))
    return tuple(load_pack(f) for f in files)


def pack_set(extra: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True) -> PackSet:
    packs = list(builtin_packs()) if builtin else []
    packs.extend(load_pack(p) for p in extra)
    return PackSet(tuple(packs))

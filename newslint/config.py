"""Configuration files: `[tool.newslint]` in pyproject.toml, or `newslint.toml` / `.newslint.toml`.

The nearest file above the working folder wins (in one folder: .newslint.toml, then newslint.toml,
then a pyproject.toml that has a [tool.newslint] table); the command line wins over the file.
Every key is checked: a mistyped key is an error naming the file and the key.

    [tool.newslint]
    select = ["DUP", "UI", "OCR001"]   # codes, prefixes or rule names; default: all
    ignore = ["ART001"]
    packs = ["rules/mysite.yaml"]      # extra rule packs, relative to this file
    language = "en"                    # the lexicon's language (default: "auto", per document)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KEYS = {"select": list, "ignore": list, "packs": list, "language": str}
CONFIG_FILES = (".newslint.toml", "newslint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class FileConfig:
    path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    packs: tuple[str, ...] = ()
    language: str | None = None


def find_config(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        tool = _load_toml(path).get("tool", {})
    except ConfigError:
        return False
    return isinstance(tool, dict) and "newslint" in tool


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def load_config(path: Path) -> FileConfig:
    data = _load_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("newslint", {}) if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: 'tool.newslint' must be a table ([tool.newslint])")
        data = table
        prefix = "tool.newslint."
    else:
        prefix = ""
    for key, value in data.items():
        expected = KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{path}: unknown key '{prefix}{key}' (allowed: {', '.join(sorted(KEYS))})")
        if not isinstance(value, expected) or (
            expected is list and not all(isinstance(v, str) for v in value)
        ):
            what = "a list of strings" if expected is list else "a string"
            raise ConfigError(f"{path}: key '{prefix}{key}' must be {what}")
        if key == "select" and not value:
            raise ConfigError(f"{path}: key '{prefix}select' is empty, so no rule would run")
    base = path.parent
    return FileConfig(
        path=str(path),
        select=tuple(data["select"]) if "select" in data else None,
        ignore=tuple(data.get("ignore", ())),
        packs=tuple(str(base / p) for p in data.get("packs", ())),
        language=data.get("language"),
    )


def discover_config(start: Path | None = None) -> FileConfig:
    path = find_config(start or Path.cwd())
    return load_config(path) if path is not None else FileConfig()

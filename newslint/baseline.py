"""Gradual adoption: record today's findings in a baseline file, then report only new ones.

`--write-baseline FILE` records every finding of a run by fingerprint (`report.fingerprint`: its
code, path, record and the normalised text it flags), never by line number, so a finding stays
baselined when lines are inserted above it or its spacing changes. `--baseline FILE` reports only
the findings the file does not cover, and counts the baselined findings that no longer occur.

The file is JSON meant to be reviewed in a pull request: one entry per line, sorted by path,
record, code and text, so adding or fixing a finding changes one line of the diff:

    {
      "newslint-baseline": 1,
      "entries": [
        {"code": "UI001", "path": "a.txt", "record": null, "text": "tt", "count": 2, "fingerprint": "9c1e..."}
      ]
    }

`text` (the flagged text, cut to TEXT_WIDTH characters) is there for reviewers; `fingerprint` and
`count` are what matching uses. Paths are compared as POSIX paths relative to the current folder
(`./a.txt`, `a.txt` and `sub\\..\\a.txt` are one file), so write and use a baseline from the
same folder, usually the repository's root.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from newslint.files import atomic_output
from newslint.model import Finding
from newslint.report import Report, Source, fingerprint, normalise

FORMAT = 1  # the value of the "newslint-baseline" key; a new layout gets a new number
TEXT_WIDTH = 80  # characters of flagged text kept for reviewers
ENTRY_KEYS = ("code", "path", "record", "text", "count", "fingerprint")


class BaselineError(Exception):
    """A baseline that cannot be read or written; the message is one line that names the file."""


@dataclass(frozen=True)
class Entry:
    """Findings that share one fingerprint, and how many of them the baseline accepts."""

    fingerprint: str
    code: str
    path: str
    record: str | None
    text: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in ENTRY_KEYS}


@dataclass(frozen=True)
class Baseline:
    """The findings a project has accepted for now, as read from a baseline file."""

    path: str
    entries: tuple[Entry, ...]

    def apply(self, report: Report, checked: Collection[str] | None = None) -> tuple[Report, int]:
        """The report without the findings the baseline covers, and how many baselined findings
        no longer occur.

        Entries are a multiset: an entry with count 2 absorbs two findings with its fingerprint, and
        a third is reported (the last ones in report order). The second value counts findings, not
        entries: when one of two identical widget lines is deleted, the entry still matches once but
        would let a new copy through unreported, so it is stale too. Pass `checked`, the paths the
        run read, when it did not read everything (a pre-commit run gets only the staged files):
        entries of other files are then not counted. Sources are kept for the remaining findings.
        """
        allowed = Counter[str]()
        for entry in self.entries:
            allowed[entry.fingerprint] += entry.count
        kept: list[Finding] = []
        for finding in report.findings:
            key = _fingerprint(finding, report.source(finding))
            if allowed[key] > 0:
                allowed[key] -= 1
            else:
                kept.append(finding)
        read = None if checked is None else {normalise_path(p) for p in checked}
        paths = {entry.fingerprint: entry.path for entry in self.entries}
        stale = sum(n for key, n in allowed.items() if read is None or paths.get(key) in read)
        wanted = {(f.path, f.record) for f in kept}
        sources = {key: source for key, source in report.sources.items() if key in wanted}
        return replace(report, findings=kept, sources=sources), stale

    @property
    def size(self) -> int:
        """How many findings the baseline accepts."""
        return sum(entry.count for entry in self.entries)


def normalise_path(path: str) -> str:
    """A path as baselines compare it: POSIX separators, relative to the current folder if under it.

    >>> normalise_path("./news/../news/a.txt"), normalise_path("news\\\\a.txt")
    ('news/a.txt', 'news/a.txt')
    """
    if not path or path == "-":  # standard input keeps its label
        return path
    path = path.replace("\\", "/")
    if os.path.isabs(path):
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive (Windows)
            relative = path
        if relative != ".." and not relative.startswith("../"):
            path = relative
    return os.path.normpath(path).replace(os.sep, "/")


def _fingerprint(finding: Finding, source: Source | None) -> str:
    return fingerprint(replace(finding, path=normalise_path(finding.path)), source)


def entries(report: Report) -> list[Entry]:
    """The report's findings grouped by fingerprint, in the order a baseline file lists them.

    A finding whose source lines are not in the report is fingerprinted by its position (see
    `report.fingerprint`): a runner must attach sources for baselines to survive moved lines.
    """
    grouped: dict[str, Entry] = {}
    for finding in report.findings:
        source = report.source(finding)
        key = _fingerprint(finding, source)
        if key in grouped:
            grouped[key] = replace(grouped[key], count=grouped[key].count + 1)
            continue
        text = normalise(source.flagged(finding)) if source is not None else ""
        if len(text) > TEXT_WIDTH:
            text = text[: TEXT_WIDTH - 1] + "…"
        grouped[key] = Entry(key, finding.code, normalise_path(finding.path), finding.record, text, 1)
    return sorted(grouped.values(), key=lambda e: (e.path, e.record or "", e.code, e.text, e.fingerprint))


def dumps(baseline_entries: Iterable[Entry]) -> str:
    """The file's text: one entry per line, invisible characters escaped so reviewers see them."""
    lines = [_escape_invisible(json.dumps(e.to_dict(), ensure_ascii=False)) for e in baseline_entries]
    head = f'{{\n  "newslint-baseline": {FORMAT},\n  "entries": '
    if not lines:
        return head + "[]\n}\n"
    return head + "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]\n}\n"


def _escape_invisible(text: str) -> str:
    """JSON escapes for what a reviewer could not see: zero-width, bidi and other format characters.

    json.dumps already escapes control characters; everything it leaves is inside a string.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif ord(char) > 0xFFFF:
            high, low = divmod(ord(char) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return "".join(out)


def write(path: str | os.PathLike[str], report: Report) -> int:
    """Record the report's findings in a baseline file (atomically); return how many it recorded.

    The same findings give the same bytes whatever their order, so the file diffs well. Write it
    from a run over everything the baseline should cover: it replaces the whole file.
    """
    found = entries(report)
    target = Path(path)
    try:
        with atomic_output(target) as fh:
            fh.write(dumps(found).encode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{os.fspath(path)}: cannot write baseline: {exc.strerror or exc}") from None
    return sum(entry.count for entry in found)


def load(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline file, checking every key; BaselineError names the file and what is wrong."""
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise BaselineError(f"{name}: no such baseline (create it with --write-baseline)") from None
    except IsADirectoryError:
        raise BaselineError(f"{name}: is a folder, not a baseline file") from None
    except OSError as exc:
        raise BaselineError(f"{name}: cannot read baseline: {exc.strerror or exc}") from None
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"{name}: not a newslint baseline (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(parsed, dict) or "newslint-baseline" not in parsed:
        raise BaselineError(f'{name}: not a newslint baseline (no "newslint-baseline" key)')
    version = parsed["newslint-baseline"]
    if version != FORMAT or isinstance(version, bool):
        newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT
        hint = "; upgrade newslint" if newer else ""
        raise BaselineError(
            f"{name}: baseline format {version!r} is not one this newslint reads ({FORMAT}){hint}"
        )
    unknown = sorted(str(key) for key in parsed if key not in ("newslint-baseline", "entries"))
    if unknown:
        raise BaselineError(f"{name}: unknown key {unknown[0]!r} (allowed: newslint-baseline, entries)")
    raw = parsed.get("entries")
    if not isinstance(raw, list):
        raise BaselineError(f'{name}: "entries" must be a list')
    return Baseline(name, tuple(_entry(name, number, item) for number, item in enumerate(raw, 1)))


def _entry(name: str, number: int, item: object) -> Entry:
    where = f"{name}: entry {number}"
    if not isinstance(item, dict):
        raise BaselineError(f"{where} is not an object")
    unknown = sorted(str(key) for key in item if key not in ENTRY_KEYS)
    if unknown:
        raise BaselineError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(ENTRY_KEYS)})")
    key = item.get("fingerprint")
    if not isinstance(key, str) or not key:
        raise BaselineError(f'{where}: "fingerprint" must be a non-empty string')
    count = item.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f'{where}: "count" must be a whole number, 1 or more (got {count!r})')
    fields: dict[str, str] = {}
    for field_name in ("code", "path", "text"):
        value = item.get(field_name, "")
        if not isinstance(value, str):
            raise BaselineError(f'{where}: "{field_name}" must be a string')
        fields[field_name] = value
    record = item.get("record")
    if record is not None and not isinstance(record, str):
        raise BaselineError(f'{where}: "record" must be a string or null')
    return Entry(key, fields["code"], fields["path"], record, fields["text"], count)


def stale_message(count: int) -> str:
    """What to tell the user about baselined findings that no longer occur ("" when there are none)."""
    if not count:
        return ""
    what = "finding no longer occurs" if count == 1 else "findings no longer occur"
    return f"{count} baselined {what} (fixed or changed): run --write-baseline to refresh the baseline"

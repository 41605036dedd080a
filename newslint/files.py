"""Reading and writing the files newslint checks: encodings, BOMs, atomic writes, folder walking.

A file keeps everything newslint does not fix: its encoding, its byte-order mark and its line
endings (edits are made on the decoded text, newlines included, so CRLF stays CRLF). Writes go to
a temporary file in the same folder that then replaces the original, so a crash never leaves a
half-written file.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import glob
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pathspec

# Suffixes picked up when a folder is given (`discover`'s default; the command line adds corpora,
# DEFAULT_INCLUDE); files named explicitly are read whatever their name.
TEXT_SUFFIXES = frozenset({".txt", ".text"})

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file newslint cannot use; the message is one line that names the file."""


@dataclass(frozen=True)
class TextFile:
    path: str  # as the user wrote it, or "-" for standard input
    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, path: str) -> TextFile:
    """Decode a file's bytes as UTF-8 (or UTF-16 with a BOM), refusing binary data with a clear message."""
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", "utf-8"))
    body = data[len(bom) :]
    if encoding == "utf-8" and b"\x00" in body:
        raise InputError(f"{path}: binary file (it contains NUL bytes), not text")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        bad = body[exc.start : exc.start + 1].hex()
        raise InputError(
            f"{path}: not valid {encoding.upper()} (byte 0x{bad} on line {line}); "
            "convert it to UTF-8 first, e.g. with iconv"
        ) from None
    return TextFile(path, text, encoding, bom)


def read_bytes(path: str) -> tuple[bytes, os.stat_result]:
    """A file's bytes and its status, or InputError with the one-line message every reader gives."""
    try:
        with open(path, "rb") as fh:
            return fh.read(), os.fstat(fh.fileno())
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or folder") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_file(path: str) -> TextFile:
    data, _ = read_bytes(path)
    return decode(data, path)


def read_stdin() -> TextFile:
    return decode(sys.stdin.buffer.read(), "-")


def write_file(original: TextFile, text: str) -> None:
    """Replace the file's contents atomically, in its own encoding, BOM and permissions.

    A symbolic link is followed, so its target is fixed and the link stays a link; a file its
    owner made read-only is refused, as an editor would, even where the folder allows a rename.
    """
    path = Path(os.path.realpath(original.path))
    replace_file(path, path.stat(), lambda fh: fh.write(original.encode(text)))


def replace_file(path: Path, info: os.stat_result, write: Callable[[IO[bytes]], object]) -> None:
    """Give the file `path` (its status `info`) what `write` writes, atomically, keeping its mode
    and owner; a file its owner made read-only is refused (PermissionError)."""
    # The mode bits, not os.access: root may write anything, but a 0444 file says "do not".
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "file is read-only", str(path))
    with atomic_output(path, info.st_mode & 0o7777, (info.st_uid, info.st_gid)) as fh:
        write(fh)


@contextlib.contextmanager
def atomic_output(
    path: Path, mode: int | None = None, owner: tuple[int, int] | None = None
) -> Iterator[IO[bytes]]:
    """A file written in full or not at all: a temporary file in its folder, renamed at the end.

    `mode` and `owner` are the replaced file's; a new file gets the mode the user's umask gives
    (mkstemp alone would make it private).
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".newslint.tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        if owner is not None and hasattr(os, "chown") and owner != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # keep the owner when root fixes someone's file
                os.chown(tmp, *owner)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Discovery ---------------------------------------------------------------------------------------
#
# What a folder walk, a glob or a named path gives. Exclusion is a callback, `Excluded(path, is_dir,
# root)`, so that configuration (config.Resolver: each folder's nearest config, the command line,
# .gitignore files) stays out of this module; paths passed to it are absolute and normalised.

Excluded = Callable[[str, bool, str], bool]  # (path, is a folder, the named folder walked) -> skip it

_GLOB_CHARS = re.compile(r"[*?\[]")


class Patterns:
    """Gitignore-style patterns (exclude lists, a .gitignore file), relative to the folder `base`.

    In a walk, each folder and file is matched on its own (what is inside an excluded folder is
    never reached), so a folder named on the command line is walked even when it, or a folder
    above it, matches: then its contents are matched relative to it, as if it were the base.
    """

    def __init__(self, patterns: Iterable[str], base: str) -> None:
        self.patterns = tuple(patterns)
        self.base = os.path.abspath(base)
        self._inside = os.path.join(self.base, "")  # the base with one trailing separator
        self.spec = pathspec.GitIgnoreSpec.from_lines(self.patterns)
        self._any = _any_pattern(self.spec)
        self._from_base: dict[str | None, bool] = {None: True}  # walk root -> match from the base?

    def __repr__(self) -> str:
        return f"Patterns({list(self.patterns)!r}, base={self.base!r})"

    def check(self, path: str, is_dir: bool, root: str | None = None) -> bool | None:
        """True when the patterns exclude the absolute `path`, False when a `!pattern` takes it back,
        None when none matches. `root` is the named folder a walk started from (None for a path
        named on the command line: then its folders, up to the base, count as well)."""
        rel = self._relative(path, root)
        if not rel:
            return None
        if is_dir:
            rel += "/"
        if self._any is not None and self._any.search(rel) is None:
            return None  # the common case, without pathspec's per-call cost
        return self.spec.check_file(rel).include

    def matches(self, path: str, is_dir: bool, root: str | None = None) -> bool:
        return self.check(path, is_dir, root) is True

    def _relative(self, path: str, root: str | None) -> str:
        from_base = self._from_base.get(root)
        if from_base is None:
            from_base = self._from_base[root] = self._matches_from_base(root)
        if from_base and path.startswith(self._inside):
            return _slashes(path[len(self._inside) :])
        if root is not None and path.startswith(root_inside := os.path.join(root, "")):
            return _slashes(path[len(root_inside) :])
        # Outside the base: only the name can match ("*.tmp", "drafts/"), not a path from the base.
        return os.path.basename(path)

    def _matches_from_base(self, root: str | None) -> bool:
        """Paths are matched from the base, unless the walk started at a named folder inside it that
        the patterns exclude: then from that folder (its own name, or a folder's above it, must not
        exclude what it holds)."""
        if root is None or not root.startswith(self._inside):
            return True
        return self.spec.check_file(_slashes(root[len(self._inside) :]) + "/").include is not True


def _any_pattern(spec: pathspec.GitIgnoreSpec) -> re.Pattern[str] | None:
    """One regular expression that matches whatever any of the patterns may match (a pre-filter),
    or None when the patterns' own expressions cannot be combined."""
    parts = []
    for pattern in spec.patterns:
        regex = getattr(pattern, "regex", None)
        if getattr(pattern, "include", None) is None:
            continue  # a comment or blank line
        if not isinstance(regex, re.Pattern) or not isinstance(regex.pattern, str):
            return None
        parts.append(re.sub(r"\(\?P<\w+>", "(?:", regex.pattern))
    try:
        return re.compile("|".join(f"(?:{part})" for part in parts) or "(?!)")
    except re.error:
        return None


def _slashes(rel: str) -> str:
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


# Folders and files a walk skips unless configuration replaces the list (`exclude`): hidden ones
# (.git, .venv, .tox, .cache, ...) and tool folders.
DEFAULT_EXCLUDE = (".*", "venv/", "node_modules/", "__pycache__/")
# What a folder walk picks up: text files, and corpora of records (one article per record).
CORPUS_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")
DEFAULT_INCLUDE = (*sorted(TEXT_SUFFIXES), *CORPUS_SUFFIXES)

_LEGACY = Patterns(DEFAULT_EXCLUDE, os.sep)


def _default_excluded(path: str, is_dir: bool, root: str) -> bool:
    return _LEGACY.matches(path, is_dir, root)


class GitIgnores:
    """The .gitignore files of a repository, read once per folder, matched as git matches them.

    A folder's rules are .git/info/exclude (lowest), then the .gitignore files from the repository
    root (the nearest folder with a .git) down to the folder; in each, the last matching pattern
    wins, and a deeper file wins over a higher one. Outside a repository nothing is ignored.
    """

    def __init__(self) -> None:
        self._chains: dict[str, tuple[Patterns, ...] | None] = {}

    def excluded(self, path: str, is_dir: bool, root: str | None = None, folder: str | None = None) -> bool:
        """Whether git ignores `path` (absolute; `folder` is the folder that holds it, if known)."""
        result = None
        for patterns in self.chain(os.path.dirname(path) if folder is None else folder) or ():
            verdict = patterns.check(path, is_dir, root)
            if verdict is not None:
                result = verdict
        return result is True

    def chain(self, folder: str) -> tuple[Patterns, ...] | None:
        """The ignore files in force in `folder`, lowest first; None outside a repository."""
        if folder in self._chains:
            return self._chains[folder]
        chain: tuple[Patterns, ...] | None
        git = os.path.join(folder, ".git")
        if os.path.isdir(git) or os.path.isfile(git):  # a worktree or submodule has a .git file
            chain = _ignore_file(os.path.join(git, "info", "exclude"), folder)
        else:
            parent = os.path.dirname(folder)
            chain = None if parent == folder else self.chain(parent)
        if chain is not None:
            chain = chain + _ignore_file(os.path.join(folder, ".gitignore"), folder)
        self._chains[folder] = chain
        return chain


def _ignore_file(path: str, base: str) -> tuple[Patterns, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:  # none, or unreadable: git skips it too
        return ()
    try:
        return (Patterns(lines, base),)
    except (ValueError, re.error):  # a pattern pathspec cannot read: git ignores the line, not the file
        return (Patterns([line for line in lines if _valid_pattern(line)], base),)


def _valid_pattern(line: str) -> bool:
    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except (ValueError, re.error):
        return False
    return True


def has_glob(path: str) -> bool:
    return _GLOB_CHARS.search(path) is not None


def expand_glob(pattern: str, cwd: str | None = None) -> tuple[str, list[str]]:
    """The folder a glob starts from (its part without glob characters) and its matches, sorted,
    both as written (relative patterns are relative to `cwd`, by default the working folder).

    `**` matches any number of folders; hidden files and folders match only a pattern part that
    starts with a dot, as in the shell.

    >>> expand_glob("no/such/**/*.txt")
    ('no/such', [])
    """
    start = pattern
    while has_glob(start):
        start = os.path.dirname(start)
    return start or ".", sorted(glob.glob(pattern, root_dir=cwd, recursive=True))


def discover(
    paths: Iterable[str],
    errors: list[str] | None = None,
    *,
    include: Iterable[str] = TEXT_SUFFIXES,
    excluded: Excluded | None = None,
    skip_named: Callable[[str], bool] | None = None,
    expand_globs: bool = False,
    cwd: str | None = None,
) -> Iterator[str]:
    """The files to check: named files as they are, and the files inside named folders.

    A folder is walked in sorted order; what it holds is kept when its name ends with one of
    `include` (case aside) and `excluded` does not skip it or a folder on the way (by default:
    hidden files and folders and tool folders). With `expand_globs`, a path that does not exist
    but has glob characters (`*`, `?`, `[`) is expanded: its matches, sorted, are taken as if
    named (a matching folder is walked) unless `excluded` skips them below the glob's fixed part.
    A named path is always kept, unless `skip_named` says to skip it (--force-exclude). A file
    found twice is yielded once. Relative paths are relative to `cwd` (by default the working
    folder) and paths are yielded as written.

    A path that does not exist (or a glob that matches nothing) raises InputError; a folder inside
    that cannot be read is added to `errors` (or raises InputError when no list is given) and the
    walk goes on.
    """
    here = os.path.abspath(cwd if cwd is not None else os.getcwd())
    suffixes = tuple(suffix.lower() for suffix in include)
    test = excluded or _default_excluded
    seen: set[str] = set()

    def once(absolute: str) -> bool:
        if absolute in seen:
            return False
        seen.add(absolute)
        return True

    def walk(written: str, absolute: str, root: str) -> Iterator[str]:
        found: list[str] = []
        sink = found if errors is None else errors
        for path, key in _walk(written, absolute, root, sink, suffixes, test):
            if once(key):
                yield path
        if found:
            raise InputError(found[0])

    for raw in paths:
        if raw == "-":
            yield raw
            continue
        absolute = os.path.normpath(os.path.join(here, raw))
        if os.path.exists(absolute) or os.path.islink(absolute):
            if skip_named is not None and skip_named(raw):
                continue
            if os.path.isdir(absolute):
                # "." walks as "a.txt", not "./a.txt": the paths ruff and git print.
                yield from walk("" if os.path.normpath(raw) == os.curdir else raw, absolute, absolute)
            elif once(absolute):
                yield raw
            continue
        if not (expand_globs and has_glob(raw)):
            raise InputError(f"{raw}: no such file or folder")
        start, matches = expand_glob(raw, here)
        if not matches:
            raise InputError(f"{raw}: no such file or folder (no path matches the pattern)")
        root = os.path.normpath(os.path.join(here, start))
        for match in matches:
            absolute = os.path.normpath(os.path.join(here, match))
            if _excluded_below(absolute, root, test):
                continue
            if os.path.isdir(absolute):
                yield from walk(match, absolute, root)
            elif once(absolute):
                yield match


def _excluded_below(target: str, root: str, excluded: Excluded) -> bool:
    """Whether `excluded` skips `target`, or a folder between the named folder `root` and it."""
    if not target.startswith(os.path.join(root, "")):
        return False
    steps = target[len(os.path.join(root, "")) :].split(os.sep)
    current = root
    for n, step in enumerate(steps):
        current = os.path.join(current, step)
        is_dir = n < len(steps) - 1 or os.path.isdir(current)
        if excluded(current, is_dir, root):
            return True
    return False


def _walk(
    written: str, top: str, root: str, errors: list[str], suffixes: tuple[str, ...], excluded: Excluded
) -> Iterator[tuple[str, str]]:
    """(path as written, absolute path) of the files in the folder `top` (absolute; `written` as
    the user wrote it) whose names end with one of `suffixes`, in sorted order, without what
    `excluded` skips (a skipped folder is not entered). `root` is the named folder, absolute.
    This runs on every file of a corpus: no os.path call per file."""

    def shown(path: str) -> str:
        if path.startswith(top + os.sep):
            return os.path.join(written, path[len(top) + 1 :])
        return written

    def unreadable(error: OSError) -> None:
        name = (shown(str(error.filename)) if error.filename else written) or os.curdir
        errors.append(f"{name}: cannot read folder: {error.strerror or error}")

    for dirpath, dirnames, filenames in os.walk(top, onerror=unreadable):
        here = os.path.join(dirpath, "")
        dirnames[:] = sorted(d for d in dirnames if not excluded(here + d, True, root))
        prefix = os.path.join(shown(dirpath), "")
        for name in sorted(filenames):
            if name.lower().endswith(suffixes) and not excluded(here + name, False, root):
                yield prefix + name, here + name

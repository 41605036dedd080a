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
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Suffixes picked up when a folder is given; files named explicitly are read whatever their name.
TEXT_SUFFIXES = frozenset({".txt", ".text"})
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"})

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


def read_file(path: str) -> TextFile:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or folder") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, path)


def read_stdin() -> TextFile:
    return decode(sys.stdin.buffer.read(), "-")


def write_file(original: TextFile, text: str) -> None:
    """Replace the file's contents atomically, in its own encoding, BOM and permissions.

    A symbolic link is followed, so its target is fixed and the link stays a link; a file its
    owner made read-only is refused, as an editor would, even where the folder allows a rename.
    """
    path = Path(os.path.realpath(original.path))
    info = path.stat()
    # The mode bits, not os.access: root may write anything, but a 0444 file says "do not".
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "file is read-only", str(path))
    with atomic_output(path, info.st_mode & 0o7777, (info.st_uid, info.st_gid)) as fh:
        fh.write(original.encode(text))


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


def discover(paths: Iterable[str], errors: list[str] | None = None) -> Iterator[str]:
    """The files to check: named files as they are, and the text files inside named folders.

    Folders are walked in sorted order, skipping hidden and tool folders, so output is stable.
    A path that does not exist raises InputError; a folder inside that cannot be read is added to
    `errors` (or raises InputError when no list is given) and the walk goes on.
    """
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            found: list[str] = []
            yield from _walk(path, found if errors is None else errors)
            if found:
                raise InputError(found[0])
        elif path.exists() or path.is_symlink():
            yield raw
        else:
            raise InputError(f"{raw}: no such file or folder")


def _walk(root: Path, errors: list[str]) -> Iterator[str]:
    def unreadable(error: OSError) -> None:
        errors.append(f"{error.filename}: cannot read folder: {error.strerror or error}")

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if Path(name).suffix.lower() in TEXT_SUFFIXES and not name.startswith("."):
                yield os.path.join(dirpath, name)

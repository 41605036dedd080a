"""Corpora of many records in one file: JSON Lines (plain or gzip-compressed) and Parquet.

A record is one document: the string in its text field (`--text-field`, default ``text``), named by
its id field (`--id-field`, default ``id``; the line number where a record has none, though a field
other than ``id`` that no record has is an error, not a reason to rename every record). Findings in
a record count lines inside its text, and carry the record's id.

Reading never drops anything silently: a line that is not valid UTF-8, not valid JSON, not a JSON
object, or has no string in the text field becomes an error naming the file and the line, and the
other records are still read. Blank lines are kept but are not records (line numbers count them).

Writing back (`fix`) keeps everything it does not change. An unchanged record keeps its bytes:
line ending, key order, spacing, escapes, number formatting. A changed record changes only the
text field's value: the new JSON string is put in place of the old one, at the exact span that a
scanner built from the json module's own decoder finds, so the other fields of that line keep
their bytes too. The new string is written the way the old one was: with ``\\u`` escapes if the old
text escaped its non-ASCII characters, or had none and the whole file is ASCII; else as UTF-8, with
U+2028 and U+2029 still escaped (unescaped, they end a line for some readers). Record order
and count never change. A corpus with errors is never rewritten. gzip files are recompressed
whole; Parquet files keep their schema, metadata, other columns, row order and row groups; a
dictionary-encoded text column (a pandas categorical) is read as strings and written back
dictionary-encoded, each changed row group's dictionary built afresh from its values.
"""

from __future__ import annotations

import bisect
import gzip
import json
import os
import re
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newslint.files import InputError, read_bytes, replace_file

# File name suffix -> format, longest first so that ".jsonl.gz" is not taken for plain gzip.
_FORMATS = {
    ".jsonl.gz": "jsonl.gz",
    ".ndjson.gz": "jsonl.gz",
    ".parquet": "parquet",
    ".ndjson": "jsonl",
    ".jsonl": "jsonl",
}
CORPUS_SUFFIXES = tuple(_FORMATS)
PARQUET_HINT = "pip install 'newslint[parquet]'"
DEFAULT_ID_FIELD = "id"

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_GZIP_MAGIC = b"\x1f\x8b"
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as json.decoder skips it
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class Record:
    """One record of a corpus: where it is, what it is called, and its text."""

    index: int  # position among the corpus's records, from 0: the key `write_corpus` takes
    line: int  # 1-based line of the file (blank lines count); for Parquet, the row number + 1
    id: str  # the id field as a string (7 -> "7"), or the line number when it is absent or null
    text: str


@dataclass
class Corpus:
    """A corpus file as read: its records, its broken lines, and what is needed to write it back."""

    path: str
    format: str  # "jsonl", "jsonl.gz" or "parquet"
    records: list[Record]
    errors: list[str]  # one line each, "PATH:LINE: ..." (Parquet: "PATH: row N: ...")
    text_field: str = "text"
    id_field: str = "id"
    # JSONL only: the file's lines without their "\n" (a "\r" before it stays), the BOM left off.
    lines: list[bytes] = field(default_factory=list, repr=False)
    final_newline: bool = True
    bom: bytes = b""
    ascii_only: bool = False  # every byte is ASCII: new text is written with \u escapes
    gzip_header: bytes = field(default=b"", repr=False)  # the original gzip header (mtime, level)
    # (modification time in ns, size) when read: a file changed since is not overwritten.
    stamp: tuple[int, int] = (0, 0)


def corpus_format(path: str) -> str | None:
    """The corpus format a file's name says ("jsonl", "jsonl.gz", "parquet"), or None for text."""
    name = path.lower()
    for suffix in CORPUS_SUFFIXES:
        if name.endswith(suffix):
            return _FORMATS[suffix]
    return None


def is_corpus(path: str) -> bool:
    """Whether the file's name marks it as a corpus of records rather than one text."""
    return path != "-" and corpus_format(path) is not None


def read_corpus(path: str, text_field: str = "text", id_field: str = DEFAULT_ID_FIELD) -> Corpus:
    """Read every record of a corpus file; broken lines become `errors`, the rest is still read.

    Raises InputError (one line, naming the file) when the file as a whole cannot be used: it
    cannot be read, is not gzip data, is not UTF-8, no record has the text field, no record has
    an id field other than the default ``id`` (see `_id_required`), or it is Parquet and pyarrow is
    not installed.
    """
    fmt = corpus_format(path)
    if fmt == "parquet":
        return _read_parquet(path, text_field, id_field)
    data, header, stamp = _jsonl_data(path, fmt)
    corpus = _read_jsonl(path, data, text_field, id_field)
    corpus.format = fmt or "jsonl"
    corpus.gzip_header = header
    corpus.stamp = stamp
    return corpus


def _jsonl_data(path: str, fmt: str | None) -> tuple[bytes, bytes, tuple[int, int]]:
    """A JSONL file's (uncompressed) bytes, its gzip header if any, and its stamp."""
    data, stamp = _read_bytes(path)
    header = b""
    if fmt == "jsonl.gz":
        header = data[:10]
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{path}: not valid gzip data ({_one_line(exc)})") from None
    elif data.startswith(_GZIP_MAGIC):
        raise InputError(f"{path}: gzip-compressed, but not named .gz; rename it to {path}.gz")
    return data, header, stamp


def write_corpus(corpus: Corpus, texts: Mapping[int, str]) -> None:
    """Write the corpus back with new texts for some records (record index -> text), atomically.

    Nothing is written when no text changes. Raises InputError for a corpus with errors (a
    broken file is never rewritten) and for a file changed on disk since it was read;
    PermissionError for a file its owner made read-only, as `files.write_file` does.
    """
    if corpus.errors:
        raise InputError(
            f"{corpus.path}: not rewritten, because it has {len(corpus.errors)} broken "
            f"{'line' if len(corpus.errors) == 1 else 'lines'}"
        )
    changed = _changed(corpus, texts)
    if not changed:
        return
    path = Path(os.path.realpath(corpus.path))
    info = path.stat()
    if (info.st_mtime_ns, info.st_size) != corpus.stamp:
        raise InputError(f"{corpus.path}: changed on disk since it was read; not rewritten")
    if corpus.format == "parquet":
        replace_file(path, info, lambda fh: _write_parquet(corpus, changed, fh))
        return
    data = jsonl_bytes(corpus, changed)
    if corpus.format == "jsonl.gz":
        data = _gzip(data, corpus.gzip_header)
    replace_file(path, info, lambda fh: fh.write(data))


def jsonl_bytes(corpus: Corpus, texts: Mapping[int, str], drop: Collection[int] = ()) -> bytes:
    """The JSONL file (uncompressed) with new texts for some records: what `write_corpus` writes.

    Lines of records whose text does not change are the original bytes; so are blank lines, the
    BOM, the line endings and the presence of a final newline. The records `drop` names (by
    index) are left out, line and all (`newslint dedup --write-unique`).
    """
    if corpus.format == "parquet":
        raise ValueError(f"{corpus.path}: a Parquet corpus has no JSONL form")
    lines = list(corpus.lines)
    for index, text in _changed(corpus, texts).items():
        record = corpus.records[index]
        lines[record.line - 1] = _splice(lines[record.line - 1], corpus, record, text)
    if drop:
        gone = {corpus.records[index].line - 1 for index in drop}
        lines = [line for number, line in enumerate(lines) if number not in gone]
    return corpus.bom + b"\n".join(lines) + (b"\n" if corpus.final_newline else b"")


def shards(corpus: Corpus, size: int) -> list[tuple[Record, ...]]:
    """The corpus's records cut into runs of `size` consecutive records (the last may be shorter)."""
    if size < 1:
        raise ValueError(f"shard size must be at least 1, not {size}")
    records = corpus.records
    return [tuple(records[start : start + size]) for start in range(0, len(records), size)]


# Reading JSONL


def _read_jsonl(path: str, data: bytes, text_field: str, id_field: str) -> Corpus:
    split = _split_jsonl(path, data)
    parsed = parse_lines(path, split.lines, 0, len(split.lines), text_field, id_field)
    whole = parsed.whole_file_error(path, text_field, id_field)
    if whole is not None:
        raise InputError(whole)
    return Corpus(
        path,
        "jsonl",
        parsed.records,
        parsed.errors,
        text_field,
        id_field,
        lines=split.lines,
        final_newline=split.final_newline,
        bom=split.bom,
        ascii_only=split.ascii_only,
    )


@dataclass
class SplitLines:
    """A JSONL file cut into its lines, not yet parsed: what a pool's workers parse in shards."""

    path: str
    lines: list[bytes]  # without their "\n" (a "\r" before it stays), the BOM left off
    final_newline: bool = True
    bom: bytes = b""
    ascii_only: bool = False


def split_corpus(path: str) -> SplitLines:
    """A JSONL or gzip'd JSONL file's lines, for `parse_lines` to read in ranges (see read_corpus
    for the InputErrors it raises)."""
    fmt = corpus_format(path)
    if fmt not in ("jsonl", "jsonl.gz"):
        raise ValueError(f"{path}: not a JSON Lines file")
    return _split_jsonl(path, _jsonl_data(path, fmt)[0])


def _split_jsonl(path: str, data: bytes) -> SplitLines:
    if data.startswith(_UTF16_BOMS):
        raise InputError(
            f"{path}: JSON Lines must be UTF-8, and this file is UTF-16; convert it first, e.g. with iconv"
        )
    bom = _UTF8_BOM if data.startswith(_UTF8_BOM) else b""
    body = data[len(bom) :]
    # JSON Lines ends a line at "\n" only: a "\r" before it is JSON whitespace, and U+2028 may
    # stand unescaped inside a string.
    lines = body.split(b"\n")
    final_newline = body.endswith(b"\n")
    if final_newline:
        lines.pop()
    return SplitLines(path, lines, final_newline, bom, body.isascii())


@dataclass
class Parsed:
    """The records and broken lines of a range of a JSONL file's lines, and what the whole-file
    checks need: how many objects there were, how many lacked the text field, whether any had the
    id field, and the first record's fields (for the messages)."""

    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    objects: int = 0
    missing: int = 0
    kept: int = 0  # records (len(records) until the records are handed on)
    ids_seen: bool = False
    first_keys: list[str] = field(default_factory=list)  # of the first object lacking the text
    first_id_keys: list[str] = field(default_factory=list)  # of the first record

    def add(self, other: Parsed) -> None:
        """Fold in the next range's result (records and errors keep file order)."""
        self.records.extend(other.records)
        self.errors.extend(other.errors)
        self.objects += other.objects
        self.missing += other.missing
        self.kept += other.kept
        self.ids_seen = self.ids_seen or other.ids_seen
        self.first_keys = self.first_keys or other.first_keys
        self.first_id_keys = self.first_id_keys or other.first_id_keys

    def whole_file_error(self, path: str, text_field: str, id_field: str) -> str | None:
        """The one error that replaces all others when no record has the text (or named id) field."""
        if self.objects and self.missing == self.objects:
            return _no_field(path, text_field, self.first_keys, "record", "text")
        if _id_required(id_field) and self.kept and not self.ids_seen:
            return _no_field(path, id_field, self.first_id_keys, "record", "id")
        return None


def parse_lines(
    path: str, lines: Sequence[bytes], start: int, stop: int, text_field: str, id_field: str
) -> Parsed:
    """The records and broken lines of lines[start:stop]. Line numbers are the file's; record
    indexes count from 0 within the range (only a whole file's records are written back)."""
    parsed = Parsed()
    records, errors = parsed.records, parsed.errors
    loads = json.loads
    for number in range(start + 1, stop + 1):
        raw = lines[number - 1]
        if not raw or raw.isspace():
            continue
        try:
            line = raw.decode("utf-8")
            # A "\r" ending the line is whitespace to JSON, but inside a string cut short it would
            # be reported as a control character rather than as the unterminated string it is.
            value = loads(line.rstrip("\r"))
        except UnicodeDecodeError as exc:
            column = len(raw[: exc.start].decode("utf-8")) + 1
            bad = raw[exc.start : exc.start + 1].hex()
            errors.append(f"{path}:{number}: not valid UTF-8 (byte 0x{bad} at column {column})")
            continue
        except json.JSONDecodeError as exc:
            # A line cut short is reported just past its last character, not past its "\r".
            column = min(exc.colno, len(line.rstrip("\r")) + 1)
            errors.append(f"{path}:{number}: not valid JSON ({_json_error(exc.msg, column)})")
            continue
        except RecursionError:
            errors.append(f"{path}:{number}: not valid JSON (nested too deeply)")
            continue
        if type(value) is not dict:
            errors.append(f"{path}:{number}: not a JSON object ({_json_kind(value)})")
            continue
        parsed.objects += 1
        text = value.get(text_field, _MISSING)
        if type(text) is not str:
            if text is _MISSING:
                parsed.missing += 1
                parsed.first_keys = parsed.first_keys or list(value)
                errors.append(
                    f'{path}:{number}: no "{text_field}" field '
                    "(use --text-field to name the field holding the text)"
                )
            else:
                errors.append(f'{path}:{number}: "{text_field}" is {_json_kind(text)}, not a string')
            continue
        parsed.ids_seen = parsed.ids_seen or id_field in value
        parsed.first_id_keys = parsed.first_id_keys or list(value)
        records.append(Record(len(records), number, _id_string(value.get(id_field), number), text))
    parsed.kept = len(records)
    return parsed


_MISSING = object()


def _id_string(value: object, number: int) -> str:
    if value is None:
        return str(number)
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)  # 7 -> "7", True -> "true"
    return str(value)  # a Parquet date, decimal or bytes


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _id_required(id_field: str) -> bool:
    """Whether a corpus must have the id field: only one the user named, not the default ``id``.

    Records without ids are common, so the default field may be absent (records are named by line);
    a field named on purpose but found in no record is a typo that would rename every record.
    """
    return id_field != DEFAULT_ID_FIELD


def _json_error(message: str, column: int) -> str:
    """json's message with the column: some end in "at" already ("Unterminated string starting at").

    >>> _json_error("Expecting value", 5), _json_error("Unterminated string starting at", 9)
    ('Expecting value at column 5', 'Unterminated string starting at column 9')
    """
    return f"{message} column {column}" if message.endswith(" at") else f"{message} at column {column}"


def _no_field(path: str, name: str, names: list[str], kind: str, holding: str) -> str:
    """The error for a field (kind "record") or column (kind "column") that the corpus lacks.

    >>> _no_field("a.parquet", "text", ["body"], "column", "text")
    'a.parquet: no "text" column (columns: "body"); use --text-field to name the column holding the text'
    """
    shown = ", ".join(f'"{n}"' for n in names[:8]) + (", ..." if len(names) > 8 else "")
    if kind == "column":
        missing, listed, where = f'no "{name}" column', "columns", "column"
    else:
        missing, listed, where = f'no record has a "{name}" field', "fields", "field"
    return (
        f"{path}: {missing} ({listed}: {shown or 'none'}); "
        f"use --{holding}-field to name the {where} holding the {holding}"
    )


# Writing JSONL


def _changed(corpus: Corpus, texts: Mapping[int, str]) -> dict[int, str]:
    records = corpus.records
    changed: dict[int, str] = {}
    for index, text in texts.items():
        if not 0 <= index < len(records):
            raise IndexError(f"{corpus.path}: no record {index} (it has {len(records)})")
        if text != records[index].text:
            changed[index] = text
    return changed


def _splice(raw: bytes, corpus: Corpus, record: Record, text: str) -> bytes:
    """The record's line with the text field's value replaced, every other byte kept."""
    line = raw.decode("utf-8")
    begin, end = _value_span(line, corpus.text_field)
    # Old text with non-ASCII characters shows how they were written; else the file does.
    escaped = corpus.ascii_only if record.text.isascii() else line[begin:end].isascii()
    return (line[:begin] + _json_string(text, escaped) + line[end:]).encode("utf-8")


def _value_span(line: str, key: str) -> tuple[int, int]:
    """Where the value of a top-level key of the JSON object on this line starts and ends.

    Keys and values are scanned with the json module's own decoder, so the result agrees with
    `json.loads`; for a key given twice it is the last one, the one `json.loads` keeps.
    """
    span: tuple[int, int] | None = None
    at = _skip(line, 0)
    if line[at : at + 1] != "{":
        raise ValueError("not a JSON object")
    at = _skip(line, at + 1)
    if line[at : at + 1] == "}":
        at = len(line)
    while at < len(line):
        if line[at] != '"':
            raise ValueError(f"expected a key at column {at + 1}")
        name, at = _DECODER.raw_decode(line, at)
        at = _skip(line, at)
        if line[at : at + 1] != ":":
            raise ValueError(f"expected ':' at column {at + 1}")
        begin = _skip(line, at + 1)
        _, at = _DECODER.raw_decode(line, begin)
        if name == key:
            span = (begin, at)
        at = _skip(line, at)
        if line[at : at + 1] == "}":
            break
        if line[at : at + 1] != ",":
            raise ValueError(f"expected ',' or '}}' at column {at + 1}")
        at = _skip(line, at + 1)
    if span is None:
        raise ValueError(f'no "{key}" key')
    return span


def _skip(line: str, at: int) -> int:
    """The offset of the first character at or after `at` that is not JSON whitespace."""
    found = _WHITESPACE.match(line, at)
    return found.end() if found else at


def _json_string(text: str, escaped: bool) -> str:
    """A JSON string for the text: ASCII with \\u escapes, or UTF-8 where that can be encoded."""
    if not escaped:
        dumped = json.dumps(text, ensure_ascii=False)
        try:
            dumped.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: only an escape can carry it
            return json.dumps(text)
        # Unescaped, these two end a line for str.splitlines and for older JavaScript.
        return dumped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return json.dumps(text)


def _gzip(data: bytes, header: bytes) -> bytes:
    """Compress as the original was: its header's modification time, and its level where it says."""
    mtime = int.from_bytes(header[4:8], "little") if len(header) >= 10 else 0
    level = {2: 9, 4: 1}.get(header[8], 6) if len(header) >= 10 else 6
    return gzip.compress(data, compresslevel=level, mtime=mtime)


# Parquet


def _pyarrow(path: str) -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or an InputError that says how to install them."""
    try:
        import pyarrow  # type: ignore[import-untyped,import-not-found,unused-ignore]
        import pyarrow.parquet  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow: {PARQUET_HINT}") from None
    return pyarrow, pyarrow.parquet


def _parquet_file(path: str) -> tuple[Any, Any, Any]:
    pa, pq = _pyarrow(path)
    _read_stamp(path)  # the messages JSONL gives for a missing file or a folder
    try:
        return pa, pq, pq.ParquetFile(path)
    except (OSError, pa.lib.ArrowException) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({_one_line(exc)})") from None


def _text_column(path: str, pa: Any, schema: Any, text_field: str) -> int:
    """The text column's index; strings, or dictionary-encoded strings (pandas categoricals)."""
    names: list[str] = list(schema.names)
    if text_field not in names:
        raise InputError(_no_field(path, text_field, names, "column", "text"))
    kind = schema.field(text_field).type
    # Dictionary-encoded values are read as plain strings; `_write_parquet` encodes them again.
    values = kind.value_type if pa.types.is_dictionary(kind) else kind
    is_view = getattr(pa.types, "is_string_view", lambda _: False)
    if not (pa.types.is_string(values) or pa.types.is_large_string(values) or is_view(values)):
        raise InputError(
            f'{path}: column "{text_field}" holds {kind}, not strings; '
            "use --text-field to name the column holding the text"
        )
    return names.index(text_field)


def _read_parquet(path: str, text_field: str, id_field: str) -> Corpus:
    stamp = _read_stamp(path)
    pa, _, parquet = _parquet_file(path)
    schema = parquet.schema_arrow
    _text_column(path, pa, schema, text_field)
    has_id = id_field in schema.names and id_field != text_field
    if _id_required(id_field) and id_field not in schema.names and parquet.metadata.num_rows:
        raise InputError(_no_field(path, id_field, list(schema.names), "column", "id"))
    try:
        table = parquet.read(columns=[text_field, id_field] if has_id else [text_field])
    except (OSError, pa.lib.ArrowException) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({_one_line(exc)})") from None
    texts = table.column(text_field).to_pylist()
    ids = table.column(id_field).to_pylist() if has_id else [None] * len(texts)
    records: list[Record] = []
    errors: list[str] = []
    for row, (text, id_value) in enumerate(zip(texts, ids)):
        if text is None:
            errors.append(f'{path}: row {row + 1}: "{text_field}" is null, not a string')
            continue
        records.append(Record(len(records), row + 1, _id_string(id_value, row + 1), text))
    return Corpus(path, "parquet", records, errors, text_field, id_field, stamp=stamp)


def _write_parquet(corpus: Corpus, changed: dict[int, str], out: IO[bytes]) -> None:
    """Copy the Parquet file row group by row group, with new values in the text column."""
    pa, pq, parquet = _parquet_file(corpus.path)
    schema = parquet.schema_arrow
    column = _text_column(corpus.path, pa, schema, corpus.text_field)
    metadata = parquet.metadata
    starts: list[int] = []
    total = 0
    for group in range(metadata.num_row_groups):
        starts.append(total)
        total += metadata.row_group(group).num_rows
    by_group: dict[int, dict[int, str]] = {}
    for index, text in changed.items():
        row = corpus.records[index].line - 1
        group = bisect.bisect_right(starts, row) - 1
        by_group.setdefault(group, {})[row - starts[group]] = text
    options: dict[str, Any] = {"compression": _compression(metadata)}
    if metadata.format_version in ("1.0", "2.4", "2.6"):
        options["version"] = metadata.format_version
    with pq.ParquetWriter(out, schema, **options) as writer:
        for group in range(metadata.num_row_groups):
            table = parquet.read_row_group(group)
            if group in by_group:
                values = table.column(column).to_pylist()
                for row, text in by_group[group].items():
                    values[row] = text
                kind = schema.field(column).type
                table = table.set_column(column, schema.field(column), pa.array(values, type=kind))
            writer.write_table(table, row_group_size=max(1, table.num_rows))


def _compression(metadata: Any) -> str | dict[str, str]:
    """The codec of each column as pyarrow's writer names it: one name if they all share it."""
    names = {"UNCOMPRESSED": "none", "LZ4_RAW": "lz4", "LZ4_FRAME": "lz4"}
    codecs: dict[str, str] = {}
    if metadata.num_row_groups:
        group = metadata.row_group(0)
        for index in range(group.num_columns):
            chunk = group.column(index)
            codec = str(chunk.compression).upper()
            codecs[chunk.path_in_schema] = names.get(codec, codec.lower())
    distinct = set(codecs.values())
    if len(distinct) == 1:
        return distinct.pop()
    return codecs or "snappy"


# Files


def _read_stamp(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or folder") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if os.path.isdir(path):
        raise InputError(f"{path}: is a folder")
    return info.st_mtime_ns, info.st_size


def _read_bytes(path: str) -> tuple[bytes, tuple[int, int]]:
    """The file's bytes and (modification time, size), with the messages `files.read_file` gives."""
    data, info = read_bytes(path)
    return data, (info.st_mtime_ns, info.st_size)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

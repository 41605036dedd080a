"""Corpus files: JSON Lines (plain and gzip'd) and Parquet, read into records and written back.

What `fix` must never do to a corpus: drop, reorder or add a record, touch a record it does not
change, touch any field but the text of a record it does change, or rewrite a file with broken lines.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.corpus import (
    Corpus,
    Record,
    corpus_format,
    is_corpus,
    jsonl_bytes,
    read_corpus,
    shards,
    write_corpus,
)
from newslint.files import InputError


def write(path: Path, data: bytes) -> str:
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return str(path)


def contents(path: str) -> bytes:
    data = Path(path).read_bytes()
    return gzip.decompress(data) if path.endswith(".gz") else data


# Names


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("news.jsonl", "jsonl"),
        ("NEWS.JSONL", "jsonl"),
        ("news.ndjson", "jsonl"),
        ("news.jsonl.gz", "jsonl.gz"),
        ("news.ndjson.gz", "jsonl.gz"),
        ("news.parquet", "parquet"),
        ("news.txt", None),
        ("news.json", None),
        ("news.gz", None),
        ("jsonl", None),
        ("-", None),
    ],
)
def test_format_from_name(name: str, fmt: str | None) -> None:
    assert corpus_format(name) == fmt
    assert is_corpus(name) is (fmt is not None)


# Round trips: what is not changed keeps its bytes

ROUND_TRIPS = {
    "lf": b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n',
    "crlf": b'{"id": "a", "text": "One."}\r\n{"id": "b", "text": "Two."}\r\n',
    "bom": b'\xef\xbb\xbf{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}\n',
    "no final newline": b'{"id": "a", "text": "One."}\n{"id": "b", "text": "Two."}',
    "blank lines": b'\n{"id": "a", "text": "One."}\n\n  \t\r\n{"id": "b", "text": "Two."}\n\n',
    "odd spacing and key order": b'  { "text" :"One." ,"id":"a" }  \n{"n":1.50e0,"id":"b","text":"Two."}\n',
    "escapes kept": (
        b'{"id": "a", "text": "caf\\u00e9 \\/ \\u0041"}\n{"id": "b", "text": "Two.", "x": "\\ud83d\\ude00"}\n'
    ),
    "raw unicode and U+2028": (
        '{"id": "a", "text": "Хамэнеи\u2028line"}\n{"id": "b", "text": "Two."}\n'.encode()
    ),
}


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
@pytest.mark.parametrize("data", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_unchanged_corpus_round_trips_byte_for_byte(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path / f"news{suffix}", data)
    corpus = read_corpus(path)
    assert [r.id for r in corpus.records] == ["a", "b"]
    assert corpus.errors == []
    assert jsonl_bytes(corpus, {}) == data
    assert jsonl_bytes(corpus, {r.index: r.text for r in corpus.records}) == data


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
@pytest.mark.parametrize("data", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_fix_changes_one_line_only(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path / f"news{suffix}", data)
    corpus = read_corpus(path)
    write_corpus(corpus, {1: "Two, fixed."})
    after = contents(path)
    before_lines, after_lines = data.split(b"\n"), after.split(b"\n")
    assert len(after_lines) == len(before_lines)
    changed = [n for n, (old, new) in enumerate(zip(before_lines, after_lines)) if old != new]
    assert changed == [corpus.records[1].line - 1]
    old_line, new_line = before_lines[changed[0]], after_lines[changed[0]]
    assert new_line == old_line.replace(b'"Two."', b'"Two, fixed."')
    reread = read_corpus(path)
    assert [(r.id, r.text) for r in reread.records] == [("a", corpus.records[0].text), ("b", "Two, fixed.")]
    # Changing it back restores the original file exactly.
    write_corpus(reread, {1: "Two."})
    assert contents(path) == data


def test_gzip_is_recompressed_with_its_header_time(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "One."}\n', mtime=1234567))
    write_corpus(read_corpus(str(path)), {0: "Uno."})
    assert gzip.decompress(path.read_bytes()) == b'{"text": "Uno."}\n'
    assert int.from_bytes(path.read_bytes()[4:8], "little") == 1234567


def test_nothing_is_written_when_no_text_changes(tmp_path: Path) -> None:
    path = write(tmp_path / "news.jsonl", b'{"text": "One."}\n')
    before = os.stat(path)
    write_corpus(read_corpus(path), {0: "One."})
    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


# Splicing: only the text value of a changed record changes, written as the old one was

SPLICES = [
    # (file, new text for the first record, the first line afterwards)
    pytest.param(
        b'{"id": 1, "text": "old", "meta": {"text": "nested"}, "n": 1.50}\n',
        "new",
        b'{"id": 1, "text": "new", "meta": {"text": "nested"}, "n": 1.50}',
        id="nested key of the same name untouched",
    ),
    pytest.param(
        b'{"meta": {"text": "nested"}, "text": "old"}\n',
        "new",
        b'{"meta": {"text": "nested"}, "text": "new"}',
        id="nested key before the top-level one",
    ),
    pytest.param(
        b'{"text": "first", "id": 2, "text": "old"}\n',
        "new",
        b'{"text": "first", "id": 2, "text": "new"}',
        id="duplicate key: the last one, which json.loads keeps",
    ),
    pytest.param(
        b'{"te\\u0078t": "old", "id": "a"}\n',
        "new",
        b'{"te\\u0078t": "new", "id": "a"}',
        id="escaped key",
    ),
    pytest.param(
        b'{ "text" :  "old" ,"id" : 1 }\r\n',
        "new",
        b'{ "text" :  "new" ,"id" : 1 }\r',
        id="spacing and CRLF",
    ),
    pytest.param(
        b'{"text": "caf\\u00e9"}\n{"text": "d\xc3\xa9j\xc3\xa0"}\n',
        "th\u00e9",
        b'{"text": "th\\u00e9"}',
        id="escaped non-ASCII stays escaped",
    ),
    pytest.param(
        b'{"text": "caf\xc3\xa9"}\n',
        "th\u00e9",
        b'{"text": "th\xc3\xa9"}',
        id="raw UTF-8 stays raw",
    ),
    pytest.param(
        b'{"text": "cafe"}\n{"text": "plain"}\n',
        "th\u00e9",
        b'{"text": "th\\u00e9"}',
        id="an all-ASCII file stays ASCII",
    ),
    pytest.param(
        b'{"text": "cafe"}\n{"text": "d\xc3\xa9j\xc3\xa0"}\n',
        "th\u00e9",
        b'{"text": "th\xc3\xa9"}',
        id="an ASCII text in a UTF-8 file gets UTF-8",
    ),
    pytest.param(
        b'{"text": "caf\xc3\xa9"}\n',
        'a "quote", a \\ and a\ttab\nand\u2028U+2028',
        b'{"text": "a \\"quote\\", a \\\\ and a\\ttab\\nand\\u2028U+2028"}',
        id="escapes needed in the new text",
    ),
    pytest.param(
        b'{"text": "caf\xc3\xa9"}\n',
        "lone \ud800 surrogate",
        b'{"text": "lone \\ud800 surrogate"}',
        id="a lone surrogate can only be escaped",
    ),
    pytest.param(
        b'{"text": "old", "big": 12345678901234567890, "f": 1e400, "x": NaN}\n',
        "new",
        b'{"text": "new", "big": 12345678901234567890, "f": 1e400, "x": NaN}',
        id="numbers keep their spelling",
    ),
]


@pytest.mark.parametrize(("data", "text", "line"), SPLICES)
def test_changed_record_changes_only_its_text_value(
    tmp_path: Path, data: bytes, text: str, line: bytes
) -> None:
    path = write(tmp_path / "news.jsonl", data)
    corpus = read_corpus(path)
    write_corpus(corpus, {0: text})
    after = Path(path).read_bytes()
    assert after.split(b"\n")[0] == line
    assert after.split(b"\n")[1:] == data.split(b"\n")[1:]
    assert read_corpus(path).records[0].text == text


def test_several_changes_keep_order_and_count(tmp_path: Path) -> None:
    data = b"".join(b'{"id": %d, "text": "t%d"}\n' % (n, n) for n in range(50))
    path = write(tmp_path / "news.jsonl", data)
    corpus = read_corpus(path)
    write_corpus(corpus, {n: f"T{n}" for n in range(0, 50, 7)})
    texts = [(r.id, r.text) for r in read_corpus(path).records]
    assert texts == [(str(n), f"T{n}" if n % 7 == 0 else f"t{n}") for n in range(50)]


def test_changing_a_record_that_does_not_exist_is_a_bug(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "news.jsonl", b'{"text": "one"}\n'))
    with pytest.raises(IndexError):
        jsonl_bytes(corpus, {1: "two"})


# Property: any new text, any old line

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
any_text = st.text(st.characters(codec=None, exclude_categories=()))  # surrogates, controls, U+2028
utf8_text = st.text(st.characters(codec="utf-8"))
PLACEHOLDER = "\x00placeholder\x00"


@settings(max_examples=300, deadline=None)
@given(
    fields=st.dictionaries(st.text(max_size=6).filter(lambda k: k != "text"), json_value, max_size=4),
    position=st.integers(0, 4),
    old=utf8_text,
    new=any_text,
    ensure_ascii=st.booleans(),
    spaced=st.booleans(),
)
def test_splice_property(
    tmp_path_factory: pytest.TempPathFactory,
    fields: dict[str, Any],
    position: int,
    old: str,
    new: str,
    ensure_ascii: bool,
    spaced: bool,
) -> None:
    items = list(fields.items())
    items.insert(min(position, len(items)), ("text", PLACEHOLDER))
    separators = (", ", ": ") if spaced else (",", ":")
    template = json.dumps(dict(items), ensure_ascii=ensure_ascii, separators=separators).encode()
    prefix, suffix = template.split(json.dumps(PLACEHOLDER).encode())
    line = prefix + json.dumps(old, ensure_ascii=ensure_ascii).encode() + suffix
    path = write(tmp_path_factory.mktemp("splice") / "news.jsonl", line + b"\n")
    corpus = read_corpus(path)
    assert corpus.records[0].text == old
    new_line = jsonl_bytes(corpus, {0: new})
    # Every byte outside the text value is the old line's; the value holds exactly the new text.
    assert new_line.startswith(prefix) and new_line.endswith(suffix + b"\n")
    value = new_line[len(prefix) : len(new_line) - len(suffix) - 1]
    assert json.loads(value) == new
    if new != old:
        assert b"\n" not in value and "\u2028" not in value.decode("utf-8")
    parsed = json.loads(new_line)
    assert parsed["text"] == new
    assert list(parsed) == [key for key, _ in items]
    assert {k: v for k, v in parsed.items() if k != "text"} == fields


# Ids and line numbers


def test_ids_from_the_field_or_the_line_number(tmp_path: Path) -> None:
    data = (
        b"\n"  # line 1: blank, still counted
        b'{"id": "en-1", "text": "a"}\n'  # 2
        b'{"id": 7, "text": "b"}\n'  # 3
        b'{"id": 7.5, "text": "c"}\n'  # 4
        b'{"text": "d"}\n'  # 5
        b'{"id": null, "text": "e"}\n'  # 6
        b'{"id": true, "text": "f"}\n'  # 7
        b'{"id": "", "text": "g"}\n'  # 8
    )
    corpus = read_corpus(write(tmp_path / "news.jsonl", data))
    assert corpus.records == [
        Record(0, 2, "en-1", "a"),
        Record(1, 3, "7", "b"),
        Record(2, 4, "7.5", "c"),
        Record(3, 5, "5", "d"),
        Record(4, 6, "6", "e"),
        Record(5, 7, "true", "f"),
        Record(6, 8, "", "g"),
    ]


ID_FIELDS = [
    # (records, id field, the ids, or the error): only a field named on purpose must exist
    ([{"text": "a"}, {"text": "b"}], "id", ["1", "2"]),
    ([{"doc": "d1", "text": "a"}, {"text": "b"}], "doc", ["d1", "2"]),
    ([{"doc": None, "text": "a"}], "doc", ["1"]),
    ([], "doc", []),
    (
        [{"id": 1, "text": "a", "url": "u"}, {"id": 2, "text": "b"}],
        "nope",
        {
            ".jsonl": 'no record has a "nope" field (fields: "id", "text", "url"); '
            "use --id-field to name the field holding the id",
            ".parquet": 'no "nope" column (columns: "id", "text", "url"); '
            "use --id-field to name the column holding the id",
        },
    ),
]


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
@pytest.mark.parametrize(("rows", "id_field", "expected"), ID_FIELDS)
def test_an_id_field_named_on_purpose_must_be_in_some_record(
    pa: Any,
    tmp_path: Path,
    suffix: str,
    rows: list[dict[str, Any]],
    id_field: str,
    expected: list[str] | dict[str, str],
) -> None:
    path = tmp_path / f"news{suffix}"
    if suffix == ".parquet":
        columns = {key: [row.get(key) for row in rows] for row in rows for key in row}
        pa.parquet.write_table(pa.table(columns or {"text": pa.array([], pa.string())}), path)
    else:
        path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    if isinstance(expected, dict):
        with pytest.raises(InputError) as error:
            read_corpus(str(path), id_field=id_field)
        assert str(error.value) == f"{path}: {expected[suffix]}"
    else:
        assert [r.id for r in read_corpus(str(path), id_field=id_field).records] == expected


def test_other_field_names(tmp_path: Path) -> None:
    data = b'{"doc": "x1", "body": "Text.", "text": 3}\n{"doc": 2, "body": "More."}\n'
    corpus = read_corpus(write(tmp_path / "news.jsonl", data), text_field="body", id_field="doc")
    assert [(r.id, r.text) for r in corpus.records] == [("x1", "Text."), ("2", "More.")]
    write_corpus(corpus, {0: "Fixed."})
    assert Path(corpus.path).read_bytes() == data.replace(b'"Text."', b'"Fixed."')


# Broken lines: each named with its line, the other records still read

BROKEN = [
    (b'{"text": "a", "id": 1 "x": 2}', "not valid JSON (Expecting ',' delimiter at column 23)"),
    (b'{"text": "a"', "not valid JSON (Expecting ',' delimiter at column 13)"),
    (b'{"text": "a"}{"text": "b"}', "not valid JSON (Extra data at column 14)"),
    (b'{"text": "tab\tinside"}', "not valid JSON (Invalid control character at column 14)"),
    (b'{"id": 1, "text": "cut sh', "not valid JSON (Unterminated string starting at column 19)"),
    (b"[1, 2]", "not a JSON object (an array)"),
    (b'"just a string"', "not a JSON object (a str)"),
    (b'{"id": 3}', 'no "text" field (use --text-field to name the field holding the text)'),
    (b'{"text": null}', '"text" is null, not a string'),
    (b'{"text": ["a", "b"]}', '"text" is an array, not a string'),
    (b'{"text": 12}', '"text" is a number, not a string'),
    (b'{"text": "caf\xe9"}', "not valid UTF-8 (byte 0xe9 at column 14)"),
    (
        b"\xef\xbb\xbf" + b'{"text": "a second BOM"}',
        "not valid JSON (Unexpected UTF-8 BOM (decode using utf-8-sig) at column 1)",
    ),
    (b"[" * 100_000 + b"]" * 100_000, "not valid JSON (nested too deeply)"),
]


@pytest.mark.parametrize(("line", "message"), BROKEN, ids=[m.split(" (")[0] for _, m in BROKEN])
def test_broken_line_is_an_error_with_its_line_number(tmp_path: Path, line: bytes, message: str) -> None:
    data = b'{"id": "a", "text": "One."}\n\n' + line + b'\r\n{"id": "b", "text": "Two."}'
    path = write(tmp_path / "news.jsonl", data)
    corpus = read_corpus(path)
    assert corpus.errors == [f"{path}:3: {message}"]
    assert [(r.id, r.line) for r in corpus.records] == [("a", 1), ("b", 4)]


def test_a_corpus_with_errors_is_never_rewritten(tmp_path: Path) -> None:
    data = b'{"text": "One."}\nnot json\n{"text": "Two."}\n'
    path = write(tmp_path / "news.jsonl", data)
    corpus = read_corpus(path)
    with pytest.raises(InputError, match=r"news\.jsonl: not rewritten, because it has 1 broken line$"):
        write_corpus(corpus, {0: "Uno."})
    assert Path(path).read_bytes() == data


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path / "news.jsonl", b'{"text": "One."}\n')
    corpus = read_corpus(path)
    Path(path).write_bytes(b'{"text": "One."}\n{"text": "Added meanwhile."}\n')
    with pytest.raises(InputError, match="changed on disk since it was read"):
        write_corpus(corpus, {0: "Uno."})
    assert b"Added meanwhile" in Path(path).read_bytes()


def test_write_keeps_the_mode_and_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = write(tmp_path / "news.jsonl", b'{"text": "One."}\n')
    os.chmod(path, 0o640)
    write_corpus(read_corpus(path), {0: "Uno."})
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    os.chmod(path, 0o444)
    with pytest.raises(PermissionError):
        write_corpus(read_corpus(path), {0: "One."})
    assert Path(path).read_bytes() == b'{"text": "Uno."}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"]  # no temporary file left


# Files that cannot be used at all: one line naming the file


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("news.jsonl.gz", b'{"text": "not compressed"}\n', r"news\.jsonl\.gz: not valid gzip data \(.+\)"),
        (
            "news.jsonl.gz",
            gzip.compress(b'{"text": "cut"}\n')[:-6],
            r"news\.jsonl\.gz: not valid gzip data \(.+\)",
        ),
        ("news.jsonl", gzip.compress(b"{}"), r"news\.jsonl: gzip-compressed, but not named \.gz; rename it"),
        (
            "news.jsonl",
            '{"text": "x"}\n'.encode("utf-16"),
            r"news\.jsonl: JSON Lines must be UTF-8, .* UTF-16",
        ),
        (
            "news.jsonl",
            b'{"id": 1, "title": "T", "paragraphs": ["p"]}\n{"id": 2}\n',
            r'news\.jsonl: no record has a "text" field \(fields: "id", "title", "paragraphs"\); '
            r"use --text-field to name the field holding the text$",
        ),
    ],
)
def test_unusable_file(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as error:
        read_corpus(str(path))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz", "news.parquet"])
def test_missing_file_and_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match=f"{name}: no such file or folder$"):
        read_corpus(str(tmp_path / name))
    (tmp_path / name).mkdir()
    with pytest.raises(InputError, match=f"{name}: is a folder$"):
        read_corpus(str(tmp_path / name))


def test_empty_file_has_no_records(tmp_path: Path) -> None:
    corpus = read_corpus(write(tmp_path / "news.jsonl", b""))
    assert (corpus.records, corpus.errors) == ([], [])
    assert jsonl_bytes(corpus, {}) == b""


# Shards


@pytest.mark.parametrize(
    ("count", "size", "sizes"), [(0, 3, []), (1, 3, [1]), (6, 3, [3, 3]), (7, 3, [3, 3, 1]), (2, 1, [1, 1])]
)
def test_shards_are_consecutive_records(count: int, size: int, sizes: list[int]) -> None:
    records = [Record(n, n + 1, str(n), f"t{n}") for n in range(count)]
    parts = shards(Corpus("x.jsonl", "jsonl", records, []), size)
    assert [len(part) for part in parts] == sizes
    assert [r for part in parts for r in part] == records


def test_shard_size_must_be_positive() -> None:
    with pytest.raises(ValueError):
        shards(Corpus("x.jsonl", "jsonl", [], []), 0)


# Parquet (pyarrow is in the test extra: a missing pyarrow fails here, it is not skipped)


@pytest.fixture
def pa() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        pytest.fail("pyarrow is not installed: pip install -e '.[test]'", pytrace=False)
    return pyarrow


def parquet_file(pa: Any, path: Path, **options: Any) -> str:
    table = pa.table(
        {
            "id": pa.array([10, 11, 12, 13, 14], pa.int64()),
            "text": pa.array(["One.", "Two.", "Three.", "Four.", "Five."], pa.large_string()),
            "score": pa.array([0.5, None, 1.5, 2.5, 3.5], pa.float32()),
            "tags": pa.array([["a"], [], ["b", "c"], None, ["d"]], pa.list_(pa.string())),
        }
    ).replace_schema_metadata({"source": "scrape-2024"})
    pa.parquet.write_table(table, path, **options)
    return str(path)


def test_parquet_records(pa: Any, tmp_path: Path) -> None:
    corpus = read_corpus(parquet_file(pa, tmp_path / "news.parquet"))
    assert corpus.errors == []
    assert corpus.records[:2] == [Record(0, 1, "10", "One."), Record(1, 2, "11", "Two.")]
    assert len(corpus.records) == 5
    by_score = read_corpus(corpus.path, id_field="score")
    assert [r.id for r in by_score.records] == ["0.5", "2", "1.5", "2.5", "3.5"]


def test_parquet_fix_changes_only_the_text_of_changed_rows(pa: Any, tmp_path: Path) -> None:
    path = parquet_file(pa, tmp_path / "news.parquet", row_group_size=2, compression="zstd")
    before = pa.parquet.ParquetFile(path)
    before_table = before.read()
    write_corpus(read_corpus(path), {1: "Two, fixed.", 4: "Five, fixed."})
    after = pa.parquet.ParquetFile(path)
    table = after.read()
    assert after.schema_arrow == before.schema_arrow
    assert after.schema_arrow.metadata == before.schema_arrow.metadata
    assert table.column("text").to_pylist() == ["One.", "Two, fixed.", "Three.", "Four.", "Five, fixed."]
    for name in ("id", "score", "tags"):
        assert table.column(name).equals(before_table.column(name))
    assert after.metadata.num_row_groups == before.metadata.num_row_groups == 3
    assert after.metadata.row_group(0).column(0).compression == "ZSTD"
    assert [r.text for r in read_corpus(path).records][1] == "Two, fixed."


def test_parquet_null_text_is_an_error_and_blocks_the_fix(pa: Any, tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    pa.parquet.write_table(pa.table({"text": ["One.", None, "Three."]}), path)
    corpus = read_corpus(str(path))
    assert corpus.errors == [f'{path}: row 2: "text" is null, not a string']
    assert [(r.index, r.line, r.id) for r in corpus.records] == [(0, 1, "1"), (1, 3, "3")]
    with pytest.raises(InputError, match="not rewritten"):
        write_corpus(corpus, {0: "Uno."})


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            {"body": ["x"], "id": [1]},
            r'news\.parquet: no "text" column \(columns: "body", "id"\); '
            r"use --text-field to name the column holding the text$",
        ),
        ({"text": [1]}, r'news\.parquet: column "text" holds int64, not strings; use --text-field'),
    ],
)
def test_parquet_without_a_text_column(
    pa: Any, tmp_path: Path, columns: dict[str, list[Any]], message: str
) -> None:
    path = tmp_path / "news.parquet"
    pa.parquet.write_table(pa.table(columns), path)
    with pytest.raises(InputError, match=message):
        read_corpus(str(path))


def test_parquet_dictionary_encoded_text_is_read_and_kept_encoded(pa: Any, tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    texts = pa.array(["Menu", "Body one.", "Menu", "Body two."]).dictionary_encode()  # a pandas categorical
    pa.parquet.write_table(pa.table({"id": [1, 2, 3, 4], "text": texts}), path, row_group_size=2)
    corpus = read_corpus(str(path))
    assert [(r.id, r.text) for r in corpus.records] == [
        ("1", "Menu"),
        ("2", "Body one."),
        ("3", "Menu"),
        ("4", "Body two."),
    ]
    write_corpus(corpus, {2: "Menu, fixed."})
    after = pa.parquet.ParquetFile(path)
    assert after.schema_arrow.field("text").type == texts.type
    assert after.read().column("text").to_pylist() == ["Menu", "Body one.", "Menu, fixed.", "Body two."]
    assert after.metadata.num_row_groups == 2


def test_not_a_parquet_file(pa: Any, tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    path.write_bytes(b'{"text": "JSON, not Parquet"}\n')
    with pytest.raises(InputError, match=r"news\.parquet: not a readable Parquet file \(.+\)$"):
        read_corpus(str(path))


def test_parquet_without_pyarrow_says_how_to_install_it(
    pa: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = parquet_file(pa, tmp_path / "news.parquet")
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.setitem(sys.modules, name, None)  # None in sys.modules makes `import` fail
    with pytest.raises(InputError) as error:
        read_corpus(path)
    assert str(error.value) == f"{path}: reading Parquet needs pyarrow: pip install 'newslint[parquet]'"

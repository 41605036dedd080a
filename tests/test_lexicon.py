"""The compiled word tables: the same frequencies as wordfreq's, read without importing wordfreq."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from wordfreq import get_frequency_dict

from newslint import lexicon
from newslint.lexicon import Lexicon, WordTable, word_table


@pytest.fixture
def table_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "lexicon"
    monkeypatch.setenv("NEWSLINT_LEXICON_DIR", str(folder))
    return folder


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_table_gives_wordfreqs_frequency_for_every_word(language: str) -> None:
    expected = get_frequency_dict(language, "best")
    table = WordTable.from_wordfreq(language)
    assert len(table.words) == len(expected)
    assert all(table.frequency(word) == frequency for word, frequency in expected.items())
    assert table.frequency("zzqxjv") == 0.0 and table.frequency("") == 0.0


def test_a_dumped_table_loads_to_the_same_table() -> None:
    table = WordTable.from_wordfreq("fr")
    again = WordTable.load(table.dump())
    assert again.words == table.words and again.buckets == table.buckets


def test_the_compiled_copy_is_written_once_and_read_without_wordfreq(table_dir: Path) -> None:
    word_table("en")
    (saved,) = table_dir.glob("en-wordfreq-*.bin")
    code = (
        "import sys; from newslint.lexicon import Lexicon; z = Lexicon('en').zipf('Parliament'); "
        "print(z, 'wordfreq' in sys.modules)"
    )
    env = {"NEWSLINT_LEXICON_DIR": str(table_dir), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == [str(Lexicon("en").zipf("Parliament")), "False"]
    assert list(table_dir.glob("en-wordfreq-*.bin")) == [saved]


def test_a_damaged_copy_is_rebuilt(table_dir: Path) -> None:
    word_table("en")
    (saved,) = table_dir.glob("en-wordfreq-*.bin")
    saved.write_bytes(saved.read_bytes()[:1000])
    assert word_table("en").frequency("parliament") == get_frequency_dict("en")["parliament"]
    assert WordTable.load(saved.read_bytes()).frequency("parliament") > 0


def test_an_unwritable_folder_still_gives_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be\n", encoding="utf-8")
    monkeypatch.setenv("NEWSLINT_LEXICON_DIR", str(blocker / "lexicon"))
    assert word_table("en").frequency("parliament") > 0


def test_words_with_digits_still_use_wordfreqs_rules(table_dir: Path) -> None:
    # Not a plain word: wordfreq's own lookup (its tokenizer), as before the compiled tables.
    from wordfreq import zipf_frequency

    assert Lexicon("en").zipf("don't") == zipf_frequency("don't", "en")
    assert lexicon.Lexicon("en").zipf("2nd") == zipf_frequency("2nd", "en")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "token",
    ["k8s", "5ive", "0arliament", "w0rld", "2nd", "mp3", "x86", "4g", "3pm", "1ast", "Parliam3nt", "B52"],
)
def test_tokens_with_lone_digits_match_wordfreq(table_dir: Path, language: str, token: str) -> None:
    from wordfreq import zipf_frequency

    assert Lexicon(language).zipf(token) == zipf_frequency(token, language)

"""Language detection: its documented examples, and each corpus placed in its own language."""

from __future__ import annotations

import doctest
import json

import pytest
from conftest import require_shared

from newslint import language
from newslint.language import detect_language


def test_the_documented_examples_hold() -> None:
    # Includes the check that every letter of the seven scripts is counted for exactly one.
    assert doctest.testmod(language).failed == 0


@pytest.mark.parametrize("code", ["en", "fr", "ru"])
def test_every_wikinews_article_is_placed_in_its_language(code: str) -> None:
    path = require_shared() / "corpora" / f"wikinews_{code}.jsonl"
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    texts = [record.get("title", "") + "\n\n" + "\n\n".join(record["paragraphs"]) for record in records]
    misplaced = [text[:60] for text in texts if detect_language(text) != code]
    assert misplaced == []

"""The one table of rule codes (ruff's codes.rs): code -> rule. Codes never change meaning."""

from __future__ import annotations

from collections.abc import Iterable

from newslint.checks import (
    boilerplate_line,
    broken_hyphenation,
    confusable_letters,
    digit_in_word,
    glued_articles,
    html_leftover,
    invisible_character,
    mixed_script_word,
    mojibake,
    multiple_articles,
    near_duplicate_line,
    repeated_caption,
    repeated_headline,
    repeated_line,
    repeated_paragraph,
    replacement_character,
    widget_token,
)
from newslint.checks.base import Rule

RULES: tuple[Rule, ...] = (
    Rule(repeated_caption.CODE, repeated_caption.NAME, repeated_caption.check, fix="always"),
    Rule(repeated_headline.CODE, repeated_headline.NAME, repeated_headline.check, fix="always"),
    Rule(repeated_line.CODE, repeated_line.NAME, repeated_line.check, fix="always"),
    Rule(repeated_paragraph.CODE, repeated_paragraph.NAME, repeated_paragraph.check, fix="always"),
    # DUP005 compares every line with its neighbours: a seventh of a run, for copies that differ,
    # which scrapes of one site rarely hold. Select it (DUP005, DUP or ALL) where they do.
    Rule(
        near_duplicate_line.CODE,
        near_duplicate_line.NAME,
        near_duplicate_line.check,
        fix="always",
        default=False,
    ),
    Rule(digit_in_word.CODE, digit_in_word.NAME, digit_in_word.check, fix="always"),
    # OCR002 must read every word of every text: a quarter of a run on born-digital news, where
    # rn/m and cl/d confusions do not occur. Select it (OCR002, OCR or ALL) for OCR'd sources.
    Rule(
        confusable_letters.CODE,
        confusable_letters.NAME,
        confusable_letters.check,
        fix="always",
        default=False,
    ),
    Rule(broken_hyphenation.CODE, broken_hyphenation.NAME, broken_hyphenation.check, fix="always"),
    Rule(mixed_script_word.CODE, mixed_script_word.NAME, mixed_script_word.check, fix="always"),
    Rule(widget_token.CODE, widget_token.NAME, widget_token.check, fix="always"),
    Rule(boilerplate_line.CODE, boilerplate_line.NAME, boilerplate_line.check, fix="always"),
    Rule(multiple_articles.CODE, multiple_articles.NAME, multiple_articles.check, fix="never"),
    Rule(glued_articles.CODE, glued_articles.NAME, glued_articles.check, fix="always"),
    Rule(mojibake.CODE, mojibake.NAME, mojibake.check, fix="always"),
    Rule(html_leftover.CODE, html_leftover.NAME, html_leftover.check, fix="sometimes"),
    Rule(invisible_character.CODE, invisible_character.NAME, invisible_character.check, fix="always"),
    Rule(replacement_character.CODE, replacement_character.NAME, replacement_character.check, fix="never"),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


class SelectionError(ValueError):
    pass


def _matches(rule: Rule, selector: str) -> bool:
    selector = selector.strip()
    return selector.upper() == "ALL" or rule.code.startswith(selector.upper()) or rule.name == selector


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules a run uses: `select` (codes, prefixes, names or ALL), minus `ignore`.

    Without `select`, the default rules: every rule but the few that are off unless selected.

    >>> [r.code for r in select_rules(["DUP"], ["DUP00"])]
    []
    >>> [r.code for r in select_rules(["UI", "ART001"])]
    ['UI001', 'UI002', 'ART001']
    >>> "OCR002" in [r.code for r in select_rules()], "OCR002" in [r.code for r in select_rules(["OCR"])]
    (False, True)
    """
    ignore = list(ignore)
    for selector in [*(select or ()), *ignore]:
        if not any(_matches(rule, selector) for rule in RULES):
            raise SelectionError(f"unknown rule selector {selector!r} (see `newslint rule --all`)")
    chosen = (
        [r for r in RULES if r.default]
        if select is None
        else [r for r in RULES if any(_matches(r, s) for s in select)]
    )
    return tuple(rule for rule in chosen if not any(_matches(rule, s) for s in ignore))

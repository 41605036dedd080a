"""The one table of rule codes (ruff's codes.rs): code -> rule. Codes never change meaning."""

from __future__ import annotations

from collections.abc import Iterable

from newslint.checks import (
    boilerplate_line,
    digit_in_word,
    multiple_articles,
    repeated_caption,
    repeated_headline,
    repeated_line,
    repeated_paragraph,
    widget_token,
)
from newslint.checks.base import Rule

RULES: tuple[Rule, ...] = (
    Rule(repeated_caption.CODE, repeated_caption.NAME, repeated_caption.check, fix="always"),
    Rule(repeated_headline.CODE, repeated_headline.NAME, repeated_headline.check, fix="always"),
    Rule(repeated_line.CODE, repeated_line.NAME, repeated_line.check, fix="always"),
    Rule(repeated_paragraph.CODE, repeated_paragraph.NAME, repeated_paragraph.check, fix="always"),
    Rule(digit_in_word.CODE, digit_in_word.NAME, digit_in_word.check, fix="always"),
    Rule(widget_token.CODE, widget_token.NAME, widget_token.check, fix="always"),
    Rule(boilerplate_line.CODE, boilerplate_line.NAME, boilerplate_line.check, fix="always"),
    Rule(multiple_articles.CODE, multiple_articles.NAME, multiple_articles.check, fix="never"),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


class SelectionError(ValueError):
    pass


def _matches(rule: Rule, selector: str) -> bool:
    selector = selector.strip()
    return selector.upper() == "ALL" or rule.code.startswith(selector.upper()) or rule.name == selector


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules a run uses: `select` (codes, prefixes or names; default all), minus `ignore`.

    >>> [r.code for r in select_rules(["DUP"], ["DUP00"])]
    []
    >>> [r.code for r in select_rules(["UI", "ART001"])]
    ['UI001', 'UI002', 'ART001']
    """
    select = list(select) if select is not None else ["ALL"]
    ignore = list(ignore)
    for selector in [*select, *ignore]:
        if not any(_matches(rule, selector) for rule in RULES):
            raise SelectionError(f"unknown rule selector {selector!r} (see `newslint rule --all`)")
    return tuple(
        rule
        for rule in RULES
        if any(_matches(rule, s) for s in select) and not any(_matches(rule, s) for s in ignore)
    )

"""The one table of rule codes (ruff's codes.rs): code -> rule. Codes never change meaning.

A rule's options (the thresholds users may tune) are declared in its module as OPTIONS and
registered here with it; `select_rules` and `resolve_selection` turn selectors into rules.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from newslint.checks import (
    boilerplate_line,
    broken_hyphenation,
    confusable_letters,
    digit_in_word,
    duplicate_article,
    glued_articles,
    html_leftover,
    invisible_character,
    mixed_script_word,
    mojibake,
    multiple_articles,
    near_duplicate_article,
    near_duplicate_line,
    repeated_caption,
    repeated_headline,
    repeated_line,
    repeated_paragraph,
    replacement_character,
    widget_token,
)
from newslint.checks.base import Option, Rule


def _rule(module: ModuleType, fix: str, default: bool = True) -> Rule:
    """A rule from its check module: its CODE, NAME, check and OPTIONS, so none can be left out."""
    return Rule(module.CODE, module.NAME, module.check, fix, default, getattr(module, "OPTIONS", ()))


RULES: tuple[Rule, ...] = (
    _rule(repeated_caption, "always"),
    _rule(repeated_headline, "always"),
    _rule(repeated_line, "always"),
    _rule(repeated_paragraph, "always"),
    # DUP005 compares every line with its neighbours: a seventh of a run, for copies that differ,
    # which scrapes of one site rarely hold. Select it (DUP005, DUP or ALL) where they do.
    _rule(near_duplicate_line, "always", default=False),
    # Corpus-level: they look each article up in the index given with --index, else find nothing.
    _rule(duplicate_article, "never"),
    _rule(near_duplicate_article, "never"),
    _rule(digit_in_word, "always"),
    # OCR002 must read every word of every text: a quarter of a run on born-digital news, where
    # rn/m and cl/d confusions do not occur. Select it (OCR002, OCR or ALL) for OCR'd sources.
    _rule(confusable_letters, "always", default=False),
    _rule(broken_hyphenation, "always"),
    _rule(mixed_script_word, "always"),
    _rule(widget_token, "always"),
    _rule(boilerplate_line, "always"),
    _rule(multiple_articles, "never"),
    _rule(glued_articles, "always"),
    _rule(mojibake, "always"),
    _rule(html_leftover, "sometimes"),
    _rule(invisible_character, "always"),
    _rule(replacement_character, "never"),
)


BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}


OPTIONS: tuple[Option[Any], ...] = tuple(option for rule in RULES for option in rule.options)


class SelectionError(ValueError):
    pass


def _matches(rule: Rule, selector: str) -> bool:
    selector = selector.strip()
    return selector.upper() == "ALL" or rule.code.startswith(selector.upper()) or rule.name == selector


def rule_named(key: str) -> Rule | None:
    """The rule with this code (any case) or name."""
    return BY_CODE.get(key.upper()) or BY_NAME.get(key)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest choice, or "" when none is close.

    >>> did_you_mean("repeated-captoin", BY_NAME)
    " (did you mean 'repeated-caption'?)"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_selector(selector: str) -> None:
    """Raise SelectionError, with a suggestion, for a selector that matches no rule."""
    if not any(_matches(rule, selector) for rule in RULES):
        hint = did_you_mean(selector, [*BY_CODE, *BY_NAME]) or " (see `newslint rule --all`)"
        raise SelectionError(f"unknown rule selector {selector!r}{hint}")


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules a run uses: `select` (codes, prefixes, names or ALL), minus `ignore`.

    Without `select`, the default rules: every rule but the few that are off unless selected.

    >>> [r.code for r in select_rules(["DUP"], ["DUP00"])]
    ['DUP101', 'DUP102']
    >>> [r.code for r in select_rules(["UI", "ART001"])]
    ['UI001', 'UI002', 'ART001']
    >>> "OCR002" in [r.code for r in select_rules()], "OCR002" in [r.code for r in select_rules(["OCR"])]
    (False, True)
    """
    return resolve_selection([Selection(None if select is None else tuple(select), (), tuple(ignore))])


@dataclass(frozen=True)
class Selection:
    """One layer of rule selection: a configuration file's, or the command line's."""

    select: tuple[str, ...] | None = None  # replaces everything chosen before it
    extend_select: tuple[str, ...] = ()  # adds to it
    ignore: tuple[str, ...] = ()  # takes away, after select and extend-select

    def check(self) -> None:
        for selector in (*(self.select or ()), *self.extend_select, *self.ignore):
            check_selector(selector)


def resolve_selection(layers: Sequence[Selection]) -> tuple[Rule, ...]:
    """The rules chosen by layers applied in order: the defaults, then each layer.

    As in ruff, a layer with `select` starts again from its selection, so the command line's
    --select replaces the file's select, extend-select and ignore; its extend-select and ignore
    add to what the file chose. Within a layer, ignore wins. Rules keep the registry's order.

    >>> file, cli = Selection(("DUP",), ignore=("DUP001",)), Selection(extend_select=("UI001",))
    >>> [r.code for r in resolve_selection([file, cli])]
    ['DUP002', 'DUP003', 'DUP004', 'DUP005', 'DUP101', 'DUP102', 'UI001']
    >>> [r.code for r in resolve_selection([file, Selection(("DUP001",))])]
    ['DUP001']
    >>> "OCR002" in [r.code for r in resolve_selection([Selection(extend_select=("OCR002",))])]
    True
    """
    for layer in layers:
        layer.check()
    chosen = {rule.code for rule in RULES if rule.default}
    for layer in layers:
        if layer.select is not None:
            chosen = {rule.code for rule in RULES if any(_matches(rule, s) for s in layer.select)}
        chosen |= {rule.code for rule in RULES if any(_matches(rule, s) for s in layer.extend_select)}
        chosen -= {rule.code for rule in RULES if any(_matches(rule, s) for s in layer.ignore)}
    return tuple(rule for rule in RULES if rule.code in chosen)


def without(rules: Iterable[Rule], ignore: Iterable[str]) -> tuple[Rule, ...]:
    """The rules that none of the selectors in `ignore` matches (per-file-ignores)."""
    ignore = tuple(ignore)
    return tuple(rule for rule in rules if not any(_matches(rule, s) for s in ignore))

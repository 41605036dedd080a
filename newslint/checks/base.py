"""What every rule shares: the context it reads, the Rule record, its options, and the finding helpers.

A rule is a pure function from a Context (one document, its structure, the settings) to findings:
no I/O, no printing, no state between documents. A rule with a threshold worth tuning declares it
as an Option in its module (`OPTIONS = (MIN_WORDS,)`, registered in codes.py) and reads the value
in force with `ctx.option(MIN_WORDS)`; configuration files set it under `[tool.newslint.rules.CODE]`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from newslint.dedup.ref import IndexRef
from newslint.document import Document
from newslint.language import detect_language
from newslint.lexicon import Lexicon, lexicon_for
from newslint.model import Applicability, Edit, Finding, Fix, Severity
from newslint.packs import PackSet
from newslint.structure import Copy, Structure, analyze

T = TypeVar("T")
# An option's value: a whole number or a number (TOML gives an int where a float is written "1").
N = TypeVar("N", int, float)


@dataclass(frozen=True)
class Option(Generic[N]):
    """A threshold of one rule that users may set: `[tool.newslint.rules.DUP005] min-similarity = 0.95`.

    The rule's docstring documents it (in its Options section); `minimum` and `maximum` bound what
    a configuration may set, so a value that would make the rule meaningless is an error.
    """

    code: str  # the rule's code
    name: str  # kebab-case, as configuration files write it
    default: N
    help: str
    minimum: N | None = None
    maximum: N | None = None

    @property
    def expected(self) -> str:
        """What a value must be, as an error message says it: "a number from 0.5 to 1.0"."""
        what = "a whole number" if isinstance(self.default, int) else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{what} from {self.minimum} to {self.maximum}"
        if self.minimum is not None:
            return f"{what}, {self.minimum} or more"
        if self.maximum is not None:
            return f"{what}, {self.maximum} or less"
        return what

    def parse(self, value: object) -> N:
        """The value, checked against the option's type and range; ValueError("expected ..., got ...").

        >>> Option("DUP003", "min-words", 4, "", minimum=1).parse(6)
        6
        >>> Option("DUP005", "min-similarity", 0.9, "", minimum=0.5, maximum=1.0).parse(1.5)
        Traceback (most recent call last):
        ...
        ValueError: expected a number from 0.5 to 1.0, got 1.5
        """
        number: int | float
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"expected {self.expected}, got {describe_value(value)}")
        if isinstance(self.default, int):
            if not isinstance(value, int):
                raise ValueError(f"expected {self.expected}, got {value!r}")
            number = value
        else:
            number = float(value)
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise ValueError(f"expected {self.expected}, got {value!r}")
        result: N = type(self.default)(number)
        return result


def describe_value(value: object) -> str:
    """How an error message names a configuration value's type: "a string", "a table", ..."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


OptionValue = int | float


@dataclass(frozen=True)
class RuleOptions:
    """The rule options in force, as (code, option name, value) for those that differ from their
    defaults, sorted: two configurations that mean the same compare (and hash) equal."""

    values: tuple[tuple[str, str, OptionValue], ...] = ()

    @classmethod
    def of(cls, values: Iterable[tuple[Option[Any], OptionValue]]) -> RuleOptions:
        chosen = {(opt.code, opt.name): value for opt, value in values if value != opt.default}
        return cls(tuple(sorted((code, name, value) for (code, name), value in chosen.items())))

    def get(self, option: Option[N]) -> N:
        for code, name, value in self.values:
            if code == option.code and name == option.name:
                result: N = type(option.default)(value)
                return result
        return option.default


@dataclass(frozen=True)
class Settings:
    """What a run's rules may depend on besides the document (picklable and hashable: it goes to
    worker processes and into cache keys)."""

    packs: PackSet
    language: str = "auto"  # a wordfreq language code, or "auto": detected per document
    options: RuleOptions = RuleOptions()
    index: IndexRef | None = None  # the articles DUP101 and DUP102 look each document's up in


@dataclass
class Context:
    """One document as the rules see it; the structure analysis runs once, on first use."""

    doc: Document
    settings: Settings
    _shared: dict[Callable[[Any], Any], Any] = field(default_factory=dict, repr=False)

    @cached_property
    def structure(self) -> Structure:
        return analyze(self.doc, self.settings.packs)

    def shared(self, analysis: Callable[[Document], T]) -> T:
        """An analysis of the document that several rules read, computed once (as `structure` is)."""
        if analysis not in self._shared:
            self._shared[analysis] = analysis(self.doc)
        result: T = self._shared[analysis]
        return result

    def computed(self, analysis: Callable[[Context], T]) -> T:
        """Like `shared`, for an analysis that needs the settings too (DUP101/DUP102's look-up)."""
        if analysis not in self._shared:
            self._shared[analysis] = analysis(self)
        result: T = self._shared[analysis]
        return result

    @cached_property
    def language(self) -> str:
        if self.settings.language == "auto":
            return detect_language(self.doc.text)
        return self.settings.language

    @property
    def lexicon(self) -> Lexicon:
        return lexicon_for(self.language)

    def option(self, option: Option[N]) -> N:
        """The value of one of the rule's options in this run: the configured one, or its default."""
        return self.settings.options.get(option)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule's identity and documentation. The code is a contract: it never changes meaning."""

    code: str
    name: str
    check: Check
    fix: str  # "always", "sometimes" or "never": whether findings carry a fix
    # Off unless selected (by code, prefix, name or ALL): a rule whose cost on born-digital news
    # is out of proportion to what it finds there. See codes.py for each such rule's reason.
    default: bool = True
    options: tuple[Option[Any], ...] = ()  # what users may tune: the module's OPTIONS

    def option(self, name: str) -> Option[Any] | None:
        return next((option for option in self.options if option.name == name), None)

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    def section(self, title: str) -> str:
        """The text of one `## Title` section of the rule's documentation."""
        match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", self.doc, re.M | re.S)
        return match.group(1).strip() if match else ""

    def example(self, title: str) -> str | None:
        """The text block of the Example or Use instead section, as a user would paste it."""
        match = re.search(r"^```text\n(.*?)^```", self.section(title), re.M | re.S)
        return match.group(1) if match else None


def located_finding(
    code: str,
    name: str,
    doc: Document,
    message: str,
    line: int,
    column: int,
    end_line: int,
    end_column: int,
    fix: Fix | None = None,
    severity: Severity = Severity.WARNING,
) -> Finding:
    """A finding of `doc`, labelled with its path and record."""
    return Finding(
        code=code,
        name=name,
        message=message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        severity=severity,
        fix=fix,
        path=doc.path,
        record=doc.record,
    )


def whole_line_finding(
    code: str,
    name: str,
    doc: Document,
    line: int,
    message: str,
    fix: Fix | None = None,
    severity: Severity = Severity.WARNING,
) -> Finding:
    """A finding that spans the content of one whole line."""
    text = doc.line(line).text
    return located_finding(code, name, doc, message, line, 1, line, len(text) + 1, fix, severity)


def delete_line_fix(doc: Document, line: int, message: str) -> Fix:
    return Fix(Applicability.SAFE, message, (doc.delete_line(line),))


def copy_finding(code: str, name: str, ctx: Context, copy: Copy, what: str) -> Finding:
    """A line printed again: the finding on the copy, with the fix that deletes it."""
    return whole_line_finding(
        code,
        name,
        ctx.doc,
        copy.line,
        f"{what} printed again (first printed on line {copy.original})",
        delete_line_fix(ctx.doc, copy.line, f"Delete the copy of line {copy.original}"),
    )


def replace_fix(
    applicability: Applicability, message: str, line: int, column: int, end_column: int, content: str
) -> Fix:
    return Fix(applicability, message, (Edit(line, column, line, end_column, content),))


def shorten(text: str, width: int = 60) -> str:
    """Text as a message quotes it: cut at `width` characters with an ellipsis.

    >>> shorten("Over 12,300 Civilians Killed since Start of Ukraine War, UN says", 20)
    'Over 12,300 Civil...'
    """
    return text if len(text) <= width else text[: width - 3] + "..."

"""What every rule shares: the context it reads, the Rule record, and the finding helpers.

A rule is a pure function from a Context (one document, its structure, the settings) to findings:
no I/O, no printing, no state between documents.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from newslint.document import Document
from newslint.language import detect_language
from newslint.lexicon import Lexicon, lexicon_for
from newslint.model import Applicability, Edit, Finding, Fix, Severity
from newslint.packs import PackSet
from newslint.structure import Copy, Structure, analyze

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """What a run's rules may depend on besides the document."""

    packs: PackSet
    language: str = "auto"  # a wordfreq language code, or "auto": detected per document


@dataclass
class Context:
    """One document as the rules see it; the structure analysis runs once, on first use."""

    doc: Document
    settings: Settings
    _shared: dict[Callable[[Document], Any], Any] = field(default_factory=dict, repr=False)

    @cached_property
    def structure(self) -> Structure:
        return analyze(self.doc, self.settings.packs)

    def shared(self, analysis: Callable[[Document], T]) -> T:
        """An analysis of the document that several rules read, computed once (as `structure` is)."""
        if analysis not in self._shared:
            self._shared[analysis] = analysis(self.doc)
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

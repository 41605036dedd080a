from __future__ import annotations

import bisect
import html
import operator
import re
from collections.abc import Iterator
from html.entities import html5
from typing import NamedTuple

from newslint.checks.base import Context, located_finding, replace_fix, shorten
from newslint.model import Applicability, Edit, Finding, Fix

CODE, NAME = "ENC002", "html-leftover"

# Only well-formed references: a name HTML5 defines followed by ";" (so "AT&T", "R&D" and
# "this&not that" are text), a decimal or hex character number followed by ";", and the three
# names that scrapers leave without their ";" ("Tom &amp Jerry").
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};|(?:amp|nbsp|quot)(?![A-Za-z0-9;]))"
)
_NAMED = frozenset(name for name in html5 if name.endswith(";"))
# A tag is a known element name with attributes that look like HTML ("<a href=...>"), so
# "x < y", "a<b and c>d" and "<3" are not tags. Tags stay on one line.
_TAG = re.compile(
    r"<!--.*?-->|<!DOCTYPE[^<>\n]*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9]{0,15})"
    r"((?:[ \t]+[A-Za-z_:@][-\w:.@]*(?:[ \t]*=[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'=<>`]+))?)*)"
    r"[ \t]*/?>",
    re.IGNORECASE,
)
_ATTRIBUTE = re.compile(
    r"[ \t]+([A-Za-z_:@][-\w:.@]*)([ \t]*=[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'=<>`]+))?"
)
# A tag named in prose about HTML: "the <div> element", "a <br> tag".
_MENTION = re.compile(r"[ \t]+(?:tags?|elements?)\b", re.IGNORECASE)
# Elements that separate the text around them (a line or a cell ends there): removing one
# between two words leaves a space. Inline elements ("<b>", "<a>") are removed without a trace.
BLOCK_TAGS = frozenset(
    "address article aside audio blockquote body br button canvas caption center col colgroup dd "
    "details div dl dt embed fieldset figcaption figure footer form frame h1 h2 h3 h4 h5 h6 head "
    "header hr html iframe img input label legend li link main meta nav noscript object ol option "
    "p param picture pre script section select source style summary svg table tbody td textarea "
    "tfoot th thead title tr track ul video".split()
)
INLINE_TAGS = frozenset(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q s samp "
    "small span strike strong sub sup time tt u var wbr".split()
)
BOOLEAN_ATTRIBUTES = frozenset(
    "allowfullscreen async autofocus autoplay checked controls default defer disabled hidden "
    "itemscope loop multiple muted nomodule novalidate nowrap open readonly required reversed "
    "selected".split()
)


class Tag(NamedTuple):
    start: int
    end: int
    block: bool


_START = operator.attrgetter("start")  # of a Tag or a Line


def check(ctx: Context) -> Iterator[Finding]:
    """Finds HTML left in text: character entities ("&amp;", "&#8217;") and tags ("<br>", "</p>").

    ## What it does
    Reports HTML character references ("&amp;", "&nbsp;", "&quot;", "&#8217;", "&#x2019;")
    and tags of known HTML elements ("<br>", "<p>", "</div>", "<a href=...>", comments) left in
    a line of text. Only well-formed ones count: an entity needs a name HTML defines and its
    ";" (only "&amp", "&nbsp" and "&quot" are also recognised without it), and a tag needs a
    known element name and attributes that look like HTML. "AT&T", "R&D", "Q&A",
    "x < y and y > z", "a<b and c>d", "<3" and "the <div> element" are text. Adjacent tags
    are one finding.

    ## Why it matters
    The scraper saved markup instead of the text it renders: readers see "&amp;" and "<br>",
    searches for "AT&T" miss "AT&amp;T", and tokenizers learn markup as words.

    ## Example
    ```text
    AT&amp;T and Verizon&#8217;s merger talks<br>resume

    <p>Shares of both companies rose on Monday.</p>
    ```

    ## Use instead
    ```text
    AT&T and Verizon’s merger talks resume

    Shares of both companies rose on Monday.
    ```

    ## Fix safety
    Safe: an entity becomes the character it stands for (a numeric reference to a control
    character becomes a space or nothing, as a browser shows it); a tag is removed and its text
    kept. A line break or block tag between two words becomes a space so the words stay apart,
    and a line that holds only tags is deleted. A reference to an invalid character is reported
    without a fix.
    """
    doc = ctx.doc
    text = doc.text
    has_tags = "<" in text
    if not has_tags and "&" not in text:
        return
    starts = list(map(_START, doc.lines))
    tags: dict[int, list[Tag]] = {}
    if has_tags:
        for match in _TAG.finditer(text):
            block = _tag_kind(match)
            if block is None:
                continue
            number = bisect.bisect_right(starts, match.start())
            offset = starts[number - 1]
            tags.setdefault(number, []).append(Tag(match.start() - offset, match.end() - offset, block))
    for number, line_tags in tags.items():
        yield from _tag_findings(ctx, number, line_tags)
    if "&" in text:
        for match in _ENTITY.finditer(text):
            number = bisect.bisect_right(starts, match.start())
            column = match.start() - starts[number - 1]
            if _inside(tags.get(number, []), column):
                continue  # inside a tag, which goes as a whole
            finding = _entity_finding(ctx, number, column, match.group())
            if finding is not None:
                yield finding


def _inside(tags: list[Tag], column: int) -> bool:
    """Whether a column falls inside one of a line's tags (which are in order and do not overlap)."""
    k = bisect.bisect_right(tags, column, key=_START) - 1
    return k >= 0 and column < tags[k].end


def _tag_kind(match: re.Match[str]) -> bool | None:
    """Whether a match is a block tag (True), an inline tag or comment (False), or no tag (None)."""
    if match.group(2) is None:
        return False  # a comment or a doctype
    name = match.group(2).lower()
    if name not in BLOCK_TAGS and name not in INLINE_TAGS:
        return None
    attributes = match.group(3)
    if attributes and match.group(1):
        return None  # a closing tag has no attributes
    for attribute in _ATTRIBUTE.finditer(attributes):
        if not attribute.group(2) and attribute.group(1).lower() not in BOOLEAN_ATTRIBUTES:
            return None  # "<b and c>": words, not attributes
    if _MENTION.match(match.string, match.end()):
        return None  # "the <div> element": prose about HTML
    return name in BLOCK_TAGS


def _tag_findings(ctx: Context, number: int, tags: list[Tag]) -> Iterator[Finding]:
    """One finding per run of tags separated by nothing but spaces."""
    text = ctx.doc.line(number).text
    runs: list[list[Tag]] = []
    for tag in tags:
        if runs and not text[runs[-1][-1].end : tag.start].strip():
            runs[-1].append(tag)
        else:
            runs.append([tag])
    # Where the line's text starts and ends: markup outside them is at the start or the end.
    first, last = len(text) - len(text.lstrip()), len(text.rstrip())
    for run in runs:
        start, end = run[0].start, run[-1].end
        markup = text[start:end]
        what = "HTML comment" if markup.startswith("<!--") else "HTML tags" if len(run) > 1 else "HTML tag"
        message = f"{what} {shorten(markup)!r} left in text"
        if start <= first and end >= last:
            fix = Fix(
                Applicability.SAFE, "Delete the line, which holds only markup", (ctx.doc.delete_line(number),)
            )
        else:
            fix = _removal(text, number, start, end, any(tag.block for tag in run), first, last)
        yield located_finding(
            CODE,
            NAME,
            ctx.doc,
            message=message,
            line=number,
            column=start + 1,
            end_line=number,
            end_column=end + 1,
            fix=fix,
        )


def _removal(text: str, line: int, start: int, end: int, block: bool, first: int, last: int) -> Fix:
    """Remove text[start:end] so that the words around it keep one space between them.

    >>> [e.content for e in _removal("word<br>next", 1, 4, 8, True, 0, 12).edits]
    [' ']
    >>> _removal("the <b>big</b> dog", 1, 4, 7, False, 0, 18).edits
    (Edit(line=1, column=5, end_line=1, end_column=8, content=''),)
    """
    if start <= first:
        # At the start of the line: take the spaces after the markup too.
        while end < len(text) and text[end] in " \t":
            end += 1
        return _edit("Remove the markup", line, start, end, "")
    if end >= last:
        end = len(text)  # at the end of the line: no trailing spaces left behind
    space_before, space_after = text[start - 1].isspace(), end == len(text) or text[end].isspace()
    if space_before and space_after:
        # Between spaces, or at the end of the line: take the spaces before the markup too.
        while text[start - 1] in " \t":
            start -= 1
    if block and not space_before and not space_after:
        return _edit("Replace the markup with a space", line, start, end, " ")
    return _edit("Remove the markup", line, start, end, "")


def _edit(message: str, line: int, start: int, end: int, content: str) -> Fix:
    return Fix(Applicability.SAFE, message, (Edit(line, start + 1, line, end + 1, content),))


def _entity_finding(ctx: Context, number: int, column: int, entity: str) -> Finding | None:
    if not entity.startswith("&#") and entity.endswith(";") and entity[1:] not in _NAMED:
        return None  # "&T;", "&foo;": not an HTML name
    char = html.unescape(entity if entity.endswith(";") else entity + ";")
    fix: Fix | None = None
    if char == "\ufffd" and entity.lower() not in ("&#65533;", "&#xfffd;"):
        message = f"HTML character reference {entity!r} to an invalid character left in text"
    else:
        if char in ("\n", "\r", "\t"):
            char = " "
        message = f"HTML entity {entity!r} left in text: it stands for {char!r}"
        fix = replace_fix(
            Applicability.SAFE,
            f"Replace {entity!r} with {char!r}",
            number,
            column + 1,
            column + 1 + len(entity),
            char,
        )
    return located_finding(
        CODE,
        NAME,
        ctx.doc,
        message=message,
        line=number,
        column=column + 1,
        end_line=number,
        end_column=column + 1 + len(entity),
        fix=fix,
    )

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterator
from itertools import compress

from newslint.checks.base import Context, located_finding, replace_fix
from newslint.checks.mojibake import repairs
from newslint.document import Document, Line
from newslint.model import Applicability, Finding

CODE, NAME = "ENC003", "invisible-character"

ZWSP, ZWNJ, ZWJ = "\u200b", "\u200c", "\u200d"
# One invisible character, or a whole terminal colour escape ("\x1b[31m"): deleting only its
# ESC would leave "[31m" in the text.
_INVISIBLE = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]"
    "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Right-to-left scripts: a line that holds one needs its direction marks.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
# Scripts whose spelling uses ZWNJ and ZWJ (Persian "می‌خواهم", Hindi "क्‍ष"): Hebrew to
# Arabic Extended-A, the Indic scripts, Thai to Mongolian, Arabic presentation forms, and the
# historic and minority scripts of the supplementary planes that shape their letters.
_JOINING_SCRIPT = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u18af\u1900-\u1aaf\u1b00-\u1c4f"
    "\ua800-\ua8ff\ua900-\uaaff\uabc0-\uabff\ufb1d-\ufdff\ufe70-\ufefc"
    "\U00010a00-\U00010fff\U00011000-\U00011fff\U0001e900-\U0001e95f]"
)
# Scripts written without spaces, where ZWSP marks the word breaks: Thai, Lao, Tibetan, Myanmar,
# Khmer.
_UNSPACED_SCRIPT = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff]")
# Vertical tab and form feed (Word's line break, a page break) stand between words: they
# become a space, not nothing.
_BREAKS = frozenset("\x0b\x0c")
_C1_AND_SHY = re.compile("[\x80-\x9f\xad]")
# Spaces that are not "printable" to Python but are text (French uses U+202F before ";:!?").
_SPACES = ("\xa0", "\u202f", "\u2009", "\u2002", "\u2003", "\u2007", "\u200a", "\u3000", "\t")
_TEXT = operator.attrgetter("text")


def check(ctx: Context) -> Iterator[Finding]:
    """Finds invisible characters: zero-width spaces, soft hyphens, stray BOMs, control characters.

    ## What it does
    Reports zero-width spaces (U+200B), word joiners (U+2060), soft hyphens (U+00AD), byte-order
    marks inside the text (U+FEFF; the reader already drops the one that starts a file), C0 and
    C1 control characters other than tab and the line ends, terminal colour escapes, and
    direction marks and embeddings (U+200E, U+202A-U+202E, U+2066-U+2069) in lines without
    right-to-left text. A run of them is one finding. Left alone: ZWNJ and ZWJ next to letters
    of scripts that spell with them (Persian "می‌خواهم", the Indic scripts) or inside emoji
    sequences ("👩‍💻"), ZWSP between words of Thai, Lao, Khmer, Myanmar or Tibetan, direction
    marks in lines with Hebrew or Arabic, and C1 controls and soft hyphens that are bytes of a
    misread UTF-8 character ("Ã\\xad" for "í", "don\\x92t": ENC001 repairs them).

    ## Why it matters
    Invisible characters split words for search engines, tokenizers and deduplication
    ("Khamenei" and "Khamenei\\u200b" are different strings that print the same) and can
    reorder how a line is displayed. They come from CMS editors, copy and paste, and pages
    stitched together.

    ## Example
    The headline hides a U+200B after "Khamenei", the body a U+00AD in "Bundesregierung":
    ```text
    Iran Parliament Speaker Delivers Khamenei\u200b’s Letter for Putin

    The Bundes\u00adregierung met on Monday.
    ```

    ## Use instead
    ```text
    Iran Parliament Speaker Delivers Khamenei’s Letter for Putin

    The Bundesregierung met on Monday.
    ```

    ## Fix safety
    Safe: the characters print as nothing, so deleting them changes no visible text. A vertical
    tab or form feed between two words becomes a space, so the words stay apart.
    """
    for line in ctx.shared(invisible_lines):
        yield from _line_findings(ctx, line)


def invisible_lines(doc: Document) -> list[Line]:
    """The lines of a document that hold a character which is neither printable nor a space.

    `str.isprintable`, mapped over the lines in C, is the fastest scan Python has for rare
    characters; the few lines it stops at (most for a no-break or thin space) are looked at
    again without their spaces. ENC001 looks for C1 controls among the same lines, so both
    rules read it through `Context.shared`.
    """
    lines = doc.lines
    unprintable = compress(lines, map(operator.not_, map(str.isprintable, map(_TEXT, lines))))
    return [line for line in unprintable if _has_invisible(line.text)]


def _has_invisible(text: str) -> bool:
    for space in _SPACES:
        if space in text:
            text = text.replace(space, " ")
    return not text.isprintable()


def _line_findings(ctx: Context, line: Line) -> Iterator[Finding]:
    text = line.text
    spans: list[tuple[int, int]] = []
    rtl: bool | None = None
    mojibake: set[int] | None = None
    for match in _INVISIBLE.finditer(text):
        start, end = match.span()
        char = match.group()
        if char in (ZWNJ, ZWJ) and _joins(text, start, char):
            continue
        if char == ZWSP and _next_to(text, start, _UNSPACED_SCRIPT):
            continue
        if char in _BIDI:
            if rtl is None:
                rtl = _RTL.search(text) is not None
            if rtl:
                continue
        if _C1_AND_SHY.fullmatch(char):
            if start and "\xc2" <= text[start - 1] <= "\xdf":
                continue  # "Ã\xad", "Ñ\x81": the second byte of a misread UTF-8 character
            if mojibake is None:
                mojibake = {i for r in repairs(text) for i in range(r.start, r.end)}
            if start in mojibake:
                continue  # part of a misread UTF-8 sequence ("Ã\xad" is "í"): ENC001's
        if spans and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    for start, end in spans:
        yield _finding(ctx, line, start, end)


def _joins(text: str, i: int, char: str) -> bool:
    """Whether a ZWNJ or ZWJ at text[i] is spelling: next to a letter of a joining script, or a
    ZWJ between two parts of an emoji sequence."""
    if _next_to(text, i, _JOINING_SCRIPT):
        return True
    return char == ZWJ and 0 < i < len(text) - 1 and _is_emoji(text[i - 1]) and _is_emoji(text[i + 1])


def _next_to(text: str, i: int, script: re.Pattern[str]) -> bool:
    """Whether the character before or after text[i] belongs to the script."""
    return (i > 0 and script.match(text[i - 1]) is not None) or (
        i + 1 < len(text) and script.match(text[i + 1]) is not None
    )


def _is_emoji(char: str) -> bool:
    """Pictographs and the characters that build emoji sequences (VS16, skin tones, keycaps, tags).

    >>> _is_emoji("👩"), _is_emoji("\\ufe0f"), _is_emoji("❤"), _is_emoji("a")
    (True, True, True, False)
    """
    o = ord(char)
    return o >= 0x1F000 or 0x2190 <= o <= 0x2BFF or o in (0xFE0F, 0x20E3, 0x00A9, 0x00AE, 0x2122)


def _describe(chars: str) -> str:
    """Names of the invisible characters, in order of first appearance.

    >>> _describe("\\u200b\\u200b\\x07")
    'ZERO WIDTH SPACE (U+200B) x2, a control character (U+0007)'
    """
    if chars.startswith("\x1b["):
        return f"a terminal escape sequence {chars!r}"
    parts = []
    for char in dict.fromkeys(chars):
        name = unicodedata.name(char, "") or "a control character"
        count = chars.count(char)
        parts.append(f"{name} (U+{ord(char):04X})" + (f" x{count}" if count > 1 else ""))
    return ", ".join(parts)


def _finding(ctx: Context, line: Line, start: int, end: int) -> Finding:
    text = line.text
    chars = text[start:end]
    between_words = (
        start > 0 and end < len(text) and not text[start - 1].isspace() and not text[end].isspace()
    )
    content = " " if between_words and any(c in _BREAKS for c in chars) else ""
    lo, hi = max(0, start - 20), min(len(text), end + 20)
    context = ("..." if lo else "") + text[lo:hi] + ("..." if hi < len(text) else "")
    plural = "s" if len(chars) > 1 and not chars.startswith("\x1b[") else ""
    action = "Replace with a space" if content else f"Delete the invisible character{plural}"
    return located_finding(
        CODE,
        NAME,
        ctx.doc,
        message=f"Invisible {_describe(chars)} in {context!r}",
        line=line.number,
        column=start + 1,
        end_line=line.number,
        end_column=end + 1,
        fix=replace_fix(Applicability.SAFE, action, line.number, start + 1, end + 1, content),
    )

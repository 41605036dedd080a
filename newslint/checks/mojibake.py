from __future__ import annotations

import bisect
import difflib
import operator
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from newslint.checks.base import Context, located_finding, replace_fix, shorten
from newslint.model import Applicability, Finding

if TYPE_CHECKING:
    from ftfy import TextFixerConfig

CODE, NAME = "ENC001", "mojibake"


def _decoded(codec: str, first: int, last: int) -> str:
    """The characters that the bytes first..last (inclusive) become when read as `codec`."""
    return "".join(bytes([b]).decode(codec, errors="ignore") for b in range(first, last + 1))


def _char_class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


# UTF-8 continuation bytes (0x80-0xBF) as a Windows-1252 or Latin-1 reader shows them.
_CONT_1252 = _char_class(_decoded("cp1252", 0x80, 0xBF) + _decoded("latin-1", 0x80, 0xBF))
# ... and as a Windows-1251 reader shows them, less the characters that legitimately follow a
# capital Р or С in Russian (Сёмин, «...С»).
_CONT_1251 = _char_class("".join(c for c in _decoded("cp1251", 0x80, 0xBF) if c not in "ёЁ«»“”„…–—№\xa0·"))

# Every line that holds one of these sequences goes to ftfy; nothing else does. Each branch is
# how one common wrong reading shows UTF-8: a lead byte then continuation bytes through
# Windows-1252 or Latin-1 ("Ã©", "â€™", "ðŸ˜€"; "Ã " where byte A0 became a space), the Cyrillic
# lead bytes through Windows-1251 ("Рѕ", "С‚", "вЂ™"), Mac Roman ("‚Äô", "√©"), and C1 controls
# (Windows-1252 bytes read as Latin-1: "don\x92t"). A multiplication sign between no-break spaces
# ("39\xa0×\xa053") is typography, not a Hebrew letter. The pattern starts with one character
# class, and each branch looks back at it: `re` then skips through text with a fast class scan
# (six times faster than an alternation of the branches).
_SUSPECT = re.compile(
    "[\xc2-\xf4РСв‚√\x80-\x9f]"
    f"(?:(?<=[\xc2-\xdf])(?<!×(?=\xa0[\\d\\s])){_CONT_1252}"
    f"|(?<=[\xe0-\xef]){_CONT_1252}{{2}}"
    f"|(?<=[\xf0-\xf4]){_CONT_1252}{{3}}"
    "|(?<=[ÃÂ]) "
    f"|(?<=[РС]){_CONT_1251}"
    "|(?<=в)[Ђ„]|(?<=‚)Ä|(?<=√)[^\\s\\d(]"
    "|(?<=[\x80-\x9f]))"
)
# A document without any of these characters holds none of the sequences above (and so no
# mojibake this rule can repair): one fast `in` test each keeps clean text at full speed, where a
# regular expression over every document would cost ten times more. C1 controls are looked for
# among the lines that are not printable (shared with ENC003).
_TRIGGERS = "ÃÂÄÅÈÐÑÎÏ×ØÙ€Ÿƒ¸¤ѕ‚Ђ√"
_C1 = re.compile(r"[\x80-\x9f]")
_START = operator.attrgetter("start")
# Past this length a line is repaired in windows around its suspect sequences: ftfy and the
# alignment below stay fast on a 200 MB one-line file.
MAX_SEGMENT = 10_000
WINDOW = 2_000

_CODEC_NAMES = {
    "latin-1": "Latin-1",
    "sloppy-windows-1252": "Windows-1252",
    "sloppy-windows-1251": "Windows-1251",
    "sloppy-windows-1250": "Windows-1250",
    "sloppy-windows-1253": "Windows-1253",
    "sloppy-windows-1254": "Windows-1254",
    "sloppy-windows-1257": "Windows-1257",
    "iso-8859-2": "ISO-8859-2",
    "macroman": "Mac Roman",
    "cp437": "CP437",
}
_ASCII_RUNS = re.compile(r"([^\x00-\x7f]+)")


class Repair(NamedTuple):
    """One damaged span of a line (0-based, end exclusive) and the text it stands for."""

    start: int
    end: int
    content: str
    how: str


def check(ctx: Context) -> Iterator[Finding]:
    """Finds mojibake: text decoded with the wrong codec, such as "Khameneiâ€™s" for "Khamenei’s".

    ## What it does
    Reports text that was UTF-8 but was read as Windows-1252, Latin-1, Windows-1251, Mac Roman
    or another single-byte codec ("Ã©" for "é", "â€™" for "’", "Ð¿Ñ€Ð¸" or "РїСЂРё" for
    "при", "ðŸ˜€" for "😀"), including text broken twice, and Windows-1252 punctuation read as
    Latin-1 control characters ("don\\x92t"). One finding per damaged word or run of damaged
    words, with the repair. Only lines that hold the character sequences mojibake produces are
    given to ftfy, which decides; its other fixes (quotes, ligatures, widths, HTML entities,
    control characters, normalisation) stay off. Legitimate accents and scripts ("România",
    "Âmbito", "SÃO PAULO", "Pelé’s", Cyrillic) are left alone.

    ## Why it matters
    Mojibake makes words unsearchable and unreadable, and each copy of the text spreads it:
    tokenizers split "Ã©" into junk pieces and language models learn it as if it were text.

    ## Example
    ```text
    Iran Parliament Speaker Delivers Khameneiâ€™s Letter for Putin to Duma Chairman

    The cafÃ© on the Champs-Ã‰lysÃ©es reopened on Monday.
    ```

    ## Use instead
    ```text
    Iran Parliament Speaker Delivers Khamenei’s Letter for Putin to Duma Chairman

    The café on the Champs-Élysées reopened on Monday.
    ```

    ## Fix safety
    Safe: the repair re-encodes the damaged characters with the codec that misread them and
    decodes them as UTF-8 again (ftfy's `fix_encoding`), which gives back the original text;
    ftfy makes a change only when the result is far more plausible than the input. Where bytes
    were already lost upstream ("â€�"), the damaged sequence becomes one U+FFFD (see ENC004).
    """
    doc = ctx.doc
    for line_number in suspect_lines(ctx):
        line = doc.line(line_number)
        for repair in repairs(line.text):
            yield _finding(ctx, line_number, line.text, repair)


def suspect_lines(ctx: Context) -> list[int]:
    """The numbers of the lines that may hold mojibake: the only lines given to ftfy."""
    doc = ctx.doc
    text = doc.text
    if text.isascii():
        return []
    numbers: set[int] = set()
    present = [c for c in _TRIGGERS if c in text]
    if present:
        lines = doc.lines
        starts = list(map(_START, lines))
        for char in present:
            i = text.find(char)
            while i != -1:
                line = lines[bisect.bisect_right(starts, i) - 1]
                if _SUSPECT.search(line.text):
                    numbers.add(line.number)
                i = text.find(char, line.next_start)
    # Imported here: invisible_character imports this module.
    from newslint.checks.invisible_character import invisible_lines

    numbers.update(line.number for line in ctx.shared(invisible_lines) if _C1.search(line.text))
    return sorted(numbers)


def repairs(text: str) -> tuple[Repair, ...]:
    """The damaged spans of one line and their repairs; () for a line without mojibake.

    >>> repairs("Khameneiâ€™s letter")
    (Repair(start=8, end=11, content='’', how='UTF-8 read as Windows-1252'),)
    >>> repairs("România, Âmbito, SÃO PAULO")
    ()
    """
    if text.isascii() or not _SUSPECT.search(text):
        return ()
    if len(text) <= MAX_SEGMENT:
        return _repairs(text)  # cached: ENC003 asks again about the same lines
    return tuple(r for start, end in _windows(text) for r in _repairs_in(text, start, end))


@lru_cache(maxsize=4096)
def _repairs(text: str) -> tuple[Repair, ...]:
    return _repairs_in(text, 0, len(text))


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of a long line around its suspect sequences, cut at spaces after ASCII."""
    windows: list[tuple[int, int]] = []
    for match in _SUSPECT.finditer(text):
        if windows and match.end() <= windows[-1][1]:
            continue
        start = _space_before(text, match.start(), match.start() - WINDOW)
        end = _space_after(text, match.end(), match.end() + WINDOW)
        if windows and start <= windows[-1][1] and end - windows[-1][0] <= MAX_SEGMENT:
            windows[-1] = (windows[-1][0], end)
        else:
            # A new window starts where the last one ends, at the latest: no text is fixed twice.
            windows.append((max(start, windows[-1][1]) if windows else start, end))
    return windows


def _space_before(text: str, pos: int, limit: int) -> int:
    """A cut point before pos: a space that follows an ASCII character (no lost byte A0 there)."""
    limit = max(0, limit)
    i = text.rfind(" ", limit, pos)
    while i > limit and not text[i - 1].isascii():
        i = text.rfind(" ", limit, i)
    return i if i > limit else limit


def _space_after(text: str, pos: int, limit: int) -> int:
    limit = min(len(text), limit)
    i = text.find(" ", pos, limit)
    while i != -1 and not text[i - 1].isascii():
        i = text.find(" ", i + 1, limit)
    return i if i != -1 else limit


def _repairs_in(text: str, start: int, end: int) -> tuple[Repair, ...]:
    import ftfy

    segment = text[start:end]
    fixed, plan = ftfy.fix_encoding_and_explain(segment, _config())
    if fixed == segment:
        return ()
    found = []
    for s, e, content in _changed_spans(segment, fixed):
        # A line can mix damage ("don\x92t" beside "cafÃ©"): each span is explained on its own.
        alone, alone_plan = ftfy.fix_encoding_and_explain(segment[s:e], _config())
        how = _describe((alone_plan if alone == content else plan) or [])
        found.append(Repair(start + s, start + e, content, how))
    return tuple(found)


@lru_cache(maxsize=1)
def _config() -> TextFixerConfig:
    """ftfy limited to its encoding repairs, as datatrove's FTFYFormatter runs it.

    HTML entities (ENC002) and control characters (ENC003) have rules of their own; quotes,
    ligatures, character widths, line breaks and Unicode normalisation are not damage.
    """
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


def _describe(plan: Sequence[tuple[str, str]]) -> str:
    """What went wrong, from ftfy's explanation: the codec that misread the UTF-8 bytes."""
    codecs = [_CODEC_NAMES.get(arg, arg) for op, arg in plan if op == "encode"]
    if codecs and ("decode", "windows-1252") in plan:
        return f"Windows-1252 read as {codecs[0]}"
    if codecs:
        times = " twice" if len(codecs) == 2 else f" {len(codecs)} times" if len(codecs) > 2 else ""
        return f"UTF-8 read as {codecs[0]}{times}"
    if ("apply", "decode_inconsistent_utf8") in plan:
        return "UTF-8 read as a single-byte codec"
    return "Windows-1252 read as Latin-1"


def _changed_spans(old: str, new: str) -> list[tuple[int, int, str]]:
    """The spans of `old` that differ from `new`, one per damaged word or run of damaged words.

    ftfy keeps ASCII as it is, so the two texts usually align run by run (ASCII, non-ASCII);
    when they do not (a space taken into a character, "Ã " for "à"), difflib aligns them.

    >>> _changed_spans("cafÃ© and thÃ©", "café and thé")
    [(3, 5, 'é'), (12, 14, 'é')]
    """
    old_runs = _ASCII_RUNS.split(old)
    new_runs = _ASCII_RUNS.split(new)
    spans: list[tuple[int, int, str]] = []
    if len(old_runs) == len(new_runs) and old_runs[::2] == new_runs[::2]:
        pos = 0
        for k, (a, b) in enumerate(zip(old_runs, new_runs)):
            if k % 2 and a != b:
                spans.append((pos, pos + len(a), b))
            pos += len(a)
    else:
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                spans.append((i1, i2, new[j1:j2]))
    return _merge(old, spans)


def _merge(old: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join spans in the same word, or separated by one space: one finding per damaged phrase."""
    merged: list[tuple[int, int, str]] = []
    for start, end, content in spans:
        if merged:
            prev_start, prev_end, prev_content = merged[-1]
            gap = old[prev_end:start]
            if not any(c.isspace() for c in gap) or gap == " ":
                merged[-1] = (prev_start, end, prev_content + gap + content)
                continue
        merged.append((start, end, content))
    return merged


def word_around(text: str, start: int, end: int) -> tuple[int, int]:
    """A span widened to whole words (at most 30 characters either side), for messages.

    >>> word_around("Pel\ufffd scored", 3, 4)
    (0, 4)
    """
    lo = start
    while lo > 0 and start - lo < 30 and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < 30 and not text[hi].isspace():
        hi += 1
    return lo, hi


def _finding(ctx: Context, line: int, text: str, repair: Repair) -> Finding:
    lo, hi = word_around(text, repair.start, repair.end)
    damaged = text[lo:hi]
    repaired = text[lo : repair.start] + repair.content + text[repair.end : hi]
    column, end_column = repair.start + 1, repair.end + 1
    return located_finding(
        CODE,
        NAME,
        ctx.doc,
        message=f"Mojibake {shorten(damaged)!r} ({repair.how}): should read {shorten(repaired)!r}",
        line=line,
        column=column,
        end_line=line,
        end_column=end_column,
        fix=replace_fix(
            Applicability.SAFE,
            f"Replace {shorten(text[repair.start : repair.end])!r} with {shorten(repair.content)!r}",
            line,
            column,
            end_column,
            repair.content,
        ),
    )

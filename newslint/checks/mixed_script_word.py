from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from newslint.checks.base import Context, located_finding, replace_fix
from newslint.checks.ocr_common import attested_forms, in_address, line_at, mostly_latin
from newslint.language import writes_latin
from newslint.lexicon import Lexicon, lexicon_for
from newslint.model import Applicability, Finding, Fix

CODE, NAME = "OCR004", "mixed-script-word"

LATIN, CYRILLIC, GREEK = "Latin", "Cyrillic", "Greek"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_CYRILLIC = "\u0400-\u052f"
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
# A word mixes scripts where a Latin letter touches a Cyrillic or Greek one (a combining accent may
# sit between them). Texts are scanned for the runs of whichever of the two is rarer in them, so
# that an English or a Russian text is passed over at C speed.
_LATIN_RUN = re.compile(f"[{_LATIN}]+")
_OTHER_RUN = re.compile(f"[{_CYRILLIC}{_GREEK}]+")
_OTHER_SCRIPT = re.compile(f"[{_CYRILLIC}{_GREEK}]")
_LATIN_LETTER = re.compile(f"[{_LATIN}]")
_COMBINING = "".join(map(chr, range(0x300, 0x370)))
_LATIN_CHARS = frozenset(
    "".join(chr(c) for c in range(0x41, 0x250) if _LATIN_LETTER.match(chr(c))) + _COMBINING
)
_OTHER_CHARS = frozenset(
    "".join(chr(c) for c in (*range(0x370, 0x530), *range(0x1F00, 0x2000)) if _OTHER_SCRIPT.match(chr(c)))
    + _COMBINING
)
_ROMAN_NUMERAL = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")

# Letters that look the same in two scripts, as keyboards, OCR engines and copy-paste mix them up.
# Only true look-alikes: Greek α, β, κ, μ, ν, ρ, τ, χ and Cyrillic к, т, п are letters of their own
# in formulas and words ("TNFα", "NF-κB", "μm"), so a token holding one is left alone.
CYRILLIC_TO_LATIN = dict(
    zip(
        "аеорсухіјѕһԁԛԝӏАВЕКМНОРСТХІЈЅҮԚԜ",
        "aeopcyxijshdqwlABEKMHOPCTXIJSYQW",
    )
)
GREEK_TO_LATIN = dict(zip("οΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "oABEZHIKMNOPTYX"))
LATIN_TO_CYRILLIC = dict(zip("aeopcyxiAEKMHOPCTXBI", "аеорсухіАЕКМНОРСТХВІ"))
LATIN_TO_GREEK = dict(zip("oABEZHIKMNOPTYX", "οΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"))
TO_SCRIPT: dict[str, dict[str, dict[str, str]]] = {
    LATIN: {CYRILLIC: CYRILLIC_TO_LATIN, GREEK: GREEK_TO_LATIN},
    CYRILLIC: {LATIN: LATIN_TO_CYRILLIC},
    GREEK: {LATIN: LATIN_TO_GREEK},
}
# The lexicon a word of each script is checked in when the document's own language is in another.
DEFAULT_LANGUAGE = {LATIN: "en", CYRILLIC: "ru", GREEK: "el"}
CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg"})
KNOWN_ZIPF = 2.5


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a word that mixes look-alike letters of the Latin, Cyrillic and Greek alphabets ("Pаris").

    ## What it does
    Reports a word whose letters come from more than one script, when the letters of the
    smaller script all have a look-alike in the word's main script: "Pаris" with a Cyrillic
    "а", "Mоscow" with a Greek omicron, "Росcия" with a Latin "c". The suggestion spells the
    whole word in its main script (the script of most of its letters; of the rest of the line
    when the word is split evenly). A Roman numeral typed with Cyrillic letters ("ХIХ") becomes
    Latin. Words written wholly in one script are never reported, so a Russian word quoted in an
    English article is not; and letters without a look-alike keep a word as it is, so
    scientific names ("TNFα", "NF-κB", "μm", "kΩ") and stylised brands pass.

    ## Why it matters
    The word looks right but is not the word: search, spell checkers, named-entity tools and
    deduplication all see a different string. Such words come from mixed keyboard layouts, OCR
    engines reading two alphabets, and copy-paste; spammers use them on purpose.

    ## Example
    ```text
    The summit in Pаris ended on Monday.
    ```

    ## Use instead
    ```text
    The summit in Paris ended on Monday.
    ```

    ## Fix safety
    Safe when the main script is clear (at least twice as many letters as the rest; every
    replaced letter has exactly one look-alike), or when the repaired word is a known word
    (wordfreq, in the word's script) or found elsewhere in the document. A word split evenly
    between two scripts is spelled in the script of the rest of its line; unless that gives a
    known word ("ОK" is "OK"), the fix is a guess and needs `--unsafe-fixes`.
    """
    doc = ctx.doc
    text = doc.text
    if text.isascii():
        return  # no Cyrillic or Greek letter at all (the check is free: Python knows it)
    attested: dict[str, str] | None = None
    starts: list[int] = []
    done = 0
    for begin, end in _mixed_words(text):
        if begin < done:
            continue
        done = end
        token = text[begin:end]
        if in_address(text, begin, end):
            continue
        if not starts:
            starts = [line.start for line in doc.lines]
        line = line_at(doc, starts, begin)
        repair = _repair(token, line.text)
        if repair is None:
            continue
        suggestion, script, clear = repair
        # The document and the lexicon (another language's, perhaps: 0.4 s to load) are asked
        # only when the script alone does not settle it.
        if not clear and attested is None:
            attested = attested_forms(text)
        safe = (
            clear
            or suggestion.lower() in (attested or {})
            or _lexicon(ctx, script).zipf(suggestion) >= KNOWN_ZIPF
        )
        yield _finding(ctx, line.number, begin - line.start, token, suggestion, script, safe)


def _mixed_words(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every word in which a Latin letter touches a Cyrillic or Greek one."""
    if mostly_latin(text):
        first, runs, neighbours, other = _OTHER_SCRIPT, _OTHER_RUN, _LATIN_CHARS, _LATIN_LETTER
    else:
        first, runs, neighbours, other = _LATIN_LETTER, _LATIN_RUN, _OTHER_CHARS, _OTHER_SCRIPT
    size = len(text)
    pos = 0
    # A search for one character of a class is several times faster than finditer over runs.
    while (found := first.search(text, pos)) is not None:
        start = found.start()
        run = runs.match(text, start)
        end = pos = run.end() if run else start + 1
        # A cheap look at the two neighbours first: most runs are words of their own.
        if not ((start and text[start - 1] in neighbours) or (end < size and text[end] in neighbours)):
            continue
        before = start
        while before and unicodedata.category(text[before - 1]) == "Mn":
            before -= 1
        after = end
        while after < size and unicodedata.category(text[after]) == "Mn":
            after += 1
        if (before and other.match(text, before - 1)) or other.match(text, after):
            yield _word_bounds(text, start)


def _word_bounds(text: str, at: int) -> tuple[int, int]:
    """The letter run (with its combining marks) around text[at]."""
    begin = at
    while begin and _is_word_char(text[begin - 1]):
        begin -= 1
    end = at
    while end < len(text) and _is_word_char(text[end]):
        end += 1
    return begin, end


def _is_word_char(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char) == "Mn"


def _script(char: str) -> str | None:
    """Latin, Cyrillic or Greek for a letter of those scripts; None for any other character."""
    if unicodedata.category(char) == "Mn":
        return ""  # a combining mark takes its letter's script
    name = unicodedata.name(char, "")
    for script in (LATIN, CYRILLIC, GREEK):
        if name.startswith(script.upper() + " "):
            return script
    return None


def _repair(token: str, line_text: str) -> tuple[str, str, bool] | None:
    """(the token in one script, that script, whether the main script is clear), or None.

    >>> _repair("Pаris", "")
    ('Paris', 'Latin', True)
    >>> _repair("ХIХ", "")
    ('XIX', 'Latin', True)
    >>> _repair("TNFα", "") is None, _repair("Москва", "") is None
    (True, True)
    """
    scripts = [_script(c) for c in token]
    if None in scripts:
        return None  # a letter of a fourth script, or a symbol: not a look-alike mix-up
    counts = Counter(s for s in scripts if s)
    if len(counts) < 2:
        return None
    numeral = _as_roman_numeral(token, scripts)
    if numeral is not None:
        return numeral, LATIN, True
    (main, most), (_other, second) = counts.most_common(2)
    clear = most >= 2 * (sum(counts.values()) - most)
    if most == second:
        from_line = _line_script(line_text, token)
        if from_line is None or from_line not in counts:
            return None
        main = from_line
    tables = TO_SCRIPT[main]
    out = []
    for char, script in zip(token, scripts):
        if not script or script == main:
            out.append(char)
            continue
        table = tables.get(script, {})
        if char not in table:
            return None  # no look-alike: "TNFα", "kΩ", a real mix of alphabets
        out.append(table[char])
    return "".join(out), main, clear


def _as_roman_numeral(token: str, scripts: list[str | None]) -> str | None:
    """The token as a Latin Roman numeral, when its letters are all look-alikes of one ("ХIХ")."""
    latin = "".join(
        c if s == LATIN else CYRILLIC_TO_LATIN.get(c, "") if s == CYRILLIC else GREEK_TO_LATIN.get(c, "")
        for c, s in zip(token, scripts)
    )
    if len(latin) != len(token) or len(latin) < 2 or not _ROMAN_NUMERAL.fullmatch(latin):
        return None
    return latin


def _line_script(line_text: str, token: str) -> str | None:
    """The script most letters of the line (without the token) are in, if one leads."""
    counts = Counter(_script(c) for c in line_text.replace(token, " ") if c.isalpha())
    counts.pop(None, None)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _lexicon_language(ctx: Context, script: str) -> str:
    language = ctx.language
    if script == LATIN:
        return language if writes_latin(language) else DEFAULT_LANGUAGE[LATIN]
    if script == CYRILLIC:
        return language if language in CYRILLIC_LANGUAGES else DEFAULT_LANGUAGE[CYRILLIC]
    return DEFAULT_LANGUAGE[script]


def _lexicon(ctx: Context, script: str) -> Lexicon:
    return lexicon_for(_lexicon_language(ctx, script))


def _finding(
    ctx: Context, line: int, start: int, token: str, suggestion: str, script: str, safe: bool
) -> Finding:
    foreign = ", ".join(
        f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, '?').title()})"
        for c in token
        if _script(c) not in (script, "")
    )
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    end = start + len(token)
    fix: Fix = replace_fix(
        applicability, f"Spell {token!r} in {script} letters", line, start + 1, end + 1, suggestion
    )
    return located_finding(
        CODE,
        NAME,
        ctx.doc,
        message=f"Letters of another script in the {script} word {token!r}: {foreign}; "
        f"did you mean {suggestion!r}?",
        line=line,
        column=start + 1,
        end_line=line,
        end_column=end + 1,
        fix=fix,
    )

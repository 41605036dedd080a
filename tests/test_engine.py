"""The engine: applying edits without overlaps, tidying blank lines, and fixing to a fixed point."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import RunCli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newslint.cli
import newslint.config
from newslint import engine
from newslint.checks.base import Context, Rule, Settings, delete_line_fix, whole_line_finding
from newslint.codes import RULES
from newslint.document import Document
from newslint.model import Applicability, Edit, Finding, Fix
from newslint.packs import pack_set

SETTINGS = Settings(pack_set())

# Hypothesis keeps no example database: the tests must not write files into the repository.
PROPERTY = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def finding(*edits: Edit, code: str = "TST001", applicability: Applicability = Applicability.SAFE) -> Finding:
    first = edits[0]
    return Finding(
        code,
        "test-rule",
        "test finding",
        first.line,
        first.column,
        first.end_line,
        first.end_column,
        fix=Fix(applicability, "test fix", edits),
    )


def _delete_marked(ctx: Context) -> Iterator[Finding]:
    """Deletes every line that starts with DEL (a stand-in for a copy, a widget or boilerplate)."""
    for line in ctx.doc.lines:
        if line.text.startswith("DEL"):
            fix = delete_line_fix(ctx.doc, line.number, "Delete the marked line")
            yield whole_line_finding("TST001", "delete-marked", ctx.doc, line.number, "marked", fix)


DELETE_MARKED = Rule("TST001", "delete-marked", _delete_marked, fix="always")


def fix_with(rule: Rule, text: str) -> engine.FixResult:
    return engine.fix(Document(text, "test.txt"), (rule,), SETTINGS)


def delete_marked(text: str) -> str:
    result = fix_with(DELETE_MARKED, text)
    assert result.converged
    return result.text


# apply_fixes: no overlapping edits -------------------------------------------------------------


def test_overlapping_edits_first_in_reading_order_wins() -> None:
    doc = Document("hello world\n")
    a = finding(Edit(1, 1, 1, 6, "HELLO"), code="A")
    b = finding(Edit(1, 3, 1, 8, "zz"), code="B")  # overlaps both a and c
    c = finding(Edit(1, 7, 1, 12, "WORLD"), code="C")
    text, taken = engine.apply_fixes(doc, [c, b, a])  # input order does not matter
    assert text == "HELLO WORLD\n"
    assert [f.code for f in taken] == ["A", "C"]


def test_touching_edits_both_apply() -> None:
    doc = Document("abcdef\n")
    text, taken = engine.apply_fixes(doc, [finding(Edit(1, 1, 1, 4, "X")), finding(Edit(1, 4, 1, 7, "Y"))])
    assert (text, len(taken)) == ("XY\n", 2)


def test_a_fix_is_applied_whole_or_not_at_all() -> None:
    doc = Document("hello world\n")
    two_edits = finding(Edit(1, 1, 1, 2, "H"), Edit(1, 7, 1, 8, "W"), code="M")
    clashing = finding(Edit(1, 6, 1, 9, "___"), code="O")  # overlaps only the second edit of M
    text, taken = engine.apply_fixes(doc, [clashing, two_edits])
    assert text == "Hello World\n"
    assert [f.code for f in taken] == ["M"]


def test_two_insertions_at_one_point_do_not_both_apply() -> None:
    doc = Document("hello world\n")
    text, taken = engine.apply_fixes(doc, [finding(Edit(1, 6, 1, 6, ",")), finding(Edit(1, 6, 1, 6, ";"))])
    assert text in ("hello, world\n", "hello; world\n")
    assert len(taken) == 1


def test_insertion_inside_a_replaced_range_is_refused() -> None:
    doc = Document("hello world\n")
    text, taken = engine.apply_fixes(
        doc, [finding(Edit(1, 1, 1, 12, "bye"), code="R"), finding(Edit(1, 4, 1, 4, "!"), code="I")]
    )
    assert text == "bye\n"
    assert [f.code for f in taken] == ["R"]


def test_edits_across_lines_and_newlines() -> None:
    doc = Document("one\r\ntwo\r\nthree\r\n")
    join = finding(Edit(1, 4, 2, 1, " "), code="J")  # replace the CRLF between lines 1 and 2
    upper = finding(Edit(3, 1, 3, 6, "THREE"), code="U")
    text, _taken = engine.apply_fixes(doc, [upper, join])
    assert text == "one two\r\nTHREE\r\n"


LINES = ["alpha beta", "gamma", "", "delta epsilon zeta", "eta"]


@st.composite
def replacement_edits(draw: st.DrawFn) -> tuple[Document, list[Finding]]:
    """Random in-line replacements (never deletions, so no blank-line tidying is involved)."""
    doc = Document("\n".join(LINES) + "\n")
    findings = []
    for n in range(draw(st.integers(1, 8))):
        line = draw(st.integers(1, len(LINES)))
        width = len(LINES[line - 1])
        start = draw(st.integers(1, width + 1))
        end = draw(st.integers(start, width + 1))
        content = draw(st.sampled_from(["X", "YY", "[z]"]))
        findings.append(finding(Edit(line, start, line, end, content), code=f"T{n:02d}"))
    return doc, findings


def _span(doc: Document, f: Finding) -> tuple[int, int]:
    assert f.fix is not None
    (e,) = f.fix.edits
    return doc.offset(e.line, e.column), doc.offset(e.end_line, e.end_column)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] == b[0] or b[0] < a[0] < b[1] or a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


@PROPERTY
@given(replacement_edits())
def test_apply_fixes_never_applies_overlapping_edits(case: tuple[Document, list[Finding]]) -> None:
    doc, findings = case
    text, taken = engine.apply_fixes(doc, findings)
    spans = {f.code: _span(doc, f) for f in findings}
    chosen = [spans[f.code] for f in taken]
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    # Nothing was left out without a reason: every refused fix overlaps one that was taken.
    for f in findings:
        if f not in taken:
            assert any(_overlap(spans[f.code], c) for c in chosen)
    # The text is exactly the taken edits applied, back to front.
    expected = doc.text
    for f in sorted(taken, key=lambda f: spans[f.code], reverse=True):
        start, end = spans[f.code]
        assert f.fix is not None
        expected = expected[:start] + f.fix.edits[0].content + expected[end:]
    assert text == expected


# Deleting lines: blank lines are tidied, separators survive ------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # a whole block between two paragraphs: one blank line remains, not two
        ("First para.\n\nDEL block\n\nLast para.\n", "First para.\n\nLast para.\n"),
        ("First para.\n\nDEL one\nDEL two\nDEL three\n\nLast para.\n", "First para.\n\nLast para.\n"),
        # several blocks in a row
        ("First para.\n\nDEL a\n\nDEL b\n\nDEL c\n\nLast para.\n", "First para.\n\nLast para.\n"),
        # one line of a block: the block's other lines and the blank lines are left as they were
        ("First para.\n\nKept\nDEL x\n\nLast para.\n", "First para.\n\nKept\n\nLast para.\n"),
        ("First para.\nDEL x\nSecond line.\n", "First para.\nSecond line.\n"),
        # a 3-blank-line article separator survives, on either side of the deleted block
        ("End of one.\n\n\n\nDEL x\n\nStart of two.\n", "End of one.\n\n\n\nStart of two.\n"),
        ("End of one.\n\nDEL x\n\n\n\nStart of two.\n", "End of one.\n\n\n\nStart of two.\n"),
        ("End of one.\n\nDEL x\n\n\n\nDEL y\n\nStart of two.\n", "End of one.\n\n\n\nStart of two.\n"),
        # CRLF text stays CRLF
        ("First.\r\n\r\nDEL x\r\n\r\nLast.\r\n", "First.\r\n\r\nLast.\r\n"),
        ("End.\r\n\r\n\r\n\r\nDEL x\r\n\r\nStart.\r\n", "End.\r\n\r\n\r\n\r\nStart.\r\n"),
    ],
)
def test_deleting_blocks_tidies_blank_lines(before: str, after: str) -> None:
    assert delete_marked(before) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the first lines: the text does not start with a blank line afterwards
        ("DEL x\n\nBody.\n", "Body.\n"),
        ("DEL x\nDEL y\n\nBody.\n", "Body.\n"),
        ("DEL x\n\nDEL y\n\n\nBody.\n", "Body.\n"),
        ("DEL x\nBody.\n", "Body.\n"),
        # blank lines that were already at the very start are not newslint's business
        ("\n\nDEL x\n\nBody.\n", "\n\nBody.\n"),
        # the last lines: the final newline, or its absence, is kept
        ("Body.\n\nDEL x\n", "Body.\n"),
        ("Body.\n\nDEL x", "Body."),
        ("Body.\n\nDEL x\nDEL y", "Body."),
        ("Body.\n\nDEL x\n\nDEL y\n", "Body.\n"),
        ("Body.\nDEL x", "Body."),
        ("Body.\r\n\r\nDEL x\r\n", "Body.\r\n"),
        ("Body.\r\n\r\nDEL x", "Body."),
        # blank lines that were already at the very end stay
        ("Body.\n\nDEL x\n\n", "Body.\n\n"),
        # everything
        ("DEL x\n", ""),
        ("DEL x", ""),
        ("DEL x\n\nDEL y\n", ""),
    ],
)
def test_deleting_first_and_last_lines(before: str, after: str) -> None:
    assert delete_marked(before) == after


def test_fix_result_counts_and_remaining() -> None:
    result = fix_with(DELETE_MARKED, "Body.\n\nDEL x\n\nDEL y\n")
    assert result.converged
    assert result.applied == Counter({"TST001": 2})
    assert result.remaining == []


def test_display_and_unsafe_fixes_are_not_applied_by_default() -> None:
    def check(ctx: Context) -> Iterator[Finding]:
        for applicability in (Applicability.DISPLAY, Applicability.UNSAFE):
            yield finding(Edit(1, 1, 1, 2, "X"), applicability=applicability)

    rule = Rule("TST002", "never-applied", check, fix="sometimes")
    result = fix_with(rule, "abc\n")
    assert result.text == "abc\n"
    assert len(result.remaining) == 2
    unsafe = engine.fix(Document("abc\n"), (rule,), SETTINGS, unsafe=True)
    assert unsafe.text.startswith("X")


# Fixing to a fixed point: properties over realistic scraped text -------------------------------

HEADLINES = [
    "Storm Cuts Power to Thousands on the Coast",
    "Iran Parliament Speaker Delivers Letter to Duma Chairman",
]
CAPTIONS = [
    "Workers repair a power line in Brighton. (AFP)",
    "A woman reacts at the site of a missile strike in central Kyiv, December 20, 2024. "
    "REUTERS/Thomas Peter/File Photo",
    "Chairman of the State Duma Viacheslav Volodin and Speaker Mohammad Baqer Qalibaf. (State Duma)",
]
WIDGETS = ["TT", "Advertisement", "Share", "Read more: Storm season starts early this year"]
BODY = [
    "The storm cut power to thousands of homes on Tuesday, the regional minister said.",
    "Emergency crews worked through the night to restore electricity to the worst affected towns.",
    "Officials said the damage would take weeks to repair and cost millions of pounds.",
    "The speaker of the 0arliament delivered a letter from the supreme leader to the president.",
    "Members of Parliament will debate emergency funding for the affected towns next week.",
    "He said: “We are doing everything we can.”",
    "Schools reopened on Thursday.",
]
ALPHABET = HEADLINES + CAPTIONS + WIDGETS + BODY + ["", "", "", ""]


def normalize(line: str) -> str:
    """A line as it should read after fixing: OCR repairs (which keep the document's case) aside."""
    return re.sub(r"[0Pp]arliament", "parliament", line)


@st.composite
def scraped_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=40))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    final = draw(st.sampled_from([newline, ""]))
    return newline.join(lines) + final


def fix_all(text: str) -> engine.FixResult:
    return engine.fix(Document(text, "scrape.txt"), RULES, SETTINGS)


def _content_lines(text: str) -> list[str]:
    return [ln.text for ln in Document(text).lines if ln.text.strip()]


@PROPERTY
@given(scraped_texts())
def test_fixing_twice_gives_the_same_text(text: str) -> None:
    once = fix_all(text)
    assert once.converged, once.unconverged_codes
    twice = fix_all(once.text)
    assert twice.converged
    assert twice.text == once.text
    assert twice.applied == Counter()


@PROPERTY
@given(scraped_texts())
def test_fixing_never_loses_a_line_that_is_not_a_copy(text: str) -> None:
    before = Counter(normalize(line) for line in _content_lines(text))
    after = Counter(normalize(line) for line in _content_lines(fix_all(text).text))
    for line, count in before.items():
        if line in WIDGETS:
            continue
        # A line printed once is never a copy: it survives, unchanged. A line printed several times
        # keeps at least its first printing.
        assert after[line] >= 1, f"lost {line!r}"
        if count == 1:
            assert after[line] == 1, f"changed count of {line!r}"
    # Nothing new is written either.
    assert set(after) <= set(before)


@PROPERTY
@given(scraped_texts())
def test_fixing_keeps_newline_style_and_final_newline(text: str) -> None:
    fixed = fix_all(text).text
    if "\r\n" not in text:
        assert "\r" not in fixed
    else:
        assert "\n" not in fixed.replace("\r\n", "")
    if fixed and _content_lines(fixed):
        assert fixed.endswith("\n") == text.endswith("\n")


def test_body_text_survives_a_realistic_scrape() -> None:
    text = "\n".join(
        [HEADLINES[0], "", CAPTIONS[0], CAPTIONS[0], "TT", "", HEADLINES[0], "", CAPTIONS[0], "", *BODY[:3]]
    )
    fixed = fix_all(text + "\n").text
    assert fixed == "\n".join([HEADLINES[0], "", CAPTIONS[0], "", *BODY[:3]]) + "\n"


# A fix that never converges --------------------------------------------------------------------


def _grow(ctx: Context) -> Iterator[Finding]:
    """Always finds line 1 too short, and always makes it longer: a rule with a bug."""
    line = ctx.doc.line(1)
    yield finding(Edit(1, len(line.text) + 1, 1, len(line.text) + 1, "!"), code="BUG001")


def _flip(ctx: Context) -> Iterator[Finding]:
    """Turns colour into color and color into colour: two fixes undoing each other."""
    text = ctx.doc.line(1).text
    word, other = ("colour", "color") if "colour" in text else ("color", "colour")
    start = text.find(word)
    if start >= 0:
        yield finding(Edit(1, start + 1, 1, start + 1 + len(word), other), code="BUG002")


GROW = Rule("BUG001", "grows-forever", _grow, fix="always")
FLIP = Rule("BUG002", "flips-forever", _flip, fix="always")


@pytest.mark.parametrize("rule", [GROW, FLIP], ids=["grow", "flip"])
def test_non_converging_fix_is_reported(rule: Rule) -> None:
    result = fix_with(rule, "The colour of the sky.\n\nBody.\n")
    assert result.converged is False
    assert result.unconverged_codes == (rule.code,)


@pytest.mark.parametrize("rule", [GROW, FLIP], ids=["grow", "flip"])
def test_cli_leaves_a_non_converging_file_unchanged(
    run_in_process: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule: Rule
) -> None:
    monkeypatch.setattr(newslint.config, "resolve_selection", lambda *_args, **_kwargs: (rule,))
    path = tmp_path / "story.txt"
    good = tmp_path / "other.txt"
    original = "The colour of the sky.\n\nBody.\n"
    path.write_text(original, encoding="utf-8")
    good.write_text("Nothing to see.\n", encoding="utf-8")

    code, _out, err = run_in_process(["fix", path])
    assert code == 2
    assert "Traceback" not in err
    (line,) = [ln for ln in err.splitlines() if ln.startswith("newslint: error:")]
    assert str(path) in line and "converge" in line and rule.code in line
    assert path.read_text(encoding="utf-8") == original
    assert {p.name for p in tmp_path.iterdir()} == {"story.txt", "other.txt"}

    code, out, err = run_in_process(["fix", "--diff", path])
    assert code == 2
    assert out == ""
    assert path.read_text(encoding="utf-8") == original

    code, out, err = run_in_process(["fix", "-"], stdin=original)
    assert code == 2
    assert out == original  # no half-fixed text: the input passes through unchanged

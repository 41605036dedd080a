#!/usr/bin/env python3
"""Measure newslint's OCR rules on real OCR with ground truth: ../shared/corpora/ocr_chronam.jsonl.

The corpus holds 49 articles from US newspapers of 1871-1921, line by line: the raw OCR, the human
ground truth and the correction of the overProof system (Evershed & Fitch, DATeCH 2014). Each
article's raw OCR is linted in-process (newslint.engine.lint, the OCR rules only), and every
finding is scored against the ground truth:

- precision: a flagged token counts as a true error when it differs from the ground-truth token it
  aligns with (tokens are aligned per line with difflib). A break that OCR003 mends is true when
  the ground truth has one word there: whole, or broken by its own line-end hyphen;
- recall on non-word errors: of the OCR tokens that are not words (wordfreq, Zipf below 2.5) and
  differ from the ground truth, how many a finding covers. Most of the corpus's errors are beyond
  any lexicon rule ("arc" for "are", "tho" for "the"); the row "in reach" counts only those that
  differ from the truth by the letter groups OCR002 repairs (rn/m, cl/d, li/h, vv/w);
- fix accuracy: the token that the finding's fix makes (applied alone, with engine.apply_fixes)
  equals the ground truth, beside how often overProof's token equals it on the same tokens;
- whole articles: each article fixed with engine.fix (safe fixes, then also unsafe ones), read
  as running text (line-end hyphens joined on every side), and the share of ground-truth words
  it holds in order, beside the raw OCR and overProof. overProof also repairs real-word errors
  and garbled tokens that no lexicon rule attempts, so it leads here by design.

Standard library and newslint only:

    python benchmarks/eval_ocr_chronam.py [--data PATH] [--language en] [--show 10] [--json out.json]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newslint import engine
from newslint.checks.base import Settings
from newslint.codes import select_rules
from newslint.document import Document
from newslint.lexicon import lexicon_for
from newslint.model import Finding
from newslint.packs import pack_set

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ocr_chronam.jsonl"
NON_WORD_ZIPF = 2.5  # as OCR002's gate: below it wordfreq does not know the token as a word
MIN_SIMILARITY = 0.75  # a ground-truth word this close to the OCR's two halves joined is that word
_TOKEN = re.compile(r"\S+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# The letter groups OCR002 repairs, folded to one spelling to tell which errors it could reach.
_CONFUSIONS = (("rn", "m"), ("cl", "d"), ("li", "h"), ("vv", "w"))


def core(token: str) -> str:
    """A token without the punctuation around it: '"county,' -> 'county'."""
    start, end = 0, len(token)
    while start < end and not token[start].isalnum():
        start += 1
    while end > start and not token[end - 1].isalnum():
        end -= 1
    return token[start:end]


def tokens(line: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(line)]


def align(src: list[str], ref: list[str]) -> tuple[list[int | None], list[bool]]:
    """For each source token, the index of the reference token it aligns with, and whether equal."""
    target: list[int | None] = [None] * len(src)
    same = [False] * len(src)
    matcher = difflib.SequenceMatcher(None, src, ref, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                target[i1 + k], same[i1 + k] = j1 + k, True
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                target[i1 + k] = j1 + k
        elif tag == "replace":
            for i in range(i1, i2):  # uneven block: pair each token with its likeliest reference
                best = max(
                    range(j1, j2),
                    key=lambda j: difflib.SequenceMatcher(None, src[i].lower(), ref[j].lower()).ratio(),
                )
                ratio = difflib.SequenceMatcher(None, src[i].lower(), ref[best].lower()).ratio()
                target[i] = best if ratio >= 0.5 else None
    return target, same


@dataclass
class Line:
    ocr: list[tuple[int, int, str]]
    gt: list[str]
    overproof: list[str]
    to_gt: list[int | None]
    same: list[bool]
    to_overproof: list[int | None]

    def gt_of(self, i: int) -> str | None:
        j = self.to_gt[i]
        return None if j is None else self.gt[j]

    def overproof_of(self, i: int) -> str | None:
        j = self.to_overproof[i]
        return None if j is None else self.overproof[j]

    def index_at(self, column: int) -> int | None:
        for i, (start, end, _text) in enumerate(self.ocr):
            if start <= column < end:
                return i
        return None


def load_lines(record: dict[str, Any]) -> list[Line]:
    out = []
    for raw in record["lines"]:
        ocr = tokens(raw["ocr"])
        gt = [t for _s, _e, t in tokens(raw["gt"])]
        overproof = [t for _s, _e, t in tokens(raw["overproof"])]
        ocr_cores = [core(t) for _s, _e, t in ocr]
        to_gt, same = align(ocr_cores, [core(t) for t in gt])
        to_overproof, _ = align(ocr_cores, [core(t) for t in overproof])
        out.append(Line(ocr, gt, overproof, to_gt, same, to_overproof))
    return out


def fixed_token(doc: Document, finding: Finding) -> str:
    """The word that the finding's fix, applied alone, leaves in the text.

    The word is the run of letters, digits, hyphens and apostrophes around the fix, so that
    punctuation glued to it ("28.—Representative") does not count against the fix.
    """
    assert finding.fix is not None
    text, _taken = engine.apply_fixes(doc, [finding])
    edit = finding.fix.edits[0]
    pos = doc.offset(edit.line, edit.column) + len(edit.content) - len(edit.content.lstrip())
    pos = min(pos, len(text) - 1)
    start = pos
    while start and _is_word_char(text[start - 1]):
        start -= 1
    end = pos
    while end < len(text) and _is_word_char(text[end]):
        end += 1
    return text[start:end]


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "-'’¬"


def unhyphenated(word: str) -> str:
    return word.replace("-", "").replace("¬", "")


def spelled(first: str | None, second: str | None, ocr_word: str) -> str | None:
    """How a text (ground truth or overProof) spells the word that the OCR broke in two.

    It may break it too ("con-" "stitution"), hold it whole in one of the two places (the
    ground truth often moves the whole word to one line), or hold two other words (None).
    """
    options = [unhyphenated(core(t)) for t in (first, second) if t is not None]
    if first is not None and second is not None and first.rstrip().endswith(("-", "¬")):
        options.append(unhyphenated(core(first) + core(second)))
    if not options:
        return None
    best = max(options, key=lambda o: difflib.SequenceMatcher(None, o.lower(), ocr_word.lower()).ratio())
    if difflib.SequenceMatcher(None, best.lower(), ocr_word.lower()).ratio() < MIN_SIMILARITY:
        return None
    return best


def article_words(lines: list[str]) -> list[str]:
    """An article's words, with line-end hyphens and line breaks taken out, for whole-text scores.

    The ground truth keeps the page's line breaks and their hyphens ("con-" / "stitution"); read
    as running text they are one word, as they are after OCR003's fixes.
    """
    text = re.sub(r"[-¬][ \t]*\n[ \t]*", "", "\n".join(lines))
    return [word for word in (core(t) for t in text.split()) if word]


def matched_words(words: list[str], truth: list[str]) -> int:
    """How many words of the truth the text has, in order (difflib's matching blocks)."""
    matcher = difflib.SequenceMatcher(None, words, truth, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def reachable(ocr: str, gt: str) -> bool:
    """Whether the two spellings differ only by the letter groups OCR002 repairs."""
    a, b = ocr.lower(), gt.lower()
    if a == b:
        return False
    for long, short in _CONFUSIONS:
        a, b = a.replace(long, short), b.replace(long, short)
    return a == b


@dataclass
class Score:
    findings: int = 0
    true_errors: int = 0
    aligned: int = 0  # findings whose tokens have a ground-truth token to compare a fix with
    ours_right: int = 0
    overproof_right: int = 0
    examples: list[str] = field(default_factory=list)


def score_finding(
    doc: Document, lines: list[Line], finding: Finding, score: Score, show: int
) -> set[tuple[int, int]]:
    """Score one finding; return the (line, token) pairs it covers."""
    first = lines[finding.line - 1]
    i = first.index_at(finding.column - 1)
    if i is None:
        return set()
    covered = {(finding.line - 1, i)}
    ours = core(fixed_token(doc, finding))
    score.findings += 1
    if finding.code == "OCR003":
        # A break: the halves are the OCR tokens at the finding's start and end.
        last = lines[finding.end_line - 1]
        k = last.index_at(finding.end_column - 2)
        if k is None:
            return covered
        covered.add((finding.end_line - 1, k))
        ocr_word = unhyphenated(core(first.ocr[i][2]) + core(last.ocr[k][2]))
        truth = spelled(first.gt_of(i), last.gt_of(k), ocr_word)
        op = spelled(first.overproof_of(i), last.overproof_of(k), ocr_word)
        # True when the ground truth has one word there, whole or broken by its own hyphen.
        is_true = truth is not None
        ours_cmp, truth_cmp = unhyphenated(ours), truth or ""
    else:
        truth = first.gt_of(i)
        is_true = not first.same[i]
        ours_cmp, truth_cmp = ours, core(truth) if truth is not None else ""
        op_token = first.overproof_of(i)
        op = core(op_token) if op_token is not None else None
    score.true_errors += is_true
    if truth is not None:
        score.aligned += 1
        right = ours_cmp == truth_cmp
        score.ours_right += right
        score.overproof_right += op == truth_cmp
        if len(score.examples) < show and (not right or not is_true):
            ocr_text = doc.text.splitlines()[finding.line - 1][finding.column - 1 :][:40]
            tag = "not an error" if not is_true else "wrong fix"
            score.examples.append(f"{tag}: {ocr_text!r} -> {ours!r}; truth {truth_cmp!r}; overProof {op!r}")
    elif len(score.examples) < show:
        score.examples.append(f"no aligned truth: {finding.message[:100]}")
    return covered


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--language", default="en", help="the lexicon's language (default: en)")
    ap.add_argument("--show", type=int, default=8, help="examples of misses to print per rule")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"eval_ocr_chronam: no corpus at {args.data}", file=sys.stderr)
        return 2

    records = [
        json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    rules = select_rules(["OCR"])
    settings = Settings(pack_set(), args.language)
    lexicon = lexicon_for(args.language)
    scores: dict[str, Score] = {rule.code: Score() for rule in rules}
    nonword = Counter()  # errors, and those covered by a finding, overall and within OCR002's reach
    tokens_total = 0
    articles: Counter[str] = Counter()  # ground-truth words matched in whole articles, per text
    for record in records:
        lines = load_lines(record)
        text = "".join(raw["ocr"] + "\n" for raw in record["lines"])
        doc = Document(text, "ocr_chronam.jsonl", str(record["article_id"]))
        covered: set[tuple[int, int]] = set()
        for finding in engine.lint(doc, rules, settings):
            covered |= score_finding(doc, lines, finding, scores[finding.code], args.show)
        truth = article_words([raw["gt"] for raw in record["lines"]])
        articles["truth"] += len(truth)
        articles["OCR"] += matched_words(article_words(text.splitlines()), truth)
        for unsafe in (False, True):
            result = engine.fix(doc, rules, settings, unsafe=unsafe)
            name = "newslint fix --unsafe-fixes" if unsafe else "newslint fix"
            articles[name] += matched_words(article_words(result.text.splitlines()), truth)
        overproof = [raw["overproof"] for raw in record["lines"]]
        articles["overProof"] += matched_words(article_words(overproof), truth)
        for n, line in enumerate(lines):
            for i, (_s, _e, token) in enumerate(line.ocr):
                tokens_total += 1
                word = core(token)
                if line.same[i] or not _HAS_LETTER.search(word) or lexicon.zipf(word) >= NON_WORD_ZIPF:
                    continue
                nonword["errors"] += 1
                nonword["found"] += (n, i) in covered
                truth = line.gt_of(i)
                if truth is not None and reachable(word, core(truth)):
                    nonword["reach"] += 1
                    nonword["reach found"] += (n, i) in covered

    print(f"{len(records)} articles, {tokens_total} OCR tokens, lexicon {args.language}")
    print()
    print("| rule | findings | true | precision | with truth | fix = truth | overProof = truth |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    total = Score()
    for s in scores.values():
        for name in ("findings", "true_errors", "aligned", "ours_right", "overproof_right"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    for code, s in [*scores.items(), ("all", total)]:
        precision = s.true_errors / s.findings if s.findings else float("nan")
        ours = s.ours_right / s.aligned if s.aligned else float("nan")
        theirs = s.overproof_right / s.aligned if s.aligned else float("nan")
        print(
            f"| {code} | {s.findings} | {s.true_errors} | {precision:.3f} | {s.aligned} | "
            f"{s.ours_right} ({ours:.3f}) | {s.overproof_right} ({theirs:.3f}) |"
        )
    print()
    recall = nonword["found"] / nonword["errors"] if nonword["errors"] else float("nan")
    reach = nonword["reach found"] / nonword["reach"] if nonword["reach"] else float("nan")
    print(f"recall on non-word errors: {nonword['found']}/{nonword['errors']} = {recall:.3f}")
    print(
        f"recall on non-word errors in OCR002's reach (rn/m, cl/d, li/h, vv/w): "
        f"{nonword['reach found']}/{nonword['reach']} = {reach:.3f}"
    )
    print()
    print("whole articles, running text (line-end hyphens joined): ground-truth words matched in order")
    for name in ("OCR", "newslint fix", "newslint fix --unsafe-fixes", "overProof"):
        share = articles[name] / articles["truth"] if articles["truth"] else float("nan")
        print(f"  {name:28} {articles[name]:6d} / {articles['truth']} = {share:.4f}")
    for code, s in scores.items():
        if s.examples:
            print(f"\n{code} misses:", *s.examples, sep="\n  ")
    if args.json:
        report = {
            "rules": {code: vars(s) for code, s in scores.items()},
            "nonword": dict(nonword),
            "tokens": tokens_total,
            "articles": dict(articles),
        }
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

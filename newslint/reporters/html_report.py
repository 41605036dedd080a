"""One self-contained HTML page about a run, to keep as a CI artifact and open in any browser.

The page shows the totals (documents checked, findings, fixable, errors), a bar chart of the
findings per rule, a table per folder (per file for JSONL records) with each document's findings
per rule family, and the documents with the most findings, each finding in its source context
with the flagged text highlighted and its fix as a diff. A run with no findings gets an "All
checks passed" page.

It must open anywhere, offline, years later: CSS and the SVG chart are inline, there is no
script, nothing is fetched (a Content-Security-Policy says so to the browser), and every piece
of text from the run, scraped text above all, goes through `html.escape`. Long tables and
documents are cut at a stated limit so that a batch of thousands of files still gives a page a
browser opens at once.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePosixPath
from typing import TextIO

import newslint
from newslint.model import Finding, Fix
from newslint.report import CONTEXT_LINES, Report, Source, SourceKey
from newslint.reporters.display import (
    FIX_LABELS,
    covered,
    document_label,
    family,
    posix_path,
    span_of,
    visible,
)
from newslint.reporters.fix_preview import changed_range, preview
from newslint.reporters.text_report import plural

WORST_DOCUMENTS = 20  # documents shown with their findings in context
FINDINGS_PER_DOCUMENT = 25  # findings shown in context per document
ROWS_PER_FOLDER = 50  # documents listed in a folder's table
FAMILY_ORDER = ("DUP", "OCR", "UI", "ART", "ENC")
FAMILY_COLOURS = {"DUP": "#c2410c", "OCR": "#7c3aed", "UI": "#0369a1", "ART": "#047857", "ENC": "#b91c1c"}
OTHER_COLOUR = "#4b5563"
POLICY = "default-src 'none'; style-src 'unsafe-inline'"

STYLE = """
:root { color-scheme: light; --line: #e5e7eb; --muted: #6b7280; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827;
  background: #f9fafb; }
header { background: #111827; color: #f9fafb; padding: 24px 0; }
header > div { max-width: 1200px; margin: 0 auto; padding: 0 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0 0 16px; color: #d1d5db; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
.totals div { background: #1f2937; border-radius: 8px; padding: 10px 18px; min-width: 150px; }
.totals dt { font-size: 13px; color: #d1d5db; }
.totals dd { margin: 0; font-size: 28px; font-weight: 700; }
.totals .bad dd { color: #fca5a5; }
.totals .good dd { color: #86efac; }
main { max-width: 1200px; margin: 0 auto; padding: 8px 32px 32px; }
section { margin-top: 28px; }
h2 { font-size: 20px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; overflow-wrap: anywhere; }
.note { color: var(--muted); font-size: 13px; }
.passed { background: #ecfdf5; border: 1px solid #a7f3d0; border-radius: 8px; padding: 16px 24px; }
.passed h2 { border: 0; color: #047857; margin: 0; }
.errors li { font: 13px ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px;
  overflow-x: auto; }
table.counts { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
.counts th, .counts td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; }
.counts th:first-child, .counts td:first-child { text-align: left; overflow-wrap: anywhere; }
.counts thead th { background: #f3f4f6; }
.counts tfoot td { font-weight: 700; background: #f3f4f6; }
.counts td.zero { color: #d1d5db; }
.doc { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 12px;
  margin-top: 16px; }
.doc h3 .count { color: var(--muted); font-weight: 400; }
.finding { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 8px; }
.finding p { margin: 0 0 6px; overflow-wrap: anywhere; }
.code { display: inline-block; color: #fff; border-radius: 4px; padding: 0 6px;
  font: 600 13px/20px ui-monospace, Menlo, Consolas, monospace; }
.where { color: var(--muted); font-size: 13px; }
.badge { font-size: 12px; border-radius: 10px; padding: 1px 8px; border: 1px solid; white-space: nowrap; }
.badge.safe { color: #047857; } .badge.unsafe { color: #b45309; } .badge.display { color: var(--muted); }
table.src, table.diff { border-collapse: collapse; width: 100%; font: 13px/1.45 ui-monospace, Menlo, Consolas,
  monospace; background: #f8fafc; border: 1px solid var(--line); }
.src td, .diff td { padding: 0 8px; vertical-align: top; }
td.ln { width: 1%; text-align: right; color: #9ca3af; user-select: none; white-space: nowrap; }
td.tx { white-space: pre-wrap; overflow-wrap: anywhere; }
tr.hit td.ln { color: #111827; font-weight: 700; background: #fef3c7; }
tr.hit.empty td.tx { background: #fef3c7; }
mark { background: #fde68a; outline: 1px solid #f59e0b; border-radius: 2px; }
.fix { margin-top: 6px; }
.fix p { font-size: 13px; margin: 4px 0; }
.diff tr.del td.tx { background: #fee2e2; } .diff tr.add td.tx { background: #dcfce7; }
.diff tr.del .chg { background: #fca5a5; } .diff tr.add .chg { background: #86efac; }
td.sign { width: 1%; color: var(--muted); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 16px; }
"""


def e(text: object) -> str:
    """Text as HTML: every piece of text on the page goes through here."""
    return html.escape(str(text), quote=True)


def colour(code: str) -> str:
    return FAMILY_COLOURS.get(family(code), OTHER_COLOUR)


def by_document(findings: Iterable[Finding]) -> dict[SourceKey, list[Finding]]:
    """Findings grouped per document (a file, or a record of a JSONL file), in report order."""
    groups: dict[SourceKey, list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.path, finding.record), []).append(finding)
    return groups


def folder_of(key: SourceKey) -> str:
    """Where a document belongs in the tables: its folder, or its file for a JSONL record."""
    path, record = key
    if record is not None:
        return posix_path(path)
    parent = str(PurePosixPath(posix_path(path)).parent)
    return "(current folder)" if parent == "." else parent + "/"


def label(key: SourceKey) -> str:
    return document_label(posix_path(key[0]), key[1])


def name_in_folder(key: SourceKey) -> str:
    """A document's name in its folder's table, where the heading already says the folder."""
    path, record = key
    return PurePosixPath(posix_path(path)).name if record is None else f"record {record}"


def write(report: Report, out: TextIO) -> None:
    out.write(page(report))


def page(report: Report) -> str:
    findings = report.findings
    title = (
        f"newslint: {plural(len(findings), 'finding')} in {plural(len(by_document(findings)), 'document')}"
        if findings
        else "newslint: all checks passed"
    )
    sections = [errors_section(report.errors)]
    if findings:
        sections += [rules_section(findings), folders_section(report), worst_section(report)]
    else:
        sections.append(passed_section(report.checked))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            # Nothing on this page may be fetched: it is read offline, as an artifact.
            f'<meta http-equiv="Content-Security-Policy" content="{e(POLICY)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{e(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            totals(report),
            "<main>",
            *sections,
            "</main>",
            f"<footer>newslint {e(newslint.__version__)}: a self-contained page; nothing on it is fetched."
            "</footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


def totals(report: Report) -> str:
    fixable = sum(f.fixable(report.unsafe_fixes) for f in report.findings)
    cards = [
        ("Documents checked", report.checked, ""),
        ("Findings", len(report.findings), "bad" if report.findings else "good"),
        ("Fixable with newslint fix" + (" --unsafe-fixes" if report.unsafe_fixes else ""), fixable, ""),
        ("Errors", len(report.errors), "bad" if report.errors else ""),
    ]
    items = "".join(
        f'<div class="{cls}"><dt>{e(name)}</dt><dd>{value}</dd></div>' for name, value, cls in cards
    )
    return (
        f"<header><div><h1>newslint report</h1><p>Damage found in scraped news text, by rule and by document."
        f'</p><dl class="totals">{items}</dl></div></header>'
    )


def errors_section(errors: Sequence[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{e(message)}</li>" for message in errors)
    return f'<section class="errors"><h2>Inputs that could not be checked</h2><ul>{items}</ul></section>'


def passed_section(checked: int) -> str:
    return (
        f'<section class="passed"><h2>All checks passed</h2>'
        f"<p>No findings in {e(plural(checked, 'document'))} checked.</p></section>"
    )


def rules_section(findings: Sequence[Finding]) -> str:
    return (
        '<section id="rules"><h2>Findings per rule</h2>'
        f'<div class="chart">{bar_chart(findings)}</div></section>'
    )


def bar_chart(findings: Sequence[Finding]) -> str:
    """Findings per rule as horizontal bars (inline SVG): `CODE name`, a bar, the count."""
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    rows = sorted(counts, key=lambda code: (-counts[code], code))
    char, row_height, bar_width = 7.8, 26, 520  # 13px monospace: about 7.8px a character
    label_width = int(max(len(f"{code} {names[code]}") for code in rows) * char) + 16
    width, height = label_width + bar_width + 60, len(rows) * row_height + 8
    top = max(counts.values())
    bars = []
    for i, code in enumerate(rows):
        y = 4 + i * row_height
        length = max(2.0, bar_width * counts[code] / top)
        bars.append(
            f"<g><title>{e(code)} {e(names[code])}: {plural(counts[code], 'finding')}</title>"
            f'<text x="{label_width - 10}" y="{y + 17}" text-anchor="end">{e(code)} {e(names[code])}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row_height - 8}" rx="3" '
            f'fill="{colour(code)}"></rect>'
            f'<text x="{label_width + length + 8:.1f}" y="{y + 17}" font-weight="700">{counts[code]}</text>'
            "</g>"
        )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="Findings per rule" font-family="ui-monospace, Menlo, Consolas, monospace" '
        f'font-size="13" fill="#111827">{"".join(bars)}</svg>'
    )


def families_of(findings: Iterable[Finding]) -> list[str]:
    present = {family(f.code) for f in findings}
    return [fam for fam in FAMILY_ORDER if fam in present] + sorted(present - set(FAMILY_ORDER))


def folders_section(report: Report) -> str:
    documents = by_document(report.findings)
    folders: dict[str, dict[SourceKey, list[Finding]]] = {}
    for key, found in documents.items():
        folders.setdefault(folder_of(key), {})[key] = found
    columns = families_of(report.findings)
    order = sorted(folders, key=lambda name: (-sum(map(len, folders[name].values())), name))
    tables = [folder_table(name, folders[name], columns) for name in order]
    if len(folders) > 1:
        tables.insert(0, overview_table(order, folders, columns))
    return (
        '<section id="folders"><h2>Findings by folder</h2>'
        '<p class="note">Each document with findings, and its findings per rule family '
        f"({e(', '.join(columns))}). Documents without findings are not listed.</p>"
        f"{''.join(tables)}</section>"
    )


def folder_table(name: str, documents: Mapping[SourceKey, list[Finding]], columns: Sequence[str]) -> str:
    """One folder's table: a row per document, a column per rule family, totals at the foot."""
    rows = sorted(documents, key=lambda key: (-len(documents[key]), label(key)))
    total = sum(map(len, documents.values()))
    body = [count_row(name_in_folder(key), documents[key], columns) for key in rows[:ROWS_PER_FOLDER]]
    if len(rows) > ROWS_PER_FOLDER:
        rest = [f for key in rows[ROWS_PER_FOLDER:] for f in documents[key]]
        body.append(count_row(f"… and {plural(len(rows) - ROWS_PER_FOLDER, 'more document')}", rest, columns))
    foot = count_row("Total", flat(documents), columns)
    return (
        f'<h3>{e(name)} <span class="note">{plural(len(rows), "document")}, '
        f"{plural(total, 'finding')}</span></h3>" + counts_table("Document", body, foot, columns)
    )


def counts_table(first: str, rows: Sequence[str], foot: str, columns: Sequence[str]) -> str:
    """A table of counts per rule family, one column per family, a total column and a total row."""
    head = "".join(f'<th style="color:{FAMILY_COLOURS.get(c, OTHER_COLOUR)}">{e(c)}</th>' for c in columns)
    return (
        f'<table class="counts"><thead><tr><th>{e(first)}</th>{head}<th>Total</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody><tfoot>{foot}</tfoot></table>"
    )


def overview_table(
    order: Sequence[str], folders: Mapping[str, Mapping[SourceKey, list[Finding]]], columns: Sequence[str]
) -> str:
    """One row per folder, before the folders' own tables, for a batch from many sources."""
    body = [
        count_row(f"{name} ({plural(len(folders[name]), 'document')})", flat(folders[name]), columns)
        for name in order
    ]
    foot = count_row("Total", [f for name in order for f in flat(folders[name])], columns)
    return f'<h3>All folders <span class="note">{plural(len(order), "folder")}</span></h3>' + counts_table(
        "Folder", body, foot, columns
    )


def flat(documents: Mapping[SourceKey, list[Finding]]) -> list[Finding]:
    return [finding for found in documents.values() for finding in found]


def count_row(name: str, findings: Sequence[Finding], columns: Sequence[str]) -> str:
    per_family = Counter(family(f.code) for f in findings)
    cells = "".join(
        '<td class="zero">0</td>' if not per_family[c] else f"<td>{per_family[c]}</td>" for c in columns
    )
    return f"<tr><td>{e(name)}</td>{cells}<td>{len(findings)}</td></tr>"


def worst_section(report: Report) -> str:
    documents = by_document(report.findings)
    worst = sorted(documents, key=lambda key: (-len(documents[key]), label(key)))[:WORST_DOCUMENTS]
    blocks = [document_block(key, documents[key], report) for key in worst]
    which = (
        f"The {len(worst)} of the {len(documents)} documents with findings that have the most"
        if len(documents) > len(worst)
        else "Every document with findings"
    )
    return (
        '<section id="worst"><h2>Documents with the most findings</h2>'
        f'<p class="note">{e(which)}: each finding in its context, the flagged text highlighted, '
        f"with its fix.</p>{''.join(blocks)}</section>"
    )


def document_block(key: SourceKey, findings: Sequence[Finding], report: Report) -> str:
    source = report.sources.get(key)
    shown = [finding_block(f, source, report.unsafe_fixes) for f in findings[:FINDINGS_PER_DOCUMENT]]
    if len(findings) > FINDINGS_PER_DOCUMENT:
        more = len(findings) - FINDINGS_PER_DOCUMENT
        shown.append(f'<p class="note">… and {plural(more, "more finding")} (see the other reports).</p>')
    return (
        f'<article class="doc"><h3>{e(label(key))} <span class="count">'
        f"{plural(len(findings), 'finding')}</span></h3>{''.join(shown)}</article>"
    )


def finding_block(finding: Finding, source: Source | None, unsafe_fixes: bool) -> str:
    """One finding: its code and message, its context lines, and its fix."""
    badge = ""
    if finding.fix is not None:
        kind = finding.fix.applicability.value
        badge = f' <span class="badge {e(kind)}">{e(FIX_LABELS[finding.fix.applicability].lower())}</span>'
    head = (
        f'<p><span class="code" style="background:{colour(finding.code)}">{e(finding.code)}</span> '
        f'<strong>{e(finding.name)}</strong> <span class="where">line {finding.line}, column '
        f"{finding.column}</span>{badge}<br>{e(finding.message)}</p>"
    )
    context = context_table(finding, source) if source is not None else ""
    fix = fix_block(finding.fix, source) if finding.fix is not None else ""
    return f'<div class="finding">{head}{context}{fix}</div>'


def highlighted(finding: Finding, number: int, text: str) -> tuple[str, bool]:
    """A flagged line as HTML with its flagged part in <mark>, and whether that part is empty."""
    start, end = covered(finding, number, text)
    if start >= end:
        return e(visible(text)), True
    shown = visible(text)
    return f"{e(shown[:start])}<mark>{e(shown[start:end])}</mark>{e(shown[end:])}", False


def context_table(finding: Finding, source: Source) -> str:
    """The finding's lines and those around it that the report carries, numbered."""
    span = span_of(finding)
    rows = []
    for number in range(span.line - CONTEXT_LINES, span.end_line + CONTEXT_LINES + 1):
        text = source.line(number)
        if text is None:
            continue
        if span.line <= number <= span.end_line:
            body, empty = highlighted(finding, number, text)
            css = "hit empty" if empty else "hit"
        else:
            body, css = e(visible(text)), ""
        rows.append(f'<tr class="{css}"><td class="ln">{number}</td><td class="tx">{body}</td></tr>')
    return f'<table class="src">{"".join(rows)}</table>' if rows else ""


def changed_parts(old: str, new: str) -> tuple[list[str], list[str]]:
    """A one-line change as HTML, the part that differs marked on both sides."""
    start, old_end, new_end = changed_range(old, new)

    def marked(text: str, end: int) -> str:
        shown = visible(text)
        return f'{e(shown[:start])}<span class="chg">{e(shown[start:end])}</span>{e(shown[end:])}'

    return [marked(old, old_end)], [marked(new, new_end)]


def fix_block(fix: Fix, source: Source | None) -> str:
    """The fix's description and, when the context shows its lines, the lines it removes and adds."""
    change = preview(fix, source) if source is not None else None
    rows = []
    if change is not None:
        removed, added = (
            [e(visible(text)) for text in change.removed],
            [e(visible(text)) for text in change.added],
        )
        if len(removed) == len(added) == 1:
            removed, added = changed_parts(change.removed[0], change.added[0])
        for sign, css, lines in (("-", "del", removed), ("+", "add", added)):
            rows += [
                f'<tr class="{css}"><td class="ln">{change.first + i}</td><td class="sign">{sign}</td>'
                f'<td class="tx">{body}</td></tr>'
                for i, body in enumerate(lines)
            ]
    diff = f'<table class="diff">{"".join(rows)}</table>' if rows else ""
    return f'<div class="fix"><p>{e(FIX_LABELS[fix.applicability])}: {e(fix.message)}</p>{diff}</div>'

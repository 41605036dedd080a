"""The report formats: what each CI system, browser or reader must be able to take from them.

Every format is run on three reports: the seed scrape (15 findings, with its source lines), a
JSONL-like corpus whose findings sit in records, and an empty run. Each test states a property a
consumer relies on: SARIF that validates against the SARIF 2.1.0 schema with the fields GitHub
requires, workflow commands that GitHub's grammar reads back exactly, JUnit counts that add up,
GitLab fingerprints that are unique, an HTML page that fetches nothing and escapes everything.
"""

from __future__ import annotations

import doctest
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest
from conftest import REPO_ROOT, SEED

from newslint import engine
from newslint.checks.base import Settings
from newslint.codes import BY_CODE, select_rules
from newslint.document import Document
from newslint.model import Applicability, Edit, Finding, Fix, Severity
from newslint.packs import pack_set
from newslint.report import Report, Source
from newslint.reporters import (
    REPORTERS,
    display,
    fix_preview,
    full_report,
    github_report,
    sarif_report,
    statistics,
    text_report,
)

SEED_PATH = SEED.relative_to(REPO_ROOT).as_posix()  # seeds/000_2fb2c4eb24b61b01.txt
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
NEW_FORMATS = ("full", "jsonl", "sarif", "github", "junit", "gitlab", "html")
CORPUS = "corpus/batch.jsonl"
RECORDS = {
    "r1": "Storm hits coast\nTT\n\nThe storm reached the coast on Monday night, cutting power to homes.\n",
    "r2": "Markets rally\n\nShares rose on Tuesday.\nRead more: markets\n",
}


def lint(text: str, path: str, record: str | None = None) -> tuple[list[Finding], Source]:
    doc = Document(text, path, record)
    findings = list(engine.lint(doc, select_rules(), Settings(pack_set())))
    return findings, Source.around(path, record, [line.text for line in doc.lines], findings)


def report_of(texts: dict[tuple[str, str | None], str], **options: object) -> Report:
    findings: list[Finding] = []
    sources = {}
    for (path, record), text in texts.items():
        found, source = lint(text, path, record)
        findings += found
        sources[(path, record)] = source
    return Report(findings, sources, rules=select_rules(), checked=len(texts), **options)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Report:
    return report_of({(SEED_PATH, None): seed_text})


@pytest.fixture(scope="module")
def records() -> Report:
    return report_of({(CORPUS, record): text for record, text in RECORDS.items()})


@pytest.fixture(scope="module")
def empty() -> Report:
    return Report([], {}, rules=select_rules(), checked=3)


@pytest.fixture(params=["seed", "records", "empty"])
def any_report(request: pytest.FixtureRequest) -> Report:
    report: Report = request.getfixturevalue(request.param)
    return report


def render(format_name: str, report: Report) -> str:
    out = io.StringIO()
    REPORTERS[format_name](report, out)
    return out.getvalue()


def synthetic(message: str = "test finding", **fields: object) -> Finding:
    values: dict[str, object] = dict(
        code="UI001", name="widget-token", message=message, line=2, column=1, end_line=2, end_column=3
    )
    values.update(fields)
    return Finding(**values)  # type: ignore[arg-type]


def test_the_seed_and_the_corpus_have_findings(seed: Report, records: Report) -> None:
    assert len(seed.findings) == 15
    assert {f.record for f in records.findings} == {"r1", "r2"}


@pytest.mark.parametrize("format_name", NEW_FORMATS)
def test_every_format_is_registered_and_writes_every_report(format_name: str, any_report: Report) -> None:
    assert render(format_name, any_report).endswith("\n") or not any_report.findings


@pytest.mark.parametrize(
    "module", [display, fix_preview, github_report, sarif_report, text_report], ids=lambda m: m.__name__
)
def test_docstring_examples(module: ModuleType) -> None:
    assert doctest.testmod(module).failed == 0


# --- SARIF -------------------------------------------------------------------------------


def sarif(report: Report) -> dict[str, object]:
    log: dict[str, object] = json.loads(render("sarif", report))
    return log


def test_sarif_validates_against_the_schema(any_report: Report) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    log = sarif(any_report)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    # jsonschema checks no "uri-reference" format without extra packages: check the URIs here.
    uris = re.findall(r'"uri": "([^"]*)"', json.dumps(log))
    assert all(re.fullmatch(r"[A-Za-z0-9/._~!$&'()*+,;=@%-]+", uri) and uri[0] != "/" for uri in uris)


def test_sarif_has_what_github_requires(seed: Report) -> None:
    log = sarif(seed)
    assert log["version"] == "2.1.0" and str(log["$schema"]).endswith("sarif-2.1.0.json")
    (run,) = log["runs"]  # type: ignore[misc]
    driver = run["tool"]["driver"]
    assert driver["name"] == "newslint" and driver["version"]
    assert str(driver.get("informationUri", "https://")).startswith(("https://", "http://"))
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in select_rules()]
    for rule in rules:
        assert rule["name"] == BY_CODE[rule["id"]].name
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= sarif_report.DESCRIPTION_LIMIT
        assert rule["help"]["text"]
        assert rule["help"]["markdown"].startswith(rule["shortDescription"]["text"])
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
    assert len(run["results"]) == 15
    for result, finding in zip(run["results"], seed.findings):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.code
        assert result["level"] == "warning" and result["message"]["text"] == finding.message
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == SEED_PATH
        region = physical["region"]
        assert region["startLine"] == finding.line and region["startColumn"] == finding.column
        assert region["endLine"] == region["startLine"]  # every seed finding is on one line
        assert region["endColumn"] > region["startColumn"]
        assert result["partialFingerprints"][sarif_report.FINGERPRINT_KEY]


@pytest.mark.parametrize(
    ("code", "line", "snippet"),
    [("OCR001", 3, "0arliament"), ("UI001", 5, "TT"), ("ART001", 42, None)],
)
def test_sarif_regions_cover_the_flagged_text(
    seed: Report, code: str, line: int, snippet: str | None
) -> None:
    (run,) = sarif(seed)["runs"]  # type: ignore[misc]
    (region,) = [
        r["locations"][0]["physicalLocation"]["region"]
        for r in run["results"]
        if r["ruleId"] == code and r["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    ]
    flagged = region["snippet"]["text"]
    assert flagged == snippet if snippet else flagged.startswith("Over 12,300 Civilians Killed")
    assert region["endColumn"] - region["startColumn"] == len(flagged)


def test_sarif_fingerprints_stay_when_a_line_is_inserted_above(seed: Report, seed_text: str) -> None:
    shifted = report_of({(SEED_PATH, None): "\n" + seed_text})

    def identities(report: Report) -> list[tuple[str, int, str]]:
        (run,) = sarif(report)["runs"]  # type: ignore[misc]
        return [
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["primaryLocationLineHash"],
            )
            for r in run["results"]
        ]

    before, after = identities(seed), identities(shifted)
    assert [line + 1 for _, line, _ in before] == [line for _, line, _ in after]
    assert [(code, fp) for code, _, fp in before] == [(code, fp) for code, _, fp in after]
    assert len({fp for _, _, fp in before}) == len(before)


def test_sarif_points_record_findings_at_their_file(records: Report) -> None:
    (run,) = sarif(records)["runs"]  # type: ignore[misc]
    for result, finding in zip(run["results"], records.findings):
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == CORPUS
        assert location["physicalLocation"]["region"] == {"startLine": 1}
        assert location["logicalLocations"][0]["name"] == finding.record
        assert f"Record {finding.record}, line {finding.line}" in result["message"]["text"]
        assert result["properties"]["record"] == finding.record
        assert "fixes" not in result


def test_sarif_lists_only_the_rules_with_findings_when_the_run_names_none(seed: Report) -> None:
    bare = Report(seed.findings, seed.sources)
    (run,) = sarif(bare)["runs"]  # type: ignore[misc]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [
        "DUP001",
        "DUP002",
        "OCR001",
        "UI001",
        "ART001",
    ]


def test_sarif_reports_unreadable_inputs_as_notifications(empty: Report) -> None:
    report = Report([], errors=["incoming/bad.txt: not UTF-8"], checked=1)
    (run,) = sarif(report)["runs"]  # type: ignore[misc]
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification == {"level": "error", "message": {"text": "incoming/bad.txt: not UTF-8"}}
    assert run["results"] == []


# --- GitHub workflow commands ------------------------------------------------------------

# The workflow-command grammar: ::command key=value,key=value::message, values escaped.
COMMAND = re.compile(r"^::(?P<command>error|warning|notice) (?P<props>[^:\r\n]*)::(?P<data>[^\r\n]*)$")
PROPERTY = re.compile(r"^(?P<key>file|line|col|endLine|endColumn|title)=(?P<value>[^,:]*)$")


def unescape(text: str) -> str:
    """What the runner reads back (%25 is decoded in the same pass, so "%250A" stays "%0A")."""
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: chr(int(m.group(1), 16)), text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = {}
    for part in match["props"].split(","):
        prop = PROPERTY.match(part)
        assert prop, part
        props[prop["key"]] = unescape(prop["value"])
    return match["command"], props, unescape(match["data"])


def test_github_annotations_parse_and_point_at_the_findings(seed: Report) -> None:
    lines = render("github", seed).splitlines()
    assert len(lines) == len(seed.findings)
    for line, finding in zip(lines, seed.findings):
        command, props, message = parse_command(line)
        assert command == "warning" and message == finding.message
        assert props["file"] == SEED_PATH and props["title"] == f"{finding.code} {finding.name}"
        assert (int(props["line"]), int(props["col"])) == (finding.line, finding.column)
        assert int(props["endLine"]) == finding.line and int(props["endColumn"]) == finding.end_column - 1


def test_github_escaping_round_trips() -> None:
    message = "100% sure: a, b\nand\r\nc %0A"
    finding = synthetic(message, path="odd,dir/a:b.txt", name="widget:token,x", severity=Severity.ERROR)
    (line,) = render("github", Report([finding])).splitlines()
    command, props, data = parse_command(line)
    assert (command, data, props["file"], props["title"]) == (
        "error",
        message,
        "odd,dir/a:b.txt",
        "UI001 widget:token,x",
    )


def test_github_annotates_the_file_of_a_record_finding(records: Report) -> None:
    for line, finding in zip(render("github", records).splitlines(), records.findings):
        _, props, message = parse_command(line)
        assert props.keys() == {"file", "title"} and props["file"] == CORPUS
        assert message.startswith(f"Record {finding.record}, line {finding.line}")


# Inputs that could not be checked: (message, where its path is known: findings, disk or nowhere,
# the place the annotation gives)
GITHUB_ERRORS = [
    (
        "batch.jsonl:2: not valid JSON (Unterminated string starting at column 22)",
        "findings",
        {"file": "batch.jsonl", "line": "2"},
    ),
    ("batch.jsonl:2: not valid JSON (x)", "disk", {"file": "batch.jsonl", "line": "2"}),
    ("x.txt: binary file (a NUL byte at offset 3)", "disk", {"file": "x.txt"}),
    ('news.parquet: row 4: "text" is null, not a string', "disk", {"file": "news.parquet"}),
    ("gone.txt: no such file or folder", "nowhere", {}),
    ("batch.jsonl:2: not valid JSON (x)", "nowhere", {}),
    ("batch.jsonl[r1]: cannot write: disk full", "disk", {}),
    ("standard input is empty, 100% sure", "nowhere", {}),
]


@pytest.mark.parametrize(("message", "where", "place"), GITHUB_ERRORS)
def test_github_annotates_inputs_that_could_not_be_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message: str, where: str, place: dict[str, str]
) -> None:
    monkeypatch.chdir(tmp_path)
    path = message.split(":")[0].split("[")[0]
    if where == "disk":
        (tmp_path / path).write_text("x")
    findings = [synthetic(path=path, record="r1")] if where == "findings" else []
    lines = render("github", Report(findings, errors=[message])).splitlines()
    command, props, data = parse_command(lines[-1])
    assert (command, data) == ("error", message)
    assert props == place | {"title": "newslint: input not checked"}


# --- JUnit -------------------------------------------------------------------------------


def junit(report: Report) -> ET.Element:
    return ET.fromstring(render("junit", report))


@pytest.mark.parametrize(
    ("report_name", "failures", "errors"),
    [("seed", 15, 0), ("records", None, 0), ("empty", 0, 0)],
)
def test_junit_counts_match_its_cases(
    request: pytest.FixtureRequest, report_name: str, failures: int | None, errors: int
) -> None:
    report: Report = request.getfixturevalue(report_name)
    root = junit(report)
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert root.tag == "testsuites" and suite.get("name") == "newslint"
    for element in (root, suite):
        assert int(element.get("tests", -1)) == len(cases)
        assert int(element.get("failures", -1)) == len(suite.findall("testcase/failure"))
        assert int(element.get("errors", -1)) == len(suite.findall("testcase/error")) == errors
    assert len(suite.findall("testcase/failure")) == (len(report.findings) if failures is None else failures)


def test_junit_has_a_case_per_finding_named_by_document_and_rule(seed: Report, records: Report) -> None:
    cases = junit(seed).findall("testsuite/testcase")
    assert {case.get("classname") for case in cases} == {SEED_PATH}
    assert len({case.get("name") for case in cases}) == len(cases)  # GitLab keys cases by name
    failure = cases[3].find("failure")
    assert failure is not None and failure.get("type") == "UI001"
    assert "5 | TT" in (failure.text or "")
    record_cases = junit(records).findall("testsuite/testcase")
    assert {case.get("classname") for case in record_cases} == {f"{CORPUS}[r1]", f"{CORPUS}[r2]"}


@pytest.mark.parametrize(
    ("record", "file_line", "line"),
    [(None, None, "2"), ("r4", 17, "17"), ("r4", None, None)],
    ids=["file", "record with its line", "record, line unknown"],
)
def test_junit_line_is_a_line_of_the_file(
    record: str | None, file_line: int | None, line: str | None
) -> None:
    finding = synthetic(path="batch.jsonl", record=record, line=2, end_line=2)
    source = Source("batch.jsonl", record, {1: "x", 2: "TT", 3: ""}, file_line)
    (case,) = junit(Report([finding], {("batch.jsonl", record): source})).findall("testsuite/testcase")
    assert (case.get("file"), case.get("line")) == ("batch.jsonl", line)


def test_junit_passes_an_empty_run_and_errors_on_unreadable_inputs() -> None:
    (case,) = junit(Report([], checked=4)).findall("testsuite/testcase")
    assert case.find("failure") is None and case.findtext("system-out") == "4 documents checked"
    root = junit(Report([], errors=["a.txt: binary file", "b.txt: not UTF-8"]))
    assert [e.get("message") for e in root.iter("error")] == ["a.txt: binary file", "b.txt: not UTF-8"]


def test_junit_survives_characters_xml_cannot_hold() -> None:
    finding = synthetic("bad \x00 and \x0b here")
    source = Source("a.txt", None, {1: "x", 2: "TT\x1b", 3: ""})
    root = junit(Report([finding], {("", None): source}))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "bad ◌ and ◌ here"


# --- GitLab Code Quality -----------------------------------------------------------------

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def test_gitlab_issues_have_the_required_keys_and_unique_fingerprints(any_report: Report) -> None:
    issues = json.loads(render("gitlab", any_report))
    assert isinstance(issues, list) and len(issues) == len(any_report.findings)
    for issue, finding in zip(issues, any_report.findings):
        assert issue.keys() >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == finding.code and finding.message in issue["description"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["location"]["path"] == finding.path
        lines = issue["location"]["lines"]
        assert isinstance(lines["begin"], int) and 1 <= lines["begin"] <= lines["end"]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_places_seed_findings_on_their_lines(seed: Report) -> None:
    issues = json.loads(render("gitlab", seed))
    assert [i["location"]["lines"]["begin"] for i in issues] == [f.line for f in seed.findings]


# --- HTML --------------------------------------------------------------------------------

VOID = {"meta", "br", "link", "img", "hr", "input", "wbr", "col", "source"}
FETCHING = {"src", "href", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background"}


class StrictPage(HTMLParser):
    """Reads a page and records what would make it malformed or make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.problems.append("a script")
        self.problems += [f"<{tag} {name}={value}>" for name, value in attrs if name in FETCHING]
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else None}>")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open and self.open[-1] == "style" and ("url(" in data or "@import" in data):
            self.problems.append("a stylesheet that fetches")


def read_page(page: str) -> StrictPage:
    parser = StrictPage()
    parser.feed(page)
    parser.close()
    assert parser.problems == [] and parser.open == []
    return parser


def test_html_is_well_formed_and_fetches_nothing(any_report: Report) -> None:
    page = render("html", any_report)
    read_page(page)
    assert page.startswith("<!DOCTYPE html>") and "default-src &#x27;none&#x27;" in page


def test_html_shows_the_seed_findings_escaped(seed: Report) -> None:
    page = render("html", seed)
    text = "".join(read_page(page).text)
    for code in {f.code for f in seed.findings}:
        assert code in text
    assert html.escape("Page widget 'TT' left as a line (pack 'general')") in page
    assert "<mark>0arliament</mark>" in page and "15" in text and "All checks passed" not in text


def test_html_escapes_hostile_text() -> None:
    finding = synthetic("<script>alert(1)</script> & more")
    source = Source("a.txt", None, {1: "<b>bold</b>", 2: "<img src=https://x>", 3: "&amp;"})
    page = render("html", Report([finding], {("", None): source}))
    read_page(page)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "<img" not in page and "mg src=https://x&gt;" in page and "&amp;amp;" in page


def test_html_says_all_checks_passed_when_nothing_was_found(empty: Report) -> None:
    text = " ".join(read_page(render("html", empty)).text)
    assert "All checks passed" in text and "3 documents checked" in text


def test_html_groups_records_under_their_file(records: Report) -> None:
    page = render("html", records)
    assert f"<h3>{CORPUS} " in page and "record r1" in page and "record r2" in page


# --- full --------------------------------------------------------------------------------


def test_full_underlines_the_widget_and_shows_its_deletion(seed: Report) -> None:
    lines = render("full", seed).splitlines()
    header = lines.index(f"{SEED_PATH}:5:1: UI001 [*] Page widget 'TT' left as a line (pack 'general')")
    block = lines[header : lines.index("", header)]
    shown = next(i for i, line in enumerate(block) if re.match(r"^\s*5 \| TT$", line))
    caret_line = block[shown + 1]
    assert caret_line.rstrip().endswith("^^ UI001")
    assert caret_line.index("^") == block[shown].index("TT")
    assert any(re.match(r"^\s*5 - TT$", line) for line in lines[header:])


def test_full_keeps_carets_under_text_far_into_a_long_line() -> None:
    text = "word " * 100 + "0fficial" + " more" * 40
    column = text.index("0fficial") + 1
    finding = synthetic("typo", code="OCR001", line=1, column=column, end_line=1, end_column=column + 8)
    source = Source("a.txt", None, {1: text})
    lines = full_report.render(finding, source)
    shown = next(line for line in lines if line.lstrip().startswith("1 | "))
    carets = next(line for line in lines if "^" in line)
    start = carets.index("^")
    assert shown[start : start + 8] == "0fficial" and len(shown) < 130


def test_full_degrades_without_source_lines(seed: Report) -> None:
    output = render("full", Report(seed.findings))
    assert f"{SEED_PATH}:5:1: UI001 [*]" in output and "= help: Delete the widget line 'TT'" in output
    assert " | " not in output


# --- fix previews (shared by full and html) ----------------------------------------------

PREVIEW_CASES = [
    # (lines, edits, first, removed, added)
    ({4: "caption", 5: "TT", 6: ""}, [Edit(5, 1, 6, 1)], 5, ["TT"], []),
    ({3: "the 0arliament"}, [Edit(3, 5, 3, 15, "Parliament")], 3, ["the 0arliament"], ["the Parliament"]),
    # The last line of a file without a final newline takes the previous line's newline.
    ({8: "body", 9: "Share"}, [Edit(8, 5, 9, 6)], 9, ["Share"], []),
    # ART002: a break inserted inside a line.
    (
        {2: "needed.The Cup"},
        [Edit(2, 8, 2, 8, "\n\n\n")],
        2,
        ["needed.The Cup"],
        ["needed.", "", "", "The Cup"],
    ),
]


@pytest.mark.parametrize(("lines", "edits", "first", "removed", "added"), PREVIEW_CASES)
def test_fix_preview(
    lines: dict[int, str], edits: list[Edit], first: int, removed: list[str], added: list[str]
) -> None:
    fix = Fix(Applicability.SAFE, "fix", tuple(edits))
    change = fix_preview.preview(fix, Source("a.txt", None, lines))
    assert change == fix_preview.FixPreview(first, tuple(removed), tuple(added))


def test_fix_preview_needs_the_lines_it_changes() -> None:
    fix = Fix(Applicability.SAFE, "fix", (Edit(5, 1, 7, 1),))
    assert fix_preview.preview(fix, Source("a.txt", None, {5: "a"})) is None


# --- jsonl and statistics ----------------------------------------------------------------


def test_jsonl_is_one_finding_per_line(any_report: Report) -> None:
    lines = render("jsonl", any_report).splitlines()
    assert [json.loads(line) for line in lines] == [f.to_dict() for f in any_report.findings]


def statistics_of(report: Report, output_format: str) -> str:
    out = io.StringIO()
    statistics.write(report, out, output_format)
    return out.getvalue()


def test_statistics_add_up_to_the_findings(seed: Report) -> None:
    rows = json.loads(statistics_of(seed, "json"))
    assert sum(row["count"] for row in rows) == len(seed.findings) == 15
    assert sum(row["fixable"] for row in rows) == 14
    assert [(row["code"], row["count"]) for row in rows] == sorted(
        ((row["code"], row["count"]) for row in rows), key=lambda pair: (-pair[1], pair[0])
    )
    lines = statistics_of(seed, "concise").splitlines()
    assert [line.split()[:3] for line in lines] == [[str(r["count"]), r["code"], r["name"]] for r in rows]
    assert lines[0].endswith("[*] 6 fixable") and lines[-1].split() == ["1", "ART001", "multiple-articles"]
    assert len({line.index(row["name"]) for line, row in zip(lines, rows)}) == 1  # names share a column


@pytest.mark.parametrize(("unsafe_fixes", "fixable"), [(False, 1), (True, 2)])
def test_statistics_count_unsafe_fixes_on_request(unsafe_fixes: bool, fixable: int) -> None:
    def with_fix(applicability: Applicability) -> Finding:
        return synthetic(fix=Fix(applicability, "fix", (Edit(2, 1, 3, 1),)))

    report = Report([with_fix(Applicability.SAFE), with_fix(Applicability.UNSAFE)], unsafe_fixes=unsafe_fixes)
    assert json.loads(statistics_of(report, "json")) == [
        {"code": "UI001", "name": "widget-token", "count": 2, "fixable": fixable}
    ]


def test_statistics_of_an_empty_run(empty: Report) -> None:
    assert statistics_of(empty, "concise") == "" and json.loads(statistics_of(empty, "json")) == []


# --- concise -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "where"),
    [
        ("r7", "batch.jsonl[r7]:2:1"),
        ("Zürich 1", "batch.jsonl[Zürich 1]:2:1"),
        ("two\nlines", "batch.jsonl[two\\nlines]:2:1"),
        ("tab\there\r\x1b", "batch.jsonl[tab\\there\\r\\x1b]:2:1"),
        ("sep\u2028x", "batch.jsonl[sep\\u2028x]:2:1"),
    ],
)
def test_concise_keeps_one_line_per_finding_whatever_the_record_id(record: str, where: str) -> None:
    finding = synthetic(path="batch.jsonl", record=record)
    assert render("concise", Report([finding])) == f"{where}: UI001 test finding\n"

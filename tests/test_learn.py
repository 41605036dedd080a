"""`newslint learn`: a site pack proposed from the lines that recur across a corpus of one source.

The corpus is clean Wikinews text (../shared/corpora) dressed up as a fake site, "the Daily
Example", that prints a menu, a share bar, a teaser box and a footer around its articles.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import RunCli, require_shared

from newslint import learn
from newslint.packs import builtin_packs, normalize_line, parse_pack

DOCS = 40
MENU = "Home | World | Politics | Science | Sport"  # on 36 of 40 pages
WIDGETS = ("Gift this story", "Share on Mastodon")  # on every page
TEASER_BOX = "More from the Daily Example"  # on 20 pages, above a teaser headline
FOOTER = "The Daily Example is owned by Example Media Group."  # on every page
# A long sentence on 30 pages: recurring, but it reads like prose, so it is only listed for review.
CREDIT = (
    "Reporting by the Daily Example newsroom team, with additional reporting from agencies in "
    "several countries."
)
# Already in the general pack: never proposed again.
KNOWN = ("Advertisement", "© 2024 Daily Example Ltd. All rights reserved.")


def render(index: int, article: dict[str, Any], teaser: str) -> str:
    lines = [MENU, ""] if index % 10 else []
    lines += [article["title"], "", *WIDGETS, ""]
    for paragraph in article["paragraphs"]:
        lines += [paragraph, ""]
    if index % 2:
        lines += [TEASER_BOX, teaser, ""]
    if index % 4:
        lines += [CREDIT, ""]
    if index % 5:
        lines += [KNOWN[0], ""]
    lines += [FOOTER, KNOWN[1]]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    path = require_shared() / "corpora" / "wikinews_en.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for _, line in zip(range(DOCS), fh)]


@pytest.fixture(scope="module")
def corpus(articles: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fake site's pages; the teaser box advertises the story of page 0."""
    root = tmp_path_factory.mktemp("daily-example")
    for index, article in enumerate(articles):
        (root / f"{index:03}.txt").write_text(render(index, article, articles[0]["title"]), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def proposed(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The pack `learn` proposes for the corpus, and what it printed."""
    from conftest import cli

    out = tmp_path_factory.mktemp("learned") / "rules" / "sites" / "dailyexample.yaml"
    code, stdout, err = cli(["learn", corpus, "--output", out])
    assert (code, err) == (0, ""), err
    return out, stdout


def body_lines(articles: list[dict[str, Any]]) -> set[str]:
    return {normalize_line(text) for a in articles for text in (a["title"], *a["paragraphs"])}


def test_proposes_the_site_furniture_and_nothing_else(
    proposed: tuple[Path, str], articles: list[dict[str, Any]]
) -> None:
    path, _stdout = proposed
    pack = parse_pack(path.read_text(encoding="utf-8"), str(path))
    assert pack.name == "dailyexample"
    assert pack.widgets == {normalize_line(w) for w in WIDGETS}
    assert pack.boilerplate == {normalize_line(line) for line in (MENU, TEASER_BOX, FOOTER)}
    assert not pack.bar_widgets and not pack.patterns
    assert not (pack.widgets | pack.boilerplate) & body_lines(articles)


def test_the_proposal_says_how_often_and_asks_for_review(proposed: tuple[Path, str]) -> None:
    path, stdout = proposed
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Proposed site pack 'dailyexample'")
    assert "PROPOSAL FOR A PERSON TO REVIEW" in text
    assert f"  - Gift this story  # in {DOCS} of {DOCS} documents\n" in text
    assert f"  - {MENU}  # in 36 of {DOCS} documents\n" in text
    assert "Proposed 2 widgets and 3 boilerplate lines (each in at least 8 documents)" in stdout
    assert "2 already in the built-in packs" in stdout
    assert f"newslint check --pack {path}" in stdout


def test_left_out_lines_are_listed_for_review_not_proposed(
    proposed: tuple[Path, str], articles: list[dict[str, Any]]
) -> None:
    path, _stdout = proposed
    text = path.read_text(encoding="utf-8")
    proposal, review = text.split("\n# Recurring lines left out", 1)
    review = "# Recurring lines left out" + review
    teaser = articles[0]["title"]  # page 0's headline, printed as a teaser on 20 pages
    assert teaser not in proposal and CREDIT not in proposal
    assert all(line.startswith("#") for line in review.splitlines())
    # Printed on 21 pages (its own and 20 teasers), it heads only page 0: a story's title, not furniture.
    assert f"{teaser}  # in 21 of {DOCS} documents; the headline of 1 document" in review
    assert f"{CREDIT}  # in 30 of {DOCS} documents; reads like body prose" in review
    for known in KNOWN:
        assert known not in text


def test_check_with_the_proposed_pack_reports_the_furniture(
    run_cli: RunCli, proposed: tuple[Path, str], corpus: Path
) -> None:
    path, _stdout = proposed
    page = corpus / "001.txt"
    code, stdout, err = run_cli(["check", "--pack", path, "--select", "UI", "--output-format", "json", page])
    assert (code, err) == (1, "")
    lines = page.read_text(encoding="utf-8").splitlines()
    found = {(f["code"], lines[f["line"] - 1]) for f in json.loads(stdout)}
    assert found == {
        ("UI001", WIDGETS[0]),
        ("UI001", WIDGETS[1]),
        ("UI002", MENU),
        ("UI002", TEASER_BOX),
        ("UI002", FOOTER),
        ("UI002", KNOWN[0]),
        ("UI002", KNOWN[1]),
    }


def test_refuses_to_overwrite_without_force(run_in_process: RunCli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "site.yaml"
    out.write_text("name: mine\n")
    code, _stdout, err = run_in_process(["learn", corpus, "-o", out])
    assert code == 2
    assert err.startswith("newslint: error:") and len(err.splitlines()) == 1
    assert str(out) in err and "--force" in err
    assert out.read_text() == "name: mine\n"
    code, _stdout, err = run_in_process(["learn", corpus, "-o", out, "--force", "--name", "Daily Example"])
    assert (code, err) == (0, "")
    assert parse_pack(out.read_text(encoding="utf-8"), str(out)).name == "Daily Example"


def test_thresholds_are_options(run_in_process: RunCli, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "strict.yaml"
    assert run_in_process(["learn", corpus, "-o", out, "--min-fraction", "0.95"])[0] == 0
    pack = parse_pack(out.read_text(encoding="utf-8"), str(out))
    assert pack.boilerplate == {normalize_line(FOOTER)}  # the menu is on 90% of pages only
    out = tmp_path / "many.yaml"
    code, _stdout, err = run_in_process(["learn", corpus, "-o", out, "--min-docs", "41"])
    assert code == 2
    assert "40 documents" in err and "--min-docs (41)" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "option", [["--min-docs", "0"], ["--min-fraction", "0"], ["--min-fraction", "1.5"], ["--min-docs", "x"]]
)
def test_bad_thresholds_are_usage_errors(
    run_in_process: RunCli, corpus: Path, tmp_path: Path, option: list[str]
) -> None:
    code, _stdout, err = run_in_process(["learn", corpus, "-o", tmp_path / "x.yaml", *option])
    assert code == 2
    assert option[0] in err


def test_identical_documents_count_once(run_in_process: RunCli, tmp_path: Path) -> None:
    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(f"Gift this story\n\nThe same page, scraped again.\n{FOOTER}\n")
    code, _stdout, err = run_in_process(["learn", tmp_path, "-o", tmp_path / "x.yaml"])
    assert code == 2
    assert "1 document (identical ones counted once)" in err


@pytest.mark.parametrize("name", ["pages.jsonl", "pages.jsonl.gz", "pages.parquet"])
def test_each_record_of_a_corpus_is_a_document(
    run_in_process: RunCli,
    articles: list[dict[str, Any]],
    proposed: tuple[Path, str],
    tmp_path: Path,
    name: str,
) -> None:
    pages = [render(index, article, articles[0]["title"]) for index, article in enumerate(articles)]
    path = tmp_path / name
    if name.endswith(".parquet"):
        import pyarrow
        import pyarrow.parquet

        pyarrow.parquet.write_table(pyarrow.table({"page": pages}), path)
    else:
        data = "".join(json.dumps({"page": page}) + "\n" for page in pages).encode("utf-8")
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    out = tmp_path / "dailyexample.yaml"
    code, stdout, err = run_in_process(["learn", path, "--text-field", "page", "-o", out])
    assert (code, err) == (0, "")
    assert f"Read {DOCS} documents." in stdout
    pack = parse_pack(out.read_text(encoding="utf-8"), str(out))
    from_files = parse_pack(proposed[0].read_text(encoding="utf-8"), str(proposed[0]))
    assert (pack.widgets, pack.boilerplate) == (from_files.widgets, from_files.boilerplate)


def test_a_corpus_without_the_text_field_is_one_line(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text('{"page": "Gift this story"}\n')
    code, _stdout, err = run_in_process(["learn", path, "-o", tmp_path / "x.yaml"])
    assert code == 2
    assert err.strip() == (
        f'newslint: error: {path}: no record has a "text" field (fields: "page"); '
        "use --text-field to name the field holding the text"
    )


def test_missing_corpus_is_one_line(run_in_process: RunCli, tmp_path: Path) -> None:
    code, _stdout, err = run_in_process(["learn", tmp_path / "nowhere", "-o", tmp_path / "x.yaml"])
    assert code == 2
    assert err.strip() == f"newslint: error: {tmp_path / 'nowhere'}: no such file or folder"


def test_relearning_a_built_in_site_keeps_its_lines(tmp_path: Path) -> None:
    """Rewriting rules/sites/aawsat.yaml must not leave out "TT" for being in aawsat.yaml already."""
    (aawsat,) = [p for p in builtin_packs() if p.name == "aawsat"]
    names = {p.name for p in learn._reference_packs(Path(aawsat.path)).packs}
    assert "aawsat" not in names and "general" in names


def test_threshold() -> None:
    assert learn.threshold(500, 5, 0.2) == 100  # not 101 from 0.2 * 500 = 100.00000000000001
    assert learn.threshold(10, 5, 0.2) == 5
    assert learn.threshold(3, 1, 0.01) == 1


def test_widgets_are_short_and_do_not_end_like_sentences() -> None:
    assert learn.is_widget_like("Share on Mastodon")
    assert learn.is_widget_like("Share:")
    assert not learn.is_widget_like("All rights reserved.")
    assert not learn.is_widget_like("More from the Daily Example")

from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, shorten, whole_line_finding
from newslint.model import Finding

CODE, NAME = "ART001", "multiple-articles"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a file or record that holds more than one article.

    ## What it does
    Reports the first line of every article after the first: a headline that follows a run of
    at least two blank lines, when the text before it already has a body paragraph and the text
    after it has one too. A headline is short, starts like a title and does not end like a
    sentence; the article's own headline printed again and a pull quote in quotation marks are
    not new articles. Known limit: an explainer whose subheadings follow two blank lines reads as
    several articles, and articles glued with one blank line or none are not found.

    ## Why it matters
    A scrape that glued several articles into one record breaks everything that assumes one
    document is one story: deduplication, classification, summaries, training data.

    ## Example
    ```text
    Storm hits coast

    The storm reached the coast on Monday night, cutting power to thousands of homes.



    Markets close higher

    Shares rose on Tuesday after the central bank held interest rates steady.
    ```

    ## Use instead
    One article per file or record (here the first; the second goes to a file of its own):

    ```text
    Storm hits coast

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Fix safety
    No fix: separating articles into files or records is not an edit of one text, so it is left
    to you (or to a splitting step in your pipeline).
    """
    articles = ctx.structure.articles
    for article in articles[1:]:
        headline = ctx.doc.line(article.start).text.strip()
        yield whole_line_finding(
            CODE,
            NAME,
            ctx.doc,
            article.start,
            f"Article {article.index + 1} of {len(articles)} starts here ({shorten(headline)!r})",
        )

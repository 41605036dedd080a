from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, whole_line_finding
from newslint.model import Finding

CODE, NAME = "DUP102", "near-duplicate-article"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds an article that is a near copy of one in the index: a re-scrape, an edit, a wire story.

    ## What it does
    With `newslint check --index PATH`, reports each article of a document whose word shingles
    have a Jaccard similarity of at least the index's threshold (0.6 by default) with an article
    in the index, found by MinHash and LSH and then verified exactly. The message names the
    closest article and the similarity. An exact copy is DUP101 instead. Without `--index` the
    rule finds nothing.

    ## Why it matters
    Re-scrapes differ by a changed headline, a paragraph added or cut, a few OCR typos: an exact
    comparison misses them, and the corpus holds the story twice.

    ## In the index
    ```text
    Council approves new budget for city schools

    The city council voted on Tuesday to approve a budget that raises spending on schools by four percent.

    It is the first increase in three years, after two budgets that kept school spending flat.

    The mayor said the money would pay for more teachers, smaller classes and repairs to old buildings.

    Parents welcomed the vote but said it would not make up for years of cuts to music and sports.
    ```

    ## Example
    ```text
    City council passes school budget

    The city council voted on Tuesday to approve a budget that raises spending on schools by four percent.

    It is the first increase in three years, after two budgets that kept school spending flat.

    The mayor said the money would pay for more teachers, smaller classes and repairs to old buildings.

    Parents welcomed the vote but said it would not make up for years of cuts to music and sports.
    ```

    ## Use instead
    ```text
    Storm cuts power to thousands on the coast

    A winter storm reached the coast on Monday night, cutting power to thousands of homes and farms.

    Schools in three counties were closed for the rest of the week as the snow kept falling.

    Crews worked through the night to restore lines, and officials asked residents to stay at home.
    ```

    ## Fix safety
    No fix: which copy to keep is the corpus owner's decision (`newslint dedup --write-unique`
    writes one member per cluster elsewhere).
    """
    if ctx.settings.index is None:
        return
    from newslint.dedup.lookup import index_matches  # NumPy and SQLite, only with an index

    for article, match in ctx.computed(index_matches):
        if not match.exact:
            yield whole_line_finding(
                CODE,
                NAME,
                ctx.doc,
                article.start,
                f"Article is a near copy (Jaccard {match.jaccard:.2f}) of {match.member.label} in the index",
            )

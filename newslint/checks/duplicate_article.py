from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, whole_line_finding
from newslint.model import Finding

CODE, NAME = "DUP101", "duplicate-article"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds an article that is already in the index: the same words, page furniture aside.

    ## What it does
    With `newslint check --index PATH`, reports each article of a document whose words, once
    normalised (case, punctuation, spacing) and without widget, boilerplate and caption lines,
    are those of an article in the index (`newslint index add`). The message names the
    article it copies. Without `--index` the rule finds nothing.

    ## Why it matters
    The same story scraped twice (two URLs, a re-crawl with a fresh timestamp and a new share
    bar) counts twice in every statistic and every model trained on the corpus.

    ## In the index
    ```text
    Council approves new budget for city schools

    The city council voted on Tuesday to approve a budget that raises spending on schools by four percent.

    It is the first increase in three years, after two budgets that kept school spending flat.

    The mayor said the money would pay for more teachers, smaller classes and repairs to old buildings.
    ```

    ## Example
    ```text
    Council approves new budget for city schools
    Share

    The city council voted on Tuesday to approve a budget that raises spending on schools by four percent.

    It is the first increase in three years, after two budgets that kept school spending flat.

    The mayor said the money would pay for more teachers, smaller classes and repairs to old buildings.
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
        if match.exact:
            yield whole_line_finding(
                CODE, NAME, ctx.doc, article.start, f"Article already in the index: {match.member.label}"
            )

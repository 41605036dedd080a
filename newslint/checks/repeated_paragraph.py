from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, copy_finding
from newslint.model import Finding
from newslint.structure import CopyKind

CODE, NAME = "DUP004", "repeated-paragraph"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a body paragraph printed again later in the same article.

    ## What it does
    Reports a paragraph of at least twelve words and 80 characters that repeats an earlier
    paragraph of its article with other lines between them. Shorter lines ("He said:", "Yes.",
    "He was fined £200 and ordered to pay costs of £85.") are left alone: they recur in real
    articles, in listings and in transcripts.

    ## Why it matters
    Pagination and "continue reading" widgets make scrapers print part of a story twice, which
    duplicates text inside a corpus and skews anything trained on it.

    ## Example
    ```text
    Storm hits coast

    The storm reached the coast on Monday night, cutting power to thousands of homes.

    Emergency crews worked through the night to restore power.

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Use instead
    ```text
    Storm hits coast

    The storm reached the coast on Monday night, cutting power to thousands of homes.

    Emergency crews worked through the night to restore power.
    ```

    ## Fix safety
    Safe: the later copy is identical to the earlier paragraph, so deleting it loses nothing.
    """
    for article in ctx.structure.articles:
        for copy in article.copies:
            if copy.kind is CopyKind.PARAGRAPH:
                yield copy_finding(CODE, NAME, ctx, copy, "Paragraph")

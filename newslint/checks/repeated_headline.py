from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, copy_finding
from newslint.model import Finding
from newslint.structure import CopyKind

CODE, NAME = "DUP002", "repeated-headline"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds the headline printed again inside its article.

    ## What it does
    Reports a line that repeats its article's headline, such as the title block rendered a
    second time above the body.

    ## Why it matters
    Many pages print the headline twice (a sticky header, a share card, an AMP title). In a
    corpus the copy inflates the title's weight and breaks paragraph-level statistics.

    ## Example
    ```text
    Storm hits coast

    Storm hits coast

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Use instead
    ```text
    Storm hits coast

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Fix safety
    Safe: the copy is identical to the headline, so deleting it loses nothing.
    """
    for article in ctx.structure.articles:
        for copy in article.copies:
            if copy.kind is CopyKind.HEADLINE:
                yield copy_finding(CODE, NAME, ctx, copy, "Headline")

from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, Option, copy_finding
from newslint.model import Finding
from newslint.structure import CopyKind, has_words

CODE, NAME = "DUP003", "repeated-line"

# A chant or a refrain ("Enough is enough!") may be printed twice on purpose; a longer line is not.
MIN_WORDS = Option(CODE, "min-words", 4, "how many words a repeated line needs to be reported", minimum=1)
OPTIONS = (MIN_WORDS,)


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a line printed twice in a row.

    ## What it does
    Reports a line identical to the line just before it (blank lines between them aside) that
    is neither a headline nor a caption, which have rules of their own, and has at least four
    words (the `min-words` option; a refrain like "Enough is enough!" may be printed twice on
    purpose). A line printed twice right under the headline, before any body, counts as a
    caption (DUP001).

    ## Why it matters
    A line printed twice in a row is a rendering accident: a paragraph both in the page and in
    its "read mode" copy, or a pull quote doubled by the scraper.

    ## Example
    ```text
    Storm hits coast

    The storm reached the coast on Monday night, officials said.

    Power was cut to thousands of homes.
    Power was cut to thousands of homes.
    ```

    ## Use instead
    ```text
    Storm hits coast

    The storm reached the coast on Monday night, officials said.

    Power was cut to thousands of homes.
    ```

    ## Fix safety
    Safe: the copy is identical to the line before it, so deleting it loses nothing.

    ## Options
    `min-words` (default 4): how many words a repeated line needs to be reported, e.g.
    `[tool.newslint.rules.DUP003] min-words = 3` to report three-word lines too.
    """
    min_words = ctx.option(MIN_WORDS)
    for article in ctx.structure.articles:
        for copy in article.copies:
            if copy.kind is CopyKind.LINE and has_words(ctx.doc.line(copy.line).text, min_words):
                yield copy_finding(CODE, NAME, ctx, copy, "Line")

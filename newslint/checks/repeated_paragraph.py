from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, Option, copy_finding
from newslint.model import Finding
from newslint.structure import PARAGRAPH_MIN_WORDS, CopyKind, has_words

CODE, NAME = "DUP004", "repeated-paragraph"

# Short lines ("He said:", "Yes.") and formulaic sentences ("He was fined £200 and ordered to pay
# costs of £85.") recur in real articles; a repeated paragraph must be longer to be damage.
MIN_WORDS = Option(
    CODE, "min-words", PARAGRAPH_MIN_WORDS, "how many words a repeated paragraph needs", minimum=1
)
MIN_CHARS = Option(CODE, "min-chars", 80, "how many characters a repeated paragraph needs", minimum=1)
OPTIONS = (MIN_WORDS, MIN_CHARS)


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a body paragraph printed again later in the same article.

    ## What it does
    Reports a paragraph of at least twelve words and 80 characters (the `min-words` and
    `min-chars` options) that repeats an earlier paragraph of its article with other lines
    between them. Shorter lines ("He said:", "Yes.", "He was fined £200 and ordered to pay costs
    of £85.") are left alone: they recur in real articles, in listings and in transcripts.

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

    ## Options
    `min-words` (default 12) and `min-chars` (default 80): how long a repeated paragraph must be
    to be reported, e.g. `[tool.newslint.rules.DUP004] min-words = 8` and `min-chars = 40` for a
    source whose paragraphs are short.
    """
    min_words, min_chars = ctx.option(MIN_WORDS), ctx.option(MIN_CHARS)
    for article in ctx.structure.articles:
        for copy in article.copies:
            if copy.kind is not CopyKind.PARAGRAPH:
                continue
            text = ctx.doc.line(copy.line).text.strip()
            if len(text) >= min_chars and has_words(text, min_words):
                yield copy_finding(CODE, NAME, ctx, copy, "Paragraph")

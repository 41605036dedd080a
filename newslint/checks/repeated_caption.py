from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, copy_finding
from newslint.model import Finding
from newslint.structure import CopyKind

CODE, NAME = "DUP001", "repeated-caption"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a photo caption printed again in the same article.

    ## What it does
    Reports every printing of a caption after the first, anywhere in its article. A caption is a
    line with a photo credit ("(AFP)", "REUTERS/...", "Photo: ...") or a line between the
    headline and the body that the page printed more than once.

    ## Why it matters
    Scrapers pick up a caption from the image, from its alt text and from a gallery, so one photo
    becomes two or four lines of text that read as body.

    ## Example
    ```text
    Storm hits coast

    Waves break on the harbour wall. (AFP)
    Waves break on the harbour wall. (AFP)

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Use instead
    ```text
    Storm hits coast

    Waves break on the harbour wall. (AFP)

    The storm reached the coast on Monday night, cutting power to thousands of homes.
    ```

    ## Fix safety
    Safe: the copy is identical to the caption it repeats, so deleting it loses nothing.
    """
    for article in ctx.structure.articles:
        for copy in article.copies:
            if copy.kind is CopyKind.CAPTION:
                yield copy_finding(CODE, NAME, ctx, copy, "Caption")

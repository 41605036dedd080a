from __future__ import annotations

import re
from collections.abc import Iterator

from newslint.checks.base import Context, located_finding
from newslint.checks.mojibake import word_around
from newslint.model import Finding

CODE, NAME = "ENC004", "replacement-character"

REPLACEMENT = "\ufffd"
_RUN = re.compile("\ufffd+")


def check(ctx: Context) -> Iterator[Finding]:
    """Finds U+FFFD REPLACEMENT CHARACTER (�): text that was already lost before the scrape was saved.

    ## What it does
    Reports every run of U+FFFD, the character a decoder puts where it met bytes it could not
    read ("Pel� scored twice", "S�o Paulo"). One finding per run, with the word around it.

    ## Why it matters
    The original characters are gone: no tool can tell from the text whether "Pel�" was
    "Pelé" or "Pelè". The article has to be fetched or decoded again from the source, and
    until then it should not be counted as clean text.

    ## Example
    ```text
    Pel� scored twice in S�o Paulo on Sunday.
    ```

    ## Use instead
    ```text
    Pelé scored twice in São Paulo on Sunday.
    ```

    ## Fix safety
    No fix: what was lost cannot be recovered from the text. Scrape or decode the source again
    (with the right codec; ENC001 repairs text that was decoded wrongly but not lost).
    """
    doc = ctx.doc
    if REPLACEMENT not in doc.text:
        return
    for line in doc.lines:
        text = line.text
        if REPLACEMENT not in text:
            continue
        for match in _RUN.finditer(text):
            start, end = match.span()
            count = end - start
            lo, hi = word_around(text, start, end)
            word = text[lo:hi]
            what = "A replacement character" if count == 1 else f"{count} replacement characters"
            yield located_finding(
                CODE,
                NAME,
                doc,
                message=f"{what} (U+FFFD) in {word!r}: the text was lost before it was scraped",
                line=line.number,
                column=start + 1,
                end_line=line.number,
                end_column=end + 1,
            )

from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, delete_line_fix, shorten, whole_line_finding
from newslint.model import Finding
from newslint.structure import LineKind

CODE, NAME = "UI002", "boilerplate-line"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a boilerplate line: an ad marker, a "Read more" teaser, a newsletter or cookie line.

    ## What it does
    Reports a line whose whole text is boilerplate listed in a rule pack, either word for word
    ("Advertisement", "Subscribe to our newsletter") or by a pattern that must match the whole
    line ("Read more: ..."). Patterns never look at lines longer than 200 characters.

    ## Why it matters
    Site furniture is not the article. It repeats across every page of a site, so it dominates
    n-gram statistics and near-duplicate detection if it stays in the text.

    ## Example
    ```text
    Storm hits coast

    The storm reached the coast on Monday night.

    Advertisement

    Read more: Ten ways to prepare for a storm
    ```

    ## Use instead
    ```text
    Storm hits coast

    The storm reached the coast on Monday night.
    ```

    ## Fix safety
    Safe: only whole lines listed in a pack are deleted; "Advertisement" inside a sentence is
    never a finding.
    """
    structure = ctx.structure
    for number, pack in sorted(structure.pack_of.items()):
        if structure.kind(number) is LineKind.BOILERPLATE:
            text = ctx.doc.line(number).text.strip()
            yield whole_line_finding(
                CODE,
                NAME,
                ctx.doc,
                number,
                f"Boilerplate line {shorten(text)!r} (pack '{pack}')",
                delete_line_fix(ctx.doc, number, "Delete the boilerplate line"),
            )

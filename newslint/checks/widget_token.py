from __future__ import annotations

from collections.abc import Iterator

from newslint.checks.base import Context, delete_line_fix, whole_line_finding
from newslint.model import Finding
from newslint.structure import LineKind

CODE, NAME = "UI001", "widget-token"


def check(ctx: Context) -> Iterator[Finding]:
    """Finds a line that is only a page widget: a font-size control, a share bar, a player button.

    ## What it does
    Reports a line whose whole text (ignoring case and spacing) is a widget listed in a rule
    pack: "TT", "A A", "Share", "Print", "Listen to this article", ... The general pack lists
    widgets many sites leak; site packs (`rules/sites/`) and your own packs add more.

    ## Why it matters
    Widgets are controls, not text. Left in, they read as one-word paragraphs and end up in
    every downstream corpus.

    ## Example
    ```text
    Storm hits coast
    TT

    The storm reached the coast on Monday night.
    ```

    ## Use instead
    ```text
    Storm hits coast

    The storm reached the coast on Monday night.
    ```

    ## Fix safety
    Safe: only whole lines listed in a pack are deleted; a sentence that merely contains
    "share" or "print" is never a finding.
    """
    structure = ctx.structure
    for number, pack in sorted(structure.pack_of.items()):
        if structure.kind(number) is LineKind.WIDGET:
            text = ctx.doc.line(number).text.strip()
            yield whole_line_finding(
                CODE,
                NAME,
                ctx.doc,
                number,
                f"Page widget {text!r} left as a line (pack '{pack}')",
                delete_line_fix(ctx.doc, number, f"Delete the widget line {text!r}"),
            )

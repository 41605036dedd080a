"""Reporters turn a run's Report into the formats people and CI systems read.

A reporter is `write(report, out)`: it sees only the model (findings and their source context,
newslint.report), never files or the command line. `statistics.write` (per-rule counts for
`--statistics`) takes the output format as well, so it is not one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from newslint.report import Report
from newslint.reporters import (
    full_report,
    github_report,
    gitlab_report,
    html_report,
    json_report,
    jsonl_report,
    junit_report,
    sarif_report,
    text_report,
)

Reporter = Callable[[Report, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "concise": text_report.write,
    "full": full_report.write,
    "json": json_report.write,
    "jsonl": jsonl_report.write,
    "sarif": sarif_report.write,
    "github": github_report.write,
    "gitlab": gitlab_report.write,
    "junit": junit_report.write,
    "html": html_report.write,
}

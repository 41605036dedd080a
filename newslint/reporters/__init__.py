"""Reporters turn a run's Report into the formats people and CI systems read.

A reporter is `write(report, out)`: it sees only the model (findings and their source context,
newslint.report), never files or the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from newslint.report import Report
from newslint.reporters import json_report, text_report

Reporter = Callable[[Report, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "concise": text_report.write,
    "json": json_report.write,
}

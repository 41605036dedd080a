"""Reporters turn findings into the formats people and CI systems read; they see only the model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from newslint.model import Finding
from newslint.reporters import json_report, text_report

Reporter = Callable[[Sequence[Finding], TextIO, bool], None]  # findings, stream, unsafe_fixes

REPORTERS: dict[str, Reporter] = {
    "concise": text_report.write,
    "json": json_report.write,
}

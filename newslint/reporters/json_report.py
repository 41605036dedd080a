"""A JSON array of findings in DESIGN.md's format (the contract the scorer and other tools read)."""

from __future__ import annotations

import json
from typing import TextIO

from newslint.report import Report


def write(report: Report, out: TextIO) -> None:
    json.dump([f.to_dict() for f in report.findings], out, ensure_ascii=False, indent=2)
    out.write("\n")

"""One finding per line as a JSON object (JSON Lines), in DESIGN.md's finding format.

Unlike the `json` array, a JSONL report can be streamed, concatenated across batches and read
line by line (`jq -c`, `grep`, `wc -l`) without loading the whole run.
"""

from __future__ import annotations

import json
from typing import TextIO

from newslint.report import Report


def write(report: Report, out: TextIO) -> None:
    for finding in report.findings:
        out.write(json.dumps(finding.to_dict(), ensure_ascii=False) + "\n")

"""A JSON array of findings in DESIGN.md's format (the contract the scorer and other tools read)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from newslint.model import Finding


def write(findings: Sequence[Finding], out: TextIO, unsafe_fixes: bool = False) -> None:
    json.dump([f.to_dict() for f in findings], out, ensure_ascii=False, indent=2)
    out.write("\n")

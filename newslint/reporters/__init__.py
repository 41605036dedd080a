"""Reporters turn a run's Report into the formats people and CI systems read.

A reporter is `write(report, out)`: it sees only the model (findings and their source context,
newslint.report), never files or the command line. `statistics.write` (per-rule counts for
`--statistics`) takes the output format as well, so it is not one of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TextIO

from newslint.report import Report

Reporter = Callable[[Report, TextIO], None]

# Format -> the module whose `write` prints it. Modules are imported when their format is asked
# for: a pre-commit run that prints `concise` pays for no SARIF, XML or HTML machinery.
_MODULES = {
    "concise": "text_report",
    "full": "full_report",
    "json": "json_report",
    "jsonl": "jsonl_report",
    "sarif": "sarif_report",
    "github": "github_report",
    "gitlab": "gitlab_report",
    "junit": "junit_report",
    "html": "html_report",
}


class _Reporters(Mapping[str, Reporter]):
    def __getitem__(self, name: str) -> Reporter:
        module = importlib.import_module(f"newslint.reporters.{_MODULES[name]}")
        write: Reporter = module.write
        return write

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: Mapping[str, Reporter] = _Reporters()

"""The one data model every rule produces and every reporter reads: findings, fixes and edits.

Positions are 1-based lines and columns; columns count characters (not bytes) and end positions
are exclusive, as in DESIGN.md's JSON format.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Applicability(str, enum.Enum):
    """How far a fix can be trusted: `fix` applies safe ones, `--unsafe-fixes` adds unsafe ones."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY = "display"  # shown to explain the finding, never applied


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text from (line, column) up to, not including, (end_line, end_column)."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str = ""

    def __reduce__(self) -> tuple[type[Edit], tuple[Any, ...]]:
        return (Edit, (self.line, self.column, self.end_line, self.end_column, self.content))

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "content": self.content,
        }


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that repair one finding; they are applied together or not at all."""

    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]

    def __reduce__(self) -> tuple[type[Fix], tuple[Any, ...]]:
        return (Fix, (self.applicability, self.message, self.edits))

    def to_dict(self) -> dict[str, Any]:
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of damage found in one document (a file, or a record of a corpus)."""

    code: str
    name: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    path: str = ""
    record: str | None = field(default=None)

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # Findings cross from worker processes by the thousand: positional fields pickle in a
        # third of the time the default (copyreg and a state dict per object) takes.
        return (
            Finding,
            (
                self.code,
                self.name,
                self.message,
                self.line,
                self.column,
                self.end_line,
                self.end_column,
                self.severity,
                self.fix,
                self.path,
                self.record,
            ),
        )

    def fixable(self, unsafe: bool = False) -> bool:
        """Whether `fix` applies this finding's fix: safe ones always, unsafe ones on request."""
        if self.fix is None:
            return False
        return self.fix.applicability is Applicability.SAFE or (
            unsafe and self.fix.applicability is Applicability.UNSAFE
        )

    def sort_key(self) -> tuple[str, str, int, int, str]:
        return (self.path, self.record or "", self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "record": self.record,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "fix": self.fix.to_dict() if self.fix else None,
        }

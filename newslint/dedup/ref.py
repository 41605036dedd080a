"""What settings carry of an index: kept apart from the index code so that every run can name it
without importing NumPy or SQLite."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndexRef:
    """Which index a check reads, as settings carry it: picklable, hashable, and different after
    every batch added (so cached findings of an older index are never reused)."""

    path: str
    identity: str  # made when the index was created
    generation: int  # batches added so far

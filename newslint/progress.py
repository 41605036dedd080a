"""A progress line on standard error, for large batches run by a person at a terminal.

Nothing is drawn when standard error is not a terminal (CI logs, pipes, pre-commit) or when the
batch is small enough to finish before a person would look: output stays byte-for-byte the same.
"""

from __future__ import annotations

import time
from typing import TextIO

MIN_DOCUMENTS = 200  # smaller batches finish before a bar would help
REDRAW_SECONDS = 0.1


class ProgressBar:
    def __init__(self, stream: TextIO, min_documents: int = MIN_DOCUMENTS) -> None:
        self.stream = stream
        self.min_documents = min_documents
        self.total = 0
        self.done = 0
        self.enabled = False
        self._drawn = 0.0

    def start(self, total: int) -> None:
        """Called once the run knows how many documents it holds (corpora are read first)."""
        isatty = getattr(self.stream, "isatty", None)
        self.total = total
        self.enabled = total >= self.min_documents and isatty is not None and isatty()

    def advance(self, documents: int) -> None:
        self.done += documents
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= REDRAW_SECONDS or self.done >= self.total:
            self._drawn = now
            self._draw()

    def _draw(self) -> None:
        width = 30
        share = min(1.0, self.done / self.total) if self.total else 1.0
        filled = int(share * width)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} documents")
        self.stream.flush()

    def close(self) -> None:
        """Erase the bar, so the report that follows starts on a clean line."""
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.enabled = False

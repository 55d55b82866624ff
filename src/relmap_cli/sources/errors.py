"""The one shape of error every export reader raises: what is wrong, and where."""

from __future__ import annotations


class SourceError(Exception):
    """An export that cannot be read; `line` is where (1-based), 0 for the whole file."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

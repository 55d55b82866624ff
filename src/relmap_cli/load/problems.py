"""Problems found in a map, as values that know where they are.

Nothing here prints or exits: loaders and checks return lists of `Problem`,
and the command line decides what to do with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is; ordered by `RANK`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


@dataclass(frozen=True, slots=True)
class Problem:
    """One located finding: `path:line:column: severity: message [rule]`."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order problems by place in the file, then rule and message."""
        return (self.path, self.line, self.column, self.rule, self.message)

"""Problems found in a map, as values that know where they are.

Nothing here prints or exits: loaders and checks return lists of `Problem`,
and the command line decides what to do with them.
"""

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from ..tuples import NamedTuple
from .limits import MAX_PROBLEMS


class Severity(StrEnum):
    """How bad a problem is; ordered by `RANK`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class Problem(NamedTuple):
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


TOO_MANY = "too-many-problems"


class ProblemLog(list[Problem]):
    """The problems of one file: the first `limit` by position are kept, all are counted.

    Memory stays bounded however many problems a file has; `capped()` gives
    the kept ones in order, then one problem saying how many more there were.
    """

    def __init__(self, problems: Iterable[Problem] = (), limit: int = MAX_PROBLEMS) -> None:
        super().__init__()
        self.limit = limit
        self.counts: Counter[Severity] = Counter()
        # once trimmed: the place past which no problem can be listed any more
        self.past: tuple[str, int, int] | None = None
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        self.counts[problem.severity] += 1
        super().append(problem)
        if len(self) >= 2 * self.limit + 2:  # keep the earliest: sort and drop the rest now and then
            self.sort(key=Problem.sort_key)
            del self[self.limit + 1 :]  # one more than shown, to know where the unlisted ones start
            last = self[self.limit]
            self.past = (last.path, last.line, last.column)

    def __reduce__(self) -> tuple[object, ...]:  # to cross to a worker process of `check` and back
        return (_rebuild, (list(self), self.limit, dict(self.counts), self.past))

    def listed(self, path: str, line: int, column: int) -> bool:
        """False when a problem at this place can no longer be among the listed ones.

        Lets a check that finds thousands of problems skip wording the ones
        nobody will read: it calls `count` for them instead.
        """
        return self.past is None or (path, line, column) <= self.past

    def count(self, severity: Severity, number: int = 1) -> None:
        """Count problems that are not listed."""
        self.counts[severity] += number

    def extend(self, problems: Iterable[Problem]) -> None:
        if isinstance(problems, ProblemLog):
            for problem in problems:
                self.append(problem)
            unlisted = problems.counts.copy()
            unlisted.subtract(Counter(problem.severity for problem in problems))
            self.counts.update(unlisted)
            return
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> "ProblemLog":  # type: ignore[override,misc]
        self.extend(problems)
        return self

    @property
    def total(self) -> int:
        """How many problems the file has, listed or not."""
        return sum(self.counts.values())

    def capped(self) -> "ProblemLog":
        """The first `limit` problems in file order, then one that counts the others."""
        ordered = sorted(self, key=Problem.sort_key)
        log = ProblemLog(limit=self.limit)
        list.extend(log, ordered[: self.limit])
        log.counts = self.counts.copy()
        unlisted = self.total - self.limit
        if unlisted > 0:
            first = ordered[self.limit]
            shown = Counter(problem.severity for problem in ordered[: self.limit])
            left = self.counts - shown
            worst = max(left, key=RANK.__getitem__)
            list.append(
                log,
                Problem(
                    first.path,
                    first.line,
                    first.column,
                    TOO_MANY,
                    f"{unlisted:,} more problems from here on are not listed (relmap lists the first "
                    f"{self.limit} of a file); fix these and run again",
                    worst,
                ),
            )
        return log


def _rebuild(
    problems: list[Problem], limit: int, counts: dict[Severity, int], past: tuple[str, int, int] | None
) -> ProblemLog:
    log = ProblemLog(limit=limit)
    list.extend(log, problems)
    log.counts, log.past = Counter(counts), past
    return log


def count_by_severity(problems: Iterable[Problem]) -> Counter[Severity]:
    """How many problems of each severity, counting those a `ProblemLog` did not list."""
    if isinstance(problems, ProblemLog):
        return problems.counts.copy()
    return Counter(problem.severity for problem in problems if problem.rule != TOO_MANY)

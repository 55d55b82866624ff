"""Reading a gap report: keep the findings a KAM asked for, count the rest.

Filters only ever leave findings out; the findings they keep are exactly
the ones of the full report, in the same order. Pure: no I/O.
"""

from ...format.model import AccountMap
from ...tuples import NamedTuple
from .report import SEVERITY_ORDER, Finding, GapReport


class Selection(NamedTuple):
    """What to keep: at or above a severity, some kinds, one person, one interest, unplanned, the top N."""

    severity: str | None = None
    kinds: tuple[str, ...] = ()
    person: str | None = None
    caring: frozenset[str] | None = None  # the people who care about the chosen interest
    unplanned: bool = False
    top: int | None = None

    def keeps(self, finding: Finding) -> bool:
        """True when the finding passes every filter but `top`."""
        if self.severity is not None and SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER[self.severity]:
            return False
        if self.kinds and finding.kind not in self.kinds:
            return False
        if self.person is not None and self.person not in finding.people and self.person not in finding.asks:
            return False
        if self.caring is not None and self.caring.isdisjoint(finding.people):
            return False
        return not (self.unplanned and finding.planned)


def people_caring(model: AccountMap, interest: str) -> frozenset[str]:
    """The client people who have a stake in one of our interests (`cares_about`)."""
    return frozenset(person.id for person in model.client if interest in person.cares_about)


def select_findings(report: GapReport, selection: Selection) -> GapReport:
    """The report with only the findings the selection keeps; `left_out` counts the others."""
    kept = [finding for finding in report.findings if selection.keeps(finding)]
    if selection.top is not None:
        kept = kept[: selection.top]
    return report.keeping(kept)
